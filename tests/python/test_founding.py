"""The main job reproduces every figure of the founding report (shared/mission/README.md)."""

import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal

import pytest

import attain

ROOT = "Cục THADS tỉnh Bến Tre"


def points(x: float, places: int) -> Decimal:
    return Decimal(repr(100 * x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@pytest.fixture(scope="module")
def snap():
    return attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10).at("2021-06")


def test_province_figures(snap):
    count, amount = snap.unit(ROOT, "count"), snap.unit(ROOT, "amount")
    assert count.accepted == 16_623
    assert round(amount.accepted / 1e9) == 1_678
    assert points(count.ratio, 2) == Decimal("62.97") and points(amount.ratio, 2) == Decimal("40.01")
    assert points(count.change_prev, 2) == Decimal("5.17") and points(amount.change_prev, 2) == Decimal("5.22")
    assert points(count.gap, 2) == Decimal("18.53") and points(count.gap, 0) == Decimal(19)
    assert points(amount.gap, 2) == Decimal("0.09")
    assert (count.target, amount.target) == (0.815, 0.401)
    assert snap.months_elapsed == 9 and snap.months_remaining == 3


def test_branch_figures(snap):
    c = snap.children(ROOT, "count")
    assert (c.n, c.n_met, c.n_short) == (9, 0, 9)
    assert (points(c.min_gap, 0), points(c.max_gap, 0)) == (Decimal(16), Decimal(26))
    a = snap.children(ROOT, "amount")
    assert (a.n, a.n_met, a.n_short) == (9, 3, 6)
    assert (points(a.min_gap, 0), points(a.max_gap, 0)) == (Decimal(3), Decimal(9))


def test_cli_demo_prints_the_figures():
    out = subprocess.run([sys.executable, "-m", "attain", "demo"], capture_output=True, text=True, check=True).stdout
    for figure in ["16,623", "62.97%", "40.01%", "+5.17 points", "+5.22 points", "+18.53 points", "+0.09 points",
                   "0/9 met", "9/9 short by 16 to 26 points", "3/9 met", "6/9 short by 3 to 9 points"]:
        assert figure in out, figure


def test_cli_user_errors_have_no_traceback(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("period,unit,parent,count_done,count_eligible\n2021-01,a,,1.234,2000\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "attain", "summary", str(bad)], capture_output=True, text=True)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert "line 2, column 'count_done': '1.234' is not a whole number (write numbers without thousands separators)" in r.stderr
    r = subprocess.run([sys.executable, "-m", "attain", "demo", "--as-of", "2021-07"], capture_output=True, text=True)
    assert r.returncode == 2 and "period 2021-07 is not in the data (2020-10 .. 2021-06)" in r.stderr
