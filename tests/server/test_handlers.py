"""server/handlers.py: the app page's Content-Security-Policy lets the server's own origin frame
it (JupyterLab's "Run as app" panel), even where the server sends `frame-ancestors 'none'` on
every page, as a JupyterHub single-user server does; nothing else changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError

from jupyter_reactive.server.handlers import frameable_by_own_origin

pytestmark = pytest.mark.timeout(120)

HUB = "frame-ancestors 'none'"


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (HUB, "frame-ancestors 'self'"),
        ("", "frame-ancestors 'self'"),
        (" ; ;;", "frame-ancestors 'self'"),
        (
            "default-src 'self'; FRAME-ANCESTORS https://elsewhere.example;script-src 'none'",
            "frame-ancestors 'self'; default-src 'self'; script-src 'none'",
        ),
        ("frame-ancestors *; frame-ancestors 'none'", "frame-ancestors 'self'"),
        ("frame-ancestorsx 'none'", "frame-ancestors 'self'; frame-ancestorsx 'none'"),  # not the directive
        ("sandbox", "frame-ancestors 'self'; sandbox"),
    ],
)
def test_frame_ancestors_becomes_self_and_the_rest_is_kept(policy: str, expected: str) -> None:
    assert frameable_by_own_origin(policy) == expected


@pytest.fixture
def jr_config() -> dict[str, Any]:
    return {
        "ReactiveApp": {"pool_size": 0},
        "ServerApp": {"tornado_settings": {"headers": {"Content-Security-Policy": HUB}}},
    }


async def _csp(jp_fetch: Any, *path: str) -> tuple[int, str]:
    try:
        r = await jp_fetch(*path, method="GET")
    except HTTPClientError as err:
        assert err.response is not None
        r = err.response
    return r.code, r.headers.get("Content-Security-Policy", "")


async def test_under_the_hub_header_only_the_app_page_may_be_framed(jp_fetch: Any, jr_apps: Path) -> None:
    assert await _csp(jp_fetch, "reactive", "app", "counter.py") == (200, "frame-ancestors 'self'")
    # a missing app's error page too (the panel shows it rather than a blank frame)
    assert await _csp(jp_fetch, "reactive", "app", "nope.py") == (404, "frame-ancestors 'self'")
    # everything else keeps the server's policy (APIs add `default-src 'none'` to it)
    assert await _csp(jp_fetch, "reactive") == (200, HUB)
    for api in (("reactive", "api", "health"), ("api", "status")):
        code, policy = await _csp(jp_fetch, *api)
        assert code == 200 and policy.split("; ")[0] == HUB
