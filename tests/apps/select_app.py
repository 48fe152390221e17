"""Select boxes as Streamlit's: typed text filters the options (fuzzy by default, or by prefix),
a typed option of the viewer's own (accept_new_options), and one without typing (filter_mode=None)."""

import jupyter_reactive as jr

city = jr.selectbox("City", ["Amsterdam", "Berlin", "New York", "Newcastle", "Ankara", "Oslo"])
jr.write(f"city is {city}")
pet = jr.selectbox("Pet", ["cat", "dog"], accept_new_options=True)
jr.write(f"pet is {pet!r}")
size = jr.selectbox("Size", ["S", "M", "L"], filter_mode=None)
jr.write(f"size is {size}")
fruit = jr.selectbox("Fruit", ["pineapple", "apple", "apricot"], filter_mode="prefix")
jr.write(f"fruit is {fruit}")
