"""Charts (matplotlib, the ``attain[plot]`` extra). Each function takes ``ax=None`` and returns
the Axes it drew on; matplotlib is imported only when a chart is drawn.

Every chart has a title, a key and value labels in the language asked for (``lang``); keys sit
outside the axes (they cover no point) and labels are placed so that they do not overlap. Without
``ax``, a chart is drawn through pyplot with whatever backend matplotlib chose, so that a notebook
shows it inline; the HTML report draws on figures of its own and never touches the backend.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _core
from .. import _format as fmt
from ..errors import MissingDependencyError
from ..panel import Panel
from ..snapshot import Snapshot
from .labels import word

#: Colours by status: met, short, no target (neutral), and the ink of lines.
COLOURS = {"met": "#2a9d8f", "short": "#e76f51", "none": "#a8b2bd"}
INK = "#264653"
#: The most bars an attainment chart draws (the highest and lowest half each beyond it).
MAX_BARS = 40
#: The most points a funnel names (the furthest outside its limits).
MAX_LABELS = 12
#: Above this many points a funnel's dots are drawn as one raster image inside the SVG.
RASTER_POINTS = 2000
#: The longest unit name shown on an axis (longer ones end in "…").
MAX_NAME = 38


def _pyplot() -> Any:
    """pyplot, leaving the backend to matplotlib (which falls back to Agg without a display):
    forcing Agg would stop a notebook from showing charts inline."""
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise MissingDependencyError("charts need matplotlib; install it with: pip install 'attain[plot]'") from None
    return plt


def figure(size: tuple[float, float]) -> Any:
    """A figure outside pyplot (no backend, nothing kept open): what the HTML report draws on."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingDependencyError("charts need matplotlib; install it with: pip install 'attain[plot]'") from None
    return Figure(figsize=size).add_subplot()


def _plain(text: Any) -> str:
    """Text as matplotlib shows it literally: a unit named "$x$" must not be parsed as mathtext
    (an unbalanced or invalid formula raises)."""
    return str(text).replace("$", r"\$")


def _name(text: Any) -> str:
    text = str(text)
    return _plain(text if len(text) <= MAX_NAME else text[: MAX_NAME - 1] + "…")


def _axes(ax: Any, size: tuple[float, float]) -> Any:
    if ax is not None:
        return ax
    _, ax = _pyplot().subplots(figsize=size)
    return ax


def _pct(x: float, lang: str, places: int = 1) -> str:
    return fmt.number(100 * x, places, lang) + "%"


def _key_below(ax: Any, handles: list[Any], columns: int = 4) -> None:
    """The key under the axes (below the tick labels and the axis title), where it covers no point."""
    if handles:
        height = max(ax.figure.get_figheight() * ax.get_position().height, 0.5)  # inches
        below = 0.62 / height  # the tick labels and the axis title take about 0.6 inch
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -below), ncol=min(columns, len(handles)),
                  frameon=False, fontsize=8)  # fmt: skip


def plot_attainment(
    snapshot: Snapshot, measure: str, unit: str | None = None, ax: Any = None, lang: str = "en", max_bars: int = MAX_BARS
) -> Any:
    """Bars of the ratio of each child of ``unit`` (default: the first root), with its 95 %
    interval (the snapshot's: Wilson for count measures, the ratio-of-sums linearisation for
    money from case records; none otherwise), its target as a black tick and its value written at its end.
    Colours: met, short, and a neutral grey for a unit whose measure has no target. The ratio
    axis is fitted to the data (a quota attained beyond 100 % is not cut off). More than
    ``max_bars`` children: the highest and the lowest ``max_bars / 2`` are drawn."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    unit = unit or snapshot.roots[0]
    i = snapshot.index_of(unit)
    index = np.asarray(snapshot.core.panel.children(i), dtype=np.intp)
    if not len(index):
        index = np.array([i], dtype=np.intp)
    names_all = snapshot.units
    children = [names_all[k] for k in index.tolist()]
    col = {k: snapshot.column(measure, k)[index] for k in ("ratio", "has_target", "target", "met")}
    low, high = (a[index] for a in snapshot.interval(measure))
    n = len(children)
    pick = np.arange(n)
    from .tables import measure_info

    info = measure_info(snapshot)[measure]
    label = info.label(measure, lang)
    title = word("title_attainment", lang, unit=unit, measure=label, as_of=_core.format_month(snapshot.as_of, lang))
    if n > max_bars:  # the highest and the lowest, best first
        by_ratio = np.argsort(-np.nan_to_num(col["ratio"], nan=-np.inf), kind="stable")
        half = max(max_bars // 2, 1)
        pick = np.r_[by_ratio[:half], by_ratio[-half:]]
        title += "\n" + word("bars_cut", lang, shown=len(pick), n=fmt.whole(n, lang))
    names = [children[k] for k in pick.tolist()]
    ratio, target = np.nan_to_num(col["ratio"][pick]), col["target"][pick]
    has_target, met = col["has_target"][pick], col["met"][pick]
    status = np.where(~has_target, "none", np.where(met, "met", "short"))
    ax = _axes(ax, (8, 0.32 * len(pick) + 1.9))
    y = np.arange(len(pick))
    ax.barh(y, 100 * ratio, color=[COLOURS[s] for s in status], height=0.7)
    lo, hi = low[pick], high[pick]
    with_ci = ~np.isnan(lo)
    if with_ci.any():
        ax.errorbar(100 * ratio[with_ci], y[with_ci], xerr=[100 * (ratio - lo)[with_ci], 100 * (hi - ratio)[with_ci]],
                    fmt="none", ecolor=INK, elinewidth=0.8, capsize=2)  # fmt: skip
    for i in np.flatnonzero(has_target).tolist():
        ax.plot([100 * target[i]] * 2, [i - 0.45, i + 0.45], color="black", linewidth=2)
    right = np.nanmax(np.r_[ratio, np.where(with_ci, hi, ratio), np.where(has_target, target, 0), 0.01])
    ax.set_xlim(0, 100 * right * 1.16)
    ends = 100 * np.maximum(np.where(with_ci, hi, ratio), ratio)
    # A value label that would sit on its target tick goes just past the tick instead.
    per_inch = 100 * right * 1.16 / max(ax.figure.get_figwidth() * ax.get_position().width, 1.0)
    for i in range(len(pick)):
        text = _pct(ratio[i], lang)
        at = ends[i]
        width = (len(text) * 7 * 0.62 + 6) / 72 * per_inch
        if has_target[i] and at - 0.2 * per_inch / 10 < 100 * target[i] < at + width:
            at = max(at, 100 * target[i])
        ax.annotate(text, (at, i), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize=7, color=INK, zorder=4,
                    bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})  # fmt: skip
    ax.set_yticks(y, [_name(u) for u in names], fontsize=8)
    ax.set_ylim(len(pick) - 0.5, -0.5)
    ax.set_xlabel(_plain(word("axis_attainment" if info.quota else "axis_ratio", lang, measure=label)))
    ax.set_title(_plain(title), fontsize=10)
    key: list[Any] = [Patch(color=COLOURS[s], label=word(f"status_{s}", lang)) for s in ("met", "short", "none") if (status == s).any()]
    if has_target.any():
        key.append(Line2D([], [], color="black", linewidth=2, label=word("target_line", lang)))
    _key_below(ax, key)
    return ax


def plot_trajectory(
    panel: Panel,
    unit: str,
    measure: str,
    ax: Any = None,
    projection: dict[str, Any] | None = None,
    lang: str = "en",
    label: str | None = None,
) -> Any:
    """The unit's year-to-date ratio month by month with its target line. ``projection``
    (optional: :meth:`attain.YearEndProjection.for_chart`, or any mapping with arrays ``periods``
    and ``ratio``, optionally ``low`` / ``high`` and the ``as_of`` month it starts from) is drawn
    as a dotted continuation with its prediction band; the history stops at ``as_of``. The last
    month's ratio and the projected year end are written on the chart; the key is beside it.
    ``label`` names the measure in the titles (default: its name)."""
    label = label or measure
    totals = panel.totals(measure)
    i = panel.index_of(unit)
    ratio = 100 * totals["ratio"][i]
    periods = panel.periods
    if projection is not None and projection.get("as_of") in periods:
        stop = periods.index(projection["as_of"]) + 1
        periods, ratio = periods[:stop], ratio[:stop]
        totals = {k: v[:, :stop] for k, v in totals.items()}
    ax = _axes(ax, (8, 4))
    x = np.arange(len(periods))
    ax.plot(x, ratio, marker="o", color=INK, label=word("series_ratio", lang))
    target = totals["target"][i]
    if not np.isnan(target).all():
        ax.step(x, 100 * target, where="mid", color=COLOURS["short"], linestyle="--", label=word("target_line", lang))
    labels = list(periods)
    if len(x) and not np.isnan(ratio[-1]):
        ax.annotate(fmt.number(ratio[-1], 1, lang) + "%", (x[-1], ratio[-1]), xytext=(0, 7), textcoords="offset points",
                    ha="center", fontsize=8, color=INK)  # fmt: skip
    if projection is not None:
        px = np.arange(len(periods), len(periods) + len(projection["periods"]))
        end = 100 * np.asarray(projection["ratio"], dtype=float)
        ax.plot(np.r_[x[-1], px], np.r_[ratio[-1], end], linestyle=":", color=INK, label=word("series_projection", lang))
        if "low" in projection and "high" in projection:
            ax.fill_between(px, 100 * np.asarray(projection["low"]), 100 * np.asarray(projection["high"]), alpha=0.2,
                            color=INK, label=word("series_band", lang))  # fmt: skip
        if len(end) and not np.isnan(end[-1]):
            ax.annotate(fmt.number(end[-1], 1, lang) + "%", (px[-1], end[-1]), xytext=(0, 7), textcoords="offset points",
                        ha="center", fontsize=8, color=INK)  # fmt: skip
        labels += list(projection["periods"])
        ax.set_xlim(-0.5, len(labels) - 0.5)
        if not np.isnan(target[-1]):  # the year's target runs to its end
            ax.hlines(100 * target[-1], x[-1], px[-1], colors=COLOURS["short"], linestyles="--")
    ax.set_xticks(np.arange(len(labels)), [_plain(x) for x in labels], rotation=45, ha="right", fontsize=8)
    ax.set_ylabel(_plain(word("axis_ratio", lang, measure=label)))
    ax.set_title(_plain(word("title_trajectory", lang, unit=unit, measure=label)), fontsize=10)
    lo, hi = ax.get_ylim()
    ax.set_ylim(lo, hi + 0.08 * (hi - lo))  # room for the value labels above the points
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    return ax


def spread(positions: Any, gap: float, low: float = 0.0, high: float = 1.0) -> np.ndarray:
    """Positions moved apart as little as needed so that neighbours are at least ``gap`` apart,
    kept within [low, high] when they fit (labels in a column: deterministic, never overlapping)."""
    p = np.asarray(positions, dtype=float)
    order = np.argsort(p, kind="stable")
    out = p[order].copy()
    for k in range(1, len(out)):
        out[k] = max(out[k], out[k - 1] + gap)
    if len(out) and out[-1] > high:  # push back down from the top, then up from the bottom
        out[-1] = high
        for k in range(len(out) - 2, -1, -1):
            out[k] = min(out[k], out[k + 1] - gap)
        if out[0] < low:
            out[0] = low
            for k in range(1, len(out)):
                out[k] = max(out[k], out[k - 1] + gap)
    result = np.empty_like(out)
    result[order] = out
    return result


def plot_funnel(
    funnel: Any,
    ax: Any = None,
    labels: list[str] | None = None,
    lang: str = "en",
    title: str | None = None,
    max_labels: int = MAX_LABELS,
) -> Any:
    """A funnel plot from :func:`attain.funnel_limits`'s result: each unit's ratio against its
    denominator, the centre line and the limit curves per level. With ``labels`` (one name per
    point), the points outside the widest limits are named (at most ``max_labels``, the furthest
    out; every point when there are no more than that), in a column to the right of the axes
    with a leader line to each: the names never overlap and cover no point. The key is under
    the axes."""
    from matplotlib.lines import Line2D

    ax = _axes(ax, (8, 5))
    curves = funnel.curves()
    ratio = 100 * np.asarray(funnel.ratio, dtype=float)
    eligible = np.asarray(funnel.eligible, dtype=float)
    ax.axhline(100 * float(np.nanmean(np.atleast_1d(funnel.centre))), color="black", linewidth=1, label=word("centre", lang))
    styles = ["--", ":", "-."]
    for k, level in enumerate(curves.levels):
        ax.plot(curves.denominators, 100 * curves.lower[k], linestyle=styles[k % 3], color=INK,
                label=word("limits", lang, level=f"{100 * level:g}"))  # fmt: skip
        ax.plot(curves.denominators, 100 * curves.upper[k], linestyle=styles[k % 3], color=INK)
    # Colour by the widest level: outside it is the strongest signal.
    flags = np.asarray(funnel.flags)[:, -1] if np.ndim(funnel.flags) > 1 else np.asarray(funnel.flags)
    status = np.where(flags > 0, "met", np.where(flags < 0, "short", "none"))
    many = len(ratio) > RASTER_POINTS
    for s in ("none", "short", "met"):  # one collection per colour: a colour per point is slow for 100,000
        keep = status == s
        if keep.any():
            ax.scatter(eligible[keep], ratio[keep], color=COLOURS[s], s=6 if many else 24, linewidths=0, zorder=3,
                       rasterized=many)  # fmt: skip
    # Fit the view to the points and to the limits where most points are (at the 10th percentile of
    # their denominators), so that the funnel shows even when every point sits inside it; not to the
    # limits at the smallest denominators, which run off to 0 and 100 %.
    low, high = np.nanmin(ratio), np.nanmax(ratio)
    if len(curves.denominators) and np.isfinite(eligible).any():
        at = float(np.nanpercentile(eligible, 10))
        low = min(low, min(100 * np.interp(at, curves.denominators, curve) for curve in curves.lower))
        high = max(high, max(100 * np.interp(at, curves.denominators, curve) for curve in curves.upper))
    spread_y = max(high - low, 1.0)
    ax.set_ylim(max(low - 0.08 * spread_y, -2.0), min(high + 0.08 * spread_y, 102.0))
    ax.set_xlim(0, 1.05 * np.nanmax(eligible))
    if labels is not None and len(labels):
        if len(ratio) <= max_labels:
            named = np.arange(len(ratio))
        else:
            centre = np.broadcast_to(np.asarray(funnel.centre, dtype=float), ratio.shape)
            distance = np.abs(ratio / 100 - centre) * np.sqrt(eligible)  # furthest out in standard errors
            outside = np.flatnonzero(flags != 0)
            named = outside[np.argsort(-distance[outside], kind="stable")][:max_labels]
        _label_column(ax, eligible[named], ratio[named], [labels[k] for k in named.tolist()])
    ax.set_xlabel(word("axis_eligible", lang))
    ax.set_ylabel(word("axis_ratio_plain", lang))
    if title:
        ax.set_title(_plain(title), fontsize=10)
    handles, _ = ax.get_legend_handles_labels()
    for s_, key in (("met", "above"), ("short", "below"), ("none", "within")):
        if (status == s_).any():
            handles.append(Line2D([], [], marker="o", linestyle="", color=COLOURS[s_], label=word(key, lang)))
    _key_below(ax, handles)
    return ax


def _label_column(ax: Any, x: np.ndarray, y: np.ndarray, names: list[str]) -> None:
    """Names in a column right of the axes, spread so that none overlaps, each with a leader line."""
    if not len(names):
        return
    y0, y1 = ax.get_ylim()
    fractions = (y - y0) / (y1 - y0)
    height = ax.figure.get_figheight() * ax.get_position().height  # inches
    gap = (7 * 1.5 / 72) / max(height, 0.5)  # one 7-point line and a half
    placed = spread(fractions, gap, 0.0, 1.0)
    for xi, yi, name, at in zip(x, y, names, placed):
        ax.annotate(_name(name), (xi, yi), xytext=(1.03, at), textcoords="axes fraction", va="center", fontsize=7,
                    arrowprops={"arrowstyle": "-", "color": "#8d99ae", "linewidth": 0.6}, annotation_clip=False)  # fmt: skip


def plot_spc(monitoring: Any, ax: Any = None, lang: str = "en", label: str | None = None) -> Any:
    """A unit's monthly control chart (:func:`attain.report.monitoring.monitoring`): the monthly
    ratio, the centre line and the control limits per phase, the months where a rule fired
    marked and numbered by rule (the key names the rules), and Pettitt's change point as a
    vertical line when the test finds one. ``label`` names the measure (default: its name)."""
    from matplotlib.lines import Line2D

    from .monitoring import chart_name, rule_name

    chart = monitoring.chart
    label = label or monitoring.measure
    ax = _axes(ax, (8, 4.2))
    if chart is None:
        return ax
    x = np.arange(len(monitoring.periods))
    value = 100 * chart.value
    ax.plot(x, value, marker="o", markersize=4, color=INK, label=word("series_month_ratio", lang), zorder=3)
    for k in range(len(chart.phases.first)):  # each phase's own centre and limits, as steps
        a, b = int(chart.phases.first[k]), int(chart.phases.last[k])
        xs = np.arange(a, b)
        first = k == 0
        ax.step(xs, 100 * chart.centre[a:b], where="mid", color="black", linewidth=1,
                label=word("centre_line", lang) if first else None)  # fmt: skip
        for limit in (chart.lower, chart.upper):
            ax.step(xs, 100 * limit[a:b], where="mid", color=COLOURS["short"], linestyle="--", linewidth=1,
                    label=word("control_limits", lang, k=f"{chart.sigmas:g}") if first and limit is chart.upper else None)  # fmt: skip
    rules = list(dict.fromkeys(s.rule for s in chart.signals))  # in the order they were reported
    numbers: dict[int, list[int]] = {}
    for s in chart.signals:
        for i in s.points.tolist():
            n = rules.index(s.rule) + 1
            if n not in numbers.setdefault(i, []):
                numbers[i].append(n)
    if numbers:
        at = np.array(sorted(numbers))
        ax.scatter(at, value[at], s=70, facecolors="none", edgecolors=COLOURS["short"], linewidths=1.6, zorder=4)
        for i in at.tolist():
            # Above the point, unless the line mostly rises away from it (its neighbours' mean is
            # higher): then below, where the number sits on neither segment of the line.
            neighbours = np.delete(value[max(i - 1, 0) : i + 2], min(i, 1))
            below = len(neighbours) > 0 and float(np.mean(neighbours)) > value[i]
            ax.annotate(",".join(str(n) for n in sorted(numbers[i])), (i, value[i]), xytext=(0, -8 if below else 8),
                        textcoords="offset points", ha="center", va="top" if below else "bottom", fontsize=7,
                        color=COLOURS["short"], fontweight="bold")  # fmt: skip
    if monitoring.change_found:
        ax.axvline(int(monitoring.change.location) - 0.5, color="#6c7a86", linestyle=":", linewidth=1.2,
                   label=word("change_line", lang))  # fmt: skip
    ax.set_xticks(x, [_plain(p) for p in monitoring.periods], rotation=45, ha="right", fontsize=8)
    ax.set_xlim(-0.5, len(x) - 0.5)
    axis = "axis_month_flow_share" if monitoring.basis == "flow" else "axis_month_share"
    ax.set_ylabel(_plain(word(axis, lang, measure=label)), fontsize=8)
    ax.set_title(_plain(word("title_spc", lang, unit=monitoring.unit, measure=label, chart=chart_name(monitoring, lang))), fontsize=10)
    finite = np.r_[value, 100 * chart.lower, 100 * chart.upper]
    finite = finite[np.isfinite(finite)]
    lo, hi = float(finite.min()), float(finite.max())
    pad = 0.1 * max(hi - lo, 1.0)
    ax.set_ylim(max(lo - pad, 0.0), hi + 1.5 * pad)  # room for the rule numbers above the points
    handles, _ = ax.get_legend_handles_labels()
    if numbers:
        handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="none", markeredgecolor=COLOURS["short"],
                              label=word("signal_point", lang)))  # fmt: skip
        handles += [Line2D([], [], linestyle="", label=f"{n}: {rule_name(r, lang)}") for n, r in enumerate(rules, 1)]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    return ax
