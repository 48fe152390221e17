"""Reports facts about the kernel it runs in (for the kernel-pool tests)."""

from IPython import get_ipython

import jupyter_reactive as jr

jr.write(f"history: {get_ipython().history_manager.enabled}")
