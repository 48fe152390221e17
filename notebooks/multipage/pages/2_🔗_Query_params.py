import jupyter_reactive as jr

COLOURS = ["red", "green", "blue"]

jr.title("🔗 Query parameters")
jr.write("The URL's query string (edit it, or pick a colour: the URL follows without a reload):")
jr.json(jr.query_params.to_dict())
asked = jr.query_params.get("colour", "red")
colour = jr.selectbox("Colour", COLOURS, index=COLOURS.index(asked) if asked in COLOURS else 0)
if jr.query_params.get("colour") != colour:
    jr.query_params["colour"] = colour
jr.write(f"Colour: {colour}")
