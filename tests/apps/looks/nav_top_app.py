"""Multipage family for scripts/visual-compare: st.navigation along the top."""

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
    },
    position="top",
)

pg.run()
