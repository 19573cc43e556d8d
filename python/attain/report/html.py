"""A self-contained HTML report: the narrative, the unit table and the charts as inline SVG.
No network access: no external scripts, fonts or images."""

from __future__ import annotations

import html as _html
import io
from typing import Any

from ..inference import children_funnel
from ..panel import Panel
from ..snapshot import Snapshot
from .narrative import Template, narrative
from .tables import formatted_rows, kinds_of, unit_rows

_STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #1d2a33; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
p.narrative { font-size: 1.05em; line-height: 1.55; background: #f4f7f8; padding: 1em 1.2em; border-left: 4px solid #2a9d8f; }
table { border-collapse: collapse; font-size: 0.85em; } th, td { padding: 3px 8px; border-bottom: 1px solid #dde3e6; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } th { background: #eef2f3; text-align: left; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
"""


def _svg(ax: Any) -> str:
    fig = ax.figure
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    import matplotlib.pyplot as plt

    plt.close(fig)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def table_html(rows: list[dict[str, Any]], lang: str = "en", kinds: dict[str, str] | None = None) -> str:
    """An HTML table of unit rows (see :func:`attain.report.tables.unit_rows`)."""
    header, cells = formatted_rows(rows, lang, kinds)
    head = "".join(f"<th>{_html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td{" class=num" if i > 1 else ""}>{_html.escape(c)}</td>' for i, c in enumerate(row)) + "</tr>"
        for row in cells
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def snapshot_html(snapshot: Snapshot) -> str:
    """A snapshot as notebooks show it (``Snapshot._repr_html_``, registered by ``attain``)."""
    return (
        f"<p><b>attain snapshot as of {snapshot.as_of}</b> (month {snapshot.months_elapsed} of the fiscal year)</p>"
        + table_html(unit_rows(snapshot), kinds=kinds_of(snapshot))
    )


def html_report(
    panel: Panel,
    as_of: Any,
    lang: str = "vi",
    template: str | Template = "generic",
    unit: str | None = None,
    charts: bool = True,
) -> str:
    """The whole report as one HTML document (a string). ``as_of`` is a month of the panel, or
    a snapshot of it already taken (``panel.at(...)``), which the report then reads."""
    snap = as_of if isinstance(as_of, Snapshot) else panel.at(as_of)
    unit = unit or snap.roots[0]
    paragraph = narrative(snap, lang, template, unit)
    parts = [
        f"<h1>{_html.escape(unit)} — {snap.as_of}</h1>",
        f'<p class="narrative" id="narrative">{_html.escape(paragraph)}</p>',
        "<h2>Units</h2>",
        table_html(unit_rows(snap, [unit, *snap.children_of(unit)]), lang, kinds_of(snap)),
    ]
    if charts:
        from . import charts as ch

        parts.append("<h2>Charts</h2>")
        for m in snap.measures:
            parts.append(f'<figure class="chart">{_svg(ch.plot_attainment(snap, m, unit))}</figure>')
            # The projection the paragraph read: the snapshot computed it once and keeps it.
            projection = snap.projection(unit, m).for_chart() if snap.projectable else None
            parts.append(f'<figure class="chart">{_svg(ch.plot_trajectory(panel, unit, m, projection=projection))}</figure>')
        funnel = children_funnel(snap, unit)
        if funnel is not None:
            parts.append(f'<figure class="chart">{_svg(ch.plot_funnel(funnel, labels=snap.children_of(unit)))}</figure>')
    body = "\n".join(parts)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>attain report {snap.as_of}</title><style>{_STYLE}</style></head>\n"
        f"<body>\n{body}\n<script>document.body.dataset.loaded = 'ok';</script>\n</body></html>\n"
    )
