"""``python -m jupyter_reactive.forkserver``: the fork server process (see :func:`.server.main`).

Runs as the fork server process's ``__main__``, on its only thread.
"""

import sys

from jupyter_reactive.forkserver.server import main

sys.exit(main())
