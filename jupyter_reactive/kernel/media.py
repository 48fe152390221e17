"""Media bytes made in the kernel: images, audio, video and downloads (script thread).

An element that shows media carries a *reference* instead of bytes: ``{"media": <sha256>}``,
and the bytes travel once, in the payload of a ``media`` frame queued just before the element
(no base64 inside JSON). The server puts them in its MediaStore, which turns the content hash
into an unguessable URL the page can fetch from any replica. Media at most ``inline_threshold``
bytes go inline as ``data:`` URIs instead (one round trip less for icons and thumbnails).

Conversions need no third-party package: numpy arrays become PNG with zlib and WAV with the
``wave`` module; PIL images are used when PIL is there (duck-typed ``.save``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import mimetypes
import os
import re
import struct
import wave
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .errors import StreamlitAPIException, StreamlitInvalidParameterTypeError, StreamlitValueError

URL_PREFIXES = ("http://", "https://", "data:")


@dataclass(frozen=True)
class MediaBlob:
    """Bytes to show, their MIME type and (for downloads) the file name the user gave."""

    data: bytes
    mimetype: str
    filename: str | None = None

    @property
    def sha(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def header(self) -> dict[str, Any]:
        return {"type": "media", "sha": self.sha, "mimetype": self.mimetype, "filename": self.filename}


def reference(blob: MediaBlob, inline_threshold: int) -> Any:
    """What an element puts where the page expects a source: a data URI or ``{"media": sha}``."""
    if len(blob.data) <= inline_threshold and blob.filename is None:
        return f"data:{blob.mimetype};base64,{base64.b64encode(blob.data).decode()}"
    return {"media": blob.sha}


# -- images ---------------------------------------------------------------------------------------


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def encode_png(pixels: bytes, width: int, height: int, channels: int) -> bytes:
    """8-bit PNG from row-major pixel bytes (1 = grey, 3 = RGB, 4 = RGBA channels)."""
    color = {1: 0, 3: 2, 4: 6}[channels]
    stride = width * channels
    raw = b"".join(b"\x00" + pixels[y * stride : (y + 1) * stride] for y in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, color, 0, 0, 0))
        + _png_chunk(b"IDAT", zlib.compress(raw, 6))
        + _png_chunk(b"IEND", b"")
    )


def _array_to_png(array: Any, clamp: bool, channels_order: str) -> bytes:
    import numpy as np

    arr = np.asarray(array)
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[:, :, 0]
    if arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[2] not in (3, 4)):
        raise ValueError(f"an image array must be HxW, HxWx3 or HxWx4, not {arr.shape}")
    if arr.dtype.kind == "f":
        if not clamp and (np.nanmin(arr) < 0 or np.nanmax(arr) > 1):
            raise ValueError("float image values must be in [0, 1] (or pass clamp=True)")
        arr = np.clip(np.nan_to_num(arr), 0, 1) * 255
        arr = np.rint(arr).astype(np.uint8)
    elif arr.dtype != np.uint8:
        if not clamp and (arr.min() < 0 or arr.max() > 255):
            raise ValueError("integer image values must be in 0..255 (or pass clamp=True)")
        arr = np.clip(arr, 0, 255).astype(np.uint8)
    if arr.ndim == 3 and channels_order.upper() == "BGR":
        arr = arr[:, :, [2, 1, 0, 3][: arr.shape[2]]]
    height, width = arr.shape[:2]
    channels = 1 if arr.ndim == 2 else arr.shape[2]
    return encode_png(np.ascontiguousarray(arr).tobytes(), width, height, channels)


def image_blob(
    image: Any, *, clamp: bool = False, channels: str = "RGB", output_format: str = "auto"
) -> MediaBlob | str:
    """A blob for ``jr.image``, or a URL string to use as is."""
    if isinstance(image, str) and image.startswith(URL_PREFIXES):
        return image
    if isinstance(image, str) and image.lstrip()[:5].lower() in ("<svg ", "<svg>", "<?xml") and "<svg" in image.lower():
        # SVG markup, as Streamlit takes it; shown through <img>, so its scripts never run
        return MediaBlob(image.encode(), "image/svg+xml")
    if isinstance(image, (str, os.PathLike)):
        with open(image, "rb") as f:
            data = f.read()
        mimetype = mimetypes.guess_type(str(image))[0] or sniff_image(data)
        return MediaBlob(data, mimetype)
    if isinstance(image, (bytes, bytearray, memoryview)):
        data = bytes(image)
        return MediaBlob(data, sniff_image(data))
    if hasattr(image, "save") and hasattr(image, "mode"):  # a PIL image
        fmt = "JPEG" if output_format.upper() in ("JPEG", "JPG") else "PNG"
        buf = io.BytesIO()
        img = image.convert("RGB") if fmt == "JPEG" and image.mode not in ("RGB", "L") else image
        img.save(buf, format=fmt)
        return MediaBlob(buf.getvalue(), f"image/{fmt.lower()}")
    if hasattr(image, "__array__") or hasattr(image, "shape"):
        return MediaBlob(_array_to_png(image, clamp, channels), "image/png")
    raise TypeError(f"jr.image cannot show a {type(image).__name__}")


def sniff_image(data: bytes) -> str:
    """The MIME type of image bytes from their magic numbers (PNG, JPEG, GIF, WebP, SVG)."""
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:512].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:2048].lower():
        return "image/svg+xml"
    return "application/octet-stream"


# -- audio and video --------------------------------------------------------------------------------


def wav_from_array(samples: Any, sample_rate: int) -> bytes:
    """16-bit PCM WAV from a numpy array: 1-D mono, or 2-D (channels x samples), floats in [-1, 1]
    or integers, peak-normalised like Streamlit's."""
    import numpy as np

    arr = np.asarray(samples, dtype=float)
    if arr.ndim == 1:
        arr = arr[np.newaxis, :]
    if arr.ndim != 2:
        raise ValueError("audio arrays must be 1-D (mono) or 2-D (channels x samples)")
    if arr.shape[0] > 16 or arr.shape[0] > arr.shape[1]:
        raise ValueError(f"audio array of shape {arr.shape}: expected channels x samples (transpose it?)")
    peak = float(np.max(np.abs(arr))) if arr.size else 0.0
    scaled = (arr / peak if peak > 0 else arr) * 32767
    interleaved = np.rint(scaled.T).astype("<i2").tobytes()
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(arr.shape[0])
        out.setsampwidth(2)
        out.setframerate(int(sample_rate))
        out.writeframes(interleaved)
    return buf.getvalue()


def av_blob(data: Any, mimetype: str, sample_rate: int | None = None) -> MediaBlob | str:
    """A blob for ``jr.audio`` / ``jr.video``, or a URL string to use as is."""
    if isinstance(data, str) and data.startswith(URL_PREFIXES):
        return data
    if isinstance(data, (str, os.PathLike)):
        with open(data, "rb") as f:
            content = f.read()
        return MediaBlob(content, mimetypes.guess_type(str(data))[0] or mimetype)
    if isinstance(data, (bytes, bytearray, memoryview)):
        return MediaBlob(bytes(data), mimetype)
    if hasattr(data, "read"):
        content = _read_all(data)
        if not isinstance(content, (bytes, bytearray)):
            raise TypeError("audio and video file objects must be opened in binary mode")
        return MediaBlob(bytes(content), mimetype)
    if hasattr(data, "__array__") or hasattr(data, "shape"):
        if mimetype.startswith("video/"):
            # Streamlit 1.67 sends a video's array as its bytes, unconverted: an empty player
            return MediaBlob(_array_bytes(data), mimetype)
        if sample_rate is None:
            raise ValueError("sample_rate is required for numpy audio")
        return MediaBlob(wav_from_array(data, sample_rate), "audio/wav")
    raise TypeError(f"cannot play a {type(data).__name__}")


def _array_bytes(data: Any) -> bytes:
    import numpy as np

    return np.asarray(data).tobytes()


def download_blob(data: Any, file_name: str | None, mime: str | None) -> MediaBlob:
    """A blob for ``jr.download_button``: bytes, text (UTF-8) or a file object. Without a
    ``file_name`` a file opened from disk keeps its own name, as in Streamlit 1.67; anything
    else is ``download`` with the extension of its type (Streamlit's URL gives a hash there)."""
    if file_name is None and hasattr(data, "read"):
        try:
            own = getattr(data, "name", None)
        except (AttributeError, ValueError, OSError):  # a property that raises (detached)
            own = None
        if isinstance(own, str) and own:  # (an int for a file made from a descriptor)
            file_name = os.path.basename(own)
    if isinstance(data, str):
        content, default = data.encode(), "text/plain"
    elif isinstance(data, (bytes, bytearray, memoryview)):
        content, default = bytes(data), "application/octet-stream"
    elif hasattr(data, "read"):
        raw = _read_all(data)
        content, default = (raw.encode(), "text/plain") if isinstance(raw, str) else (raw, "application/octet-stream")
    else:
        raise TypeError("download data must be str, bytes or a file object")
    if file_name:
        return MediaBlob(content, mime or mimetypes.guess_type(file_name)[0] or default, file_name)
    mime = mime or default
    return MediaBlob(content, mime, "download" + (mimetypes.guess_extension(mime, strict=False) or ""))


def _read_all(f: Any) -> Any:
    if hasattr(f, "seek"):
        try:
            f.seek(0)
        except (OSError, ValueError):
            pass
    return f.read()


# -- video: YouTube links and subtitles ----------------------------------------------------------

_YOUTUBE_ID = re.compile(r"[\w-]{10,20}")
_YOUTUBE_PATHS = ("embed", "v", "e", "shorts", "live")


def youtube_embed(url: str) -> str | None:
    """The embeddable player's URL for a YouTube link (``watch?v=``, ``youtu.be/``, ``embed/``,
    ``shorts/``, the no-cookie domain), or None for any other URL: Streamlit shows those in
    YouTube's own player, as a browser cannot play the page a link points to."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    for prefix in ("www.", "m."):
        host = host.removeprefix(prefix)
    steps = [s for s in parts.path.split("/") if s]
    video: str | None = None
    if host == "youtu.be" and steps:
        video = steps[0]
    elif host in ("youtube.com", "youtube-nocookie.com"):
        if steps in ([], ["watch"]):
            video = parse_qs(parts.query).get("v", [""])[0]
        elif len(steps) >= 2 and steps[0] in _YOUTUBE_PATHS:
            video = steps[1]
    if video and _YOUTUBE_ID.fullmatch(video):
        return f"https://www.youtube.com/embed/{video}"
    return None


_SRT_TIMING = re.compile(r"\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}")
_SRT_TIME = re.compile(r"(\d{2}:\d{2}:\d{2}),(\d{3})")


def _looks_srt(text: str) -> bool:
    """SubRip's opening: a cue number on the first line, its timing on the second."""
    lines = text.strip().splitlines()
    return len(lines) >= 2 and lines[0].strip().isdigit() and bool(_SRT_TIMING.search(lines[1]))


def _vtt(data: bytes | str) -> bytes:
    """Subtitle text as WebVTT: SubRip converted (its times' decimal comma made a point, the
    WEBVTT header added), WebVTT or anything else kept as given, as Streamlit does."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return data  # not SubRip; the browser judges it
    else:
        text = data
    if not _looks_srt(text):
        return data if isinstance(data, bytes) else data.encode("utf-8")
    return ("WEBVTT\n\n" + _SRT_TIME.sub(r"\1.\2", text)).strip().encode("utf-8")


def _subtitle_bytes(data: Any) -> bytes:
    if isinstance(data, (str, os.PathLike)) and os.path.isfile(data):
        ext = os.path.splitext(os.fspath(data))[1].lower()
        if ext not in (".srt", ".vtt"):
            raise StreamlitValueError(f"subtitles: a subtitle file must be .srt or .vtt, not {ext or 'no extension'!r}")
        with open(data, "rb") as f:
            content = f.read()
        return _vtt(content) if ext == ".srt" else content
    if isinstance(data, os.PathLike):
        raise StreamlitAPIException(f"File {os.fspath(data)} does not exist.")
    if isinstance(data, str):
        text = data.strip()
        if text == "" or text.startswith("WEBVTT"):
            return text.encode("utf-8")
        if _looks_srt(text):
            return _vtt(text)
        raise StreamlitValueError(
            "subtitles: a text must be WebVTT (starting WEBVTT) or SubRip, or name a .vtt/.srt file"
        )
    if isinstance(data, io.BytesIO):
        return _vtt(data.getvalue())
    if isinstance(data, (bytes, bytearray)):
        return _vtt(bytes(data))
    raise StreamlitInvalidParameterTypeError(
        f"subtitles: a track must be a str, bytes, Path or BytesIO, not {type(data).__name__}"
    )


def subtitle_tracks(subtitles: Any) -> list[tuple[str, MediaBlob]]:
    """``jr.video(subtitles=...)`` as (label, WebVTT blob) pairs, the first shown by default:
    one track (a file path, WebVTT or SubRip text, bytes or BytesIO) is labelled "default"; a
    dict gives each its label. An empty track is an empty WebVTT file, so ``{"None": "", ...}``
    starts with subtitles off, as Streamlit documents."""
    if not subtitles:
        return []
    if isinstance(subtitles, dict):
        items = list(subtitles.items())
    elif isinstance(subtitles, (str, bytes, bytearray, io.BytesIO, os.PathLike)):
        items = [("default", subtitles)]
    else:
        raise StreamlitInvalidParameterTypeError(
            f"subtitles must be a str, bytes, BytesIO, Path or dict, not {type(subtitles).__name__}"
        )
    tracks = []
    for label, data in items:
        try:
            content = _subtitle_bytes(data)
        except (TypeError, ValueError, OSError, StreamlitAPIException) as err:
            raise StreamlitAPIException(f"Failed to process the provided subtitle {label!r}: {err}") from err
        tracks.append((str(label or ""), MediaBlob(content or b"WEBVTT\n", "text/vtt")))
    return tracks
