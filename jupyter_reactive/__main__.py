"""``python -m jupyter_reactive serve app.py`` — the same as ``jupyter reactive serve app.py``."""

from jupyter_reactive.cli import main

main()
