"""Media made in the kernel through a real ScriptRunner: jr.image / jr.audio / jr.video, the file
widgets (download_button, file_uploader, camera_input), media frames queued before the element
that refers to them, small media inline as data: URIs, and unchanged media not sent again."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import pathlib
import struct
import wave
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from PIL import Image

from jupyter_reactive import protocol
from jupyter_reactive.kernel.elements.files import UploadedFile

from .conftest import AppHarness, Run

SCRIPT = "import jupyter_reactive as jr\nimport jr_test_hooks as hooks\nhooks.out = hooks.body(jr)\n"


class MediaHarness(AppHarness):
    """The conftest harness, keeping frame payloads: ``media`` maps sha -> bytes of every media
    frame, ``frames`` every decoded (header, payload) in order."""

    def __post_init__(self) -> None:
        self.media: dict[str, bytes] = {}
        self.frames: list[tuple[dict[str, Any], bytes]] = []
        super().__post_init__()

    def _send(self, frames: list[bytes]) -> None:
        with self._lock:
            for frame in frames:
                header, payload = protocol.decode_frame(frame)
                if header["type"] == "media":
                    self.media[header["sha"]] = payload
                else:
                    assert payload == b"", header
                self.frames.append((header, payload))
                self.messages.append(header)
                self.apply_message(header)


@pytest.fixture
def draw(hooks: Any) -> Any:
    """``draw(body)`` -> (app, run): an app whose script is ``hooks.out = body(jr)``."""
    apps: list[MediaHarness] = []

    def make(body: Callable[[Any], Any]) -> tuple[MediaHarness, Run]:
        hooks.body = body
        app = MediaHarness(SCRIPT)
        apps.append(app)
        return app, app.run()

    yield make
    for app in apps:
        app.close()


def media_frames(run: Run) -> list[dict[str, Any]]:
    return [m for m in run.messages if m["type"] == "media"]


def src_bytes(app: MediaHarness, src: Any) -> tuple[bytes, str | None]:
    """(bytes, mimetype from a data: URI or None) behind an element's ``src``."""
    if isinstance(src, str):
        assert src.startswith("data:"), src
        head, b64 = src[5:].split(",", 1)
        mime, enc = head.split(";")
        assert enc == "base64"
        return base64.b64decode(b64), mime
    assert set(src) == {"media"}, src
    return app.media[src["media"]], None


def only(run: Run, kind: str) -> dict[str, Any]:
    (el,) = run.of_kind(kind)
    return el


def failed(run: Run, ename: str, text: str = "") -> None:
    assert run.status == "error", run.messages
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == ename, exc
    assert text in exc["evalue"], exc["evalue"]


def image_pixels(app: MediaHarness, src: Any, mime: str = "image/png") -> np.ndarray:
    data, inline_mime = src_bytes(app, src)
    if inline_mime is not None:
        assert inline_mime == mime
    with Image.open(io.BytesIO(data)) as im:
        assert im.format == {"image/png": "PNG", "image/jpeg": "JPEG"}[mime]
        return np.array(im)


def noise(shape: tuple[int, ...], seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, size=shape, dtype=np.uint8)


PNG_1PX = Image.new("RGB", (1, 1))
_buf = io.BytesIO()
PNG_1PX.save(_buf, format="PNG")
PNG_BYTES = _buf.getvalue()
_buf = io.BytesIO()
PNG_1PX.save(_buf, format="JPEG")
JPEG_BYTES = _buf.getvalue()
_buf = io.BytesIO()
PNG_1PX.save(_buf, format="GIF")
GIF_BYTES = _buf.getvalue()
SVG_BYTES = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>'


# -- jr.image: arrays ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "shape, mode",
    [((5, 7), "L"), ((5, 7, 3), "RGB"), ((5, 7, 4), "RGBA"), ((5, 7, 1), "L"), ((120, 90, 3), "RGB")],
)
def test_image_uint8_array_round_trips_through_png(draw: Any, shape: tuple[int, ...], mode: str) -> None:
    arr = noise(shape)
    app, run = draw(lambda jr: jr.image(arr))
    assert run.status == "complete", run.messages
    el = only(run, "image")
    assert el["width"] is None and el["use_container_width"] is False
    (item,) = el["images"]
    assert item["caption"] is None
    data, _ = src_bytes(app, item["src"])
    with Image.open(io.BytesIO(data)) as im:
        assert im.format == "PNG" and im.mode == mode and im.size == (shape[1], shape[0])
        got = np.array(im)
    expected = arr[:, :, 0] if shape[-1:] == (1,) else arr
    assert got.shape == expected.shape and np.array_equal(got, expected)


def test_image_float_array_scaled_to_bytes(draw: Any) -> None:
    arr = np.array([[0.0, 0.5, 1.0], [0.25, 0.75, 1 / 255]])
    app, run = draw(lambda jr: jr.image(arr))
    assert run.status == "complete", run.messages
    got = image_pixels(app, only(run, "image")["images"][0]["src"])
    assert got.tolist() == [[0, 128, 255], [64, 191, 1]]


@pytest.mark.parametrize("bad", [1.5, -0.1])
def test_image_float_out_of_range_refused_unless_clamped(draw: Any, bad: float) -> None:
    arr = np.array([[0.0, bad]])
    _app, run = draw(lambda jr: jr.image(arr))
    failed(run, "ValueError", "[0, 1]")
    app, run = draw(lambda jr: jr.image(arr, clamp=True))
    assert run.status == "complete", run.messages
    got = image_pixels(app, only(run, "image")["images"][0]["src"])
    assert got.tolist() == [[0, 255 if bad > 1 else 0]]


@pytest.mark.parametrize("bad", [256, -1, 1000])
def test_image_int_out_of_range_refused_unless_clamped(draw: Any, bad: int) -> None:
    arr = np.array([[0, 200, bad]], dtype=np.int32)
    _app, run = draw(lambda jr: jr.image(arr))
    failed(run, "ValueError", "0..255")
    app, run = draw(lambda jr: jr.image(arr, clamp=True))
    assert run.status == "complete", run.messages
    got = image_pixels(app, only(run, "image")["images"][0]["src"])
    assert got.tolist() == [[0, 200, 255 if bad > 255 else 0]]


def test_image_int_array_in_range_is_accepted(draw: Any) -> None:
    arr = np.array([[0, 17, 255]], dtype=np.int64)
    app, run = draw(lambda jr: jr.image(arr))
    assert run.status == "complete", run.messages
    assert image_pixels(app, only(run, "image")["images"][0]["src"]).tolist() == [[0, 17, 255]]


@pytest.mark.parametrize("channels", [3, 4])
def test_image_bgr_channels_are_swapped(draw: Any, channels: int) -> None:
    arr = noise((4, 6, channels), seed=channels)
    app, run = draw(lambda jr: jr.image(arr, channels="BGR"))
    assert run.status == "complete", run.messages
    got = image_pixels(app, only(run, "image")["images"][0]["src"])
    expected = arr.copy()
    expected[:, :, 0], expected[:, :, 2] = arr[:, :, 2], arr[:, :, 0]
    assert np.array_equal(got, expected)
    assert not np.array_equal(got, arr)


@pytest.mark.parametrize("shape", [(3,), (2, 2, 2), (2, 2, 5), (1, 2, 2, 3)])
def test_image_bad_array_shape_refused(draw: Any, shape: tuple[int, ...]) -> None:
    arr = np.zeros(shape, dtype=np.uint8)
    _app, run = draw(lambda jr: jr.image(arr))
    failed(run, "ValueError", "HxW")


def test_image_unsupported_object_refused(draw: Any) -> None:
    _app, run = draw(lambda jr: jr.image(object()))
    failed(run, "TypeError", "object")


# -- jr.image: PIL, bytes, paths, URLs -----------------------------------------------------------


def test_image_pil_png_and_jpeg(draw: Any) -> None:
    pil = Image.fromarray(noise((8, 10, 4), seed=3), "RGBA")
    app, run = draw(lambda jr: jr.image(pil))
    assert run.status == "complete", run.messages
    src = only(run, "image")["images"][0]["src"]
    assert src_bytes(app, src)[1] == "image/png"
    assert np.array_equal(image_pixels(app, src), np.array(pil))

    app, run = draw(lambda jr: jr.image(pil, output_format="JPEG"))
    assert run.status == "complete", run.messages
    src = only(run, "image")["images"][0]["src"]
    data, mime = src_bytes(app, src)
    assert mime == "image/jpeg" and data.startswith(b"\xff\xd8")
    assert image_pixels(app, src, "image/jpeg").shape == (8, 10, 3)


@pytest.mark.parametrize(
    "data, mime",
    [
        (PNG_BYTES, "image/png"),
        (JPEG_BYTES, "image/jpeg"),
        (GIF_BYTES, "image/gif"),
        (SVG_BYTES, "image/svg+xml"),
        (b"  <svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
        (b"not an image", "application/octet-stream"),
    ],
)
def test_image_bytes_get_sniffed_mimetype(draw: Any, data: bytes, mime: str) -> None:
    app, run = draw(lambda jr: jr.image(data))
    assert run.status == "complete", run.messages
    got, got_mime = src_bytes(app, only(run, "image")["images"][0]["src"])
    assert got == data and got_mime == mime


@pytest.mark.parametrize(
    "markup", [SVG_BYTES.decode(), "\n  <svg xmlns='http://www.w3.org/2000/svg'><circle r='2'/></svg>"]
)
def test_image_svg_markup_string(draw: Any, markup: str) -> None:
    app, run = draw(lambda jr: jr.image(markup))
    assert run.status == "complete", run.messages
    got, got_mime = src_bytes(app, only(run, "image")["images"][0]["src"])
    assert got == markup.encode() and got_mime == "image/svg+xml"


def test_image_string_that_is_neither_svg_nor_a_file_is_an_error(draw: Any) -> None:
    _app, run = draw(lambda jr: jr.image("<svgish but not a file>"))
    assert run.status == "error" and run.of_kind("exception")[0]["ename"] == "FileNotFoundError"


def test_image_bytearray_and_memoryview(draw: Any) -> None:
    app, run = draw(lambda jr: jr.image([bytearray(PNG_BYTES), memoryview(GIF_BYTES)]))
    assert run.status == "complete", run.messages
    a, b = only(run, "image")["images"]
    assert src_bytes(app, a["src"]) == (PNG_BYTES, "image/png")
    assert src_bytes(app, b["src"]) == (GIF_BYTES, "image/gif")


def test_image_file_path(draw: Any, tmp_path: Any) -> None:
    png = tmp_path / "pic.png"
    png.write_bytes(PNG_BYTES)
    odd = tmp_path / "pic.unknownext"
    odd.write_bytes(JPEG_BYTES)
    app, run = draw(lambda jr: jr.image([png, str(png), str(odd)]))
    assert run.status == "complete", run.messages
    srcs = [i["src"] for i in only(run, "image")["images"]]
    assert src_bytes(app, srcs[0]) == (PNG_BYTES, "image/png")
    assert src_bytes(app, srcs[1]) == (PNG_BYTES, "image/png")
    assert src_bytes(app, srcs[2]) == (JPEG_BYTES, "image/jpeg")  # sniffed when the name says nothing

    _app, run = draw(lambda jr: jr.image(str(tmp_path / "missing.png")))
    failed(run, "FileNotFoundError")


@pytest.mark.parametrize(
    "url", ["http://example.com/a.png", "https://example.com/b.jpg?x=1", "data:image/png;base64,AAAA"]
)
def test_image_url_used_as_is(draw: Any, url: str) -> None:
    _app, run = draw(lambda jr: jr.image(url))
    assert run.status == "complete", run.messages
    assert only(run, "image")["images"] == [{"src": url, "caption": None}]
    assert media_frames(run) == []


def test_image_list_with_captions(draw: Any) -> None:
    a, b = noise((2, 2), 1), noise((3, 3, 3), 2)
    app, run = draw(lambda jr: jr.image([a, b], caption=["first", 2], width=120, use_container_width=True))
    assert run.status == "complete", run.messages
    el = only(run, "image")
    assert [i["caption"] for i in el["images"]] == ["first", "2"]
    assert el["width"] == 120 and el["use_container_width"] is True
    assert np.array_equal(image_pixels(app, el["images"][0]["src"]), a)
    assert np.array_equal(image_pixels(app, el["images"][1]["src"]), b)

    _app, run = draw(lambda jr: jr.image((a, b), caption="both"))
    assert [i["caption"] for i in only(run, "image")["images"]] == ["both", "both"]


@pytest.mark.parametrize("captions", [["one"], ["a", "b", "c"], []])
def test_image_caption_count_mismatch_raises(draw: Any, captions: list[str]) -> None:
    _app, run = draw(lambda jr: jr.image([PNG_BYTES, PNG_BYTES], caption=captions))
    failed(run, "ValueError", "caption")
    assert run.of_kind("image") == []


@pytest.mark.parametrize("width", [0, -5, 1.5, True, "100"])
def test_image_width_must_be_positive_int(draw: Any, width: Any) -> None:
    _app, run = draw(lambda jr: jr.image(PNG_BYTES, width=width))
    failed(run, "ValueError", "width")


@pytest.mark.parametrize(
    ("width", "px", "stretch"), [("content", None, False), ("stretch", None, True), (90, 90, False)]
)
def test_image_width_takes_streamlits_content_and_stretch(draw: Any, width: Any, px: Any, stretch: bool) -> None:
    _app, run = draw(lambda jr: jr.image(PNG_BYTES, width=width))
    el = only(run, "image")
    assert (el["width"], el["use_container_width"]) == (px, stretch)


# -- media frames, inline data URIs, unchanged media -------------------------------------------


def test_large_image_sends_media_frame_before_its_deltas(draw: Any) -> None:
    arr = noise((100, 100, 3))
    app, run = draw(lambda jr: (jr.text("before"), jr.image(arr), jr.text("after")))
    assert run.status == "complete", run.messages
    (src,) = [i["src"] for i in only(run, "image")["images"]]
    assert isinstance(src, dict) and set(src) == {"media"}
    sha = src["media"]
    headers = [h for h, _p in app.frames]
    media_at = [n for n, (h, _p) in enumerate(app.frames) if h["type"] == "media"]
    assert len(media_at) == 1
    header, payload = app.frames[media_at[0]]
    assert header == {"type": "media", "sha": sha, "mimetype": "image/png", "filename": None}
    assert hashlib.sha256(payload).hexdigest() == sha
    assert len(payload) > app.ctx.inline_threshold
    with Image.open(io.BytesIO(payload)) as im:
        assert np.array_equal(np.array(im), arr)
    # the deltas frame carrying the image element comes after the media frame and lists the sha
    carrying = [
        n
        for n, h in enumerate(headers)
        if h["type"] == protocol.DELTAS and any(i["el"].get("kind") == "image" for i in h["items"])
    ]
    assert len(carrying) == 1 and carrying[0] > media_at[0]
    (item,) = [i for i in headers[carrying[0]]["items"] if i["el"].get("kind") == "image"]
    assert item["media"] == [sha]
    # elements before the image were not held back behind it
    assert [el.get("text") for _p, el in sorted(app.page.items())] == ["before", None, "after"]


def test_small_image_goes_inline_without_media_frame(draw: Any) -> None:
    arr = noise((4, 4, 3))
    app, run = draw(lambda jr: jr.image(arr))
    assert run.status == "complete", run.messages
    src = only(run, "image")["images"][0]["src"]
    assert isinstance(src, str) and src.startswith("data:image/png;base64,")
    assert media_frames(run) == [] and app.media == {}
    (item,) = [i for m in run.messages if m["type"] == protocol.DELTAS for i in m["items"]]
    assert "media" not in item


def test_inline_threshold_boundary(draw: Any, hooks: Any) -> None:
    app, _run = draw(lambda jr: None)
    limit = app.ctx.inline_threshold
    at = b"\x89PNG" + b"a" * (limit - 4)
    over = b"\x89PNG" + b"b" * (limit - 3)
    hooks.body = lambda jr: jr.image([at, over])
    run = app.run()
    assert run.status == "complete", run.messages
    a, b = only(run, "image")["images"]
    assert isinstance(a["src"], str) and src_bytes(app, a["src"]) == (at, "image/png")
    assert b["src"] == {"media": hashlib.sha256(over).hexdigest()}
    assert [m["sha"] for m in media_frames(run)] == [b["src"]["media"]]
    # a threshold of 0 sends everything by reference
    app.ctx.inline_threshold = 0
    hooks.body = lambda jr: jr.image(PNG_BYTES)
    run = app.run()
    assert only(run, "image")["images"][0]["src"] == {"media": hashlib.sha256(PNG_BYTES).hexdigest()}
    assert len(media_frames(run)) == 1


def test_rerun_same_image_sends_nothing_changed_image_sends_again(draw: Any, hooks: Any) -> None:
    hooks.arr = noise((100, 100, 3), seed=1)
    app, run = draw(lambda jr: jr.image(hooks.arr))
    assert run.status == "complete" and len(media_frames(run)) == 1
    first = only(run, "image")["images"][0]["src"]["media"]

    run = app.run()
    assert run.status == "complete", run.messages
    assert media_frames(run) == [] and run.of_kind("image") == []

    hooks.arr = noise((100, 100, 3), seed=2)
    run = app.run()
    assert run.status == "complete", run.messages
    (frame,) = media_frames(run)
    second = only(run, "image")["images"][0]["src"]["media"]
    assert second != first and frame["sha"] == second
    assert np.array_equal(image_pixels(app, {"media": second}), hooks.arr)


# -- jr.audio / jr.video -------------------------------------------------------------------------


def _wav(data: bytes) -> tuple[int, int, int, int, bytes]:
    with wave.open(io.BytesIO(data), "rb") as w:
        return w.getnchannels(), w.getframerate(), w.getnframes(), w.getsampwidth(), w.readframes(w.getnframes())


def test_audio_numpy_mono_is_wav(draw: Any) -> None:
    samples = np.sin(np.linspace(0, 20, 1000)) * 0.5
    app, run = draw(lambda jr: jr.audio(samples, sample_rate=8000))
    assert run.status == "complete", run.messages
    el = only(run, "audio")
    assert el["mimetype"] == "audio/wav"
    data, mime = src_bytes(app, el["src"])
    assert mime in (None, "audio/wav")
    channels, rate, frames, width, raw = _wav(data)
    assert (channels, rate, frames, width) == (1, 8000, 1000, 2)
    pcm = np.frombuffer(raw, dtype="<i2")
    assert np.abs(pcm).max() == 32767  # peak-normalised
    assert np.all(np.sign(pcm[np.abs(samples) > 0.01]) == np.sign(samples[np.abs(samples) > 0.01]))


def test_audio_numpy_two_channels_is_interleaved_wav(draw: Any) -> None:
    left = np.full(300, 0.5)
    right = np.full(300, -1.0)
    app, run = draw(lambda jr: jr.audio(np.stack([left, right]), sample_rate=22050))
    assert run.status == "complete", run.messages
    channels, rate, frames, _width, raw = _wav(src_bytes(app, only(run, "audio")["src"])[0])
    assert (channels, rate, frames) == (2, 22050, 300)
    pcm = np.frombuffer(raw, dtype="<i2").reshape(-1, 2)
    assert set(pcm[:, 0].tolist()) == {16384} and set(pcm[:, 1].tolist()) == {-32767}


def test_audio_numpy_without_sample_rate_raises(draw: Any) -> None:
    _app, run = draw(lambda jr: jr.audio(np.zeros(10)))
    failed(run, "ValueError", "sample_rate")


def test_video_numpy_is_its_bytes_as_in_streamlit(draw: Any) -> None:
    """``st.video(array)`` sends the array's bytes unconverted (Streamlit 1.67: an empty
    player), where audio makes a WAV; garbage beside it is still a clear TypeError."""
    samples = np.random.default_rng(0).uniform(-1, 1, 441)
    app, run = draw(lambda jr: jr.video(samples))
    assert run.status == "complete", run.messages
    el = only(run, "video")
    assert el["mimetype"] == "video/mp4"
    assert src_bytes(app, el["src"])[0] == samples.tobytes()
    text = np.array(["a", "bc"])
    app, run = draw(lambda jr: jr.video(text))
    assert src_bytes(app, only(run, "video")["src"])[0] == text.tobytes()
    _app, run = draw(lambda jr: jr.video({"not": "media"}))
    failed(run, "TypeError", "cannot play a dict")


def test_audio_bytes_path_file_object_and_url(draw: Any, tmp_path: Any) -> None:
    raw = b"ID3" + bytes(range(256)) * 3
    mp3 = tmp_path / "song.mp3"
    mp3.write_bytes(raw)
    f = io.BytesIO(raw)
    f.read(10)  # a file object partly read is sent whole
    app, run = draw(
        lambda jr: (
            jr.audio(raw),
            jr.audio(raw, format="audio/ogg"),
            jr.audio(mp3),
            jr.audio(str(mp3)),
            jr.audio(f),
            jr.audio("https://example.com/a.ogg", format="audio/ogg"),
        )
    )
    assert run.status == "complete", run.messages
    els = run.of_kind("audio")
    assert [el["mimetype"] for el in els] == [
        "audio/wav",
        "audio/ogg",
        "audio/mpeg",
        "audio/mpeg",
        "audio/wav",
        "audio/ogg",
    ]
    for el in els[:5]:
        assert src_bytes(app, el["src"])[0] == raw
    assert els[5]["src"] == "https://example.com/a.ogg"
    assert media_frames(run) == []  # all small: inline


def test_audio_fields(draw: Any) -> None:
    _app, run = draw(lambda jr: jr.audio("http://x/a.wav", start_time=2.5, loop=True, autoplay=1))
    assert run.status == "complete", run.messages
    el = only(run, "audio")
    assert el == {
        "kind": "audio",
        "src": "http://x/a.wav",
        "mimetype": "audio/wav",
        "start_time": 2.5,
        "loop": True,
        "autoplay": True,
        "muted": False,
    }
    _app, run = draw(lambda jr: jr.audio("http://x/a.wav"))
    el = only(run, "audio")
    assert el["start_time"] == 0 and el["loop"] is False and el["autoplay"] is False


@pytest.mark.parametrize("start", [-1, True, "3"])
def test_av_start_time_refused(draw: Any, start: Any) -> None:
    _app, run = draw(lambda jr: jr.video("http://x/v.mp4", start_time=start))
    failed(run, "ValueError", "start_time")


def test_large_audio_goes_by_reference(draw: Any) -> None:
    samples = np.random.default_rng(0).uniform(-1, 1, 20000)
    app, run = draw(lambda jr: jr.audio(samples, sample_rate=16000))
    (frame,) = media_frames(run)
    el = only(run, "audio")
    assert el["src"] == {"media": frame["sha"]} and frame["mimetype"] == "audio/wav"
    assert _wav(app.media[frame["sha"]])[:3] == (1, 16000, 20000)


def test_video_bytes_url_path_and_muted(draw: Any, tmp_path: Any) -> None:
    raw = b"\x00\x00\x00\x18ftypmp42" + b"\x01" * 64
    webm = tmp_path / "clip.webm"
    webm.write_bytes(raw)
    app, run = draw(
        lambda jr: (
            jr.video(raw),
            jr.video("https://example.com/v.mp4", muted=True, loop=True),
            jr.video(webm, format="video/ogg", autoplay=True, start_time=1),
        )
    )
    assert run.status == "complete", run.messages
    a, b, c = run.of_kind("video")
    assert a["mimetype"] == "video/mp4" and src_bytes(app, a["src"]) == (raw, "video/mp4")
    assert a["muted"] is False and a["loop"] is False and a["autoplay"] is False
    assert b == {
        "kind": "video",
        "src": "https://example.com/v.mp4",
        "mimetype": "video/mp4",
        "start_time": 0,
        "loop": True,
        "autoplay": False,
        "muted": True,
    }
    assert c["mimetype"] == "video/webm" and src_bytes(app, c["src"])[0] == raw  # the path's type wins
    assert c["autoplay"] is True and c["start_time"] == 1


def test_video_refuses_unknown_objects(draw: Any) -> None:
    _app, run = draw(lambda jr: jr.video(12))
    failed(run, "TypeError")


# -- jr.download_button ----------------------------------------------------------------------------

DL_FIELDS = {"src", "file_name", "mimetype", "size", "button_type"}


def _download(run: Run) -> dict[str, Any]:
    (el,) = [el for el in run.of_kind("widget") if el["widget"] == "download_button"]
    assert DL_FIELDS <= set(el)
    return el


def test_download_str_is_utf8_text(draw: Any) -> None:
    text = "h\u00e9llo \u2603\n"
    app, run = draw(lambda jr: jr.download_button("Get", text))
    assert run.status == "complete", run.messages
    el = _download(run)
    body = text.encode("utf-8")
    sha = hashlib.sha256(body).hexdigest()
    assert el["src"] == {"media": sha}
    # no file_name: "download" with its type's extension (Streamlit names it by a hash + ".txt")
    assert el["file_name"] == "download.txt" and el["mimetype"] == "text/plain" and el["size"] == len(body)
    assert el["value"] is None and el["label"] == "Get"
    # even a tiny download travels as a media frame carrying its file name, before the element
    (frame,) = media_frames(run)
    assert frame == {"type": "media", "sha": sha, "mimetype": "text/plain", "filename": "download.txt"}
    assert app.media[sha] == body
    kinds = [h["type"] for h, _p in app.frames]
    assert kinds.index("media") < kinds.index(protocol.DELTAS)
    assert hooks_out_is(app, False)


def hooks_out_is(app: MediaHarness, value: Any) -> bool:
    import jr_test_hooks as hooks

    return hooks.out is value


@pytest.mark.parametrize(
    "make_data, file_name, mime, expected_name, expected_mime, expected_bytes",
    [
        (lambda: b"\x00\x01\xff", None, None, "download.bin", "application/octet-stream", b"\x00\x01\xff"),
        (lambda: b"a,b\n", "table.csv", None, "table.csv", "text/csv", b"a,b\n"),
        (lambda: "{}", "data.json", None, "data.json", "application/json", b"{}"),
        (lambda: b"a,b\n", "table.csv", "application/x-mine", "table.csv", "application/x-mine", b"a,b\n"),
        (lambda: b"\x89PNG", "noext", None, "noext", "application/octet-stream", b"\x89PNG"),
        (lambda: "plain", "noext", None, "noext", "text/plain", b"plain"),
        (
            lambda: io.StringIO("t\u00eaxt"),
            "notes.unknownext",
            None,
            "notes.unknownext",
            "text/plain",
            "t\u00eaxt".encode(),
        ),
        (lambda: io.BytesIO(b"\x00bin"), None, None, "download.bin", "application/octet-stream", b"\x00bin"),
        (lambda: bytearray(b"ba"), "x.txt", None, "x.txt", "text/plain", b"ba"),
        (lambda: b"x", None, "text/csv", "download.csv", "text/csv", b"x"),
    ],
)
def test_download_data_kinds_names_and_mime(
    draw: Any, make_data: Any, file_name: Any, mime: Any, expected_name: str, expected_mime: str, expected_bytes: bytes
) -> None:
    data = make_data()
    if hasattr(data, "read"):
        data.read()  # already consumed: the whole content is still sent
    app, run = draw(lambda jr: jr.download_button("Get", data, file_name=file_name, mime=mime))
    assert run.status == "complete", run.messages
    el = _download(run)
    assert el["file_name"] == expected_name
    assert el["mimetype"] == expected_mime and el["size"] == len(expected_bytes)
    assert app.media[el["src"]["media"]] == expected_bytes
    (frame,) = media_frames(run)
    assert frame["filename"] == expected_name and frame["mimetype"] == expected_mime


def test_a_file_opened_from_disk_keeps_its_name(draw: Any, tmp_path: pathlib.Path) -> None:
    """Streamlit 1.67: ``download_button("Get", open(path, "rb"))`` saves as the file's own name,
    its type guessed from it; a given file_name or mime wins; a file object whose ``name`` is
    not text (a descriptor's int, or a property that raises) is "download" + extension."""
    (tmp_path / "report.csv").write_bytes(b"a,b\n")

    class Detached(io.BytesIO):
        @property
        def name(self) -> str:
            raise ValueError("detached")

    for data, file_name, mime, expected in (
        (lambda: open(tmp_path / "report.csv", "rb"), None, None, ("report.csv", "text/csv")),
        (lambda: open(tmp_path / "report.csv", "rb"), "mine.txt", None, ("mine.txt", "text/plain")),
        (lambda: open(tmp_path / "report.csv", "rb"), None, "text/x-own", ("report.csv", "text/x-own")),
        (
            lambda: io.FileIO(os.open(tmp_path / "report.csv", os.O_RDONLY)),
            None,
            None,
            ("download.bin", "application/octet-stream"),
        ),
        (lambda: Detached(b"a,b\n"), None, None, ("download.bin", "application/octet-stream")),
    ):
        with data() as f:
            _app, run = draw(lambda jr, f=f, n=file_name, m=mime: jr.download_button("Get", f, file_name=n, mime=m))
        assert run.status == "complete", run.messages
        el = _download(run)
        assert (el["file_name"], el["mimetype"]) == expected


def test_download_refuses_other_data(draw: Any) -> None:
    _app, run = draw(lambda jr: jr.download_button("Get", 42))
    failed(run, "TypeError", "download data")


def test_download_click_is_true_for_exactly_one_run(draw: Any, hooks: Any) -> None:
    app, run = draw(lambda jr: jr.download_button("Get", b"payload", file_name="p.bin"))
    assert hooks.out is False
    el = app.widget("Get")
    run = app.send({el["id"]: True})
    assert run.status == "complete" and hooks.out is True
    # the same download is not sent again
    assert media_frames(run) == []
    app.run()
    assert hooks.out is False
    # only True is a click
    assert "only sends true" in app.refused(el["id"], False)


def test_download_changed_data_sends_new_media(draw: Any, hooks: Any) -> None:
    hooks.data = b"one"
    app, run = draw(lambda jr: jr.download_button("Get", hooks.data))
    first = _download(run)["src"]["media"]
    hooks.data = b"two!"
    run = app.run()
    (frame,) = media_frames(run)
    el = _download(run)
    assert el["src"]["media"] == frame["sha"] != first and el["size"] == 4
    assert app.media[frame["sha"]] == b"two!"


def test_download_button_use_container_width(draw: Any) -> None:
    _app, run = draw(
        lambda jr: (jr.download_button("a", b"x"), jr.download_button("b", b"x", use_container_width=True))
    )
    a, b = run.of_kind("widget")
    assert "use_container_width" not in a and b["use_container_width"] is True


def test_download_button_on_click_modes(draw: Any, hooks: Any) -> None:
    app, run = draw(
        lambda jr: (
            jr.download_button("r", b"x", on_click="rerun"),
            jr.download_button("i", b"y", on_click="ignore"),
        )
    )
    r, i = run.of_kind("widget")
    assert "ignore_rerun" not in r and i["ignore_rerun"] is True
    app.send({r["id"]: True})
    assert hooks.out == (True, False)
    _app, run = draw(lambda jr: jr.download_button("b", b"x", on_click="later"))
    failed(run, "ValueError", "on_click")


def test_download_button_icon_and_tertiary_type(draw: Any) -> None:
    _app, run = draw(lambda jr: jr.download_button("a", b"x", icon=":material/download:", type="tertiary"))
    (el,) = run.of_kind("widget")
    assert el["icon"] == ":material/download:" and el["button_type"] == "tertiary"


def test_download_button_inside_form_raises(draw: Any) -> None:
    def body(jr: Any) -> None:
        with jr.form("f"):
            jr.download_button("Get", b"x")
            jr.form_submit_button("Send")

    _app, run = draw(body)
    failed(run, "RuntimeError", "form")
    assert not [el for el in run.of_kind("widget") if el["widget"] == "download_button"]


# -- jr.file_uploader / jr.camera_input ----------------------------------------------------------


def _entry(fid: str, name: str, mime: str = "text/csv", size: int = 0) -> dict[str, Any]:
    return {"id": fid, "name": name, "type": mime, "size": size}


def test_uploader_empty_before_upload(draw: Any, hooks: Any) -> None:
    app, run = draw(
        lambda jr: (
            jr.file_uploader("One"),
            jr.file_uploader("Many", accept_multiple_files=True),
            jr.camera_input("Cam"),
        )
    )
    assert run.status == "complete", run.messages
    assert hooks.out == (None, [], None)
    one, many, cam = app.widget("One"), app.widget("Many"), app.widget("Cam")
    assert one["widget"] == "file_uploader" and one["multiple"] is False and one["accept"] is None
    # the element carries the wire form: an empty list of files, for single uploaders too
    assert one["value"] == [] and many["value"] == [] and many["multiple"] is True
    assert cam["widget"] == "camera_input" and set(cam["accept"]) >= {".png", ".jpg"}
    # an explicit empty value is still "no file"
    app.send({one["id"]: None, many["id"]: []})
    assert hooks.out == (None, [], None)


def test_uploader_returns_uploaded_file(draw: Any, hooks: Any) -> None:
    app, _run = draw(lambda jr: jr.file_uploader("Data"))
    el = app.widget("Data")
    content = b"a,b\n1,2\n"
    app.state.add_files({"f1": content})
    run = app.send({el["id"]: [_entry("f1", "data.csv", size=len(content))]})
    assert run.status == "complete", run.messages
    f = hooks.out
    assert isinstance(f, UploadedFile)
    assert (f.name, f.type, f.size, f.file_id) == ("data.csv", "text/csv", len(content), "f1")
    assert f.getvalue() == content
    assert f.read() == content and f.read() == b""
    assert app.widget("Data")["value"] == [_entry("f1", "data.csv", size=len(content))]
    # the file stays on later runs
    app.run()
    assert isinstance(hooks.out, UploadedFile) and hooks.out.getvalue() == content


def test_uploader_multiple_files(draw: Any, hooks: Any) -> None:
    app, _run = draw(lambda jr: jr.file_uploader("Many", type=["txt", "csv"], accept_multiple_files=True))
    el = app.widget("Many")
    app.state.add_files({"a": b"AAA", "b": b"B"})
    app.send({el["id"]: [_entry("a", "a.txt", "text/plain", 3), _entry("b", "b.CSV", "text/csv", 1)]})
    files = hooks.out
    assert [type(f) for f in files] == [UploadedFile, UploadedFile]
    assert [(f.name, f.size, f.getvalue()) for f in files] == [("a.txt", 3, b"AAA"), ("b.CSV", 1, b"B")]


@pytest.mark.parametrize("type_arg", [["csv"], "csv", ".CSV", [" CSV "], ("csv",)])
def test_uploader_type_normalised_and_enforced(draw: Any, type_arg: Any) -> None:
    app, _run = draw(lambda jr: jr.file_uploader("Data", type=type_arg))
    el = app.widget("Data")
    assert el["accept"] == [".csv"]
    app.state.add_files({"ok": b"x", "bad": b"y"})
    msg = app.refused(el["id"], [_entry("bad", "data.txt", "text/plain")])
    assert msg.startswith("file_uploader 'Data': ") and "not allowed" in msg and ".csv" in msg
    data, errors = app.state.validate({el["id"]: [_entry("ok", "DATA.CSV")]})
    assert errors == [] and data.values[el["id"]].name == "DATA.CSV"


def test_uploader_refusal_names_every_allowed_type(draw: Any) -> None:
    app, _run = draw(lambda jr: jr.file_uploader("Data", type=["csv", ".TXT", "json"]))
    el = app.widget("Data")
    assert el["accept"] == [".csv", ".txt", ".json"]
    app.state.add_files({"x": b"x"})
    msg = app.refused(el["id"], [_entry("x", "noext")])
    assert ".csv" in msg and ".txt" in msg and ".json" in msg


def test_uploader_missing_bytes_refused(draw: Any) -> None:
    app, _run = draw(lambda jr: jr.file_uploader("Data"))
    msg = app.refused(app.widget("Data")["id"], [_entry("never-added", "a.csv")])
    assert "did not arrive" in msg


def test_uploader_single_refuses_two_files(draw: Any, hooks: Any) -> None:
    app, _run = draw(lambda jr: jr.file_uploader("Data"))
    app.state.add_files({"a": b"a", "b": b"b"})
    msg = app.refused(app.widget("Data")["id"], [_entry("a", "a.csv"), _entry("b", "b.csv")])
    assert "one file" in msg
    assert hooks.out is None


@pytest.mark.parametrize(
    "wire",
    [
        "a.csv",
        1,
        {"id": "a", "name": "a.csv", "type": "text/csv"},
        [1],
        ["a"],
        [None],
        [{"id": "a", "name": "a.csv"}],
        [{"id": 1, "name": "a.csv", "type": "text/csv"}],
        [{"id": "a", "name": None, "type": "text/csv"}],
        [{"name": "a.csv", "type": "text/csv"}],
    ],
)
def test_uploader_malformed_entries_refused(draw: Any, wire: Any) -> None:
    app, _run = draw(lambda jr: jr.file_uploader("Data", accept_multiple_files=True))
    app.state.add_files({"a": b"a"})
    msg = app.refused(app.widget("Data")["id"], wire)
    assert msg.startswith("file_uploader 'Data': "), msg


def test_uploader_too_many_files_refused(draw: Any) -> None:
    app, _run = draw(lambda jr: jr.file_uploader("Data", accept_multiple_files=True))
    app.state.add_files({f"f{i}": b"x" for i in range(101)})
    msg = app.refused(app.widget("Data")["id"], [_entry(f"f{i}", f"{i}.csv") for i in range(101)])
    assert "list of uploaded files" in msg


@pytest.mark.parametrize(
    "name, ok",
    [
        ("shot.png", True),
        ("shot.JPG", True),
        ("shot.jpeg", True),
        ("s.webp", True),
        ("shot.gif", False),
        ("data.csv", False),
        ("png", False),
    ],
)
def test_camera_input_accepts_images_only(draw: Any, hooks: Any, name: str, ok: bool) -> None:
    app, _run = draw(lambda jr: jr.camera_input("Cam"))
    el = app.widget("Cam")
    app.state.add_files({"c": PNG_BYTES})
    if ok:
        run = app.send({el["id"]: [_entry("c", name, "image/png", len(PNG_BYTES))]})
        assert run.status == "complete"
        assert isinstance(hooks.out, UploadedFile) and hooks.out.getvalue() == PNG_BYTES
    else:
        msg = app.refused(el["id"], [_entry("c", name, "image/png")])
        assert msg.startswith("camera_input 'Cam': ") and "not allowed" in msg
        assert hooks.out is None


def test_uploaded_file_identity_and_repr() -> None:
    a = UploadedFile("id1", "a.csv", "text/csv", b"abc")
    assert a == UploadedFile("id1", "other", "x", b"") and a != UploadedFile("id2", "a.csv", "text/csv", b"abc")
    assert repr(a) == "UploadedFile(name='a.csv', type='text/csv', size=3)"
    with pytest.raises(TypeError):
        hash(a)


def test_png_encoder_crcs_are_valid() -> None:
    import zlib

    from jupyter_reactive.kernel.media import encode_png

    png = encode_png(bytes(range(12)), 2, 2, 3)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    pos, kinds = 8, []
    while pos < len(png):
        (n,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + n]
        (crc,) = struct.unpack(">I", png[pos + 8 + n : pos + 12 + n])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        kinds.append(kind)
        pos += 12 + n
    assert kinds == [b"IHDR", b"IDAT", b"IEND"]


# -- pdf and iframe ------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n%%EOF\n"


def test_pdf_goes_through_the_media_store_even_when_small(draw: Any, tmp_path: Any) -> None:
    app, run = draw(lambda jr: jr.pdf(PDF, height=400, alt="the report"))
    assert run.status == "complete", run.messages
    el = only(run, "document")
    assert el["mimetype"] == "application/pdf" and el["height"] == 400 and el["alt"] == "the report"
    assert isinstance(el["src"], dict)  # never a data: URI (Chromium shows none in a frame)
    assert app.media[el["src"]["media"]] == PDF
    path = tmp_path / "r.pdf"
    path.write_bytes(PDF)
    for data in (str(path), path, io.BytesIO(PDF)):
        _app, run = draw(lambda jr, d=data: jr.pdf(d, height="stretch"))
        assert only(run, "document")["height"] == "stretch", run.messages
    _app, run = draw(lambda jr: jr.pdf("https://example.com/a.pdf"))
    assert only(run, "document")["src"] == "https://example.com/a.pdf"


def test_a_pdf_key_is_its_identity_and_a_widget_key(draw: Any) -> None:
    # Streamlit 1.67's st.pdf is a keyed components-v2 element: the key reaches the page (which
    # keeps the frame while it stays), session_state[key] is the component's state, {}
    def body(jr: Any) -> None:
        jr.pdf(PDF, height=300, key="doc")
        jr.pdf(PDF)
        jr.text(repr(jr.session_state.to_dict()))

    _app, run = draw(body)
    assert run.status == "complete" and not [m for m in run.messages if m["type"] == "notice"]
    keyed, plain = run.of_kind("document")
    assert keyed["key"] == "doc" and "key" not in plain
    assert only(run, "text")["text"] == "{'doc': {}}"


@pytest.mark.parametrize(
    "second",
    [
        lambda jr: jr.pdf(PDF, key="doc"),
        lambda jr: jr.text_input("T", key="doc"),
        lambda jr: jr.checkbox("C", key="doc"),
    ],
)
def test_a_pdf_key_used_twice_is_refused(draw: Any, second: Any) -> None:
    _app, run = draw(lambda jr: (jr.pdf(PDF, key="doc"), second(jr)))
    (exc,) = run.of_kind("exception")
    assert exc["ename"] == "DuplicateWidgetError" and "'doc'" in exc["evalue"]


@pytest.mark.parametrize("wire", [{}, {"a": 1}, None, "x", 1, [1], True])
def test_a_keyed_pdf_takes_no_value_from_the_page(draw: Any, wire: Any) -> None:
    from jupyter_reactive.kernel.elements.widget_base import widget_id

    app, _run = draw(lambda jr: jr.pdf(PDF, key="doc"))
    assert "takes no value" in app.refused(widget_id("pdf", "", "doc", (), None), wire)


@pytest.mark.parametrize(
    "call, text",
    [
        (lambda jr: jr.pdf(b"<html>not a pdf</html>"), "not a PDF"),
        (lambda jr: jr.pdf(PDF, height=0), "pdf height must be"),
        (lambda jr: jr.pdf(PDF, height="content"), "pdf height must be"),
        (lambda jr: jr.pdf(12), "pdf needs a URL"),
        (lambda jr: jr.pdf("/no/such/file.pdf"), "cannot read the PDF"),
        (lambda jr: jr.pdf(io.StringIO("text")), "binary mode"),
        (lambda jr: jr.pdf(PDF, alt=3), "Invalid alt 3"),
        (lambda jr: jr.iframe(""), "iframe needs"),
        (lambda jr: jr.iframe(None), "iframe needs"),
        (lambda jr: jr.iframe("https://example.com", height="tall"), "Invalid height value"),
        (lambda jr: jr.iframe("https://example.com", tab_index="x"), "tab_index must be"),
        (lambda jr: jr.iframe(pathlib.Path("/no/such/page.html")), "cannot read"),
    ],
)
def test_pdf_and_iframe_refuse_garbage_clearly(draw: Any, call: Any, text: str) -> None:
    _app, run = draw(call)
    (exc,) = run.of_kind("exception")
    assert exc["ename"] in ("StreamlitAPIException", "StreamlitValueError") and text in exc["evalue"], exc
    assert not run.of_kind("document") and not run.of_kind("iframe")


def test_iframe_takes_urls_html_and_local_files(draw: Any, tmp_path: Any) -> None:
    page = tmp_path / "page.html"
    page.write_text("<p>from a file</p>")
    doc = tmp_path / "notes.pdf"
    doc.write_bytes(PDF)

    def body(jr: Any) -> None:
        jr.iframe("https://example.com/", height=300, width=500, alt="example", tab_index=-1)
        jr.iframe("<h1>inline html</h1>")
        jr.iframe(page)
        jr.iframe(doc, height="stretch")

    app, run = draw(body)
    assert run.status == "complete", run.messages
    url, inline, local, _document = run.of_kind("iframe") + run.of_kind("document")
    assert url["src"] == "https://example.com/" and url["height"] == 300 and url["tab_index"] == -1
    assert url["sizing"] == {"width": 500, "height": 300} and url["alt"] == "example"
    assert src_bytes(app, inline["html"])[0] == b"<h1>inline html</h1>" and inline["height"] == 150
    assert src_bytes(app, local["html"])[0] == b"<p>from a file</p>"
    (document,) = run.of_kind("document")
    assert document["mimetype"] == "application/pdf" and app.media[document["src"]["media"]] == PDF


# -- logo ------------------------------------------------------------------------------------------


def test_logo_takes_images_emoji_and_icons(draw: Any) -> None:
    picture = Image.new("RGB", (40, 20), "red")

    def body(jr: Any) -> None:
        jr.logo(picture, size="large", link="https://example.com/", icon_image="🚀")
        jr.logo(":material/home:")
        jr.logo("https://example.com/logo.png", size="small")

    app, run = draw(body)
    assert run.status == "complete", run.messages
    first, second, third = run.of_kind("logo")
    assert first["size"] == "large" and first["link"] == "https://example.com/"
    assert first["image"]["type"] == "image" and first["icon_image"] == {"type": "emoji", "src": "🚀"}
    data, _ = src_bytes(app, first["image"]["src"])
    assert data.startswith(b"\x89PNG")
    assert second == {"kind": "logo", "image": {"type": "material", "src": "home"}, "size": "medium"}
    assert third["image"] == {"type": "image", "src": "https://example.com/logo.png"}


@pytest.mark.parametrize(
    "call, text",
    [
        (lambda jr: jr.logo("🚀", size="huge"), "size must be"),
        (lambda jr: jr.logo("🚀", link="javascript:alert(1)"), "link must be an http"),
        (lambda jr: jr.logo("🚀", link=5), "link must be an http"),
        (lambda jr: jr.logo("no/such/logo.png"), "is not a URL, an existing file"),
        (lambda jr: jr.logo(":material/Not Valid:"), "not a valid Material icon"),
        (lambda jr: jr.logo(object()), "image cannot be shown"),
        (lambda jr: jr.logo("🚀", icon_image=3.5), "icon_image cannot be shown"),
    ],
)
def test_logo_refuses_garbage(draw: Any, call: Any, text: str) -> None:
    _app, run = draw(call)
    (exc,) = run.of_kind("exception")
    assert exc["ename"] in ("StreamlitAPIException", "StreamlitValueError") and text in exc["evalue"], exc
    assert not run.of_kind("logo")


# -- video: subtitles and YouTube links -----------------------------------------------------------

SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello\n\n2\n00:00:03,000 --> 00:00:04,000\nAgain\n"
VTT = "WEBVTT\n\n00:01.000 --> 00:02.000\nBonjour"


def test_video_subtitles_from_files_text_bytes_and_streams(draw: Any, tmp_path: Any) -> None:
    """Every form Streamlit takes becomes a WebVTT track (SubRip converted), labelled
    "default" alone or by its dict key; an empty track is an empty WebVTT file."""
    (tmp_path / "a.srt").write_text(SRT)
    (tmp_path / "b.vtt").write_text(VTT)
    converted = b"WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.500\nHello\n\n2\n00:00:03.000 --> 00:00:04.000\nAgain"
    cases = [
        (str(tmp_path / "a.srt"), [("default", converted)]),
        (pathlib.Path(tmp_path / "b.vtt"), [("default", VTT.encode())]),
        (SRT, [("default", converted)]),
        ("  " + VTT + "\n", [("default", VTT.encode())]),
        (SRT.encode(), [("default", converted)]),
        (b"\xff\xfe not utf-8", [("default", b"\xff\xfe not utf-8")]),  # kept: the browser judges it
        (io.BytesIO(SRT.encode()), [("default", converted)]),
        (
            {"None": "", "English": SRT, "French": VTT},
            [("None", b"WEBVTT\n"), ("English", converted), ("French", VTT.encode())],
        ),
        ("", []),
        ({}, []),
    ]
    for subtitles, want in cases:
        app, run = draw(lambda jr, s=subtitles: jr.video(b"\0" * 32, subtitles=s))
        assert run.status == "complete", (subtitles, run.messages)
        assert not [m for m in run.messages if m["type"] == "notice"]  # no "not supported" warning
        el = only(run, "video")
        got = [(t["label"], src_bytes(app, t["src"])) for t in el.get("subtitles", [])]
        assert [(label, data) for label, (data, _mime) in got] == want, subtitles
        assert all(mime in (None, "text/vtt") for _label, (_data, mime) in got)


def test_video_subtitles_refused_as_streamlit_refuses_them(draw: Any, tmp_path: Any) -> None:
    (tmp_path / "notes.txt").write_text(VTT)
    cases = [
        (str(tmp_path / "notes.txt"), "StreamlitAPIException", "must be .srt or .vtt, not '.txt'"),
        (pathlib.Path(tmp_path / "gone.vtt"), "StreamlitAPIException", "gone.vtt does not exist"),
        ("just some words", "StreamlitAPIException", "Failed to process the provided subtitle 'default'"),
        ({"Deutsch": 42}, "StreamlitAPIException", "subtitle 'Deutsch': subtitles: a track must be"),
        (42, "StreamlitInvalidParameterTypeError", "not int"),
        (["a"], "StreamlitInvalidParameterTypeError", "not list"),
    ]
    for subtitles, ename, text in cases:
        _app, run = draw(lambda jr, s=subtitles: jr.video(b"\0" * 32, subtitles=s))
        failed(run, ename, text)


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://www.youtube.com/watch?v=_T8LGqJtuGc", "_T8LGqJtuGc"),
        ("http://youtube.com/watch?feature=share&v=_T8LGqJtuGc&t=4", "_T8LGqJtuGc"),
        ("https://m.youtube.com/watch?v=_T8LGqJtuGc", "_T8LGqJtuGc"),
        ("https://youtu.be/_T8LGqJtuGc?si=x", "_T8LGqJtuGc"),
        ("https://www.youtube.com/embed/_T8LGqJtuGc", "_T8LGqJtuGc"),
        ("https://www.youtube-nocookie.com/embed/_T8LGqJtuGc", "_T8LGqJtuGc"),
        ("https://www.youtube.com/shorts/abcdefghijk", "abcdefghijk"),
        ("https://www.youtube.com/watch?v=short", None),  # not an id
        ("https://www.youtube.com/watch", None),
        ("https://example.com/watch?v=_T8LGqJtuGc", None),
        ("https://notyoutube.com/watch?v=_T8LGqJtuGc", None),
        ("https://youtu.be/", None),
        ("https://[::1/x", None),  # not a URL
        ("data:video/mp4;base64,AAAA", None),
    ],
)
def test_youtube_links_and_others(url: str, embed: str | None) -> None:
    from jupyter_reactive.kernel.media import youtube_embed

    assert youtube_embed(url) == (embed and f"https://www.youtube.com/embed/{embed}")


def test_video_of_a_youtube_link_is_youtubes_player_and_takes_no_subtitles(draw: Any) -> None:
    _app, run = draw(lambda jr: jr.video("https://youtu.be/_T8LGqJtuGc", start_time=3, loop=True))
    assert run.status == "complete", run.messages
    el = only(run, "video")
    assert (el["src"], el["youtube"], el["start_time"], el["loop"]) == (
        "https://www.youtube.com/embed/_T8LGqJtuGc",
        True,
        3,
        True,
    )
    _app, run = draw(lambda jr: jr.video("https://example.com/v.mp4"))
    assert "youtube" not in only(run, "video")
    _app, run = draw(lambda jr: jr.video("https://youtu.be/_T8LGqJtuGc", subtitles=VTT))
    failed(run, "StreamlitIncompatibleParametersError", "not supported for YouTube videos")


# -- file_uploader(max_upload_size=) ----------------------------------------------------------------


def test_uploader_max_upload_size_refuses_a_bigger_file(draw: Any, hooks: Any) -> None:
    """The page checks the limit before uploading; the kernel checks it again (a page that does
    not is refused, the value kept); the element carries it in bytes; no warning."""
    app, run = draw(lambda jr: jr.file_uploader("Small", max_upload_size=1))
    assert not [m for m in run.messages if m["type"] == "notice"]
    el = app.widget("Small")
    assert el["max_upload_size"] == 1024 * 1024
    app.state.add_files({"fits": b"x" * (1024 * 1024), "big": b"x" * (1024 * 1024 + 1)})
    msg = app.refused(el["id"], [_entry("big", "big.bin", size=1024 * 1024 + 1)])
    assert "big.bin is larger than 1 MB" in msg
    run = app.send({el["id"]: [_entry("fits", "fits.bin", size=1024 * 1024)]})
    assert run.status == "complete" and hooks.out.size == 1024 * 1024
    _app, run = draw(lambda jr: jr.file_uploader("Any"))
    assert "max_upload_size" not in _app.widget("Any")


@pytest.mark.parametrize("bad", [0, -3, True, 1.5, "5", [1]])
def test_uploader_max_upload_size_must_be_a_positive_int(draw: Any, bad: Any) -> None:
    _app, run = draw(lambda jr: jr.file_uploader("x", max_upload_size=bad))
    failed(run, "StreamlitValueError", "Expected a positive integer")
    _app, run = draw(lambda jr: jr.chat_input(accept_file=True, max_upload_size=bad))
    failed(run, "StreamlitValueError", "Expected a positive integer")


def test_uploader_max_upload_size_over_the_servers_is_lowered_with_a_warning(draw: Any) -> None:
    app, run = draw(lambda jr: (jr.file_uploader("a", max_upload_size=500), jr.file_uploader("b", max_upload_size=900)))
    assert run.status == "complete", run.messages
    assert [m["message"] for m in run.messages if m["type"] == "notice"] == [
        "jr.file_uploader(max_upload_size=500) is over the server's limit of 200 MB "
        "(server.maxUploadSize, or ReactiveApp.max_upload_size), which applies."
    ]
    assert app.widget("a")["max_upload_size"] == app.widget("b")["max_upload_size"] == 200 * 1024 * 1024


def test_uploader_changing_max_upload_size_resets_it(draw: Any, hooks: Any) -> None:
    """As in Streamlit: a file taken under one limit is not kept under another. (Streamlit also
    resets a keyed one; here a key keeps the widget, as for its type: widget_id's rule.)"""
    hooks.limit = 2
    app, _run = draw(lambda jr: jr.file_uploader("Data", max_upload_size=hooks.limit))
    first = app.widget("Data")
    app.state.add_files({"f": b"abc"})
    app.send({first["id"]: [_entry("f", "f.csv", size=3)]})
    assert hooks.out is not None
    hooks.limit = 3
    app.run()
    assert hooks.out is None and app.widget("Data")["id"] != first["id"]


def test_uploader_directory_takes_a_folders_files(draw: Any, hooks: Any) -> None:
    """``accept_multiple_files="directory"``: a list, the page told to pick a folder, more files
    than a plain multiple uploader takes; ``True`` and ``"directory"`` alone are multiple, as in
    Streamlit (a truthy ``1`` is not)."""
    app, _run = draw(lambda jr: jr.file_uploader("Folder", accept_multiple_files="directory", type="png"))
    el = app.widget("Folder")
    assert (el["multiple"], el["directory"], el["accept"]) == (True, True, [".png"])
    names = {f"f{i}": f"img{i}.png" for i in range(150)}
    app.state.add_files({fid: b"p" for fid in names})
    run = app.send({el["id"]: [_entry(fid, name, "image/png", 1) for fid, name in names.items()]})
    assert run.status == "complete", run.messages
    assert len(hooks.out) == 150
    msg = app.refused(el["id"], [_entry("f1", "notes.txt", "text/plain", 1)])
    assert "not allowed" in msg  # the page skips them; the kernel refuses them all the same
    app, _run = draw(lambda jr: jr.file_uploader("Many", accept_multiple_files=True))
    assert "directory" not in app.widget("Many") and app.widget("Many")["multiple"] is True
    app, _run = draw(lambda jr: jr.file_uploader("One", accept_multiple_files=1))
    assert app.widget("One")["multiple"] is False


def test_camera_resolution_asks_the_camera_for_a_height(draw: Any) -> None:
    app, run = draw(lambda jr: (jr.camera_input("a", resolution="1080p"), jr.camera_input("b")))
    assert run.status == "complete" and not [m for m in run.messages if m["type"] == "notice"]
    assert app.widget("a")["camera_height"] == 1080 and "camera_height" not in app.widget("b")
    for bad in ("4k", 720, "720P", True):
        _app, run = draw(lambda jr, r=bad: jr.camera_input("c", resolution=r))
        failed(run, "StreamlitValueError", "Expected one of '480p', '720p', '1080p', None")
