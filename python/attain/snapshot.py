"""Snapshots: every unit's figures at one as-of month (see :meth:`attain.Panel.at`).

A :class:`Snapshot` holds the C++ snapshot (``attain._core.Snapshot``), computed once by
``Panel.at``: the figures, the confidence intervals of the measures declared counts and the
year-end projections (computed on first use and kept). Everything rendered from a snapshot (a
paragraph, a table, a chart) reads that one object.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _core
from ._convert import as_alpha, require_pandas
from ._projection import YearEndProjection, from_core
from ._tree import UnitTree
from .period import format_period
from .ratio import PaceResult

MODELS = ("trend", "pace")
"""The models of the months left that a probability of meeting the target comes from."""
__all__ = ["ChildrenSummary", "Snapshot", "UnitAtRisk", "UnitStatus", "set_html_repr", "set_league"]


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
    """target x share of the year elapsed (NaN without a target); see attain.schedule. The target
    itself for a measure with plan basis ``to_date`` (a running rate, a to-date plan)."""
    schedule_ahead: float = float("nan")
    """ratio - schedule_expected: positive ahead of schedule (NaN without a target)."""
    form: str = "completion"
    """``"completion"`` (ratio = done / eligible) or ``"quota"`` (ratio = attainment, actual / plan)."""
    exceeded_by: int | None = None
    """A quota meeting its target: the actual beyond the smallest actual meeting it (0 when short);
    None for a completion measure or without a target."""
    cases: int | None = None
    """The case records behind the ratio (its year-to-date eligible cases, the unit's and its
    descendants'), for a measure whose panel came from case records with their moments (the
    ``amount`` of :func:`attain.from_cases`); None otherwise."""


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


@dataclass(frozen=True)
class UnitAtRisk:
    """A unit whose probability of meeting its year-end target is below the chosen level."""

    unit: str
    parent: str | None
    level: str | None
    """its declared level (None where not declared)."""
    measure: str
    model: str
    """``"trend"`` or ``"pace"`` (see :meth:`Snapshot.meet_probability`)."""
    probability: float
    ratio: float
    target: float


def _where(keep: np.ndarray, values: np.ndarray) -> list[int | None]:
    """``values`` as Python ints, None where not ``keep`` (pandas NA in an Int64 column)."""
    return [int(v) if k else None for k, v in zip(keep.tolist(), values.tolist())]


_html_repr: Callable[[Snapshot], str] | None = None


def set_html_repr(render: Callable[[Snapshot], str] | None) -> None:
    """Registers how a snapshot shows itself in a notebook (the report layer does, through
    ``attain/__init__``): the model never imports the report layer."""
    global _html_repr
    _html_repr = render


_league: Callable[..., Any] | None = None


def set_league(make: Callable[..., Any] | None) -> None:
    """Registers what :meth:`Snapshot.league` delegates to (:func:`attain.report.league`,
    registered by ``attain/__init__``): the model never imports the report layer."""
    global _league
    _league = make


class Snapshot(UnitTree):
    """Every unit's results at one period; see :meth:`Panel.at`."""

    def __init__(self, core: _core.Snapshot) -> None:
        self._core = core
        self._tree = core.panel
        self._units = self._tree.units
        self.as_of: str = format_period(core.as_of)
        self.months_elapsed: int = core.months_elapsed
        self.months_remaining: int = core.months_remaining

    @property
    def core(self) -> _core.Snapshot:
        """The C++ snapshot this object holds (``attain._core.Snapshot``), as the report layer
        reads it."""
        return self._core

    @property
    def units(self) -> list[str]:
        return list(self._units)

    @property
    def measures(self) -> list[str]:
        return self._core.measures

    def kind(self, measure: str) -> str:
        """What ``measure`` counts, as declared when the panel was built: ``"count"``,
        ``"money"`` or ``"unspecified"``."""
        return self._tree.kind(measure)

    # -- figures ------------------------------------------------------------------------------
    def arrays(self, measure: str) -> dict[str, np.ndarray]:
        """The per-unit arrays of one measure (read-only), in the order of :attr:`units`; the
        names are ``attain._core.Snapshot.COLUMNS``."""
        return {name: self.column(measure, name) for name in _core.Snapshot.COLUMNS}

    def column(self, measure: str, name: str) -> np.ndarray:
        """One per-unit array of ``measure`` (read-only): ``name`` is one of
        ``attain._core.Snapshot.COLUMNS`` (done, eligible, ratio, gap, ...)."""
        return self._core.column(measure, name)

    def interval(self, measure: str, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
        """Per-unit interval of the ratio at level 1 - alpha (low, high), of the kind
        :meth:`interval_method` names: the Wilson score interval for a measure declared a count;
        for money from case records (:func:`attain.from_cases`), the ratio-of-sums interval by
        linearisation (``survey::svyratio``'s) from the unit's year-to-date eligible cases,
        its own and its descendants', clipped to [0, 1]. NaN for money from tallies (no cases),
        undeclared measures, quotas, units with nothing eligible and money units with fewer than
        2 cases (the :attr:`UnitStatus.cases` column says how many). The 95 % interval is
        computed once, with the snapshot. Formulas: docs/statistics.md."""
        low, high = self._core.interval(measure, as_alpha(alpha))
        return low, high

    def interval_method(self, measure: str) -> str | None:
        """The interval :meth:`interval` gives ``measure``: ``"wilson"`` (a count),
        ``"linearisation"`` (money from case records: the ratio of sums) or None (none)."""
        method = self._core.interval_method(measure)
        return None if method == "none" else method

    def has_interval(self, measure: str) -> bool:
        """Whether ``measure`` has binomial (Wilson) intervals (it is declared a count): the
        funnel, the shrinkage and the flags of a league need one. A money measure from case
        records has intervals too, of another kind: see :meth:`interval_method`."""
        return self._core.has_interval(measure)

    def unit(self, unit: str, measure: str) -> UnitStatus:
        """One unit's status for one measure."""
        r = self._core.result(measure, self.index_of(unit))
        has_target = r.has_target
        form = self._tree.form(measure)
        return UnitStatus(
            unit=unit,
            parent=self.parent_of(unit),
            measure=measure,
            accepted=None if r.accepted < 0 else r.accepted,
            eligible=r.eligible,
            done=r.done,
            ratio=r.ratio,
            target=r.target if has_target else None,
            gap=r.gap,
            shortfall=r.shortfall if has_target else None,
            met=r.met,
            ratio_prev=r.ratio_prev,
            change_prev=r.change_prev,
            ratio_year_ago=r.ratio_year_ago,
            change_year=r.change_year,
            rank=r.rank or None,
            pace=PaceResult(
                r.pace_needed, r.pace_per_month, r.pace_eligible_projected, r.pace_needed_projected, r.pace_per_month_projected
            )
            if has_target
            else None,
            schedule_expected=r.schedule_expected,
            schedule_ahead=r.schedule_ahead,
            form=form,
            exceeded_by=r.exceeded_by if has_target and form == "quota" else None,
            cases=None if r.cases < 0 else r.cases,
        )

    def children(self, unit: str, measure: str) -> ChildrenSummary:
        """How the children of ``unit`` stand against their targets for ``measure``."""
        c = self._core.children(measure, self.index_of(unit))
        return ChildrenSummary(
            unit=unit,
            measure=measure,
            children=tuple(self.children_of(unit)),
            n=c.n,
            n_met=c.n_met,
            n_short=c.n_short,
            n_unrated=c.n_unrated,
            min_gap=c.min_gap,
            max_gap=c.max_gap,
        )

    @property
    def projectable(self) -> bool:
        """Whether a year-end projection exists: a month of the fiscal year remains and the
        panel holds every month of it up to the as-of month."""
        return self._core.projectable

    def projection(self, unit: str, measure: str, window: int = 3, alpha: float = 0.05) -> YearEndProjection:
        """The unit's year-end projection for ``measure`` from this month (see
        :func:`attain.project_year_end`): by the recent pace and by the trend of its monthly
        flows, with prediction intervals, the pace the target needs and whether it is reachable.
        With the default window and alpha it is computed once per snapshot and kept."""
        i = self.index_of(unit)
        if window == 3 and alpha == 0.05 and self._core.projectable:
            core = self._core.projection(measure, i)
        else:
            core = _core.project_panel(self._tree, measure, unit, self._core.as_of, int(window), float(alpha))
        return from_core(core, self._core.as_of, float(alpha))

    @property
    def has_meet_probabilities(self) -> bool:
        """Whether probabilities of meeting the year-end target exist: the panel holds every month
        of the fiscal year up to the as-of month, or the as-of month ends the year."""
        return self._core.has_meet_probabilities

    def default_model(self, measure: str) -> str:
        """The model reports use for ``measure``: ``"pace"`` for a measure declared a count,
        else ``"trend"`` (see :meth:`meet_probability`)."""
        return self._core.default_model(measure)

    def meet_probability(self, measure: str, model: str | None = None) -> np.ndarray:
        """Every unit's probability of meeting its year-end target for ``measure`` (read-only, in
        the order of :attr:`units`), computed once per snapshot.

        ``model="trend"``: the predictive distribution of the year-end projection's trend path
        (least-squares lines of the monthly done and eligible flows, normal errors, the exact t
        predictive of done - target x eligible); needs 4 months; serves counts and money, not
        quotas. ``model="pace"``: completions of the months left are Poisson at the rate of the
        last 3 months, with a Jeffreys gamma uncertainty on the rate (negative binomial), counts
        scaled by the quasi-Poisson dispersion of the monthly done flows (over-dispersion), the
        year-end eligible total taken as its recent trend (a quota's plan as given); needs 2
        months; measures declared counts only (quotas included: a quota already met is 1).

        At the year end every probability is exactly 1 or 0 (met or not). NaN without a target,
        with too few months, where the model does not apply, or when the data lacks a month of
        the fiscal year so far. ``model=None``: :meth:`default_model`. Assumptions, formulas and
        calibration: docs/statistics.md.
        """
        return self._core.meet_probabilities(measure, model or "")

    def at_risk(
        self, measure: str, model: str | None = None, below: float = 0.5, level: str | None = None
    ) -> list[UnitAtRisk]:
        """The units whose probability of meeting the year-end target (:meth:`meet_probability`)
        is below ``below``, lowest first (ties in unit order), among the units of declared
        ``level`` (every unit when None). Units without a probability are left out. ``model=None``:
        :meth:`default_model`.

        Raises
        ------
        attain.errors.UnknownKeyError
            No unit has ``level``.
        attain.errors.InvalidInputError
            ``below`` is outside [0, 1] or ``model`` is not "trend" or "pace".
        """
        model = model or self.default_model(measure)
        risky = self._core.at_risk(measure, model, float(below), level or "")
        ratio, target = self.column(measure, "ratio"), self.column(measure, "target")
        levels = self._tree.levels
        parents = self._tree.parents
        return [
            UnitAtRisk(
                unit=self._units[u],
                parent=None if parents[u] < 0 else self._units[parents[u]],
                level=levels[u] or None,
                measure=measure,
                model=model,
                probability=p,
                ratio=float(ratio[u]),
                target=float(target[u]),
            )
            for u, p in risky
        ]

    def league(
        self,
        level: str | int | None = None,
        measure: str | None = None,
        within: str | None = None,
        by: str = "auto",
        top: int | None = None,
        fdr: float = 0.05,
    ) -> Any:
        """Every unit at ``level`` ranked for ``measure``: an :class:`attain.report.League` with
        the ratio and its interval, the shrunken ratio and its posterior interval, the 95 % rank
        interval, P(top k) / P(bottom k) and the "credibly below / above target" flag under
        Benjamini-Hochberg control. The same as ``attain.report.league(snapshot, ...)``, which
        documents the arguments.

        Examples
        --------
        >>> table = snap.league(level="officer", measure="cases")
        >>> table.to_frame()[["rank", "unit", "shrunk", "rank_low", "rank_high", "flag"]]
        """
        if _league is None:  # pragma: no cover - attain/__init__ registers it
            raise RuntimeError("Snapshot.league needs attain.report; import attain (not attain.snapshot alone)")
        return _league(self, level=level, measure=measure, within=within, by=by, top=top, fdr=fdr)

    def to_frame(self) -> Any:
        """A long :class:`pandas.DataFrame`: one row per (unit, measure).

        Columns: unit, parent, depth, level (None where not declared), measure, form, accepted,
        eligible, done, ratio, target, gap, shortfall, met, exceeded_by (quotas with a target), ratio_prev, change_prev, ratio_year_ago, change_year, rank,
        cases (the case records behind a money ratio from case records), ci_low and ci_high (the
        95 % interval of :meth:`interval`, NaN where none), the pace columns and the children columns. Missing values (no accepted column, no target, no
        rank) are pandas NA.
        """
        pd = require_pandas("Snapshot.to_frame")
        frames = []
        parents = [None if p < 0 else self._units[p] for p in self._tree.parents]
        depths = self._tree.depths
        levels = [level or None for level in self._tree.levels]
        for measure in self.measures:
            form = self._tree.form(measure)
            f = self.arrays(measure)
            has_target = f["has_target"]
            columns: dict[str, Any] = {
                "unit": self.units,
                "parent": parents,
                "depth": depths,
                "level": levels,
                "measure": measure,
                "form": form,
                "accepted": pd.array(_where(f["accepted"] >= 0, f["accepted"]), dtype="Int64"),
            }
            for name in ("eligible", "done", "ratio"):
                columns[name] = f[name]
            columns["target"] = np.where(has_target, f["target"], np.nan)
            columns["gap"] = f["gap"]
            columns["shortfall"] = pd.array(_where(has_target, f["shortfall"]), dtype="Int64")
            columns["met"] = f["met"]
            quota_target = has_target & (form == "quota")
            columns["exceeded_by"] = pd.array(_where(quota_target, f["exceeded_by"]), dtype="Int64")
            for name in ("ratio_prev", "change_prev", "ratio_year_ago", "change_year"):
                columns[name] = f[name]
            columns["rank"] = pd.array(_where(f["rank"] > 0, f["rank"]), dtype="Int64")
            columns["cases"] = pd.array(_where(f["cases"] >= 0, f["cases"]), dtype="Int64")
            columns["ci_low"], columns["ci_high"] = self.interval(measure)
            for name in f:
                if name.startswith(("pace_", "schedule_", "children_")):
                    columns[name] = f[name]
            frames.append(pd.DataFrame(columns))
        return pd.concat(frames, ignore_index=True)

    def _repr_html_(self) -> str | None:
        return None if _html_repr is None else _html_repr(self)

    def __repr__(self) -> str:
        return f"<attain.Snapshot as_of={self.as_of} units={len(self._units)} measures={self.measures}>"
