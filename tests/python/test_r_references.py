"""Segmented regression against R (optional): base R's lm() and strucchange's Chow test.

Runs only where Rscript and r-cran-strucchange are installed (scripts/setup-r.sh); skipped
otherwise."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest

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
