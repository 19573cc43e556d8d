"""Money ratios from case records get the ratio-of-sums interval by linearisation.

A panel built from case records (``attain.from_cases``) keeps, for the amount measure, the
moments of the cases behind each unit's figures; the snapshot turns them into each unit's
interval of done amount / eligible amount. References, never attain's own output: the cases
each unit's interval must rest on are listed here by hand (or are every case of the unit's
subtree, where the records make that so), and the interval is computed from them by a numpy
implementation of the linearisation formula written below and, where R is installed, by
``survey::svyratio`` (scripts/setup-r.sh). A panel of tallies (no cases) still has no interval.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import numpy as np
import pytest
from scipy import stats

import attain
from attain import report

HIERARCHY = {"A": "P", "B": "P", "C": "P", "D": "Q", "E": "Q", "Z": "Q", "P": None, "Q": None}

# (unit, status, accepted, status_date, amount, done_amount); calendar fiscal year, as of 2021-03.
CASES = [
    ("A", "done", "2021-01-05", "2021-02-10", 100, 100),
    ("A", "pending", "2021-01-07", None, 50, 0),
    ("A", "done", "2021-02-01", "2021-03-03", 80, 60),
    ("A", "pending", "2020-11-20", None, 30, 0),  # carried over from 2020
    ("A", "done", "2020-06-01", "2020-12-01", 999, 999),  # done in 2020: not in the 2021 figures
    ("A", "excluded", "2021-01-10", "2021-02-15", 40, 0),  # excluded since February
    ("B", "done", "2021-01-02", "2021-03-30", 200, 150),
    ("B", "pending", "2021-02-11", None, 0, 0),  # no money, but a case
    ("B", "pending", "2021-03-01", None, 70, 0),
    ("C", "pending", "2021-01-15", None, 20, 0),  # C rests on one case
    ("D", "done", "2021-01-15", "2021-02-01", 10, 10),  # every case done in full
    ("D", "done", "2021-02-15", "2021-03-01", 30, 30),
    ("E", "pending", "2021-01-15", None, 25, 0),  # nothing done
    ("E", "pending", "2021-02-15", None, 35, 0),
    ("Z", "pending", "2021-01-15", None, 0, 0),  # nothing eligible: no ratio
    ("Z", "pending", "2021-02-15", None, 0, 0),
]
# The cases in each leaf's year-to-date eligible amount at 2021-03, as (done y, eligible x).
LEAVES = {
    "A": [(100, 100), (0, 50), (60, 80), (0, 30)],
    "B": [(150, 200), (0, 0), (0, 70)],
    "C": [(0, 20)],
    "D": [(10, 10), (30, 30)],
    "E": [(0, 25), (0, 35)],
    "Z": [(0, 0), (0, 0)],
}
EXPECTED = {**LEAVES, "P": LEAVES["A"] + LEAVES["B"] + LEAVES["C"], "Q": LEAVES["D"] + LEAVES["E"] + LEAVES["Z"]}


def case_records(cases=CASES):
    columns = ("unit", "status", "accepted", "status_date", "amount", "done_amount")
    return {name: [c[k] for c in cases] for k, name in enumerate(columns)}


def linearisation(y, x, alpha=0.05):
    """The survey ratio estimator's linearised interval, written out: R = sum y / sum x,
    var(R) = n / (n - 1) * sum (y - R x)^2 / (sum x)^2, R +- z se, clipped to [0, 1] (as the
    snapshot does: a done amount never exceeds its eligible amount)."""
    y, x = np.asarray(y, dtype=float), np.asarray(x, dtype=float)
    n = len(y)
    if n < 2 or x.sum() == 0:
        return np.nan, np.nan, np.nan
    ratio = y.sum() / x.sum()
    se = np.sqrt(n / (n - 1) * np.sum((y - ratio * x) ** 2)) / x.sum()
    z = stats.norm.isf(alpha / 2)
    return ratio, max(ratio - z * se, 0.0), min(ratio + z * se, 1.0)


@pytest.fixture(scope="module")
def panel():
    return attain.from_cases(
        case_records(), scheme="generic", done_amount="done_amount", hierarchy=HIERARCHY, periods=("2021-01", "2021-03")
    )


def test_each_unit_gets_the_interval_of_its_year_to_date_cases(panel):
    snap = panel.at("2021-03")
    assert snap.interval_method("amount") == "linearisation" and snap.interval_method("count") == "wilson"
    assert snap.has_interval("count") and not snap.has_interval("amount")  # binomial only
    low, high = snap.interval("amount")
    cases = snap.column("amount", "cases")
    for unit, pairs in EXPECTED.items():
        i = snap.index_of(unit)
        y, x = zip(*pairs)
        ratio, lo, hi = linearisation(y, x)
        assert cases[i] == len(pairs), unit
        assert snap.unit(unit, "amount").cases == len(pairs)
        assert snap.unit(unit, "amount").done == sum(y) and snap.unit(unit, "amount").eligible == sum(x)
        if np.isnan(lo):
            assert np.isnan(low[i]) and np.isnan(high[i]), unit
        else:
            assert snap.column("amount", "ratio")[i] == pytest.approx(ratio, rel=1e-15)
            assert low[i] == pytest.approx(lo, rel=1e-12, abs=1e-15), unit
            assert high[i] == pytest.approx(hi, rel=1e-12, abs=1e-15), unit
    # Another level: the same formula at 90 %.
    low90, high90 = snap.interval("amount", alpha=0.1)
    y, x = zip(*EXPECTED["P"])
    _, lo, hi = linearisation(y, x, alpha=0.1)
    assert low90[snap.index_of("P")] == pytest.approx(lo, rel=1e-12)
    assert high90[snap.index_of("P")] == pytest.approx(hi, rel=1e-12)


def test_edge_cases(panel):
    snap = panel.at("2021-03")
    low, high = snap.interval("amount")
    at = {u: (low[snap.index_of(u)], high[snap.index_of(u)]) for u in HIERARCHY}
    assert np.isnan(at["C"]).all() and snap.unit("C", "amount").ratio == 0.0  # one case: n - 1 = 0
    assert at["D"] == (1.0, 1.0)  # every case done in full: no residual
    assert at["E"] == (0.0, 0.0)  # nothing done: no residual either (the linearisation's known limit)
    assert np.isnan(at["Z"]).all() and np.isnan(snap.unit("Z", "amount").ratio)  # sum x = 0: no ratio
    assert at["A"][1] == 1.0  # clipped: the normal interval would reach 108 %
    # At 2021-01 unit A has two cases in its figures (100 pending then, and 50), B one.
    jan = panel.at("2021-01")
    assert jan.column("amount", "cases")[jan.index_of("A")] == 4  # the 30 carried over and the excluded 40 too
    assert np.isnan(jan.interval("amount")[0][jan.index_of("B")])


def test_a_panel_of_tallies_still_has_no_money_interval(panel):
    frame = panel.at("2021-03").to_frame()
    rows = frame[frame.measure == "amount"]
    columns = {
        "unit": list(rows.unit), "period": "2021-03",
        "amount_done": rows.done.to_numpy(), "amount_eligible": rows.eligible.to_numpy(),
    }  # fmt: skip
    leaves = [u for u in columns["unit"] if u not in ("P", "Q")]
    keep = [k for k, u in enumerate(columns["unit"]) if u in leaves]
    tallies = attain.Panel.from_columns(
        {"unit": leaves, "period": ["2021-03"] * len(leaves),
         "amount_done": columns["amount_done"][keep], "amount_eligible": columns["amount_eligible"][keep]},
        hierarchy=HIERARCHY, money=["amount"],
    ).at("2021-03")  # fmt: skip
    assert tallies.interval_method("amount") is None
    assert np.isnan(tallies.interval("amount")[0]).all()
    assert (tallies.column("amount", "cases") == -1).all() and tallies.unit("A", "amount").cases is None
    assert "none (money)" in report.unit_table(tallies, "md")


def test_reports_show_the_interval_and_name_the_method(panel):
    snap = panel.at("2021-03")
    md = report.unit_table(snap, "md", units=["P", "A", "B", "C"])
    y, x = zip(*EXPECTED["P"])
    _, lo, hi = linearisation(y, x)
    assert f"{100 * lo:.2f}% – {100 * hi:.2f}%" in md
    assert "none (money)" not in md
    assert "none (1 case)" in md  # C
    assert "ratio-of-sums, linearisation" in md
    vi = report.unit_table(snap, "md", units=["P", "C"], lang="vi")
    assert "không có (chỉ 1 việc)" in vi and "tuyến tính hóa" in vi
    doc = json.loads(report.unit_table(snap, "json"))
    assert doc["interval_methods"] == {"count": "wilson", "amount": "linearisation"}
    rows = {(r["unit"], r["measure"]): r for r in report.unit_rows(snap)}
    assert rows[("P", "amount")]["ci_low"] == pytest.approx(lo, rel=1e-12)
    frame = snap.to_frame()
    p = frame[(frame.unit == "P") & (frame.measure == "amount")].iloc[0]
    assert p["cases"] == 8 and p["ci_low"] == pytest.approx(lo, rel=1e-12)
    html = report.html_report(panel, "2021-03", unit="P", charts=False)
    assert "ratio-of-sums, linearisation" in html and f"{100 * lo:.2f}% – {100 * hi:.2f}%" in html
    league = report.tables.league_table(snap, "md", level=1, measures=["amount"])
    assert "ratio-of-sums, linearisation" in league and "none (1 case)" in league


def test_the_word_report_names_the_method(panel):
    docx = pytest.importorskip("docx")
    import io

    document = docx.Document(io.BytesIO(report.docx_report(panel, "2021-03", "en", unit="P", charts=False)))
    notes = [p.text for p in document.paragraphs if "ratio-of-sums, linearisation" in p.text]
    assert notes and all(p.runs[0].italic for p in document.paragraphs if p.text in notes[:1])
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    y, x = zip(*EXPECTED["P"])
    _, lo, hi = linearisation(y, x)
    assert f"{100 * lo:.2f}% – {100 * hi:.2f}%" in cells and "none (1 case)" in cells


def test_random_records_in_one_year_match_the_formula():
    # Every case accepted this year, done or pending, none excluded: each unit's interval rests on
    # every case of its subtree.
    rng = np.random.default_rng(14)
    n = 400
    units = rng.choice(["A", "B", "C", "D", "E"], n)
    done = rng.random(n) < 0.6
    amount = np.round(rng.lognormal(18, 1.5, n)).astype(np.int64)  # dong, skewed (a few large cases)
    executed = np.where(done, np.round(amount * rng.beta(4, 2, n)).astype(np.int64), 0)
    accepted = [f"2021-{int(m):02d}-01" for m in rng.integers(1, 4, n)]
    status_date = [a.replace("-01-01", "-03-15").replace("-02-01", "-03-15").replace("-03-01", "-03-20") if d else None
                   for a, d in zip(accepted, done)]  # fmt: skip
    records = {"unit": units, "status": np.where(done, "done", "pending"), "accepted": accepted,
               "status_date": status_date, "amount": amount, "done_amount": executed}  # fmt: skip
    hierarchy = {"A": "P", "B": "P", "C": "Q", "D": "Q", "E": "Q", "P": "R", "Q": "R", "R": None}
    panel = attain.from_cases(records, scheme="generic", done_amount="done_amount", hierarchy=hierarchy,
                              periods=("2021-01", "2021-03"))  # fmt: skip
    snap = panel.at("2021-03")
    low, high = snap.interval("amount")
    subtree = {"P": "AB", "Q": "CDE", "R": "ABCDE", **{u: u for u in "ABCDE"}}
    for unit, leaves in subtree.items():
        mask = np.isin(units, list(leaves))
        ratio, lo, hi = linearisation(executed[mask], amount[mask])
        i = snap.index_of(unit)
        assert snap.column("amount", "ratio")[i] == pytest.approx(ratio, rel=1e-14)
        assert low[i] == pytest.approx(lo, rel=1e-11) and high[i] == pytest.approx(hi, rel=1e-11), unit


SVYRATIO = r"""
suppressPackageStartupMessages(library(survey))
input <- read.table(file("stdin"), header = TRUE)
for (u in unique(input$unit)) {
  d <- input[input$unit == u, ]
  r <- svyratio(~y, ~x, svydesign(ids = ~1, weights = rep(1, nrow(d)), data = d))
  ci <- confint(r)
  cat(u, sprintf("%.17g", c(coef(r), SE(r), ci[1], ci[2])), "\n")
}
"""


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="R is not installed (scripts/setup-r.sh)")
def test_the_intervals_match_survey_svyratio(panel):
    if subprocess.run(["Rscript", "-e", "library(survey)"], capture_output=True).returncode != 0:
        pytest.skip("r-cran-survey is not installed (scripts/setup-r.sh)")
    units = [u for u, pairs in EXPECTED.items() if len(pairs) >= 2 and sum(x for _, x in pairs) > 0]
    table = "unit y x\n" + "\n".join(f"{u} {y} {x}" for u in units for y, x in EXPECTED[u])
    out = subprocess.run(["Rscript", "-e", SVYRATIO], input=table, capture_output=True, text=True, check=True).stdout
    snap = panel.at("2021-03")
    low, high = snap.interval("amount")
    for line in out.strip().splitlines():
        unit, ratio, _se, lo, hi = line.split()
        i = snap.index_of(unit)
        assert snap.column("amount", "ratio")[i] == pytest.approx(float(ratio), rel=1e-14)
        # svyratio's interval is not clipped; the snapshot's is, to [0, 1].
        assert low[i] == pytest.approx(min(max(float(lo), 0.0), 1.0), rel=1e-12, abs=1e-15), unit
        assert high[i] == pytest.approx(min(max(float(hi), 0.0), 1.0), rel=1e-12, abs=1e-15), unit


def test_the_cli_report_from_case_records_shows_the_money_interval(capsys):
    from attain.cli import main

    path = str(attain.example_data_path().parent / "ben-tre-2021-cases.csv")
    args = ["report", path, "--cases", "--scheme", "thads", "--fiscal-year-start", "10", "--as-of", "2021-06",
            "--root", "Cục THADS tỉnh Bến Tre", "--format", "md", "--lang", "en", "-q"]  # fmt: skip
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "none (money)" not in out and "ratio-of-sums, linearisation" in out
    # The reference: the province's cases at 2021-06 picked by the rules written out here (fiscal
    # year from October 2020; thads: done = thi_hanh_xong, dinh_chi; excluded = chua_co_dieu_kien,
    # uy_thac), then the formula above. The records hold no done amount: a done case executed all.
    pd = pytest.importorskip("pandas")
    cases = pd.read_csv(path)
    accepted = pd.to_datetime(cases["accepted"]).dt.to_period("M")
    status = pd.to_datetime(cases["status_date"]).dt.to_period("M")
    june, year_start = pd.Period("2021-06", "M"), pd.Period("2020-10", "M")
    done = cases["status"].isin(["thi_hanh_xong", "dinh_chi"])
    excluded = cases["status"].isin(["chua_co_dieu_kien", "uy_thac"])
    eligible = (accepted <= june) & ~(done & (status < year_start)) & ~(excluded & (status <= june))
    x = cases["amount"][eligible].to_numpy()
    y = np.where((done & (status <= june))[eligible], x, 0)
    ratio, lo, hi = linearisation(y, x)
    assert f"| {100 * ratio:.2f}% | {100 * lo:.2f}% – {100 * hi:.2f}% |" in out
