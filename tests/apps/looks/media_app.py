"""Media elements for scripts/visual-compare."""

import io
import math
import struct
import wave

import numpy as np

import jupyter_reactive as jr

jr.title("Media")
img = np.zeros((120, 240, 3), dtype=np.uint8)
img[:, :, 0] = np.linspace(0, 255, 240, dtype=np.uint8)
img[:, :, 2] = 160
jr.image(img, caption="A gradient")
jr.image(img, caption="Stretched", use_container_width=True)
buf = io.BytesIO()
with wave.open(buf, "wb") as w:
    w.setnchannels(1)
    w.setsampwidth(2)
    w.setframerate(8000)
    w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i / 10))) for i in range(8000)))
jr.audio(buf.getvalue(), format="audio/wav")
jr.video("https://example.invalid/clip.mp4")
