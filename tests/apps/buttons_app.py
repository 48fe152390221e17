import jupyter_reactive as jr

jr.title("Buttons")
single = jr.pills("Direction", ["North", "East", "South", "West"], help="where to go")
jr.write(f"pills single: {single}")
multi = jr.pills(
    "Toppings", ["🧀 Cheese", ":material/eco: Basil", "Olives"], selection_mode="multi", default=["Olives"]
)
jr.text(f"pills multi: {multi}")
seg = jr.segmented_control("Size", ["S", "M", "L"], default="M")
jr.write(f"segmented single: {seg}")
segm = jr.segmented_control(
    "Zoom",
    [0, 1, 2],
    format_func=lambda o: [":material/zoom_in:", ":material/zoom_out:", "Fit"][o],
    selection_mode="multi",
)
jr.write(f"segmented multi: {segm}")
thumbs = jr.feedback("thumbs")
jr.write(f"thumbs: {thumbs}")
faces = jr.feedback("faces", key="faces")
jr.write(f"faces: {faces}")
stars = jr.feedback("stars", key="stars", default=2)
jr.write(f"stars: {stars}")
c1, c2, c3, c4 = jr.columns(4)
with c1:
    pressed = jr.button("Launch", icon="🚀", type="primary")
with c2:
    jr.button("Home", icon=":material/home:")
with c3:
    jr.button("Quiet", type="tertiary", icon=":material/volume_off:")
with c4:
    jr.link_button("Docs", "https://example.org/docs", icon=":material/open_in_new:", help="the docs")
jr.write(f"launched: {pressed}")
jr.page_link("buttons_app.py", label="This page", icon="🏠")
jr.page_link("https://example.org", label="Example", icon=":material/language:")
tracked = jr.link_button("Tracked **link**", "https://example.org/tracked", on_click="rerun", type="tertiary")
jr.write(f"tracked: {tracked}")
