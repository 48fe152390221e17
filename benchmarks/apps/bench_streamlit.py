"""The benchmark app for Streamlit: slider, button, checkbox, text input,
selectbox, checkbox with a fresh ~1 MB PNG, uploader."""

import os
import struct
import zlib

import streamlit as st

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


st.title("Bench")
v = st.slider("value", 0, 100, 0)
st.write(f"value: {v}")
if "clicks" not in st.session_state:
    st.session_state.clicks = 0
if st.button("inc"):
    st.session_state.clicks += 1
st.write(f"clicks: {st.session_state.clicks}")
flag = st.checkbox("flag")
st.write(f"flag: {flag}")
name = st.text_input("name")
st.write(f"name: {name}")
choice = st.selectbox("choice", CHOICES)
st.write(f"choice: {choice}")
if st.checkbox("show image"):
    st.image(noise_png(), caption="noise")
f = st.file_uploader("upload")
if f is not None:
    st.write(f"size: {f.size}")
