"""Generates ben-tre-2021-cases.csv: synthetic case records behind ben-tre-2021.csv.

One row per case of the founding example (the provincial department's own cases and its 9
district branches'), with its enforcement officer, its status in the categories of the
``thads`` status scheme, the dates it was accepted and took that status, and its amount in
VND. Tallied by ``attain.from_cases`` with the ``thads`` scheme and an October fiscal year,
the records give ben-tre-2021.csv's figures exactly, for every unit and month from 2020-10 to
2021-06; the script checks that with plain Python before it writes the file. Deterministic
(fixed seed):

    python examples/data/make_ben_tre_2021_cases.py

How the cases are laid out, per unit: the October 2020 figures are the cases carried over from
earlier years plus October's intake; every later month adds its intake. The month-on-month
increases of the excluded (accepted - eligible) and done figures are the cases that took those
statuses that month; the rest are still pending on 30/6/2021. Amounts are spread over the cases
so that each month's intake, exclusions and completions add up to the figures to the thousand
VND (done cases executed their whole amount).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import defaultdict
from pathlib import Path

from _example_csv import write_csv

SEED = 20210630
HERE = Path(__file__).parent
MONTHS = [(2020, 10), (2020, 11), (2020, 12)] + [(2021, m) for m in range(1, 7)]
STATUS_MIX = {
    "done": [("thi_hanh_xong", 0.85), ("dinh_chi", 0.15)],
    "excluded": [("chua_co_dieu_kien", 0.92), ("uy_thac", 0.08)],
    "pending": [("dang_thi_hanh", 0.9), ("hoan_thi_hanh", 0.1)],
}
THOUSAND = 1000  # the figures are whole thousands of VND


def month_days(t: int) -> tuple[dt.date, dt.date]:
    y, m = MONTHS[t]
    first = dt.date(y, m, 1)
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def random_day(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def split(rng: random.Random, total: int, n: int) -> list[int]:
    """``total`` (whole thousands) over ``n`` cases, in whole thousands; some cases hold no money."""
    assert total % THOUSAND == 0 and (n > 0 or total == 0), (total, n)
    if n == 0:
        return []
    weights = [0.0 if rng.random() < 0.15 else rng.paretovariate(1.5) for _ in range(n)]
    if not any(weights):
        weights[0] = 1.0
    units = total // THOUSAND
    parts = [int(w * units / sum(weights)) for w in weights]
    parts[max(range(n), key=weights.__getitem__)] += units - sum(parts)  # what flooring left
    assert min(parts) >= 0
    return [p * THOUSAND for p in parts]


def series(rows: list[dict[str, str]], unit: str, column: str) -> list[int]:
    return [int(r[column]) for r in rows if r["unit"] == unit]


def diffs(values: list[int]) -> list[int]:
    out = [values[0]] + [b - a for a, b in zip(values, values[1:])]
    assert min(out) >= 0, values
    return out


def make_unit(rng: random.Random, unit: str, code: str, rows: list[dict[str, str]]) -> list[dict[str, object]]:
    n = len(MONTHS)
    intake = diffs(series(rows, unit, "count_accepted"))
    intake_money = diffs(series(rows, unit, "amount_accepted"))
    excluded = diffs([a - e for a, e in zip(series(rows, unit, "count_accepted"), series(rows, unit, "count_eligible"))])
    excluded_money = diffs(
        [a - e for a, e in zip(series(rows, unit, "amount_accepted"), series(rows, unit, "amount_eligible"))]
    )
    done = diffs(series(rows, unit, "count_done"))
    done_money = diffs(series(rows, unit, "amount_done"))

    # Cases by the month they joined the figures (0: carried over or accepted in October).
    joined = [list(range(sum(intake[:c]), sum(intake[: c + 1]))) for c in range(n)]
    free = [set(cases[1:]) for cases in joined]  # one case per month stays pending: it takes what money is left
    fate: dict[int, tuple[str, int]] = {}
    budget = list(intake_money)
    money: dict[int, int] = {}

    def assign(kind: str, t: int, count: int, amount: int) -> None:
        """``count`` cases from months <= t take status ``kind`` in month t, with ``amount`` in all."""
        open_months = [c for c in range(t + 1) if free[c]]
        chosen: dict[int, list[int]] = defaultdict(list)
        for c in open_months[:count]:  # one from every month that has cases left, so money can come from each
            chosen[c].append(free[c].pop())
        pool = [(c, i) for c in range(t + 1) for i in free[c]]
        assert len(pool) >= count - sum(map(len, chosen.values())), (unit, kind, t)
        for c, i in rng.sample(pool, count - sum(map(len, chosen.values()))):
            free[c].discard(i)
            chosen[c].append(i)
        left = amount
        for c in sorted(chosen):  # the oldest months' money first
            take = min(left, budget[c])
            budget[c] -= take
            left -= take
            for i, part in zip(chosen[c], split(rng, take, len(chosen[c]))):
                fate[i], money[i] = (kind, t), part
        assert left == 0, (unit, kind, t, left)

    for t in range(n):
        assign("excluded", t, excluded[t], excluded_money[t])
        assign("done", t, done[t], done_money[t])
    for c in range(n):
        rest = [i for i in joined[c] if i not in fate]
        for i, part in zip(rest, split(rng, budget[c], len(rest))):
            fate[i], money[i] = ("pending", n - 1), part

    officers = [f"{code}-CHV{k + 1:02d}" for k in range(rng.randint(4, 8))]
    records = []
    fy_start = month_days(0)[0]
    for c in range(n):
        for i in joined[c]:
            kind, t = fate[i]
            lo, hi = month_days(c)
            if c == 0 and rng.random() < 0.8:  # carried over from earlier years
                accepted = random_day(rng, dt.date(2017, 1, 1), fy_start - dt.timedelta(days=1))
            else:
                accepted = random_day(rng, lo, hi)
            if kind == "pending":
                status_date = ""
            elif kind == "excluded" and t == 0:  # may have become excluded in an earlier year
                status_date = random_day(rng, accepted, month_days(0)[1]).isoformat()
            else:
                t_lo, t_hi = month_days(t)
                status_date = random_day(rng, max(accepted, t_lo), t_hi).isoformat()
            names, weights = zip(*STATUS_MIX[kind])
            records.append(
                {
                    "case_id": f"{code}-{i + 1:05d}",
                    "unit": unit,
                    "officer": rng.choice(officers),
                    "status": rng.choices(names, weights)[0],
                    "accepted": accepted.isoformat(),
                    "status_date": status_date,
                    "amount": money[i],
                }
            )
    # Cases done in earlier years are still in the records, but not in this year's figures.
    for k in range(len(joined[0]) // 10):
        accepted = random_day(rng, dt.date(2017, 1, 1), dt.date(2020, 6, 30))
        records.append(
            {
                "case_id": f"{code}-{sum(intake) + k + 1:05d}",
                "unit": unit,
                "officer": rng.choice(officers),
                "status": "thi_hanh_xong",
                "accepted": accepted.isoformat(),
                "status_date": random_day(rng, accepted, fy_start - dt.timedelta(days=1)).isoformat(),
                "amount": rng.randint(0, 50_000) * THOUSAND,
            }
        )
    return records


def tally(records: list[dict[str, object]]) -> dict[tuple[str, str], list[int]]:
    """The figures of the records by the rules of attain.from_cases, written out plainly."""
    roles = {name: kind for kind, mix in STATUS_MIX.items() for name, _ in mix}
    out: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * 6)
    for r in records:
        role = roles[str(r["status"])]
        acc = dt.date.fromisoformat(str(r["accepted"]))
        stat = dt.date.fromisoformat(str(r["status_date"])) if r["status_date"] else None
        for t, (y, m) in enumerate(MONTHS):
            end = month_days(t)[1]
            if acc > end:
                continue
            if role == "done" and stat is not None and stat < month_days(0)[0]:
                continue  # done in an earlier fiscal year
            cell = out[(str(r["unit"]), f"{y}-{m:02d}")]
            money = int(r["amount"])  # type: ignore[call-overload]
            eligible = not (role == "excluded" and stat is not None and stat <= end)
            is_done = role == "done" and stat is not None and stat <= end
            for k, value in ((0, 1), (3, money)):
                cell[k] += value
                cell[k + 1] += value if eligible else 0
                cell[k + 2] += value if is_done else 0
    return out


def main() -> None:
    with (HERE / "ben-tre-2021.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    units = list(dict.fromkeys(r["unit"] for r in rows))
    rng = random.Random(SEED)
    records = []
    for k, unit in enumerate(units):
        records += make_unit(rng, unit, "CUC" if k == 0 else f"CC{k}", rows)
    rng.shuffle(records)
    figures = tally(records)
    columns = ["count_accepted", "count_eligible", "count_done", "amount_accepted", "amount_eligible", "amount_done"]
    for r in rows:
        assert figures[(r["unit"], r["period"])] == [int(r[c]) for c in columns], (r["unit"], r["period"])
    path = write_csv(records, "ben-tre-2021-cases.csv")
    print(f"wrote {len(records)} cases to {path}; their tallies equal ben-tre-2021.csv for every unit and month")


if __name__ == "__main__":
    main()
