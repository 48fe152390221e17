import jupyter_reactive as jr

jr.title("Shortcuts")
jr.session_state.setdefault("log", [])


def note(name: str) -> None:
    jr.session_state.log.append(name)


jr.button("Plain", shortcut="K", on_click=note, args=("plain",))
jr.button("Mod", shortcut="Ctrl+Shift+J", on_click=note, args=("mod",), icon="🔥", icon_position="right")
jr.button("Off", shortcut="O", disabled=True, on_click=note, args=("off",))
jr.button("Twin A", shortcut="T", on_click=note, args=("twin a",))
jr.button("Twin B", shortcut="T", on_click=note, args=("twin b",))
jr.button("Leave", shortcut="Esc", on_click=note, args=("esc",))
jr.button("Help", shortcut="Shift+F2", on_click=note, args=("f2",))
jr.download_button("Get", b"data", file_name="k.txt", shortcut="D", on_click=note, args=("get",))
jr.link_button("Away", "https://example.org/away", shortcut="L")
jr.link_button("Tracked", "https://example.org/tracked", shortcut="Alt+Y", on_click=note, args=("tracked",))
with jr.form("f"):
    name = jr.text_input("Name")
    sent = jr.form_submit_button("Send", shortcut="Ctrl+M", key="send")
jr.text_area("Notes")
jr.page_link("https://example.org", label="Right link", icon="🔗", icon_position="right")
jr.text(f"log: {', '.join(jr.session_state.log)}")
jr.text(f"sent: {sent} {name!r}")
