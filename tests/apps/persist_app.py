"""persist_state in a browser (tests/browser/test_persist_state_page.py): a name kept for the
session and a count kept for the page, both hidden by a toggle and left by a page switch."""

import jupyter_reactive as jr


def form() -> None:
    if jr.toggle("Show fields", value=True):
        jr.text_input("Name", key="name", persist_state="session")
        jr.number_input("Count", min_value=0, max_value=99, key="count", persist_state="page")
    jr.write(f"Form reads name={jr.session_state.get('name')!r} count={jr.session_state.get('count')!r}")


def other() -> None:
    jr.write(f"Other reads name={jr.session_state.get('name')!r} count={jr.session_state.get('count')!r}")


jr.navigation([jr.Page(form, title="Form", default=True), jr.Page(other, title="Other")]).run()
