"""Roll-ups from row-level data: exact grouped sums per (unit, period), mergeable partials.

:func:`rollup` sums any number of integer columns (done, eligible, accepted, amounts...) per
unit and month in one pass of the C++ kernel (``attain::cell_sum``): exact int64, overflow is
an error. The result, :class:`Tallies`, is a mergeable summary: ``a + b`` adds two partial
results exactly (associative and commutative), it pickles, and :meth:`Tallies.to_panel` turns
it into a :class:`attain.Panel` only at the end. That is what streaming over chunks
(:func:`rollup_chunks`) and the Dask and Spark integrations (``attain.dask``, ``attain.spark``)
are built on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _core
from ._columns import factorize
from ._convert import as_counts
from ._progress import Progress, ProgressOption
from .errors import InvalidInputError, UnknownKeyError
from .panel import Panel
from .period import format_period, period_ordinal

__all__ = ["Tallies", "rollup", "rollup_chunks"]


@dataclass
class Tallies:
    """Exact sums per (unit, period): a mergeable partial roll-up.

    Attributes
    ----------
    units : list of str
    periods : list of str (``YYYY-MM``, ascending)
    columns : list of str
        The summed columns.
    sums : numpy.ndarray, int64, shape (units, periods, columns)
    rows : numpy.ndarray, int64, shape (units, periods)
        How many input rows fell in each cell (0: the unit has no data that month).
    """

    units: list[str]
    periods: list[str]
    columns: list[str]
    sums: np.ndarray
    rows: np.ndarray

    def __add__(self, other: Tallies) -> Tallies:
        return self.merge(other)

    def merge(self, other: Tallies) -> Tallies:
        """Exact sum of two partial results (any units and periods; the same columns)."""
        if self.columns != other.columns:
            raise InvalidInputError(f"cannot merge tallies of columns {self.columns} and {other.columns}")
        units = list(dict.fromkeys([*self.units, *other.units]))
        periods = sorted(set(self.periods) | set(other.periods))
        out = np.zeros((len(units), len(periods), len(self.columns)), dtype=np.int64)
        rows = np.zeros((len(units), len(periods)), dtype=np.int64)
        for part in (self, other):
            # Each part laid out on the merged grid, then added exactly by the C++ merge_sums.
            grid = np.ix_(_index(units, part.units), np.searchsorted(periods, part.periods))
            sums, counts = np.zeros_like(out), np.zeros_like(rows)
            sums[grid], counts[grid] = part.sums, part.rows
            _core.merge_sums(out, sums)
            _core.merge_sums(rows, counts)
        return Tallies(units, periods, list(self.columns), out, rows)

    def to_panel(self, measures: Any = None, **options: Any) -> Panel:
        """The :class:`Panel` of these tallies: one row per unit and period of the grid. A unit
        with no record in a month has sums of zero there (sums of records: no record, nothing
        to add). Options are those of :meth:`Panel.from_columns` (give the hierarchy with
        ``hierarchy=``; ``monthly_flows=True`` when the records are monthly flows)."""
        u, p = np.nonzero(np.ones_like(self.rows, dtype=bool))
        columns: dict[str, Any] = {
            "unit": np.asarray(self.units, dtype=object)[u],
            "period": np.asarray(self.periods, dtype=object)[p],
        }
        for k, name in enumerate(self.columns):
            columns[name] = self.sums[u, p, k]
        options.setdefault("parent", None)
        return Panel.from_columns(columns, measures=measures, **options)

    def __repr__(self) -> str:
        return f"<attain.Tallies units={len(self.units)} periods={len(self.periods)} columns={self.columns}>"


def _index(names: list[str], subset: list[str]) -> np.ndarray:
    where = {n: i for i, n in enumerate(names)}
    return np.fromiter((where[n] for n in subset), dtype=np.int64, count=len(subset))


def _value_columns(columns: Mapping[str, Any], unit: str, period: str, values: Sequence[str] | None) -> list[str]:
    if values is not None:
        for name in values:
            if name not in columns:
                raise UnknownKeyError(f"column '{name}' is not in the data (columns: {list(columns)})")
        return list(values)
    suffixes = ("_done", "_eligible", "_accepted")
    found = [c for c in columns if c not in (unit, period) and str(c).endswith(suffixes)]
    if not found:
        raise InvalidInputError("no columns to sum: name them with values=[...] (or use <measure>_done / _eligible)")
    return found


def rollup(
    data: Any,
    unit: str = "unit",
    period: str = "period",
    values: Sequence[str] | None = None,
    threads: int = 1,
) -> Tallies:
    """Exact sums of ``values`` per (unit, period) from row-level data.

    Parameters
    ----------
    data : pandas.DataFrame or mapping of column -> array
        One row per record (a case, an officer-month...). Unit keys that are pandas
        Categoricals use their codes directly (the fast path); other keys are factorised once.
    unit, period : str
        Key columns; periods are months (``YYYY-MM``, dates, pandas Periods).
    values : list of str, optional
        Integer columns to sum (default: every ``*_done``, ``*_eligible``, ``*_accepted``).
    threads : int
        Threads for the C++ kernel (the GIL is released); results are identical for any count.

    Returns
    -------
    Tallies
    """
    columns = {str(c): data[c] for c in data.columns} if hasattr(data, "columns") else dict(data)
    for key in (unit, period):
        if key not in columns:
            raise UnknownKeyError(f"column '{key}' is not in the data (columns: {list(columns)})")
    names = _value_columns(columns, unit, period, values)

    def row(i: int) -> str:
        return f"row {i}"

    unit_codes, unit_names = _keys(columns[unit], unit, row)
    period_codes, period_values = _keys(columns[period], period, row)
    ordinals = np.array([period_ordinal(v, period) for v in period_values], dtype=np.int64)
    order = np.argsort(ordinals, kind="stable")  # periods ascending
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    if len(np.unique(ordinals)) != len(ordinals):
        raise InvalidInputError(f"column '{period}' names one month in two ways (e.g. '2021-6' and '2021-06')")
    n_units, n_periods = len(unit_names), len(period_values)
    arrays = [as_counts(columns[name], name) for name in names]
    for name, array in zip(names, arrays):
        if array.ndim != 1 or len(array) != len(unit_codes):
            raise InvalidInputError(f"column '{name}' must be one-dimensional with one value per row")
    sums, rows = _core.cell_sum(unit_codes, period_codes, rank, n_units, arrays, int(threads))
    sums = sums.reshape(n_units, n_periods, len(names))
    rows = rows.reshape(n_units, n_periods)
    # Categoricals may carry unused categories: keep the units and months that have rows.
    used_units, used_periods = rows.any(axis=1), rows.any(axis=0)
    if not (used_units.all() and used_periods.all()):
        sums, rows = sums[used_units][:, used_periods], rows[used_units][:, used_periods]
        keep_units: list[bool] = np.asarray(used_units, dtype=bool).tolist()
        unit_names = [u for u, keep in zip(unit_names, keep_units) if keep]
    sorted_ordinals = ordinals[order][used_periods]
    return Tallies(
        units=unit_names,
        periods=[format_period(int(o)) for o in sorted_ordinals],
        columns=names,
        sums=np.ascontiguousarray(sums),
        rows=np.ascontiguousarray(rows),
    )


def _keys(values: Any, column: str, row: Any) -> tuple[np.ndarray, list[Any]]:
    """Codes and distinct keys: a Categorical's own codes and categories (no pass over the
    rows), otherwise factorised once."""
    values = getattr(values, "array", values)
    if type(values).__name__ == "Categorical":
        codes = np.ascontiguousarray(values.codes)
        if codes.dtype not in (np.int8, np.int16, np.int32):  # the kernel reads these as they are
            codes = codes.astype(np.int32)
        return codes, [str(c) for c in values.categories.tolist()]  # missing (-1) codes: the kernel names the row
    return factorize(values, column, row)


def rollup_chunks(chunks: Iterable[Any], progress: ProgressOption = False, **options: Any) -> Tallies:
    """:func:`rollup` over an iterable of chunks (pandas DataFrames, e.g. from
    ``pandas.read_csv(path, chunksize=..., dtype={"unit": str})``, or pyarrow RecordBatches),
    merging the partial tallies as it goes: memory is bounded by one chunk plus the result.
    Read key columns as text (``dtype=str``): otherwise pandas reads unit ``0101`` as the number
    101 in a chunk of numbers and as ``"0101"`` in a chunk with text, and the unit splits.
    ``progress=True`` shows the rows rolled up so far; a callable is called as
    ``progress(rows_done, None)`` after each chunk (see :mod:`attain._progress`)."""
    total: Tallies | None = None
    key = options.get("unit", "unit")
    bar = Progress(progress, desc="roll-up", unit="rows", unit_scale=True)
    for number, chunk in enumerate(chunks):
        if hasattr(chunk, "to_pandas"):  # pyarrow RecordBatch / Table
            chunk = chunk.to_pandas()
        kind = getattr(getattr(chunk, "dtypes", {}).get(key), "kind", "O") if hasattr(chunk, "dtypes") else "O"
        if kind in "iuf":
            raise InvalidInputError(
                f"chunk {number}: column '{key}' was read as numbers; keys are text: read it as text, e.g. "
                f"pandas.read_csv(..., dtype={{'{key}': str}}) (as numbers, unit 0101 becomes 101 in some chunks only)"
            )
        part = rollup(chunk, **options)
        total = part if total is None else total.merge(part)
        bar.update(int(part.rows.sum()))
    bar.close()
    if total is None:
        raise InvalidInputError("rollup_chunks got no chunks")
    return total
