"""Panel roll-ups and snapshots against pandas computations written here."""

import numpy as np
import pandas as pd
import pytest

import attain

ROOT = "Cục THADS tỉnh Bến Tre"


@pytest.fixture(scope="module")
def frame():
    return pd.read_csv(attain.example_data_path(), keep_default_na=False)


@pytest.fixture(scope="module")
def panel():
    return attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10)


def test_roll_up_equals_pandas_sum(frame, panel):
    for measure in ("count", "amount"):
        totals = panel.totals(measure)
        root = panel.units.index(ROOT)
        by_period = frame.groupby("period")[[f"{measure}_done", f"{measure}_eligible", f"{measure}_accepted"]].sum()
        np.testing.assert_array_equal(totals["done"][root], by_period[f"{measure}_done"].to_numpy())
        np.testing.assert_array_equal(totals["eligible"][root], by_period[f"{measure}_eligible"].to_numpy())
        np.testing.assert_array_equal(totals["accepted"][root], by_period[f"{measure}_accepted"].to_numpy())
        leaf = panel.units.index("Chi cục THADS huyện Ba Tri")
        rows = frame[frame.unit == "Chi cục THADS huyện Ba Tri"].sort_values("period")
        np.testing.assert_array_equal(totals["done"][leaf], rows[f"{measure}_done"].to_numpy())


def test_snapshot_matches_pandas(frame, panel):
    snap = panel.at("2021-06")
    table = snap.to_frame()
    assert len(table) == 2 * 10
    june, may = frame[frame.period == "2021-06"], frame[frame.period == "2021-05"]
    for measure, target in (("count", 0.815), ("amount", 0.401)):
        ratio = june[f"{measure}_done"].sum() / june[f"{measure}_eligible"].sum()
        ratio_may = may[f"{measure}_done"].sum() / may[f"{measure}_eligible"].sum()
        s = snap.unit(ROOT, measure)
        assert s.ratio == ratio
        assert s.change_prev == ratio - ratio_may
        assert s.target == target and s.gap == target - ratio and not s.met
        assert s.shortfall == int(np.ceil(target * june[f"{measure}_eligible"].sum() - june[f"{measure}_done"].sum()))
        branches = june[june.parent == ROOT].set_index("unit")
        branch_ratio = branches[f"{measure}_done"] / branches[f"{measure}_eligible"]
        summary = snap.children(ROOT, measure)
        assert summary.n == 9
        assert summary.n_met == int((branch_ratio >= target).sum())
        short = target - branch_ratio[branch_ratio < target]
        assert summary.n_short == len(short)
        assert summary.min_gap == short.min() and summary.max_gap == short.max()
        ranks = branch_ratio.rank(method="min", ascending=False).astype(int)
        rows = table[(table.measure == measure) & (table.parent == ROOT)].set_index("unit")
        assert (rows["rank"].astype(int) == ranks.reindex(rows.index)).all()


def test_pace_uses_the_units_own_growth(frame, panel):
    s = panel.at("2021-06").unit(ROOT, "count")
    first = frame[frame.period == "2020-10"]["count_eligible"].sum()
    now = frame[frame.period == "2021-06"]["count_eligible"].sum()
    growth = (now - first) / 8
    expected = attain.pace(s.done, s.eligible, 0.815, 3, growth)
    assert s.pace == expected
    assert s.pace.eligible_projected == now + round(growth * 3)


def test_from_frame_equals_from_csv(frame, panel):
    other = attain.Panel.from_frame(frame, fiscal_year_start=10)
    for measure in ("count", "amount"):
        for key, value in panel.totals(measure).items():
            np.testing.assert_array_equal(other.totals(measure)[key], value)
    pd.testing.assert_frame_equal(other.at("2021-06").to_frame(), panel.at("2021-06").to_frame())


def test_monthly_flows_give_the_same_panel(frame):
    monthly = frame.sort_values(["unit", "period"]).copy()
    for column in ("count_done", "count_eligible"):
        monthly[column] = monthly.groupby("unit")[column].diff().fillna(monthly[column]).astype("int64")
    flows = attain.Panel.from_frame(monthly, measures=["count"], fiscal_year_start=10, monthly_flows=True)
    ytd = attain.Panel.from_frame(frame, measures=["count"], fiscal_year_start=10)
    order = [flows.units.index(u) for u in ytd.units]  # first-appearance order differs
    np.testing.assert_array_equal(flows.totals("count")["done"][order], ytd.totals("count")["done"])
    np.testing.assert_array_equal(flows.totals("count")["eligible"][order], ytd.totals("count")["eligible"])


def test_targets_argument_overrides_columns(frame):
    p = attain.Panel.from_frame(frame, targets={"count": 0.6}, fiscal_year_start=10)
    snap = p.at("2021-06")
    assert snap.unit("Chi cục THADS huyện Ba Tri", "count").target == 0.6
    assert snap.unit("Chi cục THADS huyện Ba Tri", "amount").target == 0.401


def small(**changes):
    columns = {
        "unit": ["p", "a", "b", "p", "a", "b"],
        "parent": ["", "p", "p", "", "p", "p"],
        "period": ["2021-01"] * 3 + ["2021-02"] * 3,
        "count_done": [1, 2, 3, 2, 3, 4],
        "count_eligible": [5, 5, 5, 6, 6, 6],
    }
    columns.update(changes)
    return columns


@pytest.mark.parametrize(
    "changes, error, message",
    [
        ({"period": ["2021-01"] * 3 + ["2021-02", "2021-01", "2021-02"]}, attain.DuplicateKeyError,
         r"row 1 and row 4 both hold unit 'a' at period 2021-01"),
        ({"parent": ["", "p", "p", "", "p", "x"]}, attain.HierarchyError, r"unit 'b' has parent 'p' in row 2 but 'x' in row 5"),
        ({"parent": ["a", "p", "p", "a", "p", "p"]}, attain.HierarchyError, r"cycle: 'p' -> 'a' -> 'p'"),
        ({"count_done": [1, 2, 3, 2, 7, 4]}, attain.InvalidInputError, r"row 4: count done = 7 is greater than count eligible = 6"),
        ({"count_done": [1, 2, -3, 2, 3, 4]}, attain.InvalidInputError, r"row 2: count done = -3 is negative"),
        ({"count_done": [1, 2, 3.5, 2, 3, 4]}, attain.InvalidInputError, r"count_done\[2\] = 3.5 is not a whole number"),
        ({"period": ["2021-01"] * 3 + ["2021-02", "2021-13", "2021-02"]}, attain.InvalidInputError,
         r"row 4, column 'period': period '2021-13' is not a month"),
    ],
)
def test_bad_panels_are_refused(changes, error, message):
    with pytest.raises(error, match=message):
        attain.Panel.from_columns(small(**changes))


def test_missing_rows_and_unknown_keys():
    columns = {k: v[:5] for k, v in small().items()}
    with pytest.raises(attain.InvalidInputError, match=r"unit 'b' has no row for period 2021-02"):
        attain.Panel.from_columns(columns)
    p = attain.Panel.from_columns(small())
    with pytest.raises(attain.UnknownKeyError, match=r"period 2021-03 is not in the data \(2021-01 .. 2021-02\)"):
        p.at("2021-03")
    with pytest.raises(attain.UnknownKeyError, match=r"unit 'z' is not in the panel"):
        p.at("2021-02").unit("z", "count")
    with pytest.raises(attain.UnknownKeyError, match=r"column 'money_done'"):
        attain.Panel.from_columns(small(), measures=["money"])
    with pytest.raises(attain.UnknownKeyError, match=r"target given for measure 'money'"):
        attain.Panel.from_columns(small(), targets={"money": 0.5})
    with pytest.raises(attain.InvalidInputError, match=r"targets\['count'\] = 1.5 is outside"):
        attain.Panel.from_columns(small(), targets={"count": 1.5})


def test_without_a_target_there_is_no_gap():
    s = attain.Panel.from_columns(small()).at("2021-02").unit("p", "count")
    assert s.target is None and np.isnan(s.gap) and s.shortfall is None and s.pace is None and not s.met
    assert s.ratio == 9 / 18 and s.change_prev == 9 / 18 - 6 / 15


def test_hierarchy_mapping_and_parent_only_units():
    columns = small()
    del columns["parent"]
    columns["unit"] = ["a1", "a", "b", "a1", "a", "b"]
    p = attain.Panel.from_columns(columns, hierarchy={"a1": "a", "a": "root", "b": "root", "root": None})
    assert p.roots == ["root"]
    assert p.totals("count")["done"][p.units.index("root")].tolist() == [6, 9]
    assert p.children_of("root") == ["a", "b"]


def test_overflow_is_an_error_not_a_wrap():
    big = 2**62
    columns = small(count_done=[0] * 6, count_eligible=[big] * 6)
    with pytest.raises(attain.TallyOverflowError, match="overflows int64"):
        attain.Panel.from_columns(columns)
    assert issubclass(attain.TallyOverflowError, OverflowError)
