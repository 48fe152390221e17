"""Rich display for the browser tests: HTML that tries to run script (through every way HTML
reaches the page), and math, colours, icons and emoji shown only when asked, so the tests can
see the lazy chunks load on first use."""

from IPython.display import HTML, display

import jupyter_reactive as jr

ATTACK = (
    '<img src="x" onerror="window.__pwned=(window.__pwned||[]).concat(\'{w}-img\')">'
    "<script>window.__pwned=(window.__pwned||[]).concat('{w}-script')</script>"
    "<svg><script>window.__pwned=(window.__pwned||[]).concat('{w}-svg')</script></svg>"
    '<a class="js" href="javascript:window.__pwned=[\'{w}-href\']">js link</a>'
    "<iframe srcdoc=\"&lt;script&gt;parent.__pwned=['{w}-iframe']&lt;/script&gt;\"></iframe>"
)


class Repr:
    def _repr_html_(self) -> str:
        # pandas Styler's shape: a leading <style> with rules for its own table
        return (
            "<style>#T_r td.hot { color: rgb(200, 0, 0); } p { color: rgb(0, 200, 0) !important; }</style>"
            '<table id="T_r"><tr><td class="hot">repr cell</td></tr></table>' + ATTACK.format(w="repr")
        )


jr.title("Rich display")
rich = jr.checkbox("Show rich")
if rich:
    jr.write(Repr())
    jr.html('<p id="from-html" onmouseover="window.__pwned=[1]">html kept</p>' + ATTACK.format(w="html"))
    jr.markdown('<b id="from-md">md kept</b> :red[red]' + ATTACK.format(w="md"), unsafe_allow_html=True)
    import pandas as pd

    styler = pd.DataFrame({"v": [1, -1]}).style.map(lambda v: "color: rgb(0, 0, 210)" if v < 0 else "")
    display(styler)  # its HTML, its <style> scoped to it
    display(HTML('<i id="from-display">display kept</i>' + ATTACK.format(w="display")))
if jr.checkbox("Show math"):
    jr.markdown("Inline $e^{i\\pi} + 1 = 0$ costs $5 and $6.")
    jr.latex(r"\int_0^1 x^2\,dx = \frac{1}{3}")
if jr.checkbox("Show extras"):
    jr.markdown(
        ":red[red] :orange[orange] :yellow[yellow] :green[green] :blue[blue] :violet[violet] "
        ":gray[gray] :rainbow[rainbow] :primary[primary]"
    )
    jr.markdown(
        ":red-background[red] :orange-background[orange] :yellow-background[yellow] "
        ":green-background[green] :blue-background[blue] :violet-background[violet] "
        ":gray-background[gray] :rainbow-background[rainbow] :primary-background[primary]"
    )
    jr.markdown(":blue-badge[badge] :green-badge[ok] :small[small text] :smile: :rocket: :tada:")
    jr.markdown(":material/home: Home :material/favorite: Favourite :material/settings: Settings")
    jr.info("An alert with an icon", icon=":material/info:")
