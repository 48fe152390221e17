import jupyter_reactive as jr

jr.title("📈 Counter")
jr.session_state.setdefault("count", 0)
if jr.button("Increment"):
    jr.session_state.count += 1
jr.metric("Count", jr.session_state.count)
if jr.session_state.get("name"):
    jr.write(f"Counting for {jr.session_state.name}.")
if jr.button("Show the query parameters"):
    jr.switch_page("pages/2_🔗_Query_params.py")
