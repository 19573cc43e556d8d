"""Inference benchmark: attain against statsmodels, side by side in one run.

Proportion confidence intervals for 10^6 units (denominators log-uniform from 10 to 100,000,
ratios from 30 % to 90 %; about 62 % of the (count, nobs) pairs are distinct), then the Newcombe
difference; and Clopper-Pearson / Jeffreys for 10^6 officer-by-month tallies with denominators
1 to 300, where most tallies repeat. Prints the best of ``--repeat``
timings and the ratio statsmodels / attain (how many times faster attain is).

    PYTHONPATH=python python3 benchmarks/bench_inference.py            # 10^6 units
    PYTHONPATH=python python3 benchmarks/bench_inference.py --quick    # 10^4 units, CI smoke run
"""

from __future__ import annotations

import argparse
import math

import numpy as np
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint
from timing import best_of

import attain


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=10**6)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="10^4 units, 1 repeat")
    args = parser.parse_args()
    units, repeat = (10**4, 1) if args.quick else (args.units, args.repeat)

    rng = np.random.default_rng(2021)
    nobs = np.exp(rng.uniform(math.log(10), math.log(100_000), units)).astype(np.int64)
    count = rng.binomial(nobs, rng.uniform(0.3, 0.9, units))
    count2 = rng.binomial(nobs, rng.uniform(0.3, 0.9, units))

    rows = []
    # Officer-by-month tallies: small denominators (1 to 300), so many units share a tally.
    small_nobs = rng.integers(1, 301, units)
    small_count = rng.binomial(small_nobs, rng.uniform(0.3, 0.9, units))
    for label, ours, theirs in [("clopper_pearson", "clopper_pearson", "beta"), ("jeffreys", "jeffreys", "jeffreys")]:
        a = attain.proportion_ci(small_count, small_nobs, method=ours)
        s = proportion_confint(small_count, small_nobs, method=theirs)
        agree = max(float(np.max(np.abs(a.low - s[0]))), float(np.max(np.abs(a.high - s[1]))))
        t_ours = best_of(lambda m=ours: attain.proportion_ci(small_count, small_nobs, method=m), repeat)
        t_theirs = best_of(lambda m=theirs: proportion_confint(small_count, small_nobs, method=m), repeat)
        rows.append((f"proportion_ci {label}, nobs 1..300", t_ours, t_theirs, agree))

    for label, ours, theirs in [
        ("wilson", "wilson", "wilson"),
        ("normal (Wald)", "normal", "normal"),
        ("agresti_coull", "agresti_coull", "agresti_coull"),
        ("clopper_pearson", "clopper_pearson", "beta"),
        ("jeffreys", "jeffreys", "jeffreys"),
    ]:
        a = attain.proportion_ci(count, nobs, method=ours)
        s = proportion_confint(count, nobs, method=theirs)
        agree = max(float(np.max(np.abs(a.low - s[0]))), float(np.max(np.abs(a.high - s[1]))))
        t_ours = best_of(lambda m=ours: attain.proportion_ci(count, nobs, method=m), repeat)
        t_theirs = best_of(lambda m=theirs: proportion_confint(count, nobs, method=m), repeat)
        rows.append((f"proportion_ci {label}", t_ours, t_theirs, agree))

    d = attain.proportion_difference(count, nobs, count2, nobs)
    low, high = confint_proportions_2indep(count, nobs, count2, nobs, method="newcomb")
    agree = max(float(np.max(np.abs(d.low - low))), float(np.max(np.abs(d.high - high))))
    t_ours = best_of(lambda: attain.proportion_difference(count, nobs, count2, nobs), repeat)
    t_theirs = best_of(lambda: confint_proportions_2indep(count, nobs, count2, nobs, method="newcomb"), repeat)
    rows.append(("newcombe difference (+ z test in attain)", t_ours, t_theirs, agree))

    print(f"{units:,} units, best of {repeat}; ratio = statsmodels time / attain time")
    print(f"{'computation':<44} {'attain s':>10} {'statsmodels s':>14} {'ratio':>7} {'max |diff|':>11}")
    for name, t_ours, t_theirs, agree in rows:
        print(f"{name:<44} {t_ours:>10.4f} {t_theirs:>14.4f} {t_theirs / t_ours:>6.1f}x {agree:>11.1e}")


if __name__ == "__main__":
    main()
