import jupyter_reactive as jr

small = jr.file_uploader("one megabyte at most", max_upload_size=1)
jr.write(f"small: {small.size if small else None}")
chat = jr.chat_input("Say", accept_file=True, max_upload_size=1)
jr.write(f"chat files: {[f.size for f in chat.files] if chat else None}")
folder = jr.file_uploader("a folder", accept_multiple_files="directory", type="txt")
jr.write(f"folder: {sorted(f.name for f in folder)}")
