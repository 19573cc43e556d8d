"""Calibration of the probability of meeting the year-end target (``attain.meet_probability``).

Simulates units whose monthly flows follow each model's own assumptions, asks attain for the
probability from the months so far, then simulates the months left and records whether the
target was met. Among units given probability p, the share that met the target should be p: the
reliability curve plots, per bin of p, the share met against the mean p.

* ``pace``: completions Poisson at a unit's own rate lambda ~ Uniform(2, 60) a month; eligible
  grows by a fixed whole number a month, at least lambda (so the year-end eligible total the
  model takes as known is right); as-of month k ~ Uniform{2..11}.
* ``trend``: done flows a + b t + e, eligible flows c + g t + f with normal errors (sd 6 and 8,
  correlation 0.5), rounded to whole numbers; k ~ Uniform{4..11}.

In both the target is the unit's expected year-end ratio shifted by a normal amount of about one
predictive standard deviation, so that the probabilities spread over [0, 1] (the target depends
on the unit's true parameters, never on its simulated data).

    PYTHONPATH=python python3 scripts/target_calibration.py             # 40,000 units a model, docs/target-calibration.png
    PYTHONPATH=python python3 scripts/target_calibration.py --units 5000 --out /tmp/c.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

import attain

BINS = np.linspace(0.0, 1.0, 11)


def simulate_years(model: str, units: int, rng: np.random.Generator, targets: str = "independent") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every unit's twelve year-to-date tallies (units x 12) and its target.

    ``targets="independent"``: a unit's target is the year-end ratio of another, independently
    drawn unit's expected flows, so it says nothing about the unit's own rate. ``targets="near"``:
    the unit's own expected year-end ratio shifted by about one predictive standard deviation,
    as an office that sets each unit's target near its capacity would (the models do not use that
    information: see docs/statistics.md).
    """
    t = np.arange(2, 13, dtype=float)  # months of the 11 flows
    opening_e = rng.integers(200, 800, units)
    opening_d = rng.binomial(opening_e, rng.uniform(0.1, 0.5, units))
    if model == "pace":
        rate = rng.uniform(2, 60, (2, units))  # [own, the target's]
        growth = rate[0].astype(np.int64) + rng.integers(0, 30, units)  # eligible outgrows done
        flows_d = rng.poisson(rate[0][:, None], (units, 11))
        eligible = opening_e[:, None] + growth[:, None] * np.arange(12)
        expected_d = opening_d + 11 * rate
        sd = np.sqrt(11 * rate[0])
        expected_e = eligible[:, -1].astype(float)
    else:
        a, b = rng.uniform(20, 60, (2, units)), rng.uniform(-1.5, 1.5, (2, units))
        c, g = rng.uniform(50, 90, units), rng.uniform(-2.0, 2.0, units)
        sigma = np.exp(rng.uniform(np.log(2), np.log(12), units))
        z = rng.standard_normal((2, units, 11))
        err_d = sigma[:, None] * z[0]
        err_e = 1.3 * sigma[:, None] * (0.5 * z[0] + np.sqrt(0.75) * z[1])
        flows_d = np.maximum(np.rint(a[0][:, None] + b[0][:, None] * t + err_d), 0).astype(np.int64)
        flows_e = np.rint(c[:, None] + g[:, None] * t + err_e).astype(np.int64)
        eligible = opening_e[:, None] + np.concatenate([np.zeros((units, 1), np.int64), np.cumsum(flows_e, axis=1)], axis=1)
        expected_e = opening_e + 11 * c + g * t.sum()
        expected_d = opening_d + 11 * a + b * t.sum()
        sd = sigma * np.sqrt(11)
    done = opening_d[:, None] + np.concatenate([np.zeros((units, 1), np.int64), np.cumsum(flows_d, axis=1)], axis=1)
    eligible = np.maximum(eligible, done)  # a tally: done <= eligible
    if targets == "independent":
        target = expected_d[1] / expected_e
    else:
        target = (expected_d[0] + sd * rng.normal(0, 1.2, units)) / expected_e
    return done.astype(np.int64), eligible.astype(np.int64), np.clip(target, 0.01, 0.99)


def simulate(model: str, units: int, seed: int, targets: str = "independent") -> tuple[np.ndarray, np.ndarray]:
    """(probability, met) for ``units`` simulated units under ``model`` ("pace" or "trend"),
    each asked at an as-of month k drawn uniformly from the months the model needs .. 11.

    ``targets``: "independent" or "near" (see simulate_years), or "observed": near the year-end
    ratio the unit's last three months suggest, shifted by a normal amount of about 1.5 Poisson
    standard deviations; a function of the data the model sees, so it keeps the models'
    calibration while putting many units in every bin of p (the test uses it)."""
    rng = np.random.default_rng(seed)
    done, eligible, target = simulate_years(model, units, rng, "independent" if targets == "observed" else targets)
    months = rng.integers(2 if model == "pace" else 4, 12, units)
    if targets == "observed":  # near what the months so far suggest: a function of the data only
        at = np.arange(units)
        w = np.minimum(3, months - 1)
        pace_d = (done[at, months - 1] - done[at, months - 1 - w]) / w
        pace_e = (eligible[at, months - 1] - eligible[at, months - 1 - w]) / w
        left = 12 - months
        end_e = eligible[at, months - 1] + left * pace_e
        spread = 1.5 * np.sqrt(left * np.maximum(pace_d, 1.0)) / end_e
        target = np.clip((done[at, months - 1] + left * pace_d) / end_e + spread * rng.standard_normal(units), 0.01, 0.99)
    probability = np.array(
        [attain.meet_probability(done[i, :k], eligible[i, :k], target[i], model=model) for i, k in enumerate(months.tolist())]
    )
    met = done[:, -1] >= target * eligible[:, -1]
    return probability, met


def reliability(probability: np.ndarray, met: np.ndarray, bins: np.ndarray = BINS) -> list[tuple[float, float, int]]:
    """Per bin of probability: (mean probability, share met, units); bins without units and units
    without a probability (NaN) are left out."""
    given = ~np.isnan(probability)
    probability, met = probability[given], met[given]
    which = np.clip(np.digitize(probability, bins) - 1, 0, len(bins) - 2)
    out = []
    for b in range(len(bins) - 1):
        sel = which == b
        if sel.any():
            out.append((float(probability[sel].mean()), float(met[sel].mean()), int(sel.sum())))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=40_000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "docs" / "target-calibration.png")
    args = parser.parse_args()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 5), sharey=True)
    curves = (("independent", "independent targets", "C0", "o-"), ("observed", "targets near the recent pace", "C3", "s--"))
    for ax, model in zip(axes, ("pace", "trend")):
        ax.fill_between([0, 1], [-0.05, 0.95], [0.05, 1.05], color="0.9", label="± 0.05")
        ax.plot([0, 1], [0, 1], color="0.6", lw=1, ls="--", label="perfect calibration")
        for targets, label, colour, style in curves:
            p, met = simulate(model, args.units, args.seed, targets)
            rows = reliability(p, met)
            worst = max(abs(m - s) for m, s, n in rows if n >= 200)
            print(f"{model}, {label}: {args.units} units, worst |share met - mean p| = {worst:.3f} (bins with >= 200 units)")
            for m, s, n in rows:
                print(f"  mean p {m:.3f}  share met {s:.3f}  units {n}")
            ax.plot([r[0] for r in rows], [r[1] for r in rows], style, color=colour, ms=4, label=label)
        ax.set_title(f"{model} model ({args.units:,} units a curve)")
        ax.set_xlabel("probability given (mean of each tenth)")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_aspect("equal")
    axes[0].set_ylabel("share that met the target")
    axes[0].legend(loc="upper left", fontsize=8)
    fig.suptitle(f"attain.meet_probability: reliability (seed {args.seed})")
    fig.tight_layout()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.out, dpi=110)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
