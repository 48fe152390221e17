"""``python -m jupyter_reactive serve app.py`` — the same as ``jupyter reactive serve app.py``."""

from jupyter_reactive.server.app import main

main()
