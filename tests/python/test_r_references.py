"""R references (optional): segmented regression against base R's lm() and strucchange's Chow
test; the funnel's REML tau2 against metafor's rma().

Runs only where Rscript and the R packages are installed (scripts/setup-r.sh); skipped
otherwise."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest
from scipy import stats

import attain

pytestmark = pytest.mark.skipif(shutil.which("Rscript") is None, reason="R is not installed (scripts/setup-r.sh)")

R_SCRIPT = r"""
suppressPackageStartupMessages(library(strucchange))
input <- read.table(file("stdin"), header = TRUE)
s <- input$start[1]
dt <- input$time - input$time[s + 1]
d <- as.numeric(seq_along(dt) > s)
fit <- lm(y ~ dt + d + dt:d, data = data.frame(y = input$y, dt = dt, d = d))
ci <- confint(fit, level = 0.9)
chow <- sctest(y ~ dt, data = data.frame(y = input$y, dt = dt), type = "Chow", point = s)
out <- c(coef(fit), summary(fit)$coefficients[, 2], ci[, 1], ci[, 2], chow$statistic, chow$p.value)
cat(sprintf("%.17g", out), sep = "\n")
"""


def run_r(y, start, time):
    if subprocess.run(["Rscript", "-e", "library(strucchange)"], capture_output=True).returncode != 0:
        pytest.skip("r-cran-strucchange is not installed (scripts/setup-r.sh)")
    table = "y time start\n" + "\n".join(f"{float(a)!r} {float(b)!r} {start}" for a, b in zip(y, time))
    r = subprocess.run(["Rscript", "-e", R_SCRIPT], input=table, capture_output=True, text=True, check=True)
    return np.array([float(v) for v in r.stdout.split()])


@pytest.mark.parametrize("seed", range(3))
def test_segmented_regression_matches_r_lm_and_strucchange_chow(seed):
    rng = np.random.default_rng(seed)
    n = 36
    start = int(rng.integers(6, 30))
    time = np.cumsum(rng.integers(1, 3, n)).astype(float)
    y = 100 + 2 * time + np.where(np.arange(n) >= start, 8 + (time - time[start]), 0) + rng.normal(0, 4, n)
    out = run_r(y, start, time)
    coef, se, low, high, chow_f, chow_p = out[:4], out[4:8], out[8:12], out[12:16], out[16], out[17]
    r = attain.segmented_regression(y, start, time=time, alpha=0.1)
    ours = [r.level_before, r.slope_before, r.level_change, r.slope_change]
    scale = np.abs(coef) + se
    np.testing.assert_array_less(np.abs([c.estimate for c in ours] - coef), 1e-10 * scale)
    np.testing.assert_allclose([c.std_error for c in ours], se, rtol=1e-10)
    np.testing.assert_array_less(np.abs([c.low for c in ours] - low), 1e-10 * scale)
    np.testing.assert_array_less(np.abs([c.high for c in ours] - high), 1e-10 * scale)
    assert r.chow_f == pytest.approx(chow_f, rel=1e-9)
    assert r.chow_p_value == pytest.approx(chow_p, rel=1e-8, abs=1e-15)


# --------------------------------------------------------------------------------------------
# Funnel tau2 by REML against metafor's rma(yi, vi, method = "REML")

METAFOR_SCRIPT = r"""
suppressPackageStartupMessages(library(metafor))
input <- read.table(file("stdin"), header = TRUE)
fit <- rma(input$yi, input$vi, method = "REML", control = list(threshold = 1e-14, maxiter = 10000))
cat(sprintf("%.17g", fit$tau2), "\n")
"""


def metafor_reml_tau2(yi, vi):
    if subprocess.run(["Rscript", "-e", "library(metafor)"], capture_output=True).returncode != 0:
        pytest.skip("r-cran-metafor is not installed (scripts/setup-r.sh)")
    table = "yi vi\n" + "\n".join(f"{float(a)!r} {float(b)!r}" for a, b in zip(yi, vi))
    r = subprocess.run(["Rscript", "-e", METAFOR_SCRIPT], input=table, capture_output=True, text=True, check=True)
    return float(r.stdout.split()[0])


@pytest.mark.parametrize(
    ("seed", "scale", "winsorise", "target"),
    [(0, "proportion", 0.0, None), (1, "arcsine", 0.0, None), (2, "proportion", 0.1, None), (3, "arcsine", 0.1, 0.7)],
)
def test_funnel_reml_tau2_matches_metafor(seed, scale, winsorise, target):
    rng = np.random.default_rng(100 + seed)
    units = 50
    eligible = rng.integers(10, 3000, units)
    done = rng.binomial(eligible, np.clip(rng.normal(0.6, 0.07, units), 0.02, 0.98))
    r = attain.funnel_limits(
        done,
        eligible,
        target=target,
        overdispersion="random_effects",
        scale=scale,
        winsorise=winsorise,
        tau2_method="reml",
    )
    theta = r.centre
    # metafor gets the (winsorised) deviations from the centre on the chosen scale and the
    # sampling variances; with winsorise = 0 these are the observed values themselves.
    if scale == "proportion":
        vi = theta * (1 - theta) / eligible
        yi = done / eligible if winsorise == 0 else r.z_winsorised * np.sqrt(vi)
    else:
        vi = 1 / (4 * eligible)
        yi = np.arcsin(np.sqrt(done / eligible)) if winsorise == 0 else r.z_winsorised * np.sqrt(vi)
    expected = metafor_reml_tau2(yi, vi)
    assert expected > 0
    assert r.tau2 == pytest.approx(expected, rel=1e-6)


# --------------------------------------------------------------------------------------------
# Ratio of sums (money ratios) against survey::svyratio and boot::boot

RATIO_SCRIPT = r"""
suppressPackageStartupMessages({library(survey); library(boot)})
input <- read.table(file("stdin"), header = TRUE)
d <- data.frame(y = input$y, x = input$x)
des <- svydesign(ids = ~1, weights = rep(1, nrow(d)), data = d)
r <- svyratio(~y, ~x, des)
ci <- confint(r, level = input$level[1])
set.seed(input$seed[1])
b <- boot(d, function(data, i) sum(data$y[i]) / sum(data$x[i]), R = input$replicates[1])
perc <- boot.ci(b, conf = input$level[1], type = "perc")$percent[4:5]
out <- c(coef(r), SE(r), ci[1], ci[2], sd(b$t), perc)
cat(sprintf("%.17g", out), sep = "\n")
"""


def run_r_ratio(y, x, level, replicates, seed):
    ok = subprocess.run(["Rscript", "-e", "library(survey); library(boot)"], capture_output=True).returncode == 0
    if not ok:
        pytest.skip("r-cran-survey or r-cran-boot is not installed (scripts/setup-r.sh)")
    table = "y x level replicates seed\n" + "\n".join(
        f"{float(a)!r} {float(b)!r} {level!r} {replicates} {seed}" for a, b in zip(y, x)
    )
    r = subprocess.run(["Rscript", "-e", RATIO_SCRIPT], input=table, capture_output=True, text=True, check=True)
    return np.array([float(v) for v in r.stdout.split()])


@pytest.mark.parametrize(("seed", "alpha"), [(0, 0.05), (1, 0.1), (2, 0.01)])
def test_ratio_of_sums_interval_matches_svyratio_and_boot(seed, alpha):
    rng = np.random.default_rng(200 + seed)
    n = 150
    x = np.round(rng.lognormal(16, 1.2, n), -3)  # eligible amounts in dong, skewed
    y = np.where(rng.random(n) < 0.7, x * rng.beta(5, 2, n), 0.0)  # done: part of it, or nothing
    replicates = 4000
    ratio, se, low, high, boot_sd, boot_low, boot_high = run_r_ratio(y, x, 1 - alpha, replicates, seed)
    lin = attain.ratio_of_sums_interval(y, x, alpha=alpha)
    assert lin.ratio == pytest.approx(ratio, rel=1e-12)
    assert lin.std_error == pytest.approx(se, rel=1e-10)
    assert lin.low == pytest.approx(low, rel=1e-10)
    assert lin.high == pytest.approx(high, rel=1e-10)
    # The bootstrap: different random streams, so compared as distributions. The Monte Carlo
    # standard error of a B-replicate endpoint at tail p is about sqrt(p (1 - p) / B) / phi(z_p)
    # standard errors (0.04 at p = 0.025, 0.08 at p = 0.005); the two runs may differ by 5
    # times that, times sqrt(2).
    bs = attain.ratio_of_sums_interval(y, x, alpha=alpha, method="bootstrap", replicates=replicates, seed=seed)
    assert bs.ratio == lin.ratio
    assert bs.std_error == pytest.approx(boot_sd, rel=0.08)
    p = alpha / 2
    tolerance = 5 * np.sqrt(2) * np.sqrt(p * (1 - p) / replicates) / stats.norm.pdf(stats.norm.isf(p)) * se
    assert abs(bs.low - boot_low) < tolerance
    assert abs(bs.high - boot_high) < tolerance
