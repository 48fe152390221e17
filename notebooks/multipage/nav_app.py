"""The same app with its pages declared in code (`jr.navigation`): sections, a function page and
the page files of pages/ (a script that calls navigation ignores the pages/ folder itself)."""

import jupyter_reactive as jr


def home() -> None:
    jr.title("🏠 Home")
    jr.session_state.setdefault("count", 0)
    jr.write(f"The counter is at **{jr.session_state.count}**.")
    if jr.button("Open the counter"):
        jr.switch_page(counter)


home_page = jr.Page(home, title="Home", icon="🏠", default=True)
counter = jr.Page("pages/1_📈_Counter.py", title="Counter", url_path="counter")
pages = {
    "App": [home_page, counter],
    "Details": [jr.Page("pages/2_🔗_Query_params.py", url_path="query"), jr.Page("pages/3_Context.py")],
}
current = jr.navigation(pages, position="top" if jr.query_params.get("nav") == "top" else "sidebar")
current.run()
