"""Every rule has one owner, the C++ core: Python converts and presents.

Each test pins a rule that used to be written on both sides of the binding to its C++ owner,
with references computed independently here (Python ints, datetime, fractions).
"""

import datetime as dt
from fractions import Fraction

import numpy as np
import pytest

import attain
from attain import _core, _format, report


@pytest.mark.parametrize("n", [0, 7, 16_623, 2**53 - 1, 2**53 + 1, 2**63 - 1, -(2**63), -1_234_567])
def test_whole_numbers_come_from_the_one_cpp_formatter(n, monkeypatch):
    # References: Python's own grouping, with the separator of each language.
    en = f"{n:,}"
    vi = en.replace(",", ".")
    assert _format.whole(n, "en") == en
    assert _format.whole(n, "vi") == vi  # above 2**53 too: no English commas in a Vietnamese table
    # A template's {x:int} is the same formatter.
    template = report.Template("{x:int}")
    assert template.render({"x": n}, "vi") == vi and template.render({"x": n}, "en") == en
    # And _format has no formatter of its own: it asks the C++ one.
    calls = []
    original = _core.format_integer

    def spy(value, lang, grouping=True):
        calls.append((value, lang))
        return original(value, lang, grouping)

    monkeypatch.setattr(_core, "format_integer", spy)
    _format.whole(n, "vi")
    assert calls == [(n, "vi")]


@pytest.mark.parametrize(
    "text, year, month",
    [("2021-06", 2021, 6), ("2021-6", 2021, 6), ("2021-06-30", 2021, 6), ("2020-02-29", 2020, 2),
     ("2021-06-30T08:15:00", 2021, 6), ("2021-06-30 08:15", 2021, 6)],
)  # fmt: skip
def test_months_and_iso_dates_are_parsed_in_cpp(text, year, month):
    assert _core.parse_period(text) == _core.period_of(year, month)
    assert attain.period_ordinal(text) == attain.period_ordinal(dt.date(year, month, 1))


@pytest.mark.parametrize("text", ["2021-02-29", "2021-06-31", "2021-13-01", "2021-06-3x", "2021-06-30X"])
def test_impossible_dates_are_refused_in_cpp(text):
    with pytest.raises(attain.InvalidInputError, match="is not a date of the form YYYY-MM-DD"):
        _core.parse_period(text)
    with pytest.raises(attain.InvalidInputError, match="is not a date of the form YYYY-MM-DD"):
        attain.period_ordinal(text)


def test_months_remaining_and_the_fiscal_year_start_are_cpp_rules():
    for start in range(1, 13):
        for month in range(1, 13):
            period = f"2021-{month:02d}"
            elapsed = (month - start) % 12 + 1  # reference: count the months since the start
            assert attain.months_elapsed(period, start) == elapsed
            assert attain.months_remaining(period, start) == 12 - elapsed
    with pytest.raises(attain.InvalidInputError, match=r"fiscal_year_start = 13 is not a month \(1..12\)"):
        attain.months_remaining("2021-06", 13)


@pytest.mark.parametrize("text, value", [("0.815", Fraction(815, 1000)), ("81.5%", Fraction(815, 1000)),
                                         (" 40.1 % ", Fraction(401, 1000)), ("1", Fraction(1)), ("+0.5", Fraction(1, 2)),
                                         ("81,5%", Fraction(815, 1000)), ("0,815", Fraction(815, 1000))])  # fmt: skip
def test_ratios_and_percentages_are_parsed_once(text, value):
    assert _core.parse_ratio(text) == pytest.approx(float(value), rel=1e-15)


@pytest.mark.parametrize("text", ["", "%", "abc", "81.5%%", "1,234,5", "1.234,5%", "1e"])
def test_bad_ratios_are_refused(text):
    with pytest.raises(attain.InvalidInputError, match=r"is not a ratio \(0.815\) or a percentage \(81.5%\)"):
        _core.parse_ratio(text)


def test_csv_and_cli_targets_read_percentages_alike(tmp_path):
    from attain.cli import parse_targets

    assert parse_targets(["count=81.5%", "amount=0.401"]) == {"count": _core.parse_ratio("81.5%"), "amount": 0.401}
    with pytest.raises(attain.InvalidInputError, match=r"targets\['count'\] = 1.5 is outside \[0, 1\]"):
        attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10, targets={"count": 1.5})


def test_merging_tallies_is_the_cpp_exact_merge():
    a = attain.rollup({"unit": ["x", "y"], "period": ["2021-01", "2021-01"], "m_done": [1, 2], "m_eligible": [3, 4]})
    b = attain.rollup({"unit": ["y", "z"], "period": ["2021-01", "2021-02"], "m_done": [5, 6], "m_eligible": [7, 8]})
    merged = a + b
    assert merged.units == ["x", "y", "z"] and merged.periods == ["2021-01", "2021-02"]
    assert merged.sums[1, 0].tolist() == [2 + 5, 4 + 7]
    big = attain.rollup({"unit": ["x"], "period": ["2021-01"], "m_done": [2**62], "m_eligible": [2**62]})
    with pytest.raises(attain.TallyOverflowError, match="overflows int64"):
        big + big
    into = np.zeros(3, dtype=np.int64)
    _core.merge_sums(into, np.array([1, 2, 3], dtype=np.int64))
    assert into.tolist() == [1, 2, 3]
    with pytest.raises(attain.InvalidInputError, match="writeable C-contiguous int64"):
        _core.merge_sums(np.zeros(3, dtype=np.int32), np.zeros(3, dtype=np.int64))


def test_status_roles_are_looked_up_by_the_cpp_scheme():
    scheme = attain.StatusScheme.preset("thads")
    compiled = _core.StatusScheme([(s, scheme.count[s], scheme.amount[s]) for s in scheme.count])
    statuses = list(scheme.count)
    expected = [_core.STATUS_ROLES.index(scheme.count[s]) for s in statuses]
    assert compiled.role_codes(statuses, "count").tolist() == expected
    assert scheme.role_codes(statuses, "count").tolist() == expected
    assert compiled.role_codes(["no such status"], "count").tolist() == [-1]
    with pytest.raises(attain.InvalidInputError, match="measure 'money' is not 'count' or 'amount'"):
        scheme.role_codes(statuses, "money")


def test_case_fields_come_from_cpp():
    assert _core.CASE_FIELDS == (("count", "accepted"), ("count", "eligible"), ("count", "done"),
                                 ("amount", "accepted"), ("amount", "eligible"), ("amount", "done"))  # fmt: skip
