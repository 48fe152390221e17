"""Multipage family for scripts/visual-compare: st.navigation in the sidebar."""

import jupyter_reactive as jr


def home():
    jr.title("Home")
    jr.write("The home page.")


def reports():
    jr.title("Reports")


pg = jr.navigation(
    {
        "Main": [jr.Page(home, title="Home", icon=":material/home:", default=True)],
        "Tools": [jr.Page(reports, title="Reports", icon="📊")],
    }
)
jr.sidebar.selectbox("Region", ["EU", "US"])
pg.run()
