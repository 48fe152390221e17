"""Multipage URLs, navigate messages, the tab's hello and jr.context through a real server and
kernel: hostile page paths, garbage hellos and query strings get a clear outcome and the session
goes on working; the server's credentials never reach the app."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jupyter_reactive.server.scripts import AppNotFound, resolve_app_page

pytestmark = pytest.mark.timeout(120)

MAIN = "import jupyter_reactive as jr\njr.write('main page')\njr.text_input('x')\n"
OTHER = "import jupyter_reactive as jr\njr.write('other page ' + jr.query_params.get('q', '-'))\n"


@pytest.fixture
def jr_multi(jp_root_dir: Path) -> Path:
    folder = jp_root_dir / "multi"
    (folder / "pages").mkdir(parents=True)
    (folder / "app.py").write_text(MAIN)
    (folder / "pages" / "1_Other.py").write_text(OTHER)
    return folder


def _json(app: Any) -> dict[str, Any]:
    return next(el["value"] for el in app.page.values() if el.get("kind") == "json")


def test_resolve_app_page_splits_app_and_page(tmp_path: Path) -> None:
    (tmp_path / "a" / "b.py").mkdir(parents=True)  # a folder named like an app is not one
    (tmp_path / "a" / "b.py" / "app.py").write_text("")
    (tmp_path / "x.py").write_text("")
    assert resolve_app_page(tmp_path, "x.py")[1] == ""
    assert resolve_app_page(tmp_path, "x.py/Other/")[1] == "Other"
    assert resolve_app_page(tmp_path, "x.py/a/b")[1] == "a/b"
    app, page = resolve_app_page(tmp_path, "a/b.py/app.py/p")
    assert app.rel_path == "a/b.py/app.py" and page == "p"
    for bad in ["../x.py/p", "nope.py/p", "x.txt/p", "", "/x.py", "x.py\x00/p"]:
        with pytest.raises(AppNotFound):
            resolve_app_page(tmp_path, bad)
    with pytest.raises(AppNotFound):
        resolve_app_page(tmp_path, "x.py/p", allowed=frozenset({"other.py"}))


@pytest.mark.parametrize(
    ("page", "code"),
    [
        ("Other", 200),
        ("", 200),
        ("no_such_page", 200),  # the kernel shows its "page not found" notice
        ("%2e%2e%2f%2e%2e%2fetc%2fpasswd", 200),
        ("a%2Fb", 200),
        ("x" * 4000, 200),
        ("<script>alert(1)</script>", 200),
    ],
)
async def test_page_urls_serve_the_app_page(jp_fetch: Any, jr_multi: Path, page: str, code: int) -> None:
    r = await jp_fetch("reactive", "app", "multi", "app.py", *([page] if page else []), raise_error=False)
    assert r.code == code
    body = r.body.decode()
    assert "<script>alert" not in body
    config = json.loads(body.split('type="application/json">')[1].split("</script>")[0])
    assert config["appPath"] == "multi/app.py"
    assert config["wsUrl"].endswith("reactive/ws/multi/app.py")


async def test_page_url_of_an_app_that_is_not_there_is_404(jp_fetch: Any, jr_multi: Path) -> None:
    r = await jp_fetch("reactive", "app", "multi", "nope.py", "Other", raise_error=False)
    assert r.code == 404


async def test_hello_page_and_query_then_navigate(jr_connect: Any, jr_multi: Path) -> None:
    app = await jr_connect("multi/app.py")
    await app.hello(page="Other", query="q=hi&token=secret")
    await app.run()
    assert app.has_text("other page hi")
    nav = next(m for m in app.log if m["type"] == "navigation")
    assert nav["current"] == "Other" and "token" not in nav["query"]
    await app.send({"type": "navigate", "page": "", "query": "", "seq": 1})
    await app.run()
    assert app.has_text("main page") and not app.has_text("other page")
    await app.send({"type": "navigate", "page": "Other", "query": "q=back", "seq": 2})
    await app.run()
    assert app.has_text("other page back")


@pytest.mark.parametrize(
    "msg",
    [
        {"type": "navigate"},
        {"type": "navigate", "page": 3, "query": "", "seq": 1},
        {"type": "navigate", "page": "x", "query": None, "seq": 1},
        {"type": "navigate", "page": "x", "query": "", "seq": -1},
        {"type": "navigate", "page": "x", "query": "", "seq": True},
        {"type": "navigate", "page": "x" * 2000, "query": "", "seq": 1},
        {"type": "navigate", "page": "x\x00", "query": "", "seq": 1},
        {"type": "navigate", "page": "x", "query": "q" * 20000, "seq": 1},
    ],
)
async def test_a_bad_navigate_is_refused_and_the_session_goes_on(jr_connect: Any, jr_multi: Path, msg: Any) -> None:
    app = await jr_connect("multi/app.py")
    await app.hello()
    await app.run()
    await app.send(msg)
    err = await app.expect("error")
    assert err["error"] == "bad_message"
    await app.send({"type": "navigate", "page": "Other", "query": "", "seq": 1})
    await app.run()
    assert app.has_text("other page -")


@pytest.mark.parametrize(
    "page",
    ["..", "../../etc/passwd", "Other/../../x", "%2e%2e", "Other%2F..", "//", "x" * 1000, "Othe r", "OTHER"],
)
async def test_hostile_page_paths_show_the_main_page(jr_connect: Any, jr_multi: Path, page: str) -> None:
    app = await jr_connect("multi/app.py")
    await app.hello(page=page)
    await app.run()
    assert app.has_text("main page")
    if page.strip("/"):
        assert any(m["type"] == "notice" and "Page not found" in m["message"] for m in app.log)


async def test_context_without_credentials(jr_connect: Any) -> None:
    # the upgrade request carries cookies and headers (see jr_connect): the server's own stay out
    client = await jr_connect("context_app.py")
    await client.hello(
        page="",
        query="a=1&a=2&token=abc",
        url="http://example.org/reactive/app/context_app.py?token=abc&embed=true",
        locale="fr-FR",
        timezone="Europe/Paris",
        timezone_offset=-60,
        theme="dark",
    )
    await client.run()
    seen = _json(client)
    assert seen["cookies"] == {"mine": "1"}
    headers = {k.lower(): v for k, v in seen["headers"].items()}
    assert "authorization" not in headers and "x-xsrftoken" not in headers
    assert headers["cookie"] == "mine=1" and headers["x-custom"] == "yes"
    assert seen["locale"] == "fr-FR" and seen["timezone"] == "Europe/Paris" and seen["offset"] == -60
    assert seen["theme"] == "dark" and seen["embedded"] is True and seen["ip"] is None
    assert "token" not in seen["url"] and seen["query"] == {"a": ["1", "2"]}


async def test_a_theme_change_shows_in_the_next_run_without_a_rerun(jr_connect: Any) -> None:
    # Streamlit 1.67: switching the theme in the menu reruns nothing; the next run (a widget
    # change here) sees the new scheme
    app = await jr_connect("context_app.py")
    await app.hello(theme="light")
    await app.run()
    assert _json(app)["theme"] == "light"
    await app.send({"type": "theme", "theme": "dark"})
    await app.set("x", "after the switch")
    await app.run()
    assert _json(app)["theme"] == "dark"
    assert sum(m["type"] == "run_started" for m in app.log) == 2  # the first run and the widget's
    await app.send({"type": "rerun"})
    await app.run()
    assert _json(app)["theme"] == "dark"


@pytest.mark.parametrize(
    "garbage",
    [
        {"type": "theme", "theme": "purple"},
        {"type": "theme", "theme": None},
        {"type": "theme"},
        {"type": "theme", "theme": "dark", "extra": 1},
        {"type": "theme", "theme": ["dark"]},
    ],
)
async def test_a_garbage_theme_is_refused_and_the_scheme_stays(jr_connect: Any, garbage: Any) -> None:
    app = await jr_connect("context_app.py")
    await app.hello(theme="light")
    await app.run()
    await app.send(garbage)
    assert (await app.expect("error"))["error"] == "bad_message"
    await app.set("x", "still works")
    await app.run()
    assert _json(app)["theme"] == "light"


@pytest.fixture
def jr_connect(jp_ws_fetch: Any, jr_apps: Path) -> Any:
    """Like tests/conftest.py's, with cookies and a custom header on the upgrade request."""
    from tests.conftest import AppClient

    clients: list[AppClient] = []

    async def connect(app: str, **params: str) -> AppClient:
        headers = {
            "Cookie": "_xsrf=2|abc; mine=1; jupyterhub-session-id=s3cr3t; username-127-0-0-1-8888=login",
            "X-Custom": "yes",
            "X-XSRFToken": "abc",
        }
        ws = await jp_ws_fetch("reactive", "ws", app, params=params or None, headers=headers)
        client = AppClient(ws)
        clients.append(client)
        return client

    yield connect
    for client in clients:
        client.close()


@pytest.mark.parametrize(
    "fields",
    [
        {"timezone": "../../etc", "locale": "x" * 500, "timezone_offset": 10**9, "theme": "purple"},
        {"timezone": 5, "locale": ["en"], "timezone_offset": "60", "url": "javascript:alert(1)"},
        {"timezone": "Europe/Paris\n", "locale": "é", "timezone_offset": True, "url": "http://x/" + "a" * 10000},
        {"page": None, "query": 42},
    ],
)
async def test_garbage_hello_fields_are_left_out_and_the_session_starts(jr_connect: Any, fields: Any) -> None:
    app = await jr_connect("context_app.py")
    await app.hello(**fields)
    await app.run()
    seen = _json(app)
    assert seen["timezone"] is None and seen["locale"] is None and seen["offset"] is None
    assert seen["theme"] is None and seen["url"] is None
    await app.set("x", "still works")
    await app.run()


async def test_a_hello_in_the_url_carries_the_page_and_query(jr_connect: Any, jr_multi: Path) -> None:
    app = await jr_connect("multi/app.py", hello="1", page="Other", query="q=url", timezone_offset="-120")
    await app.expect("session")
    await app.run()
    assert app.has_text("other page url")


async def test_reconnect_snapshot_replays_the_navigation(jr_connect: Any, jr_multi: Path) -> None:
    app = await jr_connect("multi/app.py")
    session = await app.hello(page="Other", query="q=1")
    await app.run()
    app.close()
    again = await jr_connect("multi/app.py")
    await again.send(
        {"type": "hello", "protocol": 1, "session_id": session["session_id"], "resume_token": session["resume_token"]}
    )
    snapshot = await again.expect("snapshot")
    assert snapshot["navigation"]["current"] == "Other" and snapshot["navigation"]["query"] == "q=1"


async def test_a_huge_query_in_the_hello_is_dropped_with_a_notice(jr_connect: Any, jr_multi: Path) -> None:
    app = await jr_connect("multi/app.py")
    await app.hello(page="Other", query="q=" + "x" * 40000)
    await app.run()
    assert app.has_text("other page -")
    assert any(m["type"] == "notice" and "too long" in m["message"] for m in app.log)
    await app.send({"type": "navigate", "page": "Other", "query": "q=fine", "seq": 1})
    await app.run()
    assert app.has_text("other page fine")
