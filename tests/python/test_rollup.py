"""Roll-ups from row-level data against pandas groupby, exactly; merging partials in any order."""

import itertools
import pickle

import numpy as np
import pandas as pd
import pytest

import attain


def records(n=50_000, seed=0, categorical=True):
    rng = np.random.default_rng(seed)
    units = [f"officer {i}" for i in range(120)]
    periods = [str(p) for p in pd.period_range("2020-10", "2021-09", freq="M")]
    unit = rng.integers(0, len(units), n)
    period = rng.integers(0, len(periods), n)
    eligible = rng.integers(0, 2, n)
    frame = pd.DataFrame({
        "unit": pd.Categorical.from_codes(unit, units) if categorical else np.asarray(units, dtype=object)[unit],
        "period": np.asarray(periods, dtype=object)[period],
        "count_eligible": eligible,
        "count_done": eligible * rng.integers(0, 2, n),
        "amount_eligible": rng.integers(0, 10**12, n),
    })
    frame["amount_done"] = (frame["amount_eligible"] * rng.random(n)).astype("int64")
    return frame


VALUES = ["count_done", "count_eligible", "amount_done", "amount_eligible"]


@pytest.mark.parametrize("categorical", [True, False])
@pytest.mark.parametrize("threads", [1, 2])
def test_rollup_equals_pandas_groupby(categorical, threads):
    frame = records(categorical=categorical)
    t = attain.rollup(frame, values=VALUES, threads=threads)
    expected = frame.groupby(["unit", "period"], observed=True)[VALUES].sum()
    for (u, p), row in expected.iterrows():
        i, j = t.units.index(u), t.periods.index(p)
        assert t.sums[i, j].tolist() == row.tolist()
    assert t.rows.sum() == len(frame)
    assert t.periods == sorted(t.periods)


def test_parallel_kernel_on_a_large_input():
    rng = np.random.default_rng(3)
    codes = rng.integers(0, 1000, 3_000_000).astype(np.int32)
    values = rng.integers(0, 10**9, 3_000_000)
    one = attain._core.group_sum(codes, 1000, [values], 1)
    two = attain._core.group_sum(codes, 1000, [values], 2)
    np.testing.assert_array_equal(one, two)
    np.testing.assert_array_equal(one[:, 0], pd.Series(values).groupby(codes).sum().to_numpy())


def test_merging_partials_in_any_order_is_exact():
    frame = records(n=9_000, seed=5)
    whole = attain.rollup(frame, values=VALUES)
    parts = [attain.rollup(frame.iloc[k::3], values=VALUES) for k in range(3)]
    for order in itertools.permutations(parts):
        merged = order[0] + order[1] + order[2]
        # Sums of records are each month's own figures: monthly flows.
        panel_a = merged.to_panel(measures=["count", "amount"], monthly_flows=True).totals("amount")
        panel_b = whole.to_panel(measures=["count", "amount"], monthly_flows=True).totals("amount")
        assert set(merged.units) == set(whole.units)
        idx = [merged.units.index(u) for u in whole.units]
        np.testing.assert_array_equal(merged.sums[idx], whole.sums)
        np.testing.assert_array_equal(panel_a["done"].sum(), panel_b["done"].sum())
    assert pickle.loads(pickle.dumps(whole)).sums.tolist() == whole.sums.tolist()


def test_chunks_from_read_csv_equal_the_whole(tmp_path):
    frame = records(n=20_000, seed=7, categorical=False)
    path = tmp_path / "records.csv"
    frame.to_csv(path, index=False)
    streamed = attain.rollup_chunks(pd.read_csv(path, chunksize=3_000), values=VALUES)
    whole = attain.rollup(frame, values=VALUES)
    idx = [streamed.units.index(u) for u in whole.units]
    np.testing.assert_array_equal(streamed.sums[idx], whole.sums)


def test_to_panel_matches_a_panel_of_pandas_sums():
    frame = records(n=20_000, seed=11)
    hierarchy = {f"officer {i}": f"branch {i % 7}" for i in range(120)} | {f"branch {j}": "province" for j in range(7)} | {"province": None}
    # Sums of records are each month's own figures: monthly flows.
    panel = attain.rollup(frame, values=VALUES).to_panel(hierarchy=hierarchy, fiscal_year_start=10, monthly_flows=True)
    sums = frame.groupby(["unit", "period"], observed=True)[VALUES].sum().reset_index()
    reference = attain.Panel.from_frame(sums, parent=None, hierarchy=hierarchy, fiscal_year_start=10, monthly_flows=True)
    for m in ("count", "amount"):
        a, b = panel.totals(m), reference.totals(m)
        order = [panel.units.index(u) for u in reference.units]
        np.testing.assert_array_equal(a["done"][order], b["done"])
        np.testing.assert_array_equal(a["eligible"][order], b["eligible"])


def test_money_beyond_float_precision_is_exact():
    # 2^53 + 1 VND rows: float64 sums lose the last đồng, attain's do not.
    big = np.array([2**53, 1, 1, 1], dtype=np.int64)
    frame = pd.DataFrame({"unit": ["a"] * 4, "period": ["2021-01"] * 4, "amount_eligible": big, "amount_done": big})
    t = attain.rollup(frame, values=["amount_done", "amount_eligible"])
    assert int(t.sums[0, 0, 0]) == 2**53 + 3
    assert float(big.astype(np.float64).sum()) != 2**53 + 3


def test_errors():
    frame = records(n=10)
    with pytest.raises(attain.UnknownKeyError, match="column 'nope'"):
        attain.rollup(frame, values=["nope"])
    bad = frame.assign(count_done=frame["count_done"].astype(float) + 0.5)
    with pytest.raises(attain.InvalidInputError, match=r"count_done\[0\] = 0.5 is not a whole number"):
        attain.rollup(bad, values=["count_done"])
    huge = pd.DataFrame({"unit": ["a", "a"], "period": ["2021-01"] * 2, "x_done": [2**62, 2**62], "x_eligible": [2**62] * 2})
    with pytest.raises(attain.TallyOverflowError, match="overflows int64"):
        attain.rollup(huge)
    with pytest.raises(attain.InvalidInputError, match="no chunks"):
        attain.rollup_chunks([])
