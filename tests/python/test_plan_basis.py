"""A quota's plan basis: ``annual`` (the plan is the whole year's; the default) or ``to_date``
(the plan column is the plan due by that month, "kế hoạch lũy kế"). A completion measure's
(a running rate) is tested in test_running_rate.py. Expected figures are
Python fractions worked out by hand, never attain's own output."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

import attain
from attain import cli

SALES = Path(__file__).resolve().parents[2] / "examples" / "data" / "example-co-sales-2025.csv"

# As of 2021-09 (calendar year: 9 months elapsed). ann: 1,100,000 of a plan of 1,000,000;
# bob: 600,000 of 800,000 (target 0.9 for bob).
COLUMNS = {
    "unit": ["ann", "bob"], "period": ["2021-09"] * 2,
    "revenue_done": [1_100_000, 600_000], "revenue_eligible": [1_000_000, 800_000],
    "revenue_target": [float("nan"), 0.9],
}  # fmt: skip
HIERARCHY = {"ann": "team", "bob": "team", "team": None}


def panel(**options):
    return attain.Panel.from_columns(COLUMNS, hierarchy=HIERARCHY, quota=["revenue"], **options)


def test_annual_is_the_default_and_to_date_expects_the_whole_plan():
    annual = panel().at("2021-09")
    to_date = panel(plan_basis={"revenue": "to_date"}).at("2021-09")
    assert panel().plan_bases == {"revenue": "annual"}
    assert panel(plan_basis={"revenue": "to_date"}).plan_bases == {"revenue": "to_date"}
    share = Fraction(9, 12)
    cases = {
        "ann": (Fraction(1_100_000, 1_000_000), Fraction(1)),
        "bob": (Fraction(600_000, 800_000), Fraction(9, 10)),
        "team": (Fraction(1_700_000, 1_800_000), Fraction(1)),  # the team's default target: 100 % of plan
    }
    for unit, (attainment, target) in cases.items():
        a, t = annual.unit(unit, "revenue"), to_date.unit(unit, "revenue")
        assert a.ratio == t.ratio == pytest.approx(float(attainment))
        # annual: expected target x 9/12; to_date: expected target x 1
        assert a.schedule_expected == pytest.approx(float(target * share))
        assert a.schedule_ahead == pytest.approx(float(attainment - target * share))
        assert t.schedule_expected == pytest.approx(float(target))
        assert t.schedule_ahead == pytest.approx(float(attainment - target))
        # Met, shortfall and exceeded_by do not depend on the basis.
        assert (a.met, a.shortfall, a.exceeded_by) == (t.met, t.shortfall, t.exceeded_by)
    # ann is 10 points ahead of a to-date plan; bob 15 points behind his 90 %.
    assert to_date.unit("ann", "revenue").schedule_ahead == pytest.approx(0.10)
    assert to_date.unit("bob", "revenue").schedule_ahead == pytest.approx(-0.15)


@pytest.mark.parametrize("options, error, message", [
    ({"plan_basis": {"revenue": "monthly"}}, attain.InvalidInputError,
     "measure 'revenue': plan basis 'monthly' is not annual or to_date"),
    ({"plan_basis": {"revenue": 1}}, attain.InputTypeError, "plan_basis of measure 'revenue'"),
    ({"plan_basis": {"deals": "to_date"}}, attain.UnknownKeyError, "plan_basis names measure 'deals'"),
])  # fmt: skip
def test_bad_plan_basis_names_the_measure(options, error, message):
    with pytest.raises(error, match=message):
        panel(**options)


def test_a_to_date_completion_measure_is_a_running_rate():
    """On a completion measure to_date is a running rate (tests/python/test_running_rate.py): the
    schedule expects the target itself."""
    columns = dict(COLUMNS, revenue_done=[900_000, 600_000])
    p = attain.Panel.from_columns(columns, hierarchy=HIERARCHY, plan_basis={"revenue": "to_date"})
    assert p.plan_bases == {"revenue": "to_date"} and p.forms == {"revenue": "completion"}
    bob = p.at("2021-09").unit("bob", "revenue")  # 600,000 of 800,000 against 90 %
    assert bob.schedule_expected == pytest.approx(0.9)
    assert bob.schedule_ahead == pytest.approx(float(Fraction(600_000, 800_000) - Fraction(9, 10)))


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def row(out, label):
    return next(line for line in out.splitlines() if line.startswith(label))


def test_cli_plan_to_date_on_the_sales_example(capsys, tmp_path, monkeypatch):
    base = ["summary", SALES, "--quota", "revenue", "--quota", "deals", "--currency", "revenue=USD", "--as-of", "2025-06"]
    code, annual, err = run(capsys, *base)
    assert code == 0, err
    code, to_date, err = run(capsys, *base, "--plan-to-date", "revenue")
    assert code == 0, err
    # The company's revenue: actual / plan, with the plan read as the one due by June.
    p = attain.Panel.from_file(SALES, quota=["revenue", "deals"], currency={"revenue": "USD"})
    company = p.roots[0]
    st = p.at("2025-06").unit(company, "revenue")
    attainment = Fraction(st.done, st.eligible)
    # Columns: revenue, then deals. Annual: 1 x 6/12; to date: 1 x 1 (deals stays annual).
    assert row(annual, "expected by now").split()[-2:] == ["50.00%", "50.00%"]
    assert row(to_date, "expected by now").split()[-2:] == ["100.00%", "50.00%"]
    ahead = attain._format.points(float(attainment - 1))
    assert ahead in row(to_date, "ahead of schedule")
    # The rest of the year's plan is not in the data: no pace per remaining month for it.
    assert "n/a (to-date plan)" in row(to_date, "pace needed") and "n/a (to-date plan)" not in row(annual, "pace needed")
    # attain.toml declares it too; the flag and the file agree.
    (tmp_path / "attain.toml").write_text(
        '[measures.revenue]\nform = "quota"\nplan_basis = "to_date"\ncurrency = "USD"\n[measures.deals]\nform = "quota"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    code, from_file, err = run(capsys, "summary", SALES, "--as-of", "2025-06")
    assert code == 0, err
    assert from_file == to_date


def test_cli_plan_to_date_errors(capsys, tmp_path):
    config = tmp_path / "attain.toml"
    for text, message in (
        ('[measures.revenue]\nform = "quota"\nplan_basis = "ytd"\n', "'measures.revenue.plan_basis' = 'ytd'"),
        ('[measures.revenue]\nplan_basis = 1\n', "'measures.revenue.plan_basis' = 1"),
    ):
        config.write_text(text, encoding="utf-8")
        code, out, err = run(capsys, "summary", SALES, "--config", config)
        assert code == 2 and message in err and str(config) in err and err.count("\n") == 1


def test_formats_text_names_the_plan_basis(capsys):
    code, out, err = run(capsys, "formats")
    assert code == 0 and "--plan-to-date" in out and 'plan_basis = "to_date"' in out and "[cases]" in out


def test_templates_see_the_plan_basis():
    from attain.report.fields import report_fields

    annual = report_fields(panel().at("2021-09"), "team")
    to_date = report_fields(panel(plan_basis={"revenue": "to_date"}).at("2021-09"), "team")
    assert annual["revenue.plan_to_date"] is False and to_date["revenue.plan_to_date"] is True
    # team: 1,700,000 of 1,800,000 against 100 % of the plan due: 17/18 - 1 = -1/18, in points.
    assert to_date["revenue.schedule_ahead_pts"] == pytest.approx(float(100 * (Fraction(17, 18) - 1)))
    assert to_date["revenue.schedule_expected_pct"] == pytest.approx(100.0)
