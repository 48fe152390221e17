"""Text inputs of each Streamlit 1.67 type, and icons in text, number and select fields, for
the browser tests (tests/browser/test_text_types_page.py) and the screenshots beside Streamlit
(the script runs under ``streamlit run`` as well)."""

try:
    import jupyter_reactive as st
except ImportError:  # pragma: no cover - under Streamlit itself
    import streamlit as st

st.title("Text types")
plain = st.text_input("Plain")
st.write(f"plain is {plain!r}")
secret = st.text_input("Secret", type="password")
st.write(f"secret is {secret!r}")
email = st.text_input("Email", type="email")
st.write(f"email is {email!r}")
url = st.text_input("Website", type="url")
st.write(f"url is {url!r}")
phone = st.text_input("Phone", type="phone")
st.write(f"phone is {phone!r}")
query = st.text_input("Search", type="search", value="apples")
st.write(f"query is {query!r}")
bare = st.text_input("Bare email", type="email", icon="", placeholder="", autocomplete="")
st.write(f"bare is {bare!r}")
hot = st.text_input("Hot", icon="🔥")
st.write(f"hot is {hot!r}")
count = st.number_input("Count", 0, 10, 3, icon=":material/tag:")
st.write(f"count is {count}")
fruit = st.selectbox("Fruit", ["apple", "pear"], icon="🍎")
st.write(f"fruit is {fruit}")
