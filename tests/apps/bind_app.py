"""Widgets bound to the URL's query parameters (tests/browser/test_bind_page.py)."""

import jupyter_reactive as jr

amount = jr.slider("Amount", 0, 10, 3, key="amount", bind="query-params")
fruit = jr.selectbox("Fruit", ["apple", "banana", "cherry"], key="fruit", bind="query-params")
tags = jr.multiselect("Tags", ["red", "green", "blue"], key="tags", bind="query-params")
extra = jr.checkbox("Extra", key="extra", bind="query-params")
jr.write(f"Amount is {amount}; fruit is {fruit}; tags are {', '.join(tags) or 'none'}; extra is {extra}.")
jr.write(f"Query: {sorted(jr.query_params.to_dict().items())}")
if jr.button("Details"):  # a jr.query_params write: a new history entry
    jr.query_params["view"] = "details"
