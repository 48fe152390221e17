"""The exceptions the scripting API raises, under Streamlit's names (script thread; no state).

``jupyter_reactive.errors`` re-exports them for scripts (``st.errors.StreamlitAPIException``).
They live in the kernel package so the widget registry (:mod:`.state`) can raise them without
importing the public package.
"""

from __future__ import annotations


class Error(Exception):
    """The base of every jupyter_reactive API error (Streamlit's ``streamlit.errors.Error``)."""


class NoSessionContext(Error):
    """A call that needs a running app session was made outside one."""


class StreamlitAPIException(Error):
    """The script used the API wrongly (a bad argument, a call where it is not allowed). Shown on
    the page like any error of the script."""


class StreamlitAPIWarning(StreamlitAPIException, Warning):
    """A misuse worth a warning rather than an error."""


class DuplicateWidgetID(StreamlitAPIException):
    """Two widgets of one run have the same key, or the same parameters and no key."""


class StreamlitDuplicateElementKey(DuplicateWidgetID):
    """Two elements of one run have the same ``key`` (two fragment functions drawn with one
    ``@fragment(key=...)``), with Streamlit's message."""

    def __init__(self, user_key: str) -> None:
        super().__init__(
            f"There are multiple elements with the same `key='{user_key}'`. To fix this, please make sure "
            "that the `key` argument is unique for each element you create."
        )


class StreamlitValueError(StreamlitAPIException, ValueError):
    """An argument has a value the function does not accept (also a ``ValueError``)."""


class StreamlitInvalidParameterTypeError(StreamlitAPIException, TypeError):
    """An argument has a type the function does not accept (also a ``TypeError``)."""


class StreamlitValueOutOfRangeError(StreamlitAPIException, ValueError):
    """A number is outside the closed range a parameter takes (also a ``ValueError``)."""


class StreamlitIncompatibleParametersError(StreamlitAPIException):
    """Two parameters, or their values, cannot be used together."""


class StreamlitMissingRequiredParameterError(StreamlitAPIException, ValueError):
    """A required argument is missing or empty."""


class StreamlitInvalidColumnSpecError(StreamlitAPIException, ValueError):
    """``columns`` was given a spec that is not a positive int or a list of positive numbers."""


class StreamlitValueAssignmentNotAllowedError(StreamlitAPIException, ValueError):
    """``session_state`` was asked to set a value it cannot set (a button's)."""


class StreamlitSelectionCountExceedsMaxError(StreamlitAPIException):
    """A multiselect got more options (as its default or through ``session_state``) than its
    ``max_selections``."""

    def __init__(self, current_selections_count: int, max_selections_count: int):
        def noun(n: int) -> str:
            return "option" if n == 1 else "options"

        super().__init__(
            f"Multiselect has {current_selections_count} {noun(current_selections_count)} selected but "
            f"max_selections is set to {max_selections_count}. This happened because you either gave too "
            "many options to default or you manipulated the widget's state through st.session_state. "
            "Note that the latter can happen before the line indicated in the traceback. Please select at "
            f"most {max_selections_count} {noun(max_selections_count)}."
        )


class StreamlitInvalidLayoutContextError(StreamlitAPIException):
    """A command used where the layout does not allow it (a dialog opened inside a dialog, or a
    second dialog in one run)."""


class StreamlitPageNotFoundError(StreamlitAPIException):
    """``switch_page``, ``page_link`` or ``Page`` named a page the app does not have."""


class StreamlitSecretNotFoundError(StreamlitAPIException, FileNotFoundError):
    """``secrets`` has no secrets file, or one does not parse (also a ``FileNotFoundError``)."""
