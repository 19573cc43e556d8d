"""The named fields a narrative template can use, read from a snapshot.

The report layer formats; it computes no statistics of its own: every value is a figure of
:class:`attain.Snapshot` (ratios, gaps, changes, children summaries, pace), scaled to percent /
percentage points where the name says ``_pct`` / ``_pts``. The fields are built by the C++
core (``include/attain/report/fields.hpp``, whose ``report_field_table`` lists them once: the
table below and :data:`FIELDS` are checked against it), so C++ applications get the same paragraph.

Fields (``m`` is each measure of the panel, e.g. ``count`` and ``amount``; the table is
generated from the C++ ``report_field_table``):
"""

from __future__ import annotations

from .. import _core
from ..snapshot import Snapshot

#: Every field name a template can use, from the one C++ table
#: (``attain::report_field_table``); ``m.`` stands for each measure of the panel.
FIELDS: tuple[str, ...] = tuple(("m." if per_measure else "") + name for name, _, per_measure, _, _ in _core.REPORT_FIELDS)


def _field_table() -> str:
    """The fields as a reStructuredText table (appended to this module's docstring)."""
    rows = [
        (f"``{name}``", f"{kind}: {meaning}" + (" (when the snapshot has it)" if optional else ""))
        for name, (_, kind, _, optional, meaning) in zip(FIELDS, _core.REPORT_FIELDS)
    ]
    width = max(len(r[0]) for r in rows)
    rule = "=" * width + "  " + "=" * max(len(r[1]) for r in rows)
    return "\n".join(["", rule, *(f"{n:<{width}}  {m}" for n, m in rows), rule, ""])


__doc__ = (__doc__ or "") + _field_table()


def report_fields(snapshot: Snapshot, unit: str | None = None) -> dict[str, bool | int | float | str]:
    """Every narrative field for ``unit`` (default: the first root of the panel) at the
    snapshot. It reads the snapshot (and the projections it keeps): nothing is recomputed."""
    if unit is None:
        unit = snapshot.roots[0]
    return _core.report_fields(snapshot.core, snapshot.index_of(unit))
