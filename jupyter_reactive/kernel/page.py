"""``set_page_config``: the page's title, favicon, layout and sidebar state (script thread).

Not an element: it sets properties of the whole page, so it travels as its own kernel frame
(``page_config``) that the server's page mirror keeps and replays to a tab that reconnects. As in
current Streamlit it may be called anywhere, any number of times; each call changes only the
settings it is given, and they last until changed (a rerun that does not call it keeps them).
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from typing import Any, Literal

from .. import protocol
from .delta import get_context
from .media import MediaBlob, image_blob

LAYOUTS = ("centered", "wide")
SIDEBAR_STATES = ("auto", "expanded", "collapsed")
MENU_ITEMS = ("get help", "report a bug", "about")
#: a favicon travels inside the frame as a data: URL; bigger images are refused, not truncated
MAX_ICON_BYTES = 256 * 1024


def set_page_config(
    page_title: str | None = None,
    page_icon: Any = None,
    layout: Literal["centered", "wide"] | None = None,
    initial_sidebar_state: Literal["auto", "expanded", "collapsed"] | None = None,
    menu_items: Mapping[str, str | None] | None = None,
) -> None:
    """Set the browser tab's title and icon, the page layout and the sidebar's initial state.

    Parameters
    ----------
    page_title
        The tab's title (default: the app's file name).
    page_icon
        The tab's icon: an emoji or short text (``"📈"``), an image URL, a path to an image
        file, image bytes, a PIL image or a numpy array. A Material icon (``":material/home:"``)
        is not drawn as a tab icon yet: the viewer is told once and the tab keeps its icon.
    layout
        ``"centered"`` (a readable column, the default) or ``"wide"`` (the page's full width).
    initial_sidebar_state
        ``"auto"`` (open on wide screens, closed on narrow ones), ``"expanded"`` or
        ``"collapsed"``. Applies when the page first gets it; the viewer's own toggling wins after.
    menu_items
        Streamlit's app-menu entries (``"Get help"``, ``"Report a bug"``, ``"About"``). Checked,
        but this page has no app menu yet, so they are not shown (the viewer is told once).
    """
    msg: dict[str, Any] = {"type": protocol.PAGE_CONFIG}
    if page_title is not None:
        msg["title"] = str(page_title)
    material = isinstance(page_icon, str) and page_icon.strip().startswith(":material/")
    if page_icon is not None and not material:
        msg["icon"] = _icon(page_icon)
    if layout is not None:
        if layout not in LAYOUTS:
            raise ValueError(f'set_page_config: layout must be "centered" or "wide", not {layout!r}')
        msg["wide"] = layout == "wide"
    if initial_sidebar_state is not None:
        if initial_sidebar_state not in SIDEBAR_STATES:
            raise ValueError(
                'set_page_config: initial_sidebar_state must be "auto", "expanded" or "collapsed", '
                f"not {initial_sidebar_state!r}"
            )
        msg["sidebar"] = initial_sidebar_state
    if menu_items is not None:
        _check_menu_items(menu_items)
    ctx = get_context()
    if ctx is None:
        return
    if menu_items or material:
        from .api import main
        from .params import warn

        warn(main, "set_page_config", "page_icon" if material else "menu_items")
        if material and menu_items:
            warn(main, "set_page_config", "menu_items")
    if len(msg) > 1:
        if "title" in msg and ctx.nav is not None:
            ctx.nav.config_title_run = ctx.run  # the page's own title yields to it in this run
        ctx.writer.outbox.message(msg)


def _icon(icon: Any) -> dict[str, str]:
    """``{"emoji": text}`` or ``{"url": url}`` (an image as a data: URL)."""
    if isinstance(icon, str):
        text = icon.strip()
        if text.startswith(("http://", "https://", "data:image/")):
            return {"url": text}
        if not os.path.isfile(text):
            if not text or len(text) > 16:
                raise ValueError(f"set_page_config: page_icon {icon!r} is neither an emoji, an image URL nor a file")
            return {"emoji": text}
    blob = image_blob(icon)
    if not isinstance(blob, MediaBlob):  # a URL, already handled above
        return {"url": str(blob)}
    if not blob.mimetype.startswith("image/"):
        raise ValueError("set_page_config: page_icon is not an image (PNG, JPEG, GIF, WebP or SVG)")
    if len(blob.data) > MAX_ICON_BYTES:
        raise ValueError(f"set_page_config: page_icon is {len(blob.data)} bytes; an icon must be under 256 KiB")
    return {"url": f"data:{blob.mimetype};base64,{base64.b64encode(blob.data).decode()}"}


def _check_menu_items(items: Any) -> None:
    if not isinstance(items, Mapping):
        raise TypeError("set_page_config: menu_items must be a dict")
    for key, value in items.items():
        if not isinstance(key, str) or key.lower() not in MENU_ITEMS:
            raise ValueError(f'set_page_config: menu_items key {key!r} is not "Get help", "Report a bug" or "About"')
        if value is not None and not isinstance(value, str):
            raise TypeError(f"set_page_config: menu_items[{key!r}] must be a string or None")
