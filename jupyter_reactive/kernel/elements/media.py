"""Media elements: ``image``, ``audio``, ``video`` (script thread).

The bytes are made by :mod:`..media` (PNG/WAV encoding, files, URLs) and travel beside the
element, or inline as ``data:`` URIs when small (see that module).
"""

from __future__ import annotations

import os
from typing import Any, Literal

from ..delta import BaseContainer, returns_handle
from ..errors import StreamlitAPIException, StreamlitIncompatibleParametersError
from ..fragments import widget_fragment
from ..media import (
    URL_PREFIXES,
    MediaBlob,
    _read_all,
    av_blob,
    image_blob,
    reference,
    subtitle_tracks,
    youtube_embed,
)
from ..params import WidthWithoutContent, laid_out
from ..state import WidgetDef, WidgetValueError
from .layout import check_icon
from .widget_base import widget_id


def _seconds(value: object, what: str) -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"{what} must be a non-negative number of seconds")
    return value


def _image_link(link: Any, count: int) -> str:
    """``jr.image``'s ``link`` as Streamlit 1.67 takes it: a string (bytes are decoded), for one
    image only; the page links only http(s), mailto and relative URLs."""
    if isinstance(link, bytes):
        link = link.decode()
    if not isinstance(link, str):  # what Streamlit's protobuf string field raises
        raise TypeError("bad argument type for built-in operation")
    if count > 1:
        raise StreamlitAPIException(
            f"The `link` parameter is only supported when displaying a single image. You passed {count} images."
        )
    return link


class MediaMixin(BaseContainer):
    """Images, audio and video."""

    def _media_ref(self, blob: MediaBlob | str) -> tuple[Any, list[MediaBlob]]:
        """(what the element's ``src`` holds, the blobs to send with it)."""
        if isinstance(blob, str):
            return blob, []
        ctx = self._run_context()
        ref = reference(blob, ctx.inline_threshold if ctx is not None else 0)
        return ref, ([] if isinstance(ref, str) else [blob])

    @returns_handle
    def image(
        self,
        image: Any,
        caption: Any = None,
        width: int | Literal["content", "stretch"] | None = "content",
        use_column_width: bool | Literal["auto", "always", "never"] | None = None,
        clamp: bool = False,
        channels: Literal["RGB", "BGR"] = "RGB",
        output_format: Literal["JPEG", "PNG", "auto"] = "auto",
        *,
        use_container_width: bool = False,
        link: str | None = None,
        alt: str | None = None,
    ) -> None:
        """Show one image or a list of them.

        Args:
            image: a PIL image, a numpy array (uint8, or floats in [0, 1]; grey, RGB or RGBA),
                bytes, a file path or a URL — or a list of these.
            caption: a caption under the image, or a list of captions (one per image).
            width: ``"content"`` (the image's own width, at most the column's; the default),
                ``"stretch"`` (the container's width) or a width in pixels.
            use_column_width: the older name of ``use_container_width`` (any true value).
            clamp: clip float array values into [0, 1] instead of refusing them.
            channels: the channel order of a colour array (``"BGR"`` for OpenCV images).
            output_format: the encoding for arrays and PIL images (``"auto"``: PNG, or JPEG for
                photos without transparency).
            use_container_width: stretch the image to the container's width.
            link: a URL (absolute, or a path such as ``"/my_page"``) that a click on the image
                opens in a new tab; one image only.
            alt: the alt text of the picture (a list: one per picture).
        """
        images = list(image) if isinstance(image, (list, tuple)) else [image]
        captions = list(caption) if isinstance(caption, (list, tuple)) else [caption] * len(images)
        if len(captions) != len(images):
            raise ValueError("give one caption per image")
        alts = list(alt) if isinstance(alt, (list, tuple)) else [alt] * len(images)
        if len(alts) != len(images) or not all(a is None or isinstance(a, str) for a in alts):
            raise StreamlitAPIException("alt must be a string, or a list of strings (one per image)")
        if width == "stretch":
            width, use_container_width = None, True
        elif width == "content":
            width = None
        if width is not None and (isinstance(width, bool) or not isinstance(width, int) or width <= 0):
            raise ValueError('width must be "content", "stretch" or a positive number of pixels')
        items, blobs = [], []
        for img, cap, text in zip(images, captions, alts, strict=True):
            ref, extra = self._media_ref(image_blob(img, clamp=clamp, channels=channels, output_format=output_format))
            item: dict[str, Any] = {"src": ref, "caption": None if cap is None else str(cap)}
            if text is not None:
                item["alt"] = text
            items.append(item)
            blobs.extend(extra)
        el: dict[str, Any] = {
            "kind": "image",
            "images": items,
            "width": width,
            "use_container_width": bool(use_container_width or use_column_width),
        }
        if link:
            el["link"] = _image_link(link, len(items))
        self._emit(el, media=blobs)

    def _av(
        self,
        kind: str,
        data: Any,
        mimetype: str,
        start_time: float,
        end_time: float | None,
        sample_rate: int | None,
        loop: bool,
        autoplay: bool,
        muted: bool = False,
        extra: dict[str, Any] | None = None,
        more_media: list[MediaBlob] | None = None,
    ) -> None:
        _seconds(start_time, "start_time")
        if end_time is not None and _seconds(end_time, "end_time") <= start_time:
            raise ValueError("end_time must be later than start_time")
        if data is None:
            # Streamlit shows an empty player for None (``st.audio(st.audio_input(...))``)
            ref: Any = ""
            blob: Any = ""
            blobs: Any = ()
        else:
            blob = av_blob(data, mimetype, sample_rate)
            ref, blobs = self._media_ref(blob)
        el = {
            "kind": kind,
            "src": ref,
            "mimetype": blob.mimetype if not isinstance(blob, str) else mimetype,
            "start_time": start_time,
            "loop": bool(loop),
            "autoplay": bool(autoplay),
            "muted": bool(muted),
        }
        if end_time is not None:
            el["end_time"] = end_time
        el.update(extra or {})
        self._emit(el, media=[*blobs, *(more_media or [])])

    @laid_out("width", "alt", content=False)
    @returns_handle
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
        alt: str | None = None,
        width: WidthWithoutContent = "stretch",
    ) -> None:
        """Show an audio player.

        Args:
            data: bytes, a file path or file object, a URL, or a numpy array of samples (with
                ``sample_rate``; 1-D mono or 2-D channels x samples).
            format: the MIME type of ``data`` when it cannot be told from a file name.
            start_time: where playback starts, in seconds.
            sample_rate: the samples per second of a numpy array (required for one).
            end_time: where playback stops, in seconds (after ``start_time``).
            loop: start again at the end.
            autoplay: start playing when shown (browsers may refuse without a user gesture).
        """
        self._av("audio", data, format, start_time, end_time, sample_rate, loop, autoplay)

    @laid_out("width", "alt", content=False)
    @returns_handle
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
        alt: str | None = None,
        width: WidthWithoutContent = "stretch",
    ) -> None:
        """Show a video player.

        Args:
            data: bytes, a file path or file object, or a URL.
            format: the MIME type of ``data`` when it cannot be told from a file name.
            start_time: where playback starts, in seconds.
            subtitles: WebVTT or SubRip subtitles, shown by default: a file path, the text, bytes
                or a BytesIO (one track), or a dict of label to one of those (several tracks,
                the first shown; an empty one first starts with subtitles off). Not for
                YouTube links.
            end_time: where playback stops, in seconds (after ``start_time``).
            loop: start again at the end.
            autoplay: start playing when shown (browsers require ``muted`` for that).
            muted: start with the sound off.

        A YouTube link (``watch?v=``, ``youtu.be/``, ``embed/``, ``shorts/``) plays in YouTube's
        own player, with the same start, end, loop, autoplay and muted.
        """
        youtube = youtube_embed(data) if isinstance(data, str) else None
        if youtube and subtitles:
            raise StreamlitIncompatibleParametersError(
                "subtitles can not be used with data=<YouTube URL>: subtitles are not supported for YouTube videos."
            )
        tracks = subtitle_tracks(subtitles)
        extra: dict[str, Any] = {}
        blobs = []
        if youtube:
            extra["youtube"] = True
        if tracks:
            extra["subtitles"] = []
            for label, blob in tracks:
                ref, more = self._media_ref(blob)
                extra["subtitles"].append({"label": label, "src": ref})
                blobs += more
        self._av("video", youtube or data, format, start_time, end_time, None, loop, autoplay, muted, extra, blobs)

    # -- documents: the browser's own viewer ---------------------------------------------------

    def _document(self, blob: MediaBlob | str, height: int | Literal["stretch"], key: str | None = None) -> None:
        """A file in a frame, served from the media store (never inlined as a data: URI, which
        Chromium does not show in a frame), so every replica serves it. ``key``: the frame's
        identity (the page keeps it while the key stays, its file or height changing)."""
        if isinstance(blob, str):
            ref: Any = blob
            blobs: list[MediaBlob] = []
            mimetype = "application/pdf"
        else:
            ref, blobs, mimetype = {"media": blob.sha}, [blob], blob.mimetype
        el: dict[str, Any] = {"kind": "document", "src": ref, "mimetype": mimetype, "height": height}
        if key is not None:
            el["key"] = key
        self._emit(el, media=blobs)

    def _claim_pdf_key(self, key: Any) -> str | None:
        """Streamlit 1.67's ``st.pdf`` is a keyed custom component (streamlit-pdf, components v2):
        its key is one of the run's widget keys (a second use is the duplicate-key error) and
        ``session_state[key]`` holds the component's state, an empty dict."""
        if key is None:
            return None
        key = str(key)
        ctx = self._run_context()
        if ctx is not None:
            wid = widget_id("pdf", "", key, (), None)

            def no_value(value: Any) -> Any:
                raise WidgetValueError("a PDF viewer takes no value from the page")

            ctx.state.register(
                WidgetDef(wid, "pdf", "", {}, no_value, lambda v: v, key, fragment_id=widget_fragment(self._here()))
            )
        return key

    @laid_out("alt")
    @returns_handle
    def pdf(
        self,
        data: Any,
        *,
        height: int | Literal["stretch"] = 500,
        key: str | None = None,
        alt: str | None = None,
    ) -> None:
        """Show a PDF in the browser's own PDF viewer, in a frame.

        Args:
            data: an ``http(s)://`` URL, a path to a PDF file, a file object (an upload) or bytes.
            height: pixels (500 by default), or ``"stretch"``: the room its container has.
            key: the viewer's identity: while it stays, the page keeps the frame (a new file or
                height is shown in it); ``session_state[key]`` is ``{}``, the component's state
                in Streamlit, and a key another widget has is refused.
            alt: the viewer's accessible name.
        """
        if not (height == "stretch" or (isinstance(height, int) and not isinstance(height, bool) and height > 0)):
            raise StreamlitAPIException(f'pdf height must be a positive number of pixels or "stretch", not {height!r}')
        key = self._claim_pdf_key(key)
        if isinstance(data, str) and data.startswith(("http://", "https://")):
            self._document(data, height, key)
            return
        if isinstance(data, (str, os.PathLike)):
            try:
                with open(data, "rb") as f:
                    content = f.read()
            except OSError as err:
                raise StreamlitAPIException(f"cannot read the PDF {str(data)!r}: {err.strerror}") from None
        elif isinstance(data, (bytes, bytearray, memoryview)):
            content = bytes(data)
        elif hasattr(data, "read"):
            raw = _read_all(data)
            if not isinstance(raw, (bytes, bytearray)):
                raise StreamlitAPIException("a PDF file object must be opened in binary mode")
            content = bytes(raw)
        else:
            raise StreamlitAPIException(f"pdf needs a URL, a path, a file object or bytes, not {type(data).__name__}")
        if not content.lstrip()[:5] == b"%PDF-":
            raise StreamlitAPIException("the data is not a PDF (it does not start with %PDF-)")
        self._document(MediaBlob(content, "application/pdf"), height, key)

    # -- logo ---------------------------------------------------------------------------------

    def _logo_picture(self, image: Any, what: str) -> tuple[dict[str, Any], list[MediaBlob]]:
        if isinstance(image, str) and image.startswith(":material"):
            return {"type": "material", "src": check_icon(image)[len(":material/") : -1]}, []
        if isinstance(image, str) and not image.startswith(URL_PREFIXES) and not os.path.exists(image):
            if len(image.strip()) > 16 or "/" in image or "." in image:
                raise StreamlitAPIException(f"{what} {image!r} is not a URL, an existing file, an emoji or an icon")
            return {"type": "emoji", "src": check_icon(image)}, []
        try:
            blob = image_blob(image)
        except (TypeError, OSError, ValueError) as err:
            raise StreamlitAPIException(f"{what} cannot be shown: {err}") from None
        ref, blobs = self._media_ref(blob)
        return {"type": "image", "src": ref}, blobs

    def logo(
        self,
        image: Any,
        *,
        size: Literal["small", "medium", "large"] = "medium",
        link: str | None = None,
        icon_image: Any = None,
    ) -> None:
        """Show the app's logo in the page's top-left corner (the last call of a run wins).

        Args:
            image: anything ``jr.image`` shows (one picture), a URL, an emoji or
                ``":material/name:"``.
            size: ``"small"``, ``"medium"`` or ``"large"``: 20, 24 or 32 pixels high at most.
            link: an ``http(s)://`` URL that a click on the logo opens.
            icon_image: shown in the main area instead of ``image`` (which Streamlit keeps for
                the sidebar).
        """
        if size not in ("small", "medium", "large"):
            raise StreamlitAPIException(f'size must be "small", "medium" or "large", not {size!r}')
        if link is not None and not (isinstance(link, str) and link.startswith(("http://", "https://"))):
            raise StreamlitAPIException(f"link must be an http:// or https:// URL, not {link!r}")
        picture, blobs = self._logo_picture(image, "image")
        el: dict[str, Any] = {"kind": "logo", "image": picture, "size": size}
        if link is not None:
            el["link"] = link
        if icon_image is not None:
            el["icon_image"], more = self._logo_picture(icon_image, "icon_image")
            blobs += more
        self._emit(el, media=blobs)
