"""A self-contained HTML report: the narrative, the unit table, the charts as inline SVG, the
monthly monitoring of the unit (a control chart per measure with the rules that fired, and
Pettitt's change point: :mod:`attain.report.monitoring`), a league table across a level, and the
whole tree below the unit as collapsible ``<details>``.
No network access: no external scripts, fonts or images. Headings, labels and yes/no follow the
report's language (:mod:`attain.report.labels`).

The report stays bounded whatever the size of the tree: the unit table shows the first
:data:`MAX_TABLE_CHILDREN` children, the league the top and bottom :data:`LEAGUE_ROWS`, the tree
the first :data:`MAX_TREE_UNITS` units (breadth first, :data:`MAX_TREE_CHILDREN` per unit), each
cut said so in a note; charts draw at most ``charts.MAX_BARS`` bars. The figures are read as
whole columns of the snapshot, never unit by unit.
"""

from __future__ import annotations

import html as _html
import io
from typing import Any

from .. import _format as fmt
from ..inference import children_funnel
from ..panel import Panel
from ..snapshot import Snapshot
from .fields import default_unit
from .labels import default_lang, level_name, unit_level_name, word
from .league import REPR_ROWS, League, formatted_league, league, league_note
from .league import set_html_repr as set_league_html
from .monitoring import monitoring, monitoring_note, signal_header, signal_rows, summary_sentence
from .narrative import Template, format_month, narrative
from .tables import MeasureInfo, formatted_rows, interval_notes, measure_info, status_of, unit_rows

#: The most children of the unit listed in the unit table.
MAX_TABLE_CHILDREN = 50
#: The most league rows shown: the top and the bottom half each.
LEAGUE_ROWS = 50
#: The most units the tree shows, and the most children shown under one unit.
MAX_TREE_UNITS = 2000
MAX_TREE_CHILDREN = 200

_STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #1d2a33; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; } h3 { font-size: 1em; }
p.narrative { font-size: 1.05em; line-height: 1.55; background: #f4f7f8; padding: 1em 1.2em; border-left: 4px solid #2a9d8f; }
table { border-collapse: collapse; font-size: 0.85em; } th, td { padding: 3px 8px; border-bottom: 1px solid #dde3e6; }
td:first-child { min-width: 10em; }
table.league { font-size: 0.8em; } table.league td:first-child { min-width: 0; } table.league td:nth-child(2) { min-width: 13em; }
table.league td { white-space: nowrap; } table.league td:nth-child(2) { white-space: normal; }
div.wide { overflow-x: auto; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; } th { background: #eef2f3; text-align: left; }
td.met, span.met { color: #1f7a6f; } td.short, span.short { color: #b94a2c; } td.none, span.none { color: #6c7a86; }
td.met, td.short, td.none { font-weight: 600; }
p.note { font-size: 0.85em; color: #52606b; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
details { margin-left: 1.2em; } details > summary { cursor: pointer; padding: 1px 0; }
div.leaf { margin-left: 2.3em; padding: 1px 0; } span.level { color: #6c7a86; font-size: 0.85em; }
span.fig { margin-left: 0.8em; font-variant-numeric: tabular-nums; }
"""


def _svg(ax: Any) -> str:
    import matplotlib

    buffer = io.StringIO()
    # Text as SVG text, not glyph outlines: a third of the time and of the size, and the page's
    # reader can select it. bbox_inches="tight" keeps the keys and name columns outside the axes.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "attain"}):
        ax.figure.savefig(buffer, format="svg", bbox_inches="tight")
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def _e(text: Any) -> str:
    return _html.escape(str(text))


def table_html(
    rows: list[dict[str, Any]], lang: str = "en", kinds: dict[str, str] | dict[str, MeasureInfo] | None = None
) -> str:
    """An HTML table of unit rows (see :func:`attain.report.tables.unit_rows`), in ``lang``; the
    met cell is classed ``met``, ``short`` or ``none`` (no target: a neutral colour). A note under
    it names the interval method of a money measure from case records."""
    header, cells = formatted_rows(rows, lang, kinds)
    met = header.index(word("met", lang))
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join(
        f'<tr class="{status_of(r)}">'
        + "".join(
            f"<td{' class=num' if 1 < i != met else f' class={status_of(r)}' if i == met else ''}>{_e(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for r, row in zip(rows, cells)
    )
    notes = "".join(f'<p class="note">{_e(n)}</p>' for n in interval_notes(rows, lang, kinds))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{notes}"


def snapshot_html(snapshot: Snapshot) -> str:
    """A snapshot as notebooks show it (``Snapshot._repr_html_``, registered by ``attain``)."""
    units = snapshot.units
    shown = units[:MAX_TABLE_CHILDREN]
    note = f'<p class="note">{_e(word("more_units", "en", n=fmt.whole(len(units) - len(shown))))}</p>' if len(shown) < len(units) else ""
    caption = word("snapshot_caption", "en", as_of=snapshot.as_of, month=snapshot.months_elapsed)
    return f"<p><b>{_e(caption)}</b></p>" + table_html(unit_rows(snapshot, shown), kinds=measure_info(snapshot)) + note


def league_html(table: League, lang: str, info: MeasureInfo | None = None, max_rows: int = LEAGUE_ROWS) -> str:
    """A league table (:func:`attain.report.league`) as HTML: the top and the bottom when long."""
    header, cells, statuses, cut = formatted_league(table, lang, info, max_rows)
    met = header.index(word("met", lang))  # the flag column, when there is one, follows it
    if len({row[2] for row in cells}) <= 1:  # one parent for all (as the Word table): the column says nothing
        header, cells, met = header[:2] + header[3:], [row[:2] + row[3:] for row in cells], met - 1
    first_figure = header.index(word("done", lang))
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = []
    for k, (row, status) in enumerate(zip(cells, statuses)):
        if cut and k == len(cells) // 2:
            body.append(f'<tr><td colspan="{len(header)}" class="none">{_e(word("more_units", lang, n=fmt.whole(cut, lang)))}</td></tr>')
        tds = "".join(
            f"<td{f' class={status}' if i == met else ' class=num' if i == 0 or first_figure <= i < met else ''}>{_e(v)}</td>" for i, v in enumerate(row)
        )
        body.append(f'<tr class="{status}">{tds}</tr>')
    note = league_note(table, lang, len(cells), info)
    table_ = f'<table class="league"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    return f'<div class="wide">{table_}</div><p class="note">{_e(note)}</p>'


def signals_html(rows: list[list[str]], lang: str) -> str:
    """The rules that fired (:func:`attain.report.monitoring.signal_rows`) as an HTML table."""
    head = "".join(f"<th>{_e(h)}</th>" for h in signal_header(lang))
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="signals"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def monitoring_html(
    panel: Panel, snap: Snapshot, unit: str, lang: str, charts: bool = True, info: dict[str, MeasureInfo] | None = None
) -> str:
    """The monitoring section: per measure, the verdict of the unit's monthly control chart and of
    Pettitt's test, the chart with its signals marked, and the table of the rules that fired."""
    info = info or measure_info(snap)
    parts = [f"<h2>{_e(word('monitoring', lang))}</h2>"]
    watched = []
    for m in snap.measures:
        label = info[m].label(m, lang)
        watch = monitoring(panel, snap, unit, m)
        watched.append(watch)
        parts.append(f"<h3>{_e(word('monitoring_of', lang, measure=label))}</h3>")
        parts.append(f'<p class="monitoring">{_e(summary_sentence(watch, lang, label))}</p>')
        if watch.chart is None:
            continue
        if charts:
            from . import charts as ch

            parts.append(f'<figure class="chart spc">{_svg(ch.plot_spc(watch, ax=ch.figure((8, 4.2)), lang=lang, label=label))}</figure>')
        rows = signal_rows(watch, lang)
        if rows:
            parts.append(signals_html(rows, lang))
    parts.append(f'<p class="note">{_e(monitoring_note(watched, lang))}</p>')
    return "\n".join(parts)


def chance_text(p: float, lang: str) -> str:
    """A probability of meeting the target as a whole percent, as the paragraph writes it: "below
    1%" / "above 99%" at the ends, never 0 % or 100 % for what is not certain mid-year."""
    if p < 0.005:
        return word("chance_below_1", lang)
    if p >= 0.995:
        return word("chance_above_99", lang)
    return fmt.percent(p, 0, lang)


def at_risk_html(
    snap: Snapshot, unit: str, lang: str, info: dict[str, MeasureInfo], below: float = 0.5, max_rows: int = LEAGUE_ROWS
) -> str:
    """The units below ``unit`` whose chance of meeting the year-end target (the report's model,
    :meth:`Snapshot.default_model`) is below ``below``, lowest first, one table per measure with a
    target; "" at the year end, when the data lack the year so far, or without units below."""
    if snap.months_remaining == 0 or not snap.has_meet_probabilities or not snap.children_of(unit):
        return ""
    below_unit: set[str] = set()
    stack = list(snap.children_of(unit))
    while stack:
        u = stack.pop()
        below_unit.add(u)
        stack.extend(snap.children_of(u))
    parts = []
    for m in snap.measures:
        if not snap.column(m, "has_target").any():
            continue
        model = snap.default_model(m)
        rows = [r for r in snap.at_risk(m, model, below) if r.unit in below_unit]
        heading = word("at_risk_of", lang, measure=info[m].label(m, lang), below=fmt.percent(below, 0, lang), model=word(f'model_{model}', lang))
        parts.append(f"<h3>{_e(heading)}</h3>")
        if not rows:
            parts.append(f'<p class="note">{_e(word("at_risk_none", lang))}</p>')
            continue
        header = [word(k, lang) for k in ("unit", "level", "parent", "ratio", "target", "chance")]
        body = "".join(
            f'<tr class="short"><td>{_e(r.unit)}</td><td>{_e(unit_level_name(r.level, lang) if r.level else "")}</td>'
            f"<td>{_e(r.parent or '')}</td><td class=num>{_e(fmt.percent(r.ratio, 2, lang))}</td>"
            f"<td class=num>{_e(fmt.percent(r.target, 2, lang))}</td>"
            f"<td class=short>{_e(chance_text(r.probability, lang))}</td></tr>"
            for r in rows[:max_rows]
        )
        head = "".join(f"<th>{_e(h)}</th>" for h in header)
        parts.append(f'<table class="at-risk"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')
        if len(rows) > max_rows:
            note = word("at_risk_cut", lang, n=fmt.whole(len(rows), lang), shown=fmt.whole(max_rows, lang))
            parts.append(f'<p class="note">{_e(note)}</p>')
    return "".join(parts)


def tree_html(
    snapshot: Snapshot,
    unit: str,
    lang: str = "en",
    max_units: int = MAX_TREE_UNITS,
    max_children: int = MAX_TREE_CHILDREN,
) -> str:
    """The tree below ``unit`` (itself included) as nested ``<details>``: each unit's summary line
    gives its level and, per measure, its ratio coloured met / short / neutral (no target); its
    children are inside it. Leaves are plain lines. At most ``max_units`` units are shown
    (breadth first, so every level is reached before the tree is cut) and ``max_children`` under
    one unit; a note says how many were left out."""
    core = snapshot.core.panel
    names = snapshot.units
    from .league import unit_levels

    levels = unit_levels(snapshot)
    depths = core.depths
    measures = snapshot.measures
    cols = {m: {k: snapshot.column(m, k) for k in ("ratio", "has_target", "met")} for m in measures}
    root = snapshot.index_of(unit)
    # Breadth first: which units are shown, and how many children each leaves out.
    shown = {root}
    left_out: dict[int, int] = {}
    frontier = [root]
    budget = max_units - 1
    while frontier and budget > 0:
        following = []
        for i in frontier:
            children = list(core.children(i))
            take = children[: min(max_children, budget)]
            budget -= len(take)
            if len(take) < len(children):
                left_out[i] = len(children) - len(take)
            shown.update(take)
            following.extend(take)
            if budget <= 0:
                break
        frontier = following
    for i in frontier:  # the last level reached: their children are not shown
        n = len(core.children(i))
        if n and i not in left_out:
            left_out[i] = n

    def line(i: int) -> str:
        level = levels[i] if levels and levels[i] else level_name(int(depths[i]), lang)
        figures = []
        for m in measures:
            c = cols[m]
            ratio = float(c["ratio"][i])
            status = "none" if not c["has_target"][i] else "met" if c["met"][i] else "short"
            figures.append(f'<span class="fig {status}">{_e(m)} {_e(fmt.percent(ratio, 2, lang))}</span>')
        return f'{_e(names[i])} <span class="level">({_e(unit_level_name(level, lang))})</span>{"".join(figures)}'

    out: list[str] = []

    def walk(i: int) -> None:  # depth first over the units shown; an explicit stack keeps deep trees safe
        stack: list[tuple[int, bool]] = [(i, False)]
        while stack:
            j, closing = stack.pop()
            if closing:
                if j in left_out:
                    out.append(f'<div class="leaf note">{_e(word("more_children", lang, n=fmt.whole(left_out[j], lang)))}</div>')
                out.append("</details>")
                continue
            children = [c for c in core.children(j) if c in shown]
            if not children and j not in left_out:
                out.append(f'<div class="leaf">{line(j)}</div>')
                continue
            out.append(f"<details{' open' if j == root else ''}><summary>{line(j)}</summary>")
            stack.append((j, True))
            stack.extend((c, False) for c in reversed(children))

    walk(root)
    total = _subtree_size(core, root)
    note = ""
    if len(shown) < total:
        note = f'<p class="note">{_e(word("more_units", lang, n=fmt.whole(total - len(shown), lang)))}</p>'
    return f'<div class="tree">{"".join(out)}</div>{note}'


def _subtree_size(core: Any, root: int) -> int:
    n, stack = 0, [root]
    while stack:
        i = stack.pop()
        n += 1
        stack.extend(core.children(i))
    return n


def html_report(
    panel: Panel,
    as_of: Any,
    lang: str | None = None,
    template: str | Template = "generic",
    unit: str | None = None,
    charts: bool = True,
    level: str | int | None = None,
) -> str:
    """The whole report as one HTML document (a string). ``as_of`` is a month of the panel, or
    a snapshot of it already taken (``panel.at(...)``), which the report then reads.

    ``lang`` (default: the template's, :func:`attain.report.labels.default_lang`: ``thads`` is
    Vietnamese, other templates English) sets the paragraph, the headings and the numbers.
    ``level`` chooses the league table's level (a declared level name or a depth; default: the
    deepest level below ``unit``)."""
    lang = lang or default_lang(template)
    snap = as_of if isinstance(as_of, Snapshot) else panel.at(as_of)
    unit = unit or default_unit(snap)
    paragraph = narrative(snap, lang, template, unit)
    info = measure_info(snap)
    children = snap.children_of(unit)
    listed = children[:MAX_TABLE_CHILDREN]
    parts = [
        f"<h1>{_e(unit)} — {_e(format_month(snap.as_of, lang))}</h1>",
        f'<p class="narrative" id="narrative">{_e(paragraph)}</p>',
        f"<h2>{_e(word('units', lang))}</h2>",
        table_html(unit_rows(snap, [unit, *listed]), lang, info),
    ]
    if len(listed) < len(children):
        parts.append(f'<p class="note">{_e(word("more_units", lang, n=fmt.whole(len(children) - len(listed), lang)))}</p>')
    if charts:
        from . import charts as ch

        parts.append(f"<h2>{_e(word('charts', lang))}</h2>")
        for m in snap.measures:
            size = (8, 0.32 * min(len(children) or 1, ch.MAX_BARS) + 1.9)
            parts.append(f'<figure class="chart">{_svg(ch.plot_attainment(snap, m, unit, ax=ch.figure(size), lang=lang))}</figure>')
            # The projection the paragraph read: the snapshot computed it once and keeps it.
            # A quota measure has none (its ratio is no binomial proportion to extrapolate).
            projection = snap.projection(unit, m).for_chart() if snap.projectable and not info[m].quota else None
            ax = ch.plot_trajectory(panel, unit, m, ax=ch.figure((8, 4)), projection=projection, lang=lang, label=info[m].label(m, lang))
            parts.append(f'<figure class="chart">{_svg(ax)}</figure>')
        funnel = children_funnel(snap, unit)
        if funnel is not None:
            measure = next(m for m in snap.measures if snap.has_interval(m))
            title = word("title_funnel", lang, unit=unit, measure=info[measure].label(measure, lang))
            ax = ch.plot_funnel(funnel, ax=ch.figure((8, 5)), labels=children, lang=lang, title=title)
            parts.append(f'<figure class="chart">{_svg(ax)}</figure>')
    parts.append(monitoring_html(panel, snap, unit, lang, charts, info))
    if children:
        parts.append(f"<h2>{_e(word('league', lang))}</h2>")
        for m in snap.measures:
            table = league(snap, level, m, within=unit)
            heading = word("league_of", lang, level=level_name(table.level, lang), measure=info[m].label(m, lang))
            parts.append(f"<h3>{_e(heading)}</h3>" + league_html(table, lang, info[m]))
    risk = at_risk_html(snap, unit, lang, info)
    if risk:
        parts.append(f"<h2>{_e(word('at_risk', lang))}</h2>" + risk)
    parts.append(f"<h2>{_e(word('tree', lang))}</h2>")
    parts.append(tree_html(snap, unit, lang))
    body = "\n".join(parts)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{_e(word('report_title', lang))} {_e(unit)} — {_e(format_month(snap.as_of, lang))}</title><style>{_STYLE}</style></head>\n"
        f"<body>\n{body}\n<script>document.body.dataset.loaded = 'ok';</script>\n</body></html>\n"
    )


def _league_repr_html(table: League) -> str:
    return league_html(table, "en", max_rows=2 * REPR_ROWS)


set_league_html(_league_repr_html)  # League._repr_html_: a notebook shows the report's table
