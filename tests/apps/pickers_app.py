"""Value pickers for the browser tests: dates (single, range, formats), times, colours,
select sliders, date sliders, and the multiselect / text / number widgets around them."""

import datetime as dt

import jupyter_reactive as jr

jr.title("Pickers")
day = jr.date_input("Birthday", dt.date(2024, 1, 15), min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))
jr.write(f"birthday is {day.isoformat()}")
trip = jr.date_input("Trip", (dt.date(2024, 3, 1), dt.date(2024, 3, 5)), format="DD.MM.YYYY")
jr.write("trip is " + " to ".join(d.isoformat() for d in trip) + f" ({len(trip)} dates)")
alarm = jr.time_input("Alarm", dt.time(7, 30))
jr.write(f"alarm at {alarm}")
colour = jr.color_picker("Colour", "#1f77b4")
jr.write(f"colour is {colour}")
size = jr.select_slider("Size", ["XS", "S", "M", "L", "XL"], value="M")
jr.write(f"size is {size}")
band = jr.select_slider("Band", ["red", "orange", "yellow", "green", "blue"], value=("orange", "green"))
jr.write(f"band is {band[0]} to {band[1]}")
when = jr.slider(
    "When",
    min_value=dt.date(2024, 1, 1),
    max_value=dt.date(2024, 12, 31),
    value=dt.date(2024, 6, 1),
    format="DD/MM/YYYY",
)
jr.write(f"when is {when.isoformat()}")
toppings = jr.multiselect(
    "Toppings", ["cheese", "ham", "olives", "basil"], ["ham"], max_selections=2, accept_new_options=True
)
jr.write(f"toppings are {toppings}")
secret = jr.text_input("Secret", "hunter2", type="password", max_chars=20, placeholder="your password")
jr.write(f"secret has {len(secret)} characters")
pet = jr.selectbox("Pet", ["cat", "dog"], index=None, placeholder="Pick a pet")
jr.write(f"pet is {pet}")
food = jr.selectbox("Food", ["", "Pizza"])  # dataprofessor/streamlit-layout's empty first option
jr.write(f"food is {food!r}")
price = jr.number_input("Price", value=9.5, step=0.25, format="%.2f")
jr.write(f"price is {price}")
start = jr.slider(
    "Start",
    value=dt.datetime(2024, 5, 6, 9, 30),
    min_value=dt.datetime(2024, 5, 6, 8),
    max_value=dt.datetime(2024, 5, 6, 18),
    format="ddd D MMMM [at] h:mm a",
)
jr.write(f"start is {start}")
with jr.form("plan"):
    due = jr.date_input("Due", dt.date(2024, 1, 1))
    labels = jr.multiselect("Labels", ["urgent", "later"])
    at = jr.time_input("At", "09:00")
    jr.form_submit_button("Save")
jr.write(f"saved due {due} labels {labels} at {at}")
# empty time fields show Streamlit 1.67's placeholders
jr.time_input("Empty time", None)
jr.time_input("Empty time, seconds", None, step=30)
jr.time_input("Empty time, 12h", None, format="12h")
