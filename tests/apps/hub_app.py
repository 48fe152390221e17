"""Shows who is watching (jr.user), with a widget and an upload: the JupyterHub tests' app."""

import jupyter_reactive as jr

jr.title("Who is watching")
jr.text(f"logged in: {jr.user.is_logged_in}")
jr.text(f"username: {jr.user.get('username', 'nobody')}")
jr.text(f"groups: {','.join(jr.user.get('groups', [])) or 'none'}")
n = jr.slider("n", 0, 10, 3)
jr.text(f"double: {n * 2}")
upload = jr.file_uploader("upload")
if upload is not None:
    jr.text(f"uploaded {upload.name}: {len(upload.getvalue())} bytes")
