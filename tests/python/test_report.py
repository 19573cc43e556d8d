"""Reports: the founding paragraph from data, data-driven wording, formats, HTML in a browser."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import attain
from attain import report
from attain._data import FOUNDING_OPTIONS

# The paragraph of the founding report, verbatim (a substring of the published report).
FOUNDING = (Path(__file__).resolve().parents[1] / "data" / "founding-paragraph.vi.txt").read_text(encoding="utf-8").strip()
ROOT = "Cục THADS tỉnh Bến Tre"


@pytest.fixture(scope="module")
def panel():
    # The founding data's options: fiscal year from October, amount declared money (count a count).
    return attain.Panel.from_csv(attain.example_data_path(), **FOUNDING_OPTIONS)


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "attain", *args], capture_output=True, text=True)


def test_founding_paragraph_from_the_api(panel):
    assert report.narrative(panel.at("2021-06"), "vi", "thads") == FOUNDING


def test_founding_paragraph_from_the_cli():
    r = run_cli("report", str(attain.example_data_path()), "--as-of", "2021-06", "--fiscal-year-start", "10",
                "--lang", "vi", "--template", "thads", "--target", "count=0.815", "--target", "amount=0.401")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == FOUNDING
    assert FOUNDING in run_cli("demo").stdout


def test_english_rendering_of_the_same_figures(panel):
    text = report.narrative(panel.at("2021-06"), "en", "thads")
    for figure in ["30/6/2021", "16,623 cases", "1,678 billion VND", "62.97%", "40.01%", "up 5.17 points",
                   "up 5.22 points", "still 19 points", "0.09 points", "81.5%", "40.1%", "9/9 district branches",
                   "16 to 26 points", "3/9 district branches have met", "6/9 have not", "3 to 9 points"]:
        assert figure in text, figure


def changed(tmp_path, edit):
    frame = pd.read_csv(attain.example_data_path(), keep_default_na=False)
    edit(frame)
    path = tmp_path / "changed.csv"
    frame.to_csv(path, index=False)
    return frame, attain.Panel.from_csv(path, fiscal_year_start=10).at("2021-06")


def test_changed_data_changes_the_paragraph(tmp_path):
    def edit(f):
        june = f.period == "2021-06"
        branches = june & (f.parent != "")
        # every branch now completes 45 % of its money: all meet 40.1 %
        f.loc[branches, "amount_done"] = (f.loc[branches, "amount_eligible"] * 45 // 100).astype("int64")
        # the province's own cases fall back: fewer completions than in May by ratio
        f.loc[june & (f.parent == ""), "count_done"] = 100
        f.loc[f.unit == "Chi cục THADS huyện Ba Tri", "count_accepted"] += 1000

    frame, snap = changed(tmp_path, edit)
    text = report.narrative(snap, "vi", "thads")
    june, may = frame[frame.period == "2021-06"], frame[frame.period == "2021-05"]
    accepted = june["count_accepted"].sum()
    ratio6 = june["count_done"].sum() / june["count_eligible"].sum()
    ratio5 = may["count_done"].sum() / may["count_eligible"].sum()
    assert f"thụ lý {accepted:,}".replace(",", ".") + " việc" in text
    assert f"{100 * ratio6:.2f}% về việc".replace(".", ",") in text
    assert ratio6 < ratio5 and f"(giảm {100 * (ratio5 - ratio6):.2f}% về việc".replace(".", ",") in text
    assert "9/9 Chi cục Thi hành án dân sự cấp huyện đã hoàn thành chỉ tiêu về tiền;" not in text  # the amount clause ends the sentence
    assert text.endswith("9/9 Chi cục Thi hành án dân sự cấp huyện đã hoàn thành chỉ tiêu về tiền.")
    assert text != FOUNDING


def test_tables_in_every_format(panel):
    snap = panel.at("2021-06")
    units = [ROOT, *panel.children_of(ROOT)]
    rows = list(csv.DictReader(io.StringIO(report.unit_table(snap, "csv", units))))
    assert len(rows) == 20
    frame = pd.read_csv(attain.example_data_path(), keep_default_na=False)
    ba_tri = frame[(frame.period == "2021-06") & (frame.unit == "Chi cục THADS huyện Ba Tri")].iloc[0]
    row = next(r for r in rows if r["unit"] == "Chi cục THADS huyện Ba Tri" and r["measure"] == "count")
    assert float(row["ratio"]) == ba_tri.count_done / ba_tri.count_eligible
    from statsmodels.stats.proportion import proportion_confint

    low, high = proportion_confint(ba_tri.count_done, ba_tri.count_eligible, method="wilson")
    assert float(row["ci_low"]) == pytest.approx(low, rel=1e-12) and float(row["ci_high"]) == pytest.approx(high, rel=1e-12)
    doc = json.loads(report.unit_table(snap, "json", units))
    assert doc["schema"] == "attain.units" and doc["version"] == 1 and doc["as_of"] == "2021-06"
    amount_root = next(r for r in doc["rows"] if r["unit"] == ROOT and r["measure"] == "amount")
    assert amount_root["ci_low"] is None  # money is not a count of trials
    assert amount_root["done"] == frame[frame.period == "2021-06"]["amount_done"].sum()
    md = report.unit_table(snap, "md", units, "vi")
    assert md.splitlines()[0].startswith("| đơn vị | chỉ số |") and "62,97%" in md and len(md.splitlines()) == 22
    assert report.unit_table(snap, "md", units, "en").splitlines()[0].startswith("| unit | measure |")
    with pytest.raises(attain.InvalidInputError, match="table format 'xls'"):
        report.unit_table(snap, "xls")


@pytest.mark.parametrize("fmt", ["text", "md", "json", "csv", "html"])
def test_cli_formats(tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    r = run_cli("demo", "--format", fmt, "-o", str(out), "--lang", "en")
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        assert json.loads(text)["version"] == 1
    elif fmt == "csv":
        assert text.startswith("unit,parent,measure,done,eligible")
    else:
        assert "62.97%" in text


def test_template_errors_name_field_and_position(tmp_path):
    with pytest.raises(attain.InvalidInputError, match=r"bad format spec 'x' for field 'count.ratio_pct' at position 6"):
        report.Template("Tỷ lệ {count.ratio_pct:x}")
    t = report.Template("Tỷ lệ {count.ratio_bogus:.2}")
    with pytest.raises(attain.UnknownKeyError, match=r"unknown field 'count.ratio_bogus' at position 6"):
        t.render({"count.ratio_pct": 1.0}, "vi")
    bad = tmp_path / "bad.txt"
    bad.write_text("{if count.met}đạt", encoding="utf-8")
    r = run_cli("demo", "--template-file", str(bad))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "'{if}' at position 0 has no '{end}'" in r.stderr


@pytest.mark.parametrize(
    "value, places, lang, expected",
    [(16623, 0, "vi", "16.623"), (16623, 0, "en", "16,623"), (62.9728, 2, "vi", "62,97"), (0.085, 2, "en", "0.09"),
     (18.53, 0, "vi", "19"), (-1.105, 2, "en", "-1.11"), (1678213.45, 1, "vi", "1.678.213,5"), (0.0, 2, "vi", "0,00")],
)
def test_locale_numbers_do_not_depend_on_the_os(value, places, lang, expected):
    assert attain._core.format_number(value, places, lang) == expected


def test_repr_html_and_charts(panel):
    snap = panel.at("2021-06")
    assert snap._repr_html_().count("<tr") == 21
    pytest.importorskip("matplotlib")
    from attain.report import charts

    ax = charts.plot_attainment(snap, "amount")
    assert len(ax.patches) == 9
    ax = charts.plot_trajectory(panel, ROOT, "count", projection={"periods": ["2021-07"], "ratio": [0.68]})
    assert len(ax.get_xticklabels()) == 10
    funnel = attain.funnel_limits(np.array([10, 50, 300]), np.array([40, 100, 400]))
    assert charts.plot_funnel(funnel).collections


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    if os.environ.get("CI"):
        pytest.fail("Chromium is required in CI (scripts/setup.sh installs Debian's chromium)")
    pytest.skip("Chromium is not installed (apt-get install chromium)")


def test_html_report_in_headless_chromium(tmp_path, panel):
    browser = chromium()
    page = tmp_path / "report.html"
    page.write_text(report.html_report(panel, "2021-06", "vi", "thads"), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
    dom = subprocess.run([browser, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert 'data-loaded="ok"' in dom.stdout  # the page's script ran: it loaded without errors
    assert FOUNDING in dom.stdout
    assert dom.stdout.count("<svg") >= 5
    shot = tmp_path / "report.png"
    subprocess.run([browser, *flags, f"--screenshot={shot}", "--window-size=1200,2400", page.as_uri()],
                   capture_output=True, timeout=120, check=True)
    assert shot.stat().st_size > 50_000
