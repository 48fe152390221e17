"""``jr.user``: the identity the server put in the session's config, read-only, Streamlit's
access forms; garbage in that config is nobody; ``login``/``logout`` warn once."""

from __future__ import annotations

from typing import Any

import pytest

import jupyter_reactive as jr
from jupyter_reactive.kernel.user import clean_identity

ALICE = {"is_logged_in": True, "username": "alice", "name": "Alice", "groups": ["analysts"], "email": "a@x.org"}

SHOW = """
import jupyter_reactive as jr
jr.text(f"in={jr.user.is_logged_in} user={jr.user.get('username')} name={jr.user['name'] if 'name' in jr.user else '-'}")
jr.text(f"groups={jr.user.groups if jr.user.is_logged_in else []} keys={sorted(jr.user)} n={len(jr.user)}")
jr.text(f"dict={sorted(jr.user.to_dict().items())}")
"""


def test_a_logged_in_viewer(make_app: Any) -> None:
    app = make_app(SHOW)
    app.ctx.user = clean_identity(ALICE)
    app.run()
    assert app.has_text("in=True user=alice name=Alice")
    assert app.has_text("groups=['analysts'] keys=['email', 'groups', 'is_logged_in', 'name', 'username'] n=5")
    assert app.has_text(f"dict={sorted(ALICE.items())}")


def test_nobody(make_app: Any) -> None:
    app = make_app(SHOW + "\njr.text(jr.user.email)\n")
    app.run()
    assert app.has_text("in=False user=None name=-")
    assert app.has_text("dict=[('is_logged_in', False)]")
    assert app.has_text('jr.user has no attribute "email" (nobody is logged in)')  # the app's error


def test_outside_an_app_nobody_is_logged_in() -> None:
    assert jr.user.is_logged_in is False and jr.user.to_dict() == {"is_logged_in": False}
    with pytest.raises(AttributeError, match="Streamlit removed it; use user instead"):
        _ = jr.experimental_user  # as Streamlit 1.67, which removed it
    with pytest.raises(AttributeError, match="has no attribute"):
        _ = jr.user.name
    with pytest.raises(KeyError):
        _ = jr.user["name"]


def test_it_cannot_be_changed_and_to_dict_is_a_copy(make_app: Any) -> None:
    with pytest.raises(jr.errors.StreamlitAPIException, match="cannot be modified"):
        jr.user.name = "x"  # type: ignore[misc]
    with pytest.raises(jr.errors.StreamlitAPIException, match="cannot be modified"):
        jr.user["name"] = "x"  # type: ignore[index]
    app = make_app(
        "import jupyter_reactive as jr\nd = jr.user.to_dict()\nd['groups'].append('admins')\n"
        "jr.text(str(jr.user.groups))\n"
    )
    app.ctx.user = clean_identity(ALICE)
    app.run()
    assert app.has_text("['analysts']")


@pytest.mark.parametrize(
    "garbage",
    [
        None,
        "alice",
        ["is_logged_in"],
        {},
        {"is_logged_in": "yes", "username": "alice"},
        {"is_logged_in": 1, "username": "alice"},
    ],
)
def test_a_malformed_identity_is_nobody(garbage: Any) -> None:
    assert clean_identity(garbage) == {"is_logged_in": False}


def test_fields_of_the_wrong_type_are_dropped() -> None:
    identity = clean_identity(
        {"is_logged_in": True, "username": 7, "name": "A", "groups": ["a", 3, None, "b"], "email": None, "extra": "x"}
    )
    assert identity == {"is_logged_in": True, "name": "A", "groups": ["a", "b"]}


def test_login_and_logout_warn_once_and_change_nothing(make_app: Any) -> None:
    app = make_app("import jupyter_reactive as jr\njr.login('google')\njr.logout()\njr.logout()\njr.text('after')\n")
    app.ctx.user = clean_identity(ALICE)
    run = app.run()
    notices = [m["message"] for m in run.messages if m["type"] == "notice"]
    assert len(notices) == 2 and "jr.login()" in notices[0] and "jr.logout()" in notices[1]
    assert app.has_text("after") and run.status == "complete"
    assert [m for m in app.run().messages if m["type"] == "notice"] == []  # once per session
    jr.login()  # outside an app: nothing to tell
    jr.logout()
