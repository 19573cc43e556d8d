"""The snapshot is a bound C++ object: computed once per Panel.at(), read by every renderer.

Counts come from the C++ side (``_core.snapshots_computed()``, the snapshot's
``projections_computed``), so a renderer that computed its own snapshot or projection would show.
"""

import dataclasses
import math
import typing

import numpy as np
import pytest

import attain
from attain import _core, report
from attain._data import FOUNDING_AS_OF, FOUNDING_OPTIONS

ROOT = "Cục THADS tỉnh Bến Tre"


@pytest.fixture(scope="module")
def panel():
    return attain.Panel.from_csv(attain.example_data_path(), **FOUNDING_OPTIONS)


def test_a_snapshot_is_computed_once_whatever_is_rendered(panel):
    before = _core.snapshots_computed()
    snap = panel.at(FOUNDING_AS_OF)
    assert _core.snapshots_computed() == before + 1
    for unit in panel.units:
        for lang in ("vi", "en"):
            report.narrative(snap, lang, "thads", unit)
            report.narrative(snap, lang, "generic", unit)
    for fmt in ("md", "csv", "json"):
        report.unit_table(snap, fmt)
    snap._repr_html_()
    snap.to_frame()
    for measure in snap.measures:
        snap.projection(ROOT, measure).for_chart()
        snap.children(ROOT, measure)
    assert _core.snapshots_computed() == before + 1
    # Each (unit, measure) projection was computed once, on its unit's first paragraph.
    assert snap.core.projections_computed == len(panel.units) * len(panel.measures)
    report.narrative(snap, "vi", "thads", ROOT)
    assert snap.core.projections_computed == len(panel.units) * len(panel.measures)


def test_the_html_report_computes_one_snapshot_and_one_projection_per_measure(panel):
    pytest.importorskip("matplotlib")
    before = _core.snapshots_computed()
    report.html_report(panel, FOUNDING_AS_OF, "vi", "thads")
    assert _core.snapshots_computed() == before + 1


def test_the_chart_and_the_paragraph_read_the_same_projection(panel):
    snap = panel.at(FOUNDING_AS_OF)
    fields = report.report_fields(snap, ROOT)
    projection = snap.projection(ROOT, "count")
    assert fields["count.projected_ratio_pct"] == 100 * projection.pace.year_end_ratio
    assert fields["count.trend_low_pct"] == 100 * projection.trend.low[-1]
    # The chart's path is the kept projection's own array, not a recomputed copy.
    chart = projection.for_chart()
    assert chart is not None and np.shares_memory(chart["ratio"], snap.projection(ROOT, "count").trend.ratio)


def test_report_fields_are_the_cpp_table(panel):
    """The fields are listed once, in C++ (report_field_table): the paragraph's fields, the
    Python list and the generated docs are that list."""
    snap = panel.at(FOUNDING_AS_OF)
    fields = report.report_fields(snap, ROOT)
    expected = []
    for name, kind, per_measure, optional, _ in _core.REPORT_FIELDS:
        # per-measure fields come under each measure's name and again under its position (m1., m2.)
        # (and the first money measure again as money.)
        names = [f"{m}." for m in snap.measures] + [f"m{i}." for i in range(1, len(snap.measures) + 1)]
        names += ["money."] if fields["has_money"] else []
        for prefix in names if per_measure else [""]:
            key = prefix + name
            if optional and key not in fields:
                continue
            expected.append(key)
            assert type(fields[key]).__name__ == kind, key
    assert sorted(fields) == sorted(expected)
    assert report.fields.FIELDS == tuple(("m." if pm else "") + n for n, _, pm, _, _ in _core.REPORT_FIELDS)
    doc = report.fields.__doc__ or ""
    for name in report.fields.FIELDS:
        assert f"``{name}``" in doc, name


def test_snapshot_columns_are_the_cpp_table(panel):
    """The per-unit columns are named once (the binding's table): arrays(), to_frame() and
    UnitStatus read them."""
    snap = panel.at(FOUNDING_AS_OF)
    columns = list(_core.Snapshot.COLUMNS)
    assert list(snap.arrays("count")) == columns
    frame = snap.to_frame()
    skip = {"has_target"}  # to_frame folds it into target (NaN without one)
    assert {c for c in columns if c not in skip} <= set(frame.columns)
    status = {f.name for f in dataclasses.fields(attain.UnitStatus)}
    flat = {c for c in columns if not c.startswith(("pace_", "children_"))} - skip
    assert flat <= status
    with pytest.raises(attain.UnknownKeyError, match="'nope' is not a snapshot column"):
        snap.column("count", "nope")
    arr = snap.column("count", "ratio")
    assert not arr.flags.writeable


def test_intervals_only_for_measures_declared_counts():
    path = attain.example_data_path()
    declared = attain.Panel.from_csv(path, fiscal_year_start=10, money=["amount"]).at(FOUNDING_AS_OF)
    assert declared.kind("count") == "count" and declared.kind("amount") == "money"
    assert declared.has_interval("count") and not declared.has_interval("amount")
    assert np.isnan(declared.interval("amount")[0]).all()
    low, high = declared.interval("count")
    ci = attain.proportion_ci(declared.column("count", "done"), declared.column("count", "eligible"))
    np.testing.assert_array_equal(low, ci.low)
    np.testing.assert_array_equal(high, ci.high)
    low90, _ = declared.interval("count", alpha=0.1)
    assert (low90 >= low).all()
    # The safe default: nothing declared, no binomial interval for any measure.
    plain = attain.Panel.from_csv(path, fiscal_year_start=10).at(FOUNDING_AS_OF)
    assert plain.kind("amount") == "unspecified" and not plain.has_interval("count")
    assert all(r["ci_low"] is None for r in report.unit_rows(plain))
    assert "none (kind not declared)" in report.unit_table(plain, "md")
    assert "none (money)" in report.unit_table(declared, "md")
    kinds = attain.Panel.from_csv(path, fiscal_year_start=10, kinds={"count": "count"}).at(FOUNDING_AS_OF)
    assert kinds.has_interval("count") and kinds.kind("amount") == "unspecified"
    with pytest.raises(attain.InvalidInputError, match="kind 'coins' is not count, money or unspecified"):
        attain.Panel.from_csv(path, fiscal_year_start=10, kinds={"amount": "coins"})
    with pytest.raises(attain.UnknownKeyError, match=r"money \(--money\) names measure 'cash'"):
        attain.Panel.from_csv(path, fiscal_year_start=10, money=["cash"])
    cases = attain.from_cases(
        {"unit": ["a", "a"], "status": ["done", "pending"], "accepted": ["2021-01-05", "2021-01-09"],
         "status_date": ["2021-01-20", "2021-01-21"], "amount": [100, 200]},
        scheme="generic",
    )  # fmt: skip
    assert cases.kinds == {"count": "count", "amount": "money"}


def test_the_hierarchy_is_the_cpp_one(panel):
    assert panel.roots == [ROOT]
    children = panel.children_of(ROOT)
    assert len(children) == 9 and all(panel.parent_of(c) == ROOT for c in children)
    snap = panel.at(FOUNDING_AS_OF)
    assert snap.children_of(ROOT) == children and snap.roots == [ROOT]
    assert snap.parent_of(ROOT) is None
    with pytest.raises(attain.UnknownKeyError, match="unit 'z' is not in the panel"):
        snap.index_of("z")


def test_projection_type_hints_name_real_types():
    hints = typing.get_type_hints(attain.Snapshot.projection)
    assert hints["return"] is attain.YearEndProjection
    p = attain.Panel.from_csv(attain.example_data_path(), **FOUNDING_OPTIONS).at(FOUNDING_AS_OF).projection(ROOT, "count")
    assert isinstance(p, attain.YearEndProjection) and math.isclose(p.ratio, p.done / p.eligible)


def test_the_cli_declares_money_with_a_flag(capsys):
    from attain.cli import main

    path = str(attain.example_data_path())
    args = ["report", path, "--as-of", "2021-06", "--fiscal-year-start", "10", "--format", "md", "--lang", "en"]
    assert main([*args, "--money", "amount"]) == 0
    declared = capsys.readouterr().out
    assert "none (money)" in declared and "none (kind not declared)" not in declared
    assert main(args) == 0
    plain = capsys.readouterr().out
    assert "none (kind not declared)" in plain and "none (money)" not in plain
    # The demo reads the founding data with its options: amount is money, count a count.
    assert main(["demo", "--format", "md", "--lang", "en"]) == 0
    assert "none (money)" in capsys.readouterr().out


def test_the_html_report_reads_a_snapshot_already_taken(panel):
    pytest.importorskip("matplotlib")
    snap = panel.at(FOUNDING_AS_OF)
    before = _core.snapshots_computed()
    page = report.html_report(panel, snap, "vi", "thads")
    assert _core.snapshots_computed() == before
    assert report.narrative(snap, "vi", "thads") in page
