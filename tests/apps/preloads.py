import sys

already = "wave" in sys.modules  # checked before this script's own import of it
import wave  # noqa: E402

import jupyter_reactive as jr  # noqa: E402

jr.write(f"preloaded: {already}")
jr.write(f"wave ok: {wave.__name__}")
