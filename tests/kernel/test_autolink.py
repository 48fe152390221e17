"""GFM autolink literals (kernel/autolink.py): what Streamlit 1.67's markdown links, and what it
leaves as text.

The table was read off Streamlit 1.67 itself: each text rendered by ``st.markdown`` in Chromium,
its links' ``href`` and text collected (remark-gfm's two passes, with Streamlit's link targets).
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

from jupyter_reactive.kernel.autolink import autolinks, may_autolink
from jupyter_reactive.kernel.display import markdown_html, plain_markdown


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str | None, str]] = []
        self.attrs: list[dict[str, str | None]] = []
        self._open: list[Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._open = [dict(attrs).get("href"), ""]
            self.attrs.append(dict(attrs))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.links.append((self._open[0], self._open[1]))
            self._open = None


def _links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


# (markdown, [(href, text) of each link]) as Streamlit 1.67 renders it
STREAMLIT = [
    ('see https://example.com.', [('https://example.com', 'https://example.com')]),
    ('see https://example.com, and more', [('https://example.com', 'https://example.com')]),
    ('(https://example.com)', [('https://example.com', 'https://example.com')]),
    ('(https://en.wikipedia.org/wiki/Foo_(bar))', [('https://en.wikipedia.org/wiki/Foo_(bar)', 'https://en.wikipedia.org/wiki/Foo_(bar)')]),
    ('https://en.wikipedia.org/wiki/Foo_(bar)).', [('https://en.wikipedia.org/wiki/Foo_(bar)', 'https://en.wikipedia.org/wiki/Foo_(bar)')]),
    ('run app.py now', []),
    ('visit foo.com today', []),
    ('visit www.foo.com today', [('http://www.foo.com', 'www.foo.com')]),
    ('visit www.foo.com/a.b.', [('http://www.foo.com/a.b', 'www.foo.com/a.b')]),
    ('www.foo', [('http://www.foo', 'www.foo')]),
    ('www.foo_bar.com', []),
    ('www.foo.b_r', []),
    ('mail me@example.com.', [('mailto:me@example.com', 'me@example.com')]),
    ('mail me@example.com-', []),
    ('mail a.b+c@ex-ample.co.uk now', [('mailto:a.b+c@ex-ample.co.uk', 'a.b+c@ex-ample.co.uk')]),
    ('x@y', []),
    ('path/me@example.com', []),
    ('`https://in.code.com` and `www.code.com`', []),
    ('[label](https://a.com) and [https://b.com](https://c.com)', [('https://a.com', 'label'), ('https://c.com', 'https://b.com')]),
    ('<https://angle.com>', [('https://angle.com', 'https://angle.com')]),
    ('xhttps://foo.com', []),
    ('1https://foo.com', [('https://foo.com', 'https://foo.com')]),
    ('_https://foo.com_', [('https://foo.com', 'https://foo.com')]),
    ('*www.foo.com*', [('http://www.foo.com', 'www.foo.com')]),
    ('~www.foo.com~', [('http://www.foo.com', 'www.foo.com')]),
    ('https://foo.com/?q=a&b=c;', [('https://foo.com/?q=a&b=c', 'https://foo.com/?q=a&b=c')]),
    ('http://localhost:8501/path', [('http://localhost:8501/path', 'http://localhost:8501/path')]),
    ('https://127.0.0.1:8080/x', [('https://127.0.0.1:8080/x', 'https://127.0.0.1:8080/x')]),
    ('ftp://foo.com', []),
    ('https://foo.com/"quoted"', [('https://foo.com/%22quoted', 'https://foo.com/"quoted')]),
    ('https://foo.com/a<b', [('https://foo.com/a', 'https://foo.com/a')]),
    ('HTTPS://FOO.COM', [('HTTPS://FOO.COM', 'HTTPS://FOO.COM')]),
    ('WWW.FOO.COM', [('http://WWW.FOO.COM', 'WWW.FOO.COM')]),
    ("https://foo.com'", [('https://foo.com', 'https://foo.com')]),
    ('https://foo.com]', [('https://foo.com', 'https://foo.com')]),
    ('https://foo.com}', [('https://foo.com%7D', 'https://foo.com}')]),
    ('https://foo.com*', [('https://foo.com', 'https://foo.com')]),
    ('https://foo.com_', [('https://foo.com', 'https://foo.com')]),
    ('https://foo.com~', [('https://foo.com', 'https://foo.com')]),
    ('https://foo.com?!', [('https://foo.com', 'https://foo.com')]),
    ('a.b@c.d_e', [('mailto:a.b@c.d_e', 'a.b@c.d_e')]),
    ('me@example.c0m', [('mailto:me@example.c0m', 'me@example.c0m')]),
    ('me@example.com1', []),
    ('me@ex_ample.com', [('mailto:me@ex_ample.com', 'me@ex_ample.com')]),
    ("it's me@example.com", [('mailto:me@example.com', 'me@example.com')]),
    ('https://x.y', [('https://x.y', 'https://x.y')]),
    ('https://a', [('https://a', 'https://a')]),
    ('https://-.com', []),
    ('http://foo.com:', [('http://foo.com', 'http://foo.com')]),
    ('emoji :smile: www.foo.com', [('http://www.foo.com', 'www.foo.com')]),
    ('**https://bold.com**', [('https://bold.com', 'https://bold.com')]),
    ('he said https://foo.com/(a', [('https://foo.com/(a', 'https://foo.com/(a')]),
    ('https://foo.com/a_b_c_', [('https://foo.com/a_b_c', 'https://foo.com/a_b_c')]),
    ('www.foo.com.', [('http://www.foo.com', 'www.foo.com')]),
    ('user@www.foo.com', [('mailto:user@www.foo.com', 'user@www.foo.com')]),
    ('https://me@foo.com', [('https://me@foo.com', 'https://me@foo.com')]),
    ('tel:+123', []),
    ('https://foo.com/x?y=(z)', [('https://foo.com/x?y=(z)', 'https://foo.com/x?y=(z)')]),
    ('$https://math.com$', []),
    ('https://foo.com/a#b', [('https://foo.com/a#b', 'https://foo.com/a#b')]),
    ('a\\_https://foo.com', [('https://foo.com', 'https://foo.com')]),
    ('a@b.c', [('mailto:a@b.c', 'a@b.c')]),
    ('_me@example.com_', [('mailto:me@example.com', 'me@example.com')]),
    ('me@example.com.au.', [('mailto:me@example.com.au', 'me@example.com.au')]),
    ('http://foo.bar.baz/test?q=hello&id=22&boolean', [('http://foo.bar.baz/test?q=hello&id=22&boolean', 'http://foo.bar.baz/test?q=hello&id=22&boolean')]),
    ('www.commonmark.org/he<lp', [('http://www.commonmark.org/he', 'www.commonmark.org/he')]),
    ('https://foo.com/a;b', [('https://foo.com/a;b', 'https://foo.com/a;b')]),
    ('https://foo.com/a&b;', [('https://foo.com/a', 'https://foo.com/a')]),
    ('https://foo.com/a&b1;', [('https://foo.com/a&b1', 'https://foo.com/a&b1')]),
    ('a www.foo.com', [('http://www.foo.com', 'www.foo.com')]),
    ('a(www.foo.com)', [('http://www.foo.com', 'www.foo.com')]),
    ('a.www.foo.com', [('http://www.foo.com', 'www.foo.com')]),
    ('awww.foo.com', []),
    ('1www.foo.com', []),
    ('-www.foo.com', [('http://www.foo.com', 'www.foo.com')]),
    ('"www.foo.com"', [('http://www.foo.com', 'www.foo.com')]),
    ('[www.foo.com]', [('http://www.foo.com', 'www.foo.com')]),
    ('x:https://foo.com', [('https://foo.com', 'https://foo.com')]),
    ('(me@example.com)', [('mailto:me@example.com', 'me@example.com')]),
    ('-me@example.com', [('mailto:-me@example.com', '-me@example.com')]),
    ('a-me@example.com', [('mailto:a-me@example.com', 'a-me@example.com')]),
    ('*me@example.com*', [('mailto:me@example.com', 'me@example.com')]),
    ('me@example.com_', []),
    ('me@example.c_m', [('mailto:me@example.c_m', 'me@example.c_m')]),
    ('me@ex.co-', []),
    ('me@-ex.com', [('mailto:me@-ex.com', 'me@-ex.com')]),
    ('me.@ex.com', [('mailto:me.@ex.com', 'me.@ex.com')]),
    ('https://foo_bar.com', []),
    ('https://foo.b_r.com', []),
    ('https://foo.bar_baz', []),
    ('https://foo', [('https://foo', 'https://foo')]),
    ('https://.foo', [('https://.foo', 'https://.foo')]),
    ('https://foo..com', [('https://foo..com', 'https://foo..com')]),
    ('www..com', [('http://www..com', 'www..com')]),
    ('www.', [('http://www', 'www')]),
    ('www.-', [('http://www.-', 'www.-')]),
    ('https://foo.com/a(b)c)', [('https://foo.com/a(b)c', 'https://foo.com/a(b)c')]),
    ('https://foo.com/((a))', [('https://foo.com/((a))', 'https://foo.com/((a))')]),
    ('https://foo.com/a)b', [('https://foo.com/a)b', 'https://foo.com/a)b')]),
    ('https://foo.com/a_b_', [('https://foo.com/a_b', 'https://foo.com/a_b')]),
    ('https://foo.com/~x~', [('https://foo.com/~x', 'https://foo.com/~x')]),
    ('https://foo.com/[x]', [('https://foo.com/%5Bx', 'https://foo.com/[x')]),
    ('[see https://foo.com]', [('https://foo.com', 'https://foo.com')]),
    ('[see https://foo.com](https://bar.com)', [('https://bar.com', 'see https://foo.com')]),
    ('![alt https://img.com](https://x.com/i.png)', []),
    ('h:https://foo.com', [('https://foo.com', 'https://foo.com')]),
    ('https://foo.com/a\\b', [('https://foo.com/a%5Cb', 'https://foo.com/a\\b')]),
    ('https://foo.com:8080', [('https://foo.com:8080', 'https://foo.com:8080')]),
    ('https://[::1]/x', []),
    ('🙂https://foo.com', [('https://foo.com', 'https://foo.com')]),
    ('éhttps://foo.com', [('https://foo.com', 'https://foo.com')]),
    ('éwww.foo.com', []),
    ('éme@example.com', [('mailto:me@example.com', 'me@example.com')]),
    ('€https://foo.com', [('https://foo.com', 'https://foo.com')]),
    ('€www.foo.com', [('http://www.foo.com', 'www.foo.com')]),
    ('€me@example.com', [('mailto:me@example.com', 'me@example.com')]),
    ('http://a.b-c.d', [('http://a.b-c.d', 'http://a.b-c.d')]),
    ('https://foo.com/é', [('https://foo.com/%C3%A9', 'https://foo.com/é')]),
    ('https://foo.com/a?b=c|d', [('https://foo.com/a?b=c%7Cd', 'https://foo.com/a?b=c|d')]),
    ('https://foo.com/a^b', [('https://foo.com/a%5Eb', 'https://foo.com/a^b')]),
    ('www.foo.com:80', [('http://www.foo.com:80', 'www.foo.com:80')]),
    ('www.foo-.com', [('http://www.foo-.com', 'www.foo-.com')]),
    ('www._foo.com', []),
    ('https://foo.com.', [('https://foo.com', 'https://foo.com')]),
    ('https://foo.com.,;:!?', [('https://foo.com', 'https://foo.com')]),
    ('WwW.foo.com', [('http://WwW.foo.com', 'WwW.foo.com')]),
    ('Https://foo.com', [('Https://foo.com', 'Https://foo.com')]),
    ('https:/foo.com', []),
    ('http://', []),
    ('http://.', []),
    ('<www.foo.com>', [('http://www.foo.com', 'www.foo.com')]),
    ('<me@example.com>', [('mailto:me@example.com', 'me@example.com')]),
    ('email+tag@sub.example.org.', [('mailto:email+tag@sub.example.org', 'email+tag@sub.example.org')]),
    ('a:red[https://foo.com]', [('https://foo.com', 'https://foo.com')]),
    ('wait https://foo.com\nhttps://bar.com', [('https://foo.com', 'https://foo.com'), ('https://bar.com', 'https://bar.com')]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "links"), STREAMLIT)
def test_links_what_streamlit_links(text: str, links: list[tuple[str, str]]) -> None:
    assert _links(markdown_html(text)).links == links
    assert _links(markdown_html(text, inline=True)).links == links


@pytest.mark.parametrize("text", ["run app.py now", "see foo.com", "x.y", "v1.2.3", "a.b.c@", "localhost:8501"])
def test_file_names_and_bare_domains_stay_text(text: str) -> None:
    """linkify-it's fuzzy matching would link these; Streamlit does not."""
    assert "<a" not in markdown_html(text)


def test_links_open_in_a_new_tab_as_streamlits_do() -> None:
    """Every markdown link, autolinked or written, gets target=_blank and rel="noopener
    noreferrer"; a ``#fragment`` link stays on the page."""
    html = markdown_html("[a](https://a.com) www.b.com me@c.com [d](/rel) [e](#here)")
    parsed = _links(html)
    assert [a.get("target") for a in parsed.attrs] == ["_blank"] * 4 + [None]
    assert [a.get("rel") for a in parsed.attrs] == ["noopener noreferrer"] * 4 + [None]


def test_code_math_and_links_are_not_autolinked() -> None:
    html = markdown_html("`https://a.com` $https://b.com$ [https://c.com](https://d.com)\n\n```\nwww.e.com\n```")
    assert _links(html).links == [("https://d.com", "https://c.com")]


def test_unsafe_link_schemes_never_come_out() -> None:
    for text in ("javascript:alert(1)//www.x.com", "data:text/html,www.x.com", 'https://x.com/"><script>'):
        html = markdown_html(text)
        assert "<script" not in html and 'href="javascript' not in html and 'href="data' not in html


def _texts() -> Any:
    from hypothesis import strategies as st

    parts = st.sampled_from(
        "http:// https:// HTTPS:// www. WWW. @ . .. _ - ( ) [ ] * ~ ! ? , ; : ' \" & &amp; < / a b z 0 9 é "
        "com io foo.com x.y me@x.io app.py \n".split(" ")
    )
    return st.one_of(st.lists(parts, max_size=14).map("".join), st.text(alphabet="htpsw:/.@_-()[]a0 é", max_size=25))


def test_autolinks_partition_the_text_into_text_and_safe_links() -> None:
    """For any text: the pieces put back together are the text, every link's text is a piece of
    it, its href is http(s) or mailto with that text in it, and a text without ``http``,
    ``www.`` or ``@`` has no link."""
    from hypothesis import given, settings

    @settings(max_examples=2000, deadline=None, database=None)
    @given(_texts())
    def check(text: str) -> None:
        pieces = autolinks(text)
        assert "".join(p if isinstance(p, str) else p[1] for p in pieces) == text
        for piece in pieces:
            if isinstance(piece, tuple):
                href, label = piece
                assert label and href.endswith(label)
                assert href.split(":", 1)[0].lower() in ("http", "https", "mailto")
        if not may_autolink(text):
            assert all(isinstance(p, str) for p in pieces)

    check()


@pytest.mark.parametrize("text", ["see www.foo.com", "http://x.y", "HTTPS://A", "mail me@x.io", "go www.a.b now"])
def test_text_that_autolinks_skips_the_plain_shortcut(text: str) -> None:
    assert plain_markdown(text) is None and plain_markdown(text, inline=True) is None
    assert "<a " in markdown_html(text)
