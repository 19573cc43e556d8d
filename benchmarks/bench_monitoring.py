"""Monitoring benchmark (issue 14): SPC charts, change points and shrinkage at 10^4 months or
units, side by side with a Python reference where one exists.

* ``spc_chart`` (Laney p', Anhøj rules) and ``xmr_chart`` (Nelson rules) of 10^4 months
  against the limits written in numpy (no rules: numpy has no run rules to compare with);
* ``spc_chart`` of 10^4 units x 24 months, one call per unit, against numpy per unit;
* ``pettitt`` of 10^4 months, and of 10^4 units x 36 months (one call, a 2-D array), against
  ``pyhomogeneity.pettitt_test(sim=None)`` (if installed);
* ``snht`` of 10^4 months (1,000 simulations: the cost is simulations x months) and of 10^4
  units x 36 months (one simulated null serves all), against pyHomogeneity's statistic;
* ``segmented_regression`` of 10^4 months against ``statsmodels`` OLS;
* ``beta_binomial_shrinkage`` of 10^4 units (ML and moments) against ``scipy.stats.betabinom``
  maximised with ``scipy.optimize.minimize`` (Nelder-Mead);
* ``benjamini_hochberg`` of 10^4 p-values against ``statsmodels`` ``multipletests``;
* ``Snapshot.meet_probability`` (pace and trend) of 10^4 units at month 6, the snapshot included,
  against a loop of ``scipy.stats.nbinom.sf`` (``scipy.special.betaincc`` with the quasi-Poisson
  dispersion phi > 1) per unit (pace) and the t predictive written in
  numpy with ``scipy.stats.t.cdf`` (trend).
* ``mann_kendall`` of 10^4 observed months with gaps (``times=``, one-sided), against
  ``pymannkendall.original_test`` on the calendar with NaN in the missing months (p halved);
  ``theil_sen(intercept="joint")`` of 10^4 months against the numpy formula; the block
  bootstrap (1,000 replicates) of 10^4 autocorrelated months with a trend, beside
  pymannkendall's Hamed-Rao test (both must reject).
* ``rank_intervals`` of 10^4 units (1,000 posterior draws, 2 threads) against the same simulation in numpy
  (``Generator.beta``, two ``argsort``), agreeing within the Monte Carlo error;
* ``target_flags`` of 10^4 units (exact binomial tests, Benjamini-Hochberg) against scipy's
  ``binom.cdf``/``binom.sf`` and statsmodels' ``fdr_bh``, to 1e-9;
* ``funnel_limits(tau2_method="reml")`` of 10^4 units beside DerSimonian-Laird (REML is checked
  against metafor in the tests; here only its cost);
* ``ratio_of_sums_interval`` of 10^4 case amounts: linearisation against svyratio's formula in
  numpy (1e-10), the case bootstrap (2,000 resamples) against ``scipy.stats.bootstrap`` (paired,
  percentile; different random streams, so each endpoint within 0.3 standard errors);
* ``funnel_limits`` with beta-binomial limits for 10^4 units with denominators up to 200,000
  against Spiegelhalter's interpolation with ``scipy.stats.betabinom`` (on 20 units: scipy's
  generic discrete quantile takes about a second per unit at these sizes), to 1e-8.

Every row checks that the results agree (the run fails otherwise) and says whether attain
took under 1 s (timing is reported, not enforced: a loaded CI machine must not fail the run).
Ratios are reference time / attain time; where the reference runs on a subset, its time is for
that subset.

    PYTHONPATH=python python3 benchmarks/bench_monitoring.py            # 3 repeats
    PYTHONPATH=python python3 benchmarks/bench_monitoring.py --quick    # 1 repeat, CI smoke run
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

import numpy as np
import pymannkendall as pmk
import statsmodels.api as sm
from scipy.optimize import minimize
from scipy.special import betaincc
from scipy.stats import betabinom, binom, nbinom
from scipy.stats import bootstrap as scipy_bootstrap
from scipy.stats import t as student_t
from statsmodels.stats.multitest import multipletests
from timing import timed

import attain

BUDGET = 1.0  # seconds at 10^4


def numpy_laney(done: np.ndarray, eligible: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    p = done / eligible
    pbar = done.sum() / eligible.sum()
    s = np.sqrt(pbar * (1 - pbar) / eligible)
    sz = np.abs(np.diff((p - pbar) / s)).mean() / 1.128
    return np.clip(pbar - 3 * s * sz, 0, 1), np.clip(pbar + 3 * s * sz, 0, 1)


def numpy_xmr(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    c, sigma = x.mean(), np.abs(np.diff(x)).mean() / 1.128
    return np.full(x.size, c - 3 * sigma), np.full(x.size, c + 3 * sigma)


def its_design(n: int, start: int) -> np.ndarray:
    t = np.arange(n, dtype=float) - start
    d = (np.arange(n) >= start).astype(float)
    return np.column_stack([np.ones(n), t, d, t * d])


def scipy_betabinom_ml(y: np.ndarray, n: np.ndarray) -> tuple[float, float]:
    def nll(t: np.ndarray) -> float:
        return float(-betabinom.logpmf(y, n, *np.exp(t)).sum())

    res = minimize(nll, [0.0, 0.0], method="Nelder-Mead", options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 5000})
    a, b = np.exp(res.x)
    return float(a), float(b)


def numpy_rank_simulation(a: np.ndarray, b: np.ndarray, draws: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean rank and P(top k) of independent Beta(a, b) units (rank 1 = highest), in numpy."""
    theta = np.random.default_rng(1).beta(a, b, size=(draws, a.size))
    ranks = (-theta).argsort(axis=1).argsort(axis=1) + 1
    return ranks.mean(axis=0), (ranks <= k).mean(axis=0)


def scipy_betabinom_limit(n: int, theta: float, rho: float, p: float) -> float:
    """Spiegelhalter's interpolated limit with scipy's beta-binomial (as tests/python/test_inference.py)."""
    a, b = theta * (1 - rho) / rho, (1 - theta) * (1 - rho) / rho
    r = betabinom.ppf(p, n, a, b)
    excess = betabinom.cdf(r, n, a, b) - p if p < 0.5 else (1 - p) - betabinom.sf(r, n, a, b)
    return max(0.0, (r - excess / betabinom.pmf(r, n, a, b)) / n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1 repeat, smaller scipy reference fit")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    repeat = 1 if args.quick else args.repeat
    n = 10_000
    rng = np.random.default_rng(14)
    rows: list[tuple[str, str, float, float | None, str, bool]] = []

    def row(name: str, reference: str, fn: Callable[[], Any], ref: Callable[[], Any] | None, check: Callable) -> None:
        seconds, ours = timed(fn, repeat)
        ref_seconds, theirs = timed(ref, repeat) if ref is not None else (None, None)
        rows.append((name, reference, seconds, ref_seconds, f"{n:,}", bool(check(ours, theirs))))

    # SPC, 10^4 months
    eligible = rng.integers(200, 5000, n)
    done = rng.binomial(eligible, np.clip(0.6 + 0.03 * rng.standard_normal(n), 0, 1))
    row(
        "spc_chart laney + anhoej",
        "numpy formulas (limits only)",
        lambda: attain.spc_chart(done, eligible),
        lambda: numpy_laney(done, eligible),
        lambda a, r: np.allclose(a.lower, r[0], rtol=1e-10) and np.allclose(a.upper, r[1], rtol=1e-10),
    )
    # 10^4 units of 24 months each, one chart per unit (a Python loop over attain calls)
    unit_e = rng.integers(20, 400, (n, 24))
    unit_d = rng.binomial(unit_e, 0.6)
    row(
        "spc_chart laney, 10^4 units x 24",
        "numpy formulas per unit (limits only)",
        lambda: [attain.spc_chart(unit_d[i], unit_e[i]) for i in range(n)],
        lambda: [numpy_laney(unit_d[i], unit_e[i]) for i in range(n)],
        lambda a, r: all(np.allclose(a[i].upper, r[i][1], rtol=1e-10) for i in range(0, n, 97)),
    )
    x = 0.7 + 0.02 * rng.standard_normal(n)
    row(
        "xmr_chart + nelson",
        "numpy formulas (limits only)",
        lambda: attain.xmr_chart(x, rules="nelson"),
        lambda: numpy_xmr(x),
        lambda a, r: np.allclose(a.lower, r[0], rtol=1e-10) and np.allclose(a.upper, r[1], rtol=1e-10),
    )

    # Change points, 10^4 months
    y = np.r_[rng.normal(100, 10, n // 2), rng.normal(104, 10, n - n // 2)]
    try:
        import pyhomogeneity as hg
    except ImportError:  # pragma: no cover - optional reference
        hg = None
    row(
        "pettitt",
        "pyhomogeneity (sim=None)" if hg else "(pyhomogeneity not installed)",
        lambda: attain.pettitt(y),
        (lambda: hg.pettitt_test(y, sim=None)) if hg else None,
        lambda a, r: r is None or (a.statistic == r.U and a.location == r.cp),
    )
    many = rng.normal(size=(n, 36))
    k = 1_000 if args.quick else n  # pyhomogeneity's loop takes seconds: a subset in --quick mode
    row(
        "pettitt, 10^4 units x 36",
        f"pyhomogeneity per unit (sim=None, {k:,} units)" if hg else "(pyhomogeneity not installed)",
        lambda: attain.pettitt(many),
        (lambda: [hg.pettitt_test(many[i], sim=None) for i in range(k)]) if hg else None,
        lambda a, r: r is None or all(a.statistic[i] == r[i].U and a.location[i] == r[i].cp for i in range(k)),
    )
    row(
        "snht (1,000 simulations)",
        "pyhomogeneity (statistic only, sim=None)" if hg else "(pyhomogeneity not installed)",
        lambda: attain.snht(y, simulations=1_000),
        (lambda: hg.snht_test(y, sim=None)) if hg else None,
        lambda a, r: r is None or (abs(a.statistic / r.T - 1) < 1e-10 and a.location == r.cp),
    )
    row(
        "snht, 10^4 units x 36 (one null)",
        f"pyhomogeneity per unit (sim=None, {k:,} units)" if hg else "(pyhomogeneity not installed)",
        lambda: attain.snht(many),
        (lambda: [hg.snht_test(many[i], sim=None) for i in range(k)]) if hg else None,
        lambda a, r: r is None or all(a.location[i] == r[i].cp for i in range(k)),
    )
    start = n // 2
    row(
        "segmented_regression",
        "statsmodels OLS",
        lambda: attain.segmented_regression(y, start),
        lambda: sm.OLS(y, its_design(n, start)).fit(),
        lambda a, r: abs(a.level_change.estimate - r.params[2]) <= 1e-10 * (abs(r.params[2]) + r.bse[2])
        and abs(a.slope_change.std_error / r.bse[3] - 1) <= 1e-10,
    )

    # Shrinkage, 10^4 units; the scipy fit runs on a subset in --quick mode
    units_n = rng.integers(1, 300, n)
    units_y = rng.binomial(units_n, rng.beta(6, 3, n))
    m = 1_000 if args.quick else n
    row(
        "beta_binomial_shrinkage ml",
        f"scipy betabinom + Nelder-Mead ({m:,} units)",
        lambda: attain.beta_binomial_shrinkage(units_y, units_n),
        lambda: scipy_betabinom_ml(units_y[:m], units_n[:m]),
        lambda a, r: m < n or abs(a.prior.a / r[0] - 1) < 1e-3,
    )
    row(
        "beta_binomial_shrinkage moments",
        "-",
        lambda: attain.beta_binomial_shrinkage(units_y, units_n, method="moments"),
        None,
        lambda a, r: np.all(np.isfinite(a.shrunk)),
    )
    p = rng.uniform(0, 1, n) ** 4
    row(
        "benjamini_hochberg",
        "statsmodels multipletests",
        lambda: attain.benjamini_hochberg(p),
        lambda: multipletests(p, method="fdr_bh")[1],
        lambda a, r: np.allclose(a, r, rtol=1e-12, atol=0),
    )

    # Will the target be met? 10^4 officers under one office, months 1..6 of the fiscal year
    k, target = 6, 0.6
    flows_e = rng.integers(20, 60, (n, k))
    ytd_e = np.cumsum(flows_e, axis=1) + 200
    ytd_d = np.minimum(np.cumsum(rng.poisson(25, (n, k)), axis=1) + 80, ytd_e)
    names = [f"u{i}" for i in range(n)]
    panel = attain.Panel.from_columns(
        {
            "unit": np.repeat(names, k).tolist(),
            "period": [f"2021-{j + 1:02d}" for j in range(k)] * n,
            "count_done": ytd_d.reshape(-1),
            "count_eligible": ytd_e.reshape(-1),
        },
        hierarchy={"office": None} | {u: "office" for u in names},
        targets={"count": target},
        kinds={"count": "count"},
    )

    officers = np.array([panel.index_of(u) for u in names])

    def scipy_pace() -> np.ndarray:
        out = np.empty(n)
        m, w = 12 - k, 3
        for i in range(n):
            x = max(int(ytd_d[i, -1] - ytd_d[i, -1 - w]), 0)
            e_end = int(np.floor(ytd_e[i, -1] + m * (ytd_e[i, -1] - ytd_e[i, -1 - w]) / w + 0.5))  # half up
            need = int(np.ceil(target * e_end - 1e-9)) - int(ytd_d[i, -1])
            flows = np.diff(ytd_d[i]).astype(float)  # quasi-Poisson dispersion of months 2 .. k
            phi = max(1.0, float(flows.var(ddof=1) / flows.mean())) if flows.mean() > 0 else 1.0
            if need <= 0:
                out[i] = 1.0
            elif phi == 1.0:
                out[i] = nbinom.sf(need - 1, x + 0.5, w / (w + m))
            else:
                out[i] = betaincc(x / phi + 0.5, need / phi, w / (w + m))
        return out

    def numpy_trend() -> np.ndarray:
        t = np.arange(2, k + 1, dtype=float)
        fut = np.arange(k + 1, 13, dtype=float)
        d, e = np.diff(ytd_d, axis=1).astype(float), np.diff(ytd_e, axis=1).astype(float)
        tc = t - t.mean()
        sxx = (tc**2).sum()

        def fit(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            slope = (y - y.mean(axis=1, keepdims=True)) @ tc / sxx
            return y.mean(axis=1), slope

        (ad, bd), (ae, be) = fit(d), fit(e)
        z = d - target * e
        az, bz = fit(z)
        rss = ((z - az[:, None] - bz[:, None] * tc) ** 2).sum(axis=1)
        pred_d = np.maximum(ad[:, None] + bd[:, None] * (fut - t.mean()), 0).sum(axis=1)
        pred_e = (ae[:, None] + be[:, None] * (fut - t.mean())).sum(axis=1)
        z_hat = ytd_d[:, -1] + pred_d - target * (ytd_e[:, -1] + pred_e)
        mm, nn = 12 - k, k - 1
        se = np.sqrt(rss / (nn - 2) * (mm + mm**2 / nn + (fut - t.mean()).sum() ** 2 / sxx))
        return student_t.cdf(z_hat / se, nn - 2)

    row(
        "meet_probability pace (snapshot)",
        "scipy nbinom.sf / betaincc, a loop over units",
        lambda: panel.at("2021-06").meet_probability("count", "pace")[officers],
        scipy_pace,
        lambda a, r: np.allclose(a, r, rtol=1e-9, atol=1e-14),
    )
    row(
        "meet_probability trend (snapshot)",
        "numpy least squares + scipy t.cdf",
        lambda: panel.at("2021-06").meet_probability("count", "trend")[officers],
        numpy_trend,
        lambda a, r: np.allclose(a, r, rtol=1e-9, atol=1e-14),
    )

    # Trend tests on messy monthly series: 10^4 observed months out of 13,333
    calendar = 13_333
    months = np.sort(rng.choice(calendar, size=n, replace=False)).astype(float)
    values = rng.standard_normal(n) + 1e-4 * months
    full = np.full(calendar, np.nan)
    full[months.astype(int)] = values
    row(
        "mann_kendall times=, greater",
        "pymannkendall original_test (NaN gaps), p / 2",
        lambda: attain.mann_kendall(values, times=months, alternative="greater"),
        lambda: pmk.original_test(full),
        lambda a, r: a.s == r.s and a.slope == r.slope and abs(a.p - (r.p / 2 if r.z > 0 else 1 - r.p / 2)) < 1e-12,
    )
    row(
        "theil_sen intercept='joint'",
        "numpy median(y - slope t)",
        lambda: attain.theil_sen(values, months, intercept="joint"),
        None,
        lambda a, r: a.intercept == np.median(values - a.slope * months),
    )
    ar = np.empty(n)
    ar[0] = 0.0
    eps = rng.standard_normal(n)
    for i in range(1, n):
        ar[i] = 0.6 * ar[i - 1] + eps[i]
    ar += 2e-4 * np.arange(n)
    row(
        "mann_kendall block_bootstrap B=1000",
        "pymannkendall hamed_rao (both reject)",
        lambda: attain.mann_kendall(ar, method="block_bootstrap", seed=1),
        lambda: pmk.hamed_rao_modification_test(ar),
        lambda a, r: bool(a.h) and bool(r.h),
    )

    # Rank intervals, 10^4 units, 1,000 posterior draws (seeded), against numpy's simulation:
    # mean ranks within 5 Monte Carlo standard errors, P(top k) within 0.11 (5 standard errors of
    # a difference of two proportions at 1,000 draws each).
    k = n // 10
    fit = attain.beta_binomial_shrinkage(units_y, units_n)
    post_a, post_b = fit.prior.a + units_y, fit.prior.b + units_n - units_y
    row(
        "rank_intervals, 2 threads",
        "numpy Generator.beta + argsort (1,000 draws)",
        lambda: attain.rank_intervals(units_y, units_n, top=k, threads=2),
        lambda: numpy_rank_simulation(post_a, post_b, 1000, k),
        lambda a, r: np.all(np.abs(a.mean - r[0]) <= 5 * np.sqrt(2 / 1000) * n / np.sqrt(12) + 1)
        and np.all(np.abs(a.p_top - r[1]) <= 0.11),
    )
    # Beta-binomial funnel, 10^4 units with denominators up to 200,000 (rho about 0.006).
    big_n = rng.integers(1, 200_000, n)
    big_y = rng.binomial(big_n, rng.beta(0.7 * 165, 0.3 * 165, n))
    levels = (0.95, 0.998)
    sub = np.linspace(0, n - 1, 20).astype(int)

    def scipy_funnel() -> np.ndarray:
        return np.array([[scipy_betabinom_limit(int(big_n[i]), centre, rho, p) for p in tails] for i in sub])

    ours_funnel = attain.funnel_limits(big_y, big_n, overdispersion="beta_binomial", levels=levels)
    centre, rho = float(ours_funnel.centre[0]), float(ours_funnel.rho)
    tails = [(1 - levels[0]) / 2, (1 + levels[0]) / 2, (1 - levels[1]) / 2, (1 + levels[1]) / 2]
    row(
        "funnel beta-binomial, n <= 2e5",
        "scipy betabinom interpolation (20 units)",
        lambda: attain.funnel_limits(big_y, big_n, overdispersion="beta_binomial", levels=levels),
        scipy_funnel,
        lambda a, r: np.allclose(
            np.column_stack([a.lower[sub, 0], a.upper[sub, 0], a.lower[sub, 1], a.upper[sub, 1]]), r, rtol=1e-8, atol=1e-12
        ),
    )

    # Benjamini-Hochberg flags of 10^4 units against their targets (exact binomial tests)
    flag_n = rng.integers(5, 3000, n)
    flag_y = rng.binomial(flag_n, np.clip(0.8 + 0.05 * rng.standard_normal(n), 0, 1))

    def scipy_flags() -> np.ndarray:
        below, above = binom.cdf(flag_y, flag_n, 0.8), binom.sf(flag_y - 1, flag_n, 0.8)
        return multipletests(np.minimum(1.0, 2 * np.minimum(below, above)), method="fdr_bh")[1]

    row(
        "target_flags (exact tests + BH)",
        "scipy binom.cdf/sf + statsmodels fdr_bh",
        lambda: attain.target_flags(flag_y, flag_n, 0.8),
        scipy_flags,
        lambda a, r: np.allclose(a.q, r, rtol=1e-9, atol=1e-300),
    )
    # REML tau^2 of the funnel's additive random effects, 10^4 units (DerSimonian-Laird for scale)
    row(
        "funnel_limits tau2 REML",
        "attain funnel_limits, DerSimonian-Laird",
        lambda: attain.funnel_limits(flag_y, flag_n, overdispersion="random_effects", tau2_method="reml"),
        lambda: attain.funnel_limits(flag_y, flag_n, overdispersion="random_effects"),
        lambda a, r: np.isfinite(a.tau2_used) and a.tau2_used >= 0 and np.isfinite(r.tau2_used),
    )
    # A money ratio's interval from 10^4 case amounts: linearisation against the formula in numpy,
    # the case bootstrap (2,000 resamples) against scipy.stats.bootstrap (paired, percentile)
    case_x = np.round(rng.lognormal(17, 1.5, n))
    case_y = np.floor(case_x * rng.beta(0.6, 0.9, n))

    def numpy_linearisation() -> tuple[float, float]:
        r = case_y.sum() / case_x.sum()
        se = np.sqrt(n / (n - 1) * ((case_y - r * case_x) ** 2).sum()) / case_x.sum()
        z = student_t.ppf(0.975, np.inf)
        return r - z * se, r + z * se

    def scipy_case_bootstrap() -> Any:
        def ratio_of_sums(y: np.ndarray, x: np.ndarray, axis: int = -1) -> np.ndarray:
            return y.sum(axis=axis) / x.sum(axis=axis)

        return scipy_bootstrap((case_y, case_x), ratio_of_sums, paired=True, vectorized=True, n_resamples=2000,
                               method="percentile", random_state=np.random.default_rng(3))  # fmt: skip

    row(
        "ratio_of_sums_interval linearisation",
        "numpy formula (svyratio's)",
        lambda: attain.ratio_of_sums_interval(case_y, case_x),
        numpy_linearisation,
        lambda a, r: np.allclose([a.low, a.high], r, rtol=1e-10),
    )
    row(
        "ratio_of_sums_interval bootstrap B=2000",
        "scipy.stats.bootstrap, paired, percentile",
        lambda: attain.ratio_of_sums_interval(case_y, case_x, method="bootstrap", seed=3),
        scipy_case_bootstrap,
        # different random streams: each endpoint within 0.3 standard errors (as the R test)
        lambda a, r: abs(a.low - r.confidence_interval.low) < 0.3 * a.std_error
        and abs(a.high - r.confidence_interval.high) < 0.3 * a.std_error,
    )

    print(f"{'statistic':40} {'n':>7} {'attain s':>10} {'< 1 s':>6} {'reference s':>12} {'ratio':>8}  agree  reference")
    agree_all, fast_all = True, True
    for name, reference, seconds, ref_seconds, size, agree in rows:
        ratio = f"{ref_seconds / seconds:8.1f}" if ref_seconds else f"{'-':>8}"
        ref_text = f"{ref_seconds:12.4f}" if ref_seconds else f"{'-':>12}"
        fast = seconds < BUDGET
        print(
            f"{name:40} {size:>7} {seconds:10.4f} {'yes' if fast else 'NO':>6} {ref_text} {ratio}"
            f"  {'yes' if agree else 'NO ':5}  {reference}"
        )
        agree_all &= agree
        fast_all &= fast
    print(f"all agree with their references: {agree_all}; all under {BUDGET:g} s at 10^4: {fast_all}")
    if not agree_all:
        sys.exit(1)


if __name__ == "__main__":
    main()
