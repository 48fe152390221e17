"""docs/compatibility.md stays true: its table of Streamlit's names against ``jupyter_reactive``."""

from __future__ import annotations

import inspect
import json
import re
import runpy
import subprocess
from pathlib import Path

import pytest

import jupyter_reactive as jr
from jupyter_reactive.kernel.params import DECLARED

DOC = Path(__file__).resolve().parent.parent / "docs" / "compatibility.md"
ROW = re.compile(r"^\| `(?P<name>[A-Za-z_]\w*)` \| (?P<status>\w+) \| (?P<note>.*?) *\|$")
ONLY_HERE = {"Container", "UploadedFile", "__version__"}


def rows() -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for line in DOC.read_text().splitlines():
        m = ROW.match(line)
        if m:
            assert m["name"] not in found, f"{m['name']} has two rows"
            found[m["name"]] = (m["status"], m["note"])
    return found


def listed(note: str, label: str) -> set[str]:
    """The `names` after ``label:`` in a note, up to the next ``;``."""
    m = re.search(rf"{label}: ([^;]*)", note)
    return set(re.findall(r"`(\w+)`", m.group(1))) if m else set()


def test_the_table_is_there_and_its_statuses_are_known() -> None:
    table = rows()
    assert len(table) > 100
    assert {status for status, _ in table.values()} <= {"yes", "partial", "no"}


def test_every_public_name_has_a_row() -> None:
    missing = set(jr.__all__) - ONLY_HERE - set(rows())
    assert not missing, f"add rows to docs/compatibility.md for {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(rows()))
def test_a_row_says_what_the_module_does(name: str) -> None:
    status, note = rows()[name]
    if status == "no":
        assert not hasattr(jr, name), f"jr.{name} exists now: mark it yes or partial in docs/compatibility.md"
        return
    assert name in jr.__all__, f"docs/compatibility.md says jr.{name} exists ({status}) but it does not"
    obj = getattr(jr, name)
    declared = set(getattr(obj, DECLARED, ()))
    warns, absent = listed(note, "warns"), listed(note, "not accepted yet")
    assert warns == declared, (
        f"jr.{name} declares {sorted(declared)} unsupported; the row's 'warns' says {sorted(warns)}"
    )
    if absent:
        params = set(inspect.signature(obj).parameters)
        taken = absent & params
        assert not taken, f"jr.{name} accepts {sorted(taken)} now: update 'not accepted yet' in its row"
    if status == "yes":
        assert not declared and not absent, f"jr.{name} is marked yes but has unsupported parameters"
    else:
        assert note, f"jr.{name} is partial: say how"


STREAMLIT_PYTHON = DOC.parent.parent / "benchmarks" / ".envs" / "streamlit" / "bin" / "python"


@pytest.fixture(scope="module")
def streamlit_surface() -> dict[str, list[str] | None]:
    """Streamlit's public names and their parameters, read from the benchmark environment's
    Streamlit by the same code that refreshes the table (``scripts/compat-table``)."""
    if not STREAMLIT_PYTHON.exists():
        pytest.skip("no Streamlit environment (benchmarks/.envs/streamlit): the surfaces cannot be compared")
    side = runpy.run_path(str(DOC.parent.parent / "scripts" / "compat-table"))["STREAMLIT_SIDE"]
    out = subprocess.run([str(STREAMLIT_PYTHON), "-c", side], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    surface: dict[str, list[str] | None] = json.loads(out.stdout)
    return surface


def test_every_streamlit_name_has_a_row(streamlit_surface: dict[str, list[str] | None]) -> None:
    """A name a new Streamlit adds cannot go unnoticed: it gets a row (`scripts/compat-table`)."""
    missing = sorted(set(streamlit_surface) - set(rows()))
    assert not missing, f"Streamlit has {missing}: run scripts/compat-table and say what they do here"


def test_every_streamlit_parameter_is_accepted_or_listed(streamlit_surface: dict[str, list[str] | None]) -> None:
    """Each Streamlit parameter of a name we have is in our signature, or its row says "not
    accepted yet"; a name we lack raises an error that says so (not a look-alike suggestion)."""
    gaps = {}
    for name, (status, note) in rows().items():
        theirs = streamlit_surface.get(name)
        if status == "no":
            if name in streamlit_surface and name not in jr.__dict__.get("_REMOVED", {}):
                with pytest.raises(AttributeError, match="is not supported here yet") as caught:
                    getattr(jr, name)
                assert caught.value.name == name
            continue
        if not theirs:
            continue
        ours = set(inspect.signature(getattr(jr, name)).parameters)
        lacking = {p for p in theirs if p not in ours}
        if lacking != listed(note, "not accepted yet"):
            gaps[name] = sorted(lacking)
    assert not gaps, f"Streamlit parameters not accepted here and not listed: {gaps}"
