"""From case records and the status form to tallies, through status schemes.

The same tallies are built three ways and must agree exactly, to the case and the đồng:
(1) ``attain.from_cases`` on case records (the C++ difference-array kernel); (2) the status
form built from those records here with pandas (each case's category as of each month), read by
``attain.from_form``; (3) direct tallies from a plain Python loop over cases and months that
applies the documented rules one by one, read by ``Panel.from_columns``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import attain
from attain import report
from attain.errors import InputTypeError, InvalidInputError, TallyOverflowError, UnknownKeyError

ROOT = "Cục THADS tỉnh Bến Tre"
DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
THADS_ROLES = {
    "thi_hanh_xong": "done",
    "dinh_chi": "done",
    "dang_thi_hanh": "pending",
    "hoan_thi_hanh": "pending",
    "chua_co_dieu_kien": "excluded",
    "uy_thac": "excluded",
}
MONTHS = [f"{y}-{m:02d}" for y, m in [(2019, 9), (2019, 10), (2019, 11), (2019, 12)] + [(2020, m) for m in range(1, 13)]]


def random_cases(seed: int, n: int = 4000) -> pd.DataFrame:
    """Cases of 12 officers in 4 branches; acceptance from 2017 into the output months; every
    status of the thads scheme; amounts up to 10^12 VND with some zero."""
    rng = np.random.default_rng(seed)
    accepted = pd.Timestamp("2017-01-01") + pd.to_timedelta(rng.integers(0, 365 * 4, n), unit="D")
    status_date = accepted + pd.to_timedelta(rng.integers(0, 700, n), unit="D")
    statuses = rng.choice(list(THADS_ROLES), n, p=[0.35, 0.05, 0.3, 0.05, 0.2, 0.05])
    amount = rng.integers(0, 10**12, n)
    amount[rng.random(n) < 0.2] = 0
    frame = pd.DataFrame(
        {
            "officer": [f"CHV {k}" for k in rng.integers(0, 12, n)],
            "status": statuses,
            "accepted": accepted.strftime("%Y-%m-%d"),
            "status_date": status_date.strftime("%Y-%m-%d"),
            "amount": amount,
        }
    )
    pending = np.isin(statuses, ["dang_thi_hanh", "hoan_thi_hanh"])
    frame.loc[pending & (rng.random(n) < 0.5), "status_date"] = None  # a pending case needs no status date
    return frame


def hierarchy() -> dict[str, str | None]:
    out: dict[str, str | None] = {f"CHV {k}": f"Branch {k % 4}" for k in range(12)}
    return out | {f"Branch {b}": ROOT for b in range(4)} | {ROOT: None}


def month_of(text: object) -> str | None:
    return None if text is None or text != text else str(text)[:7]


def direct_tallies(cases: pd.DataFrame, fiscal_year_start: int) -> pd.DataFrame:
    """The rules of from_cases, case by case and month by month."""
    rows = []
    cells: dict[tuple[str, str], list[int]] = {}
    for officer in sorted(set(cases["officer"])):
        for month in MONTHS:
            cells[(officer, month)] = [0] * 6
    for officer, status, accepted, status_date, amount in cases[["officer", "status", "accepted", "status_date", "amount"]].itertuples(
        index=False
    ):
        role = THADS_ROLES[status]
        acc, stat = month_of(accepted), month_of(status_date) or month_of(accepted)
        for month in MONTHS:
            y, m = int(month[:4]), int(month[5:])
            year_start = f"{y - (m < fiscal_year_start)}-{fiscal_year_start:02d}"
            if acc > month or (role == "done" and stat < year_start):
                continue
            eligible = not (role == "excluded" and stat <= month)
            done = role == "done" and stat <= month
            cell = cells[(officer, month)]
            for k, value in ((0, 1), (3, int(amount))):
                cell[k] += value
                cell[k + 1] += value * eligible
                cell[k + 2] += value * done
    for (officer, month), cell in cells.items():
        rows.append({"unit": officer, "period": month} | dict(zip(
            ["count_accepted", "count_eligible", "count_done", "amount_accepted", "amount_eligible", "amount_done"], cell
        )))
    return pd.DataFrame(rows)


def status_form(cases: pd.DataFrame) -> pd.DataFrame:
    """The official form: per (officer, month), year-to-date case counts and money per status
    category, each case in the category it held that month (pending before its status month)."""
    frames = []
    acc = cases["accepted"].str[:7]
    stat = cases["status_date"].fillna(cases["accepted"]).str[:7]
    done = cases["status"].map(THADS_ROLES).eq("done")
    for month in MONTHS:
        y, m = int(month[:4]), int(month[5:])
        year_start = f"{y - (m < 10)}-10"
        present = (acc <= month) & ~(done & (stat < year_start))
        category = cases["status"].where(stat <= month, "dang_thi_hanh")
        part = pd.DataFrame({"officer": cases["officer"], "category": category, "amount": cases["amount"]})[present]
        counts = part.pivot_table(index="officer", columns="category", values="amount", aggfunc="size", fill_value=0)
        money = part.pivot_table(index="officer", columns="category", values="amount", aggfunc="sum", fill_value=0)
        block = counts.add_prefix("n_").join(money.add_prefix("vnd_")).reset_index()
        block["period"] = month
        frames.append(block)
    form = pd.concat(frames, ignore_index=True).fillna(0)
    for column in form.columns:
        if column.startswith(("n_", "vnd_")):
            form[column] = form[column].astype(np.int64)
    return form


def totals_by_unit(panel: attain.Panel, measure: str) -> dict[str, list[list[int]]]:
    """Every unit's (done, eligible, accepted) per period, keyed by unit name."""
    t = panel.totals(measure)
    fields = [t[f] for f in ("done", "eligible", "accepted")]
    return {u: [f[i].tolist() for f in fields] for i, u in enumerate(panel.units)}


def frames_at(panel: attain.Panel, month: str) -> pd.DataFrame:
    """The snapshot's figures, without its intervals (they follow the declared kinds) and the
    cases behind a money ratio, which only case records give (test_money_interval.py checks both)."""
    frame = panel.at(month).to_frame().drop(columns=["ci_low", "ci_high", "cases"])
    return frame.sort_values(["unit", "measure"]).reset_index(drop=True)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_three_ways_give_identical_tallies(seed):
    cases = random_cases(seed)
    options = {"fiscal_year_start": 10, "hierarchy": hierarchy(), "targets": {"count": 0.8, "amount": 0.4}}
    from_cases = attain.from_cases(cases, scheme="thads", unit="officer", periods=(MONTHS[0], MONTHS[-1]), **options)
    form = status_form(cases)
    categories = [c for c in THADS_ROLES if f"n_{c}" in form.columns]
    from_form = attain.from_form(
        form, scheme="thads", unit="officer", count_columns={c: f"n_{c}" for c in categories},
        amount_columns={c: f"vnd_{c}" for c in categories}, **options,
    )
    direct = attain.Panel.from_columns(dict(direct_tallies(cases, 10)), parent=None, **options)
    for measure in ("count", "amount"):
        expected = totals_by_unit(direct, measure)
        assert totals_by_unit(from_cases, measure) == expected
        assert totals_by_unit(from_form, measure) == expected
    for month in ("2019-09", "2019-10", "2020-06", "2020-12"):
        expected = frames_at(direct, month)
        pd.testing.assert_frame_equal(frames_at(from_cases, month), expected)
        pd.testing.assert_frame_equal(frames_at(from_form, month), expected)


def test_founding_case_records_give_the_founding_figures_and_paragraph():
    cases = pd.read_csv(DATA / "ben-tre-2021-cases.csv")
    hier = {u: (None if u == ROOT else ROOT) for u in cases["unit"].unique()}
    levels = {u: ("province" if u == ROOT else "district") for u in hier}  # the CSV's level column
    panel = attain.from_cases(
        cases, scheme="thads", fiscal_year_start=10, periods=("2020-10", "2021-06"), hierarchy=hier,
        levels=levels, targets={"count": 0.815, "amount": 0.401},
    )
    # from_cases declares the amount money (the scheme's); the CSV's reader is told so
    tallies = attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10, money=["amount"], level="level")
    for month in tallies.periods:
        pd.testing.assert_frame_equal(frames_at(panel, month), frames_at(tallies, month))
    paragraph = report.narrative(panel.at("2021-06"), "vi", "thads")
    assert paragraph.startswith("Tính đến 30/6/2021, kết quả thi hành án dân sự 9 tháng đầu năm toàn tỉnh thụ lý 16.623 việc")
    assert paragraph == report.narrative(tallies.at("2021-06"), "vi", "thads")
    # The one difference: from the cases, the money ratio has its ratio-of-sums interval.
    snap = panel.at("2021-06")
    assert snap.interval_method("amount") == "linearisation" and tallies.at("2021-06").interval_method("amount") is None
    low, high = snap.interval("amount")
    province = snap.index_of(ROOT)
    assert low[province] < snap.column("amount", "ratio")[province] < high[province]
    assert "none (money)" in report.unit_table(tallies.at("2021-06"), "md")
    assert "none (money)" not in report.unit_table(snap, "md")
    # Officers roll up into their units: the same province figures from a deeper hierarchy.
    deeper = dict(zip(cases["officer"], cases["unit"])) | hier
    officers = attain.from_cases(cases, scheme="thads", unit="officer", fiscal_year_start=10,
                                 periods=("2020-10", "2021-06"), hierarchy=deeper)
    province = officers.at("2021-06").unit(ROOT, "count")
    assert (province.done, province.eligible) == (7575, 12029)


def test_rules_on_a_handful_of_cases():
    cases = {
        "unit": ["A", "A", "A", "A", "B"],
        "status": ["done", "done", "excluded", "pending", "excluded"],
        "accepted": ["2019-05-02", "2020-09-30", "2019-01-01", "2020-12-01", "2020-10-01"],
        "status_date": ["2020-09-15", "2020-11-20", "2020-03-03", None, "2020-12-31"],
        "amount": [1000, 500, 70, 30, 9],
        "executed": [1000, 200, 0, 0, 0],
    }
    p = attain.from_cases(cases, scheme="generic", done_amount="executed", fiscal_year_start=10,
                          periods=("2020-09", "2020-12"))
    assert p.periods == ["2020-09", "2020-10", "2020-11", "2020-12"]

    def cell(unit, month, measure="count"):
        return [values[p.periods.index(month)] for values in totals_by_unit(p, measure)[unit]]

    # 2020-09, last month of FY2020: case 0 done, case 1 accepted, case 2 excluded since March.
    assert cell("A", "2020-09") == [1, 2, 3]
    # 2020-10: case 0 was done in the previous year and leaves; cases 1 and 2 are carried over.
    assert cell("A", "2020-10") == [0, 1, 2]
    assert cell("A", "2020-11") == [1, 1, 2]
    assert cell("A", "2020-12") == [1, 2, 3]  # the pending case joins in December
    assert cell("A", "2020-11", "amount") == [200, 500, 570]  # its executed amount, not its amount
    assert cell("B", "2020-11") == [0, 1, 1] and cell("B", "2020-12") == [0, 0, 1]


def test_count_only_records_and_default_periods():
    cases = {"unit": ["A", "A"], "status": ["done", "pending"], "accepted": ["2021-02-01", "2021-03-05"],
             "status_date": ["2021-04-10", ""]}
    p = attain.from_cases(cases, scheme="generic", amount=None)
    assert p.measures == ["count"]
    assert p.periods == ["2021-01", "2021-02", "2021-03", "2021-04"]  # from the fiscal year's start
    assert p.at("2021-04").unit("A", "count").ratio == 0.5


def test_per_measure_roles_and_unknown_statuses():
    scheme = {"statuses": {"paid": "done", "open": "pending", "written_off": {"count": "done", "amount": "excluded"}}}
    cases = {"unit": ["A"] * 3, "status": ["paid", "open", "written_off"], "accepted": ["2021-01-01"] * 3,
             "status_date": ["2021-01-05", "2021-01-05", "2021-01-20"], "amount": [10, 20, 30]}
    s = attain.from_cases(cases, scheme=scheme).at("2021-01")
    assert (s.unit("A", "count").done, s.unit("A", "count").eligible) == (2, 3)
    assert (s.unit("A", "amount").done, s.unit("A", "amount").eligible) == (10, 30)
    cases["status"] = ["paid", "lost", "lost"]
    with pytest.raises(UnknownKeyError, match=r"column 'status': scheme <scheme> does not list 'lost' \(rows 1, 2\)"):
        attain.from_cases(cases, scheme=scheme)
    lenient = attain.StatusScheme.from_dict(scheme | {"unknown": "excluded"})
    assert attain.from_cases(cases, scheme=lenient).at("2021-01").unit("A", "count").eligible == 1


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"status_date": ["2020-12-31"]}, InvalidInputError, r"case 0: its status month \(2020-12\) is before its acceptance \(2021-01\)"),
        ({"status_date": [None], "status": ["done"]}, InvalidInputError, r"case 0, column 'status_date': the date is missing, but status 'done' is not pending"),
        ({"accepted": ["31/01/2021"]}, InvalidInputError, r"case 0, column 'accepted': '31/01/2021' is not a date"),
        ({"accepted": [None]}, InvalidInputError, r"case 0, column 'accepted': the date is missing"),
        ({"amount": [-5]}, InvalidInputError, r"case 0: amount = -5 is negative"),
        ({"amount": [1.5]}, InvalidInputError, r"amount\[0\] = 1.5 is not a whole number"),
        ({"amount": ["ten"]}, InputTypeError, r"amount has dtype <U3; counts must be whole numbers"),
        ({"unit": [None]}, InvalidInputError, r"case 0: column 'unit' is empty"),
        ({"executed": [11]}, InvalidInputError, r"case 0: done amount = 11 is outside 0 .. amount = 10"),
    ],
)
def test_bad_case_records(change, error, message):
    cases = {"unit": ["A"], "status": ["done"], "accepted": ["2021-01-15"], "status_date": ["2021-02-01"],
             "amount": [10], "executed": [10]} | change
    with pytest.raises(error, match=message):
        attain.from_cases(cases, scheme="generic", done_amount="executed")


def test_missing_columns_and_bad_periods():
    cases = {"unit": ["A"], "status": ["done"], "accepted": ["2021-01-15"], "status_date": ["2021-02-01"]}
    with pytest.raises(UnknownKeyError, match=r"column 'amount' is not in the case records"):
        attain.from_cases(cases, scheme="generic")
    with pytest.raises(InvalidInputError, match=r"the last month 2020-01 is before the first 2021-01"):
        attain.from_cases(cases, scheme="generic", amount=None, periods=("2021-01", "2020-01"))
    with pytest.raises(InvalidInputError, match="the case records are empty"):
        attain.from_cases({k: [] for k in cases}, scheme="generic", amount=None)


def test_money_is_exact_and_overflow_is_an_error():
    # 2^53 + 1 VND: a float64 total would lose the last đồng.
    cases = {"unit": ["A", "A"], "status": ["pending"] * 2, "accepted": ["2021-01-01"] * 2,
             "status_date": [None, None], "amount": np.array([2**53, 1], dtype=np.int64)}
    t = attain.from_cases(cases, scheme="generic").totals("amount")["accepted"]
    assert int(t[0, 0]) == 2**53 + 1 and float(np.float64(2**53) + 1.0) != 2**53 + 1
    cases["amount"] = np.array([2**62, 2**62], dtype=np.int64)
    with pytest.raises(TallyOverflowError, match="overflows int64"):
        attain.from_cases(cases, scheme="generic")


def test_status_form_errors():
    form = {"unit": ["A"], "period": ["2021-01"], "xong": [3], "dang": [-1]}
    with pytest.raises(InvalidInputError, match=r"row 0: column 'dang' = -1 is negative"):
        attain.from_form(form, scheme="thads", count_columns={"thi_hanh_xong": "xong", "dang_thi_hanh": "dang"})
    with pytest.raises(UnknownKeyError, match=r"count_columns: scheme thads does not list 'xong'"):
        attain.from_form(form, scheme="thads", count_columns={"xong": "xong"})
    with pytest.raises(UnknownKeyError, match=r"column 'missing' is not in the form"):
        attain.from_form(form, scheme="thads", count_columns={"thi_hanh_xong": "missing"})
    with pytest.raises(InvalidInputError, match="count_columns: give at least one"):
        attain.from_form(form, scheme="thads", count_columns={})


def test_schemes_presets_json_and_errors(tmp_path):
    thads = attain.StatusScheme.preset("thads")
    assert {s: thads.count[s] for s in THADS_ROLES} == THADS_ROLES
    assert thads.count == thads.amount and thads.unknown is None
    assert "đình chỉ" in thads.labels["dinh_chi"]
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(thads.to_dict()), encoding="utf-8")
    again = attain.StatusScheme.from_json(path)
    assert (again.count, again.amount, again.labels) == (thads.count, thads.amount, thads.labels)
    generic = attain.StatusScheme.preset("generic")
    assert generic.count == {"done": "done", "pending": "pending", "excluded": "excluded"}
    with pytest.raises(UnknownKeyError, match=r"no preset scheme 'nope' \(presets: \['generic', 'thads'\]\)"):
        attain.StatusScheme.preset("nope")
    with pytest.raises(InvalidInputError, match="status 'x' has role 'finished'; roles are done, pending, excluded"):
        attain.StatusScheme.from_dict({"statuses": {"x": "finished"}})
    with pytest.raises(InvalidInputError, match="'statuses' must map status names to roles"):
        attain.StatusScheme.from_dict({"statuses": []})
    with pytest.raises(InputTypeError, match="expected a mapping"):
        attain.StatusScheme.from_dict(["done"])  # type: ignore[arg-type]
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="not valid JSON"):
        attain.StatusScheme.from_json(bad)


def test_read_only_and_datetime_columns():
    cases = random_cases(7, 300)
    cases["accepted"] = pd.to_datetime(cases["accepted"])
    cases["status_date"] = pd.to_datetime(cases["status_date"])
    amount = cases["amount"].to_numpy().copy()
    amount.flags.writeable = False
    cases["amount"] = amount
    a = attain.from_cases(cases, scheme="thads", unit="officer", periods=("2019-09", "2020-12"), fiscal_year_start=10)
    b = attain.from_cases(random_cases(7, 300), scheme="thads", unit="officer", periods=(dt.date(2019, 9, 1), "2020-12"),
                          fiscal_year_start=10)
    assert totals_by_unit(a, "amount") == totals_by_unit(b, "amount")


def test_dates_as_python_objects_and_timestamps_in_text():
    cases = {"unit": ["A", "A"], "status": ["done", "pending"], "status_date": ["2021-02-03 10:30:00", None],
             "accepted": [dt.datetime(2021, 1, 31, 23, 59), dt.date(2021, 2, 1)]}
    p = attain.from_cases(cases, scheme="generic", amount=None)
    assert totals_by_unit(p, "count")["A"] == [[0, 1], [1, 2], [1, 2]]
