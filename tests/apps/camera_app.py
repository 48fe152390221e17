import jupyter_reactive as jr

jr.title("Camera")
photo = jr.camera_input("snap")
jr.camera_input("off", disabled=True)
if photo is not None:
    jr.write(f"photo size: {photo.size} type: {photo.type}")
