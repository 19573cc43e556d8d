"""The key columns at the input boundary (attain._columns.factorize), with and without pandas."""

import sys

import numpy as np
import pytest

import attain
from attain import _columns


def row(i):
    return f"row {i}"


@pytest.fixture(params=["pandas", "no pandas"])
def pandas_or_not(request, monkeypatch):
    if request.param == "no pandas":
        monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` raises ImportError
    return request.param


@pytest.mark.parametrize(
    "values, codes, names",
    [
        (["a", None, "b", "a"], [0, -1, 1, 0], ["a", "b"]),
        # Blanks of every kind are code -1 and no key: not 'None', nor two blanks "differing in spaces".
        ([None, "", "  ", float("nan"), "x"], [-1, -1, -1, -1, 0], ["x"]),
        (["", "b", "a", " ", "b"], [-1, 0, 1, -1, 0], ["b", "a"]),
        ([None, None], [-1, -1], []),
    ],
)
def test_blank_keys_are_no_keys(pandas_or_not, values, codes, names):
    got_codes, got_names = _columns.factorize(values, "parent", row, allow_blank=True)
    assert got_codes.tolist() == codes
    assert got_names == names


def test_blank_key_is_an_error_naming_the_row(pandas_or_not):
    with pytest.raises(attain.InvalidInputError, match=r"^row 2: column 'unit' is empty$"):
        _columns.factorize(["a", "b", " ", "a"], "unit", row)


def test_case_records_with_pending_cases_without_pandas(pandas_or_not):
    # The example of attain.from_cases' docstring: a pending case has no status date (None).
    cases = {
        "unit": ["A", "A", "B"],
        "status": ["done", "pending", "excluded"],
        "accepted": ["2020-10-05", "2021-01-10", "2020-11-02"],
        "status_date": ["2021-02-01", None, "2021-03-15"],
        "amount": [100, 50, 70],
    }
    p = attain.from_cases(cases, scheme="generic", fiscal_year_start=10, periods=("2020-10", "2021-06"))
    assert p.at("2021-06").unit("A", "count").ratio == 0.5
    assert np.array_equal(p.units, ["A", "B"])
