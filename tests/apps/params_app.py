"""The optional parameters Streamlit users pass, as a page shows them (tests/browser/test_params_page.py)."""

import numpy as np

import jupyter_reactive as jr

jr.title("Prices", help="What things cost")
jr.header("Set up", anchor="setup")
jr.subheader("No anchor here", anchor=False)
jr.markdown("Some **body** text", help="Body help")
jr.caption("A caption", help="Caption help")
jr.text("plain text", help="Text help")
jr.code("def f(x):\n    '''doc\n    string'''\n    return x\n", line_numbers=True)
jr.code("x = '" + "long " * 60 + "'", wrap_lines=True)

price = jr.slider("Price", 0.0, 100.0, 12.5, format="$%.2f")
jr.write(f"price is {price}")
count = jr.slider("Count", 0, 1000, 42, format="%d items")
amount = jr.number_input("Amount", 0.0, 1e6, 1234.5, format="%08.2f")
jr.write(f"amount is {amount}")
jr.number_input("Plain", 0, 10, 3)

left, right = jr.columns(2)
with left:
    jr.button("Wide", use_container_width=True)
    jr.download_button("Wide download", "a,b\n", file_name="x.csv", use_container_width=True)
with right:
    jr.button("Narrow")
with jr.form("f"):
    jr.form_submit_button("Send", use_container_width=True)

plan = jr.radio("Plan", ["Free", "Pro"], captions=["No cost", "*Everything*, monthly"])
jr.write(f"plan is {plan}")
jr.text_input("Email", autocomplete="email")
jr.text_input("Nickname")
tone = np.sin(np.linspace(0, 2 * np.pi * 440 * 4, 8000 * 4))
jr.audio(tone, sample_rate=8000, start_time=1, end_time=2.5)
jr.video(b"\0" * 64, format="video/mp4", end_time=3)  # not playable: only its URL is looked at
