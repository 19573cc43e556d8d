"""attain.toml for case records (``--cases``): the CLI reads the project file there as it does for
panel files (fiscal-year start, targets, measure declarations, language, template, the unit
column, the delimiter and a ``[cases]`` table); a flag beats the file; unknown keys are errors.

The expected figures are worked out by hand from the five cases below (the rules of
:func:`attain.from_cases`)."""

from __future__ import annotations

from fractions import Fraction

import pytest

import attain
from attain import cli

ROOT = "Tỉnh X"
# Five cases of units A and B; a fiscal year from October. As of 2021-06 (month 9):
#   A: both in the figures (accepted 2020-10, 2021-01); both eligible; one done -> 1/2.
#   B: three in the figures; the excluded one (from 2021-03) is not eligible -> 2 eligible,
#      one done -> 1/2. The root: 2 done of 4 eligible, accepted 5.
#   amount: A done 100 of 150, B done 30 of 50 -> the root 130 of 200.
CASES = """\
don_vi;status;accepted;status_date;amount
A;done;2020-10-05;2021-02-01;100
A;pending;2021-01-10;;50
B;excluded;2020-11-02;2021-03-15;70
B;done;2020-12-01;2021-06-10;30
B;pending;2021-03-01;;20
"""

TOML = f"""\
fiscal_year_start = 10
language = "en"
delimiter = ";"

[columns]
unit = "don_vi"

[targets]
count = "80%"

[measures.amount]
currency = "VND"
label = {{ vi = "tiền", en = "money" }}

[cases]
scheme = "generic"
root = "{ROOT}"
"""

FLAGS = [
    "--fiscal-year-start", "10", "--delimiter", ";", "--unit-column", "don_vi", "--target", "count=0.8",
    "--currency", "amount=VND", "--label", "amount=tiền/money", "--scheme", "generic", "--root", ROOT,
]  # fmt: skip


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "cases.csv").write_text(CASES, encoding="utf-8")
    (tmp_path / "attain.toml").write_text(TOML, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def line(out, label):
    return next(row for row in out.splitlines() if row.startswith(label)).split()


def test_cases_read_the_project_file_like_the_flags(project, capsys, monkeypatch):
    code, out, err = run(capsys, "summary", "cases.csv", "--cases")
    assert code == 0, err
    assert "month 9 of the fiscal year, 3 month(s) remaining" in out
    assert f"\n{ROOT}\n" in out and "Units under Tỉnh X (2):" in out
    assert line(out, "eligible")[1:] == ["4", "200"] and line(out, "done")[1:] == ["2", "130"]
    assert line(out, "target")[1:] == ["80.00%", "n/a"]
    # Expected by now: 4/5 x 9/12 = 3/5 (a linear schedule); ahead: 1/2 - 3/5 = -1/10.
    assert Fraction(4, 5) * Fraction(9, 12) == Fraction(3, 5)
    assert line(out, "expected by now")[-2:] == ["60.00%", "n/a"]
    assert line(out, "ahead of schedule")[-3:] == ["-10.00", "points", "n/a"]
    # The same figures from the flags alone, with no project file in the working directory.
    elsewhere = project / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, flags_out, err = run(capsys, "summary", "../cases.csv", "--cases", *FLAGS)
    assert code == 0, err
    assert flags_out == out
    # --config from elsewhere finds the same file.
    code, config_out, err = run(capsys, "summary", "../cases.csv", "--cases", "--config", "../attain.toml")
    assert code == 0, err
    assert config_out == out
    # The panel from Python with the same declarations.
    panel = attain.from_cases(
        {"unit": ["A", "A", "B", "B", "B"], "status": ["done", "pending", "excluded", "done", "pending"],
         "accepted": ["2020-10-05", "2021-01-10", "2020-11-02", "2020-12-01", "2021-03-01"],
         "status_date": ["2021-02-01", None, "2021-03-15", "2021-06-10", None], "amount": [100, 50, 70, 30, 20]},
        scheme="generic", fiscal_year_start=10, hierarchy={"A": ROOT, "B": ROOT, ROOT: None}, targets={"count": 0.8},
        kinds={"count": "count", "amount": "money"}, currency={"amount": "VND"},
    )  # fmt: skip
    root = panel.at("2021-06").unit(ROOT, "count")
    assert (root.done, root.eligible, root.accepted) == (2, 4, 5)
    assert root.schedule_expected == pytest.approx(float(Fraction(3, 5)))


def test_a_flag_beats_the_file_for_cases(project, capsys):
    code, out, err = run(capsys, "summary", "cases.csv", "--cases", "--fiscal-year-start", "1")
    assert code == 0, err
    assert "month 6 of the fiscal year" in out
    # 4/5 x 6/12 = 2/5
    assert line(out, "expected by now")[-2:] == ["40.00%", "n/a"]
    code, out, err = run(capsys, "summary", "cases.csv", "--cases", "--target", "count=50%")
    assert code == 0, err
    assert line(out, "target")[1:] == ["50.00%", "n/a"] and line(out, "met")[1:] == ["yes", "n/a"]
    code, out, err = run(capsys, "summary", "cases.csv", "--cases", "--root", "Tỉnh Y")
    assert code == 0, err
    assert "\nTỉnh Y\n" in out


def test_cases_reports_take_the_language_and_template(project, capsys):
    (project / "attain.toml").write_text(TOML.replace('language = "en"', 'language = "vi"'), encoding="utf-8")
    code, out_vi, err = run(capsys, "report", "cases.csv", "--cases", "--format", "md")
    assert code == 0, err
    assert "tỷ lệ" in out_vi and "tiền" in out_vi
    code, out_en, err = run(capsys, "report", "cases.csv", "--cases", "--format", "md", "--lang", "en")
    assert code == 0, err
    assert "ratio" in out_en and "tỷ lệ" not in out_en


def test_a_scheme_file_beside_the_project_file(project, capsys, monkeypatch):
    scheme = {"name": "own", "statuses": {"xong": {"role": "done"}, "dang": {"role": "pending"}, "loai": {"role": "excluded"}}}
    import json

    (project / "own.json").write_text(json.dumps(scheme), encoding="utf-8")
    renamed = CASES.replace(";done;", ";xong;").replace(";pending;", ";dang;").replace(";excluded;", ";loai;")
    (project / "own.csv").write_text(renamed, encoding="utf-8")
    (project / "attain.toml").write_text(TOML.replace('scheme = "generic"', 'scheme = "own.json"'), encoding="utf-8")
    _, expected, _ = run(capsys, "summary", "cases.csv", "--cases", "--scheme", "generic")
    sub = project / "sub"
    sub.mkdir()
    monkeypatch.chdir(sub)
    code, out, err = run(capsys, "summary", "../own.csv", "--cases", "--config", "../attain.toml")
    assert code == 0, err
    assert out == expected


@pytest.mark.parametrize("text, message", [
    ("[cases]\nschema = 'thads'\n", "unknown key 'cases.schema'"),
    ("[cases]\nroot = ''\n", "'cases.root' must be a non-empty text"),
    ("[measures.count]\nform = 'quota'\n", "measure 'count' is declared a quota"),
])  # fmt: skip
def test_case_settings_errors_name_the_key(project, capsys, text, message):
    (project / "attain.toml").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "summary", "cases.csv", "--cases", "--delimiter", ";", "--unit-column", "don_vi")
    assert code == 2 and message in err and "attain.toml" in err and err.count("\n") == 1


def test_quota_flags_do_not_apply_to_cases(project, capsys):
    for flag in (["--quota", "count"], ["--plan-to-date", "count"]):
        code, out, err = run(capsys, "summary", "cases.csv", "--cases", *flag)
        assert code == 2 and "does not apply to case records" in err


ROWS = """\
don_vi;thang;count_done;count_eligible
A;2021-01;1;2
A;2021-01;0;1
B;2021-02;3;4
"""


def test_rollup_reads_the_columns_and_delimiter_of_the_project_file(tmp_path, monkeypatch, capsys):
    (tmp_path / "rows.csv").write_text(ROWS, encoding="utf-8")
    (tmp_path / "attain.toml").write_text('delimiter = ";"\n[columns]\nunit = "don_vi"\nperiod = "thang"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "rollup", "rows.csv")
    assert code == 0, err
    # A in 2021-01: 1 + 0 done of 2 + 1 eligible, 2 rows; B in 2021-02: 3 of 4, 1 row.
    assert out.splitlines() == ["unit,period,count_done,count_eligible,rows", "A,2021-01,1,3,2", "B,2021-02,3,4,1"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, flags_out, err = run(capsys, "rollup", "../rows.csv", "--unit-column", "don_vi", "--period-column", "thang",
                               "--delimiter", ";")
    assert code == 0, err
    assert flags_out == out
    code, out, err = run(capsys, "rollup", "../rows.csv", "--config", "../attain.toml", "--delimiter", ",")
    assert code == 2 and "don_vi" in err  # the flag wins: with commas there is no such column


def test_case_records_declare_the_levels_of_root_and_units(capsys, monkeypatch):
    """--root-level/--unit-level (or [cases] root_level/unit_level) declare the two levels the case
    CLI builds, so thads writes the province's words; the founding case records then give the
    founding paragraph byte for byte. Without them the wording is neutral (no level is guessed)."""
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    data = str(repo / "examples" / "data" / "ben-tre-2021-cases.csv")
    base = ["report", data, "--cases", "--scheme", "thads", "--fiscal-year-start", "10", "--root",
            "Cục THADS tỉnh Bến Tre", "--as-of", "2021-06", "--target", "count=0.815", "--target",
            "amount=0.401", "--template", "thads", "--lang", "vi"]  # fmt: skip
    assert cli.main([*base, "--root-level", "province", "--unit-level", "district"]) == 0
    expected = (repo / "tests" / "data" / "founding-paragraph.vi.txt").read_text(encoding="utf-8")
    assert capsys.readouterr().out.strip() == expected.strip()
    assert cli.main(base) == 0
    neutral = capsys.readouterr().out
    assert "toàn tỉnh" not in neutral and "cấp huyện" not in neutral and "tại Cục THADS tỉnh Bến Tre" in neutral
    assert cli.main([*base[:7], "--unit-level", "district", "--as-of", "2021-06"]) == 2
    assert "give --root" in capsys.readouterr().err
