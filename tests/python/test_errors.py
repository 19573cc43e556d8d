"""Every C++ exception type keeps its Python class across the binding, also from a batched run
(attain::for_rows puts "row r: " in front of the message and keeps the type)."""

from __future__ import annotations

import numpy as np
import pytest

import attain
from attain import _core
from attain.errors import (
    AttainError,
    DuplicateKeyError,
    HierarchyError,
    InvalidInputError,
    LengthMismatchError,
    TallyOverflowError,
    UnknownKeyError,
)

KINDS = [
    ("error", AttainError),
    ("invalid_argument", InvalidInputError),
    ("length_mismatch", LengthMismatchError),
    ("unknown_key", UnknownKeyError),
    ("duplicate_key", DuplicateKeyError),
    ("hierarchy_error", HierarchyError),
    ("overflow_error", TallyOverflowError),
]


@pytest.mark.parametrize("threads", [1, 3])
@pytest.mark.parametrize(("kind", "cls"), KINDS)
def test_batched_errors_keep_their_class(kind: str, cls: type[Exception], threads: int) -> None:
    with pytest.raises(cls) as caught:
        _core._raise_in_row(kind, "what went wrong", 9, 5, threads, True)
    assert type(caught.value) is cls  # not a base class
    assert str(caught.value) == "row 5: what went wrong"


@pytest.mark.parametrize(("kind", "cls"), KINDS)
def test_single_series_errors_name_no_row(kind: str, cls: type[Exception]) -> None:
    with pytest.raises(cls) as caught:
        _core._raise_in_row(kind, "what went wrong", 1, 0, 2, False)
    assert type(caught.value) is cls
    assert str(caught.value) == "what went wrong"


def test_builtin_bases() -> None:
    assert issubclass(UnknownKeyError, LookupError) and issubclass(UnknownKeyError, ValueError)
    assert issubclass(TallyOverflowError, OverflowError)


def test_a_real_batched_error_names_the_lowest_row() -> None:
    y = np.arange(12, dtype=float).reshape(4, 3)
    y[2, 1] = np.nan
    y[3, 0] = np.nan
    for threads in (1, 2, 4):
        with pytest.raises(InvalidInputError, match=r"^row 2: y\[1\] is NaN"):
            attain.linear_trend(y, threads=threads)
