"""Chat family for scripts/visual-compare: messages with avatars and the pinned input."""

import jupyter_reactive as jr

jr.title("Chat")
with jr.chat_message("user"):
    jr.write("Hello there.")
with jr.chat_message("assistant"):
    jr.write("Hi! How can I help?")
jr.chat_message("ai", avatar="🦖").write("A custom avatar.")
jr.chat_message("Bob").write("A named author.")
jr.chat_input("Say something")
