"""Generates ben-tre-2021.csv: synthetic unit-level figures consistent with the founding report.

The province-level figures are the report's (see README.md beside this file); the split over
the provincial department's own cases and its 9 district branches, and every month before
2021-05, is invented. The script is deterministic (fixed seed) and checks every figure the
report states before it writes the file:

    python examples/data/make_ben_tre_2021.py

Each unit declares its level in the `level` column (`province` for the provincial department,
`district` for its branches): the `thads` paragraph writes "toàn tỉnh" and "Chi cục Thi hành án
dân sự cấp huyện" from these declarations only, never from the units' names.
"""

from __future__ import annotations

import random
from fractions import Fraction

from _example_csv import write_csv

SEED = 2021
PERIODS = [f"{y}-{m:02d}" for y, m in [(2020, 10), (2020, 11), (2020, 12)] + [(2021, m) for m in range(1, 7)]]
ROOT = "Cục THADS tỉnh Bến Tre"
BRANCHES = [
    "Chi cục THADS thành phố Bến Tre",
    "Chi cục THADS huyện Châu Thành",
    "Chi cục THADS huyện Chợ Lách",
    "Chi cục THADS huyện Mỏ Cày Nam",
    "Chi cục THADS huyện Mỏ Cày Bắc",
    "Chi cục THADS huyện Giồng Trôm",
    "Chi cục THADS huyện Bình Đại",
    "Chi cục THADS huyện Ba Tri",
    "Chi cục THADS huyện Thạnh Phú",
]
TARGET = {"count": Fraction(815, 1000), "amount": Fraction(401, 1000)}
# Branch gaps to the count target in points (all short, 16 to 26 once rounded) and the
# branch ratios by amount (3 meet 40.1 %, 6 are short by 3 to 9 points once rounded).
COUNT_GAPS = [16.2, 17.3, 18.1, 19.4, 20.6, 21.7, 23.2, 24.4, 25.6]
AMOUNT_RATIOS = [0.412, 0.437, 0.465, 0.369, 0.357, 0.348, 0.335, 0.322, 0.314]
ACCEPTED = {"count": 16_623, "amount": 1_678_213_450_000}
JUNE = {"count": Fraction(6297, 10000), "amount": Fraction(4001, 10000)}
MAY_CHANGE_POINTS = {"count": Fraction(517, 100), "amount": Fraction(522, 100)}


def round_half_up(x: Fraction, places: int) -> Fraction:
    scale = 10**places
    return Fraction(int(x * scale + Fraction(1, 2)), scale)


def series(start: float, end: float, n: int) -> list[float]:
    return [start + (end - start) * i / (n - 1) for i in range(n)]


def make() -> list[dict[str, object]]:
    rng = random.Random(SEED)
    n_months = len(PERIODS)
    # figures[unit][measure] = list over PERIODS of (accepted, eligible, done)
    figures: dict[str, dict[str, list[tuple[int, int, int]]]] = {}
    for b, name in enumerate(BRANCHES):
        figures[name] = {}
        for measure in ("count", "amount"):
            if measure == "count":
                eligible_june = rng.randint(850, 1650)
                ratio_june = 0.815 - COUNT_GAPS[b] / 100
                intake = rng.randint(20, 60)
                unit = 1
                outside = rng.randint(250, 600)
            else:
                eligible_june = rng.randint(45, 140) * 10**9 + rng.randint(0, 10**6) * 1000
                ratio_june = AMOUNT_RATIOS[b]
                intake = rng.randint(1, 4) * 10**9
                unit = 1000
                outside = int(eligible_june * rng.uniform(0.2, 0.5)) // 1000 * 1000
            ratio_may = ratio_june - rng.uniform(0.035, 0.065)
            eligible = [eligible_june - intake * (n_months - 1 - t) for t in range(n_months)]
            eligible[0] = int(eligible[0] * 0.97) // unit * unit  # carried over + October intake
            ratios = series(rng.uniform(0.06, 0.11), ratio_may, n_months - 1) + [ratio_june]
            rows = []
            for t in range(n_months):
                done = round(eligible[t] * ratios[t] / unit) * unit
                rows.append((eligible[t] + outside, eligible[t], done))
            figures[name][measure] = rows
    figures[ROOT] = {}
    for measure in ("count", "amount"):
        unit = 1 if measure == "count" else 1000
        own_june = 2_000 if measure == "count" else 410 * 10**9
        own_intake = 80 if measure == "count" else 6 * 10**9
        own_eligible = [own_june - own_intake * (n_months - 1 - t) for t in range(n_months)]
        own_ratio = series(0.12, 0.70 if measure == "count" else 0.43, n_months)
        rows = [[0, e, round(e * r / unit) * unit] for e, r in zip(own_eligible, own_ratio)]
        def branch(t: int, k: int, m: str = measure) -> int:
            return sum(figures[b][m][t][k] for b in BRANCHES)

        # June: the province ratio is the report's, to the unit.
        total_e = own_eligible[-1] + branch(-1, 1)
        rows[-1][2] = round(JUNE[measure] * total_e / unit) * unit - branch(-1, 2)
        # May: the province ratio such that the change rounds to the report's points.
        total_e5 = own_eligible[-2] + branch(-2, 1)
        ratio_june = Fraction(rows[-1][2] + branch(-1, 2), total_e)
        wanted = ratio_june - MAY_CHANGE_POINTS[measure] / 100
        done5 = round(wanted * total_e5 / unit) * unit
        while round_half_up(100 * (ratio_june - Fraction(done5, total_e5)), 2) != MAY_CHANGE_POINTS[measure]:
            done5 += unit if ratio_june - Fraction(done5, total_e5) > MAY_CHANGE_POINTS[measure] / 100 else -unit
        rows[-2][2] = done5 - branch(-2, 2)
        # Accepted: what the branches do not account for is the department's own.
        for t in range(n_months):
            rows[t][0] = own_eligible[t] + (ACCEPTED[measure] - own_eligible[-1] - branch(-1, 0))
        figures[ROOT][measure] = [tuple(r) for r in rows]
    out = []
    for t, period in enumerate(PERIODS):
        for name in [ROOT, *BRANCHES]:
            row: dict[str, object] = {"period": period, "unit": name, "parent": "" if name == ROOT else ROOT,
                                      "level": "province" if name == ROOT else "district"}
            for measure in ("count", "amount"):
                accepted, eligible, done = figures[name][measure][t]
                row |= {f"{measure}_accepted": accepted, f"{measure}_eligible": eligible, f"{measure}_done": done}
                row[f"{measure}_target"] = str(float(TARGET[measure]))
            out.append(row)
    return out


def check(rows: list[dict[str, object]]) -> None:
    """Asserts every figure of the founding report, with exact fractions."""
    def total(period: str, column: str, units=None) -> int:
        return sum(int(r[column]) for r in rows if r["period"] == period and (units is None or r["unit"] in units))

    for r in rows:
        for m in ("count", "amount"):
            assert 0 <= int(r[f"{m}_done"]) <= int(r[f"{m}_eligible"]) <= int(r[f"{m}_accepted"]), r
    assert total("2021-06", "count_accepted") == 16_623
    assert round(total("2021-06", "amount_accepted") / 1e9) == 1_678
    for m, pct, change, gap in [("count", "62.97", "5.17", "18.53"), ("amount", "40.01", "5.22", "0.09")]:
        r6 = Fraction(total("2021-06", f"{m}_done"), total("2021-06", f"{m}_eligible"))
        r5 = Fraction(total("2021-05", f"{m}_done"), total("2021-05", f"{m}_eligible"))
        assert round_half_up(100 * r6, 2) == Fraction(pct), (m, float(r6))
        assert round_half_up(100 * (r6 - r5), 2) == Fraction(change), (m, float(r6 - r5))
        assert round_half_up(100 * (TARGET[m] - r6), 2) == Fraction(gap), (m, float(TARGET[m] - r6))
    for m, n_met, lo, hi in [("count", 0, 16, 26), ("amount", 3, 3, 9)]:
        gaps = []
        for b in BRANCHES:
            ratio = Fraction(total("2021-06", f"{m}_done", {b}), total("2021-06", f"{m}_eligible", {b}))
            gaps.append(100 * (TARGET[m] - ratio))
        short = [g for g in gaps if g > 0]
        assert len(gaps) - len(short) == n_met, (m, gaps)
        assert round(min(short)) == lo and round(max(short)) == hi, (m, [float(g) for g in short])
    # Year-to-date figures never fall.
    for name in [ROOT, *BRANCHES]:
        for column in ("count_done", "count_eligible", "amount_done", "amount_eligible"):
            values = [int(r[column]) for r in rows if r["unit"] == name]
            assert values == sorted(values), (name, column, values)


def main() -> None:
    rows = make()
    check(rows)
    path = write_csv(rows, "ben-tre-2021.csv")
    print(f"wrote {len(rows)} rows to {path}")


if __name__ == "__main__":
    main()
