"""A multipage app's pages: which files, in which order, under which titles and URLs (stdlib only).

Used by the kernel (which runs the pages) and by anything on the server side that needs the
list of an app's files (a file watcher): page discovery lives here and only here
(:func:`discover_pages`).

Streamlit's rules for a ``pages/`` folder beside the main script:

* every ``*.py`` file directly in it is a page (hidden files and ``__init__.py`` are not);
* pages are sorted by their numeric prefix (files without one come after), then by name,
  case-insensitively;
* the title is the file name without ``.py``, without the numeric prefix and the separators
  after it (``_``, `` ``, ``-``), with a leading emoji split off as the page's icon, and with
  runs of underscores and spaces shown as one space (``02_📈_Plotting_demo.py`` -> icon 📈, title
  "Plotting demo");
* the URL path is that name with underscores (``Plotting_demo``); the main script is the
  default page, at the app's own URL.

A page file must resolve (symlinks included) to a file inside the app's folder: a symlink that
leads out of it is not a page.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

PAGES_DIR = "pages"
#: the longest URL path a page may have (longer ones are refused when declared, unknown when asked)
MAX_URL_PATH = 128

_NAME = re.compile(r"^([0-9]*)[_ -]*(.*)\.py$", re.DOTALL)


@dataclass(frozen=True)
class PageFile:
    """One page of a ``pages/`` app: its file, title, icon ("" for none) and URL path."""

    file: Path
    title: str
    icon: str
    url_path: str
    default: bool = False


KEYCAP = re.compile("[0-9#*]\ufe0f?\u20e3")


def _emoji_length(text: str) -> int:
    """How many leading characters of ``text`` form an emoji (0 if it does not start with one):
    symbols, joined by zero-width joiners, with variation selectors and skin-tone modifiers; or a
    keycap ("1️⃣": a digit, ``#`` or ``*``, maybe a variation selector, then U+20E3)."""
    keycap = KEYCAP.match(text)
    if keycap:
        return keycap.end()
    i = 0
    while i < len(text):
        ch = text[i]
        cat = unicodedata.category(ch)
        if cat == "So" or (i > 0 and (ch in "\u200d\ufe0f\u20e3" or 0x1F3FB <= ord(ch) <= 0x1F3FF)):
            i += 1
        elif i > 0 and text[i - 1] == "\u200d" and cat.startswith("S"):
            i += 1
        else:
            break
    return i


def split_icon(name: str) -> tuple[str, str]:
    """``"📈_Plotting"`` -> ``("📈", "Plotting")``: a leading emoji and the rest, its separators stripped."""
    n = _emoji_length(name)
    if not n:
        return "", name
    return name[:n], name[n:].lstrip("_ -")


def page_name(filename: str) -> tuple[str, str]:
    """The icon and name (underscores kept: the URL path) of a page file name."""
    match = _NAME.match(filename)
    if match is None:
        return "", filename
    number, rest = match.groups()
    name = re.sub(r"[_ ]+", "_", rest).strip("_") or number
    icon, name = split_icon(name)
    return icon, name or number or filename.removesuffix(".py")


def title_of(name: str) -> str:
    """A page's title from its name: underscores as spaces."""
    return name.replace("_", " ").strip()


def sort_key(filename: str) -> tuple[float, str]:
    """Numeric prefix first (no prefix: after all numbered pages), then the name, case-insensitive."""
    match = _NAME.match(filename)
    if match is None:
        return (float("inf"), filename.lower())
    number, rest = match.groups()
    return (float(number) if number else float("inf"), rest.lower())


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder)
    except (OSError, RuntimeError):  # a symlink loop
        return False


def discover_pages(main_script: str | os.PathLike[str]) -> list[PageFile]:
    """The pages of the app whose main script is ``main_script``: the main script first (the
    default page, URL path ""), then the ``pages/`` folder's files in Streamlit's order. An app
    without a ``pages/`` folder (or with an empty one) has one page."""
    main = Path(main_script).resolve()
    app_dir = main.parent
    icon, name = page_name(main.name) if main.suffix == ".py" else ("", main.stem)
    pages = [PageFile(main, title_of(name), icon, "", default=True)]
    folder = app_dir / PAGES_DIR
    try:
        entries = sorted(folder.iterdir(), key=lambda p: sort_key(p.name)) if folder.is_dir() else []
    except OSError:
        entries = []
    seen = {""}
    for entry in entries:
        if entry.suffix != ".py" or entry.name.startswith((".", "__init__")):
            continue
        if not _inside(entry, app_dir) or not entry.is_file() or entry.resolve() == main:
            continue
        icon, name = page_name(entry.name)
        url_path = name
        if url_path in seen or len(url_path) > MAX_URL_PATH:
            continue  # two files with one name (Streamlit refuses the app; here the first wins)
        seen.add(url_path)
        pages.append(PageFile(entry.resolve(), title_of(name), icon, url_path))
    return pages


def page_files(main_script: str | os.PathLike[str]) -> list[Path]:
    """Every file of the app's ``pages/`` navigation, the main script first (for file watchers)."""
    return [p.file for p in discover_pages(main_script)]
