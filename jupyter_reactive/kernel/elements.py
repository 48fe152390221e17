"""Display elements (``jr.title``, ``jr.write``, ``jr.error``, ``jr.progress`` ...).

Script thread. Each method builds one element dict (see docs/protocol.md) and writes it through
the container's ``_emit`` — which is also the yield point where a pending rerun cuts the run short.
"""

from __future__ import annotations

import contextlib
import html
import traceback
from collections.abc import Iterator
from typing import Any

from .display import code_html, element_for_object, markdown_html
from .media import av_blob, image_blob, reference

_ALERT_LEVELS = ("error", "warning", "info", "success")


class ProgressHandle:
    """What ``jr.progress`` returns: call ``.progress(value, text)`` to move the same bar."""

    def __init__(self, container: Any, path: tuple[int, ...]):
        self._container = container
        self._path = path

    def progress(self, value: float | int, text: str | None = None) -> ProgressHandle:
        self._container._rewrite(self._path, _progress_el(value, text))
        return self

    def empty(self) -> None:
        self._container._rewrite(self._path, {"kind": "block", "layout": "empty"})


def _progress_el(value: float | int, text: str | None) -> dict[str, Any]:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError("progress value must be an int in 0..100 or a float in 0.0..1.0")
    if isinstance(value, float):
        if not 0.0 <= value <= 1.0:
            raise ValueError("a float progress value must be between 0.0 and 1.0")
        value = round(value * 100)
    elif not 0 <= value <= 100:
        raise ValueError("an int progress value must be between 0 and 100")
    return {"kind": "progress", "value": int(value), "text": markdown_html(text, inline=True) if text else ""}


class ElementsMixin:
    """Text, data and status elements. Every method returns None unless noted, like Streamlit."""

    def _heading(self, variant: str, body: Any, divider: bool | str = False) -> None:
        self._emit(
            {
                "kind": "markdown",
                "variant": variant,
                "html": markdown_html(str(body), inline=True),
                "divider": bool(divider),
            }
        )

    def title(self, body: Any, anchor: str | None = None, *, help: str | None = None) -> None:
        self._heading("title", body)

    def header(
        self, body: Any, anchor: str | None = None, *, help: str | None = None, divider: bool | str = False
    ) -> None:
        self._heading("header", body, divider)

    def subheader(
        self, body: Any, anchor: str | None = None, *, help: str | None = None, divider: bool | str = False
    ) -> None:
        self._heading("subheader", body, divider)

    def markdown(self, body: Any, unsafe_allow_html: bool = False, *, help: str | None = None) -> None:
        text = str(body)
        rendered = _markdown_allowing_html(text) if unsafe_allow_html else markdown_html(text)
        self._emit({"kind": "markdown", "variant": "body", "html": rendered})

    def caption(self, body: Any, unsafe_allow_html: bool = False, *, help: str | None = None) -> None:
        text = str(body)
        rendered = _markdown_allowing_html(text) if unsafe_allow_html else markdown_html(text)
        self._emit({"kind": "markdown", "variant": "caption", "html": rendered})

    def text(self, body: Any, *, help: str | None = None) -> None:
        self._emit({"kind": "text", "text": str(body)})

    def code(self, body: str, language: str | None = "python", *, line_numbers: bool = False) -> None:
        self._emit({"kind": "code", "code": body, "language": language or "text", "html": code_html(body, language)})

    def json(self, body: Any, *, expanded: bool = True) -> None:
        import json as _json

        if isinstance(body, str):
            try:
                body = _json.loads(body)
            except ValueError:
                pass
        value = _json.loads(_json.dumps(body, default=str))
        self._emit({"kind": "json", "value": value, "expanded": bool(expanded)})

    def divider(self) -> None:
        self._emit({"kind": "divider"})

    def html(self, body: str) -> None:
        """Raw HTML from the app's own code (scripts do not run), as ``st.html``."""
        self._emit({"kind": "html", "html": str(body)})

    def write(self, *args: Any, unsafe_allow_html: bool = False) -> None:
        """Strings as markdown, numbers as text, dicts/lists as JSON, anything else by its Jupyter
        rich representation; consecutive strings are joined like Streamlit's."""
        pending: list[str] = []
        for arg in args:
            if isinstance(arg, str):
                pending.append(arg)
                continue
            if pending:
                self.markdown(" ".join(pending), unsafe_allow_html=unsafe_allow_html)
                pending = []
            if isinstance(arg, (bool, int, float)) or arg is None:
                self._emit(
                    {
                        "kind": "markdown",
                        "variant": "body",
                        "html": f"<p>{html.escape(repr(arg) if arg is None or isinstance(arg, bool) else str(arg))}</p>",
                    }
                )
            else:
                self._emit(element_for_object(arg))
        if pending:
            self.markdown(" ".join(pending), unsafe_allow_html=unsafe_allow_html)

    def _alert(self, level: str, body: Any, icon: str | None) -> None:
        self._emit({"kind": "alert", "level": level, "html": markdown_html(str(body)), "icon": icon})

    def error(self, body: Any, *, icon: str | None = None) -> None:
        self._alert("error", body, icon)

    def warning(self, body: Any, *, icon: str | None = None) -> None:
        self._alert("warning", body, icon)

    def info(self, body: Any, *, icon: str | None = None) -> None:
        self._alert("info", body, icon)

    def success(self, body: Any, *, icon: str | None = None) -> None:
        self._alert("success", body, icon)

    def exception(self, exception: BaseException) -> None:
        tb = "".join(traceback.format_exception(type(exception), exception, exception.__traceback__))
        self._emit({"kind": "exception", "ename": type(exception).__name__, "evalue": str(exception), "traceback": tb})

    # -- media ----------------------------------------------------------------------------------

    def _media_ref(self, blob: Any) -> tuple[Any, list[Any]]:
        """(what the element's ``src`` holds, the blobs to send with it)."""
        if isinstance(blob, str):
            return blob, []
        threshold = self._ctx.inline_threshold if self._ctx is not None else 0
        ref = reference(blob, threshold)
        return ref, ([] if isinstance(ref, str) else [blob])

    def image(
        self,
        image: Any,
        caption: Any = None,
        width: int | None = None,
        use_column_width: Any = None,
        clamp: bool = False,
        channels: str = "RGB",
        output_format: str = "auto",
        *,
        use_container_width: bool = False,
    ) -> None:
        """One image or a list of them (PIL images, numpy arrays — uint8 or floats in [0, 1],
        grey/RGB/RGBA —, bytes, file paths or URLs), each with an optional caption."""
        images = list(image) if isinstance(image, (list, tuple)) else [image]
        captions = list(caption) if isinstance(caption, (list, tuple)) else [caption] * len(images)
        if len(captions) != len(images):
            raise ValueError("give one caption per image")
        if width is not None and (isinstance(width, bool) or not isinstance(width, int) or width <= 0):
            raise ValueError("width must be a positive number of pixels")
        items, blobs = [], []
        for img, cap in zip(images, captions, strict=True):
            ref, extra = self._media_ref(image_blob(img, clamp=clamp, channels=channels, output_format=output_format))
            items.append({"src": ref, "caption": None if cap is None else str(cap)})
            blobs.extend(extra)
        self._emit(
            {
                "kind": "image",
                "images": items,
                "width": width,
                "use_container_width": bool(use_container_width or use_column_width),
            },
            media=blobs,
        )

    def _av(
        self,
        kind: str,
        data: Any,
        mimetype: str,
        start_time: float,
        sample_rate: int | None,
        loop: bool,
        autoplay: bool,
        muted: bool = False,
    ) -> None:
        if isinstance(start_time, bool) or not isinstance(start_time, (int, float)) or start_time < 0:
            raise ValueError("start_time must be a non-negative number of seconds")
        blob = av_blob(data, mimetype, sample_rate)
        ref, blobs = self._media_ref(blob)
        mime = blob.mimetype if not isinstance(blob, str) else mimetype
        self._emit(
            {
                "kind": kind,
                "src": ref,
                "mimetype": mime,
                "start_time": start_time,
                "loop": bool(loop),
                "autoplay": bool(autoplay),
                "muted": bool(muted),
            },
            media=blobs,
        )

    def audio(
        self,
        data: Any,
        format: str = "audio/wav",
        start_time: float = 0,
        *,
        sample_rate: int | None = None,
        end_time: float | None = None,
        loop: bool = False,
        autoplay: bool = False,
    ) -> None:
        """Bytes, a file path or object, a URL, or a numpy array with ``sample_rate``."""
        self._av("audio", data, format, start_time, sample_rate, loop, autoplay)

    def video(
        self,
        data: Any,
        format: str = "video/mp4",
        start_time: float = 0,
        *,
        subtitles: Any = None,
        end_time: float | None = None,
        loop: bool = False,
        autoplay: bool = False,
        muted: bool = False,
    ) -> None:
        """Bytes, a file path or object, or a URL."""
        self._av("video", data, format, start_time, None, loop, autoplay, muted)

    def progress(self, value: float | int, text: str | None = None) -> ProgressHandle:
        path = self._emit(_progress_el(value, text))
        return ProgressHandle(self, path)

    @contextlib.contextmanager
    def spinner(self, text: str = "In progress...") -> Iterator[None]:
        """Show a spinner while the block runs; it disappears when the block ends."""
        slot = self.empty()  # type: ignore[attr-defined]
        slot._emit({"kind": "spinner", "text": str(text)})
        slot._ctx and slot._ctx.writer.outbox.flush()
        try:
            yield
        finally:
            slot.empty()


def _markdown_allowing_html(text: str) -> str:
    import textwrap

    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return md.render(textwrap.dedent(text).strip("\n"))
