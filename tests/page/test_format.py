"""The page's printf formatter (labextension/app/format.ts) against Python's own ``%``.

The kernel accepts a slider's or number_input's ``format`` only when Python's ``%`` takes it, so
the page must show what Python would print. The TypeScript module is bundled with the page's own
esbuild and run under node in a subprocess (this test process, no browser); without node or
the page's node_modules the test is skipped.
"""

from __future__ import annotations

from typing import Any

import pytest

from .node import caller

# fmt: off
FORMATS = [
    "%d", "%i", "%u", "%5d", "%-5d|", "%05d", "%+d", "% d", "%.3d", "%+05d", "%x", "%X", "%#x", "%#X",
    "%08x", "%#08x", "%o", "%#o", "%#.3o", "%f", "%.2f", "%.0f", "%#.0f", "%10.3f", "%-10.1f|",
    "%010.2f", "%+.1f", "% .1f", "%.f", "%F", "%e", "%.2e", "%E", "%.0e", "%#.0e", "%+012.3e", "%g",
    "%.3g", "%G", "%#g", "%.0g", "%10.4g", "%s", "%.2s", "%6s|", "%-6s|", "%06s",
    "$%.2f", "%d%%", "%% %d", "%ld", "Price: %08.3f USD", "%d items", "100%",
    "%d %d", "plain", "%", "%q", "%(x)d", "%*d", "%c", "%r", "%.1z",
]
VALUES = [
    0, -0.0, 1, -1, 7, 12.5, -12.5, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 1e-5, 0.0001, 123456789.0,
    1e16, 1.5e16, 1e22, 255, -255, 99.995, 9.9999, 0.00012345, 3.14159265358979, 2**53 + 2, 1e-310,
]
# fmt: on
UNSUPPORTED = {"%(x)d", "%*d", "%c", "%r"}  # Python takes them; the page shows the plain number


def _python(fmt: str, value: float, integer: bool) -> str | None:
    if fmt in UNSUPPORTED:
        return None
    try:
        return fmt % (int(value) if integer else float(value))
    except (TypeError, ValueError, OverflowError):
        return None


@pytest.fixture(scope="module")
def call(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return caller(tmp_path_factory.mktemp("format"), "format")


@pytest.fixture(scope="module")
def run_printf(call: Any) -> Any:
    return lambda cases: call([("printf", list(args)) for args in cases])


def test_printf_matches_python_percent(run_printf: Any) -> None:
    cases = [
        (fmt, value, integer)
        for fmt in FORMATS
        for value in VALUES
        for integer in (False, True)
        if not (integer and (value != value or abs(value) > 1e300))
    ]
    got = run_printf([(f, int(v) if i else float(v), i) for f, v, i in cases])
    wrong = [(f, v, i, g, want) for (f, v, i), g in zip(cases, got, strict=True) if g != (want := _python(f, v, i))]
    assert wrong == [], "\n".join(f"{f!r} % {v!r} (int={i}): page {g!r}, Python {w!r}" for f, v, i, g, w in wrong[:40])


@pytest.mark.parametrize(
    "fmt, value",
    [
        ("%200d", 5),  # Python would pad to 200 characters; the page refuses such widths
        ("%.150f", 1.0),
        ("%f", float("inf")),
        ("%f", float("nan")),
    ],
)
def test_printf_refuses_what_it_will_not_build(run_printf: Any, fmt: str, value: float) -> None:
    # json.dumps writes inf/nan as Infinity/NaN, which JSON.parse refuses: send them as null
    finite = value == value and abs(value) != float("inf")
    assert run_printf([(fmt, value if finite else None, False)]) == [None]


def test_printf_refuses_garbage_arguments(run_printf: Any) -> None:
    assert run_printf([(None, 1, False), (5, 1, False), ("%d", "1", False), ("", 1, False)]) == [None] * 4


# -- Streamlit's number formats for metrics and grid columns: named ones, and printf's "," --------


@pytest.mark.parametrize(
    ("fmt", "value", "shown"),
    [
        ("%,d", 12345.678, "12,345"),
        ("%,d", -1234567, "-1,234,567"),
        ("%,.2f", 1234567.891, "1,234,567.89"),
        ("€%,d", 999, "€999"),
        ("plain", 1234.567, "1234.567"),
        ("plain", 1e21, "1000000000000000000000"),
        ("localized", 1234.567, "1,234.567"),
        ("percent", 0.256, "25.6%"),
        ("percent", 1234.567, "123,456.7%"),
        ("dollar", 1234.5, "$1,234.50"),
        ("dollar", -56.25, "-$56.25"),
        ("euro", 1234.567, "€1,234.57"),
        ("yen", 1234.567, "¥1,235"),
        ("accounting", 1234, "1,234.00"),
        ("accounting", -1234, "(1,234.00)"),
        ("bytes", 1234, "1.2KB"),
        ("bytes", 3.5e9, "3.5GB"),
        ("compact", 1234, "1.2K"),
        ("scientific", 1234.567, "1.235E3"),
        ("engineering", 12345, "12.345E3"),
    ],
)
def test_named_and_grouped_formats_as_streamlit_shows_them(call: Any, fmt: str, value: float, shown: str) -> None:
    assert call([("numberFormat", [fmt, value])]) == [shown]


def test_a_metric_formats_text_only_when_it_is_a_number(call: Any) -> None:
    cases = [
        ["1234.5", "dollar"],  # a number given as a string is formatted too (Streamlit's rule)
        ["-0.5", "%.2f"],
        ["+5", "compact"],
        ["1e3", "%d"],
        ["n/a", "dollar"],
        ["12 kg", "%d"],
        ["1,234", "%d"],
        ["", "dollar"],
        ["  ", "dollar"],
        ["Infinity", "dollar"],
        ["nan", "dollar"],
        ["5", "%q"],  # a format nothing understands: the text as given
        ["5", "%d %d"],
        ["5", None],
        ["5", 7],
        ["5", ""],
        ["5", "__proto__"],
        ["5", "constructor"],
    ]
    assert call([("formatNumberText", c) for c in cases]) == [
        "$1,234.50", "-0.50", "5", "1000", "n/a", "12 kg", "1,234", "", "  ", "Infinity", "nan",
        "5", "5", "5", "5", "5", "5", "5",
    ]  # fmt: skip
