"""Turning Python objects into element dicts: markdown, code, and Jupyter rich representations.

Script thread. Markdown is rendered here, in the kernel, with raw HTML disabled and unsafe link
schemes refused by markdown-it, so the page needs no markdown library and never receives HTML
from a viewer's input. Objects go through IPython's display formatter, exactly as a notebook
cell's output would: ``_repr_mimebundle_``, ``_repr_html_``, ``_repr_png_``, matplotlib figures,
pandas frames; ``MIME_TABLE`` says which of an object's types is shown (the richest the page can
draw). HTML from objects is sanitized by the page before it is shown (docs/architecture.md).
"""

from __future__ import annotations

import base64
import functools
import io
import json
import re
import textwrap
import threading
from collections.abc import Callable
from typing import Any

from .autolink import may_autolink
from .media import MediaBlob, reference


@functools.lru_cache(maxsize=2)
def _markdown_it(html: bool = False) -> Any:
    from .markdown import make

    return make(html)


# one line of words, spaces and punctuation that no markdown rule (nor an extra) acts on:
# no emphasis, code, link, math, escape, entity, HTML or table character, and not starting
# with a space or a block marker (#, -, +, >)
_PLAIN = re.compile(r"[^\W_](?:[^\W_]|[ ,;:'?!%/=.()-])*")


def plain_markdown(text: str, inline: bool = False) -> str | None:
    """What markdown-it renders for ``text`` when ``text`` is plain (a label, ``value: 0``),
    without running it; None for any other text. A new kernel's first run renders a dozen
    labels and texts, and markdown-it takes ~0.3 ms for each (the cache is empty). Exact by
    construction (tests/kernel/test_display.py compares it with markdown-it over generated
    text): ``_`` is excluded (emphasis), a second ``:`` could close an emoji shortcode, and a
    digit first with ``.`` or ``)`` could start an ordered list; no character here needs
    escaping; and no ``http``, ``www.`` or ``@`` that could autolink. A paragraph drops its
    trailing spaces."""
    if _PLAIN.fullmatch(text) is None or text.count(":") > 1 or may_autolink(text):
        return None
    if not text[0].isalpha() and ("." in text or ")" in text):
        return None
    return text if inline else f"<p>{text.rstrip(' ')}</p>\n"


@functools.lru_cache(maxsize=512)
def markdown_html(text: str, inline: bool = False) -> str:
    """Markdown -> HTML with raw HTML escaped (Streamlit's unsafe_allow_html=False), math marked
    for KaTeX and Streamlit's extras (``:red[…]``, ``:material/…:``, emoji) rendered."""
    plain = plain_markdown(text, inline)
    if plain is not None:
        return plain
    md = _markdown_it(False)
    text = textwrap.dedent(text).strip("\n")
    return md.renderInline(text) if inline else md.render(text)


def markdown_allowing_html(text: str) -> str:
    """Markdown with raw HTML passed through (``unsafe_allow_html=True``: the app's own text).
    The element says so (``allow_html``) and the page sanitizes it before showing it."""
    return _markdown_it(True).render(textwrap.dedent(text).strip("\n"))


def latex_html(body: str) -> str:
    """A display-math block for ``jr.latex`` and ``text/latex``: KaTeX draws it in the page."""
    from html import escape

    return f'<div class="jr-math jr-math-d">{escape(body.strip())}</div>\n'


@functools.lru_cache(maxsize=256)
def code_html(code: str, language: str | None) -> str:
    """Syntax-highlighted ``<pre>`` (Pygments, inline styles: no stylesheet to ship)."""
    from html import escape

    try:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import TextLexer, get_lexer_by_name

        try:
            lexer = get_lexer_by_name(language or "text")
        except Exception:
            lexer = TextLexer()
        return highlight(code, lexer, HtmlFormatter(noclasses=True, nobackground=True, wrapcode=True))
    except ImportError:
        return f"<pre><code>{escape(code)}</code></pre>"


def _ipython_formatter() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return shell.display_formatter if shell is not None else None


def mimebundle(obj: Any) -> dict[str, Any]:
    """The object's Jupyter representations, as a notebook would compute them."""
    formatter = _ipython_formatter()
    if formatter is not None:
        data, _meta = formatter.format(obj)
        return dict(data)
    if hasattr(obj, "_repr_mimebundle_"):
        bundle = obj._repr_mimebundle_()
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        if bundle:
            return dict(bundle)
    bundle = {"text/plain": repr(obj)}
    for mime, method in (
        ("text/html", "_repr_html_"),
        ("text/markdown", "_repr_markdown_"),
        ("image/svg+xml", "_repr_svg_"),
        ("image/png", "_repr_png_"),
        ("image/jpeg", "_repr_jpeg_"),
        ("text/latex", "_repr_latex_"),
        ("application/json", "_repr_json_"),
    ):
        if hasattr(obj, method):
            value = getattr(obj, method)()
            if isinstance(value, tuple):  # (data, metadata)
                value = value[0]
            if value is not None:
                bundle[mime] = value
    return bundle


# -- the MIME table -------------------------------------------------------------------------------

Built = tuple[dict[str, Any], list[MediaBlob]]
"""An element and the media blobs it refers to."""


class BuildContext:
    """What a builder may need besides the value: the inline-media threshold of the run."""

    def __init__(self, inline_threshold: int = 0):
        self.inline_threshold = inline_threshold


Builder = Callable[[Any, BuildContext], "Built | None"]
"""Makes the element for one MIME type's value, or None to let the next type in the table try."""


def _not_yet(value: Any, ctx: BuildContext) -> Built | None:
    return None  # no element for this type in this build: fall through to the next one


def _html(value: Any, ctx: BuildContext) -> Built | None:
    # an object's HTML: the page sanitizes it and scopes its <style> to the element
    return {"kind": "html", "html": _text(value), "scoped": True}, []


def _markdown(value: Any, ctx: BuildContext) -> Built | None:
    return {"kind": "markdown", "html": markdown_html(_text(value)), "variant": "body"}, []


def _image(mime: str) -> Builder:
    def build(value: Any, ctx: BuildContext) -> Built | None:
        if mime == "image/svg+xml":
            data = _text(value).encode()  # as an <img>: an SVG's scripts never run there
        elif isinstance(value, (bytes, bytearray)):
            data = bytes(value)
        else:
            try:
                data = base64.b64decode(_text(value).strip(), validate=False)
            except ValueError:
                return None
        blob = MediaBlob(data, mime)
        ref = reference(blob, ctx.inline_threshold)
        el = {"kind": "image", "images": [{"src": ref, "caption": None}], "width": None, "use_container_width": False}
        return el, ([] if isinstance(ref, str) else [blob])

    return build


def _latex(value: Any, ctx: BuildContext) -> Built | None:
    text = _text(value).strip()
    for delim in ("$$", "$", "\\[", "\\("):
        close = {"\\[": "\\]", "\\(": "\\)"}.get(delim, delim)
        if text.startswith(delim) and text.endswith(close) and len(text) >= len(delim) + len(close):
            text = text[len(delim) : len(text) - len(close)]
            break
    return {"kind": "markdown", "html": latex_html(text), "variant": "body"}, []


PLOTLY_MIME = "application/vnd.plotly.v1+json"  # a Plotly figure's JSON: drawn by the page's plotly.js


def _plotly(value: Any, ctx: BuildContext) -> Built | None:
    spec = value if isinstance(value, str) else json.dumps(value, default=str)
    return {"kind": "plotly_chart", "spec": spec, "config": {}, "theme": "streamlit", "use_container_width": True}, []


def _vegalite(value: Any, ctx: BuildContext) -> Built | None:
    return (vega_lite_element(value), []) if isinstance(value, dict) else None


def _json(value: Any, ctx: BuildContext) -> Built | None:
    return {"kind": "json", "value": value, "expanded": True}, []


def _plain(value: Any, ctx: BuildContext) -> Built | None:
    return {"kind": "text", "text": _text(value)}, []


MIME_TABLE: tuple[tuple[str, Builder], ...] = (
    # richest first; a pattern (fnmatch) matches any version of a type. A builder that returns
    # None passes the object on to the next type its bundle has.
    ("application/vnd.vegalite.v*+json", _vegalite),
    (PLOTLY_MIME, _plotly),
    ("text/html", _html),
    ("text/markdown", _markdown),
    ("image/svg+xml", _image("image/svg+xml")),
    ("image/png", _image("image/png")),
    ("image/jpeg", _image("image/jpeg")),
    ("image/gif", _image("image/gif")),
    ("text/latex", _latex),
    ("application/json", _json),
    ("text/plain", _plain),
)


def build_for_bundle(bundle: dict[str, Any], ctx: BuildContext | None = None) -> Built:
    """The element (and its media) for the richest type in ``bundle`` the page can show."""
    from fnmatch import fnmatchcase

    ctx = ctx or BuildContext()
    for pattern, builder in MIME_TABLE:
        for mime in sorted((m for m in bundle if fnmatchcase(m, pattern)), reverse=True):  # newest version first
            built = builder(bundle[mime], ctx)
            if built is not None:
                return built
    return {"kind": "text", "text": ""}, []


def element_for_bundle(bundle: dict[str, Any]) -> dict[str, Any]:
    """The element for ``bundle`` with any image inlined (for callers that send no media)."""
    return build_for_bundle(bundle)[0]


def emit_bundle(container: Any, bundle: dict[str, Any], path: Any = None) -> Any:
    """Show ``bundle`` in ``container`` (a new element, or the one at ``path`` rewritten), its
    images through the media store as ``jr.image`` sends them. Returns the element's path."""
    run = container._run_context()
    el, media = build_for_bundle(bundle, BuildContext(run.inline_threshold if run is not None else 0))
    if path is not None:
        container._rewrite(path, el, media=media)
        return path
    return container._emit(el, media=media)


def element_for_object(obj: Any) -> dict[str, Any]:
    """``jr.write(obj)``'s fallback for one object: strings as markdown, data as JSON, anything
    else by its rich repr (images inline; :meth:`TextMixin.write` sends them as media)."""
    if isinstance(obj, str):
        return {"kind": "markdown", "html": markdown_html(obj), "variant": "body"}
    if isinstance(obj, BaseException):
        return exception_element(obj)
    if isinstance(obj, (dict, list, tuple)) and _is_plain_json(obj):
        return {"kind": "json", "value": obj, "expanded": True}
    if isinstance(obj, (bool, int, float)) or obj is None:
        return {"kind": "markdown", "html": markdown_html(f"`{obj!r}`"), "variant": "body"}
    return element_for_bundle(mimebundle(obj))


def exception_element(err: BaseException, hide_package: str | None = None) -> dict[str, Any]:
    """The ``exception`` element for an error: its name, message and traceback text.
    ``hide_package``: leading frames from this package are dropped (the runner's own), so the
    viewer's traceback starts in their script; a SyntaxError shows only where the syntax is
    wrong."""
    import traceback

    if err.__traceback__ is None and err.__cause__ is None and err.__context__ is None:
        # never raised (``jr.exception(ValueError("x"))``): no frames, and the box's heading
        # already says its name and message; Streamlit shows no traceback either
        lines = []
    elif hide_package is None:
        lines = traceback.format_exception(type(err), err, err.__traceback__)
    else:
        frames = traceback.extract_tb(err.__traceback__)
        while frames and hide_package in (frames[0].filename or "").replace("/", "."):
            frames.pop(0)
        lines = traceback.format_exception_only(type(err), err)
        if frames and not isinstance(err, SyntaxError):
            lines = ["Traceback (most recent call last):\n", *traceback.format_list(frames), *lines]
        elif not frames and type(err).__module__.startswith(hide_package):
            # the runner's own error (the app's file cannot be read): its name and message say
            # it all, and the viewer has no use for the module path of its class
            lines = []
    return {"kind": "exception", "ename": type(err).__name__, "evalue": str(err), "traceback": "".join(lines)}


def _is_plain_json(obj: Any) -> bool:
    try:
        json.dumps(obj, allow_nan=False)
        return True
    except (TypeError, ValueError):
        return False


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "".join(value)
    return str(value)


class StandInStream(io.TextIOBase):
    """A text stream that stands in for ``sys.stdout``/``sys.stderr`` (``_fallback``, the one it
    replaced) and answers as that one does for what a stream is asked besides ``write``."""

    _fallback: Any

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._fallback, "encoding", None) or "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return int(self._fallback.fileno())


class PageOutput(StandInStream):
    """A notebook app's ``print``: while a run is in progress, text the script thread writes to
    ``sys.stdout`` shows on the page where it was printed, as a cell's stream output does in a
    notebook (consecutive writes grow one ``text`` element). Other threads write to the stream
    this one replaced (the kernel's stdout, which the server logs)."""

    LIMIT = 100_000  # characters kept in one element; the rest is cut, with a note

    def __init__(self, current: Any, fallback: Any):
        self._current = current  # () -> the container to write into
        self._fallback = fallback
        self._thread = threading.get_ident()
        self._last: tuple[Any, tuple[int, ...], int, str] | None = None  # container, path, cursor after, text

    def flush(self) -> None:
        if threading.get_ident() != self._thread:
            self._fallback.flush()

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if threading.get_ident() != self._thread:
            return self._fallback.write(text)
        if not text:
            return 0
        container = self._current()
        last = self._last
        if last is not None and last[0] is container and container._cursor == last[2]:
            if len(last[3]) > self.LIMIT:
                return len(text)  # already cut
            kept = last[3] + text  # nothing else was drawn since: the same output grows
            path = last[1]
            container._rewrite(path, self._element(kept))
        else:
            kept = text
            path = container._emit(self._element(kept), check=False)
        self._last = (container, path, container._cursor, kept[: self.LIMIT + 1])
        return len(text)

    @classmethod
    def _element(cls, text: str) -> dict[str, Any]:
        if len(text) > cls.LIMIT:
            text = text[: cls.LIMIT] + f"\n… (output cut at {cls.LIMIT:,} characters)"
        return {"kind": "text", "text": text[:-1] if text.endswith("\n") else text}


class DisplayCapture:
    """Routes IPython's ``display(obj)`` (and ``plt.show()`` with the inline backend) into the
    app: each display becomes an element at the current position, as ``jr.write`` would place
    it, and ``update_display`` rewrites the same element. Uses ipykernel's display-publisher
    hooks (thread-local: install on the script thread)."""

    def __init__(self, current: Any):
        self._current = current  # () -> the container to write into, or None outside a run
        self._by_display_id: dict[str, tuple[Any, tuple[int, ...]]] = {}

    def install(self) -> bool:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
        publisher = getattr(shell, "display_pub", None)
        if publisher is None or not hasattr(publisher, "register_hook"):
            return False
        publisher.register_hook(self)
        return True

    def __call__(self, msg: dict[str, Any]) -> dict[str, Any] | None:
        msg_type = msg.get("header", {}).get("msg_type")
        container = self._current()
        if container is None:
            return msg  # not inside a run: let the kernel publish as usual
        if msg_type == "clear_output":
            return None
        if msg_type not in ("display_data", "update_display_data"):
            return msg
        content = msg.get("content", {})
        bundle = dict(content.get("data") or {})
        display_id = (content.get("transient") or {}).get("display_id")
        known = self._by_display_id.get(display_id) if display_id else None
        if msg_type == "update_display_data":
            if known is not None:
                emit_bundle(known[0], bundle, known[1])
            return None
        path = emit_bundle(container, bundle)
        if display_id:
            self._by_display_id[display_id] = (container, path)
        return None


def vega_lite_element(spec: dict[str, Any]) -> dict[str, Any]:
    """A Vega-Lite spec from a mimebundle as the chart element, in the page's look."""
    from .elements.charts import _split_datasets

    spec, datasets = _split_datasets(spec)
    return {
        "kind": "vega_lite",
        "spec": spec,
        "datasets": datasets,
        "use_container_width": "width" not in spec,
        "theme": "streamlit",
    }
