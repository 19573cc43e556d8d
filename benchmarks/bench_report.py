"""Report benchmark: 1,000 narrative paragraphs from one snapshot.

A snapshot is computed once per ``panel.at()`` call, whatever is rendered from it: a paragraph
reads the snapshot and the year-end projection it keeps (computed on the first paragraph of a
unit). The reference row is what the report layer did before the snapshot was a bound object:
a new ``panel.at()`` (and a new projection) for every paragraph.

    python benchmarks/bench_report.py            # 1,000 paragraphs
    python benchmarks/bench_report.py --quick    # 100, a smoke run for CI
"""

from __future__ import annotations

import argparse

from timing import best_of

import attain
from attain import _core, report
from attain._data import FOUNDING_AS_OF, FOUNDING_OPTIONS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    n = 100 if args.quick else 1000
    panel = attain.Panel.from_csv(attain.example_data_path(), **FOUNDING_OPTIONS)
    units = panel.units
    template = report.Template.built_in("thads", "vi")

    def one_snapshot() -> None:
        snap = panel.at(FOUNDING_AS_OF)
        for k in range(n):
            template.render(report.report_fields(snap, units[k % len(units)]), "vi")

    def a_snapshot_per_paragraph() -> None:
        for k in range(n):
            template.render(report.report_fields(panel.at(FOUNDING_AS_OF), units[k % len(units)]), "vi")

    before = _core.snapshots_computed()
    ours = best_of(one_snapshot, args.repeat)
    per_run = (_core.snapshots_computed() - before) // max(args.repeat, 1)
    theirs = best_of(a_snapshot_per_paragraph, args.repeat)
    print(f"\n{n:,} paragraphs ({len(units)} units, the founding panel, as of {FOUNDING_AS_OF})")
    print(f"  {'task':<52}{'seconds':>10}{'per paragraph':>16}")
    print(f"  {'one snapshot, every paragraph reads it':<52}{ours:>10.4f}{1e6 * ours / n:>13.1f} us")
    print(f"  {'reference: panel.at() for every paragraph':<52}{theirs:>10.4f}{1e6 * theirs / n:>13.1f} us")
    print(f"  snapshots computed per run: {per_run} (reference: {n}); speed-up {theirs / ours:.1f}x")


if __name__ == "__main__":
    main()
