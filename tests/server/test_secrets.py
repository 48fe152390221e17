"""Secrets: the server reads the files, merges them in Streamlit's order, hands them to the
session's kernel and re-reads them when they change; nothing secret ever reaches the page
(every WebSocket frame and HTTP response of a session is scanned)."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Any

import pytest

from jupyter_reactive.server.secrets import SecretsReader

pytestmark = pytest.mark.timeout(120)

SECRET_VALUES = ("hunter2-pw-Zq9", "sk-live-Xy7Wq", "home-token-Pp3")


def _h(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


# the app checks its secrets against their hashes: its own source (shown in a traceback) must not
# hold them either
APP = f"""
import hashlib, os
import jupyter_reactive as jr

h = lambda v: hashlib.sha256(v.encode()).hexdigest()
ok = (
    h(jr.secrets.db.password) == "{_h("hunter2-pw-Zq9")}"
    and h(jr.secrets["api_key"]) == "{_h("sk-live-Xy7Wq")}"
    and h(os.environ.get("api_key", "")) == "{_h("sk-live-Xy7Wq")}"
    and h(jr.secrets.home_token) == "{_h("home-token-Pp3")}"
)
n = jr.slider("n", 0, 10, 1)
jr.write(f"checks ok={{ok}} n={{n}} version={{jr.secrets.get('version', 'none')}} user={{jr.secrets.db.user}}")
"""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    # a later write within the file system's timestamp granularity must still look changed
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, time.time_ns() + 1_000_000))


# -- the reader ---------------------------------------------------------------------------------


def test_files_merge_in_streamlits_order_project_over_user(tmp_path: Path) -> None:
    home, app = tmp_path / "home", tmp_path / "app"
    _write(home / ".streamlit/secrets.toml", 'a = "home"\nb = "home"\nc = "home"\n[s]\nx = 1\ny = 2\n')
    _write(app / ".streamlit/secrets.toml", 'b = "project"\nc = "project"\n[s]\nx = 10\n')
    _write(app / ".jupyter_reactive/secrets.toml", 'c = "ours"\nd = 1979-05-27\n')
    payload = SecretsReader(home).payload(app)
    # top-level keys replace each other (a section as a whole, as in Streamlit)
    assert payload["values"] == {"a": "home", "b": "project", "c": "ours", "s": {"x": 10}, "d": "1979-05-27"}
    assert payload["looked_in"] == [
        "~/.streamlit/secrets.toml",
        ".streamlit/secrets.toml",
        ".jupyter_reactive/secrets.toml",
    ]


def test_no_file_means_no_values(tmp_path: Path) -> None:
    assert SecretsReader(tmp_path / "home").payload(tmp_path / "app")["values"] is None


@pytest.mark.parametrize(
    "text",
    ['password = "hunter2-pw-Zq9', "password = hunter2-pw-Zq9\n", '[db]\npassword = "hunter2-pw-Zq9"\n[db]\n'],
)
def test_bad_toml_is_an_error_naming_the_file_not_its_content(tmp_path: Path, text: str) -> None:
    _write(tmp_path / "app/.streamlit/secrets.toml", text)
    payload = SecretsReader(tmp_path / "home").payload(tmp_path / "app")
    assert "values" not in payload
    assert payload["error"].startswith("Error parsing secrets file at .streamlit/secrets.toml: ")
    assert "hunter2" not in payload["error"] and str(tmp_path) not in payload["error"]


def test_unreadable_files_are_errors_too(tmp_path: Path) -> None:
    (tmp_path / "app/.streamlit/secrets.toml").mkdir(parents=True)  # a folder where the file goes
    assert (
        "Error reading secrets file at .streamlit/secrets.toml"
        in SecretsReader(tmp_path).payload(tmp_path / "app")["error"]
    )
    (tmp_path / "app/.streamlit/secrets.toml").rmdir()
    (tmp_path / "app/.streamlit/secrets.toml").write_bytes(b'k = "\xff\xfe"\n')
    assert "error" in SecretsReader(tmp_path).payload(tmp_path / "app")


def test_the_signature_changes_with_the_files(tmp_path: Path) -> None:
    reader = SecretsReader(tmp_path / "home")
    app = tmp_path / "app"
    before = reader.signature(app)
    _write(app / ".streamlit/secrets.toml", 'a = "1"\n')
    created = reader.signature(app)
    _write(app / ".streamlit/secrets.toml", 'a = "22"\n')
    assert len({before, created, reader.signature(app)}) == 3
    assert reader.payload(app)["values"] == {"a": "22"}


def test_configured_files_replace_the_default_places(tmp_path: Path) -> None:
    """``secrets.files``: in order, later entries win; relative ones from the working
    directory, ``~`` the home; a folder holds Kubernetes-style secrets."""
    home, app, cwd = tmp_path / "home", tmp_path / "app", tmp_path / "cwd"
    _write(app / ".streamlit/secrets.toml", 'a = "default place"\n')  # not read: the list replaces it
    _write(home / "mine.toml", 'a = "home"\nb = "home"\n')
    _write(cwd / "conf/more.toml", 'b = "more"\n')
    _write(tmp_path / "k8s/db/username", "ada\n")
    _write(tmp_path / "k8s/db/password", "hunter2-pw-Zq9\n")
    _write(tmp_path / "k8s/token/value", " tok \n")
    files = ["~/mine.toml", "conf/more.toml", str(tmp_path / "k8s"), "conf/missing.toml"]
    reader = SecretsReader(home)
    payload = reader.payload(app, files, cwd)
    assert payload["values"] == {
        "a": "home",
        "b": "more",
        "db": {"password": "hunter2-pw-Zq9", "username": "ada"},
        "token": "tok",  # one file: the secret itself
    }
    assert payload["looked_in"] == files
    before = reader.signature(app, files, cwd)
    _write(tmp_path / "k8s/db/password", "changed\n")  # a folder's secret changing counts
    assert reader.signature(app, files, cwd) != before
    assert reader.payload(app, files, cwd)["values"]["db"]["password"] == "changed"
    assert reader.payload(app, ["conf/missing.toml"], cwd)["values"] is None


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        ("notes.txt", "Invalid secrets path: notes.txt: path is not a .toml file or a directory"),
        ("nowhere", "Invalid secrets path: nowhere: path is not a .toml file or a directory"),
        ("flat", "is not a folder. To use directory based secrets"),
        ("binary", "Error reading secrets file at binary/k/v: not readable as UTF-8 text"),
        ("bad.toml", "Error parsing secrets file at bad.toml: "),
    ],
)
def test_bad_configured_entries_are_errors_naming_the_entry(tmp_path: Path, entry: str, error: str) -> None:
    _write(tmp_path / "notes.txt", 'password = "hunter2-pw-Zq9"\n')
    _write(tmp_path / "flat/password", "hunter2-pw-Zq9")
    (tmp_path / "binary/k").mkdir(parents=True)
    (tmp_path / "binary/k/v").write_bytes(b"\xff\xfehunter2")
    _write(tmp_path / "bad.toml", "password = hunter2-pw-Zq9\n")
    payload = SecretsReader(tmp_path / "home").payload(tmp_path, [entry], tmp_path)
    assert "values" not in payload and error in payload["error"]
    assert "hunter2" not in payload["error"]


# -- a session ----------------------------------------------------------------------------------


@pytest.fixture
def secret_app(jr_apps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))  # the server's ~ for this test
    _write(home / ".streamlit/secrets.toml", 'home_token = "home-token-Pp3"\n')
    _write(
        jr_apps / ".streamlit/secrets.toml",
        'api_key = "sk-live-Xy7Wq"\n[db]\nuser = "ada"\npassword = "hunter2-pw-Zq9"\n',
    )
    (jr_apps / "secret_app.py").write_text(APP)
    return jr_apps


async def test_secrets_reach_the_script_never_the_page_and_changes_are_picked_up(
    secret_app: Path, jr_connect: Any, jp_fetch: Any
) -> None:
    app = await jr_connect("secret_app.py")
    raw: list[bytes] = []
    read = app.ws.read_message

    async def recording() -> Any:
        message = await read()
        if message is not None:
            raw.append(message if isinstance(message, bytes) else message.encode())
        return message

    app.ws.read_message = recording
    await app.hello()
    await app.run()
    assert app.has_text("checks ok=True n=1 version=none user=ada"), app.page

    # a new version of the project's file: the next run sees it
    _write(
        secret_app / ".streamlit/secrets.toml",
        'api_key = "sk-live-Xy7Wq"\nversion = "two"\n[db]\nuser = "bob"\npassword = "hunter2-pw-Zq9"\n',
    )
    await app.set("n", 2)
    await app.run()
    assert app.has_text("checks ok=True n=2 version=two user=bob")

    # a broken file: the script's error names the file; its content never shows
    _write(secret_app / ".streamlit/secrets.toml", 'api_key = "sk-live-Xy7Wq"\n[db\npassword = "hunter2-pw-Zq9"\n')
    await app.set("n", 3)
    await app.run()
    errors = [el for el in app.page.values() if el.get("kind") == "exception"]
    assert errors and "Error parsing secrets file at .streamlit/secrets.toml" in str(errors)

    # and fixed again
    _write(
        secret_app / ".streamlit/secrets.toml",
        'api_key = "sk-live-Xy7Wq"\n[db]\nuser = "cy"\npassword = "hunter2-pw-Zq9"\n',
    )
    await app.send({"type": "rerun"})
    await app.run()
    assert app.has_text("checks ok=True n=3 version=none user=cy")

    http = [
        await jp_fetch("reactive", "app", "secret_app.py"),
        await jp_fetch("reactive", "api", "sessions"),
        await jp_fetch("reactive", "api", "health"),
        await jp_fetch("reactive"),
    ]
    seen = b"".join(raw) + b"".join(r.body + str(r.headers).encode() for r in http)
    assert len(raw) > 5 and b"checks ok=True" in seen
    for value in SECRET_VALUES:
        assert value.encode() not in seen, f"a secret reached the page: {value}"
