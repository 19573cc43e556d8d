"""The 30-second tour: ratios, gaps and the founding example's panel (run: python examples/python/quickstart.py)."""

from __future__ import annotations

import numpy as np

import attain

# Vectorised free functions: arrays in, arrays out; scalars in, scalars out.
done = np.array([7575, 815, 0])
eligible = np.array([12029, 1000, 0])
ratio: np.ndarray = attain.completion_ratio(done, eligible)
gap = attain.target_gap(done, eligible, 0.815)
print("ratios", ratio, "met", gap.met, "shortfall", gap.shortfall)

# A panel: tallies per unit and month with a hierarchy; roll-ups are ratios of sums.
panel = attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10)
snap = panel.at("2021-06")
province = snap.unit("Cục THADS tỉnh Bến Tre", "count")
branches = snap.children("Cục THADS tỉnh Bến Tre", "count")
print(f"{province.ratio:.2%} done, {100 * province.gap:.2f} points short, {province.shortfall} more cases needed")
print(f"{branches.n_met}/{branches.n} branches met the target; short by {100 * branches.min_gap:.0f} to {100 * branches.max_gap:.0f} points")
remaining: int = attain.months_remaining("2021-06", fiscal_year_start=10)
print(f"{remaining} months left; pace needed: {province.pace.per_month if province.pace else float('nan'):.0f} a month")
