"""Panels from case records and from the official status form, through a status scheme.

Both paths give a :class:`attain.Panel` of year-to-date tallies (``done``, ``eligible``,
``accepted``) per unit and month, for the measures ``count`` and ``amount``, which is what the
snapshot, report and inference layers take. The rules that turn case records into tallies
(which cases are in a year's figures, carried-over cases, the current-status assumption) are
stated in :func:`from_cases` and in ``include/attain/core/cases.hpp``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from . import _core
from ._columns import factorize, is_blank
from ._convert import as_counts
from ._progress import Progress, ProgressOption
from .errors import InvalidInputError, UnknownKeyError
from .panel import Panel
from .period import datetimes_to_ordinals, format_period, period_ordinal
from .schemes import ROLES, StatusScheme, as_scheme

__all__ = ["from_cases", "from_form"]

#: The fields of the C++ case_tallies' output, in its order (``attain::case_field``): (measure, field).
_CASE_FIELDS: tuple[tuple[str, str], ...] = tuple(_core.CASE_FIELDS)


#: The kinds of the two measures cases and forms give: the number of cases, and their money.
_CASE_KINDS = {"count": "count", "amount": "money"}


def _columns(data: Any, what: str, required: list[str]) -> dict[str, Any]:
    columns = {str(c): data[c] for c in data.columns} if hasattr(data, "columns") else dict(data)
    for key in required:
        if key not in columns:
            raise UnknownKeyError(f"column '{key}' is not in the {what} (columns: {list(columns)})")
    return columns


def _refuse_span(
    acc: np.ndarray, stat: np.ndarray, columns: Any, accepted: str, status_date: str, first: int, last: int
) -> None:
    """The case months span more than the core tallies: name the date farthest from the median
    acceptance month (a typo such as 0001-01-01 is the usual cause)."""
    middle = int(np.median(acc))
    candidates = [
        (middle - int(acc.min()), int(np.argmin(acc)), accepted, int(acc.min())),
        (int(acc.max()) - middle, int(np.argmax(acc)), accepted, int(acc.max())),
        (int(stat.max()) - middle, int(np.argmax(stat)), status_date, int(stat.max())),
    ]
    _, i, column, _ = max(candidates)
    raw = columns[column]
    value = raw.iloc[i] if hasattr(raw, "iloc") else raw[i]
    raise InvalidInputError(
        f"case {i}, column '{column}': {str(value)!r} makes the records span {last - first + 1:,} months; "
        f"at most {_core.max_case_periods:,} (100 years) are "
        "tallied: check that date, or pass periods=(first, last)"
    )


def _months(values: Any, column: str, allow_missing: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Dates or months -> (int32 month ordinals, missing mask). Each distinct value is parsed
    once; an error names the first case holding a bad value."""
    arr = np.asarray(values.to_numpy() if hasattr(values, "to_numpy") else values)
    if arr.dtype.kind == "M":
        missing = np.isnat(arr)
        months = datetimes_to_ordinals(arr, missing)
    else:
        codes, uniques = factorize(arr, column, lambda i: f"case {i}", allow_blank=True)
        missing = codes < 0
        parsed = np.zeros(len(uniques), dtype=np.int32)
        for k, value in enumerate(uniques):
            if is_blank(value):  # its cases have code -1
                continue
            try:
                parsed[k] = period_ordinal(value, column)
            except (InvalidInputError, TypeError):
                i = int(np.argmax(codes == k))
                raise InvalidInputError(
                    f"case {i}, column '{column}': {value!r} is not a date (use YYYY-MM-DD, YYYY-MM, dates or "
                    f"datetime64; parse other formats first, e.g. pandas.to_datetime(..., dayfirst=True))"
                ) from None
        months = np.where(missing, 0, parsed[np.maximum(codes, 0)] if len(parsed) else 0).astype(np.int32)
    if missing.any() and not allow_missing:
        raise InvalidInputError(f"case {int(np.argmax(missing))}, column '{column}': the date is missing")
    return months, missing


def from_cases(
    data: Any,
    *,
    scheme: StatusScheme | Mapping[str, Any] | str,
    unit: str = "unit",
    status: str = "status",
    accepted: str = "accepted",
    status_date: str = "status_date",
    amount: str | None = "amount",
    done_amount: str | None = None,
    periods: tuple[Any, Any] | None = None,
    fiscal_year_start: int = 1,
    progress: ProgressOption = False,
    **panel_options: Any,
) -> Panel:
    """A panel of year-to-date tallies per unit and month from case records.

    Each case counts 1 for the ``count`` measure and its amount for the ``amount`` measure.
    For a month t of fiscal year Y:

    - the case is *in the figures* (``accepted``, thụ lý) from the month it was accepted,
      unless it was done before Y began: cases from earlier years that were not done are
      carried over (excluded cases included);
    - ``eligible`` counts the cases in the figures except those whose status is *excluded*
      from the month they took it on (before that month they are taken to have been pending:
      the records hold each case's current status only);
    - ``done`` counts the cases whose status is *done* from their status month on (their
      executed amount for the amount measure).

    The ``amount`` measure also keeps, per unit and month, the moments of the cases in its
    ``eligible`` figures (their number and sums of x², xy, y², x the amount, y the done amount):
    its snapshot ratios then get the ratio-of-sums interval by linearisation (survey ratio
    estimation, ``survey::svyratio``'s) from the year-to-date cases of the unit and its
    descendants, where a panel of tallies has none (:meth:`attain.Snapshot.interval`).

    Parameters
    ----------
    data : DataFrame or mapping of column name -> values
        One row per case.
    scheme : StatusScheme, dict, preset name (``"thads"``, ``"generic"``) or JSON path
        Which statuses are done, pending or excluded, per measure. A status the scheme does not
        list is an error naming it and its first rows (unless the scheme's ``unknown`` gives it
        a role).
    unit, status : str
        Columns of the unit (the lowest level of the hierarchy, e.g. the officer or the branch)
        and the status category.
    accepted, status_date : str
        Columns of the date the case was accepted and the date it took its current status
        (``YYYY-MM-DD`` or ``YYYY-MM`` strings, dates, datetime64). Only the month counts. The
        status date may be blank for cases whose status is pending in both measures.
    amount : str or None
        Column of the case's money in whole minor units (VND has none); None for count-only
        records (the panel then has the ``count`` measure only).
    done_amount : str or None
        Column of the money executed, 0 .. amount (default: a done case executed its amount).
    periods : (first, last), optional
        The months to tally. Default: from the start of the fiscal year of the earliest
        acceptance to the latest date in the records.
    fiscal_year_start : int, default 1
        First month of the fiscal year (10 for October to September).
    progress : bool or callable, default False
        ``True`` shows a progress bar of the steps (keys, statuses, dates, tallies, panel);
        a callable is called as ``progress(steps_done, 5)`` (see :mod:`attain._progress`).
    **panel_options
        Passed to :meth:`Panel.from_columns`: ``hierarchy=`` (unit -> parent, e.g. officers to
        branches to the province), ``targets=``, ``schedule_profile=``.

    Examples
    --------
    >>> cases = {"unit": ["A", "A", "B"], "status": ["done", "pending", "excluded"],
    ...          "accepted": ["2020-10-05", "2021-01-10", "2020-11-02"],
    ...          "status_date": ["2021-02-01", None, "2021-03-15"], "amount": [100, 50, 70]}
    >>> p = attain.from_cases(cases, scheme="generic", fiscal_year_start=10, periods=("2020-10", "2021-06"))
    >>> p.at("2021-06").unit("A", "count").ratio
    0.5
    """
    sch = as_scheme(scheme)
    required = [unit, status, accepted, status_date] + [c for c in (amount, done_amount) if c]
    columns = _columns(data, "case records", required)

    def row(i: int) -> str:
        return f"case {i}"

    bar = Progress(progress, total=5, desc=f"{len(columns[unit]):,} case records", unit="step")
    unit_codes, unit_names = factorize(columns[unit], unit, row)
    bar.update()
    status_codes, statuses = factorize(columns[status], status, row)
    bar.update()
    count_roles = sch.role_codes(statuses, "count", f"column '{status}'", status_codes)
    amount_roles = sch.role_codes(statuses, "amount", f"column '{status}'", status_codes)
    acc, _ = _months(columns[accepted], accepted)
    stat, blank = _months(columns[status_date], status_date, allow_missing=True)
    bar.update()
    if blank.any():
        pending = ROLES.index("pending")
        needs_date = blank & ((count_roles[status_codes] != pending) | (amount_roles[status_codes] != pending))
        if needs_date.any():
            i = int(np.argmax(needs_date))
            raise InvalidInputError(
                f"case {i}, column '{status_date}': the date is missing, but status '{statuses[status_codes[i]]}' "
                f"is not pending, so its month matters"
            )
        stat = np.where(blank, acc, stat).astype(np.int32)
    n = len(unit_codes)
    money = as_counts(columns[amount], amount).reshape(-1) if amount else np.zeros(n, dtype=np.int64)
    executed = as_counts(columns[done_amount], done_amount).reshape(-1) if done_amount else None
    if periods is None:
        if n == 0:
            raise InvalidInputError("the case records are empty; pass periods=(first, last) to tally no cases")
        first = int(_core.fiscal_year_start(_core.fiscal_year(int(acc.min()), fiscal_year_start), fiscal_year_start))
        last = int(max(acc.max(), stat.max()))
        if last - first + 1 > _core.max_case_periods:
            _refuse_span(acc, stat, columns, accepted, status_date, first, last)
    else:
        first, last = period_ordinal(periods[0], "periods[0]"), period_ordinal(periods[1], "periods[1]")
    if last < first:
        raise InvalidInputError(f"periods: the last month {format_period(last)} is before the first {format_period(first)}")
    args = (
        unit_codes, acc, stat, count_roles[status_codes], amount_roles[status_codes], money, executed,
        len(unit_names), first, last - first + 1, fiscal_year_start,
    )  # fmt: skip
    moments: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if amount:  # with the amount measure's case moments, for its ratio-of-sums interval
        out, cases, sums = _core.case_tallies_with_moments(*args)
        moments["amount"] = (cases.reshape(-1), sums.reshape(-1, 3))
    else:
        out = _core.case_tallies(*args)
    bar.update()
    measures = ["count", "amount"] if amount else ["count"]
    panel = _to_panel(out, unit_names, first, measures, fiscal_year_start, panel_options, moments)
    bar.update()
    bar.close()
    return panel


def _to_panel(
    out: np.ndarray, unit_names: list[str], first: int, measures: list[str], fiscal_year_start: int,
    options: dict[str, Any], moments: dict[str, tuple[np.ndarray, np.ndarray]] | None = None,
) -> Panel:
    """The panel of case_tallies' output (units x months x _CASE_FIELDS), for ``measures``, with
    the case moments of the measures in ``moments`` (measure -> (cases, [sum x^2, sum xy,
    sum y^2]) per unit x month, in the rows' order)."""
    n_units, n_periods, _ = out.shape
    u, t = np.divmod(np.arange(n_units * n_periods), n_periods)
    flat = out.reshape(n_units * n_periods, len(_CASE_FIELDS))
    columns: dict[str, Any] = {
        "unit": np.asarray(unit_names, dtype=object)[u],
        "period": np.array([format_period(first + k) for k in range(n_periods)], dtype=object)[t],
    }
    for k, (measure, field) in enumerate(_CASE_FIELDS):
        if measure in measures:
            columns[f"{measure}_{field}"] = flat[:, k]
    options.setdefault("kinds", {m: _CASE_KINDS[m] for m in measures})
    return Panel.from_columns(
        columns, parent=None, measures=measures, fiscal_year_start=fiscal_year_start, _moments=moments, **options
    )


def from_form(
    data: Any,
    *,
    scheme: StatusScheme | Mapping[str, Any] | str,
    count_columns: Mapping[str, str],
    amount_columns: Mapping[str, str] | None = None,
    unit: str = "unit",
    period: str = "period",
    fiscal_year_start: int = 1,
    **panel_options: Any,
) -> Panel:
    """A panel from the status form: one row per (unit, month) with the year-to-date figures of
    each status category.

    ``done`` is the sum of the done categories, ``eligible`` of the done and pending ones,
    ``accepted`` of all of them (excluded included), per measure.

    Parameters
    ----------
    data : DataFrame or mapping of column name -> values
    scheme : StatusScheme, dict, preset name or JSON path
    count_columns : mapping status category -> column
        The columns of case counts; every category must be in the scheme (or the scheme must
        give unknown statuses a role).
    amount_columns : mapping status category -> column, optional
        The columns of money (whole minor units); without them the panel has the count only.
    unit, period : str
        Columns of the unit and the month.
    fiscal_year_start : int
    **panel_options
        Passed to :meth:`Panel.from_columns` (``parent=`` column, ``hierarchy=``, ``targets=``...).
    """
    sch = as_scheme(scheme)
    mappings = {"count": count_columns, "amount": amount_columns or {}}
    columns = _columns(data, "form", [unit, period] + [c for m in mappings.values() for c in m.values()])
    out: dict[str, Any] = {unit: columns[unit], period: columns[period]}
    parent = panel_options.get("parent", "parent")
    if parent is not None and parent in columns:
        out[parent] = columns[parent]
    measures = []
    for measure, mapping in mappings.items():
        if not mapping:
            continue
        arrays, roles, names = [], [], []
        for category, column in mapping.items():
            names.append(f"column '{column}'")
            roles.append(int(sch.role_codes([category], measure, f"{measure}_columns")[0]))
            arrays.append(as_counts(columns[column], column).reshape(-1))
        done, eligible, accepted = _core.form_tallies(arrays, roles, names)
        out |= {f"{measure}_done": done, f"{measure}_eligible": eligible, f"{measure}_accepted": accepted}
        measures.append(measure)
    if not measures:
        raise InvalidInputError("count_columns: give at least one status category and its column")
    panel_options.setdefault("kinds", {m: _CASE_KINDS[m] for m in measures})
    return Panel.from_columns(
        out, unit=unit, period=period, measures=measures, fiscal_year_start=fiscal_year_start, **panel_options
    )
