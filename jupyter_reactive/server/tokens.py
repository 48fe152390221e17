"""Signed tokens that let any replica check a request without shared session state.

All replicas share one ``cookie_secret`` (jupyter-server's ``cookie_secret_file``); keys for
media ids, upload tokens and upload receipts are derived from it, one per purpose, so none of
them can be replayed as another.
"""

from __future__ import annotations

import hashlib
import hmac


class Signer:
    """HMAC-SHA256 tokens, each bound to its purpose and its fields."""

    def __init__(self, cookie_secret: bytes):
        self._root = bytes(cookie_secret)

    def key(self, purpose: str) -> bytes:
        return hmac.new(self._root, b"jupyter_reactive:" + purpose.encode(), hashlib.sha256).digest()

    def sign(self, purpose: str, *fields: str) -> str:
        message = "\x00".join(fields).encode("utf-8", "surrogatepass")
        return hmac.new(self.key(purpose), message, hashlib.sha256).hexdigest()

    def verify(self, token: object, purpose: str, *fields: str) -> bool:
        return isinstance(token, str) and hmac.compare_digest(token.encode(), self.sign(purpose, *fields).encode())

    # the uses -------------------------------------------------------------------------------

    def upload_token(self, session_id: str) -> str:
        """Given to the page with its session: lets it POST files for this session only."""
        return self.sign("upload", session_id)

    def receipt(self, session_id: str, widget_id: str, file_id: str) -> str:
        """Returned by the upload handler: proves this file was uploaded for this widget."""
        return self.sign("receipt", session_id, widget_id, file_id)

    def component_token(self, session_id: str) -> str:
        """In the URL of a session's component files: the component's sandboxed frame (an
        opaque origin, which sends no cookies with its requests) loads them with it."""
        return self.sign("component", session_id)

    def media_secret(self) -> bytes:
        """The MediaStore's salt for unguessable, content-addressed media ids."""
        return self.key("media")
