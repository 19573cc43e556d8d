"""Generates national-2023-h1.csv: SYNTHETIC figures of a national roll-up of civil judgment
enforcement over six provinces, for a six-month report: October 2022 to March 2023, the first six
months of the enforcement year that starts in October.

Every figure is invented: the provinces' names are real, their figures are not any office's
published result. The units are the national department (level ``national``, which handles no
case itself) and six provincial departments (level ``province``). One measure, ``count``
(cases), year to date, with a target of 82 % of the eligible cases by the year's end. At March
2023, halfway through the year, three provinces are ahead of the straight-line schedule to that
target (ratio above half of it, 41 %) and three behind. The script is deterministic (fixed
seed) and checks those facts with exact fractions before it writes the file:

    python examples/data/make_national_2023_h1.py
"""

from __future__ import annotations

import random
from fractions import Fraction

from _example_csv import write_csv

SEED = 2023
PERIODS = [f"2022-{m:02d}" for m in (10, 11, 12)] + [f"2023-{m:02d}" for m in (1, 2, 3)]
ROOT = "Tổng cục Thi hành án dân sự"
PROVINCES = [
    "Cục THADS tỉnh Bến Tre",
    "Cục THADS tỉnh Tiền Giang",
    "Cục THADS tỉnh Vĩnh Long",
    "Cục THADS tỉnh Trà Vinh",
    "Cục THADS tỉnh Long An",
    "Cục THADS tỉnh Đồng Tháp",
]
TARGET = Fraction(82, 100)
# Each province's ratio in March 2023; the schedule point is TARGET * 6/12 = 41 %.
MARCH = [0.486, 0.395, 0.452, 0.368, 0.437, 0.391]


def make() -> list[dict[str, object]]:
    rng = random.Random(SEED)
    n = len(PERIODS)
    figures: dict[str, list[tuple[int, int, int]]] = {}
    for k, name in enumerate(PROVINCES):
        carried, intake = rng.randint(9_000, 17_000), rng.randint(700, 1_400)
        without = rng.randint(3_000, 7_000)
        rows: list[tuple[int, int, int]] = []
        done_before = 0
        for t in range(n):
            eligible = carried + intake * (t + 1)
            ratio = MARCH[k] * ((t + 1) / n) ** rng.uniform(0.85, 1.15)
            if t == n - 1:
                ratio = MARCH[k]
            done = min(eligible, max(done_before, round(eligible * ratio)))
            rows.append((eligible + without, eligible, done))
            done_before = done
        figures[name] = rows
    out = []
    for t, period in enumerate(PERIODS):
        for name in [ROOT, *PROVINCES]:
            province = name != ROOT
            accepted, eligible, done = figures[name][t] if province else (0, 0, 0)
            out.append({
                "period": period, "unit": name, "parent": ROOT if province else "",
                "level": "province" if province else "national",
                "count_accepted": accepted, "count_eligible": eligible, "count_done": done,
                "count_target": str(float(TARGET)),
            })  # fmt: skip
    return out


def check(rows: list[dict[str, object]]) -> None:
    """Asserts the facts the docstring states, with exact fractions."""
    march = [r for r in rows if r["period"] == PERIODS[-1] and r["level"] == "province"]
    schedule = TARGET * Fraction(6, 12)
    ahead = sum(Fraction(int(r["count_done"]), int(r["count_eligible"])) > schedule for r in march)
    assert ahead == 3, ahead
    for r in rows:
        assert 0 <= int(r["count_done"]) <= int(r["count_eligible"]) <= int(r["count_accepted"]), r
    for name in PROVINCES:
        for column in ("count_accepted", "count_eligible", "count_done"):
            values = [int(r[column]) for r in rows if r["unit"] == name]
            assert values == sorted(values), (name, column, values)


def main() -> None:
    rows = make()
    check(rows)
    path = write_csv(rows, "national-2023-h1.csv")
    print(f"wrote {len(rows)} rows to {path}")


if __name__ == "__main__":
    main()
