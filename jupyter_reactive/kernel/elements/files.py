"""File widgets: ``download_button``, ``file_uploader``, ``camera_input`` (script thread; see
:mod:`.widget_base`).

Uploads never pass through the kernel's comm as base64: the page POSTs each file to the
server's upload handler (any replica), which stores it and returns a signed receipt; the page
then sends the widget value (file ids, names, sizes, types, receipts); the session checks the
receipts, reads the bytes from the MediaStore and hands them to this kernel as comm buffers.
:class:`~.state.SessionState` keeps those bytes by file id until the widget lets them go.
"""

from __future__ import annotations

import io
import mimetypes
import os
from collections.abc import Sequence
from typing import Any, Literal

from ..errors import StreamlitValueError
from ..media import MediaBlob, download_blob
from ..params import IconPosition, Width, WidthWithoutContent, laid_out
from ..state import WidgetValueError
from .widget_base import ButtonType, Callback, LabelVisibility, WidgetBase, trigger, widget_id
from .widgets import button_extra

_MB = 1024 * 1024


def upload_limit(container: WidgetBase, function: str, max_upload_size: Any) -> int | None:
    """An uploader's ``max_upload_size`` (megabytes, a positive int; None: the server's) as
    bytes, checked as Streamlit checks it. The server's limit (``server.maxUploadSize``,
    ``ReactiveApp.max_upload_size``) stays the most any upload may be: a larger one is lowered
    to it, and the viewer is told once per session."""
    if max_upload_size is None:
        return None
    if isinstance(max_upload_size, bool) or not isinstance(max_upload_size, int) or max_upload_size < 1:
        raise StreamlitValueError(
            f"Invalid value for max_upload_size: {max_upload_size!r}. Expected a positive integer. "
            "Set it to None to fall back to the `server.maxUploadSize` configuration option."
        )
    limit = max_upload_size * _MB
    ctx = container._run_context()
    if ctx is None or limit <= ctx.max_upload_size:
        return limit
    told = (function, "max_upload_size over the server's")
    if told not in ctx.warned:
        ctx.warned.add(told)
        ctx.writer.outbox.notice(
            "warning",
            f"jr.{function}(max_upload_size={max_upload_size}) is over the server's limit of "
            f"{ctx.max_upload_size // _MB} MB (server.maxUploadSize, or ReactiveApp.max_upload_size), "
            "which applies.",
        )
    return ctx.max_upload_size


_MAX_FILES = 100
_CAMERA_HEIGHTS = {"480p": 480, "720p": 720, "1080p": 1080}  # camera_input(resolution=)
_MAX_FOLDER_FILES = 10_000  # a folder's files (accept_multiple_files="directory")


class UploadedFile(io.BytesIO):
    """What ``jr.file_uploader`` returns, like Streamlit's: a BytesIO with ``name``, ``type``,
    ``size`` and ``file_id``; ``getvalue()`` and ``read()`` give the bytes."""

    def __init__(self, file_id: str, name: str, mimetype: str, data: bytes):
        super().__init__(data)
        self.file_id = file_id
        self.name = name
        self.type = mimetype
        self.size = len(data)

    def __repr__(self) -> str:
        return f"UploadedFile(name={self.name!r}, type={self.type!r}, size={self.size})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadedFile) and other.file_id == self.file_id

    __hash__ = None  # type: ignore[assignment]


def _accepts(types: Sequence[str] | None, name: str) -> bool:
    if not types:
        return True
    ext = os.path.splitext(name)[1].lower()
    return ext in types


def _normalise_types(type: Any) -> list[str] | None:
    if type is None:
        return None
    items = [type] if isinstance(type, str) else list(type)
    out = []
    for t in items:
        t = str(t).strip().lower()
        if not t:
            continue
        out.append(t if t.startswith(".") else "." + t)
    return out or None


class FilesMixin(WidgetBase):
    """Downloads, uploads and camera photos."""

    @laid_out("width", "use_container_width", "wrap")
    def download_button(
        self,
        label: str,
        data: Any,
        file_name: str | None = None,
        mime: str | None = None,
        key: str | None = None,
        help: str | None = None,
        on_click: Callback | Literal["rerun", "ignore"] = "rerun",
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        type: ButtonType = "secondary",
        icon: str | None = None,
        disabled: bool = False,
        use_container_width: bool = False,
        icon_position: IconPosition = "left",
        width: Width = "content",
        shortcut: str | None = None,
        wrap: bool | None = None,
    ) -> bool:
        """Show a button that downloads ``data`` as a file; True for the run that follows a
        click, like a button (with ``on_click="ignore"`` a click only downloads: no rerun, and
        the call always returns False). Not inside a form.

        Args:
            label: the button's text.
            data: the file's content: bytes, text, or a file object; or a function of no
                arguments that returns one, called only when the viewer clicks (its ``jr.*``
                calls draw nothing).
            file_name: the name the browser saves it as.
            mime: its MIME type (by default guessed from ``file_name``, or text/bytes).
            key: a unique key for the widget.
            help: a tooltip shown on the button.
            on_click: ``"rerun"``, ``"ignore"`` (no rerun), or a callable called (with ``args``
                and ``kwargs``) before the run the click starts.
            args: positional arguments for ``on_click``.
            kwargs: keyword arguments for ``on_click``.
            type: ``"primary"`` (emphasised), ``"secondary"`` or ``"tertiary"`` (text only).
            icon: an emoji, ``":material/icon_name:"`` or ``"spinner"`` before the label.
            disabled: show the button greyed out and unclickable.
            use_container_width: stretch the button to its container's width.
            icon_position: ``"left"`` (before the label) or ``"right"`` (after it).
            width: ``"content"``, ``"stretch"`` or a width in pixels.
            shortcut: a key combination that presses the button, as a click would (the file is
                downloaded; see ``button``'s ``shortcut``).
        """
        if self._form()[0] is not None:
            raise RuntimeError("jr.download_button() can't be used in a form")
        if on_click is not None and on_click not in ("rerun", "ignore") and not callable(on_click):
            raise ValueError(f'on_click must be "rerun", "ignore" or a callable, not {on_click!r}')
        deferred = callable(data) and not hasattr(data, "read")
        if deferred:
            # made when the viewer clicks (Streamlit 1.67): nothing is computed or sent now
            name = file_name or "download"
            src: dict[str, Any] = {"media": ""}
            media: list[MediaBlob] = []
            meta: dict[str, Any] = {
                "file_name": name,
                "mimetype": mime or mimetypes.guess_type(name)[0] or "application/octet-stream",
            }
            size = 0
        else:
            blob = download_blob(data, file_name, mime)
            src, media, size = {"media": blob.sha}, [blob], len(blob.data)
            meta = {"file_name": blob.filename, "mimetype": blob.mimetype}
        extra = button_extra(self, "download_button", type, use_container_width, width, icon, icon_position, shortcut)
        parts = () if "shortcut" not in extra else (("shortcut", extra["shortcut"]),)
        if on_click == "ignore":
            extra["ignore_rerun"] = True
        if deferred:
            extra["deferred"] = True
        clicked = self._widget(
            "download_button",
            label,
            False,
            trigger,
            bool,
            key=key,
            help=help,
            on_change=on_click if callable(on_click) else None,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            trigger=True,
            parts=parts,
            extra={**extra, "src": src, **meta, "size": size},
            media=media,
        )
        ctx = self._run_context()
        if deferred and ctx is not None:
            from ..downloads import Deferred

            wid = widget_id("download_button", label, None if key is None else str(key), parts, None)
            ctx.downloads.add(wid, Deferred(data, file_name, mime))
        return clicked

    def _file_widget(
        self,
        kind: str,
        label: str,
        types: list[str] | None,
        multiple: bool,
        key: str | None,
        help: str | None,
        on_change: Callback,
        args: Any,
        kwargs: Any,
        disabled: bool,
        label_visibility: str,
        max_size: int | None = None,
        directory: bool = False,
        camera_height: int | None = None,
    ) -> Any:
        ctx = self._run_context()
        state = ctx.state if ctx is not None else None

        def deserialize(wire: Any) -> Any:
            if wire is None or wire == []:
                return [] if multiple else None
            most = _MAX_FOLDER_FILES if directory else _MAX_FILES if multiple else 1
            if not isinstance(wire, list) or len(wire) > most:
                raise WidgetValueError("expected a list of uploaded files" if multiple else "expected one file")
            files = []
            for item in wire:
                if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("id", "name", "type")):
                    raise WidgetValueError("each file needs an id, a name and a type")
                name = item["name"]
                if not _accepts(types, name):
                    raise WidgetValueError(f"file type not allowed (allowed: {', '.join(types or [])})")
                data = state.file_bytes(item["id"]) if state is not None else None
                if data is None:
                    raise WidgetValueError("the file's content did not arrive")
                if max_size is not None and len(data) > max_size:
                    raise WidgetValueError(f"{name} is larger than {max_size // _MB} MB")
                files.append(UploadedFile(item["id"], name, item["type"], data))
            return files if multiple else files[0]

        def serialize(value: Any) -> Any:
            files = value if isinstance(value, list) else ([] if value is None else [value])
            return [{"id": f.file_id, "name": f.name, "type": f.type, "size": f.size} for f in files]

        return self._widget(
            kind,
            label,
            [] if multiple else None,
            deserialize,
            serialize,
            key=key,
            help=help,
            on_change=on_change,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility=label_visibility,
            parts=(tuple(types or ()), multiple, max_size, directory, camera_height),
            keyed=(tuple(types or ()), multiple, directory, max_size) if kind == "file_uploader" else None,
            extra={
                "multiple": multiple,
                "accept": types,
                **({} if max_size is None else {"max_upload_size": max_size}),
                **({"directory": True} if directory else {}),
                **({} if camera_height is None else {"camera_height": camera_height}),
            },
        )

    @laid_out("width", content=False)
    def file_uploader(
        self,
        label: str,
        type: str | Sequence[str] | None = None,
        accept_multiple_files: bool | Literal["directory"] = False,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        disabled: bool = False,
        label_visibility: LabelVisibility = "visible",
        max_upload_size: int | None = None,
        width: WidthWithoutContent = "stretch",
    ) -> Any:
        """Show a file picker; returns None (or [] with ``accept_multiple_files``) until the
        viewer picks files, then :class:`UploadedFile` objects (BytesIO with ``name``, ``type``,
        ``size``).

        Args:
            label: the text above the picker.
            type: the allowed extensions (``"csv"`` or ``["csv", ".txt"]``), enforced here, not
                only in the browser's file dialog; None for any file.
            accept_multiple_files: ``True``: let the viewer pick several files, adding to those
                picked before (returns a list); ``"directory"``: a folder, all its files and its
                subfolders' (those of the allowed types, the others skipped); ``False``: one.
            key: a unique key; the value is then also ``session_state[key]``.
            help: a tooltip shown next to the label.
            on_change: called (with ``args`` and ``kwargs``) before the run a change starts.
            args: positional arguments for ``on_change``.
            kwargs: keyword arguments for ``on_change``.
            disabled: show it greyed out and unusable.
            label_visibility: ``"visible"``, ``"hidden"`` (space kept) or ``"collapsed"``.
            max_upload_size: the largest file this uploader takes, in megabytes (a positive
                int); None: the server's limit (``server.maxUploadSize``, or
                ``ReactiveApp.max_upload_size``). The server's limit stays the most any upload
                may be: a larger one is lowered to it, with a warning. Checked in the page
                before the upload and again in the kernel; changing it resets the widget.
        """
        directory = accept_multiple_files == "directory"
        max_size = upload_limit(self, "file_uploader", max_upload_size)
        return self._file_widget(
            "file_uploader",
            label,
            _normalise_types(type),
            accept_multiple_files is True or directory,
            key,
            help,
            on_change,
            args,
            kwargs,
            disabled,
            label_visibility,
            max_size,
            directory,
        )

    @laid_out("width", content=False)
    def camera_input(
        self,
        label: str,
        key: str | None = None,
        help: str | None = None,
        on_change: Callback = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        *,
        disabled: bool = False,
        label_visibility: LabelVisibility = "visible",
        resolution: Literal["480p", "720p", "1080p"] | None = None,
        width: WidthWithoutContent = "stretch",
    ) -> UploadedFile | None:
        """Show a camera view with a button that takes a photo; returns the photo (an
        :class:`UploadedFile` holding an image), or None until one is taken.

        Args:
            label: the text above the camera view.
            key: a unique key; the value is then also ``session_state[key]``.
            help: a tooltip shown next to the label.
            on_change: called (with ``args`` and ``kwargs``) before the run a change starts.
            args: positional arguments for ``on_change``.
            kwargs: keyword arguments for ``on_change``.
            disabled: show it greyed out and unusable.
            label_visibility: ``"visible"``, ``"hidden"`` (space kept) or ``"collapsed"``.
            resolution: ``"480p"``, ``"720p"`` or ``"1080p"``: the photo's height asked of the
                camera (its width by the camera's aspect ratio; the browser takes the nearest the
                camera has); None: the camera's default.
        """
        if resolution is not None and resolution not in _CAMERA_HEIGHTS:
            raise StreamlitValueError(
                f"Invalid value for resolution: {resolution!r}. Expected one of '480p', '720p', '1080p', None."
            )
        return self._file_widget(
            "camera_input",
            label,
            [".jpg", ".jpeg", ".png", ".webp"],
            False,
            key,
            help,
            on_change,
            args,
            kwargs,
            disabled,
            label_visibility,
            camera_height=_CAMERA_HEIGHTS.get(resolution) if resolution else None,
        )
