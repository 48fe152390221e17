"""The jupyter-server side of jupyter_reactive: runs in the server process, on its event loop."""
