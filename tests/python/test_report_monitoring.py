"""The report's monitoring section: a unit's monthly completion on a control chart (SPC signals)
and Pettitt's change point, in the HTML, Markdown, CSV, JSON and Word reports and the CLI summary.

The monthly series is checked against Python ints read from the CSV (never against attain's own
output); the charts and tests themselves are checked against their references in test_spc.py and
test_change_point.py.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import numpy as np
import pytest

import attain
from attain import _core, report
from attain._data import FOUNDING_OPTIONS
from attain.report import labels
from attain.report.monitoring import MIN_MONTHS, monitoring, signal_rows, summary_lines, summary_sentence
from attain.report.tables import signals_table

ROOT = "Cục THADS tỉnh Bến Tre"
BRANCH = "Chi cục THADS huyện Châu Thành"
RULES = ("outside_limits", "anhoej_runs", "anhoej_crossings", "two_of_three_beyond_2sigma", "four_of_five_beyond_1sigma",
         "eight_on_one_side", "nine_on_one_side", "six_trending", "fourteen_alternating", "fifteen_within_1sigma",
         "eight_beyond_1sigma")  # fmt: skip


@pytest.fixture(scope="module")
def panel():
    return attain.Panel.from_csv(attain.example_data_path(), **FOUNDING_OPTIONS)


def csv_series(unit, measure):
    """The unit's year-to-date done and eligible by month (its own rows and its children's: the
    founding data are two levels deep), as Python ints from the CSV."""
    with open(attain.example_data_path(), encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if unit in (r["unit"], r["parent"])]
    periods = sorted({r["period"] for r in rows})
    done = [sum(int(r[f"{measure}_done"]) for r in rows if r["period"] == p) for p in periods]
    eligible = [sum(int(r[f"{measure}_eligible"]) for r in rows if r["period"] == p) for p in periods]
    return periods, done, eligible


def reference_completions(done, eligible):
    """Each month's completions and the cases open at its start (one fiscal year from its first
    month): Python ints."""
    flows = [done[0]] + [done[k] - done[k - 1] for k in range(1, len(done))]
    open_ = [eligible[0]] + [eligible[k] - done[k - 1] for k in range(1, len(done))]
    return flows, open_


def test_monthly_completions_against_python_ints():
    periods, done, eligible = csv_series(BRANCH, "count")
    flows, open_ = attain.period.monthly_completions(done, eligible, periods, fiscal_year_start=10)
    assert (flows.tolist(), open_.tolist()) == reference_completions(done, eligible)
    # A new fiscal year restarts: nothing was done before its first month.
    two_years = ["2021-08", "2021-09", "2021-10", "2021-11"]
    flows, open_ = attain.period.monthly_completions([50, 70, 5, 12], [100, 110, 40, 45], two_years, 10)
    assert flows.tolist() == [50, 20, 5, 7] and open_.tolist() == [100, 110 - 50, 40, 45 - 5]
    with pytest.raises(attain.InvalidInputError, match="does not follow"):
        attain.period.monthly_completions([1, 2], [3, 4], ["2021-01", "2021-03"])
    with pytest.raises(attain.InvalidInputError, match="done"):
        _core.open_at_start(np.array([1], dtype=np.int64), np.array([1, 2], dtype=np.int64),
                            np.array([0, 1], dtype=np.int32), 1)  # fmt: skip


@pytest.mark.parametrize("unit", [ROOT, BRANCH])
def test_the_chart_watches_completions_out_of_the_open_caseload(panel, unit):
    snap = panel.at("2021-06")
    periods, done, eligible = csv_series(unit, "count")
    flows, open_ = reference_completions(done, eligible)
    m = monitoring(panel, snap, unit, "count")
    assert m.periods == periods and m.done.tolist() == flows and m.open.tolist() == open_
    assert m.chart is not None and m.chart.chart == "laney" and m.chart.rules == "anhoej"
    np.testing.assert_allclose(m.chart.value, [f / o for f, o in zip(flows, open_)], rtol=1e-15)
    np.testing.assert_allclose(m.chart.phases.centre, [sum(flows) / sum(open_)], rtol=1e-12)
    assert m.change is not None
    assert m.change_found == (m.change.p_value < 0.05)
    # Money: a ratio of sums, the XmR chart.
    periods, done, eligible = csv_series(unit, "amount")
    flows, open_ = reference_completions(done, eligible)
    money = monitoring(panel, snap, unit, "amount")
    assert money.chart is not None and money.chart.chart == "xmr"
    np.testing.assert_allclose(money.chart.value, [f / o for f, o in zip(flows, open_)], rtol=1e-15)


def test_months_up_to_the_as_of_month_only(panel):
    m = monitoring(panel, panel.at("2021-03"), ROOT, "count")
    assert m.chart is not None and m.periods == ["2020-10", "2020-11", "2020-12", "2021-01", "2021-02", "2021-03"]
    short = monitoring(panel, panel.at("2021-02"), ROOT, "count")
    assert short.chart is None and short.reason == "short" and len(short.periods) == MIN_MONTHS - 1
    assert "6" in summary_sentence(short, "en")


def test_data_starting_mid_year_leave_out_their_first_month(tmp_path):
    # The founding data read as a calendar year: October 2020 is not a year's first month, its
    # year-to-date figure holds months before it, so the chart starts in November (and a new year in January).
    p = attain.Panel.from_csv(attain.example_data_path(), money=["amount"], fiscal_year_start=7)
    m = monitoring(p, p.at("2021-06"), ROOT, "count")
    assert m.periods[0] == "2020-11" and len(m.periods) == 8


def test_a_quota_gets_no_chart():
    p = attain.Panel.from_csv(attain.example_data_path("example-co-sales-2025.csv"), quota=["revenue", "deals"],
                              currency={"revenue": "USD"})  # fmt: skip
    snap = p.at(p.periods[-1])
    m = monitoring(p, snap, p.roots[0], "revenue")
    assert m.chart is None and m.reason == "quota"
    assert summary_sentence(m, "en") == "revenue: a quota; no monthly control chart."


def test_every_rule_has_words_in_both_languages():
    for rule in RULES:
        for lang in labels.LANGUAGES:
            assert labels.word(f"rule_{rule}", lang)
    assert labels.word("rule_anhoej_runs", "vi") != labels.word("rule_anhoej_runs", "en")


@pytest.fixture(scope="module")
def signalled(panel):
    """A unit and measure of the founding data whose chart signals (found, not assumed)."""
    snap = panel.at("2021-06")
    for unit in panel.units:
        for measure in panel.measures:
            m = monitoring(panel, snap, unit, measure)
            if m.chart is not None and m.chart.signals:
                return unit, measure, m
    pytest.skip("no chart of the founding data signals")


def test_signal_rows_name_the_rule_and_its_months(signalled):
    unit, measure, m = signalled
    rows = signal_rows(m, "vi")
    assert len(rows) == len(m.chart.signals)
    for row, s in zip(rows, m.chart.signals):
        assert row[0] == labels.word(f"rule_{s.rule}", "vi")
        points = s.points.tolist()
        names = [_core.format_month(m.periods[k], "vi") for k in points]
        consecutive = len(points) >= 3 and points == list(range(points[0], points[-1] + 1))
        if consecutive or len(points) < 3:
            assert row[1] == (f"{names[0]} – {names[-1]}" if consecutive else ", ".join(names))
    assert "quy tắc" in summary_sentence(m, "vi", measure)


def test_html_report_has_the_monitoring_section(panel, signalled):
    unit, measure, m = signalled
    for lang in ("vi", "en"):
        page = report.html_report(panel, "2021-06", lang=lang, unit=unit, template="generic")
        assert f"<h2>{labels.word('monitoring', lang)}</h2>" in page
        assert page.count('<figure class="chart spc">') == 2  # one chart a measure
        assert '<table class="signals">' in page
        for s in m.chart.signals:
            assert labels.word(f"rule_{s.rule}", lang) in page
    bare = report.html_report(panel, "2021-06", lang="en", unit=unit, charts=False)
    assert '<figure class="chart spc">' not in bare and '<table class="signals">' in bare


def test_markdown_csv_and_json_tables_of_signals(panel, signalled):
    unit, measure, m = signalled
    snap = panel.at("2021-06")
    md = signals_table(panel, snap, unit, "md", "en")
    assert md.startswith("## Monthly monitoring") and "| rule | months | side |" in md
    rows = list(csv.DictReader(io.StringIO(signals_table(panel, snap, unit, "csv", "en"))))
    expected = [(measure, s.rule, m.periods[k]) for s in m.chart.signals for k in s.points.tolist()]
    assert [(r["measure"], r["rule"], r["period"]) for r in rows if r["measure"] == measure] == expected
    for r in rows:
        assert float(r["lower"]) <= float(r["centre_line"]) <= float(r["upper"])
    doc = json.loads(signals_table(panel, snap, unit, "json", "en"))
    assert doc["schema"] == "attain.signals" and doc["unit"] == unit
    assert {c["measure"]: c["chart"] for c in doc["charts"]} == {"count": "laney", "amount": "xmr"}
    vi = signals_table(panel, snap, unit, "csv", "vi")
    assert vi.splitlines()[0].startswith("chỉ số,quy tắc,tháng")
    with pytest.raises(attain.InvalidInputError, match="table format"):
        signals_table(panel, snap, unit, "xml")


def test_cli_summary_and_markdown_report_show_the_signals(panel, signalled):
    unit, measure, m = signalled
    lines = summary_lines(panel, panel.at("2021-06"), unit)
    assert lines[1] == "Signals in the monthly completion:"
    assert any(line.startswith(f"  {measure} (") for line in lines)
    data = str(attain.example_data_path())
    options = ["--as-of", "2021-06", "--fiscal-year-start", "10", "--money", "amount", "--unit", unit]
    out = subprocess.run([sys.executable, "-m", "attain", "summary", data, *options], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "Signals in the monthly completion:" in out.stdout
    out = subprocess.run([sys.executable, "-m", "attain", "report", data, *options, "--format", "md", "--lang", "en"],
                         capture_output=True, text=True)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "## Monthly monitoring" in out.stdout and labels.word(f"rule_{m.chart.signals[0].rule}", "en") in out.stdout


def test_month_lists_shorten_runs_to_ranges():
    from attain.report.monitoring import month_ranges

    names = ["a", "b", "c", "d", "e", "f", "g"]
    assert month_ranges([names[k] for k in (0, 1, 2, 3, 5, 6)], [0, 1, 2, 3, 5, 6]) == "a – d, f, g"
    assert month_ranges(["a", "c"], [0, 2]) == "a, c" and month_ranges([], []) == ""


def test_a_change_point_suggests_rebasing():
    # A series with a clear step: Pettitt finds it, the sentence names its month.
    rows = []
    for k, period in enumerate(["2021-01", "2021-02", "2021-03", "2021-04", "2021-05", "2021-06", "2021-07", "2021-08",
                                "2021-09", "2021-10", "2021-11", "2021-12"]):  # fmt: skip
        flow = 10 if k < 6 else 40
        rows.append((period, flow))
    done, eligible, total = [], [], 0
    for k, (_, flow) in enumerate(rows):
        total += flow
        done.append(total)
        eligible.append(total - flow + 100)  # 100 open at the start of every month
    p = attain.Panel.from_columns({"period": [r[0] for r in rows], "unit": ["u"] * 12, "parent": [""] * 12,
                                   "count_done": done, "count_eligible": eligible}, kinds={"count": "count"})  # fmt: skip
    m = monitoring(p, p.at("2021-12"), "u", "count")
    assert m.change_found and m.change_period == "2021-07"
    assert "July 2021" in summary_sentence(m, "en") and "rebasing" in summary_sentence(m, "en")
    assert "tháng 7/2021" in summary_sentence(m, "vi")
    assert any("change from 2021-07" in line for line in summary_lines(p, p.at("2021-12"), "u"))


def test_a_running_rate_is_watched_as_each_months_done_out_of_its_eligible():
    """A running rate (plan basis to_date): month t's ratio is done_t / eligible_t of the month's own
    flows, not done out of what was open at its start (which falls all year for a rate)."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "running-rate-nhs.csv"
    flows: dict[str, list[int]] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            d = flows.setdefault(r["period"], [0, 0])
            d[0] += int(r["seen_done"])
            d[1] += int(r["seen_eligible"])
    months = sorted(flows)
    expected = np.array([flows[m][0] / flows[m][1] for m in months])  # the rows are monthly flows
    panel = attain.Panel.from_csv(path, monthly_flows=True, fiscal_year_start=4, kinds={"seen": "count"},
                                  plan_basis={"seen": "to_date"})  # fmt: skip
    snap = panel.at(months[-1])
    watch = monitoring(panel, snap, "England NHS", "seen")
    assert watch.basis == "flow" and watch.chart is not None
    np.testing.assert_allclose(watch.chart.value, expected, rtol=1e-14)
    assert watch.open.tolist() == [flows[m][1] for m in months]
    md = signals_table(panel, snap, "England NHS", "md", "en")
    assert "what was done in the month out of what came due in it (a running rate)" in md
    assert "those open at its start" not in md
    annual = attain.Panel.from_csv(path, monthly_flows=True, fiscal_year_start=4, kinds={"seen": "count"})
    assert monitoring(annual, annual.at(months[-1]), "England NHS", "seen").basis == "open"
