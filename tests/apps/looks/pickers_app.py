"""Pickers and choice widgets for scripts/visual-compare."""

import datetime as dt

import jupyter_reactive as jr

jr.title("Pickers")
jr.date_input("Day", dt.date(2024, 5, 17))
jr.date_input("Range", (dt.date(2024, 5, 1), dt.date(2024, 5, 17)))
jr.time_input("Time", dt.time(9, 30))
jr.color_picker("Colour", "#3366ff")
jr.number_input("Amount", value=42, help="How many")
jr.multiselect("Fruit", ["apple", "banana", "cherry", "date"], default=["apple", "cherry"])
jr.select_slider("Size", ["S", "M", "L", "XL"], value="M")
jr.radio("Mode", ["one", "two", "three"])
jr.radio("Inline", ["left", "middle", "right"], horizontal=True)
jr.toggle("Enabled", value=True)
jr.pills("Tags", ["red", "green", "blue"], default="green")
jr.segmented_control("View", ["day", "week", "month"], default="week")
jr.feedback("thumbs")
jr.feedback("stars")
jr.text_area("Notes", "Some text\non two lines")
jr.file_uploader("Upload a file")
jr.camera_input("Photo", disabled=True)
