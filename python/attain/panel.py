"""Panels: tallies per unit and period with a unit hierarchy, and their as-of snapshots.

A panel is built from long-format rows, one per (unit, period): the unit, the month, the
unit's parent (or a separate hierarchy mapping), and per measure the columns ``done``,
``eligible`` and optionally ``accepted`` (total intake) and ``target``. By default a measure
``m`` reads the columns ``m_done``, ``m_eligible``, ``m_accepted`` and ``m_target``.
Roll-ups add a unit's own rows to its descendants' totals (ratio of sums, never mean of
ratios); they are exact integers and an overflow raises :class:`TallyOverflowError`.
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _core
from ._convert import as_counts, as_ratios, require_pandas
from ._progress import Progress, ProgressOption
from .errors import DuplicateKeyError, HierarchyError, InputTypeError, InvalidInputError, UnknownKeyError
from .period import format_period, period_ordinal
from .ratio import PaceResult

__all__ = ["ChildrenSummary", "Panel", "Snapshot", "UnitStatus"]

_FIELDS = ("done", "eligible", "accepted", "target")
_REQUIRED = ("done", "eligible")


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if type(value).__name__ == "NAType":
        return True
    return isinstance(value, str) and value.strip() == ""


def _resolve_measures(columns: Sequence[str], measures: Any) -> dict[str, dict[str, str | None]]:
    """Measure name -> {field: column or None}."""
    present = set(columns)
    if measures is None:
        names = [c[: -len("_done")] for c in columns if c.endswith("_done") and f"{c[:-5]}_eligible" in present]
        if not names:
            raise UnknownKeyError(
                f"no measure found: expected columns '<measure>_done' and '<measure>_eligible' (columns: {list(columns)})"
            )
        measures = names
    if isinstance(measures, str):
        measures = [measures]
    resolved: dict[str, dict[str, str | None]] = {}
    if isinstance(measures, Mapping):
        for name, spec in measures.items():
            unknown = set(spec) - set(_FIELDS)
            if unknown:
                raise InvalidInputError(f"measure '{name}': unknown fields {sorted(unknown)} (expected {list(_FIELDS)})")
            resolved[name] = {f: spec.get(f) for f in _FIELDS}
    else:
        for name in measures:
            resolved[name] = {f: f"{name}_{f}" if f in _REQUIRED or f"{name}_{f}" in present else None for f in _FIELDS}
    for name, spec in resolved.items():
        for field in _FIELDS:
            column = spec[field]
            if column is None and field in _REQUIRED:
                raise InvalidInputError(f"measure '{name}' needs a '{field}' column")
            if column is not None and column not in present:
                raise UnknownKeyError(f"column '{column}' (measure '{name}', {field}) is not in the data (columns: {list(columns)})")
    return resolved


@dataclass(frozen=True)
class UnitStatus:
    """One unit's figures for one measure at the as-of period.

    Ratios, gaps and changes are fractions (x100 for percent and percentage points).
    """

    unit: str
    parent: str | None
    measure: str
    accepted: int | None
    eligible: int
    done: int
    ratio: float
    target: float | None
    gap: float
    shortfall: int | None
    met: bool
    ratio_prev: float
    change_prev: float
    ratio_year_ago: float
    change_year: float
    rank: int | None
    pace: PaceResult | None
    schedule_expected: float = float("nan")
    """target x share of the year elapsed (NaN without a target); see attain.schedule."""
    schedule_ahead: float = float("nan")
    """ratio - schedule_expected: positive ahead of schedule (NaN without a target)."""


@dataclass(frozen=True)
class ChildrenSummary:
    """How a unit's children stand against their targets ("3/9 met, 6 short by 3 to 9 points")."""

    unit: str
    measure: str
    children: tuple[str, ...]
    n: int
    n_met: int
    n_short: int
    n_unrated: int
    """children with no ratio (eligible == 0) or no target."""
    min_gap: float
    """smallest gap among the short children (NaN if none is short)."""
    max_gap: float
    """largest gap among the short children (NaN if none is short)."""


class Snapshot:
    """Every unit's results at one period; see :meth:`Panel.at`."""

    def __init__(self, panel: Panel, raw: dict[str, Any]) -> None:
        self._panel = panel
        self.as_of: str = format_period(raw["as_of"])
        self.months_elapsed: int = int(raw["months_elapsed"])
        self.months_remaining: int = int(raw["months_remaining"])
        self._fields: dict[str, dict[str, np.ndarray]] = raw["measures"]
        for fields in self._fields.values():
            for array in fields.values():
                array.flags.writeable = False

    @property
    def units(self) -> list[str]:
        return self._panel.units

    @property
    def measures(self) -> list[str]:
        return self._panel.measures

    def arrays(self, measure: str) -> dict[str, np.ndarray]:
        """The raw per-unit arrays of one measure (read-only), in the order of :attr:`units`."""
        try:
            return dict(self._fields[measure])
        except KeyError:
            raise UnknownKeyError(f"measure '{measure}' is not in the panel (measures: {self.measures})") from None

    def unit(self, unit: str, measure: str) -> UnitStatus:
        """One unit's status for one measure."""
        i = self._panel._unit_index(unit)
        f = self.arrays(measure)
        has_target = bool(f["has_target"][i])
        accepted = int(f["accepted"][i])
        parent = self._panel.parent_of(unit)
        return UnitStatus(
            unit=unit,
            parent=parent,
            measure=measure,
            accepted=None if accepted < 0 else accepted,
            eligible=int(f["eligible"][i]),
            done=int(f["done"][i]),
            ratio=float(f["ratio"][i]),
            target=float(f["target"][i]) if has_target else None,
            gap=float(f["gap"][i]),
            shortfall=int(f["shortfall"][i]) if has_target else None,
            met=bool(f["met"][i]),
            ratio_prev=float(f["ratio_prev"][i]),
            change_prev=float(f["change_prev"][i]),
            ratio_year_ago=float(f["ratio_year_ago"][i]),
            change_year=float(f["change_year"][i]),
            rank=int(f["rank"][i]) or None,
            pace=PaceResult(
                int(f["pace_needed"][i]),
                float(f["pace_per_month"][i]),
                int(f["pace_eligible_projected"][i]),
                int(f["pace_needed_projected"][i]),
                float(f["pace_per_month_projected"][i]),
            )
            if has_target
            else None,
            schedule_expected=float(f["schedule_expected"][i]),
            schedule_ahead=float(f["schedule_ahead"][i]),
        )

    def children(self, unit: str, measure: str) -> ChildrenSummary:
        """How the children of ``unit`` stand against their targets for ``measure``."""
        i = self._panel._unit_index(unit)
        f = self.arrays(measure)
        return ChildrenSummary(
            unit=unit,
            measure=measure,
            children=tuple(self._panel.children_of(unit)),
            n=int(f["children_n"][i]),
            n_met=int(f["children_met"][i]),
            n_short=int(f["children_short"][i]),
            n_unrated=int(f["children_unrated"][i]),
            min_gap=float(f["children_min_gap"][i]),
            max_gap=float(f["children_max_gap"][i]),
        )

    def projection(self, unit: str, measure: str, window: int = 3, alpha: float = 0.05) -> Any:
        """The unit's year-end projection for ``measure`` from this month (see
        :func:`attain.project_year_end`): by the recent pace and by the trend of its monthly
        flows, with prediction intervals, the pace the target needs and whether it is reachable."""
        from .projection import project_unit

        self._panel._unit_index(unit)  # a clear error for an unknown unit
        return project_unit(self._panel, unit, measure, self.as_of, window, alpha)

    def to_frame(self) -> Any:
        """A long :class:`pandas.DataFrame`: one row per (unit, measure).

        Columns: unit, parent, depth, measure, accepted, eligible, done, ratio, target, gap,
        shortfall, met, ratio_prev, change_prev, ratio_year_ago, change_year, rank, the pace
        columns and the children columns. Missing values (no accepted column, no target, no
        rank) are pandas NA.
        """
        pd = require_pandas("Snapshot.to_frame")
        frames = []
        parents = [self._panel.parent_of(u) for u in self.units]
        depths = self._panel._core.depths
        for measure in self.measures:
            f = self._fields[measure]
            has_target = f["has_target"]
            columns: dict[str, Any] = {
                "unit": self.units,
                "parent": parents,
                "depth": depths,
                "measure": measure,
                "accepted": pd.array(np.where(f["accepted"] < 0, None, f["accepted"]).tolist(), dtype="Int64"),
            }
            for name in ("eligible", "done", "ratio"):
                columns[name] = f[name]
            columns["target"] = np.where(has_target, f["target"], np.nan)
            columns["gap"] = f["gap"]
            columns["shortfall"] = pd.array(np.where(has_target, f["shortfall"], None).tolist(), dtype="Int64")
            columns["met"] = f["met"]
            for name in ("ratio_prev", "change_prev", "ratio_year_ago", "change_year"):
                columns[name] = f[name]
            columns["rank"] = pd.array(np.where(f["rank"] > 0, f["rank"], None).tolist(), dtype="Int64")
            for name in f:
                if name.startswith(("pace_", "schedule_", "children_")):
                    columns[name] = f[name]
            frames.append(pd.DataFrame(columns))
        return pd.concat(frames, ignore_index=True)

    def _repr_html_(self) -> str:
        from .report.html import table_html
        from .report.tables import unit_rows

        return f"<p><b>attain snapshot as of {self.as_of}</b> (month {self.months_elapsed} of the fiscal year)</p>" + table_html(
            unit_rows(self)
        )

    def __repr__(self) -> str:
        return f"<attain.Snapshot as_of={self.as_of} units={len(self.units)} measures={self.measures}>"


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
        unit's rows. Units that appear only as parents are added.
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
            return f"{_row_label} {i + _first_row}"

        if hierarchy is not None:
            parent = None  # the mapping replaces the column
        elif parent is not None and parent not in columns:
            if parent != "parent":  # the default column name is optional
                raise UnknownKeyError(f"column '{parent}' is not in the data (columns: {names})")
            parent = None
        unit_codes, unit_names = _factorize(columns[unit], unit, row)
        parent_values = _parents_from_column(columns[parent], parent, unit_codes, unit_names, row) if parent else None
        units, parents = _hierarchy(unit_names, parent_values, hierarchy)
        period_codes, period_values = _factorize(columns[period], period, row)
        period_of_value = np.empty(len(period_values), dtype=np.int32)
        for k, value in enumerate(period_values):
            try:
                period_of_value[k] = period_ordinal(value, period)
            except (InvalidInputError, InputTypeError) as exc:
                first = int(np.argmax(period_codes == k))
                raise type(exc)(f"{row(first)}, column '{period}': {str(exc).split(': ', 1)[-1]}") from None
        periods = period_of_value[period_codes]
        specs = _resolve_measures(names, measures)
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
                entry["default_target"] = _check_target(targets[name], f"targets['{name}']")
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
    def from_csv(cls, path: str | os.PathLike[str], progress: ProgressOption = False, **options: Any) -> Panel:
        """A panel from a CSV file with a header row, read with Python's csv module.

        Counts must be plain whole numbers (``16623``; thousands separators are refused because
        ``1.234`` and ``1,234`` are ambiguous). Targets are ratios (``0.815``) or percentages
        (``81.5%``). Errors name the line and the column. ``progress=True`` shows a bar of the
        bytes read (or give a callable ``progress(bytes_read, file_size)``).
        """
        columns = read_csv_columns(path, progress)
        options.setdefault("_row_label", f"{os.fspath(path)} line")
        options.setdefault("_first_row", 2)
        converted = _parse_csv_numbers(columns, options)
        return cls.from_columns(converted, **options)

    @classmethod
    def from_cases(cls, data: Any, **options: Any) -> Panel:
        """A panel from case records through a status scheme: see :func:`attain.from_cases`."""
        from .cases import from_cases

        return from_cases(data, **options)

    @classmethod
    def from_form(cls, data: Any, **options: Any) -> Panel:
        """A panel from the status form through a status scheme: see :func:`attain.from_form`."""
        from .cases import from_form

        return from_form(data, **options)

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
        return self._parents[self._unit_index(unit)]

    def children_of(self, unit: str) -> list[str]:
        self._unit_index(unit)
        return [u for u, p in zip(self._units, self._parents) if p == unit]

    @property
    def roots(self) -> list[str]:
        return [u for u, p in zip(self._units, self._parents) if p is None]

    def _unit_index(self, unit: str) -> int:
        try:
            return self._index[unit]
        except KeyError:
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


def _factorize(
    values: Any, column: str, row: Callable[[int], str], allow_blank: bool = False
) -> tuple[np.ndarray, list[str]]:
    """Keys -> int32 codes and the distinct keys as strings, in order of first appearance.

    pandas Categoricals use their codes directly (unused categories are dropped); other keys
    are factorised once (pandas.factorize when pandas is installed). Blank keys (empty, None,
    NaN, NA) are an error, or code -1 with ``allow_blank``.
    """
    values = getattr(values, "array", values)  # a pandas Series -> its array
    if type(values).__name__ == "Categorical":
        # Drop unused categories in O(n) (no sort): renumber the used ones densely.
        raw = np.asarray(values.codes)
        used = np.bincount(raw[raw >= 0] if raw.min(initial=0) < 0 else raw, minlength=len(values.categories)) > 0
        if used.all():
            codes = raw
        else:
            renumber = (np.cumsum(used) - 1).astype(raw.dtype)
            codes = np.where(raw >= 0, renumber[np.maximum(raw, 0)], -1)
        uniques = values.categories[used].tolist()
    else:
        try:
            import pandas as pd

            codes, found = pd.factorize(np.asarray(values, dtype=object))
            uniques = list(found)
        except ImportError:
            index: dict[Any, int] = {}
            codes = np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int64)
            uniques = list(index)
            blank_code = [k for k, u in enumerate(uniques) if _is_blank(u)]
            codes = np.where(np.isin(codes, blank_code), -1, codes) if blank_code else codes
    blank = [k for k, u in enumerate(uniques) if u is None or _is_blank(u)]
    if blank or (codes < 0).any():
        bad = (codes < 0) | np.isin(codes, blank)
        if not allow_blank:
            raise InvalidInputError(f"{row(int(np.argmax(bad)))}: column '{column}' is empty")
        codes = np.where(bad, -1, codes)
    return codes.astype(np.int32), [str(u) for u in uniques]


def _parents_from_column(
    values: Any, column: str, unit_codes: np.ndarray, unit_names: list[str], row: Callable[[int], str]
) -> dict[str, str | None]:
    """Each unit's parent from a parent column; blank means a root; conflicting rows are an error."""
    codes, names = _factorize(values, column, row, allow_blank=True)
    def name_of(code: int) -> str | None:
        return names[code] if code >= 0 else None

    _, first = np.unique(unit_codes, return_index=True)
    parent_of_unit = codes[first]
    conflict = codes != parent_of_unit[unit_codes]
    if conflict.any():
        i = int(np.argmax(conflict))
        u = int(unit_codes[i])
        raise HierarchyError(
            f"unit '{unit_names[u]}' has parent {name_of(parent_of_unit[u])!r} in {row(int(first[u]))} "
            f"but {name_of(codes[i])!r} in {row(i)}"
        )
    return {name: name_of(int(code)) for name, code in zip(unit_names, parent_of_unit)}


def _hierarchy(
    unit_names: list[str], parent_of: dict[str, str | None] | None, hierarchy: Mapping[str, str | None] | None
) -> tuple[list[str], list[str | None]]:
    """All units (those with rows first, then parents without rows) and their parents."""
    if hierarchy is not None:
        parent_of = {str(u): (None if _is_blank(p) else str(p)) for u, p in hierarchy.items()}
        # A parent must be a unit of the mapping or of the data: a typo must not create a root.
        known_units = set(parent_of) | set(unit_names)
        for child, p in parent_of.items():
            if p is not None and p not in known_units:
                raise HierarchyError(
                    f"unit '{child}' names parent '{p}', which is neither a unit of the data nor a key of "
                    f"the hierarchy (list roots as {{'{p}': None}})"
                )
    parent_of = parent_of or {}
    units = list(unit_names)
    known = set(units)
    for name in [*parent_of, *(p for p in parent_of.values() if p is not None)]:
        if name not in known:
            units.append(name)
            known.add(name)
    return units, [parent_of.get(u) for u in units]


def _fiscal_start(value: Any) -> int:
    from .period import _start

    return _start(value)


def _check_target(value: Any, name: str) -> float:
    try:
        t = float(value)
    except (TypeError, ValueError):
        raise InvalidInputError(f"{name} = {value!r} is not a number") from None
    if not 0.0 <= t <= 1.0:
        raise InvalidInputError(f"{name} = {value!r} is outside [0, 1]")
    return t


def read_csv_columns(path: str | os.PathLike[str], progress: ProgressOption = False) -> dict[str, list[str]]:
    """Reads a CSV file with a header into column name -> list of cell strings (``progress``:
    see :mod:`attain._progress`, in bytes)."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f, Progress(
            progress, total=os.fstat(f.fileno()).st_size, desc=f"reading {os.path.basename(path)}", unit="B", unit_scale=True
        ) as bar:
            reader = csv.reader(f)
            try:
                header = next(reader)
            except StopIteration:
                raise InvalidInputError(f"{os.fspath(path)} is empty (no header row)") from None
            header = [h.strip() for h in header]
            duplicates = {h for h in header if header.count(h) > 1}
            if duplicates:
                raise DuplicateKeyError(f"{os.fspath(path)}: columns {sorted(duplicates)} appear twice in the header")
            columns: dict[str, list[str]] = {h: [] for h in header}
            for line, record in enumerate(reader, start=2):
                if bar.active and not line & 0x3FFF:  # every 16384 lines
                    bar.advance_to(f.buffer.tell())
                if not record or all(not c.strip() for c in record):
                    continue
                if len(record) != len(header):
                    raise InvalidInputError(
                        f"{os.fspath(path)} line {line}: {len(record)} fields, but the header has {len(header)}"
                    )
                for h, cell in zip(header, record):
                    columns[h].append(cell)
            bar.advance_to(bar.total or 0)
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"{os.fspath(path)} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except FileNotFoundError:
        raise InvalidInputError(f"{os.fspath(path)}: no such file") from None
    return columns


def _parse_csv_numbers(columns: dict[str, list[str]], options: dict[str, Any]) -> dict[str, Any]:
    """Counts -> int64 arrays and targets -> floats, with errors naming line and column."""
    specs = _resolve_measures(list(columns), options.get("measures"))
    label, first = options["_row_label"], options["_first_row"]
    out: dict[str, Any] = dict(columns)
    for spec in specs.values():
        for field in _FIELDS:
            column = spec[field]
            if column is None or column not in columns:
                continue
            cells = columns[column]
            if field == "target":
                out[column] = [_parse_percent(c, column, f"{label} {i + first}") for i, c in enumerate(cells)]
            else:
                out[column] = np.array(
                    [_parse_whole(c, column, f"{label} {i + first}") for i, c in enumerate(cells)], dtype=np.int64
                )
    return out


def _parse_whole(cell: str, column: str, where: str) -> int:
    text = cell.strip()
    if not text:
        raise InvalidInputError(f"{where}, column '{column}': the cell is empty; a whole number is expected")
    body = text[1:] if text[0] in "+-" else text
    if not body.isascii() or not body.isdigit():
        hint = " (write numbers without thousands separators)" if any(c in body for c in ",. ") else ""
        raise InvalidInputError(f"{where}, column '{column}': {cell!r} is not a whole number{hint}")
    value = int(text)
    if not -(2**63) <= value < 2**63:
        raise InvalidInputError(f"{where}, column '{column}': {cell!r} does not fit in int64")
    return value


def _parse_percent(cell: str, column: str, where: str) -> float:
    text = cell.strip()
    if not text:
        return math.nan
    try:
        return float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise InvalidInputError(f"{where}, column '{column}': {cell!r} is not a ratio (0.815) or a percentage (81.5%)") from None
