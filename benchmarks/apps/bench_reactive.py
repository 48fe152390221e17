"""The benchmark app for jupyter_reactive (slider, button, checkbox, text input, selectbox; image
and upload once the media API exists — until then those rows are reported as n/a, never faked)."""

import os
import struct
import zlib

import jupyter_reactive as jr

CHOICES = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]


def noise_png(side: int = 580) -> bytes:
    """A fresh ~1 MB PNG of random RGB noise (zlib level 0: stored, not compressed)."""
    raw = b"".join(b"\x00" + os.urandom(side * 3) for _ in range(side))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 0))
        + chunk(b"IEND", b"")
    )


jr.title("Bench")
v = jr.slider("value", 0, 100, 0)
jr.write(f"value: {v}")
if "clicks" not in jr.session_state:
    jr.session_state.clicks = 0
if jr.button("inc"):
    jr.session_state.clicks += 1
jr.write(f"clicks: {jr.session_state.clicks}")
flag = jr.checkbox("flag")
jr.write(f"flag: {flag}")
name = jr.text_input("name")
jr.write(f"name: {name}")
choice = jr.selectbox("choice", CHOICES)
jr.write(f"choice: {choice}")
show = jr.checkbox("show image")
if show and hasattr(jr, "image"):  # media lands in a later issue
    jr.image(noise_png(), caption="noise")
if hasattr(jr, "file_uploader"):
    f = jr.file_uploader("upload")
    if f is not None:
        jr.write(f"size: {f.size}")
