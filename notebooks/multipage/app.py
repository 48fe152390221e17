"""A multipage app from a pages/ folder: run `jupyter reactive serve notebooks/multipage/app.py`.

Every file in pages/ is a page, listed in the sidebar in the order of its number; this file is the
home page. The pages share one session: the counter below is the one the Counter page increments.
A variant that declares its pages in code is nav_app.py, beside this file.
"""

import jupyter_reactive as jr

jr.title("🏠 Home")
jr.session_state.setdefault("count", 0)
jr.write(f"The counter (shared by every page of this session) is at **{jr.session_state.count}**.")
jr.page_link("pages/1_📈_Counter.py", label="Go count", icon="📈")
name = jr.text_input("Your name", key="name")
if name:
    jr.success(f"Hello {name}! The other pages know your name too.")
