"""``set_page_config``: its ``page_config`` frame, merged settings, and refused values (in process)."""

from __future__ import annotations

import base64
import io
from typing import Any

import pytest

from jupyter_reactive.server.mirror import PageMirror


def configs(run: Any) -> list[dict[str, Any]]:
    return [m for m in run.messages if m["type"] == "page_config"]


def test_page_config_sends_only_the_settings_it_is_given(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        jr.title("first")
        jr.set_page_config(page_title="Sales", page_icon="📈", layout="wide")
        jr.set_page_config(initial_sidebar_state="collapsed")
        """
    )
    run = app.run()
    assert run.status == "complete"
    assert configs(run) == [
        {"type": "page_config", "title": "Sales", "icon": {"emoji": "📈"}, "wide": True},
        {"type": "page_config", "sidebar": "collapsed"},
    ]
    # called after an element, as Streamlit now allows: the element is still there
    assert [el["text"] if "text" in el else el.get("html") for el in run.of_kind("markdown")]


def test_a_call_with_no_settings_sends_nothing(make_app: Any) -> None:
    run = make_app("import jupyter_reactive as jr\njr.set_page_config()\n").run()
    assert run.status == "complete" and configs(run) == []


def test_icon_from_a_pil_image_and_bytes_travels_as_a_data_url(make_app: Any, tmp_path: Any) -> None:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buf, format="PNG")
    path = tmp_path / "icon.png"
    path.write_bytes(buf.getvalue())
    app = make_app(
        f"""
        import jupyter_reactive as jr
        from PIL import Image
        jr.set_page_config(page_icon=Image.new("RGB", (8, 8), "blue"))
        jr.set_page_config(page_icon={str(path)!r})
        jr.set_page_config(page_icon="https://example.org/i.png")
        """
    )
    first, second, third = configs(app.run())
    assert first["icon"]["url"].startswith("data:image/png;base64,")
    assert second["icon"]["url"] == "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
    assert third["icon"] == {"url": "https://example.org/i.png"}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ('layout="full"', 'layout must be "centered" or "wide"'),
        ('initial_sidebar_state="open"', "initial_sidebar_state must be"),
        ('page_icon=b"not an image"', "not an image"),
        ('menu_items={"Help me": "x"}', 'is not "Get help"'),
        ("menu_items=[1]", "menu_items must be a dict"),
        ('menu_items={"About": 3}', "must be a string or None"),
        ('menu_items={"Get help": "javascript:alert(1)"}', "must be an http, https or mailto URL"),
        ('menu_items={"Report a bug": "ftp://example.org/bugs"}', "must be an http, https or mailto URL"),
        ('menu_items={"get help": "example.org/help"}', "must be an http, https or mailto URL"),
        ('menu_items={"Report a bug": "https://"}', "must be an http, https or mailto URL"),
        ('menu_items={"Get help": "mailto:"}', "must be an http, https or mailto URL"),
        ('menu_items={"Get help": b"https://example.org"}', "must be a string or None"),
        ("menu_items={None: 'x'}", 'is not "Get help"'),
        ('menu_items={"About": "x" * 70000}', "is over"),
        ('page_icon=":material/Not A Name:"', "is not a Material icon"),
        ('page_icon=":material/"', "is not a Material icon"),
    ],
)
def test_bad_settings_stop_the_run_with_a_clear_error(make_app: Any, call: str, message: str) -> None:
    run = make_app(f"import jupyter_reactive as jr\njr.set_page_config({call})\n").run()
    assert configs(run) == []
    (exc,) = run.of_kind("exception")
    assert message in exc["evalue"]


def test_menu_items_travel_to_the_page_links_as_given_and_about_as_safe_html(make_app: Any) -> None:
    run = make_app(
        """
        import jupyter_reactive as jr
        jr.set_page_config(menu_items={
            "Get help": " https://example.org/help ",
            "report a bug": "mailto:bugs@example.org",
            "About": "# Sales\\n**v2** <script>alert(1)</script>",
        })
        jr.set_page_config(menu_items={"Get help": None, "About": "plain"})
        """
    ).run()
    assert run.status == "complete"
    first, second = configs(run)
    items = first["menu_items"]
    assert items["get_help"] == "https://example.org/help"
    assert items["report_bug"] == "mailto:bugs@example.org"
    assert "<h1>Sales</h1>" in items["about"] and "<strong>v2</strong>" in items["about"]
    assert "<script>" not in items["about"] and "&lt;script&gt;" in items["about"]
    # each call's menu_items replace the last call's whole (None leaves an entry out)
    assert second["menu_items"] == {"about": "<p>plain</p>\n"}
    assert not [m for m in run.messages if m["type"] == "notice"]


def test_a_material_icon_travels_by_name(make_app: Any) -> None:
    run = make_app('import jupyter_reactive as jr\njr.set_page_config("Hi", ":material/waving_hand:")\n').run()
    assert configs(run) == [{"type": "page_config", "title": "Hi", "icon": {"material": "waving_hand"}}]
    assert not [m for m in run.messages if m["type"] == "notice"]


def test_an_emoji_shortcode_is_its_emoji(make_app: Any) -> None:
    """agent-skills' stock-peers template: page_icon=":chart_with_upwards_trend:"."""
    run = make_app('import jupyter_reactive as jr\njr.set_page_config("S", ":chart_with_upwards_trend:")\n').run()
    assert configs(run) == [{"type": "page_config", "title": "S", "icon": {"emoji": "📈"}}]
    # one it does not know (Slack's ":mostly_sunny:" in seattle-weather): Streamlit takes any
    # text, so no error; the tab keeps its icon and the page says so once
    run = make_app(
        'import jupyter_reactive as jr\njr.set_page_config("W", ":mostly_sunny:")\n'
        'jr.set_page_config(page_icon=":no_such_emoji_here:")\n'
    ).run()
    assert run.status == "complete" and configs(run) == [{"type": "page_config", "title": "W"}]
    notices = [m["message"] for m in run.messages if m["type"] == "notice"]
    assert notices == [
        "jr.set_page_config: page_icon ':mostly_sunny:' is neither an emoji, a shortcode this page knows,"
        " an image URL nor a file."
    ]


@pytest.mark.parametrize("icon", ['":" + "x" * 70 + ":"', '"this is not an icon at all"', "chr(0) * 5000"])
def test_text_that_is_no_icon_keeps_the_tabs_icon_with_a_notice(make_app: Any, icon: str) -> None:
    """Streamlit takes any text as page_icon (it tries it as the icon's URL) and shows no error:
    the run goes on, the tab keeps its icon, and the page says why once."""
    run = make_app(f'import jupyter_reactive as jr\njr.set_page_config("T", {icon})\njr.write("after")\n').run()
    assert run.status == "complete" and configs(run) == [{"type": "page_config", "title": "T"}]
    (notice,) = [m["message"] for m in run.messages if m["type"] == "notice"]
    assert "is neither an emoji" in notice and len(notice) < 200


def test_an_empty_page_icon_keeps_the_tabs_icon_quietly(make_app: Any) -> None:
    """release-demos' scroll container: ``set_page_config("Demo", "", layout="wide")``, which
    Streamlit runs without a word."""
    run = make_app('import jupyter_reactive as jr\njr.set_page_config("Demo", "  ", layout="wide")\n').run()
    assert run.status == "complete" and configs(run) == [{"type": "page_config", "title": "Demo", "wide": True}]
    assert not [m for m in run.messages if m["type"] == "notice"]


def test_outside_an_app_it_checks_and_draws_nothing() -> None:
    import jupyter_reactive as jr

    jr.set_page_config(page_title="x", layout="wide")
    with pytest.raises(ValueError):
        jr.set_page_config(layout="huge")


def test_the_mirror_sums_page_configs_into_the_snapshot() -> None:
    import json

    mirror = PageMirror()
    assert "page_config" not in json.loads(mirror.snapshot())
    mirror.apply({"type": "page_config", "title": "A", "wide": True})
    mirror.apply({"type": "page_config", "title": "B", "sidebar": "collapsed"})
    snap = json.loads(mirror.snapshot())
    assert snap["page_config"] == {"type": "page_config", "title": "B", "wide": True, "sidebar": "collapsed"}
