"""Reliability benchmark: Mann-Kendall at 10^7 points against an exact big-integer computation.

The variance of S, n(n-1)(2n+5)/18 less the tie terms, passes 2^63 at about 1.66 million
points; before the fix attain's int64 arithmetic wrapped there, and noise read as a trend or
gave a NaN p-value. This benchmark draws n integer values (64 levels, so there are heavy ties),
runs ``attain.mann_kendall(x, slope=False)`` and computes S, var S and p independently:

* S with numpy int64 counts per value level (no pair count exceeds 2^63) summed as Python
  integers: S = sum over j of #{i < j: x_i < x_j} - #{i < j: x_i > x_j};
* var S as a Fraction of Python integers, and its correctly rounded double;
* z to 50 digits with the decimal module, and p = erfc(|z| / sqrt 2) (math.erfc, accurate to
  about 1e-16 relative at these p).

It prints the figures, what int64 arithmetic gives for the first term, and the timings, and
exits non-zero if S or var S differ at all, or p by more than 1e-12 relative.

    PYTHONPATH=python python3 benchmarks/bench_reliability.py            # n = 10^7
    PYTHONPATH=python python3 benchmarks/bench_reliability.py --quick    # n = 2 x 10^6
"""

from __future__ import annotations

import argparse
import math
import sys
from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np
from timing import timed

import attain

LEVELS = 64


def exact_s(x: np.ndarray) -> int:
    """S from per-level prefix counts (exact: every count is below n^2 < 2^63, summed as ints)."""
    n = len(x)
    position = np.arange(n, dtype=np.int64)
    s = 0
    for v in range(LEVELS):
        at = np.flatnonzero(x == v)
        if at.size == 0:
            continue
        less = np.cumsum(x < v)  # less[j] = #{i <= j: x_i < v}; for x_j = v, i < j alike
        smaller = less[at]
        equal_before = np.arange(at.size, dtype=np.int64)
        larger = position[at] - smaller - equal_before
        s += int(smaller.sum()) - int(larger.sum())
    return s


def exact_var(x: np.ndarray) -> Fraction:
    n = len(x)
    ties = sum(int(t) * (int(t) - 1) * (2 * int(t) + 5) for t in np.bincount(x) if t > 1)
    return Fraction(n * (n - 1) * (2 * n + 5) - ties, 18)


def exact_p(s: int, var: Fraction) -> float:
    if s == 0:
        return 1.0
    with localcontext() as ctx:
        ctx.prec = 50
        z = Decimal(s - (1 if s > 0 else -1)) / (Decimal(var.numerator) / Decimal(var.denominator)).sqrt()
    return math.erfc(abs(float(z)) / math.sqrt(2))


def wrapped_int64(v: int) -> int:
    return (v + 2**63) % 2**64 - 2**63


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 x 10^6 points (a smoke run)")
    parser.add_argument("--n", type=int, default=None)
    args = parser.parse_args()
    n = args.n or (2_000_000 if args.quick else 10_000_000)
    rng = np.random.default_rng(2026)
    x = rng.integers(0, LEVELS, size=n)
    xf = x.astype(float)

    seconds, r = timed(lambda: attain.mann_kendall(xf, slope=False), 1)
    exact_seconds, (s, var) = timed(lambda: (exact_s(x), exact_var(x)), 1)
    p = exact_p(s, var)
    first = n * (n - 1) * (2 * n + 5)
    print(f"Mann-Kendall, n = {n:,} values in {LEVELS} tied levels (seed 2026)")
    print(f"  n(n-1)(2n+5)        exact {first:,}; in int64 it wraps to {wrapped_int64(first):,}")
    print(f"  S                   attain {r.s:,.0f}   exact {s:,}")
    print(f"  var S               attain {r.var_s!r}   exact {var.numerator / var.denominator!r} ({float(var)!r} rounded)")
    print(f"  p                   attain {r.p!r}   exact {p!r}")
    ties = first - 18 * var.numerator // var.denominator
    old_var = (float(wrapped_int64(first)) - float(ties)) / 18.0  # what the int64 code computed
    old = "NaN" if old_var <= 0 else repr(exact_p(s, Fraction(old_var)))
    print(f"  with int64 (before) var S {old_var!r}, p {old}")
    print(f"  time                attain {seconds:.2f} s (one thread, no Sen's slope); exact reference {exact_seconds:.2f} s")
    ok = r.s == s and r.var_s == float(var) and abs(r.p - p) <= 1e-12 * p
    print("  agreement:", "S and var S identical, p within 1e-12 relative" if ok else "DISAGREEMENT")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
