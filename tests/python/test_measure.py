"""The declared measure model: quota and completion forms, money units, labels, unit levels.

References are computed independently here, with Python ints and fractions (a quota's threshold
is ceil(target x plan) for a decimal target), never with attain's own output.
"""

import math
import random
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest

import attain

# A sales team, calendar year: Acme (company) -> North, South (regions) -> ann, bob (North) and
# cat (South). Revenue in USD cents and deals, actual (done) against plan (eligible), year to
# date. Regions and the company have rows of zeros (they carry their level).
SALES_CSV = """\
unit,parent,level,period,revenue_done,revenue_eligible,deals_done,deals_eligible
Acme,,company,2021-05,0,0,0,0
North,Acme,region,2021-05,0,0,0,0
South,Acme,region,2021-05,0,0,0,0
ann,North,rep,2021-05,9000000,8000000,22,16
bob,North,rep,2021-05,5000000,8000000,8,16
cat,South,rep,2021-05,7000000,7500000,15,15
Acme,,company,2021-06,0,0,0,0
North,Acme,region,2021-06,0,0,0,0
South,Acme,region,2021-06,0,0,0,0
ann,North,rep,2021-06,12500001,10000000,30,20
bob,North,rep,2021-06,7000000,10000000,10,20
cat,South,rep,2021-06,9000000,9000000,20,18
"""


@pytest.fixture
def sales_csv(tmp_path):
    path = tmp_path / "sales.csv"
    path.write_text(SALES_CSV, encoding="utf-8")
    return path


@pytest.fixture
def sales(sales_csv):
    return attain.Panel.from_csv(
        sales_csv,
        quota=["revenue", "deals"],
        currency={"revenue": "USD"},
        kinds={"deals": "count"},
        labels={"revenue": {"vi": "doanh thu", "en": "revenue"}, "deals": {"vi": "hợp đồng", "en": "deals"}},
    )


def test_declarations_read_back(sales):
    assert sales.forms == {"revenue": "quota", "deals": "quota"} and sales.form("deals") == "quota"
    assert sales.kinds == {"revenue": "money", "deals": "count"}  # a currency implies money
    assert sales.currencies == {"revenue": "USD", "deals": None}
    assert sales.minor_digits == {"revenue": 2, "deals": 0}  # USD has cents
    assert sales.labels == {"revenue": {"vi": "doanh thu", "en": "revenue"}, "deals": {"vi": "hợp đồng", "en": "deals"}}
    snap = sales.at("2021-06")
    assert snap.forms == sales.forms and snap.currencies == sales.currencies
    assert snap.minor_digits == sales.minor_digits and snap.labels == sales.labels
    assert snap.form("deals") == "quota"
    # No binomial interval for a quota, even of counts: 30 deals of a plan of 20 are not trials.
    assert not snap.has_interval("deals") and not snap.has_interval("revenue")
    assert np.isnan(snap.interval("deals")[0]).all()


def test_a_completion_panel_declares_nothing_new():
    panel = attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10, money=["amount"])
    assert panel.forms == {"count": "completion", "amount": "completion"}
    assert panel.currencies == {"count": None, "amount": None}
    assert panel.minor_digits == {"count": 0, "amount": 0}
    assert panel.labels == {"count": {}, "amount": {}}
    snap = panel.at("2021-06")
    status = snap.unit("Cục THADS tỉnh Bến Tre", "count")
    assert status.form == "completion" and status.exceeded_by is None
    assert snap.has_interval("count")


def test_quota_over_100_percent(sales):
    snap = sales.at("2021-06")
    ann = snap.unit("ann", "revenue")
    assert ann.form == "quota"
    assert ann.target == 1.0  # 100 % of plan by default
    assert ann.ratio == float(Fraction(12_500_001, 10_000_000)) and ann.ratio > 1
    assert ann.met and ann.shortfall == 0
    assert ann.exceeded_by == 12_500_001 - 10_000_000  # $25,000.01
    assert ann.gap == 1.0 - ann.ratio
    cat = snap.unit("cat", "revenue")  # exactly on plan
    assert cat.met and cat.exceeded_by == 0
    deals = snap.unit("Acme", "deals")  # 60 deals against 58
    assert deals.done == 60 and deals.eligible == 58 and deals.met and deals.exceeded_by == 2
    assert snap.unit("cat", "deals").exceeded_by == 2


def test_quota_short_has_shortfall_pace_and_schedule(sales):
    snap = sales.at("2021-06")  # 6 months elapsed, 6 remaining
    bob = snap.unit("bob", "revenue")
    assert not bob.met and bob.shortfall == 3_000_000 and bob.exceeded_by == 0
    assert bob.pace is not None
    assert bob.pace.needed == 3_000_000 and bob.pace.per_month == 500_000
    assert bob.pace.eligible_projected == 10_000_000  # a plan does not grow
    assert bob.schedule_expected == 0.5 and bob.schedule_ahead == pytest.approx(0.2)
    north = snap.unit("North", "revenue")  # 19,500,001 of 20,000,000
    assert north.shortfall == 499_999
    acme = snap.unit("Acme", "revenue")  # 28,500,001 of 29,000,000
    assert acme.shortfall == 499_999 and not acme.met
    kids = snap.children("North", "revenue")
    assert (kids.n_met, kids.n_short) == (1, 1)


def test_quota_targets_above_one(sales_csv):
    panel = attain.Panel.from_csv(sales_csv, quota=["revenue", "deals"], targets={"revenue": 1.2})
    cat = panel.at("2021-06").unit("cat", "revenue")  # 9,000,000 against 1.2 x 9,000,000
    assert cat.target == 1.2 and not cat.met
    assert cat.shortfall == 10_800_000 - 9_000_000
    ann = panel.at("2021-06").unit("ann", "revenue")  # 12,500,001 against 12,000,000
    assert ann.met and ann.exceeded_by == 500_001
    # A target column may hold quota targets written as percentages.
    header, *rows = SALES_CSV.splitlines()
    rows = [row + (",150%" if row.startswith("ann,") else ",") for row in rows]
    path = sales_csv.with_name("targets.csv")
    path.write_text("\n".join([header + ",revenue_target", *rows]) + "\n", encoding="utf-8")
    ann = attain.Panel.from_csv(path, quota=["revenue", "deals"]).at("2021-06").unit("ann", "revenue")
    assert ann.target == 1.5 and not ann.met and ann.shortfall == 15_000_000 - 12_500_001


def test_exact_integer_arithmetic_against_fractions():
    rng = random.Random(12)
    n = 400
    actual = [rng.randrange(0, 10**12) for _ in range(n)]
    plan = [rng.randrange(1, 10**12) for _ in range(n)]
    targets = [f"{rng.randrange(0, 1001) / 100:.2f}" for _ in range(n)]
    columns = {
        "unit": [f"u{i}" for i in range(n)],
        "period": ["2021-06"] * n,
        "m_done": actual,
        "m_eligible": plan,
        "m_target": [float(t) for t in targets],
    }
    snap = attain.Panel.from_columns(columns, quota=["m"]).at("2021-06")
    frame = snap.to_frame().set_index("unit")
    for i in range(n):
        t = Fraction(targets[i])
        threshold = math.ceil(t * plan[i])  # the smallest actual meeting the target
        row = frame.loc[f"u{i}"]
        met = Fraction(actual[i], plan[i]) >= t
        assert row["ratio"] == float(Fraction(actual[i], plan[i]))  # correctly rounded
        assert bool(row["met"]) == met, i
        assert row["shortfall"] == (0 if met else threshold - actual[i]), i
        assert row["exceeded_by"] == (actual[i] - threshold if met else 0), i
        assert row["form"] == "quota"


def test_usd_cents_and_currency_defaults():
    columns = {"unit": ["a"], "period": ["2021-06"], "x_done": [123456], "x_eligible": [100000],
               "y_done": [5], "y_eligible": [5], "z_done": [1], "z_eligible": [1]}  # fmt: skip
    panel = attain.Panel.from_columns(
        columns, quota=["x"], currency={"x": "usd", "y": "VND", "z": "XAF"}, minor_digits={"z": 3}
    )
    assert panel.currencies == {"x": "USD", "y": "VND", "z": "XAF"}  # codes upper-cased by the core
    assert panel.minor_digits == {"x": 2, "y": 0, "z": 3}
    assert panel.kinds == {"x": "money", "y": "money", "z": "money"}
    assert panel.at("2021-06").unit("a", "x").exceeded_by == 23456  # $234.56


def test_levels_from_a_column_and_a_mapping(sales, sales_csv):
    assert sales.level("Acme") == "company" and sales.level("bob") == "rep"
    assert sales.units_at_level("rep") == ["ann", "bob", "cat"]
    assert sales.units_at_level("region") == ["North", "South"]
    assert sales.units_at_level("district") == []
    snap = sales.at("2021-06")
    assert snap.level("North") == "region" and snap.units_at_level("rep") == ["ann", "bob", "cat"]
    frame = snap.to_frame()
    assert list(frame.loc[frame["measure"] == "deals", "level"]) == ["company", "region", "region", "rep", "rep", "rep"]
    # A mapping wins over the column, and declares units without rows.
    columns = {"unit": ["ann", "bob"], "period": ["2021-06"] * 2, "c_done": [1, 2], "c_eligible": [2, 2]}
    panel = attain.Panel.from_columns(
        columns, hierarchy={"ann": "Team", "bob": "Team", "Team": None}, levels={"Team": "team", "ann": "rep"}
    )
    assert panel.level("Team") == "team" and panel.level("ann") == "rep" and panel.level("bob") is None
    assert panel.levels == {"Team": "team", "ann": "rep"}
    # Without a level column nor mapping, nothing is declared (depth still is).
    plain = attain.Panel.from_columns(columns, hierarchy={"ann": "Team", "bob": "Team", "Team": None})
    assert plain.levels == {} and plain.level(plain.roots[0]) is None
    # The founding data declare theirs in a column named level, read by default.
    founding = attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10)
    assert founding.level("Cục THADS tỉnh Bến Tre") == "province"
    assert founding.units_at_level("district") == [u for u in founding.units if u != "Cục THADS tỉnh Bến Tre"]
    # An explicit level column of another name.
    renamed = sales_csv.with_name("renamed.csv")
    renamed.write_text(SALES_CSV.replace(",level,", ",tier,", 1), encoding="utf-8")
    assert attain.Panel.from_csv(renamed, level="tier", quota=["revenue", "deals"]).level("cat") == "rep"


def test_from_cases_takes_the_declarations():
    cases = {"unit": ["A", "A", "B"], "status": ["done", "pending", "excluded"],
             "accepted": ["2020-10-05", "2021-01-10", "2020-11-02"],
             "status_date": ["2021-02-01", None, "2021-03-15"], "amount": [100, 50, 70]}  # fmt: skip
    panel = attain.from_cases(
        cases, scheme="generic", fiscal_year_start=10, periods=("2020-10", "2021-06"),
        hierarchy={"A": "P", "B": "P", "P": None}, levels={"P": "province", "A": "district", "B": "district"},
        currency={"amount": "VND"}, labels={"count": {"vi": "việc", "en": "cases"}},
    )  # fmt: skip
    assert panel.units_at_level("district") == ["A", "B"]
    assert panel.currencies["amount"] == "VND" and panel.minor_digits["amount"] == 0
    assert panel.labels["count"] == {"vi": "việc", "en": "cases"}


@pytest.mark.parametrize(
    "options, error, message",
    [
        ({"quota": ["nope"]}, attain.UnknownKeyError, "quota names measure 'nope', which is not in the panel"),
        ({"currency": {"revenue": "dollars"}}, attain.InvalidInputError,
         "measure 'revenue': currency 'dollars' is not a three-letter ISO 4217 code"),
        ({"currency": {"nope": "USD"}}, attain.UnknownKeyError, "currency names measure 'nope'"),
        ({"currency": {"deals": "USD"}, "kinds": {"deals": "count"}, "quota": ["revenue", "deals"]},
         attain.InvalidInputError,
         "measure 'deals' is declared a count but has currency 'USD'"),
        ({"minor_digits": {"revenue": 2}}, attain.InvalidInputError,
         "measure 'revenue' has minor_digits = 2 but is declared unspecified, not money"),
        ({"minor_digits": {"revenue": 2.0}}, attain.InputTypeError, "minor_digits of measure 'revenue' must be a whole"),
        ({"labels": {"revenue": {"fr": "chiffre"}}}, attain.InvalidInputError, "language 'fr' is not 'vi' or 'en'"),
        ({"labels": {"revenue": {"en": "rev\x00enue"}}}, attain.InvalidInputError,
         "measure 'revenue': label_en has a control character"),
        ({"labels": {"revenue": "revenue"}}, attain.InputTypeError, "labels of measure 'revenue' must be a mapping"),
        ({"levels": {"ann": "r\nep"}}, attain.InvalidInputError, "unit 'ann': level has a control character"),
        ({"levels": {"ann": "x" * 65}}, attain.InvalidInputError, "unit 'ann': level 'x.*' is 65 bytes long"),
        ({"levels": {"anne": "rep"}}, attain.UnknownKeyError, "levels names unit 'anne'.*did you mean 'ann'"),
        ({"level": "tier"}, attain.UnknownKeyError, "level column 'tier' is not in the data"),
        ({"quota": ["revenue"], "targets": {"revenue": 11}}, attain.InvalidInputError,
         r"targets\['revenue'\] = 11 is outside \[0, 10\] \(a quota target, x plan\)"),
        ({"targets": {"revenue": 1.2}}, attain.InvalidInputError, r"targets\['revenue'\] = 1.2 is outside \[0, 1\]"),
        ({}, attain.InvalidInputError, "revenue done = 9000000 is greater than revenue eligible = 8000000"),
    ],
)  # fmt: skip
def test_bad_declarations_name_what_is_wrong(sales_csv, options, error, message):
    options.setdefault("quota", ["deals"])
    with pytest.raises(error, match=message):
        attain.Panel.from_csv(sales_csv, **options)


def test_a_level_column_must_agree_on_a_unit(sales_csv):
    path = sales_csv.with_name("conflict.csv")
    path.write_text(SALES_CSV.replace("bob,North,rep,2021-06", "bob,North,officer,2021-06"), encoding="utf-8")
    with pytest.raises(attain.InvalidInputError, match="unit 'bob' has level 'rep' in .* line 6 but 'officer' in .* line 12"):
        attain.Panel.from_csv(path, quota=["revenue", "deals"])


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "attain", *args], capture_output=True, text=True)


def test_cli_quota_end_to_end(sales_csv):
    r = run_cli("summary", str(sales_csv), "--quota", "revenue", "--quota", "deals", "--currency", "revenue=USD",
                "--label", "revenue=doanh thu/revenue", "--as-of", "2021-06")  # fmt: skip
    assert r.returncode == 0, r.stderr
    lines = {line.split("  ")[0]: line.split() for line in r.stdout.splitlines() if line.strip()}
    # Acme: revenue 28,500,001 of 29,000,000 cents (98.28 %), deals 60 of 58 (103.45 %), over by 2.
    assert lines["attainment (quota)"][-2:] == ["98.28%", "103.45%"]
    assert lines["exceeded by"][-3:] == ["0.00", "USD", "2"]
    assert lines["shortfall"][-2:] == ["499,999", "0"]
    assert "Units under Acme (2):" in r.stdout


def test_cli_declaration_errors_are_one_line(sales_csv):
    r = run_cli("summary", str(sales_csv), "--quota", "deals", "--currency", "revenue")
    assert r.returncode == 2 and "--currency 'revenue': expected MEASURE=CODE" in r.stderr
    r = run_cli("summary", str(sales_csv), "--quota", "revenue", "--quota", "deal")
    assert r.returncode == 2 and "quota names measure 'deal', which is not in the panel" in r.stderr
    assert "Traceback" not in r.stderr
    r = run_cli("summary", str(sales_csv), "--quota", "revenue", "--quota", "deals", "--label", "revenue=doanh thu")
    assert r.returncode == 2 and "expected VI/EN" in r.stderr
    r = run_cli("summary", str(sales_csv), "--quota", "revenue", "--quota", "deals", "--level-column", "tier")
    assert r.returncode == 2 and "level column 'tier' is not in the data" in r.stderr


def test_a_quota_has_no_year_end_projection(sales):
    with pytest.raises(attain.InvalidInputError, match="measure 'revenue' is a quota: the year-end projection models"):
        sales.at("2021-06").projection("ann", "revenue")
