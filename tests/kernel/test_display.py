"""Rich display: which MIME type of an object ``jr.write`` shows (display.MIME_TABLE), and
markdown's math spans and Streamlit's extras (colours, icons, emoji) as the kernel renders them."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from jupyter_reactive.kernel.display import BuildContext, build_for_bundle, markdown_allowing_html, markdown_html

from .test_media import draw  # noqa: F401 (the media harness fixture)

PNG = b"\x89PNG\r\n\x1a\n fake"
ALL = {
    "application/vnd.vegalite.v5+json": {"mark": "point"},
    "application/vnd.plotly.v1+json": {"data": []},
    "text/html": "<b>html</b>",
    "text/markdown": "**md**",
    "image/svg+xml": "<svg></svg>",
    "image/png": base64.b64encode(PNG).decode(),
    "image/jpeg": base64.b64encode(b"\xff\xd8 jpeg").decode(),
    "text/latex": "$x^2$",
    "application/json": {"a": 1},
    "text/plain": "plain",
}
ORDER = [
    "application/vnd.vegalite.v5+json",
    "application/vnd.plotly.v1+json",
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "text/latex",
    "application/json",
    "text/plain",
]


def _kind(el: dict[str, Any]) -> str:
    if el["kind"] == "image":
        return el["images"][0]["src"].split(";")[0].removeprefix("data:")
    if el["kind"] == "markdown":
        return "text/latex" if "jr-math" in el["html"] else "text/markdown"
    return {
        "vega_lite": "application/vnd.vegalite.v5+json",
        "plotly_chart": "application/vnd.plotly.v1+json",
        "html": "text/html",
        "json": "application/json",
        "text": "text/plain",
    }[el["kind"]]


def test_the_richest_type_wins_in_streamlit_s_order() -> None:
    # drop the richest type one at a time: the next one in the order is shown
    bundle = dict(ALL)
    for mime in ORDER:
        el, media = build_for_bundle(bundle, BuildContext(inline_threshold=10**6))
        assert _kind(el) == mime, (mime, el)
        assert media == []
        del bundle[mime]
    assert build_for_bundle({"application/vnd.vegalite.v5+json": {"mark": "bar"}})[0]["kind"] == "vega_lite"


def test_images_go_through_the_media_store_above_the_inline_threshold() -> None:
    el, media = build_for_bundle({"image/png": base64.b64encode(PNG).decode(), "text/plain": "x"})
    (blob,) = media
    assert blob.data == PNG and blob.mimetype == "image/png"
    assert el["images"] == [{"src": {"media": blob.sha}, "caption": None}]
    el, media = build_for_bundle({"image/png": PNG}, BuildContext(inline_threshold=10**6))
    assert media == [] and el["images"][0]["src"] == "data:image/png;base64," + base64.b64encode(PNG).decode()


def test_latex_and_markdown_reprs() -> None:
    el, _ = build_for_bundle({"text/latex": r"$$\frac{a}{b}$$", "text/plain": "a/b"})
    assert el == {"kind": "markdown", "variant": "body", "html": '<div class="jr-math jr-math-d">\\frac{a}{b}</div>\n'}
    el, _ = build_for_bundle({"text/markdown": "*hi* $x$"})
    assert el["html"] == '<p><em>hi</em> <span class="jr-math">x</span></p>\n'


class _Rich:
    def _repr_html_(self) -> str:
        return "<p onclick=x()>rich</p>"

    def _repr_latex_(self) -> str:
        return "$y$"

    def _repr_png_(self) -> bytes:
        return PNG


class _Latex:
    def _repr_latex_(self) -> str:
        return r"$\alpha$"

    def _repr_json_(self) -> Any:
        return {"a": 1}


def test_write_uses_the_richest_repr_and_sends_images_as_media(make_app: Any) -> None:
    app = make_app(
        "import jupyter_reactive as jr\n"
        "from tests.kernel.test_display import _Rich, _Latex\n"
        "jr.write(_Rich())\n"
        "jr.write(_Latex())\n"
    )
    run = app.run()
    assert run.status == "complete", run.messages
    els = [el for _p, el in sorted(app.page.items())]
    assert els[0] == {"kind": "html", "html": "<p onclick=x()>rich</p>", "scoped": True}
    assert els[1]["html"] == '<div class="jr-math jr-math-d">\\alpha</div>\n'


def test_write_sends_a_large_repr_image_as_media(draw: Any) -> None:  # noqa: F811
    class P:
        def _repr_png_(self) -> bytes:
            return b"\x89PNG" + bytes(20000)

    app, run = draw(lambda jr: jr.write(P()))
    assert run.status == "complete", run.messages
    (el,) = run.of_kind("image")
    sha = el["images"][0]["src"]["media"]
    (payload,) = [p for h, p in app.frames if h["type"] == "media" and h["sha"] == sha]
    assert payload == b"\x89PNG" + bytes(20000)


def test_write_follows_streamlit_s_rules_before_reprs(make_app: Any) -> None:
    app = make_app("""
        import io, collections
        import jupyter_reactive as jr
        jr.write(io.StringIO("**bold**"))
        jr.write((1, 2))
        jr.write(collections.OrderedDict(a=1))
        jr.write(collections.namedtuple("P", "x y")(1, 2))
        jr.write({"a": 1}.keys())
        jr.write(({1, 2},))
    """)
    run = app.run()
    assert run.status == "complete", run.messages
    els = [el for _p, el in sorted(app.page.items())]
    assert els[0]["html"] == "<p><strong>bold</strong></p>\n"
    # a tuple is not JSON in Streamlit 1.67's write (a namedtuple is): its str, in code
    assert els[1] == {"kind": "markdown", "variant": "body", "html": "<p><code>(1, 2)</code></p>\n"}
    assert els[2] == {"kind": "json", "value": {"a": 1}, "expanded": True}
    assert els[3] == {"kind": "json", "value": {"x": 1, "y": 2}, "expanded": True}
    assert els[4] == {"kind": "json", "value": ["a"], "expanded": True}
    assert els[5] == {"kind": "markdown", "variant": "body", "html": "<p><code>({1, 2},)</code></p>\n"}


def test_latex_element(make_app: Any) -> None:
    app = make_app(r"""
        import jupyter_reactive as jr
        jr.latex(r"a < \sum_k b_k", help="sum")
    """)
    app.run()
    (el,) = app.page.values()
    assert el == {
        "kind": "markdown",
        "variant": "body",
        "html": '<div class="jr-math jr-math-d">a &lt; \\sum_k b_k</div>\n',
        "help": "sum",
    }


def test_unsafe_allow_html_is_flagged_for_the_page_to_sanitize(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        jr.markdown("<b>x</b> :red[y]", unsafe_allow_html=True)
        jr.markdown("<b>x</b>")
    """)
    app.run()
    a, b = (el for _p, el in sorted(app.page.items()))
    assert a["allow_html"] is True and "<b>x</b>" in a["html"] and '<span class="jr-c-red">y</span>' in a["html"]
    assert "allow_html" not in b and "&lt;b&gt;" in b["html"]


# -- math ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("area $\\pi r^2$ here", '<p>area <span class="jr-math">\\pi r^2</span> here</p>\n'),
        ("$$\nx < y\n$$", '<div class="jr-math jr-math-d">x &lt; y</div>\n'),
        ("a $$x$$ b", '<p>a <span class="jr-math jr-math-d">x</span> b</p>\n'),
        # a dollar next to a digit or a space is not a delimiter (prices stay text)
        ("costs $5 and $6 today", "<p>costs $5 and $6 today</p>\n"),
        ("$ x $ and $x $", "<p>$ x $ and $x $</p>\n"),
        ("`$x$`", "<p><code>$x$</code></p>\n"),
        ("\\$x\\$", "<p>$x$</p>\n"),
    ],
)
def test_math_spans(text: str, html: str) -> None:
    assert markdown_html(text) == html


# -- Streamlit's extras --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "html"),
    [
        (":red[stop]", '<span class="jr-c-red">stop</span>'),
        (":grey[g]", '<span class="jr-c-gray">g</span>'),
        (":rainbow[**r**]", '<span class="jr-c-rainbow"><strong>r</strong></span>'),
        (":primary[p]", '<span class="jr-c-primary">p</span>'),
        (":blue-background[b]", '<span class="jr-bg-blue">b</span>'),
        (":green-badge[ok]", '<span class="jr-badge jr-bg-green jr-c-green">ok</span>'),
        (":small[s]", '<span class="jr-small">s</span>'),
        (":red[:blue-background[n]]", '<span class="jr-c-red"><span class="jr-bg-blue">n</span></span>'),
        (
            ":red[a [link](https://x.org)]",
            '<span class="jr-c-red">a <a href="https://x.org" target="_blank" rel="noopener noreferrer">link</a></span>',
        ),
        (":material/home: go", '<span class="jr-icon" aria-hidden="true">home</span> go'),
        (":smile: :+1:", "\U0001f604 \U0001f44d"),
        # not directives: left as typed
        (":pink[x] :red[open", ":pink[x] :red[open"),
        (
            ":no_such_emoji: 10:30:45 https://x.org",
            ':no_such_emoji: 10:30:45 <a href="https://x.org" target="_blank" rel="noopener noreferrer">https://x.org</a>',
        ),
        (":material/Bad-Name:", ":material/Bad-Name:"),
        ("`:red[x]`", "<code>:red[x]</code>"),
        (":red[<img src=x onerror=alert(1)>]", '<span class="jr-c-red">&lt;img src=x onerror=alert(1)&gt;</span>'),
    ],
)
def test_extras(text: str, html: str) -> None:
    assert markdown_html(text, inline=True) == html


def test_extras_in_headings_alerts_and_with_html(make_app: Any) -> None:
    app = make_app("""
        import jupyter_reactive as jr
        jr.title(":blue[Title] :tada:")
        jr.caption(":gray[$x$]")
        jr.info("a :material/info: note")
    """)
    app.run()
    t, c, i = (el for _p, el in sorted(app.page.items()))
    assert t["html"] == '<span class="jr-c-blue">Title</span> \U0001f389'
    assert c["html"] == '<p><span class="jr-c-gray"><span class="jr-math">x</span></span></p>\n'
    assert '<span class="jr-icon" aria-hidden="true">info</span>' in i["html"]  # not leading: in the text
    assert markdown_allowing_html("<u>x</u> :red[y]") == '<p><u>x</u> <span class="jr-c-red">y</span></p>\n'


def test_html_takes_a_file_a_stylesheet_or_a_repr(make_app: Any, tmp_path: Any) -> None:
    (tmp_path / "part.html").write_text("<p>from a file</p>")
    (tmp_path / "look.css").write_text("p { color: red }")
    app = make_app(f"""
        from pathlib import Path
        import jupyter_reactive as jr
        from tests.kernel.test_display import _Rich
        jr.html(Path({str(tmp_path / "part.html")!r}))
        jr.html({str(tmp_path / "look.css")!r})
        jr.html(_Rich())
        jr.html("<b>plain</b>")
        jr.html("no/such/file.html")
    """)
    run = app.run()
    assert run.status == "complete", run.messages
    assert [el["html"] for _p, el in sorted(app.page.items())] == [
        "<p>from a file</p>",
        "<style>p { color: red }</style>",
        "<p onclick=x()>rich</p>",
        "<b>plain</b>",
        "no/such/file.html",
    ]


class _Opaque:
    pass


def test_write_joins_an_object_without_a_rich_repr_as_its_str_in_code(make_app: Any) -> None:
    """Streamlit's st_form e2e test: ``write("Date Input:", date(2019, 7, 6))`` shows
    "Date Input: 2019-07-06" (the str, in code, on the line), not the date's repr apart. A
    multi-line str is a code block; a ``<... at 0x...>`` text, a class or a rich repr is not."""
    app = make_app(
        "import datetime, decimal\n"
        "import jupyter_reactive as jr\n"
        "from tests.kernel.test_display import _Opaque, _Latex\n"
        "jr.write('Date Input:', datetime.date(2019, 7, 6))\n"
        "jr.write('Time Input:', datetime.time(8, 45), 'and', decimal.Decimal('1.50'))\n"
        "class Lines:\n"
        "    def __str__(self):\n"
        "        return 'a `b`\\nc'\n"
        "jr.write(Lines())\n"
        "jr.write(_Opaque())\n"
        "jr.write(_Latex())\n"
    )
    run = app.run()
    assert run.status == "complete", run.messages
    els = [el for _p, el in sorted(app.page.items())]
    assert els[0] == {"kind": "markdown", "variant": "body", "html": "<p>Date Input: <code>2019-07-06</code></p>\n"}
    assert els[1]["html"] == "<p>Time Input: <code>08:45:00</code> and <code>1.50</code></p>\n"
    assert els[2]["html"].startswith("<pre") and "a `b`\nc" in els[2]["html"]
    assert "_Opaque object at 0x" in json.dumps(els[3])  # its repr, as before
    assert "jr-math" in els[4]["html"]  # a rich repr still wins


def test_write_joins_a_tuple_as_its_str_as_streamlit_does(make_app: Any) -> None:
    """Streamlit's st_slider e2e test: ``write("Value 1:", (date, date))`` is one line,
    "Value 1: (datetime.date(2019, 8, 1), datetime.date(2019, 9, 1))"; a tuple is not JSON there
    (a namedtuple still is)."""
    app = make_app(
        "import collections, datetime\n"
        "import jupyter_reactive as jr\n"
        "jr.write('Value 1:', (datetime.date(2019, 8, 1), datetime.date(2019, 9, 1)))\n"
        "jr.write('Value 2:', (25.0, 75.0))\n"
        "jr.write(collections.namedtuple('P', 'x y')(1, 2))\n"
    )
    run = app.run()
    assert run.status == "complete", run.messages
    els = [el for _p, el in sorted(app.page.items())]
    assert els[0]["html"] == "<p>Value 1: <code>(datetime.date(2019, 8, 1), datetime.date(2019, 9, 1))</code></p>\n"
    assert els[1]["html"] == "<p>Value 2: <code>(25.0, 75.0)</code></p>\n"
    assert els[2] == {"kind": "json", "value": {"x": 1, "y": 2}, "expanded": True}


# -- plain text without markdown-it (display.plain_markdown) ---------------------------------------

# characters markdown (and Streamlit's extras) act on, or that it escapes, strips or normalizes,
# mixed with the ones plain text is made of
_MARKDOWN_CHARS = "*_`~$[]()<>|#+-=!:.;,'\"&\\/%?{}^@ \t\n\r\x00\u00a0\u2028\u200b\ufeffAaZz019é中ß²٣\u0301🙂"
_PLAIN_CHARS = "abcXYZ0129é中ß²٣ ,;:'?!%/=.()-_"


def _markdown_it_renders(text: str, inline: bool) -> str:
    """markdown-it itself, uncached, as markdown_html called it before its shortcut."""
    import textwrap

    from jupyter_reactive.kernel.markdown import make

    md = make(False)
    text = textwrap.dedent(text).strip("\n")
    return md.renderInline(text) if inline else md.render(text)


def _plain_texts() -> Any:
    from hypothesis import strategies as st

    # whole markdown constructs too, so that generated text holds them often
    words = st.sampled_from(
        "value 0 12 1 2. 3) Bench (c) -- ... a x1 smile :smile: smile: :+1: :material/home: :red[ ] _b_ __ * "
        "http://x.y https://a www.x.io WWW.a.b me@x.io a.b@c.de &amp; \\ é # >".split()
    )
    return st.one_of(
        st.text(alphabet=_PLAIN_CHARS, max_size=30),
        st.text(alphabet=_MARKDOWN_CHARS, max_size=30),
        st.lists(st.one_of(words, st.sampled_from(list(_PLAIN_CHARS + "  "))), max_size=10).map("".join),
    )


def test_plain_text_renders_exactly_as_markdown_it_renders_it() -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from jupyter_reactive.kernel.display import plain_markdown

    hits = []

    @settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
    @given(_plain_texts(), st.booleans())
    def check(text: str, inline: bool) -> None:
        out = plain_markdown(text, inline)
        if out is not None:
            hits.append(text)
            assert out == _markdown_it_renders(text, inline), text
        assert markdown_html(text, inline) == _markdown_it_renders(text, inline), text

    check()
    assert len(hits) > 300  # the generated texts exercise the shortcut, not only markdown-it


@pytest.mark.parametrize(
    "text",
    [
        "value: 0", "name: ", "Bench", "show image", "flag: False", "choice: alpha", "a - b", "50% off!",
        "What's this?", "a/b=c", "Copyright (c) 2024", "x...y", "x--y", "Zoë 中文", "A1. b", "ok)",
    ],
)  # fmt: skip
def test_labels_and_texts_without_markdown_take_the_shortcut(text: str) -> None:
    from jupyter_reactive.kernel.display import plain_markdown

    assert plain_markdown(text, inline=True) == _markdown_it_renders(text, True)
    assert plain_markdown(text) == _markdown_it_renders(text, False)


@pytest.mark.parametrize(
    "text",
    [
        "1. a", "2) b", "٣. x", "# h", "- a", "+ a", "> q", " a", "a_b_", "*a*", "a:smile:b", ":red[x]",
        "a &amp; b", "a\\b", 'say "hi"', "a <b>", "$x$", "a | b", "~~x~~", "a\nb", "a\u00a0", "",
        "`c`", "[l](u)", "x\u0301", "www.a.io", "see http://x.y", "https://a", "go WWW.x.y/z now",
    ],
)  # fmt: skip
def test_text_that_markdown_acts_on_goes_to_markdown_it(text: str) -> None:
    from jupyter_reactive.kernel.display import plain_markdown

    assert plain_markdown(text) is None and plain_markdown(text, inline=True) is None
    assert markdown_html(text) == _markdown_it_renders(text, False)


def test_html_with_javascript_allowed_is_marked_to_run_in_a_frame(make_app: Any, tmp_path: Any) -> None:
    """``unsafe_allow_javascript`` marks the element for the page's sandboxed frame, not the
    sanitizer; HTML that is only ``<style>`` stays a stylesheet of the page, as in Streamlit; the
    flag is taken as Streamlit's proto field takes it (truthy)."""
    (tmp_path / "look.css").write_text("p { color: red }")
    app = make_app(f"""
        import jupyter_reactive as jr
        jr.html("<p id=x></p><script>x.textContent = 1</script>", unsafe_allow_javascript=True)
        jr.html("<p id=x></p><script>x.textContent = 1</script>")
        jr.html("  <!-- look --> <style>p {{ color: blue }}</style>\\n", unsafe_allow_javascript=True)
        jr.html({str(tmp_path / "look.css")!r}, unsafe_allow_javascript=True)
        jr.html("<style>p {{}}</style><b onclick=f()>x</b>", unsafe_allow_javascript=1)
        jr.html("<b>x</b>", unsafe_allow_javascript=False)
    """)
    run = app.run()
    assert run.status == "complete", run.messages
    assert [m for m in run.messages if m["type"] == "notice"] == []  # no "not supported" warning
    els = [el for _p, el in sorted(app.page.items())]
    assert [el.get("script", False) for el in els] == [True, False, False, False, True, False]
    assert els[0]["html"] == "<p id=x></p><script>x.textContent = 1</script>"


@pytest.mark.parametrize(
    ("html", "only"),
    [
        ("", True),
        ("<style>a{}</style>", True),
        ("<STYLE media=print>a{}</style >\n<!-- c --><style></style>", True),
        ("<style>a{}", False),  # never closed
        ("<!-- open", False),
        ("<style>a{}</style>x", False),
        ("<styles>a{}</styles>", False),
        ("<script>1</script>", False),
        ("<style>" * 20_000 + "</style>" * 20_000 + "x", False),
    ],
)
def test_only_style_reads_style_blocks_comments_and_space(html: str, only: bool) -> None:
    from jupyter_reactive.kernel.elements.text import _only_style

    assert _only_style(html) is only
