"""A camera asked for 720 px high photos (alone on the page: a second live stream of the same
device would get the first one's size, as an ideal constraint allows)."""

import io

from PIL import Image

import jupyter_reactive as jr

sharp = jr.camera_input("sharp", resolution="720p")
if sharp is not None:
    jr.write(f"sharp photo: {Image.open(io.BytesIO(sharp.getvalue())).size}")
