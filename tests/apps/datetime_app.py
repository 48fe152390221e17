import datetime as dt

import jupyter_reactive as jr

a = jr.datetime_input("Meeting", dt.datetime(2025, 3, 14, 9, 30))
jr.write(f"meeting: {a!r}")
b = jr.datetime_input("Deadline", None, format="DD.MM.YYYY", step=dt.timedelta(hours=1))
jr.write(f"deadline: {b!r}")
jr.date_input("plain date", dt.date(2025, 1, 2))
jr.text("end")
