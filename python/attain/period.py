"""Months, fiscal years, and year-to-date <-> monthly conversion.

A period is a calendar month. attain accepts ``"YYYY-MM"``, ``"YYYY-MM-DD"`` (a date stands for
its month, and may carry a time of day), ``"MM/YYYY"`` and quarter ``"YYYY-Qn"`` strings (a
quarter stands for its last month: ``"2021-Q1"`` is 2021-03; the C++ ``year_month::parse`` reads
them all), :class:`datetime.date`
/ :class:`datetime.datetime`, :class:`pandas.Period` and ``numpy.datetime64`` values, and
writes periods as ``"YYYY-MM"``. A fiscal year starts in ``fiscal_year_start`` (1 = January,
the default; 10 for a year running October to September) and is labelled by the calendar year
in which it ends.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

import numpy as np

from . import _core
from ._convert import as_counts
from .errors import InputTypeError, InvalidInputError

__all__ = [
    "fiscal_year",
    "format_period",
    "monthly_completions",
    "monthly_to_ytd",
    "months_elapsed",
    "months_remaining",
    "period_ordinal",
    "period_ordinals",
    "ytd_to_monthly",
]


#: The ordinal of January 1970, numpy's epoch for datetime64 months.
_EPOCH = _core.period_of(1970, 1)


def period_ordinal(value: Any, name: str = "period") -> int:
    """A month as its ordinal ``year * 12 + month - 1`` (the C++ core parses and counts)."""
    if isinstance(value, str):
        try:
            return int(_core.parse_period(value.strip()))
        except ValueError as exc:
            raise InvalidInputError(f"{name}: {exc}") from None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return _core.period_of(value.year, value.month)
    if isinstance(value, np.datetime64):
        months = value.astype("datetime64[M]").astype(np.int64)
        return int(months) + _EPOCH
    if hasattr(value, "year") and hasattr(value, "month"):  # pandas Period / Timestamp
        return _core.period_of(int(value.year), int(value.month))
    raise InputTypeError(f"{name} = {value!r} is not a month; use 'YYYY-MM', a date or a pandas Period")


def datetimes_to_ordinals(arr: np.ndarray, missing: np.ndarray) -> np.ndarray:
    """datetime64 values -> int32 month ordinals (0 where ``missing``, the NaT mask). numpy's own
    conversion to months does calendar arithmetic per element; days are a plain division, and the
    few distinct days of a data set map to months through a table over their range."""
    unit, count = np.datetime_data(arr.dtype)
    per_day = {"D": 1, "h": 24, "m": 1440, "s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}
    if unit in per_day and count == 1:
        days = arr.view(np.int64) // per_day[unit]  # floor division: dates before 1970 too
    else:
        days = arr.astype("datetime64[D]").astype(np.int64)
    if missing.all():
        return np.zeros(arr.shape, dtype=np.int32)
    valid = days[~missing]
    lo, hi = int(valid.min()), int(valid.max())
    table = np.arange(lo, hi + 1).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) + _EPOCH
    return np.where(missing, 0, table.astype(np.int32)[np.where(missing, lo, days) - lo])


def period_ordinals(values: Any, name: str = "period", where: Callable[[int], str] | None = None) -> np.ndarray:
    """Many months as int32 ordinals; each distinct value is parsed once, and an error names
    the first index holding a bad value (``where(index)``, by default ``name[index]``)."""
    arr = np.asarray(values.to_numpy() if hasattr(values, "to_numpy") else values)
    if arr.dtype.kind == "M":
        missing = np.isnat(arr)
        if missing.any():
            raise InvalidInputError(f"{name}[{int(np.argmax(missing.reshape(-1)))}] is missing (NaT); a month is needed")
        return datetimes_to_ordinals(arr, missing)
    flat = arr.reshape(-1)
    if arr.dtype.kind in "US":
        uniques, inverse = np.unique(flat, return_inverse=True)
        keys: list[Any] = [str(u) for u in uniques]
    else:
        index: dict[Any, int] = {}
        inverse = np.fromiter((index.setdefault(v, len(index)) for v in flat), dtype=np.int64, count=flat.size)
        keys = list(index)
    codes = np.empty(len(keys), dtype=np.int32)
    for k, key in enumerate(keys):
        try:
            codes[k] = period_ordinal(key, name)
        except (InvalidInputError, InputTypeError) as exc:
            i = int(np.argmax(inverse == k))
            place = where(i) if where is not None else f"{name}[{i}]"
            raise type(exc)(f"{place}: {str(exc).split(': ', 1)[-1]}") from None
    return codes[inverse].reshape(arr.shape)


def format_period(ordinal: int) -> str:
    """``"YYYY-MM"`` for a month ordinal."""
    return str(_core.format_period(int(ordinal)))


def _start(fiscal_year_start: int) -> int:
    """The first month of the fiscal year: a Python int here, its range (1..12) checked in C++."""
    if isinstance(fiscal_year_start, bool) or not isinstance(fiscal_year_start, (int, np.integer)):
        raise InputTypeError(f"fiscal_year_start = {fiscal_year_start!r} is not a month number (1..12)")
    return _core.check_first_month(int(fiscal_year_start))


def fiscal_year(period: Any, fiscal_year_start: int = 1) -> int:
    """The fiscal year containing ``period``, labelled by the calendar year in which it ends.

    >>> attain.fiscal_year("2020-10", fiscal_year_start=10)
    2021
    """
    return int(_core.fiscal_year(period_ordinal(period), _start(fiscal_year_start)))


def months_elapsed(period: Any, fiscal_year_start: int = 1) -> int:
    """Months of the fiscal year elapsed at the end of ``period``, counting it (1..12).

    >>> attain.months_elapsed("2021-06", fiscal_year_start=10)
    9
    """
    return int(_core.months_elapsed(period_ordinal(period), _start(fiscal_year_start)))


def months_remaining(period: Any, fiscal_year_start: int = 1) -> int:
    """Months left in the fiscal year after ``period`` (0..11).

    >>> attain.months_remaining("2021-06", fiscal_year_start=10)
    3
    """
    return int(_core.months_remaining(period_ordinal(period), _start(fiscal_year_start)))


def _series(values: Any, periods: Any, name: str) -> tuple[np.ndarray, np.ndarray]:
    v = as_counts(values, name)
    p = period_ordinals(periods, "periods")
    if v.ndim != 1 or p.ndim != 1:
        raise InvalidInputError(f"{name} and periods must be one-dimensional series")
    return v, np.ascontiguousarray(p, dtype=np.int32)


def ytd_to_monthly(values: Any, periods: Any, fiscal_year_start: int = 1) -> np.ndarray:
    """Year-to-date cumulative figures -> monthly flows.

    The first month of each fiscal year keeps its year-to-date value (it includes whatever was
    carried over). ``periods`` must be consecutive months. Flows can be negative when a
    year-to-date figure was revised down.
    """
    v, p = _series(values, periods, "ytd")
    return _core.ytd_to_monthly(v, p, _start(fiscal_year_start))


def monthly_to_ytd(values: Any, periods: Any, fiscal_year_start: int = 1) -> np.ndarray:
    """Monthly flows -> year-to-date cumulative figures, restarting at each fiscal year."""
    v, p = _series(values, periods, "monthly")
    return _core.monthly_to_ytd(v, p, _start(fiscal_year_start))


def monthly_completions(done: Any, eligible: Any, periods: Any, fiscal_year_start: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Year-to-date done and eligible -> each month's completions and the cases open at its start.

    Returns ``(done_flow, open)``: ``done_flow`` is :func:`ytd_to_monthly` of ``done``, ``open``
    the month's year-to-date eligible total less what was done before the month in the same
    fiscal year (nothing before a fiscal year's first month, or before the series' first month).
    ``done_flow / open`` is the share of the open caseload completed in the month, a binomial
    proportion that a p-chart can watch (:func:`attain.spc_chart`); a flow of done over a flow of
    eligible is not one (the cases carried over are done too, so it can pass 1).

    >>> attain.period.monthly_completions([163, 277, 403], [1360, 1440, 1520], ["2020-10", "2020-11", "2020-12"], 10)
    (array([163, 114, 126]), array([1360, 1277, 1243]))
    """
    d, p = _series(done, periods, "done")
    e, _ = _series(eligible, periods, "eligible")
    start = _start(fiscal_year_start)
    return _core.ytd_to_monthly(d, p, start), _core.open_at_start(d, e, p, start)
