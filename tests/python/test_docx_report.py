"""The Word report: read back with python-docx (paragraph, tables, pictures, captions), names
written literally, the path and dependency errors, the CLI, and LibreOffice's rendering of it."""

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import attain
from attain import report
from attain._data import FOUNDING_OPTIONS
from attain.report.labels import word
from attain.report.tables import formatted_rows, measure_info, unit_rows

docx = pytest.importorskip("docx")
pytest.importorskip("matplotlib")

FOUNDING = (Path(__file__).resolve().parents[1] / "data" / "founding-paragraph.vi.txt").read_text(encoding="utf-8").strip()
ROOT = "Cục THADS tỉnh Bến Tre"
BRANCHES = 9


@pytest.fixture(scope="module")
def panel():
    return attain.Panel.from_csv(attain.example_data_path(), **FOUNDING_OPTIONS)


@pytest.fixture(scope="module")
def founding_vi(panel):
    return report.docx_report(panel, "2021-06", "vi", "thads")


def read(data):
    return docx.Document(io.BytesIO(data))


def texts(document):
    return [p.text for p in document.paragraphs]


def cells(table):
    return [[c.text for c in row.cells] for row in table.rows]


def test_the_paragraph_is_the_narrative(panel, founding_vi):
    document = read(founding_vi)
    assert FOUNDING in texts(document)
    assert report.narrative(panel.at("2021-06"), "vi", "thads") == FOUNDING
    assert texts(document)[0] == ROOT  # the title
    assert document.paragraphs[0].style.name == "Title"
    assert "Số liệu tính đến ngày 30/6/2021 (tháng thứ 9 của năm)" in texts(document)
    assert document.core_properties.title == f"{ROOT} — 2021-06"


def test_one_table_per_measure_with_the_published_figures(panel, founding_vi):
    document = read(founding_vi)
    # The units per measure, the signals of the monthly control chart per measure (the founding
    # data signal in both), the league per measure.
    assert len(document.tables) == 6
    count = cells(document.tables[0])
    assert len(count) == 1 + 1 + BRANCHES  # header, the province, its branches
    header = count[0]
    assert header[0] == word("unit", "vi") and word("measure", "vi") not in header
    root = {k: v for k, v in zip(header, count[1])}
    # The founding report's figures (not attain's output): 62.97 % done, 2,229 cases short.
    assert root[word("unit", "vi")] == ROOT
    assert root[word("ratio", "vi")] == "62,97%"
    assert root[word("shortfall", "vi")] == "2.229"
    assert root[word("target", "vi")] == "81,50%"
    assert [row[0] for row in count[2:]] == panel.children_of(ROOT)
    # Every cell is the report layer's formatting, the same as Markdown's and HTML's.
    snap = panel.at("2021-06")
    want_header, want = formatted_rows([r for r in unit_rows(snap, [ROOT, *snap.children_of(ROOT)]) if r["measure"] == "amount"], "vi", measure_info(snap))
    drop = want_header.index(word("measure", "vi"))
    assert cells(document.tables[1]) == [[c for j, c in enumerate(row) if j != drop] for row in [want_header, *want]]
    # The header row repeats on every page and is bold.
    first = document.tables[0].rows[0]
    assert first._tr.trPr is not None and first._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    assert all(run.bold for cell in first.cells for run in cell.paragraphs[0].runs)


def test_charts_are_pictures_with_numbered_captions(founding_vi):
    document = read(founding_vi)
    # Per measure: attainment and trajectory; one funnel of the count measure; per measure the
    # monthly control chart of the monitoring section.
    assert len(document.inline_shapes) == 7
    with zipfile.ZipFile(io.BytesIO(founding_vi)) as z:
        pictures = [n for n in z.namelist() if n.startswith("word/media/")]
        assert len(pictures) == 7 and all(z.read(n)[:8] == b"\x89PNG\r\n\x1a\n" for n in pictures)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    figures = [c for c in captions if c.startswith("Hình ")]
    tables = [c for c in captions if c.startswith("Bảng ")]
    assert [c.split(".")[0] for c in figures] == [f"Hình {n}" for n in range(1, 8)]
    assert [c.split(".")[0] for c in tables] == [f"Bảng {n}" for n in range(1, 7)]
    assert figures[5].startswith("Hình 6. count: tỷ lệ xong trong tháng của")
    assert tables[2] == f"Bảng 3. count: các quy tắc phát tín hiệu trên biểu đồ kiểm soát của {ROOT}"
    assert tables[0] == f"Bảng 1. Kết quả của {ROOT} và các đơn vị trực thuộc: count"
    # Word's own numbering: a SEQ field per caption.
    with zipfile.ZipFile(io.BytesIO(founding_vi)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert xml.count(" SEQ Figure ") == 7 and xml.count(" SEQ Table ") == 6


def test_english_and_without_charts(panel):
    snap = panel.at("2021-06")
    document = read(report.docx_report(panel, snap, "en", "generic", charts=False))
    assert report.narrative(snap, "en", "generic") in texts(document)
    assert "Figures as of June 2021 (month 9 of the year)" in texts(document)
    assert len(document.inline_shapes) == 0
    root = dict(zip(*cells(document.tables[0])[:2]))
    assert root["ratio"] == "62.97%" and root["shortfall"] == "2,229"
    assert FOUNDING in texts(read(report.docx_report(panel, snap, template="thads", charts=False)))  # thads speaks Vietnamese


NAMES = ["<script>alert(1)</script>", "=cmd|' /C calc'!A0", "+SUM(A1)", "@x", "a & b <i>", "$x^2$", "Ω \"quoted\" 'x'"]


def test_names_appear_literally(tmp_path):
    """Word is not HTML and not a spreadsheet: a name is text, written as it is, never markup
    and never a formula with a guard prefix (python-docx escapes the XML itself)."""
    root = NAMES[0]
    units = [root, *NAMES[1:]]
    columns = {
        "unit": units, "period": ["2021-06"] * len(units), "parent": [""] + [root] * (len(units) - 1),
        "count_done": [0] + [k + 2 for k in range(1, len(units))], "count_eligible": [0] + [10] * (len(units) - 1),
        "count_target": [0.5] * len(units),
    }  # fmt: skip
    p = attain.Panel.from_columns(columns, kinds={"count": "count"})
    out = tmp_path / "names.docx"
    data = report.docx_report(p, "2021-06", "en", "generic", path=out)
    assert out.read_bytes() == data
    document = read(data)
    assert texts(document)[0] == root
    table = cells(document.tables[0])
    assert [row[0] for row in table[1:]] == units
    captions = " ".join(p.text for p in document.paragraphs if p.style.name == "Caption")
    assert f"Table 1. {root} and the units under it: count" in captions
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "<script>" not in xml and "&lt;script&gt;alert(1)&lt;/script&gt;" in xml
    assert "'=cmd" not in xml and "=cmd|' /C calc'!A0" in xml


def test_text_the_xml_cannot_hold_is_replaced():
    from attain.report.docx import _text

    assert _text("a\x00b\x1fc\td\ne") == "a\ufffdb\ufffdc\td\ne"
    assert _text("<x> & =y") == "<x> & =y"


def test_a_directory_is_refused(panel, tmp_path):
    with pytest.raises(attain.InvalidInputError, match="is a directory"):
        report.docx_report(panel, "2021-06", "vi", "thads", path=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_missing_python_docx_says_what_to_install():
    code = """
import sys
sys.modules["docx"] = None  # makes `import docx` fail
import attain
from attain import report
panel = attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10)
try:
    report.docx_report(panel, "2021-06", "vi", "thads")
except attain.MissingDependencyError as e:
    print(e)
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "Word output needs python-docx; install it with: pip install 'attain[docx]'"


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "attain", *args], capture_output=True, text=True)


def test_cli_writes_the_word_file(tmp_path):
    out = tmp_path / "report.docx"
    data = str(attain.example_data_path())
    r = run_cli("report", data, "--as-of", "2021-06", "--fiscal-year-start", "10", "--money", "amount",
                "--lang", "vi", "--template", "thads", "--format", "docx", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    assert FOUNDING in texts(docx.Document(str(out)))
    r = run_cli("report", data, "--fiscal-year-start", "10", "--format", "docx")
    assert r.returncode == 2 and "give it with -o FILE.docx" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("report", data, "--fiscal-year-start", "10", "--format", "docx", "-o", str(tmp_path))
    assert r.returncode == 2 and "is a directory" in r.stderr and "Traceback" not in r.stderr


def tool(name):
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI (bash scripts/setup.sh --test installs it)")
        pytest.skip(f"{name} is not installed (apt-get install libreoffice-writer-nogui poppler-utils)")
    return path


def test_libreoffice_renders_it(tmp_path, founding_vi):
    """LibreOffice opens the document and prints it to PDF: the paragraph, the tables and the
    five charts come out, and the first page as a picture is not blank."""
    soffice, pdftoppm, pdftotext = tool("soffice"), tool("pdftoppm"), tool("pdftotext")
    source = tmp_path / "report.docx"
    source.write_bytes(founding_vi)
    profile = (tmp_path / "profile").as_uri()  # a private LibreOffice profile: runs in parallel do not collide
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(source)], capture_output=True, timeout=300, check=True)
    pdf = tmp_path / "report.pdf"
    assert pdf.stat().st_size > 100_000
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", " ", text)
    for figure in ["Tình hình thực hiện", "16.623", "62,97%", "Bảng 1.", "Bảng 2.", "Hình 5.", "Chi cục THADS huyện Thạnh Phú"]:
        assert figure in flat, figure
    assert len(re.findall("\f", text)) >= 3  # at least three pages
    subprocess.run([pdftoppm, "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    png = next(tmp_path.glob("page*.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000


def test_every_cell_holds_its_text_even_blank_or_with_line_breaks():
    """The rows after the first are copies of it with their texts replaced: a blank cell, a
    name with a tab or a line break, and many rows all come out in place."""
    units = ["root", "a\tb", "c\nd", " e ", *(f"u{k}" for k in range(300))]
    columns = {
        "unit": units, "period": ["2021-06"] * len(units), "parent": [""] + ["root"] * (len(units) - 1),
        "count_done": [0] + [1] * (len(units) - 1), "count_eligible": [0] + [2] * (len(units) - 1),
    }  # fmt: skip
    try:
        p = attain.Panel.from_columns(columns)
    except attain.InvalidInputError:  # names with control characters may be refused upstream
        pytest.skip("the panel refuses such names")
    document = read(report.docx_report(p, "2021-06", "en", "generic", charts=False))
    table = cells(document.tables[0])
    assert len(table) == 1 + len(units)
    names = [row[0] for row in table[1:]]
    assert names[4:] == units[4:] and names[0] == "root"
    assert names[1:4] == ["a b", "c d", " e "]
    header = table[0]
    for row in table[1:]:
        assert dict(zip(header, row))["target"] == ""  # no target: a blank cell, kept in its column
    assert [dict(zip(header, row))["eligible"] for row in table[1:]] == [str(2 * (len(units) - 1))] + ["2"] * (len(units) - 1)


def test_league_of_the_reps_in_a_three_level_tree(tmp_path):
    """A sales team (company -> regions -> reps, USD quotas): the unit tables show the regions,
    the league tables every rep, over-quota reps with ratios above 100 %, money with its currency."""
    import csv
    from fractions import Fraction

    data = Path(__file__).resolve().parents[2] / "examples" / "data" / "example-co-sales-2025.csv"
    p = attain.Panel.from_csv(data, quota=["revenue", "deals"], currency={"revenue": "USD"})
    t = report.Template("{unit.name}: {revenue.ratio_pct:.2}%.")
    document = read(report.docx_report(p, "2025-12", "en", t, charts=False, level="rep"))
    assert len(document.tables) == 4
    regions = cells(document.tables[0])
    assert [row[0] for row in regions[1:]] == ["Example Co.", "North", "South", "West"]
    league = cells(document.tables[2])
    header = league[0]
    unit_col, ratio_col = header.index(word("unit", "en")), header.index(word("ratio", "en"))
    with data.open(encoding="utf-8") as f:
        december = [r for r in csv.DictReader(f) if r["period"] == "2025-12" and r["level"] == "rep"]
    want = {r["unit"]: Fraction(int(r["revenue_done"]), int(r["revenue_eligible"])) for r in december}
    shown = {row[unit_col]: row[ratio_col] for row in league[1:]}
    assert set(shown) == set(want)  # every rep, and only reps
    for rep, ratio in want.items():
        assert shown[rep] == f"{float(100 * ratio):.2f}%", rep  # two places; no tie at the half here
    assert sum(float(v.rstrip("%")) > 100 for v in shown.values()) == 4
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert any(c.startswith("Table 3. ") and "rep" in c for c in captions), captions
    assert "$" in " ".join(c for row in regions for c in row)  # revenue shown as dollars


def test_a_long_league_shows_its_top_and_bottom():
    n = 120
    units = ["root", *(f"u{k:03d}" for k in range(n))]
    columns = {
        "unit": units, "period": ["2021-06"] * len(units), "parent": [""] + ["root"] * n,
        "count_done": [0] + [k % 37 + 1 for k in range(n)], "count_eligible": [0] + [50] * n,
    }  # fmt: skip
    p = attain.Panel.from_columns(columns, kinds={"count": "count"})
    document = read(report.docx_report(p, "2021-06", "en", "generic", charts=False))
    league = cells(document.tables[1])
    assert word("parent", "en") not in league[0]  # one parent for all: no parent column
    assert len(league) == 1 + 50 + 1
    gap = league[1 + 25]
    assert gap[0] == "" and "70" in gap[1]
    assert len(cells(document.tables[0])) == 1 + 1 + n  # the units table keeps every child
