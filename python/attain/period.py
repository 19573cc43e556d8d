"""Months, fiscal years, and year-to-date <-> monthly conversion.

A period is a calendar month. attain accepts ``"YYYY-MM"`` and ``"YYYY-MM-DD"`` strings (a
date stands for its month), :class:`datetime.date`
/ :class:`datetime.datetime`, :class:`pandas.Period` and ``numpy.datetime64`` values, and
writes periods as ``"YYYY-MM"``. A fiscal year starts in ``fiscal_year_start`` (1 = January,
the default; 10 for a year running October to September) and is labelled by the calendar year
in which it ends.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import numpy as np

from . import _core
from ._convert import as_counts
from .errors import InputTypeError, InvalidInputError

__all__ = [
    "fiscal_year",
    "format_period",
    "monthly_to_ytd",
    "months_elapsed",
    "months_remaining",
    "period_ordinal",
    "period_ordinals",
    "ytd_to_monthly",
]


def period_ordinal(value: Any, name: str = "period") -> int:
    """A month as its ordinal ``year * 12 + month - 1``."""
    if isinstance(value, str):
        text = value.strip()
        if text.count("-") == 2:  # an ISO date (with or without a time of day): its month
            try:
                if len(text) > 10 and text[10] in " T":
                    text = text[:10]
                day = _dt.date.fromisoformat(text)
            except ValueError:
                raise InvalidInputError(f"{name}: '{text}' is not a date of the form YYYY-MM-DD") from None
            return day.year * 12 + day.month - 1
        try:
            return int(_core.parse_period(text))
        except ValueError as exc:
            raise InvalidInputError(f"{name}: {exc}") from None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.year * 12 + value.month - 1
    if isinstance(value, np.datetime64):
        months = value.astype("datetime64[M]").astype(np.int64)
        return int(months) + 1970 * 12
    if hasattr(value, "year") and hasattr(value, "month"):  # pandas Period / Timestamp
        return int(value.year) * 12 + int(value.month) - 1
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
    table = np.arange(lo, hi + 1).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) + 1970 * 12
    return np.where(missing, 0, table.astype(np.int32)[np.where(missing, lo, days) - lo])


def period_ordinals(values: Any, name: str = "period") -> np.ndarray:
    """Many months as int32 ordinals; each distinct value is parsed once, and an error names
    the first index holding a bad value."""
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
            raise type(exc)(f"{name}[{i}]: {str(exc).split(': ', 1)[-1]}") from None
    return codes[inverse].reshape(arr.shape)


def format_period(ordinal: int) -> str:
    """``"YYYY-MM"`` for a month ordinal."""
    return str(_core.format_period(int(ordinal)))


def _start(fiscal_year_start: int) -> int:
    if isinstance(fiscal_year_start, bool) or not isinstance(fiscal_year_start, (int, np.integer)):
        raise InputTypeError(f"fiscal_year_start = {fiscal_year_start!r} is not a month number (1..12)")
    if not 1 <= int(fiscal_year_start) <= 12:
        raise InvalidInputError(f"fiscal_year_start = {fiscal_year_start} is not a month (1..12)")
    return int(fiscal_year_start)


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
    return 12 - months_elapsed(period, fiscal_year_start)


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
