"""A chat app: the conversation lives in session_state, and the assistant's answer streams in
word by word from a local generator (no model, no network). Swap ``reply`` for an LLM client's
stream (OpenAI-style chunks work as they are) to make it real."""

import random
import time

import jupyter_reactive as jr

jr.title("💬 Chat")
jr.caption("A local echo bot that streams its answers, one word at a time.")

with jr.sidebar:
    speed = jr.slider("words per second", 5, 50, 20)
    if jr.button("Clear the conversation"):
        jr.session_state.messages = []

if "messages" not in jr.session_state:
    jr.session_state.messages = [
        {"role": "assistant", "content": "Hello! Ask me anything, I will think hard about it."}
    ]


def reply(prompt: str):
    """A pretend model: a canned answer about the prompt, one word at a time."""
    opener = random.choice(["Good question.", "Let me think.", "Interesting!", "Here is what I know."])
    words = f"{opener} You wrote **{len(prompt.split())} words**: *{prompt}*. Reversed, that is `{prompt[::-1]}`."
    for word in words.split(" "):
        yield word + " "
        time.sleep(1 / speed)


for message in jr.session_state.messages:
    with jr.chat_message(message["role"]):
        jr.markdown(message["content"])

if prompt := jr.chat_input("Say something"):
    jr.session_state.messages.append({"role": "user", "content": prompt})
    with jr.chat_message("user"):
        jr.markdown(prompt)
    with jr.chat_message("assistant"):
        answer = jr.write_stream(reply(prompt))
    jr.session_state.messages.append({"role": "assistant", "content": answer})
