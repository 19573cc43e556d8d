"""Snapshots: every unit's figures at one as-of month (see :meth:`attain.Panel.at`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ._convert import require_pandas
from .errors import UnknownKeyError
from .period import format_period
from .ratio import PaceResult

if TYPE_CHECKING:
    from .panel import Panel

__all__ = ["ChildrenSummary", "Snapshot", "UnitStatus"]


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
        i = self._panel.index_of(unit)
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
        i = self._panel.index_of(unit)
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

        self._panel.index_of(unit)  # a clear error for an unknown unit
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
