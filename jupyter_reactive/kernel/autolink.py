"""GFM autolink literals (bare ``https://…``, ``www.…`` and e-mail addresses) as Streamlit's
markdown finds them, as a markdown-it core rule; and Streamlit's link targets.

Script thread (markdown is rendered in the kernel, :mod:`.display`). Streamlit renders markdown
with remark-gfm, which links literals twice over: while parsing (micromark's tokenizer: a
``www.`` or ``http(s)://`` only after a space, ``(``, ``*``, ``_``, ``[``, ``]`` or ``~`` (``http``
after anything but a letter), a domain without ``_`` in its last two labels, a path that drops
trailing punctuation and unbalanced ``)``), then over the text that is left (mdast's
find-and-replace: the same three forms after a space or any punctuation or symbol, with a domain
that needs a dot). Our rule runs both passes, in that order, over each text run markdown-it left
outside links, code and math. linkify-it is not used: its fuzzy matching links ``app.py`` and
``foo.com``, which Streamlit leaves as text.

What differs, knowingly: the passes see text after markdown-it resolved escapes, entities and
emphasis, where micromark sees the source, so ``https://x.com/a\\_b`` links ``…/a_b`` here and
``…/a\\_b`` there, and a URL with ``**`` inside is cut at the emphasis here.

Every link (autolinked or written ``[text](url)``) opens in a new tab with ``rel="noopener
noreferrer"``, except a ``#fragment`` link, which stays on the page: Streamlit's markdown does the
same. The href goes through markdown-it's ``normalizeLink``/``validateLink``, so the scheme is
http, https or mailto and the text is escaped by the renderer.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from markdown_it.token import Token

# -- characters, as micromark classes them ---------------------------------------------------------


def _alpha(c: str) -> bool:
    return c.isascii() and c.isalpha()


def _alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _space(c: str | None) -> bool:
    """End of text, a line ending or any Unicode whitespace."""
    return c is None or c.isspace()


def _punct(c: str) -> bool:
    """Unicode punctuation or symbol (micromark's ``unicodePunctuation``: ``\\p{P}|\\p{S}``)."""
    return unicodedata.category(c)[0] in "PS"


def _atext(c: str | None) -> bool:
    return c is not None and (c in "+-._" or _alnum(c))


# -- pass 1: micromark's tokenizer, at each position of a text run ----------------------------------

_TRAIL = frozenset("!\"')*,.:;?_~")
_PATH_PUNCT = frozenset("!\"&')*,.:;<?]_~")


def _at(s: str, j: int) -> str | None:
    return s[j] if j < len(s) else None


def _trail(s: str, j: int) -> bool:
    """Whether the punctuation from ``j`` runs to the end of the URL (so it is not part of it)."""
    while True:
        c = _at(s, j)
        if c is not None and c in _TRAIL:
            j += 1
        elif c == "&":  # an entity-looking "&name;" is trailing too
            k = j + 1
            while _at(s, k) is not None and _alpha(s[k]):
                k += 1
            if k == j + 1 or _at(s, k) != ";":
                return False
            j = k + 1
        elif c == "]":
            j += 1
            after = _at(s, j)
            if after is None or after in "([" or after.isspace():
                return True
        else:
            return c is None or c == "<" or c.isspace()


def _domain(s: str, j: int) -> int | None:
    """The end of the domain starting at ``j``; None when it is not one (no character, or an
    underscore in one of its last two labels)."""
    seen = under_last = under_last_last = False
    while True:
        c = _at(s, j)
        if c is not None and c in "._":
            if _trail(s, j):
                break
            if c == "_":
                under_last = True
            else:
                under_last_last, under_last = under_last, False
        elif _space(c) or (c != "-" and _punct(c)):  # type: ignore[arg-type]
            break
        else:
            seen = True
        j += 1
    return None if under_last or under_last_last or not seen else j


def _path(s: str, j: int) -> int:
    """The end of the path starting at ``j``: up to a space, less trailing punctuation and
    unbalanced closing parentheses."""
    opened = closed = 0
    while True:
        c = _at(s, j)
        if c == "(":
            opened += 1
        elif c == ")" and closed < opened:
            closed += 1
        elif c is not None and c in _PATH_PUNCT:
            if _trail(s, j):
                return j
            closed += c == ")"
        elif _space(c):
            return j
        j += 1


def _email(s: str, i: int) -> int | None:
    j = i
    while _atext(_at(s, j)):
        j += 1
    if _at(s, j) != "@":
        return None
    j += 1
    data = dot = False
    while True:
        c = _at(s, j)
        if c == ".":
            nxt = _at(s, j + 1)
            if nxt is None or not _alnum(nxt):
                break
            dot = True
        elif c is not None and (c in "-_" or _alnum(c)):
            data = True
        else:
            break
        j += 1
    return j if data and dot and _alpha(s[j - 1]) else None


def _www(s: str, i: int) -> int | None:
    if s[i : i + 4].lower() != "www." or i + 4 >= len(s):
        return None
    end = _domain(s, i)
    return None if end is None else _path(s, end)


def _http(s: str, i: int) -> int | None:
    m = re.match(r"https?://", s[i : i + 8], re.I | re.A)
    if m is None:
        return None
    j = i + m.end()
    c = _at(s, j)
    if _space(c) or ord(c) < 32 or ord(c) == 127 or _punct(c):  # type: ignore[arg-type]
        return None
    end = _domain(s, j)
    return None if end is None else _path(s, end)


Piece = str | tuple[str, str]  # text, or (href, text) for a link


def _pass_one(s: str) -> list[Piece]:
    out: list[Piece] = []
    start = i = 0
    while i < len(s):
        c, prev = s[i], (s[i - 1] if i else None)
        link = None
        if _atext(c) and not (prev == "/" or _atext(prev)):
            end = _email(s, i)
            if end is not None:
                link = ("mailto:" + s[i:end], end)
        if link is None and c in "hH" and not (prev is not None and _alpha(prev)):
            end = _http(s, i)
            if end is not None:
                link = (s[i:end], end)
        if link is None and c in "wW" and (prev is None or prev in "(*_[]~" or prev.isspace()):
            end = _www(s, i)
            if end is not None:
                link = ("http://" + s[i:end], end)
        if link is None:
            i += 1
            continue
        href, end = link
        if start < i:
            out.append(s[start:i])
        out.append((href, s[i:end]))
        start = i = end
    if start < len(s):
        out.append(s[start:])
    return out


# -- pass 2: mdast-util-gfm-autolink-literal's find-and-replace over the text left -----------------

_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.I | re.A)
_EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.A)
_SPLIT = re.compile(r"[!\"&'),.:;<>?\]}]+$")
_LABEL = re.compile(r"[a-zA-Z\d]")


def _after_break(s: str, i: int) -> bool:
    return i == 0 or s[i - 1].isspace() or _punct(s[i - 1])


def _correct_domain(domain: str) -> bool:
    parts = domain.split(".")
    if len(parts) < 2:
        return False
    return all(not p or ("_" not in p and _LABEL.search(p)) for p in parts[-2:])


def _split_url(url: str) -> tuple[str, str]:
    m = _SPLIT.search(url)
    if m is None:
        return url, ""
    url, trail = url[: m.start()], m.group()
    opened, closed = url.count("("), url.count(")")
    close_at = trail.find(")")
    while close_at != -1 and opened > closed:
        url += trail[: close_at + 1]
        trail = trail[close_at + 1 :]
        close_at = trail.find(")")
        closed += 1
    return url, trail


def _urls(s: str) -> list[Piece]:
    out: list[Piece] = []
    start = pos = 0
    while (m := _URL.search(s, pos)) is not None:
        protocol, domain, path = m.groups()
        prefix = ""
        if protocol[0] in "wW":
            domain, protocol, prefix = protocol + domain, "", "http://"
        url, trail = _split_url(domain + path) if _correct_domain(domain) else ("", "")
        if not _after_break(s, m.start()) or not url:
            pos = m.start() + 1
            continue
        if start < m.start():
            out.append(s[start : m.start()])
        out.append((prefix + protocol + url, protocol + url))
        if trail:
            out.append(trail)
        start = pos = m.end()
    if start < len(s):
        out.append(s[start:])
    return out


def _emails(s: str) -> list[Piece]:
    out: list[Piece] = []
    start = pos = 0
    while pos < len(s):
        m = _EMAIL.match(s, pos) if _after_break(s, pos) else None
        if m is None or (pos and s[pos - 1] == "/") or m.group(2)[-1] in "-_0123456789":
            pos += 1
            continue
        if start < pos:
            out.append(s[start:pos])
        out.append(("mailto:" + m.group(), m.group()))
        start = pos = m.end()
    if start < len(s):
        out.append(s[start:])
    return out


def autolinks(text: str) -> list[Piece]:
    """``text`` (a text run outside links, code and math) split into plain text and the
    ``(href, text)`` of each link Streamlit's markdown would find in it."""
    out: list[Piece] = []
    for piece in _pass_one(text):
        if isinstance(piece, tuple):
            out.append(piece)
            continue
        for sub in _urls(piece):
            out.extend(_emails(sub) if isinstance(sub, str) else [sub])
    return out


_HINT = re.compile(r"[hH][tT][tT][pP]|[wW][wW][wW]\.|@")


def may_autolink(text: str) -> bool:
    """False when no part of ``text`` can become a link (no ``http``, ``www.`` or ``@``)."""
    return _HINT.search(text) is not None


# -- the markdown-it rule --------------------------------------------------------------------------


def _linkify(state: Any) -> None:
    """Core rule, after ``text_join``: replace each text token outside a link that holds a
    literal with text and link tokens."""
    md = state.md
    for block in state.tokens:
        if block.type != "inline" or not block.children or not may_autolink(block.content):
            continue
        children, depth = [], 0
        for tok in block.children:
            depth += (tok.type == "link_open") - (tok.type == "link_close")
            if tok.type != "text" or depth > 0 or not may_autolink(tok.content):
                children.append(tok)
                continue
            children.extend(_tokens(state, tok, md))
        block.children = children


def _tokens(state: Any, tok: Any, md: Any) -> list[Any]:
    pieces = autolinks(tok.content)
    if all(isinstance(p, str) for p in pieces):
        return [tok]
    out = []
    for piece in pieces:
        if isinstance(piece, str):
            t = Token("text", "", 0)
            t.content, t.level = piece, tok.level
            out.append(t)
            continue
        href, label = piece
        href = md.normalizeLink(href)
        if not md.validateLink(href):
            t = Token("text", "", 0)
            t.content, t.level = label, tok.level
            out.append(t)
            continue
        opener = Token("link_open", "a", 1)
        opener.attrs, opener.markup, opener.info, opener.level = {"href": href}, "linkify", "auto", tok.level
        text = Token("text", "", 0)
        text.content, text.level = label, tok.level + 1
        closer = Token("link_close", "a", -1)
        closer.markup, closer.info, closer.level = "linkify", "auto", tok.level
        out += [opener, text, closer]
    return out


def _render_link_open(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    """Streamlit's links open in a new tab, without an opener or referrer; ``#…`` stays here."""
    tok = tokens[idx]
    if not str(tok.attrGet("href") or "").startswith("#"):
        tok.attrSet("target", "_blank")
        tok.attrSet("rel", "noopener noreferrer")
    return self.renderToken(tokens, idx, options, env)


def autolink_plugin(md: Any) -> None:
    """Add GFM autolink literals and Streamlit's link targets to a MarkdownIt instance."""
    md.core.ruler.push("jr_autolink", _linkify)  # last: after text_join merged the text runs
    md.add_render_rule("link_open", _render_link_open)
