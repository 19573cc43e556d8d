"""The report's monitoring section: is a unit's monthly completion signal or noise, and did it
change level? It reads the statistics layer (:func:`attain.spc_chart`, :func:`attain.xmr_chart`,
:func:`attain.pettitt`); nothing is computed here but the choice of chart and the words.

The monthly series of a unit is, for each month up to the as-of month, the cases completed in
the month out of the cases open at its start (:func:`attain.period.monthly_completions`, from the
year-to-date panel by the C++ core): a binomial proportion, watched with Laney's p'-chart for a
count measure. A money measure (done amount out of the open amount) is a ratio of sums, not a
proportion: it gets the XmR chart. Quota measures (actual against a fixed plan) have no open
caseload and get no chart. A running rate (a completion measure declared with plan basis
``to_date``: eligible is what came due so far) is watched as each month's done out of that
month's eligible, both monthly flows. When the data start after a fiscal year's first month, their first
month is left out (its year-to-date figure is several months' completions).

Pettitt's test on the same monthly series suggests where to rebase the chart's limits when it
finds a change (p < :data:`CHANGE_ALPHA`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import _core
from .. import _format as fmt
from ..change_points import PettittResult, pettitt
from ..errors import AttainError
from ..panel import Panel
from ..period import monthly_completions, months_elapsed, ytd_to_monthly
from ..snapshot import Snapshot
from ..spc import SpcChart, spc_chart, xmr_chart
from .labels import word

__all__ = ["CHANGE_ALPHA", "MIN_MONTHS", "Monitoring", "monitoring", "monitoring_note", "signal_rows"]

#: The fewest months a unit's chart needs (fewer: no chart, and the note says why).
MIN_MONTHS = 6
#: Pettitt's p-value below which the report suggests rebasing.
CHANGE_ALPHA = 0.05


@dataclass(frozen=True)
class Monitoring:
    """A unit's monthly completion chart for one measure (see :func:`monitoring`)."""

    unit: str
    measure: str
    periods: list[str]
    """the charted months, ``YYYY-MM``."""
    done: np.ndarray
    """completions in each month (monthly flows)."""
    open: np.ndarray
    """cases (or amount) open at the start of each month."""
    chart: SpcChart | None
    """Laney p' (count) or XmR (money); None when there is none (see ``reason``)."""
    change: PettittResult | None
    """Pettitt's test on the monthly ratios (None without a chart)."""
    reason: str = ""
    """why there is no chart: "quota", "short" (fewer than MIN_MONTHS months), "data" (a month
    with nothing open, or a revised-down figure)."""
    basis: str = "open"
    """what a month's ratio is out of: "open" (the cases open at its start: a caseload) or
    "flow" (what came due in the month: a running rate, declared plan basis to_date); ``open``
    then holds the month's eligible flow."""

    @property
    def change_found(self) -> bool:
        """Pettitt finds a change at p < CHANGE_ALPHA."""
        return self.change is not None and float(self.change.p_value) < CHANGE_ALPHA

    @property
    def change_period(self) -> str | None:
        """The first month of the new level, when a change was found."""
        return self.periods[int(self.change.location)] if self.change is not None and self.change_found else None


def monitoring(panel: Panel, snapshot: Snapshot, unit: str, measure: str) -> Monitoring:
    """The monitoring of ``unit``'s ``measure`` over the months up to the snapshot's month."""
    periods = panel.periods
    stop = periods.index(snapshot.as_of) + 1 if snapshot.as_of in periods else len(periods)
    periods = periods[:stop]
    i = panel.index_of(unit)
    totals = panel.totals(measure)
    empty = np.empty(0, dtype=np.int64)

    def none(reason: str, done: np.ndarray = empty, open_: np.ndarray = empty, months: list[str] | None = None) -> Monitoring:
        return Monitoring(unit, measure, months or [], done, open_, None, None, reason)

    if snapshot.unit(unit, measure).form == "quota":
        return none("quota")
    # A running rate (eligible is what came due by now) is watched month by month as the month's
    # done out of the month's eligible; a caseload as the month's done out of what was open.
    basis = "flow" if panel.plan_bases.get(measure) == "to_date" else "open"
    ytd_done, ytd_eligible = totals["done"][i, :stop], totals["eligible"][i, :stop]
    try:
        if basis == "flow":
            start = panel.fiscal_year_start
            done, open_ = ytd_to_monthly(ytd_done, periods, start), ytd_to_monthly(ytd_eligible, periods, start)
        else:
            done, open_ = monthly_completions(ytd_done, ytd_eligible, periods, panel.fiscal_year_start)
    except AttainError:  # months not consecutive, or a figure the core refuses
        return none("data")
    if periods and months_elapsed(periods[0], panel.fiscal_year_start) != 1:
        periods, done, open_ = periods[1:], done[1:], open_[1:]  # several months' completions in one
    if len(periods) < MIN_MONTHS:
        return none("short", done, open_, periods)
    if (open_ <= 0).any() or (done < 0).any() or (done > open_).any():
        return none("data", done, open_, periods)
    if snapshot.kind(measure) == "count":
        chart = spc_chart(done, open_, chart="laney")
        values = chart.value
    else:  # money (or a measure of undeclared kind): a ratio of sums, not a binomial proportion
        values = done / open_
        chart = xmr_chart(values)
    change = pettitt(values)
    return Monitoring(unit, measure, list(periods), done, open_, chart, change, basis=basis)


def monitoring_note(watched: list[Monitoring], lang: str) -> str:
    """The note under the monitoring section: what a month's ratio is, for the bases shown."""
    bases = {w.basis for w in watched if w.chart is not None} or {"open"}
    note = word("monitoring_note", lang) if "open" in bases else word("monitoring_note_rate", lang)
    if bases == {"open", "flow"}:
        note += " " + word("monitoring_note_rate_also", lang)
    return note


def rule_name(rule: str, lang: str) -> str:
    """A run rule's name in words (:attr:`attain.SpcSignal.rule`)."""
    return word(f"rule_{rule}", lang)


def signal_rows(m: Monitoring, lang: str) -> list[list[str]]:
    """One row per rule that fired: the rule in words, the months where it fired, and whether
    the months lie above or below the centre line (header :func:`signal_header`)."""
    if m.chart is None:
        return []
    rows = []
    chart = m.chart
    for s in chart.signals:
        points = s.points.tolist()
        side = np.sign(chart.value[points] - chart.centre[points])
        where = "above_centre" if (side > 0).all() else "below_centre" if (side < 0).all() else "both_sides"
        months = month_ranges([_core.format_month(m.periods[k], lang) for k in points], points)
        rows.append([rule_name(s.rule, lang), months, word(where, lang)])
    return rows


def month_ranges(names: list[str], points: list[int]) -> str:
    """Months as a list, three or more consecutive ones as a range ("October 2020 – June 2021")."""
    out, k = [], 0
    while k < len(points):
        j = k
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        out += [f"{names[k]} – {names[j]}"] if j - k >= 2 else names[k : j + 1]
        k = j + 1
    return ", ".join(out)


def signal_header(lang: str) -> list[str]:
    return [word("signal_rule", lang), word("signal_months", lang), word("signal_side", lang)]


def chart_name(m: Monitoring, lang: str) -> str:
    return word("chart_laney" if m.chart is not None and m.chart.chart == "laney" else "chart_xmr", lang)


def summary_sentence(m: Monitoring, lang: str, label: str | None = None) -> str:
    """One or two sentences: the chart's verdict (signals or only noise) and, when Pettitt finds
    a change, where to rebase."""
    label = label or m.measure
    if m.chart is None:
        return word(f"monitoring_none_{m.reason}", lang, measure=label, n=MIN_MONTHS)
    n = len(m.chart.signals)
    first, last = _core.format_month(m.periods[0], lang), _core.format_month(m.periods[-1], lang)
    if n:
        fired = sorted({k for s in m.chart.signals for k in s.points.tolist()})
        text = word("monitoring_signals", lang, measure=label, first=first, last=last, chart=_capital(chart_name(m, lang)),
                    rules=fmt.whole(n, lang), months=fmt.whole(len(fired), lang))  # fmt: skip
    else:
        text = word("monitoring_noise", lang, measure=label, first=first, last=last, chart=_capital(chart_name(m, lang)))
    if m.change is not None and m.change_found:
        text += " " + change_sentence(m, lang)
    return text


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def change_sentence(m: Monitoring, lang: str) -> str:
    """Where Pettitt's test puts a change, and the suggestion to rebase there (empty when none)."""
    if m.change is None or not m.change_found:
        return ""
    c = m.change
    before, after = float(c.mean_before), float(c.mean_after)
    return word(
        "monitoring_change", lang,
        month=_core.format_month(str(m.change_period), lang),
        before=fmt.percent(before, 1, lang) if math.isfinite(before) else "–",
        after=fmt.percent(after, 1, lang) if math.isfinite(after) else "–",
        p=fmt.number(float(c.p_value), 3, lang),
    )  # fmt: skip


def summary_lines(panel: Panel, snapshot: Snapshot, unit: str) -> list[str]:
    """The CLI summary's lines on ``unit``'s monthly control charts: one per measure where a rule
    fired or Pettitt's test finds a change (none when every chart shows only noise)."""
    lines = []
    for measure in snapshot.measures:
        m = monitoring(panel, snapshot, unit, measure)
        if m.chart is None or not (m.chart.signals or m.change_found):
            continue
        parts = [f"{s.rule} at {month_ranges([m.periods[k] for k in s.points.tolist()], s.points.tolist())}" for s in m.chart.signals]
        if m.change_found and m.change is not None:
            parts.append(f"change from {m.change_period} (Pettitt p = {fmt.number(float(m.change.p_value), 3)}): consider rebasing")
        lines.append(f"  {measure} ({'Laney p′' if m.chart.chart == 'laney' else 'XmR'} chart of the monthly ratio): " + "; ".join(parts))
    return ["", "Signals in the monthly completion:", *lines] if lines else []
