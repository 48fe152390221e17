"""The kernel side of jupyter_reactive: everything here runs inside the session's ipykernel.

Nothing in this package imports ``jupyter_reactive.server``, tornado, jupyter_server or
jupyter_client; only :mod:`.bridge` knows about comms.
"""
