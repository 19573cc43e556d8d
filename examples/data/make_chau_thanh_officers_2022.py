"""Generates chau-thanh-officers-2022.csv: SYNTHETIC figures of one district branch of civil
judgment enforcement and its eight enforcement officers (Chấp hành viên) over a whole
enforcement year, October 2021 to September 2022.

Every figure is invented: the branch's name is a real district's, the officers' names are made
up, and nothing here is any office's published result. The units are the branch (level
``district``, which handles no case itself: every case is an officer's) and its officers (level
``officer``). Measures: ``count`` (cases) and ``amount`` (VND, whole đồng); year-to-date
tallies, targets 82 % of cases and 43 % of money. At September 2022 (the year's end) five
officers meet the count target and three do not; four meet the money target. The script is
deterministic (fixed seed) and checks those facts with exact fractions before it writes the file:

    python examples/data/make_chau_thanh_officers_2022.py
"""

from __future__ import annotations

import random
from fractions import Fraction

from _example_csv import write_csv

SEED = 2022
PERIODS = [f"2021-{m:02d}" for m in (10, 11, 12)] + [f"2022-{m:02d}" for m in range(1, 10)]
BRANCH = "Chi cục THADS huyện Châu Thành"
OFFICERS = [
    "CHV Nguyễn Văn An",
    "CHV Trần Thị Bích",
    "CHV Lê Minh Châu",
    "CHV Phạm Quốc Dũng",
    "CHV Huỳnh Thị Em",
    "CHV Võ Thanh Phong",
    "CHV Đặng Thị Giang",
    "CHV Bùi Văn Hải",
]
TARGET = {"count": Fraction(82, 100), "amount": Fraction(43, 100)}
# Each officer's ratio at the year's end.
FINAL = {
    "count": [0.884, 0.853, 0.831, 0.826, 0.776, 0.738, 0.861, 0.694],
    "amount": [0.471, 0.412, 0.524, 0.381, 0.446, 0.352, 0.437, 0.309],
}
MONEY_STEP = 1000  # amounts are whole thousands of đồng, as reports give them


def make() -> list[dict[str, object]]:
    rng = random.Random(SEED)
    n = len(PERIODS)
    # figures[unit][measure] = per month (accepted, eligible, done), year to date
    figures: dict[str, dict[str, list[tuple[int, int, int]]]] = {}
    for k, name in enumerate(OFFICERS):
        figures[name] = {}
        for measure in ("count", "amount"):
            step = 1 if measure == "count" else MONEY_STEP
            if measure == "count":
                carried, intake = rng.randint(40, 90), rng.randint(5, 11)
                without = rng.randint(10, 40)  # accepted cases without the conditions to enforce
            else:
                carried = rng.randint(2_000, 9_000) * 10**6
                intake = rng.randint(200, 900) * 10**6
                without = rng.randint(500, 3_000) * 10**6
            start = rng.uniform(0.05, 0.09)
            rows: list[tuple[int, int, int]] = []
            done_before = 0
            for t in range(n):
                eligible = carried + intake * (t + 1)
                # The ratio climbs to the year's end figure, not quite straight.
                ratio = start + (FINAL[measure][k] - start) * ((t + 1) / n) ** rng.uniform(0.9, 1.1)
                if t == n - 1:
                    ratio = FINAL[measure][k]
                done = min(eligible, max(done_before, round(eligible * ratio / step) * step))
                rows.append((eligible + without, eligible, done))
                done_before = done
            figures[name][measure] = rows
    out = []
    for t, period in enumerate(PERIODS):
        for name in [BRANCH, *OFFICERS]:
            officer = name != BRANCH
            row: dict[str, object] = {
                "period": period, "unit": name, "parent": BRANCH if officer else "",
                "level": "officer" if officer else "district",
            }  # fmt: skip
            for measure in ("count", "amount"):
                accepted, eligible, done = figures[name][measure][t] if officer else (0, 0, 0)
                row |= {f"{measure}_accepted": accepted, f"{measure}_eligible": eligible, f"{measure}_done": done}
                row[f"{measure}_target"] = str(float(TARGET[measure]))
            out.append(row)
    return out


def check(rows: list[dict[str, object]]) -> None:
    """Asserts the facts the README states, with exact fractions."""
    last = [r for r in rows if r["period"] == PERIODS[-1] and r["level"] == "officer"]
    assert len(last) == len(OFFICERS)
    for r in rows:
        for m in ("count", "amount"):
            assert 0 <= int(r[f"{m}_done"]) <= int(r[f"{m}_eligible"]) <= int(r[f"{m}_accepted"]), r
        assert int(r["amount_done"]) % MONEY_STEP == 0
    met = {m: sum(Fraction(int(r[f"{m}_done"]), int(r[f"{m}_eligible"])) >= TARGET[m] for r in last) for m in TARGET}
    assert met == {"count": 5, "amount": 4}, met
    for name in OFFICERS:  # year-to-date figures never fall
        for column in ("count_accepted", "count_eligible", "count_done", "amount_eligible", "amount_done"):
            values = [int(r[column]) for r in rows if r["unit"] == name]
            assert values == sorted(values), (name, column, values)


def main() -> None:
    rows = make()
    check(rows)
    path = write_csv(rows, "chau-thanh-officers-2022.csv")
    print(f"wrote {len(rows)} rows to {path}")


if __name__ == "__main__":
    main()
