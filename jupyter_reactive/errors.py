"""Streamlit's exception names (``st.errors.StreamlitAPIException`` and friends), so a script's
``except st.errors.X`` works unchanged (imported by the script thread; no state).

These are jupyter_reactive's own exceptions under Streamlit's names: :class:`Error` is the base,
:class:`StreamlitAPIException` is what a misused API call raises, and the classes Streamlit
raises for a bad argument (:class:`StreamlitValueError`, ...) are also ``ValueError`` or
``TypeError``, so code that catches those keeps working. ``DuplicateWidgetID`` is the error the
widget registry raises for two widgets with the same key.
"""

from __future__ import annotations

from .kernel.errors import (
    DuplicateWidgetID,
    Error,
    NoSessionContext,
    StreamlitAPIException,
    StreamlitAPIWarning,
    StreamlitDuplicateElementKey,
    StreamlitIncompatibleParametersError,
    StreamlitInvalidColumnSpecError,
    StreamlitInvalidLayoutContextError,
    StreamlitInvalidParameterTypeError,
    StreamlitMissingRequiredParameterError,
    StreamlitPageNotFoundError,
    StreamlitSecretNotFoundError,
    StreamlitSelectionCountExceedsMaxError,
    StreamlitValueAssignmentNotAllowedError,
    StreamlitValueError,
    StreamlitValueOutOfRangeError,
)

__all__ = [
    "DuplicateWidgetID",
    "Error",
    "NoSessionContext",
    "StreamlitAPIException",
    "StreamlitAPIWarning",
    "StreamlitDuplicateElementKey",
    "StreamlitIncompatibleParametersError",
    "StreamlitInvalidColumnSpecError",
    "StreamlitInvalidLayoutContextError",
    "StreamlitInvalidParameterTypeError",
    "StreamlitMissingRequiredParameterError",
    "StreamlitPageNotFoundError",
    "StreamlitSecretNotFoundError",
    "StreamlitSelectionCountExceedsMaxError",
    "StreamlitValueAssignmentNotAllowedError",
    "StreamlitValueError",
    "StreamlitValueOutOfRangeError",
]
