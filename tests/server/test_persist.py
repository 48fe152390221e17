"""State that outlives a replica (server/persist.py, kernel/persist.py): the shared stores' state
keys (a real directory, a real redis-server), the signed entry format and its refusals, and
sessions on a real server with real kernels saving after each run, restored for a tab whose
session is gone, the shutdown save, the caps, the notices and the off switch."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jupyter_reactive.server.media import DirectoryMediaStore, MediaStore, MemoryMediaStore
from jupyter_reactive.server.persist import BadEntry, SavedState, StateKeeper, StateTooLarge, state_key
from jupyter_reactive.server.tokens import Signer
from tests.conftest import wait_for
from tests.server.redis_fixture import RedisServer, start_redis

pytestmark = pytest.mark.timeout(120)

SECRET = b"s" * 32
KEY = state_key("token")


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    with start_redis() as server:
        yield server


@pytest.fixture(params=["directory", "redis"])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    def build() -> MediaStore:
        if request.param == "directory":
            return DirectoryMediaStore(tmp_path / "media", secret=SECRET)
        server = request.getfixturevalue("redis_server")
        return MediaStore.from_url(f"{server.url}?prefix=jrtest-{uuid.uuid4().hex}:", secret=SECRET)

    return build


# -- the stores -------------------------------------------------------------------------------


async def test_state_keys_put_take_delete(make_store: Any) -> None:
    store = make_store()
    assert store.shared
    assert await store.take_state(KEY) is None
    await store.put_state(KEY, b"one", 60)
    await store.put_state(KEY, b"two", 60)  # replaces
    assert await store.take_state(KEY) == b"two"
    assert await store.take_state(KEY) is None  # taken: gone
    await store.put_state(KEY, b"three", 60)
    await store.delete_state(KEY)
    await store.delete_state(KEY)  # absent: a no-op
    assert await store.take_state(KEY) is None
    await store.close()


async def test_state_expires(make_store: Any) -> None:
    store = make_store()
    await store.put_state(KEY, b"short", 0.2)
    await asyncio.sleep(0.35)
    assert await store.take_state(KEY) is None
    await store.close()


async def test_of_many_takers_of_one_key_exactly_one_gets_it(make_store: Any) -> None:
    stores = [make_store() for _ in range(4)]  # as four replicas would
    for round_ in range(5):
        await stores[0].put_state(KEY, b"x%d" % round_, 60)
        got = await asyncio.gather(*(s.take_state(KEY) for s in stores for _ in range(3)))
        assert [g for g in got if g is not None] == [b"x%d" % round_]
    for s in stores:
        await s.close()


@pytest.mark.parametrize("bad", ["", "../../etc/passwd", "A" * 64, "0" * 63, "g" * 64, None, 5])
async def test_state_keys_are_checked_before_the_backend_is_touched(make_store: Any, bad: Any) -> None:
    store = make_store()
    for call in (store.take_state(bad), store.delete_state(bad), store.put_state(bad, b"x", 1)):
        with pytest.raises(ValueError):
            await call
    await store.close()


async def test_the_directory_sweep_removes_expired_and_stray_state_files(tmp_path: Path) -> None:
    store = DirectoryMediaStore(tmp_path / "media", secret=SECRET, sweep_interval=3600)
    await store.put_state(KEY, b"old", 0.05)
    await store.put_state(state_key("other"), b"young", 60)
    (tmp_path / "media" / "state" / "junk").write_bytes(b"not ours")
    await asyncio.sleep(0.1)
    await store.sweep()
    assert sorted(p.name for p in (tmp_path / "media" / "state").iterdir()) == [state_key("other")]
    await store.close()


async def test_a_store_of_this_process_only_keeps_no_state() -> None:
    store = MemoryMediaStore(secret=SECRET)
    assert not store.shared
    with pytest.raises(NotImplementedError):
        await store.put_state(KEY, b"x", 1)
    await store.close()


# -- the entry format -------------------------------------------------------------------------


def _keeper(secret: bytes = SECRET, **options: Any) -> StateKeeper:
    return StateKeeper(DirectoryMediaStore.__new__(DirectoryMediaStore), Signer(secret), **options)


SAVED = SavedState("app.py", {"w1": 5, "w2": "text"}, b"\x80\x05pickled", "page", "a=1", True)


def test_an_entry_round_trips_and_is_bound_to_its_key_and_secret():
    keeper = _keeper()
    data = keeper.encode(KEY, SAVED)
    assert keeper.decode(KEY, data) == SAVED
    assert b"token" not in data
    with pytest.raises(BadEntry, match="signature"):
        keeper.decode(state_key("another token"), data)  # copied to another key
    with pytest.raises(BadEntry, match="signature"):
        _keeper(b"another cookie secret!!").decode(KEY, data)  # written by a foreign deployment


@pytest.mark.parametrize(
    "mangle",
    [
        lambda d: b"",
        lambda d: b"JRS1",
        lambda d: b"garbage" * 10,
        lambda d: d[:-1],
        lambda d: d[:40] + bytes([d[40] ^ 1]) + d[41:],
        lambda d: d + b"x",
        lambda d: b"JRS2" + d[4:],
    ],
    ids=["empty", "magic-only", "garbage", "truncated", "bit-flip", "appended", "other-magic"],
)
def test_damaged_entries_are_refused(mangle: Any):
    keeper = _keeper()
    with pytest.raises(BadEntry):
        keeper.decode(KEY, mangle(keeper.encode(KEY, SAVED)))


def test_a_signed_entry_of_the_wrong_shape_is_refused():
    import hashlib
    import hmac
    import json
    import struct

    keeper = _keeper()
    for header in ({"v": 2}, {"v": 1, "app": 5, "widgets": {}}, {"v": 1, "app": "a", "widgets": []}, [1], "x"):
        raw = json.dumps(header).encode()
        body = struct.pack(">I", len(raw)) + raw
        mac = hmac.new(Signer(SECRET).key("state"), KEY.encode() + b"\0" + body, hashlib.sha256).digest()
        with pytest.raises(BadEntry):
            keeper.decode(KEY, b"JRS1" + mac + body)


def test_the_cap_is_kept_on_write_and_on_read():
    small = _keeper(max_bytes=200)
    with pytest.raises(StateTooLarge) as err:
        small.encode(KEY, SavedState("app.py", {}, b"x" * 500))
    assert err.value.limit == 200 and err.value.size > 500
    big = _keeper(max_bytes=10_000).encode(KEY, SavedState("app.py", {}, b"x" * 500))
    with pytest.raises(BadEntry, match="over the cap"):
        small.decode(KEY, big)


# -- sessions on a real server ----------------------------------------------------------------


@pytest.fixture
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("shared-store")


@pytest.fixture
def jr_config(store_dir: Path, request: pytest.FixtureRequest) -> dict[str, Any]:
    """A shared directory store; ``indirect`` parametrization adds ReactiveApp options."""
    extra = dict(getattr(request, "param", {}))
    if extra.get("media_store_url") == "redis":  # a redis-server of the test's own
        extra["media_store_url"] = request.getfixturevalue("own_redis").url
    return {"ReactiveApp": {"pool_size": 0, "media_store_url": store_dir.as_uri(), **extra}}


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    with start_redis() as server:
        yield server


def _entries(store_dir: Path) -> list[Path]:
    return sorted((store_dir / "state").iterdir())


async def _counter_session(jr_connect: Any) -> tuple[Any, dict[str, Any]]:
    """counter.py with n=42, name="persisted" and two clicks (session_state.clicks == 2)."""
    app = await jr_connect("counter.py")
    first = await app.hello()
    await app.run()
    await app.set("n", 42)
    await app.run()
    for _ in range(2):
        await app.set("inc", True)
        await app.run()
    await app.set("name", "persisted")
    await app.run()
    assert app.has_text("value: 42") and app.has_text("clicks: 2") and app.has_text("hello persisted")
    return app, first


async def test_each_finished_run_saves_the_session_under_a_hash_of_its_token(jr_connect, jr_sessions, store_dir):
    app, first = await _counter_session(jr_connect)
    key = state_key(first["resume_token"])
    keeper = jr_sessions.persist
    ids = {app.widget("n")["id"]: 42, app.widget("name")["id"]: "persisted"}

    def saved_now() -> SavedState | None:
        try:
            record = (store_dir / "state" / key).read_bytes()
        except FileNotFoundError:
            return None
        assert first["resume_token"].encode() not in record
        return keeper.decode(key, record[8:])  # after the file's deadline

    await wait_for(lambda: (s := saved_now()) is not None and ids.items() <= s.widget_values.items())
    assert [p.name for p in _entries(store_dir)] == [key]
    saved = saved_now()
    assert saved is not None and saved.app == "counter.py"
    import pickle

    assert {k: pickle.loads(v) for k, v in pickle.loads(saved.session_state).items()} == {"clicks": 2}


async def test_a_tab_whose_session_is_gone_gets_it_back_from_the_store(jr_connect, jr_sessions, store_dir):
    app, first = await _counter_session(jr_connect)
    session = jr_sessions.get(first["session_id"])
    await session.save_state()
    # the replica holding the session is gone (as when it stops): the session is closed here
    # with its state kept, and the tab reconnects with its ids
    await jr_sessions.close(session, 1012, "server restarting", keep_state=True)
    app.close()
    again = await jr_connect("counter.py")
    got = await again.hello(session_id=first["session_id"], resume_token=first["resume_token"])
    assert got["resumed"] is False and got.get("restored") is True
    assert got["session_id"] != first["session_id"] and got["resume_token"] != first["resume_token"]
    await again.run()
    assert again.has_text("value: 42") and again.has_text("clicks: 2") and again.has_text("hello persisted")
    assert again.widget("n")["value"] == 42
    await again.set("inc", True)  # session_state carries on from there
    await again.run()
    assert again.has_text("clicks: 3")
    # taken: the old token restores nothing any more; the new session saved under its own
    await wait_for(lambda: [p.name for p in _entries(store_dir)] == [state_key(got["resume_token"])])
    thief = await jr_connect("counter.py")
    stale = await thief.hello(session_id=first["session_id"], resume_token=first["resume_token"])
    assert stale.get("restored") is None
    await thief.run()
    assert thief.has_text("clicks: 0")


async def test_stopping_saves_every_session_then_closes_with_service_restart(jr_connect, jr_sessions, store_dir):
    app = await jr_connect("counter.py")
    first = await app.hello()
    await app.run()
    await app.set("n", 77)
    await app.run()
    session = jr_sessions.get(first["session_id"])
    if session._saving is not None:  # let the save of that run finish, then wipe it
        await session._saving
    for entry in _entries(store_dir):
        entry.unlink()
    await jr_sessions.close_all(notice="stopping")
    entries = _entries(store_dir)
    assert [p.name for p in entries] == [state_key(first["resume_token"])]
    saved = jr_sessions.persist.decode(entries[0].name, entries[0].read_bytes()[8:])
    assert app.widget("n")["id"] in saved.widget_values and 77 in saved.widget_values.values()
    with pytest.raises(ConnectionError, match="1012"):
        while True:
            await app.recv(timeout=10)
    late = await jr_connect("counter.py")  # a stopping server starts no new session
    await late.send({"type": "hello", "protocol": 1})
    with pytest.raises(ConnectionError, match="1012"):
        await late.recv(timeout=10)


@pytest.mark.parametrize("jr_config", [{"reconnect_window": 0.3}], indirect=True)
async def test_a_session_that_ends_for_good_deletes_what_it_saved(jr_connect, jr_sessions, store_dir, jp_serverapp):
    app = await jr_connect("counter.py")
    first = await app.hello()
    await app.run()
    kernel_id = jr_sessions.get(first["session_id"]).kernel.kernel_id
    await wait_for(lambda: len(_entries(store_dir)) == 1)
    app.close()  # the tab is gone: after the reconnect window the session ends
    await wait_for(lambda: jr_sessions.get(first["session_id"]) is None)
    await wait_for(lambda: _entries(store_dir) == [])
    await wait_for(lambda: kernel_id not in jp_serverapp.kernel_manager)


async def test_unserializable_session_state_is_named_once(jr_connect, jr_apps, store_dir):
    (jr_apps / "odd.py").write_text(
        "import threading\nimport jupyter_reactive as jr\n"
        "class Local:\n    pass\n"
        "jr.session_state.setdefault('lock', threading.Lock())\n"
        "jr.session_state.setdefault('local', Local())\n"
        "jr.session_state['count'] = jr.session_state.get('count', 0) + 1\n"
        "jr.slider('n', 0, 10, 1)\n"
        "jr.write(f\"count {jr.session_state['count']}\")\n"
    )
    app = await jr_connect("odd.py")
    await app.hello()
    await app.run()
    notices = [m for m in app.log if m["type"] == "notice"]
    assert len(notices) == 1 and "'lock'" in notices[0]["message"] and "'local'" in notices[0]["message"]
    assert "'count'" not in notices[0]["message"]
    await app.set("n", 3)
    await app.run()
    assert len([m for m in app.log if m["type"] == "notice"]) == 1  # once, not every run


@pytest.mark.parametrize("jr_config", [{"persist_state_max_bytes": 3000}], indirect=True)
async def test_state_over_the_cap_is_left_out_and_named_with_its_setting(jr_connect, jr_apps, jr_sessions, store_dir):
    assert jr_sessions.persist.max_bytes == 3000
    (jr_apps / "big.py").write_text(
        "import jupyter_reactive as jr\n"
        "jr.session_state['blob'] = 'x' * 20000\n"
        "jr.session_state['small'] = 1\n"
        "jr.slider('n', 0, 10, 1)\n"
    )
    app = await jr_connect("big.py")
    first = await app.hello()
    await app.run()
    notices = [m for m in app.log if m["type"] == "notice"]
    assert len(notices) == 1
    notice = notices[0]
    assert "'blob'" in notice["message"] and "ReactiveApp.persist_state_max_bytes" in notice["message"]
    await wait_for(lambda: len(_entries(store_dir)) == 1)
    saved = jr_sessions.persist.decode(state_key(first["resume_token"]), _entries(store_dir)[0].read_bytes()[8:])
    import pickle

    assert set(pickle.loads(saved.session_state)) == {"small"}


@pytest.mark.parametrize(
    "entry",
    ["garbage", "foreign", "oversize", "other-app", "store-down"],
)
async def test_a_bad_entry_gives_a_fresh_session_and_a_log_line(
    jr_connect, jr_sessions, store_dir, caplog, entry, jp_serverapp
):
    token = "t" * 43
    keeper: StateKeeper = jr_sessions.persist
    key = state_key(token)
    if entry == "garbage":
        await keeper.store.put_state(key, b"\x00garbage\xff" * 50, 60)
    elif entry == "foreign":
        foreign = StateKeeper(keeper.store, Signer(b"another deployment's secret"))
        await foreign.save(token, SavedState("counter.py", {}, b""))
    elif entry == "oversize":
        await keeper.store.put_state(key, b"JRS1" + b"\x00" * (keeper.max_bytes + 10), 60)
    elif entry == "other-app":
        await keeper.save(token, SavedState("another.py", {}, b""))
    else:
        original = keeper.store.take_state

        async def down(key: str) -> bytes | None:
            from jupyter_reactive.server.media import MediaStoreError

            raise MediaStoreError("the media store is unreachable")

        keeper.store.take_state = down  # type: ignore[method-assign]
    caplog.set_level(logging.WARNING)
    keeper.log.addHandler(caplog.handler)
    try:
        app = await jr_connect("counter.py")
        got = await app.hello(session_id="gone-session", resume_token=token)
    finally:
        if entry == "store-down":
            keeper.store.take_state = original  # type: ignore[method-assign]
        keeper.log.removeHandler(caplog.handler)
    assert got["resumed"] is False and got.get("restored") is None
    await app.run()
    assert app.has_text("value: 10") and app.has_text("clicks: 0")
    assert any("saved session state" in r.getMessage() for r in caplog.records), caplog.text


@pytest.mark.parametrize("jr_config", [{"persist_state": False}], indirect=True)
async def test_the_off_switch_saves_nothing_and_restores_nothing(jr_connect, jr_sessions, store_dir):
    assert jr_sessions.persist is None
    _app, first = await _counter_session(jr_connect)
    session = jr_sessions.get(first["session_id"])
    await session.save_state()  # a no-op when off
    await jr_sessions.close(session, 1012, "server restarting", keep_state=True)
    assert _entries(store_dir) == []
    again = await jr_connect("counter.py")
    got = await again.hello(session_id=first["session_id"], resume_token=first["resume_token"])
    assert got.get("restored") is None
    await again.run()
    assert again.has_text("value: 10") and again.has_text("clicks: 0")


@pytest.mark.parametrize("jr_config", [{"media_store_url": "memory://"}], indirect=True)
async def test_without_a_shared_store_nothing_is_saved(jr_connect, jr_sessions, jr_apps):
    assert jr_sessions.persist is None
    app = await jr_connect("counter.py")
    await app.hello()
    await app.run()
    assert not any(m["type"] == "notice" for m in app.log)


async def test_a_signed_entry_with_garbage_values_restores_what_is_valid(jr_connect, jr_sessions):
    """An entry this deployment signed whose values are garbage (a widget's value of the wrong
    type, a widget that does not exist, a session_state payload that is not one): each bad
    part is refused where it is checked, the rest restored, and the session works."""
    probe = await jr_connect("counter.py")
    await probe.hello()
    await probe.run()
    n_id, name_id = probe.widget("n")["id"], probe.widget("name")["id"]
    token = "g" * 43
    values = {n_id: "not a number", name_id: "restored name", "sl-nosuchwidget": 5}
    await jr_sessions.persist.save(token, SavedState("counter.py", values, b"\x80\x05garbage"))
    app = await jr_connect("counter.py")
    got = await app.hello(session_id="gone", resume_token=token)
    assert got.get("restored") is True
    await app.run()
    assert app.has_text("value: 10") and app.has_text("hello restored name") and app.has_text("clicks: 0")
    notices = [m["message"] for m in app.log if m["type"] == "notice"]
    assert notices == ["The saved session_state could not be read; the app starts without it."]
    await app.set("n", 12)
    await app.run()
    assert app.has_text("value: 12")


@pytest.mark.parametrize("jr_config", [{"media_store_url": "redis"}], indirect=True)
async def test_a_store_that_goes_down_costs_the_saves_not_the_session(jr_connect, jr_sessions, own_redis, caplog):
    jr_sessions.log.addHandler(caplog.handler)
    try:
        app, first = await _counter_session(jr_connect)
        session = jr_sessions.get(first["session_id"])
        await wait_for(lambda: session._saved is not None)
        own_redis.stop()
        for value in (50, 51):
            await app.set("n", value)
            await app.run()
            assert app.has_text(f"value: {value}")
        await wait_for(lambda: any("state not saved" in r.getMessage() for r in caplog.records))
        await wait_for(lambda: session._saving.done() and not session._save_wanted)  # every save tried
        assert sum("state not saved" in r.getMessage() for r in caplog.records) == 1  # once
        assert not any(m["type"] == "notice" for m in app.log)  # the viewer is not bothered
    finally:
        jr_sessions.log.removeHandler(caplog.handler)


async def test_fragment_runs_save_too(jr_connect, jr_sessions):
    app = await jr_connect("fragments_app.py")
    first = await app.hello()
    await app.run()
    for clicks in (1, 2):
        await app.set("Fragment click", True)
        started = await app.expect("run_started")
        assert started.get("fragments")  # a fragment run, not a full one
        await app.run()
        assert app.has_text(f"Fragment clicks: {clicks}")
    assert app.has_text("Full runs: 1")
    session = jr_sessions.get(first["session_id"])
    await wait_for(lambda: session._saving is not None and session._saving.done() and not session._save_wanted)
    await jr_sessions.close(session, 1012, "server restarting", keep_state=True)
    again = await jr_connect("fragments_app.py")
    got = await again.hello(session_id=first["session_id"], resume_token=first["resume_token"])
    assert got.get("restored") is True
    await again.run()
    assert again.has_text("Fragment clicks: 2") and again.has_text("Full runs: 2")  # one more full run, here


@pytest.mark.parametrize(
    "name,value", [("persist_state_max_bytes", 0), ("persist_state_max_bytes", -5), ("persist_state_ttl", 0.0)]
)
def test_a_cap_or_ttl_that_is_not_positive_is_refused(name: str, value: Any) -> None:
    from traitlets import TraitError

    from jupyter_reactive.server.app import ReactiveApp

    with pytest.raises(TraitError, match=f"--ReactiveApp.{name} must be > 0"):
        ReactiveApp(**{name: value})


def test_a_bad_persist_setting_ends_serve_with_one_line() -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-m", "jupyter_reactive", "serve", "notebooks/hello.py", "--port=0", "--no-browser"]
        + ["--ReactiveApp.persist_state_ttl=-1"],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=60,
    )
    assert out.returncode == 1, out.stderr[-2000:]
    assert out.stderr.strip().splitlines()[-1].endswith("--ReactiveApp.persist_state_ttl must be > 0")
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("jr_config", [{"persist_state_max_bytes": 3000}], indirect=True)
async def test_an_entry_over_the_cap_keeps_its_widget_values(jr_connect, jr_apps, jr_sessions, store_dir):
    """session_state just under the cap (the kernel keeps it), with the widget values over it:
    the widget values are saved alone and the page is told, once."""
    (jr_apps / "edge.py").write_text(
        "import jupyter_reactive as jr\n"
        "jr.session_state['blob'] = 'x' * 2800\n"
        "n = jr.slider('n', 0, 10, 1)\n"
        "jr.text_input('padding', 'p' * 300)\n"
        "jr.write(f'n is {n}')\n"
    )
    app = await jr_connect("edge.py")
    first = await app.hello()
    await app.run()
    await app.set("n", 7)
    await app.run()
    notices = [m["message"] for m in app.log if m["type"] == "notice"]
    assert len(notices) == 1 and "ReactiveApp.persist_state_max_bytes" in notices[0]
    assert "session_state is left out" in notices[0]
    key = state_key(first["resume_token"])

    def saved_n() -> Any:
        try:
            record = (store_dir / "state" / key).read_bytes()
        except FileNotFoundError:
            return None
        saved = jr_sessions.persist.decode(key, record[8:])
        assert saved.session_state == b""
        return saved.widget_values.get(app.widget("n")["id"])

    await wait_for(lambda: saved_n() == 7)
