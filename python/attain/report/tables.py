"""Tables of units as Markdown, CSV and JSON.

One row per (unit, measure): done, eligible, ratio with its 95 % interval (the snapshot computes it:
Wilson for the measures declared counts; for money from case records, the ratio-of-sums
interval by linearisation, which a note under the table names), target, gap,
shortfall, met, change on the previous month and rank among siblings. CSV and JSON carry the
numbers unformatted (fractions, not percent); Markdown formats them for people.

JSON schema ``attain.units``, version 1::

    {"schema": "attain.units", "version": 1, "as_of": "2021-06", "months_elapsed": 9,
     "months_remaining": 3, "interval_methods": {measure: "wilson" | "linearisation" | null},
     "rows": [{"unit": str, "parent": str | null, "measure": str,
     "done": int, "eligible": int, "accepted": int | null, "ratio": float | null,
     "ci_low": float | null, "ci_high": float | null, "target": float | null,
     "gap": float | null, "shortfall": int | null, "met": bool, "change_prev": float | null,
     "rank": int | null}, ...]}

``null`` stands for "not defined" (no ratio when eligible is 0, no target, no previous month).
``interval_methods`` says how each measure's ``ci_low``/``ci_high`` were computed: the Wilson
score interval, the ratio-of-sums linearisation (money from case records), or none.

Language: Markdown and CSV headings and yes/no follow ``lang`` (:mod:`attain.report.labels`);
in English the CSV columns are the JSON names above, and ``met`` is ``yes``/``no`` (``có``/``không``
in Vietnamese, blank when the measure has no target). Money is shown with its scale and currency
(``_core.format_money``) in Markdown and HTML; CSV and JSON keep whole minor units.

Safety: in CSV, a text cell (unit, parent, measure) that begins with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return gets a leading ``'`` so that a spreadsheet shows it as text instead
of running it as a formula (OWASP's CSV injection advice); ``formula_guard=False`` writes the
text as it is. Numbers are never changed. In Markdown, ``&``, ``<`` and ``>`` become HTML
entities (no raw HTML such as ``<script>`` passes through) and Markdown's own punctuation is
backslash-escaped.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import _format as fmt
from ..errors import InvalidInputError
from ..panel import Panel
from ..snapshot import Snapshot
from .labels import word, yes_no
from .narrative import format_money

COLUMNS = (
    "unit", "parent", "measure", "done", "eligible", "accepted", "ratio", "ci_low", "ci_high",
    "target", "gap", "shortfall", "met", "change_prev", "rank",
)  # fmt: skip
#: The label key of each CSV column (:func:`attain.report.labels.word`).
_CSV_LABELS = {"gap": "gap_raw", "change_prev": "change_raw", "rule": "signal_rule", "period": "axis_month", "centre_line": "centre_line",
               "lower": "lower_limit", "upper": "upper_limit"}  # fmt: skip
FORMATS = ("md", "csv", "json")


@dataclass(frozen=True)
class MeasureInfo:
    """What the presentation needs to know of a measure, as the panel declared it."""

    kind: str = "unspecified"
    """"count", "money" or "unspecified"."""
    currency: str = ""
    minor_digits: int = 0
    quota: bool = False
    label_vi: str = ""
    label_en: str = ""
    interval: str = ""
    """The interval the snapshot gives the measure's ratios: "wilson", "linearisation" (money
    from case records) or "" (none)."""

    @property
    def money(self) -> bool:
        return self.kind == "money"

    def label(self, measure: str, lang: str) -> str:
        """The measure's declared label in ``lang`` ("việc", "deals"), else its name."""
        return (self.label_vi if lang == "vi" else self.label_en) or measure


def _declared(snapshot: Snapshot, name: str, measure: str, index: int) -> Any:
    """A measure's declaration ``name`` (currencies, minor_digits, forms) as the snapshot gives
    it: a mapping by measure or a list by measure index, on the snapshot or its C++ object; None
    when the panel has no such declaration."""
    for owner in (snapshot, snapshot.core):
        value = getattr(owner, name, None)
        if callable(value):
            value = value()
        if isinstance(value, Mapping):
            return value.get(measure)
        if isinstance(value, (list, tuple)) and index < len(value):
            return value[index]
    return None


def measure_info(snapshot: Snapshot) -> dict[str, MeasureInfo]:
    """Each measure's declaration (kind, currency and its minor digits, quota form), read from
    the snapshot."""
    out = {}
    for k, m in enumerate(snapshot.measures):
        currency = _declared(snapshot, "currencies", m, k)
        digits = _declared(snapshot, "minor_digits", m, k)
        form = _declared(snapshot, "forms", m, k)
        out[m] = MeasureInfo(
            kind=snapshot.kind(m),
            currency=str(currency or ""),
            minor_digits=int(digits or 0),
            quota=str(form) == "quota" or str(form).endswith(".quota"),
            label_vi=str(_declared(snapshot, "labels_vi", m, k) or ""),
            label_en=str(_declared(snapshot, "labels_en", m, k) or ""),
            interval=snapshot.interval_method(m) or "",
        )
    return out


def money_text(value: int, info: MeasureInfo, lang: str) -> str:
    """A whole number of minor units as people read it, with its currency and scale
    ("1.193,8 tỷ đồng", "$1,234.56": :func:`attain.report.format_money`, the C++ formatter).
    Money whose currency is not declared is a whole number of units, grouped."""
    if not info.currency:
        return fmt.whole(value, lang)
    return format_money(int(value), info.currency, info.minor_digits, lang)


def amount_text(value: int | None, info: MeasureInfo | None, lang: str) -> str:
    """A tally cell: money with its currency, a count as a whole number; blank for None."""
    if value is None:
        return ""
    return money_text(value, info, lang) if info is not None and info.money else fmt.whole(value, lang)


def _floats(values: np.ndarray) -> list[float | None]:
    return [None if math.isnan(v) else v for v in values.astype(float).tolist()]


def unit_rows(snapshot: Snapshot, units: list[str] | None = None, alpha: float = 0.05) -> list[dict[str, Any]]:
    """The table as dicts (numbers unformatted; None where not defined). The interval is the
    snapshot's at level 1 - alpha: the Wilson score interval for the measures declared counts,
    the ratio-of-sums interval by linearisation for money from case records; money from tallies,
    and a measure whose kind is not declared, have none (see :meth:`Snapshot.interval`).

    The figures are read as whole columns of the snapshot (one call per measure and figure,
    not per unit): a table of 100,000 units takes a fraction of a second."""
    index = np.arange(len(snapshot.units)) if units is None else np.array([snapshot.index_of(u) for u in units], dtype=np.intp)
    names = snapshot.units
    parent_index = np.asarray(snapshot.core.panel.parents)[index].tolist()
    unit_names = [names[i] for i in index.tolist()]
    parents = [None if p < 0 else names[p] for p in parent_index]
    rows: list[dict[str, Any]] = []
    for m in snapshot.measures:
        f = {k: snapshot.column(m, k)[index] for k in ("done", "eligible", "accepted", "ratio", "has_target", "target",
                                                       "gap", "shortfall", "met", "change_prev", "rank")}  # fmt: skip
        low, high = (a[index] for a in snapshot.interval(m, alpha))
        has_target = f["has_target"].tolist()
        accepted = f["accepted"].tolist()
        columns = zip(
            unit_names, parents, f["done"].tolist(), f["eligible"].tolist(), accepted, _floats(f["ratio"]), _floats(low),
            _floats(high), has_target, f["target"].tolist(), _floats(f["gap"]), f["shortfall"].tolist(),
            f["met"].tolist(), _floats(f["change_prev"]), f["rank"].tolist(),
        )  # fmt: skip
        for u, p, done, eligible, acc, ratio, lo, hi, ht, target, gap, shortfall, met, change, rank in columns:
            rows.append(
                {
                    "unit": u, "parent": p, "measure": m, "done": done, "eligible": eligible,
                    "accepted": None if acc < 0 else acc, "ratio": ratio, "ci_low": lo, "ci_high": hi,
                    "target": target if ht else None, "gap": gap, "shortfall": shortfall if ht else None,
                    "met": bool(met), "change_prev": change, "rank": rank or None,
                }
            )  # fmt: skip
    return rows


#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str, formula_guard: bool = True) -> str:
    """A text cell for CSV: prefixed with ``'`` when a spreadsheet would run it as a formula."""
    return "'" + value if formula_guard and value.startswith(FORMULA_STARTS) else value


def markdown_text(value: str) -> str:
    """Text for a Markdown document: HTML special characters as entities, Markdown punctuation
    escaped, line breaks as spaces (a cell or a paragraph stays one line)."""
    out = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = "".join("\\" + c if c in "\\`*_[]|#$" else c for c in out)
    return " ".join(out.splitlines())


def unit_table(
    snapshot: Snapshot,
    fmt_name: str = "md",
    units: list[str] | None = None,
    lang: str = "en",
    formula_guard: bool = True,
) -> str:
    """The unit table as ``"md"``, ``"csv"`` or ``"json"`` text (CSV text cells guarded against
    formula injection unless ``formula_guard=False``; see the module's notes). Markdown and CSV
    headings and yes/no are in ``lang``; JSON keeps its schema's names."""
    rows = unit_rows(snapshot, units)
    if fmt_name == "json":
        doc = {
            "schema": "attain.units", "version": 1, "as_of": snapshot.as_of,
            "months_elapsed": snapshot.months_elapsed, "months_remaining": snapshot.months_remaining,
            "interval_methods": {m: snapshot.interval_method(m) for m in snapshot.measures}, "rows": rows,
        }  # fmt: skip
        return json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False)
    if fmt_name == "csv":
        return csv_table(rows, COLUMNS, lang, formula_guard)
    if fmt_name == "md":
        return markdown(rows, lang, measure_info(snapshot))
    raise InvalidInputError(f"table format {fmt_name!r} is not one of {', '.join(FORMATS)}")


def csv_table(rows: list[dict[str, Any]], columns: tuple[str, ...], lang: str = "en", formula_guard: bool = True) -> str:
    """Rows as CSV: headings in ``lang`` (in English, the rows' own names), numbers unformatted,
    booleans as yes/no in ``lang``, text cells guarded against formulas."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(c if lang == "en" else word(_CSV_LABELS.get(c, c), lang) for c in columns)
    writer.writerows([_csv_cell(r[c], formula_guard, lang, c == "met" and r.get("target") is None) for c in columns] for r in rows)
    return out.getvalue()


def _csv_cell(value: Any, formula_guard: bool, lang: str, blank: bool = False) -> Any:
    if value is None or blank:
        return ""
    if isinstance(value, bool):
        return yes_no(value, lang)
    if isinstance(value, float):
        return repr(value)
    return csv_text(value, formula_guard) if isinstance(value, str) else value


def kinds_of(snapshot: Snapshot) -> dict[str, str]:
    """Each measure's declared kind, which says why a row has no interval."""
    return {m: snapshot.kind(m) for m in snapshot.measures}


#: What the interval cell says for a measure without intervals, by its kind (English; the
#: labels module has both languages).
NO_INTERVAL = {"money": "none (money)", "unspecified": "none (kind not declared)"}


def no_interval(info: MeasureInfo, lang: str, ratio: float | None = None) -> str:
    """Why a unit of a measure has no interval, in ``lang``: the measure has none (money from
    tallies, a quota, a kind not declared), or, for money from case records, the unit's ratio
    rests on one case (a ratio without an interval there means fewer than 2 cases, and a ratio
    means at least one: Snapshot.interval); blank when there is no ratio either."""
    if info.interval == "linearisation":
        return word("no_interval_one_case", lang) if ratio is not None else ""
    if info.quota:
        return word("no_interval_quota", lang)
    return word("no_interval_money", lang) if info.money else word("no_interval_unspecified", lang) if info.kind != "count" else ""


def _info(kinds: Mapping[str, str | MeasureInfo] | None, measure: str) -> MeasureInfo | None:
    if kinds is None or measure not in kinds:
        return None
    k = kinds[measure]
    return k if isinstance(k, MeasureInfo) else MeasureInfo(kind=k)


def status_of(row: dict[str, Any]) -> str:
    """"met", "short" or "none" (no target: neither met nor short)."""
    return "none" if row["target"] is None else "met" if row["met"] else "short"


def formatted_rows(
    rows: list[dict[str, Any]], lang: str = "en", kinds: Mapping[str, str | MeasureInfo] | None = None
) -> tuple[list[str], list[list[str]]]:
    """Header and cells formatted for people in ``lang`` (shared by Markdown and HTML). With
    ``kinds`` (measure -> kind or :class:`MeasureInfo`), a measure without intervals says why in
    the interval column, and money is shown with its currency."""
    header = [word(k, lang) for k in ("unit", "measure", "done", "eligible", "ratio", "interval", "target", "gap",
                                      "shortfall", "met", "change", "rank")]  # fmt: skip

    def pct(x: float | None) -> str:
        return "" if x is None else fmt.percent(x, 2, lang)

    def pts(x: float | None) -> str:
        return "" if x is None else fmt.number(100 * x, 2, lang)

    cells = []
    for r in rows:
        info = _info(kinds, r["measure"])
        interval = "" if r["ci_low"] is None else f"{pct(r['ci_low'])} – {pct(r['ci_high'])}"
        if r["ci_low"] is None and info is not None:
            interval = no_interval(info, lang, r["ratio"])
        cells.append([
            r["unit"], r["measure"], amount_text(r["done"], info, lang), amount_text(r["eligible"], info, lang),
            pct(r["ratio"]), interval, pct(r["target"]), pts(r["gap"]), amount_text(r["shortfall"], info, lang),
            "" if r["target"] is None else yes_no(r["met"], lang), pts(r["change_prev"]),
            "" if r["rank"] is None else str(r["rank"]),
        ])  # fmt: skip
    return header, cells


def interval_notes(
    rows: list[dict[str, Any]], lang: str = "en", kinds: Mapping[str, str | MeasureInfo] | None = None
) -> list[str]:
    """The notes that name an interval method other than Wilson's, one per measure of ``rows``
    that has it (money from case records: "ratio-of-sums, linearisation"), in ``lang``."""
    notes = []
    for measure in dict.fromkeys(r["measure"] for r in rows):
        info = _info(kinds, measure)
        if info is not None and info.interval == "linearisation":
            notes.append(word("interval_note_linearisation", lang, measure=info.label(measure, lang)))
    return notes


def markdown(rows: list[dict[str, Any]], lang: str = "en", kinds: Mapping[str, str | MeasureInfo] | None = None) -> str:
    header, cells = formatted_rows(rows, lang, kinds)
    notes = "".join("\n" + markdown_text(n) + "\n" for n in interval_notes(rows, lang, kinds))
    return markdown_grid(header, cells, text_columns=2) + notes


def markdown_grid(header: list[str], cells: list[list[str]], text_columns: int = 1) -> str:
    """A Markdown table; every cell escaped (:func:`markdown_text`), numbers right-aligned."""
    lines = ["| " + " | ".join(markdown_text(h) for h in header) + " |",
             "|" + "|".join("---" if i < text_columns else "---:" for i in range(len(header))) + "|"]  # fmt: skip
    lines += ["| " + " | ".join(markdown_text(c) for c in row) + " |" for row in cells]
    return "\n".join(lines) + "\n"


def league_table(
    snapshot: Snapshot,
    fmt_name: str = "md",
    level: str | int | None = None,
    within: str | None = None,
    lang: str = "en",
    formula_guard: bool = True,
    measures: list[str] | None = None,
) -> str:
    """The league of every measure at ``level`` (see :func:`attain.report.league`) as ``"md"``
    (one table a measure, in ``lang``), ``"csv"`` (every row, a ``measure`` column; headings in
    ``lang``) or ``"json"`` (schema ``attain.league``, version 1: ``{"schema", "version",
    "as_of", "leagues": [{"measure", "level", "ranked_by", "rows": [...]}]}``)."""
    from .labels import level_name
    from .league import LEAGUE_COLUMNS, league, league_note

    tables = [league(snapshot, level, m, within) for m in measures or snapshot.measures]
    if fmt_name == "json":
        doc = {"schema": "attain.league", "version": 1, "as_of": snapshot.as_of,
               "leagues": [{"measure": t.measure, "level": t.level, "ranked_by": t.ranked_by, "rows": t.rows} for t in tables]}  # fmt: skip
        return json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False)
    if fmt_name == "csv":
        rows = [{"measure": t.measure, **r} for t in tables for r in t.rows]
        return csv_table(rows, ("measure", *LEAGUE_COLUMNS), lang, formula_guard)
    if fmt_name == "md":
        from .league import formatted_league

        info = measure_info(snapshot)
        parts = []
        for t in tables:
            header, cells, _, _ = formatted_league(t, lang, info[t.measure])
            title = word("league_of", lang, level=level_name(t.level, lang), measure=t.measure)
            parts.append(f"### {markdown_text(title)}\n\n" + markdown_grid(header, cells, text_columns=3)
                         + "\n" + markdown_text(league_note(t, lang, info=info[t.measure])) + "\n")  # fmt: skip
        return "\n".join(parts)
    raise InvalidInputError(f"table format {fmt_name!r} is not one of {', '.join(FORMATS)}")


#: The columns of the signals table in CSV and JSON: one row per rule and month where it fired.
SIGNAL_COLUMNS = ("measure", "rule", "period", "ratio", "centre_line", "lower", "upper")


def signals_table(
    panel: Panel,
    snapshot: Snapshot,
    unit: str | None = None,
    fmt_name: str = "md",
    lang: str = "en",
    formula_guard: bool = True,
) -> str:
    """The monitoring of ``unit`` (default: the root) per measure (see
    :mod:`attain.report.monitoring`): ``"md"`` a section with, per measure, the chart's verdict,
    Pettitt's suggestion to rebase when it finds a change, and the rules that fired; ``"csv"`` one
    row per rule and month where it fired (:data:`SIGNAL_COLUMNS`, the rule by its name in
    :class:`attain.SpcSignal`); ``"json"`` (schema ``attain.signals``, version 1) the same rows
    with, per measure, the chart and Pettitt's change point."""
    from .fields import default_unit
    from .monitoring import monitoring, monitoring_note, signal_header, signal_rows, summary_sentence

    unit = unit or default_unit(snapshot)
    info = measure_info(snapshot)
    watched = [monitoring(panel, snapshot, unit, m) for m in snapshot.measures]
    if fmt_name == "md":
        parts = [f"## {markdown_text(word('monitoring', lang))}\n"]
        for w in watched:
            label = info[w.measure].label(w.measure, lang)
            parts.append(f"### {markdown_text(word('monitoring_of', lang, measure=label))}\n\n{markdown_text(summary_sentence(w, lang, label))}\n")
            cells = signal_rows(w, lang)
            if cells:
                parts.append(markdown_grid(signal_header(lang), cells, text_columns=3))
        parts.append(markdown_text(monitoring_note(watched, lang)) + "\n")
        return "\n".join(parts)
    rows = [
        {"measure": w.measure, "rule": s.rule, "period": w.periods[k], "ratio": float(w.chart.value[k]),
         "centre_line": float(w.chart.centre[k]), "lower": float(w.chart.lower[k]), "upper": float(w.chart.upper[k])}
        for w in watched if w.chart is not None for s in w.chart.signals for k in s.points.tolist()
    ]  # fmt: skip
    if fmt_name == "json":
        charts = [
            {"measure": w.measure, "chart": None if w.chart is None else w.chart.chart, "reason": w.reason or None,
             "periods": w.periods, "change_period": w.change_period,
             "change_p_value": None if w.change is None else float(w.change.p_value)}
            for w in watched
        ]  # fmt: skip
        doc = {"schema": "attain.signals", "version": 1, "as_of": snapshot.as_of, "unit": unit, "charts": charts, "rows": rows}
        return json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False)
    if fmt_name == "csv":
        return csv_table(rows, SIGNAL_COLUMNS, lang, formula_guard)
    raise InvalidInputError(f"table format {fmt_name!r} is not one of {', '.join(FORMATS)}")
