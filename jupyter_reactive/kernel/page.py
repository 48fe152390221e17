"""``set_page_config``: the page's title, favicon, layout and sidebar state (script thread).

Not an element: it sets properties of the whole page, so it travels as its own kernel frame
(``page_config``) that the server's page mirror keeps and replays to a tab that reconnects. As in
current Streamlit it may be called anywhere, any number of times; each call changes only the
settings it is given, and they last until changed (a rerun that does not call it keeps them).
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Mapping
from typing import Any, Literal

from .. import protocol
from .delta import get_context
from .markdown import emoji_for
from .media import MediaBlob, image_blob

LAYOUTS = ("centered", "wide")
SIDEBAR_STATES = ("auto", "expanded", "collapsed")
MENU_ITEMS = {"get help": "get_help", "report a bug": "report_bug", "about": "about"}
#: what a "Get help" / "Report a bug" link may be, as Streamlit checks: a web or mail address
_LINK = re.compile(r"^(https?://[^\s/$.?#][^\s]*|mailto:[^\s@]+@[^\s@]+)$", re.IGNORECASE)
#: the longest About text (markdown) a call may give
MAX_ABOUT = 64 * 1024
_MATERIAL = re.compile(r"^:material/([a-z0-9_]{1,64}):$")
_SHORTCODE = re.compile(r":([a-z0-9_+-]{1,60}):")
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
        file, image bytes, a PIL image or a numpy array, or a Material icon
        (``":material/home:"``), drawn by the page in the Material Symbols font.
    layout
        ``"centered"`` (a readable column, the default) or ``"wide"`` (the page's full width).
    initial_sidebar_state
        ``"auto"`` (open on wide screens, closed on narrow ones), ``"expanded"`` or
        ``"collapsed"``. Applies when the page first gets it; the viewer's own toggling wins after.
    menu_items
        The app menu's entries (keys ``"Get help"``, ``"Report a bug"``, ``"About"``, in any
        case): the first two are links (``http``, ``https`` or ``mailto`` only), "About" is
        markdown shown in the About dialog (raw HTML escaped). ``None`` (or an absent key) leaves
        an entry out; each call's ``menu_items`` replace the previous call's.
    """
    msg: dict[str, Any] = {"type": protocol.PAGE_CONFIG}
    if page_title is not None:
        msg["title"] = str(page_title)
    unknown = None
    # "" keeps the tab's icon, as Streamlit's page does with it (release-demos' scroll container)
    if page_icon is not None and not (isinstance(page_icon, str) and not page_icon.strip()):
        icon = _icon(page_icon)
        if icon is None:
            unknown = str(page_icon).strip()
        else:
            msg["icon"] = icon
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
        msg["menu_items"] = _menu_items(menu_items)
    ctx = get_context()
    if ctx is None:
        return
    if unknown is not None and ("set_page_config", "shortcode") not in ctx.warned:
        # Streamlit takes any text as an icon (its page looks a shortcode up, or tries it as the
        # icon's URL); one that is none here keeps the tab's icon, and the page says so once
        ctx.warned.add(("set_page_config", "shortcode"))
        ctx.writer.outbox.notice(
            "warning",
            f"jr.set_page_config: page_icon {repr(unknown)[:66]} is neither an emoji, a shortcode this page knows,"
            " an image URL nor a file.",
        )
    if len(msg) > 1:
        if "title" in msg and ctx.nav is not None:
            ctx.nav.config_title_run = ctx.run  # the page's own title yields to it in this run
        ctx.writer.outbox.message(msg)


def _icon(icon: Any) -> dict[str, str] | None:
    """``{"emoji": text}``, ``{"material": name}`` or ``{"url": url}`` (an image as a data: URL);
    None for an emoji shortcode this page does not know or text that is no icon."""
    if isinstance(icon, str):
        text = icon.strip()
        if text.startswith(":material"):
            match = _MATERIAL.match(text)
            if match is None:
                raise ValueError(
                    f"set_page_config: page_icon {icon!r} is not a Material icon "
                    '(":material/name:", the name in lower case letters, digits and "_")'
                )
            return {"material": match.group(1)}
        if text.startswith(("http://", "https://", "data:image/")):
            return {"url": text}
        shortcode = _SHORTCODE.fullmatch(text)
        if shortcode is not None and not os.path.isfile(text):
            emoji = emoji_for(shortcode.group(1))  # ":chart_with_upwards_trend:", as Streamlit takes it
            return None if emoji is None else {"emoji": emoji}
        if not os.path.isfile(text):
            return {"emoji": text} if len(text) <= 16 else None
    blob = image_blob(icon)
    if not isinstance(blob, MediaBlob):  # a URL, already handled above
        return {"url": str(blob)}
    if not blob.mimetype.startswith("image/"):
        raise ValueError("set_page_config: page_icon is not an image (PNG, JPEG, GIF, WebP or SVG)")
    if len(blob.data) > MAX_ICON_BYTES:
        raise ValueError(f"set_page_config: page_icon is {len(blob.data)} bytes; an icon must be under 256 KiB")
    return {"url": f"data:{blob.mimetype};base64,{base64.b64encode(blob.data).decode()}"}


def _menu_items(items: Any) -> dict[str, str]:
    """The menu's entries as the page takes them (About as HTML), each checked as Streamlit does."""
    if not isinstance(items, Mapping):
        raise TypeError("set_page_config: menu_items must be a dict")
    out: dict[str, str] = {}
    for key, value in items.items():
        if not isinstance(key, str) or key.lower() not in MENU_ITEMS:
            raise ValueError(f'set_page_config: menu_items key {key!r} is not "Get help", "Report a bug" or "About"')
        if value is None:
            continue
        if not isinstance(value, str):
            raise TypeError(f"set_page_config: menu_items[{key!r}] must be a string or None")
        name = MENU_ITEMS[key.lower()]
        if name == "about":
            if len(value) > MAX_ABOUT:
                raise ValueError(f"set_page_config: menu_items[{key!r}] is over {MAX_ABOUT} characters")
            from .display import markdown_html

            out[name] = markdown_html(value)
        elif _LINK.match(value.strip()) is None:
            raise ValueError(
                f"set_page_config: menu_items[{key!r}] must be an http, https or mailto URL, not {value[:80]!r}"
            )
        else:
            out[name] = value.strip()
    return out
