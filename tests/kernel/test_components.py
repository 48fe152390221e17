"""``components.v1``: frames, declared components as widgets (args, bytes and DataFrame args as
Arrow media, values in and out, keys), and the values and arguments they refuse (in process)."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

import jupyter_reactive as jr
from jupyter_reactive.kernel.elements.components import (
    arrow_parts,
    deserialize_value,
    frame_from_arrow,
    serialize_value,
)
from jupyter_reactive.kernel.state import WidgetValueError

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")


def test_the_streamlit_import_paths_exist() -> None:
    import jupyter_reactive.components.v1 as components
    from jupyter_reactive.components.v1 import components as legacy

    assert jr.components.v1.html is components.html
    assert legacy.declare_component is components.declare_component and legacy.CustomComponent


def test_html_and_iframe_are_frames(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive.components.v1 as components
        components.html("<p>hi</p><script>parent.x = 1</script>", height=120, scrolling=True, tab_index=0)
        components.iframe("https://example.org/", width=300)
        """
    )
    run = app.run()
    assert run.status == "complete", app.page
    html, frame = run.of_kind("iframe")
    assert html["height"] == 120 and html["scrolling"] is True and html["tab_index"] == 0
    assert base64.b64decode(html["html"].split(",", 1)[1]).decode().startswith("<p>hi</p>")
    assert frame == {"kind": "iframe", "src": "https://example.org/", "height": 150, "scrolling": False, "width": 300}


@pytest.mark.parametrize(
    "call",
    [
        "components.html(None)",
        'components.iframe("")',
        'components.iframe("https://x", height=-5)',
        'components.iframe("https://x", width="wide")',
        'components.html("x", tab_index=-7)',
    ],
)
def test_bad_frame_arguments_are_clear_errors(make_app: Any, call: str) -> None:
    app = make_app(f"import jupyter_reactive.components.v1 as components\n{call}")
    (exc,) = app.run().of_kind("exception")
    assert exc["ename"] == "StreamlitAPIException"


def _component_app(make_app: Any, tmp_path: Path, body: str) -> Any:
    build = tmp_path / "build"
    build.mkdir(exist_ok=True)
    (build / "index.html").write_text("<html></html>")
    return make_app(
        f"""
        import jupyter_reactive as jr
        import jupyter_reactive.components.v1 as components
        import pandas as pd
        comp = components.declare_component("counter", path={str(build)!r})
        {body}
        """
    )


def test_a_declared_component_is_a_widget_with_its_args(make_app: Any, tmp_path: Path) -> None:
    app = _component_app(
        make_app,
        tmp_path,
        """value = comp(name="World", blob=b"\\x00\\x01", df=pd.DataFrame({"a": [1, 2]}), default=0, key="c1")
        jr.write(f"value={value!r}")""",
    )
    run = app.run()
    assert run.status == "complete", app.page
    folders = [m for m in app.messages if m["type"] == "component_folder"]
    assert folders == [{"type": "component_folder", "name": "app.counter", "path": str(tmp_path / "build")}]
    el = app.widget("app.counter")
    assert el["widget"] == "component" and el["component"] == "app.counter" and el["value"] is None
    assert el["args"] == {"name": "World", "default": 0, "key": "c1"}
    assert el["bytes_args"]["blob"].startswith("data:application/octet-stream;base64,AAE")
    assert set(el["dfs"]["df"]) == {"data", "index", "columns"}
    assert "value=0" in str(app.page)
    # the frame sets a value: the script gets it, session_state[key] too
    app.send({el["id"]: {"dataType": "json", "value": {"clicks": 3}}})
    assert "value={'clicks': 3}" in str(app.page)
    assert app.widget("app.counter")["value"] == {"dataType": "json", "value": {"clicks": 3}}
    # a second run sends the folder no more
    app.run()
    assert len([m for m in app.messages if m["type"] == "component_folder"]) == 1


def test_a_key_keeps_the_identity_when_args_change_and_no_key_does_not(make_app: Any, tmp_path: Path) -> None:
    app = _component_app(
        make_app,
        tmp_path,
        """n = jr.session_state.setdefault("n", 0)
        jr.session_state.n = n + 1
        comp(n=n, key="k")
        comp(n=n)""",
    )
    app.run()
    first = [el["id"] for el in app.page.values() if el.get("widget") == "component"]
    app.run()
    second = [el["id"] for el in app.page.values() if el.get("widget") == "component"]
    assert first[0] == second[0] and first[1] != second[1]


def test_bytes_and_dataframe_values_round_trip(make_app: Any, tmp_path: Path) -> None:
    app = _component_app(
        make_app,
        tmp_path,
        """value = comp(key="c")
        shown = value.hex() if isinstance(value, bytes) else value
        jr.write(f"type={type(value).__name__} value={shown!r}")""",
    )
    app.run()
    wid = app.widget("app.counter")["id"]
    app.send({wid: {"dataType": "bytes", "value": base64.b64encode(b"\x00\xffhi").decode()}})
    assert "type=bytes value='00ff6869'" in str(app.page)
    df = pd.DataFrame({"x": [1, 2, 3], "y": ["a", "b", "c"]}, index=[10, 20, 30])
    parts = {k: base64.b64encode(v).decode() for k, v in arrow_parts(df).items()}
    app.send({wid: {"dataType": "dataframe", "value": parts}})
    assert "type=DataFrame" in str(app.page)
    got = frame_from_arrow(arrow_parts(df))
    assert got.values.tolist() == df.values.tolist()
    assert list(got.index) == [10, 20, 30] and list(got.columns) == ["x", "y"]
    assert serialize_value(b"ab") == {"dataType": "bytes", "value": "YWI="}
    assert deserialize_value(serialize_value(df)).values.tolist() == df.values.tolist()


@pytest.mark.parametrize(
    "wire",
    [
        5,
        "text",
        [1],
        {"value": 1},
        {"dataType": "json"},
        {"dataType": "xml", "value": "<a/>"},
        {"dataType": "json", "value": 1, "extra": 2},
        {"dataType": "bytes", "value": 42},
        {"dataType": "bytes", "value": "not base64!"},
        {"dataType": "dataframe", "value": "abc"},
        {"dataType": "dataframe", "value": {"data": "AAAA", "index": "AAAA"}},
        {"dataType": "dataframe", "value": {"data": "AAAA", "index": "AAAA", "columns": "AAAA"}},
    ],
)
def test_garbage_values_are_refused(make_app: Any, tmp_path: Path, wire: Any) -> None:
    app = _component_app(make_app, tmp_path, 'jr.write(f"value={comp(default=7)!r}")')
    app.run()
    with pytest.raises(WidgetValueError):
        deserialize_value(wire)
    assert app.refused(app.widget("app.counter")["id"], wire)
    app.run()
    assert "value=7" in str(app.page)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('comp("positional")', "needs a label"),
        ("comp(f=lambda: 1)", "Could not convert component args to JSON"),
        ('comp(x=float("nan"))', "Could not convert component args to JSON"),
        ('components.declare_component("x")', "Either 'path' or 'url' must be set"),
        ('components.declare_component("x", path=".", url="https://x")', "Either 'path' or 'url' must be set"),
        ('components.declare_component("x", url="javascript:alert(1)")', "http:// or https://"),
        ('components.declare_component("", path=".")', "needs a name"),
        ('components.declare_component("x", path="no/such/dir")()', "No such component directory"),
    ],
)
def test_bad_component_calls_are_clear_errors(make_app: Any, tmp_path: Path, body: str, message: str) -> None:
    app = _component_app(make_app, tmp_path, body)
    (exc,) = app.run().of_kind("exception")
    assert message in exc["evalue"], exc


def test_a_url_component_sends_no_folder(make_app: Any, tmp_path: Path) -> None:
    app = make_app(
        """
        import jupyter_reactive.components.v1 as components
        dev = components.declare_component("dev", url="http://localhost:3001")
        dev(key="d")
        """
    )
    app.run()
    assert app.widget("app.dev")["url"] == "http://localhost:3001"
    assert not [m for m in app.messages if m["type"] == "component_folder"]


def test_on_change_runs_when_the_frame_sets_a_value(make_app: Any, tmp_path: Path) -> None:
    app = _component_app(
        make_app,
        tmp_path,
        """def changed():
            jr.session_state.log = jr.session_state.get("log", []) + [jr.session_state.c]
        comp(key="c", on_change=changed, default="none")
        jr.write(f"log={jr.session_state.get('log', [])}")""",
    )
    app.run()
    wid = app.widget("app.counter")["id"]
    app.send({wid: {"dataType": "json", "value": "first"}})
    app.send({wid: {"dataType": "json", "value": [1, 2]}})
    assert "log=['first', [1, 2]]" in str(app.page)
