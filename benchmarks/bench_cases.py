"""Case-records benchmark: attain.from_cases vs the pandas and polars code an analyst would write.

N case records (officer, status, accepted and status dates, amount) of a national fiscal year:
acceptance dates from three years back, statuses of the ``thads`` scheme -> year-to-date
(accepted, eligible, done) by count and by money per officer and month, 12 months of an
October-to-September year. Every method computes the same figures (checked): each month, the
cases in the year's figures, those not excluded by then, those done by then.

- pandas / polars: one masked group-by per month over month numbers computed once (the fair,
  vectorised way; a per-case Python loop would be far slower);
- attain, end to end: ``attain.from_cases`` from datetime64 columns and from ISO date strings
  (parsing and status lookup included), returning a Panel;
- attain, kernel: the C++ difference-array kernel on the prepared integer columns.

    python benchmarks/bench_cases.py                # 10^7 cases
    python benchmarks/bench_cases.py --sizes 1e6    # another size
    python benchmarks/bench_cases.py --quick        # 10^5 cases, CI smoke run
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("POLARS_MAX_THREADS", "1")  # single-threaded comparison

import numpy as np
import pandas as pd
from timing import timed

import attain
from attain import _core

STATUSES = ["thi_hanh_xong", "dinh_chi", "dang_thi_hanh", "hoan_thi_hanh", "chua_co_dieu_kien", "uy_thac"]
ROLE = np.array([0, 0, 1, 1, 2, 2], dtype=np.int8)  # done, done, pending, pending, excluded, excluded
FIRST, N_MONTHS, FY_START = 2020 * 12 + 9, 12, 10  # 2020-10 .. 2021-09


def make(n, n_officers, seed=0):
    rng = np.random.default_rng(seed)
    accepted = np.datetime64("2018-01-01") + rng.integers(0, 365 * 3 + 270, n).astype("timedelta64[D]")
    status_date = accepted + rng.integers(0, 400, n).astype("timedelta64[D]")
    status = rng.choice(len(STATUSES), n, p=[0.4, 0.05, 0.3, 0.05, 0.15, 0.05]).astype(np.int8)
    return pd.DataFrame({
        "officer": pd.Categorical.from_codes(rng.integers(0, n_officers, n).astype(np.int32), [f"CHV{i:05d}" for i in range(n_officers)]),
        "status": pd.Categorical.from_codes(status, STATUSES),
        "accepted": accepted,
        "status_date": status_date,
        "amount": rng.integers(0, 10**10, n),
    })


def months(values):
    return (np.asarray(values).astype("datetime64[M]").astype(np.int64) + 1970 * 12).astype(np.int32)


def prepared(frame):
    """Integer columns every method starts from: month numbers, role codes."""
    return {
        "officer": frame["officer"].cat.codes.to_numpy().astype(np.int32),
        "role": ROLE[frame["status"].cat.codes.to_numpy()],
        "acc": months(frame["accepted"]),
        "stat": months(frame["status_date"]),
        "amount": frame["amount"].to_numpy(),
    }


def year_start(month):
    return month - (month - (FY_START - 1)) % 12


def with_pandas(p, n_officers):
    df = pd.DataFrame({"officer": p["officer"], "acc": p["acc"], "stat": p["stat"], "role": p["role"], "amount": p["amount"]})
    out = np.zeros((n_officers, N_MONTHS, 6), dtype=np.int64)
    done_role, excluded_role = df["role"].eq(0), df["role"].eq(2)
    for t in range(N_MONTHS):
        m = FIRST + t
        present = (df["acc"] <= m) & ~(done_role & (df["stat"] < year_start(m)))
        eligible = present & ~(excluded_role & (df["stat"] <= m))
        done = present & done_role & (df["stat"] <= m)
        for k, mask in enumerate((present, eligible, done)):
            sums = df.loc[mask].groupby("officer")["amount"].agg(["size", "sum"])
            out[sums.index.to_numpy(), t, k] = sums["size"].to_numpy()
            out[sums.index.to_numpy(), t, k + 3] = sums["sum"].to_numpy()
    return out


def with_polars(p, n_officers):
    import polars as pl

    df = pl.DataFrame({"officer": p["officer"], "acc": p["acc"], "stat": p["stat"], "role": p["role"], "amount": p["amount"]})
    out = np.zeros((n_officers, N_MONTHS, 6), dtype=np.int64)
    for t in range(N_MONTHS):
        m = FIRST + t
        present = (pl.col("acc") <= m) & ~((pl.col("role") == 0) & (pl.col("stat") < year_start(m)))
        eligible = present & ~((pl.col("role") == 2) & (pl.col("stat") <= m))
        done = present & (pl.col("role") == 0) & (pl.col("stat") <= m)
        g = df.group_by("officer").agg(
            [mask.sum().alias(f"n{k}") for k, mask in enumerate((present, eligible, done))]
            + [pl.col("amount").filter(mask).sum().alias(f"a{k}") for k, mask in enumerate((present, eligible, done))]
        )
        idx = g["officer"].to_numpy()
        for k in range(3):
            out[idx, t, k] = g[f"n{k}"].to_numpy()
            out[idx, t, k + 3] = g[f"a{k}"].to_numpy()
    return out


def with_kernel(p, n_officers):
    return _core.case_tallies(p["officer"], p["acc"], p["stat"], p["role"], p["role"], p["amount"], None, n_officers,
                              FIRST, N_MONTHS, FY_START)


def from_cases(frame):
    return attain.from_cases(frame, scheme="thads", unit="officer", periods=("2020-10", "2021-09"), fiscal_year_start=FY_START)


def bench(n, n_officers, repeat):
    frame = make(n, n_officers)
    p = prepared(frame)
    t_kernel, expected = timed(lambda: with_kernel(p, n_officers), repeat)
    rows = [("attain kernel (C++, prepared integer columns)", t_kernel)]
    t_pandas, got = timed(lambda: with_pandas(p, n_officers), 1)
    np.testing.assert_array_equal(got, expected)
    rows.append(("pandas: a masked groupby per month", t_pandas))
    try:
        t_polars, got = timed(lambda: with_polars(p, n_officers), repeat)
        np.testing.assert_array_equal(got, expected)
        rows.append(("polars: a filtered group_by per month (1 thread)", t_polars))
    except ImportError:
        print("  (polars is not installed: pip install 'attain[bench]')")
    t_dates, panel = timed(lambda: from_cases(frame), repeat)
    june = panel.totals("amount")["done"]
    assert int(june.sum()) == int(expected[..., 5].sum())
    rows.append(("attain.from_cases, datetime64 dates -> Panel", t_dates))
    strings = frame.assign(accepted=frame["accepted"].dt.strftime("%Y-%m-%d"), status_date=frame["status_date"].dt.strftime("%Y-%m-%d"))
    t_strings, _ = timed(lambda: from_cases(strings), 1)
    rows.append(("attain.from_cases, ISO date strings -> Panel", t_strings))
    print(f"\n{n:,} case records, {n_officers:,} officers x {N_MONTHS} months; best of {repeat} (pandas, strings: 1 run)")
    print(f"  {'method':<52}{'seconds':>9}{'cases/s':>15}{'vs kernel':>11}")
    for name, secs in rows:
        print(f"  {name:<52}{secs:>9.3f}{n / secs:>15,.0f}{secs / t_kernel:>10.1f}x")
    print(f"  pandas / attain end to end (datetime64): {t_pandas / t_dates:.1f}x")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sizes", nargs="*", type=float, default=[1e7])
    args = parser.parse_args()
    if args.quick:
        bench(10**5, 100, 1)
        return
    for n in args.sizes:
        bench(int(n), 5_000, 3)


if __name__ == "__main__":
    main()
