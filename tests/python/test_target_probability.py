"""The probability of meeting the year-end target (attain.meet_probability, Snapshot.meet_probability,
Snapshot.at_risk) against independent references: scipy.stats.nbinom (Poisson-like flows, phi = 1)
and scipy.special.betaincc with the dispersion phi computed by numpy (over-dispersed flows) for the pace model,
statsmodels OLS with scipy.stats.t for the trend model (and a Monte Carlo of the model), exact
edge cases, and a seeded calibration simulation."""

from __future__ import annotations

import csv
import importlib.util
import math
from pathlib import Path

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import special, stats

import attain

ROOT = Path(__file__).resolve().parents[2]


# -- references, written from the model's statement (docs/statistics.md), not from attain ---------
def pace_reference(done, eligible, target, quota=False, window=3):
    done, eligible = np.asarray(done), np.asarray(eligible)
    k = len(done)
    m = 12 - k
    if m == 0:
        return float(done[-1] / eligible[-1] >= target)
    if quota and done[-1] >= target * eligible[-1]:
        return 1.0
    w = min(window, k - 1)
    x = max(int(done[-1] - done[-1 - w]), 0)
    # the projected eligible total rounded half away from zero (768.5 -> 769; Python's round() would give 768)
    e_end = eligible[-1] if quota else math.floor(eligible[-1] + m * (eligible[-1] - eligible[-1 - w]) / w + 0.5)
    threshold = math.ceil(target * e_end - 1e-9)  # the least year-end done that meets it
    need = threshold - int(done[-1])
    if need <= 0:
        return 1.0
    phi = dispersion(done)
    if phi == 1.0:
        return float(stats.nbinom.sf(need - 1, x + 0.5, w / (w + m)))
    # quasi-Poisson: x / phi and need / phi are not whole numbers, so the regularised incomplete beta
    return float(special.betaincc(x / phi + 0.5, need / phi, w / (w + m)))


def dispersion(done):
    """phi = max(1, sample variance / mean) of the done flows of months 2 .. k (month 1 left out); 1 with < 2 flows."""
    flows = np.diff(np.asarray(done, dtype=float))
    if len(flows) < 2 or flows.mean() <= 0:
        return 1.0
    return max(1.0, float(np.var(flows, ddof=1) / flows.mean()))


def trend_reference(done, eligible, target):
    done, eligible = np.asarray(done, dtype=float), np.asarray(eligible, dtype=float)
    k = len(done)
    m = 12 - k
    t = np.arange(2, k + 1, dtype=float)
    X = sm.add_constant(t, has_constant="add")
    future = sm.add_constant(np.arange(k + 1, 13, dtype=float), has_constant="add")
    fit_d = sm.OLS(np.diff(done), X).fit()
    fit_e = sm.OLS(np.diff(eligible), X).fit()
    fit_z = sm.OLS(np.diff(done) - target * np.diff(eligible), X).fit()
    e_end = eligible[-1] + fit_e.predict(future).sum()
    if e_end <= 0:  # the trend takes the eligible total to nothing: no year-end ratio
        return math.nan
    z_hat = done[-1] + np.maximum(fit_d.predict(future), 0).sum() - target * e_end
    a = future.sum(axis=0)  # the sum of the m future predictions is a' beta
    se = math.sqrt(fit_z.scale * m + a @ fit_z.cov_params() @ a)
    return float(stats.t.cdf(z_hat / se, k - 3))


def random_series(rng, k, rate=30.0):
    eligible = 400 + np.concatenate([[0], np.cumsum(rng.integers(20, 60, k - 1))])
    done = 100 + np.concatenate([[0], np.cumsum(rng.poisson(rate, k - 1))])
    return done.astype(np.int64), np.maximum(eligible, done).astype(np.int64)


@pytest.mark.parametrize("seed", range(8))
def test_pace_against_scipy_nbinom(seed):
    rng = np.random.default_rng(seed)
    for k in range(2, 12):
        done, eligible = random_series(rng, k)
        target = float(rng.uniform(0.3, 0.9))
        got = attain.meet_probability(done, eligible, target, model="pace")
        assert got == pytest.approx(pace_reference(done, eligible, target), rel=1e-10, abs=1e-14)


@pytest.mark.parametrize("seed", range(4))
def test_pace_over_dispersed_against_scipy_betaincc(seed):
    # Flows far more scattered than a Poisson count (negative binomial, variance about 10x the mean).
    rng = np.random.default_rng(50 + seed)
    seen = 0
    for k in range(3, 12):
        flows = rng.negative_binomial(3, 0.1, k - 1)  # mean 27, variance 270
        done = (100 + np.concatenate([[0], np.cumsum(flows)])).astype(np.int64)
        eligible = np.maximum(500 + 45 * np.arange(k), done).astype(np.int64)
        target = float(rng.uniform(0.3, 0.9))
        seen += dispersion(done) > 2
        got = attain.meet_probability(done, eligible, target, model="pace")
        assert got == pytest.approx(pace_reference(done, eligible, target), rel=1e-10, abs=1e-14)
    assert seen >= 5


def test_pace_dispersion_by_hand():
    # Flows 10, 40, 10, 40 (month 1's 100 left out): mean 25, sample variance 300, phi = 12.
    # k = 5, m = 7: X = 90 in the last 3 months, E_12 = 300 + 7 x 20 = 440, T = ceil(0.9 x 440) = 396,
    # need 196: betaincc(90 / 12 + 0.5, 196 / 12, 3 / 10) = 0.6003 (the plain Poisson model,
    # nbinom.sf(195, 90.5, 3 / 10), says 0.7148).
    done, eligible = [100, 110, 150, 160, 200], [220, 240, 260, 280, 300]
    expected = float(special.betaincc(90 / 12 + 0.5, 196 / 12, 3 / 10))
    assert expected == pytest.approx(0.6003, abs=1e-4)
    assert attain.meet_probability(done, eligible, 0.9, model="pace") == pytest.approx(expected, rel=1e-12)
    # Flows less scattered than Poisson (10, 11, 10, 11): phi floored at 1, the plain negative binomial
    # (X = 32, T = ceil(0.6 x 440) = 264, need 122).
    plain = float(stats.nbinom.sf(121, 32.5, 3 / 10))
    assert attain.meet_probability([100, 110, 121, 131, 142], eligible, 0.6, model="pace") == pytest.approx(plain, rel=1e-12)
    # One flow: phi = 1 (no variance to estimate).
    assert attain.meet_probability([100, 130], [300, 320], 0.6, model="pace") == pytest.approx(
        pace_reference([100, 130], [300, 320], 0.6), rel=1e-12
    )


@pytest.mark.parametrize("window", [1, 2, 3, 6])
def test_pace_window_and_quota_against_scipy(window):
    rng = np.random.default_rng(window)
    for k in range(2, 12):
        actual = np.cumsum(rng.poisson(8, k)).astype(np.int64)
        plan = np.full(k, 120, dtype=np.int64)
        for target in (0.8, 1.0, 1.3):
            got = attain.meet_probability(actual, plan, target, model="pace", form="quota", window=window)
            assert got == pytest.approx(pace_reference(actual, plan, target, quota=True, window=window), rel=1e-10, abs=1e-14)


@pytest.mark.parametrize("seed", range(8))
def test_trend_against_statsmodels_prediction(seed):
    rng = np.random.default_rng(100 + seed)
    for k in range(4, 12):
        done, eligible = random_series(rng, k)
        target = float(rng.uniform(0.3, 0.9))
        got = attain.meet_probability(done, eligible, target, model="trend")
        assert got == pytest.approx(trend_reference(done, eligible, target), rel=1e-9, abs=1e-12, nan_ok=True)
    # A steep fall of the eligible flows projects the eligible total below zero: no ratio, NaN.
    done, eligible = [51, 119, 166, 206], [313, 406, 458, 474]
    assert math.isnan(attain.meet_probability(done, eligible, 0.5, model="trend"))
    assert math.isnan(trend_reference(done, eligible, 0.5))


def test_trend_against_monte_carlo_of_its_model():
    # Draw (sigma^2, beta) from the flat-prior posterior of the z regression and the future flows:
    # the predictive probability equals the frequentist t predictive (a known identity).
    done = np.array([100, 130, 158, 190, 221, 250], dtype=np.int64)
    eligible = np.array([400, 445, 488, 530, 577, 620], dtype=np.int64)
    target = 0.56
    k = len(done)
    t = np.arange(2, k + 1, dtype=float)
    X = np.column_stack([np.ones_like(t), t])
    z = np.diff(done) - target * np.diff(eligible)
    beta, *_ = np.linalg.lstsq(X, z, rcond=None)
    rss = float(((z - X @ beta) ** 2).sum())
    n = len(z)
    rng = np.random.default_rng(5)
    draws = 400_000
    sigma2 = rss / rng.chisquare(n - 2, draws)
    cov = np.linalg.inv(X.T @ X)
    b = beta + np.sqrt(sigma2)[:, None] * (rng.standard_normal((draws, 2)) @ np.linalg.cholesky(cov).T)
    future = np.column_stack([np.ones(12 - k), np.arange(k + 1, 13)])
    z_end = done[-1] - target * eligible[-1] + b @ future.sum(axis=0)
    z_end += np.sqrt(sigma2 * (12 - k)) * rng.standard_normal(draws)
    mc = float((z_end >= 0).mean())
    got = attain.meet_probability(done, eligible, target, model="trend")
    assert got == pytest.approx(mc, abs=4 * math.sqrt(mc * (1 - mc) / draws) + 1e-3)


def test_edge_cases_exact():
    d12 = 8 * np.arange(1, 13)
    e12 = np.full(12, 100)
    for model in ("trend", "pace"):
        assert attain.meet_probability(d12, e12, 0.96, model=model) == 1.0  # 96 of 100 at the year end
        assert attain.meet_probability(d12, e12, 0.97, model=model) == 0.0
        assert math.isnan(attain.meet_probability(d12, e12, None, model=model))  # no target
        assert math.isnan(attain.meet_probability(np.zeros(12), np.zeros(12), 0.5, model=model))  # nothing eligible
        assert math.isnan(attain.meet_probability([5], [50], 0.5, model=model))  # one month: no flow yet
    assert math.isnan(attain.meet_probability([5, 9, 15], [50, 60, 70], 0.5, model="trend"))  # 2 flows < 3
    # A quota already met stays met (its actual never falls): 1 from the first month.
    assert attain.meet_probability([130], [120], 1.0, model="pace", form="quota") == 1.0
    assert math.isnan(attain.meet_probability([30, 60, 90, 130], [120] * 4, 1.0, model="trend", form="quota"))
    # A completion target met now with no eligible growth: certain under the pace model.
    assert attain.meet_probability([50, 60, 70], [100, 100, 100], 0.7, model="pace") == 1.0


def test_bad_input():
    with pytest.raises(attain.InvalidInputError, match="model = 'bayes' is not a model"):
        attain.meet_probability([1, 2], [4, 6], 0.5, model="bayes")
    with pytest.raises(attain.InvalidInputError, match="target"):
        attain.meet_probability([1, 2], [4, 6], 1.5)
    with pytest.raises(attain.InvalidInputError):
        attain.meet_probability([5, 9], [4, 60], 0.5)  # done > eligible in month 1
    with pytest.raises(attain.LengthMismatchError):
        attain.meet_probability([1, 2], [4], 0.5)
    with pytest.raises(attain.InvalidInputError, match="13 months"):
        attain.meet_probability(np.arange(13), np.arange(13) + 1, 0.5)


# -- the snapshot's probabilities and the at-risk list --------------------------------------------
def small_panel():
    """A province, two districts, four officers (leaves); October .. January (k = 4) of one fiscal year."""
    hierarchy = {"P": None, "D1": "P", "D2": "P", "o1": "D1", "o2": "D1", "o3": "D2", "o4": "D2"}
    levels = {"P": "province", "D1": "district", "D2": "district", "o1": "officer", "o2": "officer"}
    levels |= {"o3": "officer", "o4": "officer"}
    pace = {"o1": 4, "o2": 9, "o3": 14, "o4": 7}
    columns: dict[str, list] = {"period": [], "unit": [], "count_done": [], "count_eligible": []}
    for i, period in enumerate(["2020-10", "2020-11", "2020-12", "2021-01"]):
        for unit, rate in pace.items():
            columns["period"].append(period)
            columns["unit"].append(unit)
            columns["count_done"].append(10 + rate * i + (i % 2))
            columns["count_eligible"].append(60 + 12 * i)
    return attain.Panel.from_columns(
        columns, hierarchy=hierarchy, levels=levels, targets={"count": 0.7}, kinds={"count": "count"}, fiscal_year_start=10
    )


def test_snapshot_probabilities_match_the_function_and_the_list_is_sorted():
    panel = small_panel()
    snap = panel.at("2021-01")
    assert snap.has_meet_probabilities
    t = panel.totals("count")
    for model in ("trend", "pace"):
        p = snap.meet_probability("count", model)
        assert not p.flags.writeable
        for i, unit in enumerate(snap.units):
            expected = attain.meet_probability(t["done"][i], t["eligible"][i], 0.7, model=model)
            assert p[i] == pytest.approx(expected, rel=1e-12, nan_ok=True), unit
        risk = snap.at_risk("count", model, below=0.9, level="officer")
        assert [r.probability for r in risk] == sorted(r.probability for r in risk)
        assert all(r.level == "officer" and r.probability < 0.9 for r in risk)
    pace = snap.at_risk("count", "pace", below=0.5)
    assert [r.unit for r in pace if r.level == "officer"][:2] == ["o1", "o4"]  # the slowest first
    first = next(r for r in pace if r.unit == "o1")
    assert first.parent == "D1" and first.target == 0.7
    with pytest.raises(attain.UnknownKeyError, match="no unit has level 'rep'"):
        snap.at_risk("count", "pace", level="rep")
    with pytest.raises(attain.InvalidInputError, match="below"):
        snap.at_risk("count", "pace", below=2.0)
    with pytest.raises(attain.InvalidInputError, match="model"):
        snap.meet_probability("count", "bayes")


def test_a_snapshot_without_the_year_so_far_has_none():
    full = attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10)
    assert full.at("2021-06").has_meet_probabilities  # the example holds October .. June
    with open(attain.example_data_path(), encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["period"] >= "2021-05"]  # May and June only
    columns = {name: [r[name] for r in rows] for name in ("period", "unit", "parent", "count_done", "count_eligible")}
    columns["parent"] = [p or None for p in columns["parent"]]
    columns["count_done"] = [int(v) for v in columns["count_done"]]
    columns["count_eligible"] = [int(v) for v in columns["count_eligible"]]
    snap = attain.Panel.from_columns(columns, fiscal_year_start=10, targets={"count": 0.815}).at("2021-06")
    assert not snap.has_meet_probabilities
    assert np.isnan(snap.meet_probability("count", "pace")).all()
    assert snap.at_risk("count") == []


# -- calibration -----------------------------------------------------------------------------------
def load_calibration():
    spec = importlib.util.spec_from_file_location("target_calibration", ROOT / "scripts" / "target_calibration.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_bins(rows, min_units, tolerance=0.05):
    checked = [(m, s, n) for m, s, n in rows if n >= min_units]
    for mean_p, share, n in checked:
        assert abs(share - mean_p) <= tolerance, (mean_p, share, n)
    return len(checked)


@pytest.mark.parametrize("model", ["pace", "trend"])
def test_calibration_with_independent_targets(model):
    """Targets that say nothing about a unit's own rate: in every tenth of [0, 1] holding >= 500
    of 60,000 simulated units, the share that met the target is within 0.05 of the bin's mean p
    (the binomial standard error at 500 units is at most 0.022). About a second a model."""
    calibration = load_calibration()
    p, met = calibration.simulate(model, 60_000, seed=2026, targets="independent")
    # the trend of a few short series takes the eligible total below zero: no probability (NaN)
    assert np.isnan(p).sum() <= 30
    assert check_bins(calibration.reliability(p, met), 500) == 10


def test_pace_calibration_with_targets_near_the_recent_pace():
    """Every tenth of [0, 1] holds >= 500 of 20,000 units; each within 0.05 of its mean p."""
    calibration = load_calibration()
    p, met = calibration.simulate("pace", 20_000, seed=2026, targets="observed")
    assert check_bins(calibration.reliability(p, met), 500) == 10
