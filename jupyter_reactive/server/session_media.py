"""One session's side of media and uploads (server loop).

The kernel sends media bytes once, in ``media`` frames, and refers to them by content hash;
:class:`SessionMedia` puts them in the MediaStore (as this session's references), tells the page
which URL serves each hash, lets go of what the page no longer shows after each complete run,
and turns uploaded-file widget values (with their signed receipts) into bytes for the kernel.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from jupyter_server.utils import url_path_join

from .. import protocol
from .media import MediaStore, MediaStoreError
from .tokens import Signer


class UploadRefused(Exception):
    """A widget value names a file this session did not upload; the text is safe to show."""


class SessionMedia:
    def __init__(self, store: MediaStore, signer: Signer, base_url: str, owner: str):
        self.store = store
        self.signer = signer
        self.base_url = base_url
        self.owner = owner
        self._urls: dict[str, str] = {}  # content sha -> URL
        self._ids: dict[str, str] = {}  # content sha -> media id

    async def stored(self, header: dict[str, Any], payload: bytes) -> str:
        """Store a kernel's media frame; returns the page's ``media`` message (sha -> URL).

        Raises:
            MediaStoreError: the store refused (full, down); the caller tells the page.
        """
        sha = str(header.get("sha", ""))
        filename = header.get("filename")
        info = await self.store.put(
            payload,
            str(header.get("mimetype") or "application/octet-stream"),
            owner=self.owner,
            filename=None if filename is None else str(filename),
        )
        url = url_path_join(self.base_url, "reactive/media", info.id)
        self._urls[sha], self._ids[sha] = url, info.id
        return json.dumps({"type": protocol.MEDIA, "sha": sha, "url": url})

    def urls(self, shas: Iterable[str]) -> dict[str, str]:
        return {sha: self._urls[sha] for sha in shas if sha in self._urls}

    async def keep_only(self, shas: Iterable[str]) -> None:
        """After a complete run: media not shown any more may expire (after the store's grace)."""
        keep = {self._ids[sha] for sha in shas if sha in self._ids}
        for sha in [s for s, mid in self._ids.items() if mid not in keep]:
            self._ids.pop(sha, None)
            self._urls.pop(sha, None)
        try:
            await self.store.release(self.owner, keep)
        except MediaStoreError:
            pass  # expiry is best effort; the store's own sweep catches up

    async def release_all(self) -> None:
        await self.keep_only(())

    async def resolve_uploads(self, widget_id: str, value: Any) -> tuple[Any, dict[str, bytes]]:
        """An uploader's value as the page sent it -> the value for the kernel (receipts
        dropped) and the files' bytes by id. Other widgets' values pass through, and so do the
        other items of a list (a chat message's text before its files, files the kernel holds).

        Raises:
            UploadRefused: a receipt does not match this session and widget, or the file is gone.
        """
        if not (isinstance(value, list) and any(isinstance(v, dict) and "receipt" in v for v in value)):
            return value, {}
        files: dict[str, bytes] = {}
        clean = []
        for item in value:
            if not (isinstance(item, dict) and "receipt" in item):
                clean.append(item)
                continue
            file_id = item.get("id")
            if not isinstance(file_id, str) or not self.signer.verify(
                item.get("receipt"), "receipt", self.owner, widget_id, file_id
            ):
                raise UploadRefused("a file was not uploaded for this widget")
            data = await self.store.read(file_id)
            if data is None:
                raise UploadRefused("an uploaded file expired before it was used; upload it again")
            files[file_id] = data
            # a chat message's recording keeps its mark (`"audio": true`)
            clean.append({k: item[k] for k in ("id", "name", "type", "size", "audio") if k in item})
        return clean, files
