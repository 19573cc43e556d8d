"""Panels: tallies per unit and period with a unit hierarchy (their as-of snapshots: snapshot.py).

A panel is built from long-format rows, one per (unit, period): the unit, the month, the
unit's parent (or a separate hierarchy mapping), and per measure the columns ``done``,
``eligible`` and optionally ``accepted`` (total intake) and ``target``. By default a measure
``m`` reads the columns ``m_done``, ``m_eligible``, ``m_accepted`` and ``m_target``.
Roll-ups add a unit's own rows to its descendants' totals (ratio of sums, never mean of
ratios); they are exact integers and an overflow raises :class:`TallyOverflowError`.
"""

from __future__ import annotations

import math
import os
import unicodedata
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from . import _core
from ._columns import (
    check_target,
    factorize,
    hierarchy_of,
    parents_from_column,
    parse_csv_numbers,
    read_csv,
    resolve_measures,
    unused_columns,
)
from ._convert import as_counts, as_ratios
from .errors import InputTypeError, InvalidInputError, UnknownKeyError
from .period import _start as _fiscal_start
from .period import format_period, period_ordinal
from .snapshot import Snapshot

__all__ = ["Panel"]


class Panel:
    """Tallies per unit and period with a unit hierarchy.

    Build one with :meth:`from_frame` (a pandas DataFrame), :meth:`from_csv` (a CSV file, no
    pandas needed) or :meth:`from_columns` (a mapping of column name to values).

    Parameters common to the constructors
    -------------------------------------
    unit, period : str
        Column names of the unit and the month (``"YYYY-MM"``, a date or a pandas Period).
    parent : str or None
        Column naming each unit's parent (blank for a root); must be the same on all of a
        unit's rows, and name a unit of the data (an unknown parent is an error suggesting the
        closest unit; declare units without rows of their own with ``hierarchy``). Keys are
        text: Unicode NFC, whole numbers read as floats written as integers (100.0 -> "100");
        two names that differ only in spaces are an error.
    hierarchy : mapping of unit -> parent (None for a root), optional
        The hierarchy given separately; it replaces the ``parent`` column.
    measures : None, sequence of names, or mapping name -> {field: column}
        None finds every ``m`` with columns ``m_done`` and ``m_eligible``. Fields are
        ``done``, ``eligible``, ``accepted`` and ``target``.
    targets : mapping measure -> float, optional
        Targets that replace the measure's target column for every unit. Without either, a
        unit inherits its nearest ancestor's target.
    fiscal_year_start : int, default 1
        First month of the fiscal year (10 for October to September).
    monthly_flows : bool, default False
        True when rows hold monthly flows rather than year-to-date figures.
    schedule_profile : sequence of 12 weights, optional
        How the year's work is spread over its months, for schedule pace (default linear).
    """

    def __init__(self, core: Any, units: list[str], parents: list[str | None]) -> None:
        self._core = core
        self._units = units
        self._parents = parents
        self._index = {u: i for i, u in enumerate(units)}

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def from_columns(
        cls,
        columns: Mapping[str, Any],
        *,
        unit: str = "unit",
        period: str = "period",
        parent: str | None = "parent",
        hierarchy: Mapping[str, str | None] | None = None,
        measures: Any = None,
        targets: Mapping[str, float] | None = None,
        fiscal_year_start: int = 1,
        monthly_flows: bool = False,
        schedule_profile: Sequence[float] | None = None,
        _row_label: str = "row",
        _first_row: int = 0,
        _row_numbers: Sequence[int] | None = None,
    ) -> Panel:
        """A panel from a mapping of column name -> sequence of values (one entry per row)."""
        names = list(columns)
        for key in (unit, period):
            if key not in columns:
                raise UnknownKeyError(f"column '{key}' is not in the data (columns: {names})")
        n_rows = len(columns[unit])
        for key in names:
            if len(columns[key]) != n_rows:
                raise InvalidInputError(f"column '{key}' has {len(columns[key])} values but '{unit}' has {n_rows}")
        def row(i: int) -> str:
            return f"{_row_label} {_row_numbers[i] if _row_numbers else i + _first_row}"

        if hierarchy is not None:
            parent = None  # the mapping replaces the column
        elif parent is not None and parent not in columns:
            if parent != "parent":  # the default column name is optional
                raise UnknownKeyError(f"column '{parent}' is not in the data (columns: {names})")
            parent = None
        unit_codes, unit_names = factorize(columns[unit], unit, row)
        parent_values = parents_from_column(columns[parent], parent, unit_codes, unit_names, row) if parent else None
        units, parents = hierarchy_of(unit_names, parent_values, hierarchy)
        period_codes, period_values = factorize(columns[period], period, row)
        period_of_value = np.empty(len(period_values), dtype=np.int32)
        for k, value in enumerate(period_values):
            try:
                period_of_value[k] = period_ordinal(value, period)
            except (InvalidInputError, InputTypeError) as exc:
                first = int(np.argmax(period_codes == k))
                raise type(exc)(f"{row(first)}, column '{period}': {str(exc).split(': ', 1)[-1]}") from None
        periods = period_of_value[period_codes]
        specs = resolve_measures(names, measures)
        used = {unit, period} | ({parent} if parent else set())
        used |= {c for spec in specs.values() for c in spec.values() if c is not None}
        # Mistyped '<measure>_<field>' names are looked for unless the measures map their columns.
        extra = unused_columns(names, used, {} if isinstance(measures, Mapping) else specs, auto=measures is None)
        if extra:
            warnings.warn(f"columns not used: {', '.join(repr(c) for c in extra)}", UserWarning, stacklevel=3)
        targets = dict(targets or {})
        for name in targets:
            if name not in specs:
                raise UnknownKeyError(f"target given for measure '{name}', which is not in the panel (measures: {list(specs)})")
        core_measures = []
        for name, spec in specs.items():
            entry: dict[str, Any] = {"name": name, "accepted": None, "target": None, "default_target": math.nan}
            for field in ("done", "eligible", "accepted"):
                if spec[field] is not None:
                    entry[field] = as_counts(columns[spec[field]], spec[field])
            if name in targets:
                entry["default_target"] = check_target(targets[name], f"targets['{name}']")
            elif spec["target"] is not None:
                entry["target"] = as_ratios(columns[spec["target"]], spec["target"], allow_nan=True)
            core_measures.append(entry)
        core = _core.Panel(
            units,
            [p or "" for p in parents],
            unit_codes,
            periods,
            core_measures,
            fiscal_year_start=_fiscal_start(fiscal_year_start),
            monthly_flows=bool(monthly_flows),
            row_label=_row_label,
            first_row_number=_first_row,
            row_numbers=list(_row_numbers or []),
            schedule_profile=[float(w) for w in schedule_profile] if schedule_profile is not None else [],
        )
        return cls(core, units, parents)

    @classmethod
    def from_frame(cls, frame: Any, **options: Any) -> Panel:
        """A panel from a long-format :class:`pandas.DataFrame` (one row per unit and period).

        Keyword options are those of :meth:`from_columns`. Row numbers in messages are
        positions (0-based) in the frame.

        Examples
        --------
        >>> panel = attain.Panel.from_frame(df, fiscal_year_start=10)
        >>> panel.at("2021-06").unit("Cục THADS tỉnh Bến Tre", "count").ratio
        0.6297...
        """
        columns = {str(c): frame[c] for c in frame.columns}
        if not all(isinstance(c, str) for c in frame.columns):
            raise InvalidInputError("DataFrame column names must be strings")
        return cls.from_columns(columns, **options)

    @classmethod
    def from_csv(cls, path: str | os.PathLike[str], **options: Any) -> Panel:
        """A panel from a CSV file with a header row, read with Python's csv module.

        Counts must be plain whole numbers (``16623``; thousands separators are refused because
        ``1.234`` and ``1,234`` are ambiguous). Targets are ratios (``0.815``) or percentages
        (``81.5%``). Errors name the line and the column.
        """
        columns, lines = read_csv(path)
        options.setdefault("_row_label", f"{os.fspath(path)} line")
        options.setdefault("_first_row", 2)
        options.setdefault("_row_numbers", lines)
        converted = parse_csv_numbers(columns, options)
        return cls.from_columns(converted, **options)

    # -- access ---------------------------------------------------------------------------
    @property
    def units(self) -> list[str]:
        """Unit names, in order of first appearance."""
        return list(self._units)

    @property
    def periods(self) -> list[str]:
        """The months of the data, ``"YYYY-MM"``, ascending."""
        return [format_period(p) for p in self._core.periods]

    @property
    def measures(self) -> list[str]:
        return list(self._core.measures)

    @property
    def fiscal_year_start(self) -> int:
        return int(self._core.fiscal_year_start)

    def parent_of(self, unit: str) -> str | None:
        return self._parents[self.index_of(unit)]

    def children_of(self, unit: str) -> list[str]:
        self.index_of(unit)
        return [u for u, p in zip(self._units, self._parents) if p == unit]

    @property
    def roots(self) -> list[str]:
        return [u for u, p in zip(self._units, self._parents) if p is None]

    def index_of(self, unit: str) -> int:
        """The unit's position in :attr:`units` (and in every per-unit array of a snapshot)."""
        try:
            return self._index[unit] if unit in self._index else self._index[unicodedata.normalize("NFC", unit)]
        except (KeyError, TypeError):
            raise UnknownKeyError(f"unit '{unit}' is not in the panel") from None

    def totals(self, measure: str) -> dict[str, np.ndarray]:
        """Rolled-up ``done``, ``eligible``, ``accepted`` (-1 where not given) and resolved
        ``target`` (NaN where none) as unit x period matrices, in the order of :attr:`units`
        and :attr:`periods`."""
        if measure not in self.measures:
            raise UnknownKeyError(f"measure '{measure}' is not in the panel (measures: {self.measures})")
        done, eligible, accepted, target = self._core.totals(measure)
        return {"done": done, "eligible": eligible, "accepted": accepted, "target": target}

    def at(self, as_of: Any) -> Snapshot:
        """Every unit's ratios, gaps, shortfalls, changes, ranks, pace and children summary at
        ``as_of`` (a month of the data)."""
        return Snapshot(self, self._core.snapshot(period_ordinal(as_of, "as_of")))

    def __repr__(self) -> str:
        periods = self.periods
        return (
            f"<attain.Panel units={len(self._units)} periods={periods[0]}..{periods[-1]} "
            f"measures={self.measures} fiscal_year_start={self.fiscal_year_start}>"
        )
