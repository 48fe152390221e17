import sys

already = "sched" in sys.modules  # checked before this script's own import of it
import sched  # noqa: E402

import jupyter_reactive as jr  # noqa: E402

jr.write(f"preloaded: {already}")
jr.write(f"sched ok: {sched.__name__}")
