"""HTML report benchmark: the time of :func:`attain.report.html_report` against the number of units.

A synthetic tree (a root, provinces, branches and officers, two measures: cases and money, nine
months of a fiscal year) of 1,000, 5,000 and 100,000 units; the report of the root with its
charts, league table and tree. The report stays bounded: it shows the first units of each list
and says how many more there are, so its size grows little with the tree. Before the report
read whole columns and bounded its charts, 1,000 child units took 42 s and 5,000 took 140 s.

    python benchmarks/bench_html.py            # 1k, 5k and 100k units
    python benchmarks/bench_html.py --quick    # 1k units, a smoke run for CI
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
from timing import timed

import attain
from attain import report


def synthetic_tree(n_units: int, flat: bool = False, seed: int = 1) -> attain.Panel:
    """About ``n_units`` units: a root over provinces over branches over officers (or, ``flat``,
    a root with every other unit as its child); the officers carry the tallies, nine months of
    year-to-date figures from an October fiscal year, a count and a money measure with targets."""
    rng = np.random.default_rng(seed)
    hierarchy: dict[str, str | None] = {"Root": None}
    if flat:
        leaves = [f"Unit {i}" for i in range(n_units - 1)]
        hierarchy.update({u: "Root" for u in leaves})
    else:
        side = max(2, round(n_units ** (1 / 3)))
        branches = []
        for p in range(side):
            hierarchy[f"Province {p}"] = "Root"
            for b in range(side):
                branches.append(f"Province {p} / Branch {b}")
                hierarchy[branches[-1]] = f"Province {p}"
        leaves = [f"{branches[k % len(branches)]} / Officer {k}" for k in range(max(n_units - len(hierarchy), 1))]
        hierarchy.update({u: u.rsplit(" / ", 1)[0] for u in leaves})
    periods = ["2020-10", "2020-11", "2020-12"] + [f"2021-{m:02d}" for m in range(1, 7)]
    n, t = len(leaves), len(periods)
    share = (np.arange(1, t + 1) / t)[:, None]
    eligible = rng.integers(3, 300, n)[None, :].repeat(t, 0)
    rate = rng.uniform(0.3, 0.95, n)[None, :]
    money = rng.integers(10**7, 10**10, n)[None, :].repeat(t, 0)
    columns = {
        "unit": leaves * t,
        "period": [p for p in periods for _ in range(n)],
        "count_done": (eligible * rate * share).astype(np.int64).ravel(),
        "count_eligible": eligible.ravel(),
        "amount_done": (money * rate * share * 0.6).astype(np.int64).ravel(),
        "amount_eligible": money.ravel(),
    }
    return attain.Panel.from_columns(columns, parent=None, hierarchy=hierarchy, targets={"count": 0.7, "amount": 0.4},
                                     fiscal_year_start=10, money=["amount"])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [1_000] if args.quick else [1_000, 5_000, 100_000]
    report.html_report(synthetic_tree(50), "2021-06")  # imports matplotlib once, outside the timings
    runs = 1 if args.quick else args.repeat
    print(f"\nHTML report of the root (vi headings, 5 charts, league tables, tree), best of {runs} (one run at 100,000)")
    print("  (cpu: this process's CPU time, which other work on the machine does not inflate)")
    print(f"  {'units':>9}  {'shape':<30}{'panel.at':>9}{'html wall':>11}{'html cpu':>10}{'size':>9}")
    for n in sizes:
        for flat in (False, True):
            panel = synthetic_tree(n, flat)
            start = time.perf_counter()
            snap = panel.at("2021-06")
            at = time.perf_counter() - start
            repeat = 1 if n >= 100_000 or args.quick else args.repeat
            wall, page = timed(lambda p=panel, s=snap: report.html_report(p, s, "vi"), repeat)
            cpu = min(cpu_time(lambda p=panel, s=snap: report.html_report(p, s, "vi")) for _ in range(repeat))
            shape = "a root and its children" if flat else "root/province/branch/officer"
            print(f"  {len(panel.units):>9,}  {shape:<30}{at:>8.2f}s{wall:>10.2f}s{cpu:>9.2f}s{len(page) / 1e6:>7.2f}MB")


def cpu_time(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start

if __name__ == "__main__":
    main()
