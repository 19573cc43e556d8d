"""Property-based tests (hypothesis): invariants that must hold for any valid input."""

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import attain

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def tallies(draw, max_n=40):
    eligible = draw(hnp.arrays(np.int64, st.integers(1, max_n), elements=st.integers(0, 10**12)))
    fraction = draw(hnp.arrays(np.float64, eligible.shape, elements=st.floats(0, 1)))
    done = np.floor(eligible * fraction).astype(np.int64)
    return done, eligible


@FAST
@given(tallies(), st.integers(0, 1000))
def test_shortfall_is_minimal(t, permille):
    done, eligible = t
    target = permille / 1000
    g = attain.target_gap(done, eligible, target)
    reached = attain.target_gap(np.minimum(done + g.shortfall, eligible), eligible, target)
    assert reached.met[eligible > 0].all()
    short = (g.shortfall > 0) & (eligible > 0)
    if short.any():
        one_less = attain.target_gap(done[short] + g.shortfall[short] - 1, eligible[short], target)
        assert not one_less.met.any()


@st.composite
def hierarchical_rows(draw):
    n_branches = draw(st.integers(1, 4))
    officers = draw(st.lists(st.integers(0, n_branches - 1), min_size=1, max_size=8))
    months = draw(st.integers(1, 4))
    rows = []
    for o, branch in enumerate(officers):
        pairs = []
        for m in range(months):
            eligible = draw(st.integers(0, 10**15))
            pairs.append((draw(st.integers(0, eligible)), eligible))
        # Year-to-date rows: an officer's done never falls within the year.
        for m, (done, eligible) in enumerate(sorted(pairs)):
            rows.append({"unit": f"o{o}", "period": f"2021-{m + 1:02d}", "count_done": done, "count_eligible": eligible})
    hierarchy = {f"o{o}": f"b{b}" for o, b in enumerate(officers)} | {f"b{b}": "root" for b in set(officers)} | {"root": None}
    return pd.DataFrame(rows), hierarchy


@FAST
@given(hierarchical_rows())
def test_roll_up_through_the_hierarchy_equals_the_flat_sum(data):
    frame, hierarchy = data
    panel = attain.Panel.from_frame(frame, parent=None, hierarchy=hierarchy)
    totals = panel.totals("count")
    root = panel.units.index("root")
    flat = frame.groupby("period")[["count_done", "count_eligible"]].sum()
    assert totals["done"][root].tolist() == [int(x) for x in flat["count_done"]]
    assert totals["eligible"][root].tolist() == [int(x) for x in flat["count_eligible"]]


@FAST
@given(hierarchical_rows(), st.randoms())
def test_merging_partial_tallies_in_any_order_gives_the_same_result(data, random):
    frame, _ = data
    whole = attain.rollup(frame, values=["count_done", "count_eligible"])
    parts = [attain.rollup(frame.iloc[k::3], values=["count_done", "count_eligible"]) for k in range(3) if len(frame.iloc[k::3])]
    random.shuffle(parts)
    merged = parts[0]
    for p in parts[1:]:
        merged = p + merged if random.random() < 0.5 else merged + p
    idx = [merged.units.index(u) for u in whole.units]
    pidx = [merged.periods.index(p) for p in whole.periods]
    assert (merged.sums[idx][:, pidx] == whole.sums).all()


@FAST
@given(tallies(max_n=20), st.sampled_from(["normal", "wilson", "wilson_cc", "agresti_coull", "clopper_pearson", "jeffreys"]))
def test_intervals_contain_the_estimate_and_nest_by_level(t, method):
    done, eligible = t
    keep = (eligible > 0) & (eligible < 2**40)
    done, eligible = done[keep], eligible[keep]
    if not len(done):
        return
    if method == "jeffreys":
        # statsmodels' Jeffreys convention (which attain follows) keeps the equal-tailed beta
        # limits at 0 of n and n of n, so they exclude the estimate there: check the interior.
        interior = (done > 0) & (done < eligible)
        done, eligible = done[interior], eligible[interior]
        if not len(done):
            return
    ratio = done / eligible
    narrow = attain.proportion_ci(done, eligible, alpha=0.2, method=method)
    wide = attain.proportion_ci(done, eligible, alpha=0.01, method=method)
    tol = 1e-12
    assert (narrow.low <= ratio + tol).all() and (ratio <= narrow.high + tol).all()
    assert (wide.low <= narrow.low + tol).all() and (narrow.high <= wide.high + tol).all()


@FAST
@given(hnp.arrays(np.float64, st.integers(3, 30), elements=st.floats(-1e6, 1e6)), st.floats(-1e3, 1e3), st.floats(0.5, 100))
def test_trend_statistics_are_invariant_to_shifts_and_scalings(y, shift, scale):
    if not hasattr(attain, "mann_kendall"):
        return  # the trend layer adds these functions
    t = y * scale + shift
    # S depends only on the order of the values; floating point can round two distinct values
    # of y onto one value of t (1e-262 + 1 == 0 + 1), which changes S legitimately.
    if not np.array_equal(np.sign(np.subtract.outer(y, y)), np.sign(np.subtract.outer(t, t))):
        return
    a, b = attain.mann_kendall(y), attain.mann_kendall(t)
    assert a.s == b.s and a.z == b.z
