"""League tables: every unit at one level of the tree (all officers, all reps...) ranked.

Each row carries the unit's ratio with its 95 % interval (the snapshot's: Wilson for the
measures declared counts, the ratio-of-sums linearisation for money from case records, which
the note names; money from tallies and quota measures have none) and, for count measures, the
empirical-Bayes shrunken ratio (:func:`attain.beta_binomial_shrinkage`) with its posterior
interval, the 95 % interval of its rank and the probabilities that it is in the top or the
bottom k (:func:`attain.rank_intervals`), and a flag "credibly below target" / "credibly above
target" under Benjamini-Hochberg control (:func:`attain.target_flags`). A league of count
measures is ranked by the shrunken ratio, so that a unit with 2 of 2 done is not crowned, nor
one with 0 of 1 shamed, for noise; other measures by the ratio. The report layer computes no
statistic: the intervals come from the snapshot, the shrinkage, ranks and flags from
:mod:`attain.shrinkage`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._convert import require_pandas
from ..errors import InvalidInputError, UnknownKeyError
from ..shrinkage import BetaPrior, beta_binomial_shrinkage, rank_intervals, target_flags
from ..snapshot import Snapshot

#: The columns of a league row.
LEAGUE_COLUMNS = (
    "rank", "unit", "parent", "level", "done", "eligible", "ratio", "ci_low", "ci_high",
    "shrunk", "shrunk_low", "shrunk_high", "target", "met",
    "rank_low", "rank_high", "p_top", "p_bottom", "flag",
)  # fmt: skip

#: The draws of the rank simulation and its seed (a league is the same every time it is made):
#: 400 draws take about 0.3 s of CPU for a league of 10,000 units, with a Monte Carlo standard
#: error of at most 0.025 on P(top k).
RANK_DRAWS, RANK_SEED = 400, 14
#: Above this many ranked units a league has no rank intervals (their simulation grows with
#: units x draws: about 1.5 s of CPU at 50,000 units, 3 s at 100,000, where the HTML report
#: would pass 6 s); the shrunken ratios and their intervals remain.
RANK_UNITS_MAX = 50_000


@dataclass(frozen=True)
class League:
    """A ranked table of the units at one level for one measure (see :func:`league`). The
    columns are held as arrays, best first; :attr:`rows` (dicts) are built when asked for, and
    :meth:`rows_at` builds only the rows shown (the report shows the top and the bottom)."""

    measure: str
    level: str | int
    """the declared level name, or a depth (0 = the roots) when levels are not declared."""
    ranked_by: str
    """"shrunk" (the shrunken ratio) or "ratio"."""
    columns: dict[str, Any]
    """:data:`LEAGUE_COLUMNS` -> array (or list), best first."""
    prior: BetaPrior | None = None
    """the fitted prior of the shrinkage (None when not shrunk)."""
    within: str | None = None
    notes: list[str] = field(default_factory=list)
    top: int | None = None
    """k of the ``p_top`` / ``p_bottom`` columns (None when there are no rank intervals)."""
    fdr: float = 0.05
    """the false discovery rate of the ``flag`` column."""

    def __len__(self) -> int:
        return len(self.columns["unit"])

    def rows_at(self, positions: Sequence[int]) -> list[dict[str, Any]]:
        """The rows at these positions of the ranking (0 = the best), as dicts; None where a
        figure is not defined (no ratio when nothing is eligible, no target, no interval)."""
        c = self.columns
        out = []
        for k in positions:
            rank = int(c["rank"][k])
            out.append({
                "rank": rank or None, "unit": c["unit"][k], "parent": c["parent"][k], "level": c["level"][k],
                "done": int(c["done"][k]), "eligible": int(c["eligible"][k]),
                **{name: _num(c[name][k]) for name in ("ratio", "ci_low", "ci_high", "shrunk", "shrunk_low", "shrunk_high")},
                "target": _num(c["target"][k]), "met": bool(c["met"][k]),
                "rank_low": int(c["rank_low"][k]) or None, "rank_high": int(c["rank_high"][k]) or None,
                "p_top": _num(c["p_top"][k]), "p_bottom": _num(c["p_bottom"][k]), "flag": c["flag"][k],
            })  # fmt: skip
        return out

    @property
    def rows(self) -> list[dict[str, Any]]:
        """Every row, best first; units with nothing eligible (no ratio) last, unranked (rank None)."""
        return self.rows_at(range(len(self)))

    def to_frame(self) -> Any:
        """The rows as a :class:`pandas.DataFrame` (columns :data:`LEAGUE_COLUMNS`)."""
        pd = require_pandas("League.to_frame")
        return pd.DataFrame(self.rows, columns=list(LEAGUE_COLUMNS))

    def __repr__(self) -> str:
        """The table as a person reads it (English, the top and the bottom ten when long); the
        figures themselves are in :attr:`columns`, :attr:`rows` and :meth:`to_frame`."""
        header, cells, _, cut = formatted_league(self, "en", None, REPR_ROWS)
        widths = [max(len(h), *(len(row[k]) for row in cells)) if cells else len(h) for k, h in enumerate(header)]
        left = {0, 1, 2, *(k for k, h in enumerate(header) if h.startswith("flag"))}  # words left, figures right

        def line(row: Sequence[str]) -> str:
            return "  ".join(c.ljust(w) if k in left else c.rjust(w) for k, (c, w) in enumerate(zip(row, widths))).rstrip()

        lines = [f"League of {len(self)} units, level {self.level}: {self.measure}, ranked by {self.ranked_by}", line(header)]
        for k, row in enumerate(cells):
            if cut and k == len(cells) // 2:
                lines.append(f"... {cut} more units ...")
            lines.append(line(row))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """The table as the HTML report shows it (registered by :mod:`attain.report.html`, which the
        report package imports: this part of the report layer does not import the documents above it)."""
        return _html_repr(self) if _html_repr is not None else "<pre>" + _escape(repr(self)) + "</pre>"


#: Rows a league's repr shows: the top and the bottom half each.
REPR_ROWS = 20
_html_repr: Any = None


def set_html_repr(render: Any) -> None:
    """Registers how a league shows itself in a notebook (:mod:`attain.report.html` registers its
    league table)."""
    global _html_repr
    _html_repr = render


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def unit_levels(snapshot: Snapshot) -> list[str] | None:
    """Every unit's declared level ("" where not declared), or None when no unit declares one."""
    tree = snapshot.core.panel
    levels = getattr(tree, "levels", None)
    if levels is None:
        return None
    levels = list(levels() if callable(levels) else levels)
    return levels if any(levels) else None


def lowest_level(levels: Sequence[str], depths: Any, keep: Any) -> str | None:
    """The lowest declared level among the kept units: the level of the deepest unit that
    declares one (officers below branches, reps below regions); among levels declared at that
    depth, the one of the most units (then the first by name). None when no kept unit declares one."""
    at: dict[str, int] = {}
    deepest = -1
    for i, name in enumerate(levels):
        if not name or not keep[i]:
            continue
        d = int(depths[i])
        if d > deepest:
            deepest, at = d, {}
        if d == deepest:
            at[name] = at.get(name, 0) + 1
    if not at:
        return None
    return min(at, key=lambda name: (-at[name], name))


def units_at(snapshot: Snapshot, level: str | int | None = None, within: str | None = None) -> tuple[list[int], str | int]:
    """The indices of the units at ``level`` (a declared level name, or a depth: 0 = the roots,
    also given as a digit string) under ``within`` (a unit; default: the whole tree), and the
    level as resolved. Default level: the lowest declared level under ``within`` (see
    :func:`lowest_level`), else (no unit there declares one) the deepest depth."""
    tree = snapshot.core.panel
    depths = np.asarray(tree.depths)
    levels = unit_levels(snapshot)
    if within is not None and not (snapshot.parent_of(within) is None and len(tree.roots) == 1):
        keep = np.zeros(len(depths), dtype=bool)
        stack = [snapshot.index_of(within)]
        while stack:
            i = stack.pop()
            keep[i] = True
            stack.extend(tree.children(i))
    else:
        keep = np.ones(len(depths), dtype=bool)
    if isinstance(level, str) and level.strip().isdigit():
        level = int(level)
    if level is None and levels is not None:
        level = lowest_level(levels, depths, keep)
    if level is None:
        level = int(depths[keep].max())
    if isinstance(level, (int, np.integer)) and not isinstance(level, bool):
        chosen = np.flatnonzero(keep & (depths == int(level)))
        if len(chosen) == 0:
            raise InvalidInputError(f"level = {level}: no unit is at depth {level} (depths 0 to {int(depths[keep].max())})")
        return chosen.tolist(), int(level)
    if not isinstance(level, str):
        raise InvalidInputError(f"level = {level!r} must be a level name or a depth (a whole number)")
    declared = sorted({v for v in levels or [] if v})
    if level not in declared:
        known = f"declared levels: {', '.join(declared)}" if declared else "no level is declared; give a depth (0 = the roots)"
        raise UnknownKeyError(f"level '{level}' is not a level of the tree ({known})")
    assert levels is not None
    return [i for i in range(len(levels)) if keep[i] and levels[i] == level], level


def league(
    snapshot: Snapshot,
    level: str | int | None = None,
    measure: str | None = None,
    within: str | None = None,
    by: str = "auto",
    top: int | None = None,
    fdr: float = 0.05,
) -> League:
    """Every unit at ``level`` ranked for ``measure``.

    Parameters
    ----------
    snapshot : Snapshot
    level : str or int, optional
        A declared level name ("officer", "rep") or a depth (0 = the roots). Default: the lowest
        declared level (e.g. the officers or reps), or the deepest depth when no level is declared.
    measure : str, optional
        Default: the first measure.
    within : str, optional
        Only the units under this one (e.g. the officers of one branch).
    by : {"auto", "shrunk", "ratio"}
        "auto": the shrunken ratio when the measure is declared a count and the shrinkage can be
        fitted (at least two units with something eligible, not all done 0 nor all complete),
        otherwise the ratio.
    top : int, optional
        k of the columns ``p_top`` (the posterior probability of being in the top k) and
        ``p_bottom``; default: a tenth of the units ranked, rounded up.
    fdr : float, default 0.05
        The false discovery rate of the ``flag`` column: "below" (credibly below target) or
        "above", by exact binomial tests against each unit's target adjusted by
        Benjamini-Hochberg; None when not flagged (count measures only).

    Returns
    -------
    League
        Rows best first; ties keep the tree's order; units with nothing eligible last, unranked.
        ``rank_low`` / ``rank_high`` (the 95 % rank interval), ``p_top`` / ``p_bottom`` are
        given when the league is ranked by the shrunken ratio (400 posterior draws, seed 14:
        the same league every time) and ranks at most ``RANK_UNITS_MAX`` (50,000) units.

    Examples
    --------
    >>> table = attain.report.league(snap, level=1, measure="count")
    >>> [(r["rank"], r["unit"], round(r["ratio"], 3)) for r in table.rows[:3]]
    """
    measure = measure or snapshot.measures[0]
    if measure not in snapshot.measures:
        raise UnknownKeyError(f"measure '{measure}' is not in the snapshot (measures: {snapshot.measures})")
    if by not in ("auto", "shrunk", "ratio"):
        raise InvalidInputError(f"by = {by!r} is not one of auto, shrunk, ratio")
    index, resolved = units_at(snapshot, level, within)
    idx = np.asarray(index, dtype=np.intp)
    names, parents = snapshot.units, np.asarray(snapshot.core.panel.parents)
    levels = unit_levels(snapshot)
    col = {k: snapshot.column(measure, k)[idx] for k in ("done", "eligible", "ratio", "has_target", "target", "met")}
    low, high = (a[idx] for a in snapshot.interval(measure))
    nan = np.full(len(idx), np.nan)
    shrunk, s_low, s_high, prior = nan, nan, nan, None
    notes: list[str] = []
    if by != "ratio" and snapshot.has_interval(measure):
        try:
            fit = beta_binomial_shrinkage(col["done"], col["eligible"])
        except InvalidInputError as exc:
            notes.append(f"no shrinkage: {exc}")
        else:
            shrunk, s_low, s_high, prior = fit.shrunk, fit.low, fit.high, fit.prior
            shrunk = np.where(col["eligible"] > 0, shrunk, np.nan)
    elif by == "shrunk":
        raise InvalidInputError(f"by = 'shrunk' needs a measure declared a count; '{measure}' is {snapshot.kind(measure)}")
    ranked_by = "shrunk" if prior is not None else "ratio"
    zero = np.zeros(len(idx), dtype=np.int64)
    rank_low, rank_high, p_top, p_bottom, k = zero, zero, nan, nan, None
    ranked = 0
    if prior is not None:
        ranked = int(np.count_nonzero(col["eligible"] > 0))
        k = min(max(1, -(-ranked // 10)), ranked) if top is None else top
    if prior is not None and k is not None and ranked <= RANK_UNITS_MAX:
        ranks = rank_intervals(col["done"], col["eligible"], top=k, draws=RANK_DRAWS, seed=RANK_SEED)
        rank_low, rank_high, p_top, p_bottom = ranks.low, ranks.high, ranks.p_top, ranks.p_bottom
    flag: list[str | None] = [None] * len(idx)
    if snapshot.has_interval(measure) and len(idx):
        target = np.where(col["has_target"], col["target"], np.nan)
        flags = target_flags(col["done"], col["eligible"], target, fdr).flag
        flag = [{-1: "below", 1: "above"}.get(int(f)) for f in flags.tolist()]
    key = shrunk if ranked_by == "shrunk" else col["ratio"]
    # Best first; a NaN key (nothing eligible) last; ties broken by the ratio, then tree order.
    tree_order = np.arange(len(idx))
    order = np.lexsort((tree_order, -np.nan_to_num(col["ratio"], nan=-1.0), -np.nan_to_num(key, nan=0.0), np.isnan(key)))
    rated = ~np.isnan(key[order])
    pick = idx[order]
    parent_of = parents[pick]
    columns: dict[str, Any] = {
        "rank": np.where(rated, np.cumsum(rated), 0),
        "unit": [names[i] for i in pick.tolist()],
        "parent": [None if p < 0 else names[p] for p in parent_of.tolist()],
        "level": [levels[i] for i in pick.tolist()] if levels else [resolved] * len(pick),
        "done": col["done"][order], "eligible": col["eligible"][order], "ratio": col["ratio"][order],
        "ci_low": low[order], "ci_high": high[order], "shrunk": shrunk[order], "shrunk_low": s_low[order],
        "shrunk_high": s_high[order], "target": np.where(col["has_target"], col["target"], np.nan)[order],
        "met": col["met"][order], "rank_low": rank_low[order], "rank_high": rank_high[order],
        "p_top": p_top[order], "p_bottom": p_bottom[order], "flag": [flag[i] for i in order.tolist()],
    }  # fmt: skip
    return League(measure, resolved, ranked_by, columns, prior, within, notes, k, fdr)


def _num(x: Any) -> float | None:
    x = float(x)
    return None if math.isnan(x) else x


def top_bottom(table: League, n: int) -> tuple[list[dict[str, Any]], int]:
    """The first and last ``n // 2`` rows when there are more than ``n`` (and how many were
    left out between them), else every row."""
    if len(table) <= n:
        return table.rows, 0
    half = max(n // 2, 1)
    return table.rows_at([*range(half), *range(len(table) - half, len(table))]), len(table) - 2 * half


def formatted_league(
    table: League, lang: str, money: Any = None, max_rows: int | None = None
) -> tuple[list[str], list[list[str]], list[str], int]:
    """A league for people in ``lang``: the headings, the cells, each row's status ("met",
    "short", "none") and how many rows were left out in the middle (``max_rows``: the top and
    the bottom are kept). ``money`` (a :class:`attain.report.tables.MeasureInfo`) formats the
    tallies with their currency and says why there is no interval."""
    from .. import _format as fmt
    from .labels import word, yes_no
    from .tables import amount_text, no_interval

    rows, cut = top_bottom(table, max_rows) if max_rows else (table.rows, 0)

    def pct(x: float | None) -> str:
        return "" if x is None else fmt.percent(x, 2, lang)

    def interval(low: float | None, high: float | None) -> str:
        return "" if low is None or high is None else f"{pct(low)} – {pct(high)}"

    shrunk = table.ranked_by == "shrunk"
    flagged = any(r["flag"] for r in table.rows) if table.columns.get("flag") else False
    rank_cols = shrunk and any(r["rank_low"] is not None for r in table.rows)  # none above RANK_UNITS_MAX
    extra = ["shrunk", "shrunk_interval", *(["rank_interval", "p_top", "p_bottom"] if rank_cols else [])] if shrunk else []
    keys = ["rank", "unit", "parent", "done", "eligible", "ratio", "interval", *extra, "target", "met", *(["flag"] if flagged else [])]

    def ranks(r: dict[str, Any]) -> list[str]:
        if r["rank_low"] is None:
            return ["", "", ""]
        span = str(r["rank_low"]) if r["rank_low"] == r["rank_high"] else f"{r['rank_low']} – {r['rank_high']}"
        return [span, pct(r["p_top"]), pct(r["p_bottom"])]
    cells, statuses = [], []
    for r in rows:
        ci = interval(r["ci_low"], r["ci_high"]) if r["ci_low"] is not None else (no_interval(money, lang, r["ratio"]) if money else "")
        cells.append([
            "" if r["rank"] is None else str(r["rank"]), r["unit"], r["parent"] or "",
            amount_text(r["done"], money, lang), amount_text(r["eligible"], money, lang), pct(r["ratio"]), ci,
            *([pct(r["shrunk"]), interval(r["shrunk_low"], r["shrunk_high"]), *(ranks(r) if rank_cols else [])] if shrunk else []),
            pct(r["target"]), "" if r["target"] is None else yes_no(r["met"], lang),
            *([word(f"flag_{r['flag']}", lang) if r["flag"] else ""] if flagged else []),
        ])  # fmt: skip
        statuses.append("none" if r["target"] is None else "met" if r["met"] else "short")
    k = table.top or 1
    return [word(key, lang, k=k) for key in keys], cells, statuses, cut


def league_note(table: League, lang: str, shown: int | None = None, info: Any = None) -> str:
    """What the league is ranked by (and, when cut, how many rows are shown), in ``lang``; with
    ``info`` (a :class:`attain.report.tables.MeasureInfo`) of a money measure from case records,
    also which interval its rows carry (ratio-of-sums, linearisation)."""
    from .. import _format as fmt
    from .labels import word

    note = word("league_note_shrunk" if table.ranked_by == "shrunk" else "league_note_ratio", lang)
    if shown is not None and shown < len(table):
        note += " " + word("league_cut", lang, n=fmt.whole(len(table), lang), top=shown // 2, bottom=shown - shown // 2)
    if info is not None and info.interval == "linearisation":
        note += " " + word("interval_note_linearisation", lang, measure=info.label(table.measure, lang))
    return note
