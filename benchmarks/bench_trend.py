"""Trend benchmark: attain against scipy.stats and pymannkendall, side by side in one run.

* Mann-Kendall (original) of one series of 10^4 values against ``pymannkendall.original_test``,
  and attain alone at 10^6; with Sen's slope (as pymannkendall, which always computes it) and
  the test alone (``slope=False``: S, var S, z, p);
* Theil-Sen with its 95 % interval of one series of 10^4 values against
  ``scipy.stats.theilslopes``, and attain alone at 10^6 with its peak memory (measured in a
  subprocess: resident set size before and after);
* 100,000 series of 12 monthly values: linear_trend + theil_sen + mann_kendall for all of them
  against a per-series Python loop over ``scipy.stats.linregress``, ``scipy.stats.theilslopes``
  and ``pymannkendall.original_test``; the loop is timed on the first 2,000 series and scaled
  (x 50), which the table says.

attain runs with one thread; the "2 threads" column passes ``threads=2``. Ratios are reference
time / attain time (one thread). Every row also checks that the results agree.

    PYTHONPATH=python python3 benchmarks/bench_trend.py            # the sizes above
    PYTHONPATH=python python3 benchmarks/bench_trend.py --quick    # a few seconds, CI smoke run
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pymannkendall as pmk
import scipy.stats as st
from timing import best_of, timed

import attain

# Peak resident set size from /proc (VmHWM starts afresh at exec; ru_maxrss would inherit the
# parent's peak across fork + exec).
_MEMORY_CHILD = """
import json, sys, time
import numpy as np
import attain
def peak_kib():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
n = int(sys.argv[1])
y = np.random.default_rng(3).normal(size=n) + 1e-6 * np.arange(n)
before = peak_kib()
start = time.perf_counter()
r = attain.theil_sen(y)
elapsed = time.perf_counter() - start
after = peak_kib()
print(json.dumps({"seconds": elapsed, "peak_extra_mib": (after - before) / 1024, "input_mib": y.nbytes / 2**20}))
"""


def quiet(fn: Callable[..., object], *args: object, **kwargs: object) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes, 1 repeat")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    quick = args.quick
    repeat = 1 if quick else args.repeat
    n_ref = 2_000 if quick else 10_000
    n_big = 100_000 if quick else 1_000_000
    n_series, n_loop = (10_000, 200) if quick else (100_000, 2_000)
    rng = np.random.default_rng(2021)
    rows = []

    # Mann-Kendall, one series: continuous values, then integer values (many tied slopes)
    def mann_kendall_rows(y: np.ndarray, label: str, reference: str, test_alone: bool) -> None:
        ours = attain.mann_kendall(y)
        t_ref, ref = timed(lambda: pmk.original_test(y))
        agree = max(abs(ours.z - ref.z), abs(ours.slope - ref.slope), abs(ours.p - ref.p))
        t1 = best_of(lambda: attain.mann_kendall(y), repeat)
        t2 = best_of(lambda: attain.mann_kendall(y, threads=2), repeat)
        target = ">= 1000x" if not label and n_ref == 10_000 else ""
        rows.append((f"mann_kendall original, n = {n_ref:,}{label}", t1, t2, t_ref, reference, agree, target))
        if test_alone:  # S, var S, z, p without Sen's slope, which pymannkendall cannot skip
            bare = attain.mann_kendall(y, slope=False)
            agree = max(abs(bare.z - ref.z), abs(bare.p - ref.p), abs(bare.s - ref.s))
            t1 = best_of(lambda: attain.mann_kendall(y, slope=False), repeat)
            rows.append((f"mann_kendall test only (slope=False), n = {n_ref:,}", t1, float("nan"), t_ref,
                         "pymannkendall (slope always)", agree, ""))

    mann_kendall_rows(rng.normal(size=n_ref) + 0.001 * np.arange(n_ref), "", "pymannkendall.original_test", True)
    mann_kendall_rows(np.round(rng.normal(size=n_ref) * 5 + 0.001 * np.arange(n_ref)), ", integer values",
                      "pymannkendall", False)
    big = rng.normal(size=n_big) + 1e-6 * np.arange(n_big)
    t1 = best_of(lambda: attain.mann_kendall(big), repeat)
    t2 = best_of(lambda: attain.mann_kendall(big, threads=2), repeat)
    big_target = n_big == 1_000_000
    rows.append((f"mann_kendall original, n = {n_big:,}", t1, t2, float("nan"), "-", float("nan"),
                 "< 1 s" if big_target else ""))
    t1 = best_of(lambda: attain.mann_kendall(big, slope=False), repeat)
    rows.append((f"mann_kendall test only (slope=False), n = {n_big:,}", t1, float("nan"), float("nan"), "-",
                 float("nan"), ""))

    # Theil-Sen with interval, one series
    y = rng.normal(size=n_ref) + 0.01 * np.arange(n_ref)
    ours = attain.theil_sen(y)
    start = time.perf_counter()
    ref = st.theilslopes(y)
    t_ref = time.perf_counter() - start
    agree = max(abs(a - b) for a, b in zip(ours, ref))
    t1 = best_of(lambda: attain.theil_sen(y), repeat)
    t2 = best_of(lambda: attain.theil_sen(y, threads=2), repeat)
    rows.append((f"theil_sen with interval, n = {n_ref:,}", t1, t2, t_ref, "scipy.stats.theilslopes", agree, ""))
    child = subprocess.run(
        [sys.executable, "-c", _MEMORY_CHILD, str(n_big)],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(Path(attain.__file__).parent.parent)},
    )
    memory = json.loads(child.stdout)
    t2 = best_of(lambda: attain.theil_sen(big, threads=2), repeat)
    # One thread: the best of the subprocess's run (which measures the memory) and `repeat` more.
    t1 = min(memory["seconds"], best_of(lambda: attain.theil_sen(big), repeat))
    rows.append((f"theil_sen with interval, n = {n_big:,}", t1, t2, float("nan"), "-", float("nan"),
                 "< 2 s" if big_target else ""))

    # Many short series
    months = np.arange(12, dtype=float)
    many = np.round(rng.normal(size=(n_series, 12)) * 20) + months * rng.normal(size=(n_series, 1))

    def attain_all(threads: int) -> None:
        attain.linear_trend(many, months, threads=threads)
        attain.theil_sen(many, months, threads=threads)
        attain.mann_kendall(many, threads=threads)

    def loop() -> list[tuple[float, float, float]]:
        out = []
        for row in many[:n_loop]:
            a = st.linregress(months, row)
            b = quiet(st.theilslopes, row, months)
            c = pmk.original_test(row)
            out.append((a.slope, b.slope, c.slope))
        return out

    start = time.perf_counter()
    ref_rows = loop()
    t_ref = (time.perf_counter() - start) * (n_series / n_loop)
    lt = attain.linear_trend(many[:n_loop], months)
    ts = attain.theil_sen(many[:n_loop], months)
    mk = attain.mann_kendall(many[:n_loop])
    want = np.array(ref_rows)
    agree = float(np.max(np.abs(np.column_stack([lt.slope, ts.slope, mk.slope]) - want)))
    t1 = best_of(lambda: attain_all(1), repeat)
    t2 = best_of(lambda: attain_all(2), repeat)
    rows.append(
        (
            f"{n_series:,} series x 12: linear + Theil-Sen + MK",
            t1,
            t2,
            t_ref,
            f"per-series loop, {n_loop:,} timed x {n_series // n_loop}",
            agree,
            "",
        )
    )

    print(f"best of {repeat}; ratio = reference time / attain time (1 thread); targets from issue 15 "
          "(full sizes only), checked against the 1-thread column")
    print(f"{'computation':<54} {'attain 1 thr':>12} {'2 threads':>10} {'reference':>10} {'ratio':>8}  "
          f"{'max |diff|':>10}  {'target':>9} {'met':>4}  reference")
    for name, a1, a2, ref_t, ref_name, diff, target in rows:
        ratio = f"{ref_t / a1:7.0f}x" if ref_t == ref_t else "       -"
        ref_s = f"{ref_t:10.3f}" if ref_t == ref_t else "         -"
        diff_s = f"{diff:10.1e}" if diff == diff else "         -"
        met = "-"
        if target.startswith(">="):
            met = "yes" if ref_t / a1 >= float(target.split()[1].rstrip("x")) else "no"
        elif target.startswith("<"):
            met = "yes" if a1 < float(target.split()[1]) else "no"
        print(f"{name:<54} {a1:12.4f} {a2:10.4f} {ref_s} {ratio}  {diff_s}  {target or '-':>9} {met:>4}  {ref_name}")
    print(
        f"theil_sen n = {n_big:,}: peak memory above the input {memory['peak_extra_mib']:.0f} MiB "
        f"(input {memory['input_mib']:.0f} MiB; resident set size in a subprocess)"
    )


if __name__ == "__main__":
    main()
