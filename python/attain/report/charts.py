"""Charts (matplotlib, the ``attain[plot]`` extra). Each function takes ``ax=None`` and returns
the Axes it drew on; matplotlib is imported only when a chart is drawn."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import MissingDependencyError
from ..panel import Panel
from ..snapshot import Snapshot


def _pyplot() -> Any:
    try:
        import matplotlib

        if matplotlib.get_backend().lower() not in {"agg", "svg", "pdf"} and not _interactive():
            matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise MissingDependencyError("charts need matplotlib; install it with: pip install 'attain[plot]'") from None
    return plt


def _interactive() -> bool:
    import sys

    return "ipykernel" in sys.modules


def _axes(ax: Any, size: tuple[float, float]) -> Any:
    if ax is not None:
        return ax
    plt = _pyplot()
    _, ax = plt.subplots(figsize=size)
    return ax


def plot_attainment(snapshot: Snapshot, measure: str, unit: str | None = None, ax: Any = None) -> Any:
    """Bars of the ratio of each child of ``unit`` (default: the first root) with each one's
    target as a line; units short of their target in a second colour."""
    unit = unit or snapshot.roots[0]
    children = snapshot.children_of(unit) or [unit]
    statuses = [snapshot.unit(u, measure) for u in children]
    ax = _axes(ax, (8, 0.45 * len(children) + 1.5))
    y = np.arange(len(children))
    ratios = np.array([100 * s.ratio for s in statuses])
    colours = ["#2a9d8f" if s.met else "#e76f51" for s in statuses]
    ax.barh(y, ratios, color=colours)
    for i, s in enumerate(statuses):
        if s.target is not None:
            ax.plot([100 * s.target] * 2, [i - 0.45, i + 0.45], color="black", linewidth=2)
    ax.set_yticks(y, children)
    ax.invert_yaxis()
    ax.set_xlabel(f"{measure}: completion ratio (%), target as a black line")
    ax.set_title(f"{unit} — {measure}, as of {snapshot.as_of}")
    ax.set_xlim(0, 100)
    return ax


def plot_trajectory(
    panel: Panel, unit: str, measure: str, ax: Any = None, projection: dict[str, Any] | None = None
) -> Any:
    """The unit's year-to-date ratio month by month with its target line. ``projection``
    (optional: :meth:`attain.YearEndProjection.for_chart`, or any mapping with arrays ``periods``
    and ``ratio``, optionally ``low`` / ``high`` and the ``as_of`` month it starts from) is drawn
    as a dotted continuation with its prediction band; the history stops at ``as_of``."""
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
    ax.plot(x, ratio, marker="o", color="#264653", label="completion ratio")
    target = totals["target"][i]
    if not np.isnan(target).all():
        ax.step(x, 100 * target, where="mid", color="#e76f51", linestyle="--", label="target")
    labels = list(periods)
    if projection is not None:
        px = np.arange(len(periods), len(periods) + len(projection["periods"]))
        ax.plot(np.r_[x[-1], px], np.r_[ratio[-1], 100 * np.asarray(projection["ratio"])], linestyle=":", color="#264653", label="projection")
        if "low" in projection and "high" in projection:
            ax.fill_between(px, 100 * np.asarray(projection["low"]), 100 * np.asarray(projection["high"]), alpha=0.2, color="#264653")
        labels += list(projection["periods"])
        ax.set_xlim(-0.5, len(labels) - 0.5)
        if not np.isnan(target[-1]):  # the year's target runs to its end
            ax.hlines(100 * target[-1], x[-1], px[-1], colors="#e76f51", linestyles="--")
    ax.set_xticks(np.arange(len(labels)), labels, rotation=45, ha="right")
    ax.set_ylabel(f"{measure}: completion ratio (%)")
    ax.set_title(f"{unit} — {measure}")
    ax.legend(loc="upper left")
    return ax


def plot_funnel(funnel: Any, ax: Any = None, labels: list[str] | None = None) -> Any:
    """A funnel plot from :func:`attain.funnel_limits`'s result: each unit's ratio against its
    denominator, the centre line and the limit curves per level."""
    ax = _axes(ax, (8, 5))
    curves = funnel.curves()
    ax.axhline(100 * float(np.nanmean(np.atleast_1d(funnel.centre))), color="black", linewidth=1, label="centre")
    styles = ["--", ":", "-."]
    for k, level in enumerate(curves.levels):
        ax.plot(curves.denominators, 100 * curves.lower[k], linestyle=styles[k % 3], color="#264653", label=f"{100 * level:g}% limits")
        ax.plot(curves.denominators, 100 * curves.upper[k], linestyle=styles[k % 3], color="#264653")
    # Colour by the widest level: outside it is the strongest signal.
    flags = np.asarray(funnel.flags)[:, -1] if np.ndim(funnel.flags) > 1 else np.asarray(funnel.flags)
    colours = np.where(flags > 0, "#2a9d8f", np.where(flags < 0, "#e76f51", "#8d99ae"))
    ax.scatter(funnel.eligible, 100 * np.asarray(funnel.ratio), c=colours, zorder=3)
    if labels is not None:
        for x, yv, name in zip(funnel.eligible, 100 * np.asarray(funnel.ratio), labels):
            ax.annotate(name, (x, yv), fontsize=7, xytext=(3, 3), textcoords="offset points")
    ax.set_xlabel("eligible (denominator)")
    ax.set_ylabel("completion ratio (%)")
    ax.legend(loc="lower right")
    return ax
