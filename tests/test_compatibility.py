"""docs/compatibility.md stays true: its table of Streamlit's names against ``jupyter_reactive``."""

from __future__ import annotations

import inspect
import re
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
