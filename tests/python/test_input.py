"""Any data in: delimiters, decimal commas, column mapping, .xlsx and Parquet, monthly flows and the
year-to-date check, quarters and MM/YYYY, attain.toml, the October warning, `attain formats` and
`attain summary --unit`. Expected figures come from the founding CSV read the ordinary way, or
from Python ints."""

import csv
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import attain
from attain import cli
from attain._data import FOUNDING_OPTIONS

ROOT = "Cục THADS tỉnh Bến Tre"
DATA = Path(attain.example_data_path())
README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture(scope="module")
def founding():
    return attain.Panel.from_csv(DATA, **FOUNDING_OPTIONS)


@pytest.fixture(scope="module")
def rows():
    with open(DATA, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def same_figures(a, b, as_of="2021-06"):
    sa, sb = a.at(as_of), b.at(as_of)
    for m in a.measures:
        for u in a.units:
            x, y = sa.unit(u, m), sb.unit(u, m)
            assert (x.done, x.eligible, x.accepted, x.target) == (y.done, y.eligible, y.accepted, y.target), (u, m)


def write(path, rows, delimiter=",", bom=False, transform=None):
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(list(rows[0]))
        for r in rows:
            w.writerow([transform(k, v) if transform else v for k, v in r.items()])
    return path


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# -- delimiters, byte order mark, decimal commas ------------------------------------------------
def percent_with_comma(column, value):
    return f"{float(value) * 100:.1f}%".replace(".", ",") if column.endswith("_target") else value


def test_excel_semicolon_file_with_bom_and_decimal_comma_targets(tmp_path, rows, founding):
    path = write(tmp_path / "excel.csv", rows, ";", bom=True, transform=percent_with_comma)
    assert "81,5%" in path.read_text(encoding="utf-8-sig")
    same_figures(attain.Panel.from_csv(path, **FOUNDING_OPTIONS), founding)


def test_tab_separated_file(tmp_path, rows, founding):
    path = write(tmp_path / "data.tsv", rows, "\t")
    same_figures(attain.Panel.from_file(path, **FOUNDING_OPTIONS), founding)


def test_counts_with_thousands_separators_stay_refused(tmp_path, rows):
    path = write(tmp_path / "bad.csv", rows, ";", transform=lambda k, v: f"{int(v):,}".replace(",", ".") if k == "count_accepted" else v)
    with pytest.raises(attain.InvalidInputError, match=r"line 2, column 'count_accepted': '2.035' is not a whole number \(write numbers without thousands"):
        attain.Panel.from_csv(path, **FOUNDING_OPTIONS)


def test_an_ambiguous_header_is_an_error(tmp_path):
    path = tmp_path / "both.csv"
    path.write_text("unit,period;count_done,count_eligible;x\na,2021-01;1,2;3\n", encoding="utf-8")
    with pytest.raises(attain.InvalidInputError, match=r"cannot tell whether the columns are separated by comma and semicolon"):
        attain.Panel.from_csv(path)


def test_the_header_decides_when_cells_hold_the_other_delimiter(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("unit;period;count_done;count_eligible\n\"Tổ 1, Phường 2\";2021-01;1;2\n", encoding="utf-8")
    panel = attain.Panel.from_csv(path)
    assert panel.units == ["Tổ 1, Phường 2"]


def test_a_given_delimiter_is_checked(tmp_path, rows):
    path = write(tmp_path / "data.csv", rows)
    with pytest.raises(attain.InvalidInputError, match=r"delimiter '\|': expected"):
        attain.Panel.from_csv(path, delimiter="|")


# -- column mapping ---------------------------------------------------------------------------
RENAMED = {"count_done": "xong", "count_eligible": "co_dk", "count_accepted": "thu_ly", "count_target": "chi_tieu"}


def test_measure_columns_are_mapped_from_python_and_the_cli(tmp_path, rows, founding, capsys):
    renamed = [{RENAMED.get(k, k): v for k, v in r.items()} for r in rows]
    path = write(tmp_path / "renamed.csv", renamed)
    mapping = {"count": {"done": "xong", "eligible": "co_dk", "accepted": "thu_ly", "target": "chi_tieu"}, "amount": None}
    panel = attain.Panel.from_csv(path, measures=mapping, **FOUNDING_OPTIONS)
    same_figures(panel, founding)
    code, out, err = run(capsys, "summary", path, "--fiscal-year-start", "10", "--measure", "count=xong:co_dk:thu_ly:chi_tieu",
                         "--measure", "amount=amount_done:amount_eligible:amount_accepted:amount_target", "--money", "amount")
    assert code == 0, err
    code2, expected, _ = run(capsys, "summary", DATA, "--fiscal-year-start", "10", "--money", "amount")
    assert out == expected
    # An empty part skips that column.
    code, out, err = run(capsys, "summary", path, "--fiscal-year-start", "10", "--measure", "count=xong:co_dk::chi_tieu")
    assert code == 0, err
    assert "columns not used" in err and "'thu_ly'" in err


@pytest.mark.parametrize("bad", ["count", "count=xong", "=a:b", "count=a:b:c:d:e", "count=:b"])
def test_a_bad_measure_mapping_is_one_line(tmp_path, rows, capsys, bad):
    path = write(tmp_path / "data.csv", rows)
    code, out, err = run(capsys, "summary", path, "--measure", bad)
    assert code == 2
    assert err.count("\n") == 1 and "expected NAME=DONE_COLUMN:ELIGIBLE_COLUMN" in err


# -- .xlsx and Parquet --------------------------------------------------------------------------
def test_xlsx_and_parquet_read_like_the_csv(tmp_path, founding, capsys):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("openpyxl")
    pytest.importorskip("pyarrow")
    frame = pd.read_csv(DATA, dtype={"period": str})
    frame.to_excel(tmp_path / "data.xlsx", index=False, sheet_name="tong hop")
    frame.to_parquet(tmp_path / "data.parquet")
    for name in ("data.xlsx", "data.parquet"):
        same_figures(attain.Panel.from_file(tmp_path / name, **FOUNDING_OPTIONS), founding)
        code, out, err = run(capsys, "summary", tmp_path / name, "--fiscal-year-start", "10", "--money", "amount")
        assert code == 0, err
        assert "62.97%" in out
    assert attain.Panel.from_file(tmp_path / "data.xlsx", sheet="tong hop", **FOUNDING_OPTIONS).units == founding.units


def test_xlsx_with_date_cells_and_percent_text(tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("openpyxl")
    frame = pd.DataFrame({
        "unit": ["a", "a"], "period": pd.to_datetime(["2021-01-31", "2021-02-28"]),
        "m_done": [1, 3], "m_eligible": [4.0, 4.0], "m_target": ["81,5%", 0.5],
    })  # fmt: skip
    frame.to_excel(tmp_path / "d.xlsx", index=False)
    panel = attain.Panel.from_file(tmp_path / "d.xlsx")
    assert panel.periods == ["2021-01", "2021-02"]
    assert panel.at("2021-01").unit("a", "m").target == pytest.approx(0.815)
    frame["m_done"] = [1.5, 3]
    frame.to_excel(tmp_path / "bad.xlsx", index=False)
    with pytest.raises(attain.InvalidInputError, match=r"bad.xlsx row 2, column 'm_done': '1.5' is not a whole number"):
        attain.Panel.from_file(tmp_path / "bad.xlsx")


def test_a_missing_reader_names_the_pip_command(tmp_path, monkeypatch, capsys):
    (tmp_path / "d.xlsx").write_bytes(b"")
    (tmp_path / "d.parquet").write_bytes(b"")
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(attain.MissingDependencyError, match=r"pip install 'attain\[xlsx\]'"):
        attain.Panel.from_file(tmp_path / "d.xlsx")
    with pytest.raises(attain.MissingDependencyError, match=r"pip install 'attain\[parquet\]'"):
        attain.Panel.from_file(tmp_path / "d.parquet")
    code, out, err = run(capsys, "summary", tmp_path / "d.xlsx")
    assert code == 2 and "pip install 'attain[xlsx]'" in err and "Traceback" not in err


def test_old_xls_and_broken_files_are_clear_errors(tmp_path):
    pytest.importorskip("openpyxl")
    pytest.importorskip("pyarrow")
    (tmp_path / "d.xls").write_bytes(b"\xd0\xcf")
    with pytest.raises(attain.InvalidInputError, match=r"the old Excel format .xls is not read"):
        attain.Panel.from_file(tmp_path / "d.xls")
    (tmp_path / "d.xlsx").write_text("unit,period\n")
    with pytest.raises(attain.InvalidInputError, match=r"is not an .xlsx workbook"):
        attain.Panel.from_file(tmp_path / "d.xlsx")
    (tmp_path / "d.parquet").write_text("unit,period\n")
    with pytest.raises(attain.InvalidInputError, match=r"is not a Parquet file"):
        attain.Panel.from_file(tmp_path / "d.parquet")


# -- year-to-date and monthly flows -------------------------------------------------------------
def monthly_rows(rows):
    """The founding year-to-date rows as each month's own flows (Python ints)."""
    out, last = [], {}
    for r in rows:
        flows = dict(r)
        for k in r:
            if k.endswith(("_done", "_eligible", "_accepted")):
                before = last.get((r["unit"], k), 0)
                flows[k] = str(int(r[k]) - before)
                last[(r["unit"], k)] = int(r[k])
        out.append(flows)
    return out


def test_monthly_flows_read_as_the_year_to_date_figures(tmp_path, rows, founding, capsys):
    path = write(tmp_path / "monthly.csv", monthly_rows(rows))
    same_figures(attain.Panel.from_csv(path, monthly_flows=True, **FOUNDING_OPTIONS), founding)
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(path, dtype={"period": str})
    same_figures(attain.Panel.from_frame(frame, monthly_flows=True, **FOUNDING_OPTIONS), founding)
    code, out, err = run(capsys, "summary", path, "--monthly", "--fiscal-year-start", "10", "--money", "amount")
    assert code == 0, err
    _, expected, _ = run(capsys, "summary", DATA, "--fiscal-year-start", "10", "--money", "amount")
    assert out == expected
    # The same from the project file; --no-monthly overrides it.
    config = tmp_path / "attain.toml"
    config.write_text("monthly = true\nfiscal_year_start = 10\n[measures.amount]\nkind = 'money'\n"
                      "[measures.count]\nkind = 'count'\n", encoding="utf-8")
    code, out, err = run(capsys, "summary", path, "--config", config)
    assert code == 0, err
    assert out == expected
    code, out, err = run(capsys, "summary", path, "--config", config, "--no-monthly")
    assert code == 2 and "falls from" in err


def test_monthly_flows_read_as_year_to_date_are_an_error_suggesting_monthly(tmp_path, rows, capsys):
    path = write(tmp_path / "monthly.csv", monthly_rows(rows))
    # The first fall: Cục THADS tỉnh Bến Tre's count done, 163 (2020-10) -> 114 (2020-11 flow).
    first = [r for r in monthly_rows(rows) if r["unit"] == ROOT][:2]
    assert (int(first[0]["count_done"]), int(first[1]["count_done"])) == (163, 114)
    message = (
        rf"line 12: unit '{ROOT}', year-to-date count done falls from 163 in 2020-10 to 114 in 2020-11 within fiscal "
        r"year 2021; .*monthly flows \(attain --monthly; Python monthly_flows=True\)"
    )
    with pytest.raises(attain.InvalidInputError, match=message):
        attain.Panel.from_csv(path, **FOUNDING_OPTIONS)
    code, out, err = run(capsys, "summary", path, "--fiscal-year-start", "10")
    assert code == 2 and "--monthly" in err and err.count("\n") == 1


def test_eligible_may_fall_and_a_new_fiscal_year_restarts(tmp_path):
    columns = {
        "unit": ["a"] * 4, "period": ["2021-08", "2021-09", "2021-10", "2021-11"],
        "m_done": [5, 6, 1, 2], "m_eligible": [9, 8, 3, 3],
    }  # fmt: skip
    panel = attain.Panel.from_columns(columns, fiscal_year_start=10)
    assert panel.totals("m")["eligible"].tolist() == [[9, 8, 3, 3]]
    with pytest.raises(attain.InvalidInputError, match=r"falls from 6 in 2021-09 to 1 in 2021-10 within fiscal year 2021.*"
                       r"if the fiscal year starts in October, give --fiscal-year-start 10"):
        attain.Panel.from_columns(columns, fiscal_year_start=1)


# -- periods ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text, month", [("2021-Q1", "2021-03"), ("2021-q4", "2021-12"), ("06/2021", "2021-06"),
                                         ("6/2021", "2021-06"), ("2021-06-30", "2021-06"), ("2021-06-30T08:00", "2021-06")])
def test_period_forms(text, month):
    assert attain.format_period(attain.period_ordinal(text)) == month


@pytest.mark.parametrize("text", ["2021-Q5", "30/06/2021", "06/21", "2021/06"])
def test_bad_period_forms(text):
    with pytest.raises(attain.InvalidInputError):
        attain.period_ordinal(text)


def test_quarterly_and_month_slash_year_data(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text("unit,period,m_done,m_eligible\na,2021-Q1,1,4\na,2021-Q2,3,4\n", encoding="utf-8")
    panel = attain.Panel.from_csv(path)
    assert panel.periods == ["2021-03", "2021-06"]
    path.write_text("unit;period;m_done;m_eligible\na;05/2021;1;4\na;06/2021;3;4\n", encoding="utf-8")
    assert attain.Panel.from_csv(path).periods == ["2021-05", "2021-06"]


# -- the October warning ----------------------------------------------------------------------
def test_an_october_start_without_a_fiscal_year_is_a_warning(capsys):
    with pytest.warns(UserWarning, match=r"the data start in October \(2020-10\).*--fiscal-year-start 10"):
        attain.Panel.from_csv(DATA, money=["amount"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        attain.Panel.from_csv(DATA, fiscal_year_start=1, money=["amount"])  # given: no warning
        attain.Panel.from_csv(DATA, fiscal_year_start=10, money=["amount"])
    code, out, err = run(capsys, "summary", DATA)
    assert code == 0
    notes = [line for line in err.splitlines() if "October" in line]
    assert len(notes) == 1 and notes[0].startswith("attain summary: note: ") and "Traceback" not in err


# -- attain.toml ------------------------------------------------------------------------------
TOML = """\
fiscal_year_start = 10
language = "en"
template = "generic"

[targets]
count = "81,5%"

[measures.count]
kind = "count"
columns = { done = "xong", eligible = "co_dk", accepted = "thu_ly", target = "chi_tieu" }

[measures.amount]
kind = "money"
target = 0.401
"""


def test_the_project_file_is_found_and_flags_override_it(tmp_path, rows, founding, monkeypatch, capsys):
    renamed = [{RENAMED.get(k, k): v for k, v in r.items()} for r in rows]
    write(tmp_path / "data.csv", renamed)
    (tmp_path / "attain.toml").write_text(TOML, encoding="utf-8")
    _, expected, _ = run(capsys, "summary", DATA, "--fiscal-year-start", "10", "--money", "amount")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "summary", "data.csv")
    assert code == 0, err
    assert out == expected
    code, out, err = run(capsys, "report", "data.csv")
    assert code == 0, err
    assert out.startswith("As of") or "June 2021" in out or "2021-06" in out  # English, the generic template
    code, out_vi, err = run(capsys, "report", "data.csv", "--lang", "vi", "--template", "thads")
    assert code == 0, err
    founding_paragraph = (README.parent / "tests" / "data" / "founding-paragraph.vi.txt").read_text(encoding="utf-8").strip()
    assert out_vi.strip() == founding_paragraph
    # A flag wins over the file: the calendar year.
    code, out, err = run(capsys, "summary", "data.csv", "--fiscal-year-start", "1")
    assert code == 0, err
    assert "month 6 of the fiscal year" in out
    # --config from elsewhere.
    other = tmp_path / "sub"
    other.mkdir()
    monkeypatch.chdir(other)
    code, out, err = run(capsys, "summary", "../data.csv", "--config", "../attain.toml")
    assert code == 0, err
    config = attain._config.read_config(tmp_path / "attain.toml")
    assert config.panel_options()["targets"] == {"count": pytest.approx(0.815), "amount": 0.401}
    same_figures(attain.Panel.from_csv(tmp_path / "data.csv", money=["amount"], **config.panel_options()), founding)


@pytest.mark.parametrize("text, message", [
    ("fiscal_year_stat = 10\n", r"unknown key 'fiscal_year_stat'"),
    ("[measures.count]\ncolums = {done = 'a'}\n", r"unknown key 'measures.count.colums'"),
    ("[columns]\nunits = 'x'\n", r"unknown key 'columns.units'"),
    ("fiscal_year_start = 13\n", r"'fiscal_year_start' = 13 is not a month"),
    ("[measures.count]\nkind = 'cases'\n", r"'measures.count.kind' = 'cases': expected \"count\" or \"money\""),
    ("[targets]\ncount = 'high'\n", r"'targets.count' = 'high' is not a ratio"),
    ("[measures.count]\ncolumns = {done = 'a'}\n", r"'measures.count.columns' needs 'eligible'"),
    ("x = [\n", r"not valid TOML"),
])  # fmt: skip
def test_project_file_errors_name_the_key_and_file(tmp_path, rows, capsys, text, message):
    path = tmp_path / "attain.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(attain.InvalidInputError, match=message):
        attain._config.read_config(path)
    write(tmp_path / "data.csv", rows)
    code, out, err = run(capsys, "summary", tmp_path / "data.csv", "--config", path)
    assert code == 2 and str(path) in err and err.count("\n") == 1


def test_declarations_map_onto_the_contract_keywords(tmp_path):
    path = tmp_path / "attain.toml"
    path.write_text(
        "[columns]\nlevel = 'cap'\nunit = 'don_vi'\n"
        "[measures.deals]\nform = 'quota'\nlabel = { vi = 'hợp đồng', en = 'deals' }\n"
        "[measures.revenue]\ncurrency = 'USD'\nminor_digits = 2\n",
        encoding="utf-8",
    )
    options = attain._config.read_config(path).panel_options()
    assert options == {
        "unit": "don_vi", "level": "cap", "kinds": {"revenue": "money"}, "quota": ["deals"],
        "currency": {"revenue": "USD"}, "minor_digits": {"revenue": 2}, "labels": {"deals": {"vi": "hợp đồng", "en": "deals"}},
    }  # fmt: skip


# -- summary ----------------------------------------------------------------------------------
def test_summary_shows_the_schedule_and_takes_a_unit(capsys, founding):
    code, out, err = run(capsys, "summary", DATA, "--fiscal-year-start", "10", "--money", "amount")
    assert code == 0, err
    snap = founding.at("2021-06")
    root = snap.unit(ROOT, "count")
    # Expected by now: target x 9/12 of the year (Python fractions, linear schedule).
    assert root.schedule_expected == pytest.approx(0.815 * 9 / 12)
    line = next(line for line in out.splitlines() if line.startswith("expected by now"))
    assert attain._format.percent(root.schedule_expected) in line and "61.1" in line
    ahead = next(line for line in out.splitlines() if line.startswith("ahead of schedule"))
    assert f"{100 * (root.ratio - 0.815 * 9 / 12):+.2f} points" in ahead
    branch = "Chi cục THADS huyện Ba Tri"
    code, out, err = run(capsys, "summary", DATA, "--fiscal-year-start", "10", "--unit", branch)
    assert code == 0, err
    assert out.splitlines()[2] == branch and "Units under" not in out
    code, out, err = run(capsys, "summary", DATA, "--fiscal-year-start", "10", "--unit", "Ba Tri")
    assert code == 2 and "did you mean 'Chi cục THADS huyện Ba Tri'" in err and err.count("\n") == 1
    code, out, err = run(capsys, "summary", DATA, "--fiscal-year-start", "10", "--unit", "chau thanh")
    assert code == 2 and "did you mean 'Chi cục THADS huyện Châu Thành'" in err


def test_summary_without_a_target_says_n_a(tmp_path, capsys):
    path = tmp_path / "d.csv"
    path.write_text("unit,period,m_done,m_eligible\na,2021-01,1,4\n", encoding="utf-8")
    code, out, err = run(capsys, "summary", path)
    assert code == 0, err
    assert [line.split()[-1] for line in out.splitlines() if line.startswith(("expected by now", "ahead of"))] == ["n/a", "n/a"]


# -- formats and docs -------------------------------------------------------------------------
def test_formats_command_and_the_readme_say_the_same_things(capsys):
    code, out, err = run(capsys, "formats")
    assert code == 0 and out.startswith("attain input data")
    readme = README.read_text(encoding="utf-8")
    section = readme.split("## Input data", 1)[1].split("\n## ", 1)[0]
    for fact in ("_done", "_eligible", "_accepted", "_target", "--monthly", "monthly_flows=True", "2021-Q1", "06/2021",
                 "semicolon", "tab", ".xlsx", "attain[xlsx]", "attain[parquet]", "attain.toml", "minor units", "--measure",
                 "81,5%", "--fiscal-year-start 10", "may fall"):
        assert fact in out and fact in section, fact


def test_no_traceback_reaches_a_user(tmp_path):
    bad = tmp_path / "attain.toml"
    bad.write_text("unknown = 1\n", encoding="utf-8")
    for argv in (["summary", str(tmp_path / "none.csv")], ["summary", str(DATA), "--config", str(bad)],
                 ["summary", str(DATA), "--unit", "nowhere"], ["summary", str(tmp_path / "x.parquet")],
                 ["summary", str(DATA), "--delimiter", "|"]):
        r = subprocess.run([sys.executable, "-m", "attain", *argv], capture_output=True, text=True)
        assert r.returncode == 2, (argv, r.stderr)
        assert "Traceback" not in r.stderr and r.stderr.count("\n") == 1, (argv, r.stderr)


def test_a_sales_team_declared_in_the_project_file(tmp_path, monkeypatch, capsys):
    """Quota, currency, minor digits, labels and a level column from attain.toml (the measure
    model's keywords), on a calendar year; figures checked against Python ints."""
    (tmp_path / "sales.csv").write_text(
        "don_vi;thang;cap_tren;cap;doanh_so;ke_hoach\n"
        "Acme;2021-Q1;;company;0;0\n"
        "North;2021-Q1;Acme;region;0;0\n"
        "ann;2021-Q1;North;rep;1250001;1000000\n"
        "bob;2021-Q1;North;rep;700000;1000000\n",
        encoding="utf-8",
    )
    (tmp_path / "attain.toml").write_text(
        "fiscal_year_start = 1\n"
        "[columns]\nunit = 'don_vi'\nperiod = 'thang'\nparent = 'cap_tren'\nlevel = 'cap'\n"
        "[measures.revenue]\nform = 'quota'\ncurrency = 'USD'\nlabel = { vi = 'doanh thu', en = 'revenue' }\n"
        "columns = { done = 'doanh_so', eligible = 'ke_hoach' }\n",
        encoding="utf-8",
    )
    options = attain._config.read_config(tmp_path / "attain.toml").panel_options()
    panel = attain.Panel.from_file(tmp_path / "sales.csv", **options)
    same = attain.Panel.from_file(tmp_path / "sales.csv", config=tmp_path / "attain.toml")
    assert same.forms == panel.forms and same.levels == panel.levels
    # Keywords win over the file.
    assert attain.Panel.from_file(tmp_path / "sales.csv", config=tmp_path / "attain.toml", fiscal_year_start=4).fiscal_year_start == 4
    assert panel.periods == ["2021-03"]
    assert panel.forms == {"revenue": "quota"} and panel.currencies == {"revenue": "USD"}
    assert panel.minor_digits == {"revenue": 2} and panel.labels["revenue"] == {"vi": "doanh thu", "en": "revenue"}
    assert panel.level("ann") == "rep" and panel.level("Acme") == "company"
    ann = panel.at("2021-03").unit("ann", "revenue")
    assert (ann.done, ann.eligible, ann.met, ann.exceeded_by) == (1250001, 1000000, True, 1250001 - 1000000)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "summary", "sales.csv", "--unit", "North")
    assert code == 0, err
    assert "exceeded by" in out and "attainment (quota)" in out


def test_report_unit_errors_list_near_names(capsys):
    code, out, err = run(capsys, "report", DATA, "--fiscal-year-start", "10", "--unit", "mo cay")
    assert code == 2 and err.count("\n") == 1
    assert "'Chi cục THADS huyện Mỏ Cày Nam', 'Chi cục THADS huyện Mỏ Cày Bắc'" in err


@pytest.mark.parametrize("extra", [[], ["--cases"]])
def test_a_directory_given_as_data_is_a_clear_error(capsys, tmp_path, extra):
    code, out, err = run(capsys, "report", tmp_path, *extra)
    assert code == 2 and out == "" and f"{tmp_path} is a directory, not a CSV file" in err and "Traceback" not in err
    code, out, err = run(capsys, "rollup", tmp_path)
    assert code == 2 and "is a directory, not a CSV file" in err


# -- --count: declaring a count measure on the command line --------------------------------------
def test_count_flag_declares_a_count_measure(tmp_path, capsys):
    import json

    from statsmodels.stats.proportion import proportion_confint

    path = write(
        tmp_path / "clinic.csv",
        [
            {"unit": "Clinic", "parent": "", "period": "2025-01", "seen_done": 45, "seen_eligible": 60},
            {"unit": "Clinic", "parent": "", "period": "2025-02", "seen_done": 97, "seen_eligible": 130},
        ],
    )
    code, out, _ = run(capsys, "report", path, "--format", "json")
    assert code == 0 and json.loads(out)["rows"][0]["ci_low"] is None  # undeclared: no interval
    code, out, _ = run(capsys, "report", path, "--format", "json", "--count", "seen")
    row = json.loads(out)["rows"][0]
    low, high = proportion_confint(97, 130, alpha=0.05, method="wilson")
    assert code == 0 and row["ci_low"] == pytest.approx(low, rel=1e-12) and row["ci_high"] == pytest.approx(high, rel=1e-12)
    code, _, err = run(capsys, "summary", path, "--count", "nope")
    assert code == 2 and "--count" in err and "'nope'" in err and "Traceback" not in err
    code, _, err = run(capsys, "summary", path, "--count", "seen", "--money", "seen")
    assert code == 2 and "--count and --money both name seen" in err
