"""The pieces behind kernels on a gateway, without one: the v1 WebSocket framing, the app's
folder as a zip, and its unpacking in the kernel — each fed garbage too."""

from __future__ import annotations

import io
import os
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.session import Session
from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1, serialize_msg_to_ws_v1

from jupyter_reactive.kernel import bundle as kernel_bundle
from jupyter_reactive.server.bundle import app_bundle, changed_files
from jupyter_reactive.server.gateway import decode_v1, encode_v1

SESSION = Session(key=b"k")


def test_v1_frames_match_jupyter_servers_own_codec() -> None:
    msg = SESSION.msg("comm_msg", {"comm_id": "c", "data": {"x": 1}})
    msg["buffers"] = [b"\x00\x01binary", b""]
    frame = encode_v1("shell", msg, SESSION.pack)
    channel, parts = deserialize_msg_from_ws_v1(frame)  # what the gateway's server reads
    assert channel == "shell" and SESSION.unpack(parts[3]) == msg["content"] and parts[4:] == msg["buffers"]
    back = serialize_msg_to_ws_v1(parts, "iopub")  # what it sends back
    channel, decoded = decode_v1(back, SESSION.unpack)
    assert channel == "iopub" and decoded["msg_type"] == "comm_msg" and decoded["buffers"] == msg["buffers"]
    assert decoded["header"]["msg_id"] == msg["header"]["msg_id"]


@pytest.mark.parametrize(
    "frame",
    [
        b"",
        b"\x01",
        (3).to_bytes(8, "little") + b"\x00" * 24,  # too few parts
        (6).to_bytes(8, "little") + b"\xff" * 48,  # offsets past the end
        (10**9).to_bytes(8, "little"),  # an absurd count
    ],
)
def test_v1_garbage_is_refused(frame: bytes) -> None:
    with pytest.raises(ValueError):
        decode_v1(frame, SESSION.unpack)


def test_v1_bad_json_is_refused() -> None:
    msg = SESSION.msg("status", {})
    frame = bytearray(encode_v1("iopub", msg, SESSION.pack))
    frame[-3:] = b"}}}"  # break the content's JSON
    with pytest.raises(ValueError):
        decode_v1(bytes(frame), SESSION.unpack)


def _names(data: bytes) -> set[str]:
    return set(zipfile.ZipFile(io.BytesIO(data)).namelist())


def test_bundle_holds_the_folder_but_not_hidden_files_caches_or_links_out(tmp_path: Path) -> None:
    app = tmp_path / "app"
    (app / "pkg").mkdir(parents=True)
    (app / "app.py").write_text("import pkg.mod\n")
    (app / "pkg" / "mod.py").write_text("X = 1\n")
    (app / ".streamlit").mkdir()
    (app / ".streamlit" / "secrets.toml").write_text("token = 'no'\n")
    (app / ".env").write_text("A=1\n")
    (app / "__pycache__").mkdir()
    (app / "__pycache__" / "app.cpython.pyc").write_bytes(b"x")
    outside = tmp_path / "outside.txt"
    outside.write_text("private")
    os.symlink(outside, app / "link.txt")
    os.symlink(app / "pkg" / "mod.py", app / "alias.py")  # a link inside the folder is fine
    bundle = app_bundle(app, 1 << 20)
    assert _names(bundle.data) == {"app.py", "pkg/mod.py", "alias.py"}
    assert bundle.left_out == ()
    assert app_bundle(app, 1 << 20) is bundle  # unchanged files: the zip is not made again
    (app / "pkg" / "mod.py").write_text("X = 2\n")
    os.utime(app / "pkg" / "mod.py", ns=(1, 1))
    assert app_bundle(app, 1 << 20) is not bundle


def test_bundle_leaves_the_largest_files_out_first(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("print(1)\n")
    (tmp_path / "big.bin").write_bytes(b"x" * 5000)
    (tmp_path / "small.csv").write_text("a\n1\n")
    bundle = app_bundle(tmp_path, 1000)
    assert _names(bundle.data) == {"app.py", "small.csv"} and bundle.left_out == ("big.bin",)


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.fixture
def restore_cwd():
    cwd, path = os.getcwd(), list(sys.path)
    yield
    os.chdir(cwd)
    sys.path[:] = path


def test_kernel_unpacks_into_a_private_working_directory(restore_cwd: None) -> None:
    root = kernel_bundle.unpack(_zip({"app.py": b"x = 1\n", "data/a.csv": b"a\n"}))
    assert Path.cwd() == root and sys.path[0] == str(root) and root.name.startswith("jr-app-")
    assert (root / "data" / "a.csv").read_bytes() == b"a\n"


@pytest.mark.parametrize("name", ["../escape.py", "/abs.py", "a/../../b.py", "C:evil.py", "a\\..\\b.py"])
def test_kernel_refuses_members_outside_the_folder(name: str, restore_cwd: None) -> None:
    cwd = os.getcwd()
    with pytest.raises(ValueError, match="outside"):
        kernel_bundle.unpack(_zip({"app.py": b"", name: b"x"}))
    assert os.getcwd() == cwd


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_kernel_refuses_what_is_not_a_zip(data: bytes, restore_cwd: None) -> None:
    with pytest.raises(ValueError, match="zip"):
        kernel_bundle.unpack(data)


def test_changed_files_zips_what_is_there_and_names_what_is_gone(tmp_path: Path) -> None:
    (tmp_path / "helper.py").write_text("X = 2\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "data.csv").write_text("a\n")
    (tmp_path / ".secret").write_text("never")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.py"
    outside.write_text("nope")
    paths = [tmp_path / "helper.py", tmp_path / "sub" / "data.csv", tmp_path / "gone.py", tmp_path / ".secret", outside]
    data, gone = changed_files(tmp_path, paths, 10_000)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert sorted(zf.namelist()) == ["helper.py", "sub/data.csv"]
        assert zf.read("helper.py") == b"X = 2\n"
    assert gone == ["gone.py"]
    # over the size limit: left out, never half sent
    data, gone = changed_files(tmp_path, [tmp_path / "helper.py"], 3)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.namelist() == []


def test_kernel_copy_takes_edits_and_removals(restore_cwd: None) -> None:
    root = kernel_bundle.unpack(_zip({"app.py": b"x = 1\n", "helper.py": b"X = 1\n", "old.py": b""}))
    assert kernel_bundle.update(_zip({"helper.py": b"X = 2\n"}), ["old.py", "never-there.py"]) == ["helper.py"]
    assert (root / "helper.py").read_bytes() == b"X = 2\n"
    assert not (root / "old.py").exists() and (root / "app.py").exists()


@pytest.mark.parametrize(
    ("data", "gone", "error"),
    [
        (b"not a zip", [], "zip"),
        (None, ["../escape.py"], "outside"),
        (None, ["/etc/passwd"], "outside"),
        (None, "app.py", "outside"),
        (None, [5], "outside"),
        ("member", [], "outside"),
    ],
)
def test_kernel_copy_refuses_unsafe_updates(data: Any, gone: Any, error: str, restore_cwd: None) -> None:
    root = kernel_bundle.unpack(_zip({"app.py": b"x = 1\n"}))
    payload = _zip({}) if data is None else _zip({"../evil.py": b"x"}) if data == "member" else data
    with pytest.raises(ValueError, match=error):
        kernel_bundle.update(payload, gone)
    assert (root / "app.py").read_bytes() == b"x = 1\n"
    assert not (root.parent / "evil.py").exists()
