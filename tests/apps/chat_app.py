"""Chat in the browser tests: a conversation in session_state, an answer streamed chunk by chunk
(with JR_CHAT_GATE set, each chunk after the first waits for the test's go file, so the test can
see the text half-streamed), and an inline chat input in the sidebar that takes attachments."""

import os
import time

import jupyter_reactive as jr

GATE = os.environ.get("JR_CHAT_GATE")

if "messages" not in jr.session_state:
    jr.session_state.messages = []


def answer(prompt: str):
    if prompt != "stream":
        yield f"echo: {prompt}"
        return
    for i in range(1, 4):
        if GATE and i > 1:
            go = os.path.join(GATE, f"go{i}")
            for _ in range(6000):  # at most a minute: the test creates the file
                if os.path.exists(go):
                    break
                time.sleep(0.01)
        yield f"chunk{i} "


for m in jr.session_state.messages:
    with jr.chat_message(m["role"]):
        jr.markdown(m["content"])

with jr.sidebar:
    box = jr.container(border=True)
    sent = box.chat_input("Attach here", accept_file="multiple", file_type=["txt"], key="files")
    if sent:
        box.text(f"attached text={sent.text!r} files={[(f.name, f.getvalue().decode()) for f in sent.files]}")
    slow = jr.chat_input("Slow one", submit_mode="disable", key="slow")
    if slow:
        for _ in range(6000):  # the run waits for the test's go file (at most a minute)
            if not GATE or os.path.exists(os.path.join(GATE, "go_slow")):
                break
            time.sleep(0.01)
        jr.text(f"slow got {slow}")
    if jr.button("Fill the box"):  # Streamlit's way to put text in a chat input, unsent
        jr.session_state.fill = "Hello, world!"
    filled = jr.chat_input("Filled here", key="fill")
    jr.text(f"fill reads {jr.session_state.fill}, got {filled}")

if prompt := jr.chat_input("Your message", max_chars=50):
    jr.session_state.messages.append({"role": "user", "content": prompt})
    with jr.chat_message("user"):
        jr.markdown(prompt)
    with jr.chat_message("assistant"):
        full = jr.write_stream(answer(prompt))
    jr.session_state.messages.append({"role": "assistant", "content": full})
