"""A store's options: from keyword arguments or the query of its URL, converted and checked."""

from __future__ import annotations

import math
import urllib.parse
from collections.abc import Callable, Mapping
from typing import Any


def _seconds(value: object) -> float:
    """A duration in seconds, finite and >= 0 (from a number or a query-string text)."""
    if isinstance(value, bool):
        raise ValueError("not a number of seconds")
    seconds = float(value)  # type: ignore[arg-type]
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError("not a number of seconds >= 0")
    return seconds


def _positive_seconds(value: object) -> float:
    seconds = _seconds(value)
    if seconds <= 0:
        raise ValueError("not a number of seconds > 0")
    return seconds


def _positive_int(value: object) -> int:
    if isinstance(value, bool) or isinstance(value, float):
        raise ValueError("not a whole number")
    number = int(value)  # type: ignore[call-overload]
    if number < 1:
        raise ValueError("not a whole number >= 1")
    return number


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("not a text")
    return value


def _options(
    parsed: urllib.parse.SplitResult,
    spec: Mapping[str, Callable[[Any], Any]],
    options: Mapping[str, Any],
    *,
    passthrough: bool = False,
    what: str = "media store",
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Options from the URL's query and from keywords (keywords win), converted and checked by
    ``spec``. Query items not in ``spec`` are returned apart if ``passthrough``, else refused.
    ``what`` names the store in messages (the cache store parses its URL here too)."""
    raw: dict[str, Any] = {}
    rest: list[tuple[str, str]] = []
    for name, value in urllib.parse.parse_qsl(parsed.query, keep_blank_values=True):
        if name in spec:
            if name in raw:
                raise ValueError(f"{what} option {name!r} appears twice in the URL")
            raw[name] = value
        elif passthrough:
            rest.append((name, value))
        else:
            raise ValueError(
                f"unknown {what} option {name!r} in the URL; {parsed.scheme}:// takes {', '.join(sorted(spec))}"
            )
    for name, value in options.items():
        if name not in spec:
            raise ValueError(f"unknown {what} option {name!r}; {parsed.scheme}:// takes {', '.join(sorted(spec))}")
        raw[name] = value
    result = {}
    for name, value in raw.items():
        try:
            result[name] = spec[name](value)
        except (TypeError, ValueError) as err:
            raise ValueError(f"{what} option {name!r}: {err}") from None
    return result, rest
