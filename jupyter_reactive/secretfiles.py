"""Reading one entry of Streamlit's ``secrets.files``: a TOML file, or a folder of Kubernetes-style
secrets (stdlib only; used by the server, which reads an app's configured files, and by a kernel
whose script sets ``secrets.files`` itself, as Streamlit's e2e apps do).

An entry is a path ending ``.toml`` (a file that does not exist is simply not found: Streamlit's
default list names two places, and one is usually missing), or a folder holding one sub-folder per
secret whose files are the keys (a sub-folder with one file collapses to that file's text). Any
other path is refused with Streamlit's message. Errors name the place (as given), never a value.
"""

from __future__ import annotations

import datetime
import os
import sys
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


class SecretsFileError(ValueError):
    """An entry that does not parse or is not a TOML file or a folder; the message is the one
    the script sees (it names the entry as shown, never its content)."""


def read_entry(path: str | os.PathLike[str], shown: str) -> dict[str, Any] | None:
    """The secrets in one entry, as JSON-friendly values (TOML dates as ISO strings), or None
    when it is a ``.toml`` file that does not exist. Raises :class:`SecretsFileError`."""
    text = os.fspath(path)
    if text.endswith(".toml"):
        try:
            with open(text, "rb") as f:
                return plain(tomllib.load(f))
        except FileNotFoundError:
            return None
        except tomllib.TOMLDecodeError as err:
            # tomllib's messages say what is wrong and where (line, column), never the text
            raise SecretsFileError(f"Error parsing secrets file at {shown}: {err}") from None
        except (OSError, UnicodeDecodeError) as err:
            reason = err.strerror if isinstance(err, OSError) and err.strerror else "not readable as UTF-8 TOML"
            raise SecretsFileError(f"Error reading secrets file at {shown}: {reason}") from None
    if os.path.isdir(text):
        return _read_folder(text, shown)
    raise SecretsFileError(f"Invalid secrets path: {shown}: path is not a .toml file or a directory")


def _read_folder(path: str, shown: str) -> dict[str, Any] | None:
    out: dict[str, Any] = {}
    found = False
    for name in sorted(os.listdir(path)):
        sub = os.path.join(path, name)
        if not os.path.isdir(sub):
            raise SecretsFileError(
                f"{os.path.join(shown, name)} is not a folder. To use directory based secrets, "
                "mount every secret in a subfolder under the secret directory"
            )
        values: dict[str, str] = {}
        for file in sorted(os.listdir(sub)):
            file_path = os.path.join(sub, file)
            if os.path.isdir(file_path):
                continue
            try:
                with open(file_path, encoding="utf-8") as f:
                    values[file] = f.read().strip()
            except (OSError, UnicodeDecodeError):
                raise SecretsFileError(
                    f"Error reading secrets file at {os.path.join(shown, name, file)}: not readable as UTF-8 text"
                ) from None
            found = True
        out[name] = next(iter(values.values())) if len(values) == 1 else values
    return out if found else None


def signature(path: str | os.PathLike[str]) -> tuple[Any, ...] | None:
    """Changes when the entry (or, for a folder, one of its secrets) appears, goes or is written."""
    text = os.fspath(path)
    try:
        st = os.stat(text)
    except OSError:
        return None
    own = (st.st_ino, st.st_size, st.st_mtime_ns)
    if not os.path.isdir(text):
        return own
    inner = []
    for root, _dirs, files in os.walk(text):
        for file in sorted(files):
            try:
                fst = os.stat(os.path.join(root, file))
            except OSError:
                continue
            inner.append((root, file, fst.st_size, fst.st_mtime_ns))
    return (own, tuple(sorted(inner)))


def plain(value: Any) -> Any:
    """TOML's dates and times as ISO strings: the payload travels as JSON."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.time)):  # datetime is a date
        return value.isoformat()
    return value
