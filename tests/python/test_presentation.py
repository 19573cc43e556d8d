"""Presentation: the language of headings and labels, the tree as nested <details>, league tables
(checked against statsmodels' Wilson interval), neutral colour for no target, charts whose keys
and names cover nothing, bounded HTML for large trees, and escaping in every new output."""

import csv
import io
import json
import subprocess
import sys
from html.parser import HTMLParser

import numpy as np
import pytest

import attain
from attain import report
from attain._data import FOUNDING_OPTIONS
from attain.report import charts, labels
from attain.report import html as html_module
from attain.report.tables import league_table

ROOT = "Cục THADS tỉnh Bến Tre"
EVIL = ["<script>alert(1)</script>", "=cmd|' /C calc'!A0", "$x$ & <b>"]


@pytest.fixture(scope="module")
def founding():
    return attain.Panel.from_csv(attain.example_data_path(), **FOUNDING_OPTIONS)


def tree_panel(officers_per_branch=(3, 1, 4), targets=None, names=None, done=None, eligible=None, money=("amount",)):
    """Root -> 2 provinces -> branches -> officers; officers carry the tallies of one month."""
    hierarchy = {"Root": None, "P1": "Root", "P2": "Root"}
    leaves = []
    for b, n in enumerate(officers_per_branch):
        branch = f"B{b}"
        hierarchy[branch] = "P1" if b % 2 == 0 else "P2"
        for k in range(n):
            leaves.append(f"{branch}-O{k}")
            hierarchy[leaves[-1]] = branch
    if names:
        renamed = dict(zip(leaves, names))
        hierarchy = {renamed.get(u, u): renamed.get(p, p) if p else None for u, p in hierarchy.items()}
        leaves = [renamed.get(u, u) for u in leaves]
    n = len(leaves)
    rng = np.random.default_rng(3)
    eligible = np.asarray(eligible if eligible is not None else rng.integers(5, 80, n))
    done = np.asarray(done if done is not None else (eligible * rng.uniform(0.3, 0.95, n)).astype(int))
    columns = {"unit": leaves, "period": ["2021-01"] * n, "count_done": done, "count_eligible": eligible,
               "amount_done": done * 1000, "amount_eligible": eligible * 1000}
    return attain.Panel.from_columns(columns, parent=None, hierarchy=hierarchy, targets=targets, money=list(money))


class Details(HTMLParser):
    """Each unit of the tree and the unit whose <details> holds it."""

    def __init__(self):
        super().__init__()
        self.stack, self.parent_of, self.reading, self.text = [], {}, False, ""
        self.in_tree = 0

    def handle_starttag(self, tag, attrs):
        if tag == "div" and ("class", "tree") in attrs:
            self.in_tree = 1
        if not self.in_tree:
            return
        if tag == "details":
            self.stack.append(None)
        elif tag == "summary" or (tag == "div" and ("class", "leaf") in attrs):
            self.reading, self.text, self.leaf = True, "", tag == "div"
        elif tag == "span" and self.reading:
            self.finish()

    def finish(self):
        name = self.text.strip()
        holders = [u for u in self.stack if u is not None]
        if self.leaf:
            self.parent_of[name] = holders[-1] if holders else None
        else:
            self.parent_of[name] = holders[-1] if holders else None
            self.stack[-1] = name
        self.reading = False

    def handle_endtag(self, tag):
        if self.in_tree and tag == "details":
            self.stack.pop()
            if not self.stack:
                self.in_tree = 0

    def handle_data(self, data):
        if self.reading:
            self.text += data


# -- language ---------------------------------------------------------------------------------
def test_every_label_has_both_languages():
    for key in labels.keys():
        assert labels.word(key, "vi") and labels.word(key, "en"), key
    assert labels.yes_no(True, "vi") == "có" and labels.yes_no(False, "en") == "no"
    with pytest.raises(attain.InvalidInputError, match="lang = 'fr'"):
        labels.word("unit", "fr")


@pytest.mark.parametrize("template, lang", [("thads", "vi"), ("generic", "en"), ("thads.en", "en")])
def test_default_language_follows_the_template(template, lang):
    assert labels.default_lang(template) == lang


def test_html_headings_follow_the_language(founding):
    snap = founding.at("2021-06")
    vi = report.html_report(founding, snap, template="thads", charts=False)
    en = report.html_report(founding, snap, template="generic", charts=False)
    assert '<html lang="vi">' in vi and '<html lang="en">' in en
    for heading in ("Các đơn vị", "Bảng xếp hạng", "Toàn bộ đơn vị, theo cấp", "<th>tỷ lệ</th>", ">không<"):
        assert heading in vi, heading
    for heading in ("<h2>Units</h2>", "<h2>League table</h2>", "<th>ratio</th>", ">no<"):
        assert heading in en and heading not in vi, heading
    assert "none (money)" in en and "không có (tiền)" in vi


def test_markdown_and_csv_headings_follow_the_language(founding):
    snap = founding.at("2021-06")
    units = [ROOT, *founding.children_of(ROOT)]
    assert report.unit_table(snap, "md", units, "vi").startswith("| đơn vị | chỉ số | đã xong |")
    vi = list(csv.reader(io.StringIO(report.unit_table(snap, "csv", units, "vi"))))
    en = list(csv.DictReader(io.StringIO(report.unit_table(snap, "csv", units, "en"))))
    assert vi[0][:3] == ["đơn vị", "đơn vị cấp trên", "chỉ số"] and vi[1][vi[0].index("đạt")] == "không"
    assert en[0]["met"] == "no" and list(en[0])[:3] == ["unit", "parent", "measure"]


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "attain", *args], capture_output=True, text=True)


def test_cli_default_language_follows_the_template():
    data = str(attain.example_data_path())
    generic = run_cli("report", data, "--fiscal-year-start", "10", "--format", "md")
    assert generic.returncode == 0, generic.stderr
    assert generic.stdout.startswith("As of June 2021") and "| unit | measure |" in generic.stdout
    thads = run_cli("report", data, "--fiscal-year-start", "10", "--template", "thads", "--format", "md", "--as-of", "2021-06")
    assert thads.returncode == 0, thads.stderr
    assert thads.stdout.startswith("Tính đến") and "| đơn vị | chỉ số |" in thads.stdout


# -- the tree -----------------------------------------------------------------------------------
def test_tree_nests_every_unit_inside_its_parent():
    panel = tree_panel(targets={"count": 0.6})
    page = report.html_report(panel, "2021-01", "en", charts=False)
    parser = Details()
    parser.feed(page)
    assert parser.parent_of == {u: panel.parent_of(u) for u in panel.units}
    assert page.count("<details") == 1 + 2 + 3  # the root, the provinces, the branches: every unit with children
    assert "(level 3)" in page


def test_tree_of_a_unit_below_the_root():
    panel = tree_panel()
    page = report.html_report(panel, "2021-01", "vi", unit="P1", charts=False)
    parser = Details()
    parser.feed(page)
    assert set(parser.parent_of) == {"P1", "B0", "B2", *[u for u in panel.units if u.startswith(("B0-", "B2-"))]}
    assert parser.parent_of["P1"] is None and "(cấp 1)" in page


def test_large_trees_are_cut_and_say_so():
    panel = tree_panel((30, 30, 30))
    text = html_module.tree_html(panel.at("2021-01"), "Root", "en", max_units=20, max_children=5)
    assert text.count('class="leaf"') + text.count("<details") <= 20 + 10
    assert "more units below" in text and "more units (see the CSV table or --unit)" in text


# -- league tables ------------------------------------------------------------------------------
def test_league_ranks_by_ratio_with_wilson_intervals():
    from statsmodels.stats.proportion import proportion_confint

    panel = tree_panel()
    snap = panel.at("2021-01")
    table = report.league(snap, level=3, measure="count", by="ratio")
    officers = [u for u in panel.units if "-O" in u]
    assert sorted(r["unit"] for r in table.rows) == sorted(officers) and table.ranked_by == "ratio"
    ratios = [r["ratio"] for r in table.rows]
    assert ratios == sorted(ratios, reverse=True) and [r["rank"] for r in table.rows] == list(range(1, len(officers) + 1))
    for r in table.rows:
        low, high = proportion_confint(r["done"], r["eligible"], alpha=0.05, method="wilson")
        assert r["ci_low"] == pytest.approx(low, rel=1e-10) and r["ci_high"] == pytest.approx(high, rel=1e-10)
        assert r["parent"] == panel.parent_of(r["unit"])
    assert report.league(snap, level="3", measure="count", by="ratio").rows == table.rows
    assert [r["unit"] for r in report.league(snap, level=3, within="P2", by="ratio").rows] == [
        r["unit"] for r in table.rows if r["unit"].startswith("B1-")
    ]


def test_league_shrinks_small_units_so_noise_crowns_nobody():
    # One officer did 2 of 2; the others did 150-190 of 200.
    done, eligible = [2, 190, 180, 170, 160, 150, 100, 120], [2, 200, 200, 200, 200, 200, 200, 200]
    panel = tree_panel((3, 1, 4), done=done, eligible=eligible)
    snap = panel.at("2021-01")
    by_ratio = report.league(snap, level=3, measure="count", by="ratio")
    shrunk = report.league(snap, level=3, measure="count")
    assert by_ratio.rows[0]["unit"] == "B0-O0" and by_ratio.rows[0]["ratio"] == 1.0
    assert shrunk.ranked_by == "shrunk" and shrunk.rows[0]["unit"] == "B0-O1"
    fit = attain.beta_binomial_shrinkage(done, eligible)
    leaves = [u for u in panel.units if "-O" in u]
    expected = dict(zip(leaves, fit.shrunk))
    for r in shrunk.rows:
        assert r["shrunk"] == pytest.approx(expected[r["unit"]], rel=1e-12)
        assert r["shrunk_low"] <= r["shrunk"] <= r["shrunk_high"]
    values = [r["shrunk"] for r in shrunk.rows]
    assert values == sorted(values, reverse=True)


def test_league_has_rank_intervals_and_credible_flags():
    # One officer did 2 of 2; the others did 100-190 of 200; the target is 80 %.
    done, eligible = [2, 190, 180, 170, 160, 150, 100, 120], [2, 200, 200, 200, 200, 200, 200, 200]
    panel = tree_panel((3, 1, 4), done=done, eligible=eligible, targets={"count": 0.8})
    snap = panel.at("2021-01")
    table = snap.league(level=3, measure="count", top=2)
    assert table.rows == report.league(snap, level=3, measure="count", top=2).rows  # Snapshot.league delegates
    leaves = [u for u in panel.units if "-O" in u]
    ranks = attain.rank_intervals(done, eligible, top=2, draws=400, seed=14)
    expected = {u: (int(ranks.low[i]), int(ranks.high[i]), ranks.p_top[i], ranks.p_bottom[i]) for i, u in enumerate(leaves)}
    for r in table.rows:
        assert (r["rank_low"], r["rank_high"], r["p_top"], r["p_bottom"]) == expected[r["unit"]]
        assert r["rank_low"] <= r["rank_high"]
    assert table.top == 2 and sum(r["p_top"] for r in table.rows) == pytest.approx(2.0)
    # The 2-of-2 officer is neither crowned (rank interval wide) nor credibly top.
    small = next(r for r in table.rows if r["eligible"] == 2)
    assert small["rank_high"] - small["rank_low"] >= 4 and small["p_top"] < 0.95
    flags = {r["unit"]: r["flag"] for r in table.rows}
    target = {r["unit"]: r["target"] for r in table.rows}
    assert set(target.values()) == {0.8}
    tested = attain.target_flags(done, eligible, 0.8)
    assert [flags[u] for u in leaves] == [{-1: "below", 1: "above"}.get(int(f)) for f in tested.flag]
    assert flags[small["unit"]] is None  # one unit of 2 cases is never flagged
    assert flags[leaves[6]] == "below" and flags[leaves[1]] == "above"  # 100 and 190 of 200
    frame = table.to_frame()
    assert list(frame.columns) == list(report.league.__globals__["LEAGUE_COLUMNS"])
    header, cells, _, _ = html_module.formatted_league(table, "en")
    assert "95% rank interval" in header and "P(top 2)" in header and "P(bottom 2)" in header
    by_ratio = snap.league(level=3, measure="count", by="ratio")
    assert all(r["rank_low"] is None and r["p_top"] is None for r in by_ratio.rows)


def test_league_of_money_has_no_interval_and_is_ranked_by_ratio():
    snap = tree_panel().at("2021-01")
    table = report.league(snap, level=3, measure="amount")
    assert table.ranked_by == "ratio" and all(r["ci_low"] is None and r["shrunk"] is None for r in table.rows)
    header, cells, _, _ = html_module.formatted_league(table, "en", html_module.measure_info(snap)["amount"])
    assert all(row[header.index("95% interval")] == "none (money)" for row in cells)
    with pytest.raises(attain.InvalidInputError, match="by = 'shrunk' needs a measure declared a count"):
        report.league(snap, level=3, measure="amount", by="shrunk")


def test_league_errors_name_the_level():
    snap = tree_panel().at("2021-01")
    with pytest.raises(attain.UnknownKeyError, match="level 'officer' is not a level of the tree"):
        report.league(snap, level="officer")
    with pytest.raises(attain.InvalidInputError, match="no unit is at depth 7"):
        report.league(snap, level=7)


def test_league_units_with_nothing_eligible_come_last_unranked():
    snap = tree_panel((2, 1, 1), done=[0, 3, 4, 5], eligible=[0, 10, 10, 10]).at("2021-01")
    rows = report.league(snap, level=3, measure="count").rows
    assert rows[-1]["unit"] == "B0-O0" and rows[-1]["rank"] is None and rows[-1]["ratio"] is None
    assert [r["rank"] for r in rows[:-1]] == [1, 2, 3]


def test_cli_level_and_unit(tmp_path):
    data = str(attain.example_data_path())
    r = run_cli("report", data, "--fiscal-year-start", "10", "--money", "amount", "--level", "1", "--format", "csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    count = [row for row in rows if row["measure"] == "count"]
    assert len(count) == 9 and [int(row["rank"]) for row in count] == list(range(1, 10))
    r = run_cli("report", data, "--fiscal-year-start", "10", "--money", "amount", "--level", "1", "--lang", "vi")
    assert "### Bảng xếp hạng cấp 1: count" in r.stdout and "tỷ lệ hiệu chỉnh" in r.stdout
    doc = json.loads(run_cli("report", data, "--fiscal-year-start", "10", "--level", "1", "--format", "json").stdout)
    assert doc["schema"] == "attain.league" and len(doc["leagues"][0]["rows"]) == 9
    bad = run_cli("report", data, "--fiscal-year-start", "10", "--level", "officer")
    assert bad.returncode == 2 and "level 'officer' is not a level of the tree" in bad.stderr and "Traceback" not in bad.stderr
    branch = run_cli("report", data, "--fiscal-year-start", "10", "--unit", "Chi cục THADS huyện Ba Tri", "--format", "html",
                     "-o", str(tmp_path / "b.html"))
    assert branch.returncode == 0, branch.stderr
    assert "Chi cục THADS huyện Ba Tri — June 2021" in (tmp_path / "b.html").read_text(encoding="utf-8")


# -- colours: no target is neutral ----------------------------------------------------------------
def test_a_measure_without_target_is_neutral():
    pytest.importorskip("matplotlib")
    panel = tree_panel(targets={"count": 0.5})  # no target for amount
    snap = panel.at("2021-01")
    page = report.html_report(panel, snap, "en")
    amount_rows = [line for line in page.split("<tr") if "<td>amount</td>" in line]
    assert amount_rows and all('class="none"' in line and "class=short" not in line for line in amount_rows)
    ax = charts.plot_attainment(snap, "amount", "Root", ax=charts.figure((6, 3)))
    assert {tuple(np.round(p.get_facecolor()[:3], 3)) for p in ax.patches} == {tuple(np.round(np.array([0xA8, 0xB2, 0xBD]) / 255, 3))}
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["no target"]


# -- charts -------------------------------------------------------------------------------------------
def _extent(artist):
    return artist.get_window_extent()


def test_charts_keys_cover_no_point_and_names_do_not_overlap(founding):
    pytest.importorskip("matplotlib")
    snap = founding.at("2021-06")
    funnel = attain.inference.children_funnel(snap, ROOT)
    ax = charts.plot_funnel(funnel, ax=charts.figure((8, 5)), labels=snap.children_of(ROOT), lang="vi", title="phễu")
    fig = ax.figure
    fig.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    points = ax.transData.transform(np.c_[funnel.eligible, 100 * np.asarray(funnel.ratio)])
    assert not any(legend.contains(x, y) for x, y in points)
    names = [t for t in ax.texts if t.get_text()]
    assert len(names) == 9
    boxes = [_extent(t) for t in names]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert not any(box.contains(x, y) for box in boxes for x, y in points)
    assert ax.get_xlabel() == "phải thực hiện (mẫu số)"


def test_attainment_axis_is_fitted_with_values_and_a_key(founding):
    pytest.importorskip("matplotlib")
    snap = founding.at("2021-06")
    ax = charts.plot_attainment(snap, "count", ax=charts.figure((8, 5)), lang="en")
    ratios = [snap.unit(u, "count").ratio for u in snap.children_of(ROOT)]
    low, high = ax.get_xlim()
    assert low == 0 and 100 * 0.815 < high < 100 and high > 100 * max(ratios)
    values = [t.get_text() for t in ax.texts]
    assert values == [f"{100 * r:.1f}%" for r in ratios]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["short", "target"]
    ax.figure.canvas.draw()
    bars = [p.get_window_extent() for p in ax.patches]
    assert not ax.get_legend().get_window_extent().overlaps(ax.get_window_extent())
    assert all(b.y1 <= ax.get_window_extent().y1 for b in bars)


def test_value_labels_do_not_sit_on_target_ticks(founding):
    pytest.importorskip("matplotlib")
    snap = founding.at("2021-06")
    for measure in ("count", "amount"):
        ax = charts.plot_attainment(snap, measure, ax=charts.figure((8, 4.8)), lang="vi")
        ax.figure.canvas.draw()
        ticks = [line.get_window_extent() for line in ax.lines if len(line.get_xdata()) == 2]
        assert len(ticks) == 9
        for text in ax.texts:
            box = text.get_window_extent()
            assert not any(box.overlaps(t) for t in ticks), (measure, text.get_text())


def test_attainment_of_many_children_draws_the_highest_and_lowest():
    pytest.importorskip("matplotlib")
    panel = tree_panel((100, 1))
    snap = panel.at("2021-01")
    ax = charts.plot_attainment(snap, "count", "B0", ax=charts.figure((8, 12)), max_bars=20)
    assert len(ax.patches) == 20 and "20 of 100 units" in ax.get_title()


def test_charts_leave_the_backend_alone():
    code = ("import matplotlib; matplotlib.use('svg'); import attain; from attain.report import charts\n"
            "snap = attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10).at('2021-06')\n"
            "charts.plot_attainment(snap, 'count'); print(matplotlib.get_backend())")  # fmt: skip
    pytest.importorskip("matplotlib")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "svg"


# -- size ---------------------------------------------------------------------------------------------
def test_html_of_5000_units_is_produced_and_bounded():
    pytest.importorskip("matplotlib")
    panel = tree_panel((1666, 1666, 1666))
    assert len(panel.units) > 5000
    page = report.html_report(panel, "2021-01", "en")
    assert page.count("<details") + page.count('class="leaf"') <= html_module.MAX_TREE_UNITS + 10
    assert "more units" in page and len(page) < 3_000_000
    assert page.count("<figure") == 5  # attainment and trajectory per measure, the funnel


# -- escaping -----------------------------------------------------------------------------------------
def test_names_are_escaped_in_every_new_output():
    pytest.importorskip("matplotlib")
    panel = tree_panel((2, 1, 1), names=EVIL + ["plain"])
    snap = panel.at("2021-01")
    page = report.html_report(panel, snap, "en")
    assert page.count("<script>") == 1  # the page's own loader only
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<b>" not in page
    md = league_table(snap, "md", 3, lang="en")
    assert "<script>" not in md and "&lt;script&gt;" in md and "\\$x\\$" in md
    rows = list(csv.reader(io.StringIO(league_table(snap, "csv", 3))))
    assert any(row[2] == "'=cmd|' /C calc'!A0" for row in rows)
    raw = list(csv.reader(io.StringIO(league_table(snap, "csv", 3, formula_guard=False))))
    assert any(row[2] == "=cmd|' /C calc'!A0" for row in raw)
    ax = charts.plot_attainment(snap, "count", "B1", ax=charts.figure((6, 3)))
    assert "$x$ & <b>" in [t.get_text().replace("\\$", "$") for t in ax.get_yticklabels()]
    ax.figure.savefig(io.BytesIO(), format="png")  # mathtext would raise on "$x$ & <b>"


# -- money ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("currency, digits, lang, word", [("VND", 0, "vi", "tỷ đồng"), ("VND", 0, "en", "billion VND"),
                                                           ("USD", 2, "en", "$")])
def test_money_is_shown_with_its_currency_and_scale(founding, currency, digits, lang, word):
    from attain.report.tables import MeasureInfo, formatted_rows

    snap = founding.at("2021-06")
    rows = report.unit_rows(snap, [ROOT])
    info = {"count": MeasureInfo(kind="count"), "amount": MeasureInfo(kind="money", currency=currency, minor_digits=digits)}
    header, cells = formatted_rows(rows, lang, info)
    amount = next(c for r, c in zip(rows, cells) if r["measure"] == "amount")
    done = next(r["done"] for r in rows if r["measure"] == "amount")
    assert amount[header.index(labels.word("done", lang))] == report.format_money(done, currency, digits, lang)
    assert word in amount[header.index(labels.word("done", lang))]
    count = next(c for r, c in zip(rows, cells) if r["measure"] == "count")
    assert count[2] == attain._core.format_integer(7575, lang)  # counts stay whole numbers


def test_html_shows_declared_money_with_its_currency(founding, monkeypatch):
    from attain.report.tables import MeasureInfo

    info = {"count": MeasureInfo(kind="count"), "amount": MeasureInfo(kind="money", currency="VND", label_vi="tiền")}
    monkeypatch.setattr(html_module, "measure_info", lambda snap: info)
    snap = founding.at("2021-06")
    page = report.html_report(founding, snap, "vi", "thads", charts=False)
    done = snap.unit(ROOT, "amount").done
    assert f"<td class=num>{report.format_money(done, 'VND', 0, 'vi')}</td>" in page and "tỷ đồng" in page
    # the founding data declare their levels: the league is of the lowest one (district), named in Vietnamese
    assert "Bảng xếp hạng huyện: tiền" in page


# -- declared measures: quota, currency, labels, levels ---------------------------------------------------
SALES_CSV = """\
unit,parent,level,period,revenue_done,revenue_eligible,deals_done,deals_eligible
Acme,,company,2021-06,0,0,0,0
North,Acme,region,2021-06,0,0,0,0
South,Acme,region,2021-06,0,0,0,0
ann,North,rep,2021-06,12500001,10000000,30,20
bob,North,rep,2021-06,7000000,10000000,10,20
cat,South,rep,2021-06,9000000,9000000,20,18
"""


@pytest.fixture
def sales(tmp_path):
    path = tmp_path / "sales.csv"
    path.write_text(SALES_CSV, encoding="utf-8")
    return attain.Panel.from_csv(path, quota=["revenue", "deals"], currency={"revenue": "USD"}, kinds={"deals": "count"},
                                 labels={"revenue": {"vi": "doanh thu", "en": "revenue"}, "deals": {"vi": "hợp đồng", "en": "deals"}})


def test_a_sales_team_by_declared_level(sales):
    snap = sales.at("2021-06")
    table = report.league(snap, level="rep", measure="revenue")
    assert table.level == "rep" and [r["unit"] for r in table.rows] == ["ann", "cat", "bob"]
    assert table.rows[0]["ratio"] > 1 and table.rows[0]["level"] == "rep"  # a quota beaten
    # (a template of our own: the built-in generic one is rewritten for any measures elsewhere)
    template = report.Template("{unit.name}")
    page = report.html_report(sales, snap, "en", template, unit="Acme", level="rep", charts=False)
    assert "League table, reps: revenue" in page and "League table, reps: deals" in page  # the level named in English
    assert report.format_money(12500001, "USD", 2, "en") in page and "$" in report.format_money(12500001, "USD", 2, "en")
    assert "none (quota)" in page  # a quota is no binomial proportion: no Wilson interval
    assert "(company)" in page and "(region)" in page and "(rep)" in page
    vi = report.html_report(sales, snap, "vi", template, unit="Acme", level="region", charts=False)
    assert "Bảng xếp hạng khu vực: doanh thu" in vi  # "region" in Vietnamese


def test_quota_bars_beyond_100_percent_fit_the_axis(sales):
    pytest.importorskip("matplotlib")
    snap = sales.at("2021-06")
    ax = charts.plot_attainment(snap, "revenue", "North", ax=charts.figure((6, 3)), lang="en")
    assert ax.get_xlim()[1] > 125 and ax.texts[0].get_text() == "125.0%"
    assert "revenue" in ax.get_title() and ax.get_xlabel() == "revenue: attainment of plan (%)"


def test_a_funnel_shows_its_limits_when_every_point_is_inside_them():
    """Two units of 70 near the centre: the view reaches the limits at their denominator, so the funnel is seen."""
    from scipy.stats import norm

    funnel = attain.funnel_limits([43, 40], [70, 70], levels=(0.95, 0.998))
    ax = charts.plot_funnel(funnel, ax=charts.figure((8, 5)))
    p = 83 / 140
    half = norm.ppf(0.999) * np.sqrt(p * (1 - p) / 70)  # the 99.8 % normal limits at n = 70
    low, high = ax.get_ylim()
    assert low <= 100 * (p - half) and high >= 100 * (p + half)
    assert high - low < 60  # and not the whole 0-100 % range of the smallest denominators
