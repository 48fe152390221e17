"""Text inputs with ``validate``, ``required`` and ``live`` for the browser tests
(tests/browser/test_text_rules_page.py); runs under ``streamlit run`` as well."""

try:
    import jupyter_reactive as st
except ImportError:  # pragma: no cover - under Streamlit itself
    import streamlit as st

st.title("Text rules")
zip_code = st.text_input("Zip", "10115", validate=(r"^\d{5}$", "Five digits, please."))
st.write(f"zip is {zip_code!r}")
code = st.text_input("Code", validate=r"^[A-Z]{3}$")
st.write(f"code is {code!r}")
mail = st.text_input("Email", type="email")
st.write(f"email is {mail!r}")
loose = st.text_input("Loose email", type="email", validate="")
st.write(f"loose is {loose!r}")
name = st.text_input("Name", "Ada", required=True)
st.write(f"name is {name!r}")
notes = st.text_area("Notes", "n", required=True)
st.write(f"notes is {notes!r}")
query = st.text_input("Live", live="300ms")
st.write(f"live is {query!r}")
with st.form("signup"):
    who = st.text_input("Who", required=True)
    pin = st.text_input("Pin", validate=(r"^\d{4}$", "Four digits."))
    sent = st.form_submit_button("Sign up")
st.write(f"form is {who!r} {pin!r} {sent}")
age = st.number_input("Age", value=None, min_value=0, required=True)
st.write(f"age is {age}")
size = st.selectbox("Size", ["S", "M"], index=None, required=True)
st.write(f"size is {size}")
with st.form("order"):
    qty = st.number_input("Qty", value=None, min_value=1, required=True)
    plan = st.selectbox("Plan", ["basic", "pro"], index=None, required=True)
    ordered = st.form_submit_button("Order")
st.write(f"order is {qty} {plan} {ordered}")
