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
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core
from ._columns import (
    factorize,
    hierarchy_of,
    measure_declarations,
    measure_kinds,
    parents_from_column,
    parse_csv_numbers,
    read_csv,
    resolve_measures,
    unit_levels,
    unused_columns,
)
from ._config import read_config
from ._convert import as_counts, as_ratios, check_measure_target
from ._files import cell_text, file_format, read_parquet, read_xlsx
from ._progress import ProgressOption
from ._tree import UnitTree
from .errors import InvalidInputError, UnknownKeyError
from .period import _start as _fiscal_start
from .period import format_period, period_ordinal, period_ordinals
from .snapshot import Snapshot

if TYPE_CHECKING:
    from ._core import _MeasureSpec

__all__ = ["Panel"]


class Panel(UnitTree):
    """Tallies per unit and period with a unit hierarchy.

    Build one with :meth:`from_file` (CSV, ``.xlsx`` or Parquet by extension), :meth:`from_frame`
    (a pandas DataFrame), :meth:`from_csv` (a CSV file, no pandas needed) or :meth:`from_columns`
    (a mapping of column name to values). The input format: ``attain formats`` and the README's
    "Input data".

    Parameters common to the constructors
    -------------------------------------
    unit, period : str
        Column names of the unit and the month (``"YYYY-MM"``, a date, ``"MM/YYYY"``, a quarter
        ``"YYYY-Qn"`` standing for its last month, or a pandas Period).
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
        ``done``, ``eligible``, ``accepted`` and ``target``; a mapping's value None reads the
        measure's default columns (``m_done``...).
    targets : mapping measure -> float, optional
        Targets that replace the measure's target column for every unit. Without either, a
        unit inherits its nearest ancestor's target.
    fiscal_year_start : int, default 1
        First month of the fiscal year (10 for October to September). When it is not given and
        the data start in October, as an October-to-September year does, a warning says so.
    monthly_flows : bool, default False
        True when rows hold monthly flows rather than year-to-date figures. Year-to-date rows
        are checked: a unit's ``done`` or ``accepted`` that falls within a fiscal year is an
        error naming the unit, measure, months and values (``eligible`` may fall: cases are
        reclassified).
    schedule_profile : sequence of 12 weights, optional
        How the year's work is spread over its months, for schedule pace (default linear).
    money : sequence of measure names, optional
        The measures whose tallies are sums of money; every other measure is then a count of
        cases. Counts get a binomial (Wilson) interval on their ratios; money gets none from
        tallies, and the ratio-of-sums interval when the panel comes from case records
        (:func:`attain.from_cases`).
    kinds : mapping measure -> "count" or "money", optional
        The same declaration per measure. Without ``money``, ``currency`` or ``kinds`` a
        measure's kind is unspecified and it gets no interval (attain never guesses it from a name).
    quota : sequence of measure names, optional
        The measures that are quotas: ``done`` is the actual and ``eligible`` the plan; the actual
        may exceed the plan, the ratio is the attainment (may exceed 1), the default target is
        1.0 (100 % of plan) and a target may be up to 10. A quota short of its target has a
        shortfall; one that meets it is ``exceeded_by`` the actual beyond the target. Quotas get no
        binomial interval. The other measures are completion ratios (done <= eligible).
    plan_basis : mapping measure -> "annual" or "to_date", optional
        What a measure's ``eligible`` covers. ``"annual"`` (the default): the whole fiscal year's
        workload or plan, so the ratio builds up through the year and the schedule expects
        target x the share of the year elapsed. ``"to_date"``: what came due by the row's month.
        For a completion measure that is a running rate (eligible: A&E attendances, applications
        received so far; done: those meeting the standard): the target applies to the ratio at
        every month, so the schedule expects the target itself (``schedule_ahead`` = ratio -
        target), ``pace.per_month`` is NaN (the months left bring their own eligible), and reports
        say neither (the shortfall, the projection and the chance of meeting the target stay).
        For a quota it is the plan due by the month (a cumulative plan, "kế hoạch lũy kế"): the
        schedule expects 100 % of it x target and ahead/behind is attainment - target. An unknown
        basis is an error naming the measure.
    currency : mapping measure -> currency code, optional
        The money unit of a measure ("VND", "USD"); it makes the measure money. Its tallies are
        whole minor units (cents for USD).
    minor_digits : mapping measure -> int, optional
        How many minor digits the stored integers have (default from the currency: VND 0, USD,
        EUR, GBP 2, an unknown code 0).
    labels : mapping measure -> {"vi": ..., "en": ...}, optional
        The measure's noun in each language ("việc"/"cases"); reports use the measure's name
        without one.
    level : str, optional
        Column holding each unit's level ("province", "district", "rep"; the same on all of a
        unit's rows, blank = none). By default the column ``level`` when the data has one.
    levels : mapping unit -> level name, optional
        Levels per unit (also for units with no rows); they win over the column.
    """

    def __init__(self, core: _core.Panel) -> None:
        self._core = self._tree = core
        self._units = core.units

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
        fiscal_year_start: int | None = None,
        monthly_flows: bool = False,
        schedule_profile: Sequence[float] | None = None,
        money: Sequence[str] | None = None,
        kinds: Mapping[str, str] | None = None,
        quota: Sequence[str] | None = None,
        plan_basis: Mapping[str, str] | None = None,
        currency: Mapping[str, str] | None = None,
        minor_digits: Mapping[str, int] | None = None,
        labels: Mapping[str, Mapping[str, str]] | None = None,
        level: str | None = None,
        levels: Mapping[str, str | None] | None = None,
        _row_label: str = "row",
        _first_row: int = 0,
        _row_numbers: Sequence[int] | None = None,
        _moments: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
    ) -> Panel:
        """A panel from a mapping of column name -> sequence of values (one entry per row).

        ``_moments`` (internal, :func:`attain.from_cases`): per measure the case moments of each
        row, (cases, [sum x², sum xy, sum y²]), which give a money measure its ratio-of-sums
        interval."""
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
        if level is not None and level not in columns:
            raise UnknownKeyError(f"level column '{level}' is not in the data (columns: {names})")
        level = level if level is not None else ("level" if "level" in columns else None)
        level_column = (level, columns[level]) if level is not None else None
        unit_level = unit_levels(units, unit_codes, level_column, levels, row)
        period_codes, period_values = factorize(columns[period], period, row)
        values = np.empty(len(period_values), dtype=object)
        values[:] = period_values
        period_of_value = period_ordinals(
            values, period, where=lambda k: f"{row(int(np.argmax(period_codes == k)))}, column '{period}'"
        )
        periods = period_of_value[period_codes]
        specs = resolve_measures(names, measures)
        used = {unit, period} | ({parent} if parent else set()) | ({level} if level else set())
        used |= {c for spec in specs.values() for c in spec.values() if c is not None}
        # Mistyped '<measure>_<field>' names are looked for unless the measures map their columns.
        extra = unused_columns(names, used, {} if isinstance(measures, Mapping) else specs, auto=measures is None)
        if extra:
            warnings.warn(f"columns not used: {', '.join(repr(c) for c in extra)}", UserWarning, stacklevel=3)
        targets = dict(targets or {})
        for name in targets:
            if name not in specs:
                raise UnknownKeyError(f"target given for measure '{name}', which is not in the panel (measures: {list(specs)})")
        kind_of = measure_kinds(list(specs), money, kinds, currency)
        declared = measure_declarations(list(specs), quota, currency, minor_digits, labels, plan_basis)
        core_measures: list[_MeasureSpec] = []
        for name, spec in specs.items():
            def counts(field: str, spec: dict[str, str | None] = spec) -> np.ndarray | None:
                column = spec[field]
                return None if column is None else as_counts(columns[column], column)

            done, eligible = counts("done"), counts("eligible")
            assert done is not None and eligible is not None  # resolve_measures requires both
            entry: _MeasureSpec = {
                "name": name, "done": done, "eligible": eligible, "accepted": counts("accepted"), "target": None,
                "default_target": math.nan, "kind": kind_of[name],
            }  # fmt: skip
            entry.update(declared[name])  # type: ignore[typeddict-item]  # the keys of _MeasureSpec
            if _moments and name in _moments:
                entry["cases"], entry["moments"] = _moments[name]
            form = declared[name].get("form", "completion")
            target = spec["target"]
            if name in targets:
                entry["default_target"] = check_measure_target(targets[name], form, f"targets['{name}']")
            elif target is not None:
                entry["target"] = as_ratios(columns[target], target, allow_nan=True, high=10.0 if form == "quota" else 1.0)
            core_measures.append(entry)
        core = _core.Panel(
            units,
            [p or "" for p in parents],
            unit_codes,
            periods,
            core_measures,
            fiscal_year_start=_fiscal_start(1 if fiscal_year_start is None else fiscal_year_start),
            monthly_flows=bool(monthly_flows),
            row_label=_row_label,
            first_row_number=_first_row,
            row_numbers=list(_row_numbers or []),
            levels=unit_level,
            schedule_profile=[float(w) for w in schedule_profile] if schedule_profile is not None else [],
        )
        panel = cls(core)
        if fiscal_year_start is None:
            _warn_if_october_year(panel)
        return panel

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
    def from_csv(
        cls, path: str | os.PathLike[str], progress: ProgressOption = False, delimiter: str | None = None, **options: Any
    ) -> Panel:
        """A panel from a CSV file with a header row, read with Python's csv module.

        The columns are separated by commas, semicolons (as Excel writes in Vietnamese and
        European locales) or tabs, found from the header (``delimiter=`` to say which); a UTF-8
        byte order mark is skipped. Counts must be plain whole numbers (``16623``; thousands
        separators are refused because ``1.234`` and ``1,234`` are ambiguous). Targets are ratios
        (``0.815``) or percentages (``81.5%``), with a decimal point or comma (``81,5%``).
        Errors name the line and the column. ``progress=True`` shows a bar of the
        bytes read (or give a callable ``progress(bytes_read, file_size)``).
        """
        columns, lines = read_csv(path, progress, delimiter)
        options.setdefault("_row_label", f"{os.fspath(path)} line")
        options.setdefault("_first_row", 2)
        options.setdefault("_row_numbers", lines)
        converted = parse_csv_numbers(columns, options)
        return cls.from_columns(converted, **options)

    @classmethod
    def from_file(
        cls,
        path: str | os.PathLike[str],
        *,
        delimiter: str | None = None,
        sheet: str | int | None = None,
        progress: ProgressOption = False,
        config: str | os.PathLike[str] | None = None,
        **options: Any,
    ) -> Panel:
        """A panel from a data file, its format chosen by the extension: ``.xlsx`` (Excel, the
        first sheet or ``sheet``; needs ``pip install 'attain[xlsx]'``), ``.parquet`` (needs
        ``pip install 'attain[parquet]'``), anything else CSV (:meth:`from_csv`; ``delimiter``
        one of ``,`` ``;`` tab, found from the header when not given).

        Keyword options are those of :meth:`from_columns`. Excel cells follow the CSV rules
        (counts whole numbers, targets ratios or percentages) and errors name the sheet row;
        Parquet columns are typed and read as a DataFrame (:meth:`from_frame`).

        ``config``: a project file (``attain.toml``) whose settings (fiscal year, monthly flows,
        columns, targets, measure declarations, delimiter) apply; keywords given here win.
        """
        if config is not None:
            project = read_config(config)
            options = {**project.panel_options(), **options}
            if delimiter is None:
                delimiter = project.delimiter
        kind = file_format(path)
        if kind == "parquet":
            return cls.from_frame(read_parquet(path), **options)
        if kind == "xlsx":
            cells = read_xlsx(path, sheet)
            specs = resolve_measures(list(cells), options.get("measures"))
            measure_columns = {c for spec in specs.values() for c in spec.values() if c is not None}
            columns: dict[str, Any] = {
                c: [cell_text(v) for v in values] if c in measure_columns else values for c, values in cells.items()
            }
            options.setdefault("_row_label", f"{os.fspath(path)} row")
            options.setdefault("_first_row", 2)
            return cls.from_columns(parse_csv_numbers(columns, options), **options)
        return cls.from_csv(path, progress=progress, delimiter=delimiter, **options)

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

    @property
    def kinds(self) -> dict[str, str]:
        """Each measure's declared kind: ``"count"``, ``"money"`` or ``"unspecified"``."""
        return dict(zip(self._core.measures, self._core.kinds))

    def totals(self, measure: str) -> dict[str, np.ndarray]:
        """Rolled-up ``done``, ``eligible``, ``accepted`` (-1 where not given), resolved
        ``target`` (NaN where none) and ``ratio`` (done / eligible, NaN where nothing is
        eligible) as unit x period matrices, in the order of :attr:`units` and :attr:`periods`."""
        done, eligible, accepted, target, ratio = self._core.totals(measure)
        return {"done": done, "eligible": eligible, "accepted": accepted, "target": target, "ratio": ratio}

    def at(self, as_of: Any) -> Snapshot:
        """Every unit's ratios, gaps, shortfalls, changes, ranks, pace and children summary at
        ``as_of`` (a month of the data)."""
        return Snapshot(self._core.at(period_ordinal(as_of, "as_of")))

    def __repr__(self) -> str:
        periods = self.periods
        return (
            f"<attain.Panel units={len(self._units)} periods={periods[0]}..{periods[-1]} "
            f"measures={self.measures} fiscal_year_start={self.fiscal_year_start}>"
        )


def _warn_if_october_year(panel: Panel) -> None:
    """A fiscal year that was not given, on data that start in October as an October-to-September
    year does (the enforcement year of the founding report): a warning, since the calendar year
    then splits the data's year in two."""
    first = panel.periods[0]
    if first.endswith("-10"):
        warnings.warn(
            f"no fiscal year start was given, so the fiscal year is the calendar year; but the data start in "
            f"October ({first}), as an October-to-September year does: if it is one, give --fiscal-year-start 10 "
            "(Python: fiscal_year_start=10)",
            UserWarning,
            stacklevel=4,
        )
