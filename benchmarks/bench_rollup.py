"""Roll-up benchmark: attain.rollup vs pandas groupby-sum + divide vs polars, side by side.

N rows of (unit code, period code, 4 int64 columns) -> exact sums per unit x month and the
ratios done / eligible. Keys are categoricals (dense codes) for every library. Also: a numpy
sum over the same bytes (the memory-bandwidth floor), attain with 2 threads, and the peak
memory of streaming a CSV file in chunks with attain.rollup_chunks.

    python benchmarks/bench_rollup.py                 # 10^7 and 10^8 rows
    python benchmarks/bench_rollup.py --sizes 1e7     # one size
    python benchmarks/bench_rollup.py --quick         # 10^5 rows, CI smoke run
"""

from __future__ import annotations

import argparse
import os

# Single-threaded comparison: polars reads this when it is first imported.
os.environ.setdefault("POLARS_MAX_THREADS", "1")
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd
from timing import best_of

import attain

VALUES = ["count_done", "count_eligible", "amount_done", "amount_eligible"]


def make(n, n_units, seed=0):
    rng = np.random.default_rng(seed)
    periods = [str(p) for p in pd.period_range("2021-01", periods=12, freq="M")]
    eligible = rng.integers(0, 1000, n)
    amount = rng.integers(0, 10**9, n)
    return pd.DataFrame({
        "unit": pd.Categorical.from_codes(rng.integers(0, n_units, n).astype(np.int32), [f"u{i}" for i in range(n_units)]),
        "period": pd.Categorical.from_codes(rng.integers(0, 12, n).astype(np.int8), periods),
        "count_eligible": eligible,
        "count_done": eligible // 2,
        "amount_eligible": amount,
        "amount_done": amount // 3,
    })


def bench(n, n_units, repeat):
    frame = make(n, n_units)
    values = frame[VALUES]
    nbytes = sum(frame[c].to_numpy().nbytes for c in VALUES) + frame["unit"].cat.codes.nbytes + frame["period"].cat.codes.nbytes

    def ours(threads=1):
        t = attain.rollup(frame, values=VALUES, threads=threads)
        with np.errstate(invalid="ignore", divide="ignore"):
            return t.sums[..., 0] / t.sums[..., 1], t.sums[..., 2] / t.sums[..., 3]

    def pandas_way():
        g = frame.groupby(["unit", "period"], observed=True)[VALUES].sum()
        return g["count_done"] / g["count_eligible"], g["amount_done"] / g["amount_eligible"]

    rows = [("attain.rollup, 1 thread", best_of(ours, repeat)), ("attain.rollup, 2 threads", best_of(lambda: ours(2), repeat))]
    rows.append(("pandas groupby-sum + divide", best_of(pandas_way, repeat)))
    try:
        import polars as pl

        pf = pl.from_pandas(frame)

        def polars_way():
            g = pf.group_by(["unit", "period"]).agg([pl.col(c).sum() for c in VALUES])
            return g.with_columns((pl.col("count_done") / pl.col("count_eligible")).alias("r1"), (pl.col("amount_done") / pl.col("amount_eligible")).alias("r2"))

        rows.append(("polars group_by-sum + divide", best_of(polars_way, repeat)))
    except ImportError:
        rows.append(("polars (not installed)", float("nan")))
    floor = best_of(lambda: [values[c].to_numpy().sum() for c in VALUES] + [frame["unit"].cat.codes.to_numpy().sum()], repeat)
    rows.append(("numpy sum over the same bytes (bandwidth floor)", floor))
    # Check that attain and pandas agree exactly before reporting.
    t = attain.rollup(frame, values=VALUES)
    g = frame.groupby(["unit", "period"], observed=True)[VALUES].sum()
    assert int(g["amount_done"].sum()) == int(t.sums[..., 2].sum())
    ours_1 = rows[0][1]
    print(f"\n{n:,} rows, {n_units:,} units x 12 months ({n_units * 12:,} groups), {nbytes / 2**20:,.0f} MiB of input, best of {repeat}")
    print(f"  {'method':<48}{'seconds':>9}{'rows/s':>14}{'vs attain':>11}")
    for name, secs in rows:
        print(f"  {name:<48}{secs:>9.3f}{n / secs:>14,.0f}{secs / ours_1:>10.1f}x")
    print(f"  attain reads {nbytes / ours_1 / 2**30:.2f} GiB/s; the numpy floor reads {nbytes / floor / 2**30:.2f} GiB/s")


# Peak resident set size from /proc (VmHWM starts afresh at exec; ru_maxrss would report the
# parent's peak, inherited across fork + exec).
STREAM = f"""
import sys, pandas as pd, attain
chunks = pd.read_csv(sys.argv[1], chunksize=int(sys.argv[2]), dtype={{"unit": "category"}})
t = attain.rollup_chunks(chunks, values={VALUES!r})
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(peak, int(t.rows.sum()))
"""


def bench_stream(n, n_units):
    frame = make(n, n_units, seed=1)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "records.csv")
        frame.to_csv(path, index=False)
        size = os.path.getsize(path)
        del frame
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", STREAM, path, "500000"], capture_output=True, text=True, check=True).stdout.split()
        secs = time.perf_counter() - t0
    peak_mib, rows = int(out[0]) / 1024, int(out[1])
    assert rows == n
    print(f"\nStreaming a {size / 2**20:,.0f} MiB CSV of {n:,} rows in chunks of 500,000: peak memory {peak_mib:,.0f} MiB "
          f"(interpreter and libraries included), {secs:.1f} s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sizes", nargs="*", type=float, default=[1e7, 1e8])
    args = parser.parse_args()
    if args.quick:
        bench(10**5, 100, 1)
        bench_stream(10**5, 100)
        return
    for n in args.sizes:
        bench(int(n), 10_000 if n < 5e7 else 100_000, 3 if n < 5e7 else 1)
    bench_stream(int(min(args.sizes[0], 1e7)), 10_000)


if __name__ == "__main__":
    main()
