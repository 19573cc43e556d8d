"""Core benchmark: attain vs numpy / pandas, side by side in one run.

1. completion_ratio and target_gap on N rows vs the numpy expressions an analyst would write
   (numpy's versions do no validation; attain checks every row for negative counts and
   done > eligible, and computes the exact shortfall).
2. A unit x period roll-up of N rows up a 3-level hierarchy (officers -> branches -> provinces)
   with the as-of snapshot, vs pandas groupby-sum + divide per level.

    python benchmarks/bench_core.py            # N = 10^7
    python benchmarks/bench_core.py --quick    # N = 10^5, a smoke run for CI
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
from timing import best_of

import attain


def report(title: str, rows: list[tuple[str, float, float]]) -> None:
    print(f"\n{title}")
    print(f"  {'task':<48}{'attain s':>10}{'reference s':>13}{'ratio':>8}")
    for name, ours, theirs in rows:
        print(f"  {name:<48}{ours:>10.4f}{theirs:>13.4f}{theirs / ours:>7.1f}x")


def bench_ratios(n: int, repeat: int) -> None:
    rng = np.random.default_rng(0)
    eligible = rng.integers(1, 10_000, size=n)
    done = (eligible * rng.random(n)).astype(np.int64)
    # 1 % of the rows exactly at the target (401 / 1000 = 40.1 %, the founding money target),
    # where the float product 0.401 * eligible rounds above the whole number
    eligible[: n // 100] = 1000 * rng.integers(1, 10, size=n // 100)
    done[: n // 100] = eligible[: n // 100] // 1000 * 401
    target = 0.401

    def checks() -> None:
        if (done < 0).any() or (eligible < 0).any() or (done > eligible).any():
            raise ValueError("bad tallies")

    def numpy_gap() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        ratio = done / eligible
        return ratio, target - ratio, np.maximum(np.ceil(target * eligible - done), 0).astype(np.int64), ratio >= target

    def numpy_gap_checked() -> object:
        checks()
        return numpy_gap()

    def numpy_ratio_checked() -> object:
        checks()
        return done / eligible

    rows = [
        ("completion_ratio vs numpy done / eligible", best_of(lambda: attain.completion_ratio(done, eligible), repeat),
         best_of(lambda: done / eligible, repeat)),
        ("  ... vs numpy with attain's checks", best_of(lambda: attain.completion_ratio(done, eligible), repeat),
         best_of(numpy_ratio_checked, repeat)),
        ("target_gap vs numpy ratio, gap, ceil, >=", best_of(lambda: attain.target_gap(done, eligible, target), repeat),
         best_of(numpy_gap, repeat)),
        ("  ... vs numpy with attain's checks", best_of(lambda: attain.target_gap(done, eligible, target), repeat),
         best_of(numpy_gap_checked, repeat)),
    ]
    report(f"Ratios and gaps on {n:,} rows (best of {repeat})", rows)
    ours = attain.target_gap(done, eligible, target)
    _, _, shortfall, met = numpy_gap()
    differ = (shortfall != ours.shortfall) | (met != ours.met)
    example = ""
    if differ.any():
        i = int(np.argmax(differ))
        d, e = int(done[i]), int(eligible[i])
        example = (f" (e.g. {d:,} of {e:,} is exactly {100 * target:g} %: numpy says {int(shortfall[i])} more needed, "
                   f"attain {int(ours.shortfall[i])})")
    print(f"  numpy's float shortfall / met differ from the exact ones at {int(differ.sum()):,} rows{example}")


def bench_rollup(n: int, repeat: int) -> None:
    rng = np.random.default_rng(1)
    n_periods = 100
    n_officers = n // n_periods
    n_branches = max(n_officers // 100, 1)
    n_provinces = max(n_branches // 10, 1)
    officers = [f"o{i}" for i in range(n_officers)]
    branch_of = rng.integers(0, n_branches, size=n_officers)
    province_of = rng.integers(0, n_provinces, size=n_branches)
    hierarchy = {f"o{i}": f"b{branch_of[i]}" for i in range(n_officers)}
    hierarchy |= {f"b{j}": f"p{province_of[j]}" for j in range(n_branches)}
    hierarchy |= {f"p{k}": None for k in range(n_provinces)}
    periods = [str(p) for p in pd.period_range("2015-01", periods=n_periods, freq="M")]
    unit = np.repeat(np.arange(n_officers), n_periods)
    period = np.tile(np.arange(n_periods), n_officers)
    eligible = rng.integers(1, 1000, size=n)
    done = (eligible * rng.random(n)).astype(np.int64)
    # Rows are year-to-date (the panel refuses a falling year-to-date series): each month's
    # flow summed from January, per officer (rows are officer-major, months from 2015-01).
    def year_to_date(flows: np.ndarray) -> np.ndarray:
        years = np.arange(n_periods) // 12
        out = flows.reshape(n_officers, n_periods).copy()
        for y in np.unique(years):
            out[:, years == y] = np.cumsum(out[:, years == y], axis=1)
        return out.reshape(-1)

    eligible, done = year_to_date(eligible), year_to_date(done)
    columns = {
        "unit": pd.Categorical.from_codes(unit, categories=officers),
        "period": pd.Categorical.from_codes(period, categories=periods),
        "count_done": done,
        "count_eligible": eligible,
    }
    frame = pd.DataFrame(columns)
    as_of = periods[-1]

    def ours() -> object:
        panel = attain.Panel.from_columns(columns, parent=None, hierarchy=hierarchy, measures=["count"])
        return panel.at(as_of)

    def pandas_way() -> object:
        f = frame.assign(branch=branch_of[unit], province=province_of[branch_of[unit]])
        out = []
        for level in ("unit", "branch", "province"):
            g = f.groupby([level, "period"], observed=True)[["count_done", "count_eligible"]].sum()
            out.append(g["count_done"] / g["count_eligible"])
        return out

    t_ours, t_pandas = best_of(ours, repeat), best_of(pandas_way, repeat)
    # Check that both computed the same province ratios at the as-of period.
    snap = ours()
    ratios = pandas_way()[2].xs(as_of, level="period")
    for k in range(n_provinces):
        assert snap.unit(f"p{k}", "count").ratio == ratios.loc[k]
    report(
        f"Roll-up of {n:,} rows ({n_officers:,} officers x {n_periods} months -> {n_branches:,} branches -> "
        f"{n_provinces:,} provinces), best of {repeat}",
        [("Panel build + snapshot (pandas groupby-sum + divide)", t_ours, t_pandas)],
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="small sizes for a CI smoke run")
    args = parser.parse_args()
    n, repeat = (10**5, 2) if args.quick else (10**7, 3)
    bench_ratios(n, repeat)
    bench_rollup(n, repeat)


if __name__ == "__main__":
    main()
