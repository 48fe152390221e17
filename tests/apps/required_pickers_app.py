"""``required`` on date/time/datetime inputs and ``multiselect(select_all=)`` in a browser
(tests/browser/test_required_pickers_page.py)."""

import datetime as dt

import jupyter_reactive as jr

due = jr.date_input("Due", dt.date(2026, 1, 5), required=True)
start = jr.date_input("Start", None, required=True)
at = jr.time_input("At", None, required=True)
when = jr.datetime_input("When", None, required=True)
jr.write(f"due is {due} start is {start} at is {at} when is {when}")
with jr.form("f"):
    fd = jr.date_input("Form date", None, required=True)
    ft = jr.time_input("Form time", None, required=True)
    sent = jr.form_submit_button("Send")
jr.write(f"form is {fd} {ft} {sent}")
fruits = jr.multiselect("Fruits", ["apple", "banana", "cherry", "date", "elderberry"], max_selections=4)
jr.multiselect("Few", ["x", "y", "z"], select_all=False)
jr.write(f"fruits are {', '.join(fruits) or 'none'}")
