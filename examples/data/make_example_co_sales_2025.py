"""Generates example-co-sales-2025.csv: SYNTHETIC quota attainment of a sales team over the
calendar year 2025 (January to December).

Every figure and name is invented. The units are a company, "Example Co." (level ``company``),
its three regions (level ``region``) and ten sales reps (level ``rep``); only the reps sell.
Two quota measures, year to date:

- ``revenue``: money in US dollars, stored as whole cents (``revenue_done`` = booked revenue,
  ``revenue_eligible`` = the rep's annual quota, the plan), e.g. 123456789 is $1,234,567.89;
- ``deals``: deals closed (``deals_done``) against the annual quota of deals (``deals_eligible``).

A quota's attainment is done / plan and may exceed 100 %: at December 2025 four reps are over
their revenue quota and six are under it; the company as a whole is under its revenue quota.
The script is deterministic (fixed seed) and checks those facts with exact fractions before it
writes the file:

    python examples/data/make_example_co_sales_2025.py
"""

from __future__ import annotations

import random
from fractions import Fraction

from _example_csv import write_csv

SEED = 2025
PERIODS = [f"2025-{m:02d}" for m in range(1, 13)]
COMPANY = "Example Co."
REGIONS = {
    "North": ["Alice Nguyen", "Bob Okafor", "Chen Wei"],
    "South": ["Dana Silva", "Emil Novak", "Fatima Rahman", "Gus Larsen"],
    "West": ["Hana Sato", "Ivan Petrov", "Jo Martin"],
}
# Each rep's revenue attainment at December (done / quota), and deals attainment.
REVENUE_FINAL = [1.184, 0.932, 1.047, 0.861, 0.774, 1.021, 0.905, 1.126, 0.688, 0.953]
DEALS_FINAL = [1.10, 0.95, 1.05, 0.80, 0.85, 1.00, 0.90, 1.20, 0.70, 0.90]


def make() -> list[dict[str, object]]:
    rng = random.Random(SEED)
    reps = [rep for members in REGIONS.values() for rep in members]
    figures: dict[str, dict[str, list[tuple[int, int]]]] = {}
    for k, rep in enumerate(reps):
        quota_cents = rng.randint(60, 140) * 10_000 * 100  # $600,000 to $1,400,000 a year
        deals_quota = rng.randint(24, 60)
        figures[rep] = {}
        for measure, quota, final in (("revenue", quota_cents, REVENUE_FINAL[k]), ("deals", deals_quota, DEALS_FINAL[k])):
            rows: list[tuple[int, int]] = []
            done_before = 0
            for t in range(12):
                share = ((t + 1) / 12) ** rng.uniform(0.85, 1.2) if t < 11 else 1.0
                # Revenue to the cent: a booking is rarely a round number.
                done = max(done_before, round(quota * final * share) + (rng.randint(0, 99) if measure == "revenue" else 0))
                rows.append((done, quota))
                done_before = done
            figures[rep][measure] = rows
    out = []
    for t, period in enumerate(PERIODS):
        units = [(COMPANY, "", "company")]
        for region, members in REGIONS.items():
            units.append((region, COMPANY, "region"))
            units += [(rep, region, "rep") for rep in members]
        for name, parent, level in units:
            row: dict[str, object] = {"period": period, "unit": name, "parent": parent, "level": level}
            for measure in ("revenue", "deals"):
                done, plan = figures[name][measure][t] if level == "rep" else (0, 0)
                row |= {f"{measure}_done": done, f"{measure}_eligible": plan}
            out.append(row)
    return out


def check(rows: list[dict[str, object]]) -> None:
    """Asserts the facts the docstring states, with exact fractions."""
    december = [r for r in rows if r["period"] == "2025-12" and r["level"] == "rep"]
    over = sum(Fraction(int(r["revenue_done"]), int(r["revenue_eligible"])) > 1 for r in december)
    assert over == 4, over
    total = Fraction(sum(int(r["revenue_done"]) for r in december), sum(int(r["revenue_eligible"]) for r in december))
    assert total < 1, float(total)
    assert any(int(r["revenue_done"]) % 100 for r in december)  # cents, not whole dollars
    reps = {r["unit"] for r in rows if r["level"] == "rep"}
    for name in reps:
        for column in ("revenue_done", "deals_done"):
            values = [int(r[column]) for r in rows if r["unit"] == name]
            assert values == sorted(values), (name, column, values)


def main() -> None:
    rows = make()
    check(rows)
    path = write_csv(rows, "example-co-sales-2025.csv")
    print(f"wrote {len(rows)} rows to {path}")


if __name__ == "__main__":
    main()
