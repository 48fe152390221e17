"""Download buttons whose file is made on click (tests/browser/test_download_page.py)."""

import time

import jupyter_reactive as jr

made = jr.cache_resource(list)()  # survives reruns; the data function has no session_state


def make_report():
    time.sleep(0.3)
    made.append(1)
    return f"col1,col2\n1,{len(made)}\n".encode()


def broken():
    raise RuntimeError("no data today")


jr.download_button("Download report", data=make_report, file_name="report.csv", mime="text/csv")
jr.download_button("Broken download", data=broken, file_name="b.txt", on_click="ignore")
jr.write(f"reports made: {len(made)}")
