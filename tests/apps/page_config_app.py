import jupyter_reactive as jr

jr.title("Wide dashboard")
jr.sidebar.write("Filters")
jr.session_state.runs = jr.session_state.get("runs", 0) + 1
jr.button("Again")
jr.write(f"run {jr.session_state.runs}")
# after other elements, as current Streamlit allows
jr.set_page_config(page_title="Sales board", page_icon="📈", layout="wide", initial_sidebar_state="collapsed")
