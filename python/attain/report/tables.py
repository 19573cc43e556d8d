"""Tables of units as Markdown, CSV and JSON.

One row per (unit, measure): done, eligible, ratio with its 95 % Wilson interval (for the measures
declared counts; the snapshot computes it), target, gap,
shortfall, met, change on the previous month and rank among siblings. CSV and JSON carry the
numbers unformatted (fractions, not percent); Markdown formats them for people.

JSON schema ``attain.units``, version 1::

    {"schema": "attain.units", "version": 1, "as_of": "2021-06", "months_elapsed": 9,
     "months_remaining": 3, "rows": [{"unit": str, "parent": str | null, "measure": str,
     "done": int, "eligible": int, "accepted": int | null, "ratio": float | null,
     "ci_low": float | null, "ci_high": float | null, "target": float | null,
     "gap": float | null, "shortfall": int | null, "met": bool, "change_prev": float | null,
     "rank": int | null}, ...]}

``null`` stands for "not defined" (no ratio when eligible is 0, no target, no previous month).
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

from .. import _format as fmt
from ..errors import InvalidInputError
from ..snapshot import Snapshot

COLUMNS = (
    "unit", "parent", "measure", "done", "eligible", "accepted", "ratio", "ci_low", "ci_high",
    "target", "gap", "shortfall", "met", "change_prev", "rank",
)  # fmt: skip
FORMATS = ("md", "csv", "json")


def unit_rows(snapshot: Snapshot, units: list[str] | None = None, alpha: float = 0.05) -> list[dict[str, Any]]:
    """The table as dicts (numbers unformatted; None where not defined). The interval is the
    snapshot's Wilson score interval at level 1 - alpha, given for the measures declared counts
    only (money, and a measure whose kind is not declared, have none: see :meth:`Snapshot.interval`)."""
    units = snapshot.units if units is None else units
    index = [snapshot.index_of(u) for u in units]
    rows: list[dict[str, Any]] = []
    for m in snapshot.measures:
        low, high = snapshot.interval(m, alpha)
        for i, u in zip(index, units):
            s = snapshot.unit(u, m)
            rows.append(
                {
                    "unit": s.unit, "parent": s.parent, "measure": m, "done": s.done, "eligible": s.eligible,
                    "accepted": s.accepted, "ratio": _num(s.ratio), "ci_low": _num(low[i]), "ci_high": _num(high[i]),
                    "target": s.target, "gap": _num(s.gap), "shortfall": s.shortfall, "met": s.met,
                    "change_prev": _num(s.change_prev), "rank": s.rank,
                }
            )  # fmt: skip
    return rows


def _num(x: float) -> float | None:
    return None if x is None or math.isnan(x) else float(x)


def unit_table(snapshot: Snapshot, fmt_name: str = "md", units: list[str] | None = None, lang: str = "en") -> str:
    """The unit table as ``"md"``, ``"csv"`` or ``"json"`` text."""
    rows = unit_rows(snapshot, units)
    if fmt_name == "json":
        doc = {
            "schema": "attain.units", "version": 1, "as_of": snapshot.as_of,
            "months_elapsed": snapshot.months_elapsed, "months_remaining": snapshot.months_remaining, "rows": rows,
        }  # fmt: skip
        return json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False)
    if fmt_name == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: ("" if v is None else repr(v) if isinstance(v, float) else v) for k, v in r.items()} for r in rows)
        return out.getvalue()
    if fmt_name == "md":
        return markdown(rows, lang, kinds_of(snapshot))
    raise InvalidInputError(f"table format {fmt_name!r} is not one of {', '.join(FORMATS)}")


def kinds_of(snapshot: Snapshot) -> dict[str, str]:
    """Each measure's declared kind, which says why a row has no interval."""
    return {m: snapshot.kind(m) for m in snapshot.measures}


#: What the interval cell says for a measure without intervals, by its kind.
NO_INTERVAL = {"money": "none (money)", "unspecified": "none (kind not declared)"}


def formatted_rows(
    rows: list[dict[str, Any]], lang: str = "en", kinds: dict[str, str] | None = None
) -> tuple[list[str], list[list[str]]]:
    """Header and cells formatted for people (shared by Markdown and HTML). With ``kinds``
    (measure -> kind), a measure without intervals says why in the interval column."""
    header = ["unit", "measure", "done", "eligible", "ratio", "95% interval", "target", "gap (points)",
              "shortfall", "met", "change (points)", "rank"]  # fmt: skip
    cells = []
    for r in rows:
        def pct(x: float | None) -> str:
            return "" if x is None else fmt.percent(x, 2, lang)

        def pts(x: float | None) -> str:
            return "" if x is None else fmt.number(100 * x, 2, lang)

        interval = "" if r["ci_low"] is None else f"{pct(r['ci_low'])} – {pct(r['ci_high'])}"
        if r["ci_low"] is None and kinds is not None:
            interval = NO_INTERVAL.get(kinds.get(r["measure"], ""), "")
        cells.append([
            r["unit"], r["measure"], fmt.whole(r["done"], lang), fmt.whole(r["eligible"], lang), pct(r["ratio"]), interval,
            pct(r["target"]), pts(r["gap"]), "" if r["shortfall"] is None else fmt.whole(r["shortfall"], lang),
            "" if r["target"] is None else ("yes" if r["met"] else "no"), pts(r["change_prev"]),
            "" if r["rank"] is None else str(r["rank"]),
        ])  # fmt: skip
    return header, cells


def markdown(rows: list[dict[str, Any]], lang: str = "en", kinds: dict[str, str] | None = None) -> str:
    header, cells = formatted_rows(rows, lang, kinds)
    esc = [[c.replace("|", "\\|") for c in row] for row in cells]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" if i < 2 else "---:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in esc]
    return "\n".join(lines) + "\n"
