"""Chat apps: ``chat_input``, ``chat_message``, ``write_stream`` (script thread; see
:mod:`.widget_base`).

``chat_input`` is a *trigger with a value*: a submitted message is what it returns for exactly
the run the submission starts, and None in every other run (:mod:`..state`). Its wire value is a
list, ``[text, file, file...]``: the text first, then the references of the files the page
uploaded beforehand (the same upload path and receipts as ``file_uploader``; the session checks
the receipts and hands the bytes over with the value, see :mod:`.files`).

``write_stream`` writes text chunks into one placeholder as they arrive; the outbox's flusher
sends what is queued a few milliseconds after each write, so every chunk reaches the page while
the script is still running.
"""

from __future__ import annotations

import asyncio
import inspect
import mimetypes
import os
import re
import threading
from collections.abc import AsyncIterator, Callable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ... import protocol
from ..errors import StreamlitAPIException, StreamlitValueError
from ..media import MediaBlob, image_blob, reference
from ..params import Height, Width, WidthWithoutContent, warn
from ..state import WidgetValueError
from .buttons import check_sample_rate, is_wav
from .files import UploadedFile, upload_limit
from .widget_base import WidgetBase

if TYPE_CHECKING:
    from ..container import Container

_MAX_FILES = 100
_USER_NAMES = ("user", "human")
_ASSISTANT_NAMES = ("assistant", "ai")
_MATERIAL = re.compile(r":material/([a-z0-9_]{1,64}):")


@dataclass(repr=False)
class ChatInputValue(MutableMapping[str, Any]):
    """What ``jr.chat_input(accept_file=..., accept_audio=...)`` returns for a submission, like
    Streamlit's: the message as ``.text`` (``""`` when only files or a recording were sent), the
    attached files as ``.files`` (a list of :class:`~.files.UploadedFile`) when it takes files,
    the recording as ``.audio`` (a WAV ``UploadedFile``, or None) when it takes audio. Also a
    mapping of those keys: ``value["text"]``, ``dict(value)``."""

    text: str
    files: list[UploadedFile] = field(default_factory=list)
    audio: UploadedFile | None = None
    _include_files: bool = field(default=True, repr=False, compare=False)
    _include_audio: bool = field(default=False, repr=False, compare=False)

    def _keys(self) -> tuple[str, ...]:
        return ("text",) + (("files",) if self._include_files else ()) + (("audio",) if self._include_audio else ())

    def __getattribute__(self, name: str) -> Any:
        if name == "files" and not object.__getattribute__(self, "_include_files"):
            raise AttributeError("'ChatInputValue' object has no attribute 'files' (accept_file=False)")
        if name == "audio" and not object.__getattribute__(self, "_include_audio"):
            raise AttributeError("'ChatInputValue' object has no attribute 'audio' (accept_audio=False)")
        return object.__getattribute__(self, name)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self._keys()}

    def __getitem__(self, key: str) -> Any:
        if key not in self._keys():
            raise KeyError(f"Invalid key: {key}")
        return getattr(self, key)

    def __setitem__(self, key: str, value: Any) -> None:
        if key not in self._keys():
            raise KeyError(f"Invalid key: {key}")
        setattr(self, key, value)

    def __delitem__(self, key: str) -> None:
        raise KeyError(f"{key} cannot be removed from a ChatInputValue")

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())

    def __repr__(self) -> str:
        return "ChatInputValue(" + ", ".join(f"{k}={getattr(self, k)!r}" for k in self._keys()) + ")"


_WAV_TYPES = ("audio/wav", "audio/wave", "audio/x-wav")


def _recording(item: dict[str, Any], state: Any) -> UploadedFile:
    """A chat message's recording (a file reference marked ``"audio": true`` in its value): a
    ``.wav`` file of a WAV type holding a WAV, as Streamlit requires."""
    if item.get("audio") is not True or not all(isinstance(item.get(k), str) for k in ("id", "name", "type")):
        raise WidgetValueError("a recording needs an id, a name and a type")
    if not item["name"].lower().endswith(".wav") or item["type"] not in _WAV_TYPES:
        raise WidgetValueError("a recording must be a .wav file of type audio/wav")
    data = state.file_bytes(item["id"]) if state is not None else None
    if data is None:
        raise WidgetValueError("the recording's content did not arrive")
    if not is_wav(data):
        raise WidgetValueError("a recording must be a WAV file")
    return UploadedFile(item["id"], item["name"], item["type"], data)


class StreamingOutput(list[Any]):
    """What ``write_stream`` returns when the stream held more than text: the pieces it wrote,
    in order; ``jr.write`` of it writes them again the same way."""


def _file_types(file_type: str | Sequence[str] | None) -> list[str] | None:
    """Streamlit's ``file_type``: extensions (``"csv"``, ``".csv"``), MIME types
    (``"image/png"``), wildcards (``"image/*"``) and media types (``"image"``)."""
    if file_type is None:
        return None
    items = [file_type] if isinstance(file_type, str) else list(file_type)
    out = []
    for item in items:
        t = str(item).strip().lower()
        if not t:
            continue
        if "/" in t or t.startswith("."):
            out.append(t)
        elif t in ("image", "audio", "video", "text"):
            out.append(t + "/*")
        else:
            out.append("." + t)
    return out or None


def _accepts(types: list[str] | None, name: str, mimetype: str) -> bool:
    if not types:
        return True
    ext = os.path.splitext(name)[1].lower()
    mime = (mimetype or mimetypes.guess_type(name)[0] or "").lower()
    for t in types:
        if t.startswith("."):
            if ext == t:
                return True
        elif t.endswith("/*"):
            if mime.startswith(t[:-1]):
                return True
        elif mime == t:
            return True
    return False


def _is_emoji(text: str) -> bool:
    """A short run of non-ASCII symbols (an emoji, maybe with modifiers or joiners)."""
    return 0 < len(text) <= 16 and all(ord(c) > 0x7F for c in text) and not any(c.isalnum() for c in text)


def _close_open_markdown(text: str) -> str:
    """Streamed markdown cut mid-way: close an open code fence, inline code span or ``**`` so
    the partial text renders as it will once complete."""
    fences = len(re.findall(r"^\s*```", text, flags=re.MULTILINE))
    if fences % 2:
        return text + "\n```"
    if text.count("`") % 2:
        return text + "`"
    if text.count("**") % 2:
        return text.rstrip() + "**"
    return text


def _chunk_text(chunk: Any) -> Any:
    """An OpenAI chat-completion chunk or Responses event, or a LangChain message chunk, as the
    text it carries; anything else unchanged."""
    if isinstance(chunk, (str, bytes)) or chunk is None:
        return chunk
    choices = getattr(chunk, "choices", None)
    if isinstance(choices, (list, tuple)):  # OpenAI chat completions: choices[0].delta.content
        if not choices or getattr(choices[0], "delta", None) is None:
            return ""
        return getattr(choices[0].delta, "content", None) or ""
    module = type(chunk).__module__ or ""
    if module.startswith("openai.") and isinstance(getattr(chunk, "type", None), str):
        # OpenAI Responses API events: only the text deltas carry text
        return (getattr(chunk, "delta", "") or "") if chunk.type.endswith("text.delta") else ""
    if type(chunk).__name__ in ("AIMessageChunk", "AIMessage") or module.startswith("langchain"):
        content = getattr(chunk, "content", None)
        if isinstance(content, str):
            return content
    return chunk


def _from_async(agen: AsyncIterator[Any]) -> Iterator[Any]:
    """An async generator as a plain one: driven on an event loop of its own thread, so it works
    whether or not the script's thread already runs a loop (the kernel's may)."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="jupyter-reactive-stream", daemon=True)
    thread.start()
    try:
        while True:
            future: Any = asyncio.run_coroutine_threadsafe(agen.__anext__(), loop)  # type: ignore[arg-type]
            try:
                item = future.result()
            except StopAsyncIteration:
                return
            yield item
    finally:
        aclose = getattr(agen, "aclose", None)
        if aclose is not None:
            try:
                asyncio.run_coroutine_threadsafe(aclose(), loop).result(timeout=5)
            except Exception:
                pass
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        loop.close()


def is_stream(obj: Any) -> bool:
    """What ``jr.write`` hands to ``write_stream``: generators (and their functions), async
    generators, and OpenAI ``Stream`` objects."""
    return (
        inspect.isgenerator(obj)
        or inspect.isgeneratorfunction(obj)
        or inspect.isasyncgen(obj)
        or inspect.isasyncgenfunction(obj)
        or (type(obj).__name__ in ("Stream", "AsyncStream") and (type(obj).__module__ or "").startswith("openai"))
    )


class ChatMixin(WidgetBase):
    """Chat input, chat messages and streamed text."""

    def chat_input(
        self,
        placeholder: str = "Your message",
        *,
        key: str | None = None,
        max_chars: int | None = None,
        max_upload_size: int | None = None,
        accept_file: bool | Literal["multiple", "directory"] = False,
        file_type: str | Sequence[str] | None = None,
        accept_audio: bool = False,
        audio_sample_rate: int | None = 16000,
        disabled: bool = False,
        submit_mode: Literal["submit", "disable", "stop"] = "submit",
        on_submit: Callable[..., Any] | None = None,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        width: WidthWithoutContent = "stretch",
        height: Height = "content",
    ) -> str | ChatInputValue | None:
        """Show a chat input: a text box that sends its message on Enter (Shift+Enter for a new
        line). In the main column, outside any container, it is pinned to the bottom of the
        page; inside a container, column or the sidebar it stays where it is called.

        Returns the submitted message for exactly the run the submission starts, else None:
        the text, or with ``accept_file`` a :class:`ChatInputValue` (``.text``, ``.files``).

        Args:
            placeholder: the grey text shown while it is empty; also its accessible name.
            key: a unique key; during the run a message starts, ``session_state[key]`` holds it.
            max_chars: the longest message accepted.
            max_upload_size: the largest file accepted, in megabytes (default: the server's).
            accept_file: ``True`` lets the viewer attach one file, ``"multiple"`` several,
                ``"directory"`` a folder's files.
            file_type: the allowed files: extensions (``"csv"``), MIME types (``"image/png"``,
                ``"image/*"``) or media types (``"image"``); None for any.
            disabled: show it greyed out; nothing can be sent.
            submit_mode: what the input does while the run a message started goes on:
                ``"submit"`` stays usable, ``"disable"`` is greyed out until the run ends;
                ``"stop"`` (a stop button in place of send) is drawn as ``"disable"`` (warns).
            on_submit: called (with ``args`` and ``kwargs``) before the run a message starts.
            args: positional arguments for ``on_submit``.
            kwargs: keyword arguments for ``on_submit``.
            width: ``"stretch"`` (its container's width) or a width in pixels.
        """
        if accept_file not in (True, False, "multiple", "directory"):
            raise ValueError(f"accept_file must be True, False, 'multiple' or 'directory', not {accept_file!r}")
        if max_chars is not None and (isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1):
            raise ValueError("max_chars must be a positive number of characters or None")
        if width != "stretch" and (isinstance(width, bool) or not isinstance(width, int) or width < 1):
            raise ValueError('width must be "stretch" or a positive number of pixels')
        if submit_mode not in ("submit", "disable", "stop"):
            raise ValueError("submit_mode must be 'submit', 'disable' or 'stop'")
        if self._form()[0] is not None:
            raise RuntimeError("jr.chat_input() can't be used in a jr.form()")
        if submit_mode == "stop":
            warn(self, "chat_input", "submit_mode")
        if (
            height != "content"
            and height != "stretch"
            and (isinstance(height, bool) or not isinstance(height, int) or height < 1)
        ):
            raise StreamlitValueError(
                f'Invalid height value {height!r} for chat_input: height must be "stretch", "content" or a '
                "positive integer (pixels)"
            )
        if not isinstance(accept_audio, bool):
            raise StreamlitAPIException(f"accept_audio must be True or False, not {accept_audio!r}")
        check_sample_rate(audio_sample_rate, "audio_sample_rate")
        text_only = accept_file is False and not accept_audio
        most = 1 if accept_file is True else _MAX_FILES
        types = None if text_only else _file_types(file_type)
        limit = upload_limit(self, "chat_input", max_upload_size)
        ctx = self._run_context()
        state = ctx.state if ctx is not None else None

        def deserialize(wire: Any) -> str | ChatInputValue:
            if not isinstance(wire, list) or not wire or not isinstance(wire[0], str):
                raise WidgetValueError("a chat message is [text, files...]")
            text, refs = wire[0], wire[1:]
            if max_chars is not None and len(text) > max_chars:
                raise WidgetValueError(f"message longer than {max_chars} characters")
            if text_only:
                if refs:
                    raise WidgetValueError("this chat input takes no files")
                if not text:
                    raise WidgetValueError("an empty message")
                return text
            audio = None
            recordings = [r for r in refs if isinstance(r, dict) and "audio" in r]
            if recordings:
                if not accept_audio:
                    raise WidgetValueError("this chat input takes no recording")
                if len(recordings) > 1:
                    raise WidgetValueError("one recording per message")
                audio = _recording(recordings[0], state)
                refs = [r for r in refs if r is not recordings[0]]
            if refs and accept_file is False:
                raise WidgetValueError("this chat input takes no files")
            if len(refs) > most:
                raise WidgetValueError(f"at most {most} file{'s' if most > 1 else ''} per message")
            if not text and not refs and audio is None:
                raise WidgetValueError("an empty message")
            files = []
            for item in refs:
                if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("id", "name", "type")):
                    raise WidgetValueError("each file needs an id, a name and a type")
                if not _accepts(types, item["name"], item["type"]):
                    raise WidgetValueError(f"file type not allowed (allowed: {', '.join(types or [])})")
                data = state.file_bytes(item["id"]) if state is not None else None
                if data is None:
                    raise WidgetValueError("the file's content did not arrive")
                if limit is not None and len(data) > limit:
                    raise WidgetValueError(f"{item['name']} is larger than {limit // (1024 * 1024)} MB")
                files.append(UploadedFile(item["id"], item["name"], item["type"], data))
            return ChatInputValue(
                text, files, audio, _include_files=accept_file is not False, _include_audio=accept_audio
            )

        def ref(f: UploadedFile) -> dict[str, Any]:
            return {"id": f.file_id, "name": f.name, "type": f.type, "size": f.size}

        def serialize(value: Any) -> Any:
            if isinstance(value, ChatInputValue):
                out: list[Any] = [value.text]
                if value._include_files:
                    out += [ref(f) for f in value.files]
                if value._include_audio and value.audio is not None:
                    out.append({**ref(value.audio), "audio": True})
                return out
            return None if value is None else [str(value)]

        here = self._here()
        extra: dict[str, Any] = {
            "placeholder": str(placeholder),
            "max_chars": max_chars,
            "accept_file": accept_file,
            "file_type": types,
            # Streamlit's rule: the main column itself (no container around the call) pins it
            "position": "bottom" if here._path == (protocol.MAIN,) else "inline",
        }
        if submit_mode != "submit":
            extra["submit_mode"] = "disable"
        if height != "content":
            extra["height"] = height
            if height == "stretch":  # the element fills its container's height: layout.ts's rule
                extra["sizing"] = {"height": "stretch"}
        if accept_audio:
            extra["accept_audio"] = True
            extra["audio_sample_rate"] = audio_sample_rate
        if limit is not None:
            extra["max_upload_size"] = limit
        if isinstance(width, int):
            extra["width"] = width
        text = state.take_text(key) if state is not None and key is not None else None
        if text is not None and ctx is not None:  # session_state[key] = "...": into the box, unsent
            extra["text"] = text if max_chars is None else text[:max_chars]
            extra["text_run"] = ctx.run
        return self._widget(
            "chat_input",
            str(placeholder),
            None,
            deserialize,
            serialize,
            key=key,
            help=None,
            on_change=on_submit,
            args=args,
            kwargs=kwargs,
            disabled=disabled,
            label_visibility="collapsed",
            trigger=True,
            parts=(max_chars, accept_file, tuple(types or ()), max_upload_size, accept_audio, audio_sample_rate),
            keyed=(accept_file, tuple(types or ()), max_chars, max_upload_size),
            extra=extra,
        )

    def chat_message(
        self,
        name: Literal["user", "assistant", "ai", "human"] | str,
        *,
        avatar: Literal["user", "assistant"] | str | Any | None = None,
        width: Width = "stretch",
    ) -> Container:
        """Add a chat message: a container with an avatar beside it, holding any elements.
        Use ``with jr.chat_message("user"):`` or call methods on it.

        Args:
            name: who wrote it: ``"user"``/``"human"`` and ``"assistant"``/``"ai"`` get their
                own avatar and colours; any other name is shown by its initial. It is also the
                message's accessible name.
            avatar: an emoji, ``":material/icon_name:"``, ``"user"``/``"assistant"``, or an
                image (URL, file path, bytes, PIL image or numpy array).
            width: ``"stretch"`` (its container's width), ``"content"`` or pixels.
        """
        if name is None:
            raise ValueError("jr.chat_message() needs a name")
        name = str(name)
        if width not in ("stretch", "content") and (isinstance(width, bool) or not isinstance(width, int) or width < 1):
            raise ValueError('width must be "stretch", "content" or a positive number of pixels')
        if avatar is None and (name.lower() in _USER_NAMES + _ASSISTANT_NAMES or _is_emoji(name)):
            avatar = name.lower()
        avatar_type, value, media = self._avatar(avatar, name)
        el: dict[str, Any] = {
            "kind": "block",
            "layout": "chat_message",
            "name": name,
            "avatar_type": avatar_type,
            "avatar": value,
        }
        if width != "stretch":
            el["width"] = width
        path = self._emit(el, media=media)
        return self._child(path)

    def _avatar(self, avatar: Any, name: str) -> tuple[str, Any, list[MediaBlob]]:
        """(avatar_type, avatar, media to send) for the element."""
        if avatar is None:
            initial = next((c for c in name if not c.isspace()), "")
            return "initial", initial.upper(), []
        if isinstance(avatar, str):
            low = avatar.lower()
            if low in _USER_NAMES:
                return "user", "", []
            if low in _ASSISTANT_NAMES:
                return "assistant", "", []
            icon = _MATERIAL.fullmatch(avatar)
            if icon:
                return "material", icon.group(1), []
            if avatar.startswith(":material"):
                raise ValueError(f"{avatar!r} is not a valid Material icon: write ':material/icon_name:'")
            if _is_emoji(avatar):
                return "emoji", avatar, []
        try:
            blob = image_blob(avatar)
        except Exception as err:
            raise ValueError("Failed to load the provided avatar value as an image.") from err
        if isinstance(blob, str):
            return "image", blob, []
        ctx = self._run_context()
        ref = reference(blob, ctx.inline_threshold if ctx is not None else 0)
        return "image", ref, [] if isinstance(ref, str) else [blob]

    def write_stream(self, stream: Any, *, cursor: str | None = None) -> list[Any] | str:
        """Write a stream's chunks as they arrive: text chunks join into one markdown element
        that grows with each chunk; anything else is written with ``jr.write`` (and a callable
        chunk is called). Takes a generator (or generator function), any iterable, an async
        generator, or an OpenAI / LangChain stream (the text of each chunk is used).

        Returns the whole text, or, when the stream held more than text, the list of what was
        written (``jr.write`` of it shows the same again).

        Args:
            stream: what to stream.
            cursor: text shown after the streamed text while it grows (``"▏"``).
        """
        if isinstance(stream, (str, bytes)) or (
            hasattr(stream, "columns") and hasattr(stream, "shape") and not inspect.isclass(stream)
        ):
            raise TypeError(f"write_stream takes a generator or a stream, not a {type(stream).__name__}: use jr.write")
        if inspect.isgeneratorfunction(stream) or inspect.isasyncgenfunction(stream):
            stream = stream()
        if inspect.isasyncgen(stream) or (hasattr(stream, "__anext__") and not hasattr(stream, "__next__")):
            stream = _from_async(stream)
        try:
            chunks = iter(stream)
        except TypeError:
            raise TypeError(
                f"write_stream cannot iterate a {type(stream).__name__}: give it a generator, a generator "
                "function or an iterable"
            ) from None
        here = self._here()
        written = StreamingOutput()
        slot: Container | None = None
        text = ""

        def flush() -> None:
            nonlocal slot, text
            if slot is not None and text:
                slot.markdown(text)  # the whole text, as it stays
                written.append(text)
            slot, text = None, ""

        for raw in chunks:
            chunk = _chunk_text(raw)
            if isinstance(chunk, str):
                if not chunk:
                    continue
                first = slot is None
                if slot is None:
                    slot = here.empty()
                text += chunk
                slot.markdown(_close_open_markdown(text) + ("" if first else cursor or ""))
            elif callable(chunk):
                flush()
                chunk()
            else:
                flush()
                here.write(chunk)
                written.append(chunk)
        flush()
        if not written:
            return ""
        if len(written) == 1 and isinstance(written[0], str):
            return str(written[0])
        return written

    def _write_streamed(self, output: StreamingOutput) -> None:
        """``jr.write`` of what ``write_stream`` returned: each piece as it was written."""
        here = self._here()
        for piece in output:
            if isinstance(piece, str):
                here.markdown(piece)
            else:
                here.write(piece)
