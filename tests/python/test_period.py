"""Fiscal periods and year-to-date <-> monthly conversion against numpy/pandas references."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import attain


@pytest.mark.parametrize(
    "period, start, year, elapsed",
    [
        ("2020-10", 10, 2021, 1),
        ("2021-06", 10, 2021, 9),
        ("2021-09", 10, 2021, 12),
        ("2021-10", 10, 2022, 1),
        ("2021-01", 1, 2021, 1),
        ("2021-12", 1, 2021, 12),
        ("2021-03", 4, 2021, 12),
        ("2021-04", 4, 2022, 1),
    ],
)
def test_fiscal_year_and_months(period, start, year, elapsed):
    assert attain.fiscal_year(period, fiscal_year_start=start) == year
    assert attain.months_elapsed(period, fiscal_year_start=start) == elapsed
    assert attain.months_remaining(period, fiscal_year_start=start) == 12 - elapsed


def test_period_kinds_are_accepted():
    for value in ["2021-06", dt.date(2021, 6, 30), pd.Period("2021-06", freq="M"), np.datetime64("2021-06-15")]:
        assert attain.months_elapsed(value, fiscal_year_start=10) == 9


def _reference_ytd(monthly, periods, start):
    frame = pd.DataFrame({"v": monthly, "p": pd.PeriodIndex(periods, freq="M")})
    fiscal = frame["p"].dt.year + (frame["p"].dt.month >= start).astype(int) * (start != 1)
    return frame.groupby(fiscal)["v"].cumsum().to_numpy()


@pytest.mark.parametrize("start", [1, 7, 10])
def test_monthly_ytd_round_trip_matches_pandas_cumsum(start):
    rng = np.random.default_rng(start)
    periods = [str(p) for p in pd.period_range("2019-05", "2022-02", freq="M")]
    monthly = rng.integers(-50, 500, size=len(periods))
    ytd = attain.monthly_to_ytd(monthly, periods, fiscal_year_start=start)
    np.testing.assert_array_equal(ytd, _reference_ytd(monthly, periods, start))
    np.testing.assert_array_equal(attain.ytd_to_monthly(ytd, periods, fiscal_year_start=start), monthly)


def test_period_errors():
    with pytest.raises(attain.InvalidInputError, match=r"'2021-13' is not a month"):
        attain.months_elapsed("2021-13")
    with pytest.raises(attain.InvalidInputError, match="fiscal_year_start = 13"):
        attain.fiscal_year("2021-01", fiscal_year_start=13)
    with pytest.raises(attain.InvalidInputError, match=r"periods\[1\] = 2021-03 does not follow"):
        attain.ytd_to_monthly([1, 2], ["2021-01", "2021-03"])
    with pytest.raises(attain.InvalidInputError, match=r"periods\[1\]: period .June. is not a month"):
        attain.ytd_to_monthly([1, 2], ["2021-01", "June"])
