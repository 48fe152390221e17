"""``jr.secrets`` in the kernel: Streamlit's read-only mapping over what the server handed the
session, its errors (naming keys, never values), environment variables, updates (in process)."""

from __future__ import annotations

import os
from typing import Any

import pytest

import jupyter_reactive as jr
from jupyter_reactive.kernel.delta import RunContext, reset_context, set_context
from jupyter_reactive.kernel.secrets import AttrDict, SecretsHolder

VALUES = {
    "api_key": "s3cr3t-value",
    "port": 5432,
    "debug": True,
    "db": {"user": "ada", "password": "hunter2", "opts": {"ssl": "require"}},
}


@pytest.fixture
def holder(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A session context whose secrets the test sets; environment variables undone after."""
    for key in ("api_key", "port", "debug", "db", "extra", "fake"):
        monkeypatch.delenv(key, raising=False)
    ctx = RunContext.__new__(RunContext)
    ctx.secrets = SecretsHolder()
    token = set_context(ctx)
    yield ctx.secrets
    ctx.secrets.update({"values": {}})  # removes what it set
    reset_context(token)


def test_item_attribute_nested_in_get_and_to_dict(holder: SecretsHolder) -> None:
    holder.update({"values": VALUES, "looked_in": [".streamlit/secrets.toml"]})
    assert jr.secrets["api_key"] == jr.secrets.api_key == "s3cr3t-value"
    assert jr.secrets.db.user == jr.secrets["db"]["user"] == "ada"
    assert jr.secrets.db.opts.ssl == "require"
    assert isinstance(jr.secrets.db, AttrDict)
    assert "db" in jr.secrets and "nope" not in jr.secrets and "user" in jr.secrets.db
    assert jr.secrets.get("nope", 7) == 7 and jr.secrets.db.get("nope") is None
    assert jr.secrets.to_dict() == VALUES and jr.secrets.db.to_dict() == VALUES["db"]
    copy = jr.secrets.to_dict()
    copy["db"]["user"] = "eve"  # a deep copy: the secrets are unchanged
    assert jr.secrets.db.user == "ada"
    assert sorted(jr.secrets) == sorted(VALUES) and len(jr.secrets.db) == 3
    assert dict(**jr.secrets.db.opts) == {"ssl": "require"}  # a Mapping: ** works (create_engine(**...))


def test_missing_keys_raise_streamlits_errors_without_values(holder: SecretsHolder) -> None:
    holder.update({"values": VALUES})
    with pytest.raises(KeyError) as item:
        jr.secrets["missing_key"]
    assert 'st.secrets has no key "missing_key"' in str(item.value)
    with pytest.raises(AttributeError) as attr:
        _ = jr.secrets.db.missing_attr
    assert 'st.secrets has no attribute "missing_attr"' in str(attr.value)
    assert not hasattr(jr.secrets, "nothing")
    for text in (str(item.value), str(attr.value), repr(jr.secrets), repr(jr.secrets.db)):
        assert "hunter2" not in text and "s3cr3t" not in text


def test_secrets_are_read_only(holder: SecretsHolder) -> None:
    holder.update({"values": VALUES})
    for write in (
        lambda: jr.secrets.__setitem__("x", 1),
        lambda: setattr(jr.secrets, "x", 1),
        lambda: jr.secrets.__delitem__("api_key"),
        lambda: jr.secrets.db.__setitem__("user", "eve"),
        lambda: setattr(jr.secrets.db, "user", "eve"),
        lambda: jr.secrets.db.__delitem__("user"),
    ):
        with pytest.raises(TypeError, match="Secrets does not support"):
            write()
    assert jr.secrets.db.user == "ada"


def test_root_strings_and_numbers_become_environment_variables(holder: SecretsHolder) -> None:
    holder.update({"values": VALUES})
    assert os.environ["api_key"] == "s3cr3t-value" and os.environ["port"] == "5432"
    assert "debug" not in os.environ and "db" not in os.environ  # bools and sections are not
    holder.update({"values": {"port": 6543, "extra": "x"}})  # a new version of the file
    assert "api_key" not in os.environ and os.environ["port"] == "6543" and os.environ["extra"] == "x"
    with pytest.raises(KeyError):
        jr.secrets["api_key"]


def test_no_file_and_a_bad_file_are_clear_errors(holder: SecretsHolder) -> None:
    holder.update({"values": None, "looked_in": ["~/.streamlit/secrets.toml", ".streamlit/secrets.toml"]})
    with pytest.raises(jr.errors.StreamlitSecretNotFoundError, match=r"No secrets found.*~/\.streamlit/secrets\.toml"):
        jr.secrets["x"]
    with pytest.raises(FileNotFoundError):  # Streamlit's error is one too
        jr.secrets.get("x")
    with pytest.raises(AttributeError):  # attribute access raises AttributeError only
        _ = jr.secrets.x
    assert jr.secrets.load_if_toml_exists() is False
    holder.update(
        {"error": "Error parsing secrets file at .streamlit/secrets.toml: Invalid value (at line 1, column 5)"}
    )
    with pytest.raises(jr.errors.StreamlitSecretNotFoundError, match=r"at \.streamlit/secrets\.toml: Invalid value"):
        jr.secrets.to_dict()


@pytest.mark.parametrize("garbage", [None, 3, "values", ["values"], {"values": 7}, {"error": 5}])
def test_a_garbage_payload_is_refused_or_means_no_secrets(holder: SecretsHolder, garbage: Any) -> None:
    holder.update({"values": VALUES})
    try:
        holder.update(garbage)
    except ValueError:
        assert jr.secrets.api_key == "s3cr3t-value"  # refused: the old secrets stand
    else:
        with pytest.raises(FileNotFoundError):
            jr.secrets["api_key"]


def test_a_script_can_switch_secrets_files_as_streamlits_e2e_app_does(
    holder: SecretsHolder, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jupyter_reactive import config
    from jupyter_reactive.kernel import options

    monkeypatch.setattr(options, "_values", {})
    holder.update({"values": VALUES})
    assert config.get_option("secrets.files")[1].endswith(os.path.join(".streamlit", "secrets.toml"))
    (tmp_path / "one.toml").write_text('[fake]\nFAKE_SECRET = "alt"\n')
    (tmp_path / "two.toml").write_text('extra = "two"\n[fake]\nFAKE_SECRET = "second"\n')
    config.set_option("secrets.files", [str(tmp_path / "one.toml")])
    jr.secrets._secrets = None
    assert jr.secrets.fake.FAKE_SECRET == "alt" and "api_key" not in jr.secrets
    # read once: an edit shows after the next reset, as in Streamlit
    (tmp_path / "one.toml").write_text('[fake]\nFAKE_SECRET = "edited"\n')
    assert jr.secrets.fake.FAKE_SECRET == "alt"
    jr.secrets._secrets = None
    assert jr.secrets.fake.FAKE_SECRET == "edited"
    config.set_option("secrets.files", [str(tmp_path / "one.toml"), str(tmp_path / "two.toml")])
    assert jr.secrets["fake"]["FAKE_SECRET"] == "second" and os.environ["extra"] == "two"
    config.set_option("secrets.files", [str(tmp_path / "missing.toml")])
    with pytest.raises(jr.errors.StreamlitSecretNotFoundError, match=r"No secrets found.*missing\.toml"):
        jr.secrets["fake"]
    config.set_option("secrets.files", str(tmp_path / "notes.txt"))  # one path is a list of one
    with pytest.raises(jr.errors.StreamlitSecretNotFoundError, match="Invalid secrets path"):
        jr.secrets["fake"]
    with pytest.raises(jr.errors.StreamlitAPIException, match="cannot be set on the fly"):
        jr.set_option("secrets.files", [])  # st.set_option refuses it, as Streamlit's does
    for garbage in (5, None, [1], {"a": "b"}, [None]):
        with pytest.raises(jr.errors.StreamlitAPIException, match="must be a list of paths"):
            config.set_option("secrets.files", garbage)
    assert config.get_option("secrets.files") == [str(tmp_path / "notes.txt")]  # garbage changed nothing
    with pytest.raises(TypeError):
        jr.secrets._secrets = {"api_key": "forged"}
    monkeypatch.setattr(options, "_values", {})
    jr.secrets._secrets = None
    assert jr.secrets.api_key == "s3cr3t-value" and "extra" not in os.environ  # the server's again


def test_outside_a_session_there_are_no_secrets() -> None:
    with pytest.raises(jr.errors.StreamlitSecretNotFoundError, match="No secrets found"):
        jr.secrets["x"]


def test_a_script_reads_its_secrets_and_a_missing_key_is_an_error_element(make_app: Any) -> None:
    app = make_app(
        """
        import jupyter_reactive as jr
        jr.write(f"user={jr.secrets.db.user} has_key={'api_key' in jr.secrets}")
        jr.secrets["no_such_key"]
        """
    )
    app.ctx.secrets = SecretsHolder()
    app.ctx.secrets.update({"values": {"db": {"user": "ada"}, "api_key": "k"}})
    try:
        run = app.run()
    finally:
        app.ctx.secrets.update({"values": {}})
    assert "user=ada has_key=True" in str(app.page)
    (exc,) = run.of_kind("exception")
    assert "no_such_key" in str(exc) and "KeyError" in str(exc)
