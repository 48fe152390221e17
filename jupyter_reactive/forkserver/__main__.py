"""``python -m jupyter_reactive.forkserver``: the fork server process (see :func:`.server.main`).

Runs as the fork server process's ``__main__``, on its only thread. With ``--page-file``, the
arena allocator of the file-backed heap (:mod:`.pagefile`) is installed first, before the
imports whose objects it is for.
"""

import sys

if "--page-file" in sys.argv[1:]:
    from jupyter_reactive.forkserver import pagefile

    pagefile.install()

from jupyter_reactive.forkserver.server import main

sys.exit(main())
