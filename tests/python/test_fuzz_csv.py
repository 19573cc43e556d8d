"""Fuzzing the CSV reader (hypothesis, bounded): random tables written with random quoting,
blank lines, line endings, byte-order marks, Unicode forms, delimiters and encodings, and
random bytes. The oracle: a well-formed file gives exactly the sums written into it (computed
here with Python integers); anything else is an attain error with a message naming a line or a
column, never another exception."""

import csv
import io
import subprocess
import sys
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import attain

NAMES = ["Cục THADS tỉnh Bến Tre", "Chi cục Mỏ Cày Nam", "a", "0101", "x, y", 'q"uote', "$x$", "=1+1", "dòng\nhai"]
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def tables(draw):
    units = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
    months = draw(st.lists(st.sampled_from(["2021-01", "2021-02", "2021-03"]), min_size=1, max_size=3, unique=True))
    rows = []
    for u in units:
        pairs = []
        for _ in months:
            eligible = draw(st.integers(0, 2**62))
            pairs.append((draw(st.integers(0, eligible)), eligible))
        # Year-to-date figures: a unit's done never falls within the year (months sort as text).
        by_month = dict(zip(sorted(months), sorted(pairs)))
        rows += [(m, u, *by_month[m]) for m in months]
    return rows


def write(rows, quoting, blank_every, newline, bom, nfd, path):
    out = io.StringIO()
    writer = csv.writer(out, quoting=quoting, lineterminator=newline)
    writer.writerow(["period", "unit", "count_done", "count_eligible"])
    for i, (m, u, d, e) in enumerate(rows):
        writer.writerow([m, unicodedata.normalize("NFD", u) if nfd and i % 2 else u, d, e])
        if blank_every and i % blank_every == 0:
            out.write(newline)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8"))


@FUZZ
@given(rows=tables(), quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
       blank_every=st.integers(0, 3), newline=st.sampled_from(["\n", "\r\n"]), bom=st.booleans(), nfd=st.booleans())
def test_well_formed_files_give_the_written_sums(tmp_path, rows, quoting, blank_every, newline, bom, nfd):
    path = tmp_path / "data.csv"
    write(rows, quoting, blank_every, newline, bom, nfd, path)
    units = list(dict.fromkeys(unicodedata.normalize("NFC", u) for _, u, _, _ in rows))
    hierarchy = {u: None for u in units}
    panel = attain.Panel.from_csv(path, hierarchy=hierarchy)
    assert panel.units == units  # NFD rows are the same units
    for m, u, d, e in rows:
        status = panel.at(m).unit(u, "count")
        assert (status.done, status.eligible) == (d, e)  # exact, past 2^53


@FUZZ
@given(rows=tables(), delimiter=st.sampled_from([";", "\t", "|"]), encoding=st.sampled_from(["utf-16", "cp1258", "latin-1"]))
def test_other_delimiters_and_encodings_give_clear_errors(tmp_path, rows, delimiter, encoding):
    path = tmp_path / "data.csv"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["period", "unit", "count_done", "count_eligible"])
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding, errors="replace"))
    try:
        attain.Panel.from_csv(path)
    except attain.AttainError as exc:
        assert isinstance(exc, (ValueError, TypeError))
        assert str(exc)


@FUZZ
@given(data=st.binary(max_size=2000) | st.text(max_size=500).map(lambda t: ("period,unit,count_done,count_eligible\n" + t).encode()))
def test_random_bytes_are_attain_errors_or_panels(tmp_path, data):
    path = tmp_path / "data.csv"
    path.write_bytes(data)
    try:
        attain.Panel.from_csv(path, hierarchy=None)
    except attain.AttainError as exc:
        assert isinstance(exc, (ValueError, TypeError, OverflowError)) and str(exc)


@pytest.mark.parametrize("size", [131_072, 131_073, 1_000_000])
def test_cell_sizes_in_the_cli(tmp_path, size):
    path = tmp_path / "data.csv"
    path.write_text(f"period,unit,count_done,count_eligible\n2021-01,{'u' * size},1,2\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "attain", "summary", str(path)], capture_output=True, text=True)
    assert "Traceback" not in r.stderr
    assert r.returncode == (0 if size <= 131_072 else 2), r.stderr[:300]
