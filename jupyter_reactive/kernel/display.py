"""Turning Python objects into element dicts: markdown, code, and Jupyter rich representations.

Script thread. Markdown is rendered here, in the kernel, with raw HTML disabled and unsafe link
schemes refused by markdown-it, so the page needs no markdown library and never receives HTML
from a viewer's input. Objects go through IPython's display formatter, exactly as a notebook
cell's output would: ``_repr_mimebundle_``, ``_repr_html_``, ``_repr_png_``, matplotlib figures,
pandas frames.
"""

from __future__ import annotations

import base64
import functools
import io
import json
import textwrap
import threading
from typing import Any

_MIME_ORDER = (
    "application/vnd.jupyter.widget-view+json",
    "text/html",
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "image/gif",
    "text/markdown",
    "application/json",
    "text/latex",
    "text/plain",
)
#: Vega-Lite specs (altair charts' mimebundle) draw as the chart element, ahead of the above
_VEGALITE_MIMES = (
    "application/vnd.vegalite.v6+json",
    "application/vnd.vegalite.v5+json",
    "application/vnd.vegalite.v4+json",
)


@functools.lru_cache(maxsize=1)
def _markdown_it() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
        ["table", "strikethrough"]
    )


@functools.lru_cache(maxsize=512)
def markdown_html(text: str, inline: bool = False) -> str:
    """Markdown -> HTML with raw HTML escaped (Streamlit's unsafe_allow_html=False)."""
    md = _markdown_it()
    text = textwrap.dedent(text).strip("\n")
    return md.renderInline(text) if inline else md.render(text)


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
        ("image/png", "_repr_png_"),
        ("text/markdown", "_repr_markdown_"),
    ):
        if hasattr(obj, method):
            value = getattr(obj, method)()
            if value is not None:
                bundle[mime] = value
    return bundle


def element_for_bundle(bundle: dict[str, Any]) -> dict[str, Any]:
    """Pick the richest representation the page can show and make its element."""
    for mime in _VEGALITE_MIMES:
        if isinstance(bundle.get(mime), dict):
            return vega_lite_element(bundle[mime])
    for mime in _MIME_ORDER:
        if mime not in bundle:
            continue
        value = bundle[mime]
        if mime == "text/html" or mime == "image/svg+xml":
            return {"kind": "html", "html": _text(value)}
        if mime.startswith("image/"):
            data = value if isinstance(value, str) else base64.b64encode(value).decode()
            return {
                "kind": "image",
                "images": [{"src": f"data:{mime};base64,{data.strip()}", "caption": None}],
                "width": None,
                "use_container_width": False,
            }
        if mime == "text/markdown":
            return {"kind": "markdown", "html": markdown_html(_text(value)), "variant": "body"}
        if mime == "application/json":
            return {"kind": "json", "value": value, "expanded": True}
        if mime == "application/vnd.jupyter.widget-view+json":
            continue  # ipywidgets need a widget manager the page does not ship; fall through
        return {"kind": "text", "text": _text(value)}
    return {"kind": "text", "text": ""}


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


def element_for_object(obj: Any) -> dict[str, Any]:
    """``jr.write(obj)``: strings as markdown, data as JSON, anything else by its rich repr."""
    if isinstance(obj, str):
        return {"kind": "markdown", "html": markdown_html(obj), "variant": "body"}
    if isinstance(obj, BaseException):
        return exception_element(obj)
    if isinstance(obj, (dict, list, tuple)) and _is_plain_json(obj):
        return {"kind": "json", "value": obj, "expanded": True}
    if type(obj).__module__.startswith("altair.") and callable(getattr(obj, "to_dict", None)):
        # an altair chart's own repr loads vega from a CDN: draw its spec as the chart element
        from .elements.charts import altair_spec

        return vega_lite_element(altair_spec(obj))
    if isinstance(obj, (bool, int, float)) or obj is None:
        return {"kind": "markdown", "html": markdown_html(f"`{obj!r}`"), "variant": "body"}
    return element_for_bundle(mimebundle(obj))


def exception_element(err: BaseException, hide_package: str | None = None) -> dict[str, Any]:
    """The ``exception`` element for an error: its name, message and traceback text.
    ``hide_package``: leading frames from this package are dropped (the runner's own), so the
    viewer's traceback starts in their script; a SyntaxError shows only where the syntax is
    wrong."""
    import traceback

    if hide_package is None:
        lines = traceback.format_exception(type(err), err, err.__traceback__)
    else:
        frames = traceback.extract_tb(err.__traceback__)
        while frames and hide_package in (frames[0].filename or "").replace("/", "."):
            frames.pop(0)
        lines = traceback.format_exception_only(type(err), err)
        if frames and not isinstance(err, SyntaxError):
            lines = ["Traceback (most recent call last):\n", *traceback.format_list(frames), *lines]
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


class PageOutput(io.TextIOBase):
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

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._fallback, "encoding", None) or "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self._fallback.fileno()

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
        el = element_for_bundle(dict(content.get("data") or {}))
        display_id = (content.get("transient") or {}).get("display_id")
        known = self._by_display_id.get(display_id) if display_id else None
        if msg_type == "update_display_data":
            if known is not None:
                known[0]._rewrite(known[1], el)
            return None
        path = container._emit(el)
        if display_id:
            self._by_display_id[display_id] = (container, path)
        return None
