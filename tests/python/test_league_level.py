"""The league's default level: the lowest declared level (officers, reps) when levels are
declared, titled with the level's name in the report's language; the deepest depth otherwise."""

from __future__ import annotations

import pytest

import attain
from attain import cli, report
from attain.report.labels import level_name

# Units per level: company (1) -> region (2) -> rep (3); "extra" is a rep directly under the
# company, so that the reps are not all at one depth.
SALES_CSV = """\
unit,parent,level,period,revenue_done,revenue_eligible
Acme,,company,2021-06,0,0
North,Acme,region,2021-06,0,0
South,Acme,region,2021-06,0,0
ann,North,rep,2021-06,12500001,10000000
bob,North,rep,2021-06,7000000,10000000
cat,South,rep,2021-06,9000000,9000000
"""


@pytest.fixture
def sales(tmp_path):
    path = tmp_path / "sales.csv"
    path.write_text(SALES_CSV, encoding="utf-8")
    return path


def test_default_is_the_lowest_declared_level(sales):
    snap = attain.Panel.from_csv(sales, quota=["revenue"]).at("2021-06")
    table = report.league(snap, measure="revenue")
    assert table.level == "rep"
    assert [r["unit"] for r in table.rows] == ["ann", "cat", "bob"]  # 1.25, 1.0, 0.7
    within = report.league(snap, measure="revenue", within="South")
    assert within.level == "rep" and [r["unit"] for r in within.rows] == ["cat"]


def test_depth_default_without_declared_levels(sales, tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("\n".join(",".join(c for k, c in enumerate(line.split(",")) if k != 2) for line in SALES_CSV.splitlines()),
                    encoding="utf-8")
    snap = attain.Panel.from_csv(path, quota=["revenue"]).at("2021-06")
    table = report.league(snap, measure="revenue")
    assert table.level == 2 and len(table) == 3


def test_lowest_level_when_depths_differ(tmp_path):
    # A rep directly under the company (depth 1) and reps under regions (depth 2): the lowest
    # declared level is still "rep", and its league holds every rep.
    text = SALES_CSV + "dan,Acme,rep,2021-06,5000000,10000000\n"
    path = tmp_path / "mixed.csv"
    path.write_text(text, encoding="utf-8")
    snap = attain.Panel.from_csv(path, quota=["revenue"]).at("2021-06")
    table = report.league(snap, measure="revenue")
    assert table.level == "rep" and sorted(r["unit"] for r in table.rows) == ["ann", "bob", "cat", "dan"]


def test_titles_name_the_level_in_the_report_language(sales, capsys):
    assert level_name("rep", "en") == "reps" and level_name("rep", "vi") == "nhân viên kinh doanh"
    assert level_name("officer", "vi") == "chấp hành viên" and level_name("officer", "en") == "officers"
    assert level_name("tier 3", "vi") == "tier 3"  # another name is shown as declared
    assert level_name(2, "en") == "level 2" and level_name(2, "vi") == "cấp 2"
    argv = [str(sales), "--quota", "revenue", "--format", "md", "--template", "generic"]
    assert cli.main(["report", *argv, "--level", "rep", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "### League table, reps: revenue" in out
    assert cli.main(["report", *argv, "--level", "rep", "--lang", "vi"]) == 0
    out = capsys.readouterr().out
    assert "### Bảng xếp hạng nhân viên kinh doanh: revenue" in out
    # The HTML report's league defaults to the reps too, not to "level 2".
    panel = attain.Panel.from_csv(sales, quota=["revenue"])
    page = report.html_report(panel, panel.at("2021-06"), "en", report.Template("{unit.name}"), charts=False)
    assert "League table, reps: revenue" in page and "level 2" not in page


def test_the_officers_example_defaults_to_officers(capsys):
    data = attain.example_data_path("chau-thanh-officers-2022.csv")
    panel = attain.Panel.from_file(data, fiscal_year_start=10, money=["amount"])
    table = report.league(panel.at(panel.periods[-1]), measure="count")
    assert table.level == "officer"
    levels = {panel.level(u) for u in panel.units}
    assert levels >= {"district", "officer"}


def test_a_league_above_the_rank_bound_has_no_rank_intervals(monkeypatch):
    """Above RANK_UNITS_MAX ranked units the league keeps its shrunken ratios but neither
    simulates ranks nor shows their columns (the simulation grows with units x draws)."""
    import importlib
    import io

    import pandas as pd

    league_module = importlib.import_module("attain.report.league")  # the module, not the function
    csv = "unit,parent,period,count_done,count_eligible\nroot,,2021-06,0,0\n" + "".join(
        f"u{i},root,2021-06,{10 + i},{40 + 3 * i}\n" for i in range(5)
    )
    panel = attain.Panel.from_frame(pd.read_csv(io.StringIO(csv)), kinds={"count": "count"})
    snap = panel.at("2021-06")
    ranked = report.league(snap, level=1, measure="count")
    assert ranked.ranked_by == "shrunk" and all(r["rank_low"] is not None for r in ranked.rows)
    monkeypatch.setattr(league_module, "RANK_UNITS_MAX", 4)
    table = report.league(snap, level=1, measure="count")
    assert table.ranked_by == "shrunk" and all(r["rank_low"] is None and r["p_top"] is None for r in table.rows)
    assert [r["unit"] for r in table.rows] == [r["unit"] for r in ranked.rows]  # the same order
    header, cells, _, _ = league_module.formatted_league(table, "en")
    assert "95% rank interval" not in header and all(len(row) == len(header) for row in cells)


def test_a_league_shows_itself_as_a_table_in_a_console_and_a_notebook(sales):
    """repr: one aligned line per unit (not a dump of arrays); _repr_html_: the report's own table."""
    table = report.league(attain.Panel.from_csv(sales, quota=["revenue"]).at("2021-06"), measure="revenue")
    lines = repr(table).splitlines()
    assert lines[0] == "League of 3 units, level rep: revenue, ranked by ratio"
    assert lines[1].split()[:2] == ["rank", "unit"] and [line.split()[1] for line in lines[2:]] == ["ann", "cat", "bob"]
    assert "125.00%" in lines[2] and "array(" not in repr(table)
    html = table._repr_html_()
    assert html.startswith('<div class="wide"><table class="league">') and html.count("<tr") == 4
    assert "<td>ann</td>" in html or ">ann<" in html
