"""attain: completion ratios, gaps to targets, trends and reports for people who track
performance against assigned targets.

The numerical core is C++ (``attain._core``); this package is a thin layer that checks
input at the boundary and returns light result objects, numpy arrays and DataFrames.
"""

from __future__ import annotations

from typing import Any

try:
    from . import _core  # noqa: F401  (fail early, with a helpful message)
except ImportError as exc:  # pragma: no cover - only when the package was not built
    raise ImportError(
        "attain's compiled module attain._core is missing: install the package with "
        "`pip install .` (or build in-tree with cmake -DATTAIN_BUILD_PYTHON=ON and use "
        f"PYTHONPATH=python). Original error: {exc}"
    ) from exc

from . import snapshot as _snapshot_module
from ._data import example_data_path
from .cases import from_cases, from_form
from .change_points import (
    PettittResult,
    RegressionCoefficient,
    SegmentedRegression,
    SnhtResult,
    pettitt,
    segmented_regression,
    snht,
)
from .errors import (
    AttainError,
    DuplicateKeyError,
    HierarchyError,
    InputTypeError,
    InvalidInputError,
    LengthMismatchError,
    MissingDependencyError,
    TallyOverflowError,
    UnknownKeyError,
)
from .inference import (
    CochranArmitageResult,
    ControlChartResult,
    FunnelCurves,
    FunnelResult,
    ProportionCI,
    ProportionDifference,
    RatioInterval,
    cochran_armitage,
    control_chart,
    funnel_curves,
    funnel_limits,
    proportion_ci,
    proportion_difference,
    ratio_of_sums_interval,
)
from .panel import Panel
from .period import (
    fiscal_year,
    format_period,
    monthly_to_ytd,
    months_elapsed,
    months_remaining,
    period_ordinal,
    ytd_to_monthly,
)
from .projection import ProjectedPath, YearEndProjection, meet_probability, project_year_end
from .ratio import GapResult, PaceResult, ScheduleResult, completion_ratio, pace, schedule, target_gap
from .rollup import Tallies, rollup, rollup_chunks
from .schemes import StatusScheme
from .shrinkage import (
    BetaPrior,
    RankIntervals,
    ShrinkageResult,
    TargetFlags,
    benjamini_hochberg,
    beta_binomial_shrinkage,
    posterior_ranks,
    rank_intervals,
    target_flags,
)
from .snapshot import ChildrenSummary, Snapshot, UnitAtRisk, UnitStatus
from .spc import SpcChart, SpcPhases, SpcSignal, anhoej_limits, spc_chart, xmr_chart
from .trend import (
    KendallTauResult,
    LinearTrendResult,
    MannKendallResult,
    SiegelResult,
    TheilSenResult,
    kendall_tau,
    linear_trend,
    mann_kendall,
    seasonal_mann_kendall,
    siegel_slopes,
    theil_sen,
)


def _snapshot_html(snapshot: Snapshot) -> str:
    # The report layer draws a snapshot in a notebook; the model registers nothing and imports
    # no report module, so the report layer is imported here, on first use.
    from .report.html import snapshot_html

    return snapshot_html(snapshot)


_snapshot_module.set_html_repr(_snapshot_html)


def _snapshot_league(snapshot: Snapshot, **options: Any) -> Any:
    # Snapshot.league delegates to the report layer's league table, imported on first use.
    from .report.league import league

    return league(snapshot, **options)


_snapshot_module.set_league(_snapshot_league)

__version__ = "0.1.0"

__all__ = [
    "AttainError",
    "ChildrenSummary",
    "CochranArmitageResult",
    "ControlChartResult",
    "DuplicateKeyError",
    "FunnelCurves",
    "FunnelResult",
    "GapResult",
    "HierarchyError",
    "InputTypeError",
    "InvalidInputError",
    "KendallTauResult",
    "LengthMismatchError",
    "LinearTrendResult",
    "MannKendallResult",
    "MissingDependencyError",
    "PaceResult",
    "Panel",
    "ProjectedPath",
    "ProportionCI",
    "ProportionDifference",
    "RatioInterval",
    "ScheduleResult",
    "SiegelResult",
    "Snapshot",
    "StatusScheme",
    "Tallies",
    "TallyOverflowError",
    "TheilSenResult",
    "UnitStatus",
    "UnknownKeyError",
    "YearEndProjection",
    "cochran_armitage",
    "completion_ratio",
    "control_chart",
    "example_data_path",
    "fiscal_year",
    "from_cases",
    "from_form",
    "format_period",
    "funnel_curves",
    "funnel_limits",
    "kendall_tau",
    "linear_trend",
    "mann_kendall",
    "monthly_to_ytd",
    "months_elapsed",
    "months_remaining",
    "pace",
    "period_ordinal",
    "project_year_end",
    "proportion_ci",
    "proportion_difference",
    "ratio_of_sums_interval",
    "rollup",
    "rollup_chunks",
    "schedule",
    "seasonal_mann_kendall",
    "siegel_slopes",
    "target_gap",
    "theil_sen",
    "ytd_to_monthly",
]

# Issue 14's statistics (monitoring over months, rankings).
__all__ += [
    "SpcChart",
    "SpcPhases",
    "SpcSignal",
    "anhoej_limits",
    "spc_chart",
    "xmr_chart",
    "PettittResult",
    "RegressionCoefficient",
    "SegmentedRegression",
    "pettitt",
    "segmented_regression",
    "SnhtResult",
    "snht",
    "BetaPrior",
    "ShrinkageResult",
    "benjamini_hochberg",
    "beta_binomial_shrinkage",
    "RankIntervals",
    "TargetFlags",
    "posterior_ranks",
    "rank_intervals",
    "target_flags",
]
# Issue 14 section 1: will the target be met?
__all__ += ["UnitAtRisk", "meet_probability"]
