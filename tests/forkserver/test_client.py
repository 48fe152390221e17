"""What both ends of a fork server agree on: which module names a preload may carry."""

from __future__ import annotations

import pytest

from jupyter_reactive.forkserver.client import module_names


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["pandas"], ["pandas"]),
        (["[pandas]"], ["pandas"]),  # the README's ["pandas"] after the shell took the quotes
        (['["pandas", "numpy"]'], ["pandas", "numpy"]),
        (["numpy", "PIL.Image"], ["numpy", "PIL.Image"]),  # repeated option
        (["numpy,pandas", " PIL.Image "], ["numpy", "pandas", "PIL.Image"]),
        (["numpy", "numpy"], ["numpy"]),
        (["[]", ""], []),
    ],
)
def test_preloads_are_read_in_every_form_people_write(values, expected):
    assert module_names(values) == expected


@pytest.mark.parametrize("bad", ["os; import x", "../evil", "a b", "1abc", "numpy.", "-m", "x" * 300])
def test_a_preload_that_is_not_a_module_name_is_refused_by_name(bad):
    with pytest.raises(ValueError, match="is not a module name"):
        module_names(["numpy", bad])
