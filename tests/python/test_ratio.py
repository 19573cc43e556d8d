"""completion_ratio and target_gap against independent references (numpy, exact fractions)."""

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

import attain


def exact_shortfall(done: int, eligible: int, target: Fraction) -> int:
    """Smallest k with (done + k) / eligible >= target, in exact rational arithmetic."""
    k = 0
    while Fraction(done + k, eligible) < target:
        k += 1
    return k


def test_completion_ratio_matches_numpy_division():
    rng = np.random.default_rng(1)
    eligible = rng.integers(1, 10**9, size=10_000)
    done = (eligible * rng.random(10_000)).astype(np.int64)
    np.testing.assert_array_equal(attain.completion_ratio(done, eligible), done / eligible)


def test_zero_of_zero_is_nan_and_edges():
    out = attain.completion_ratio([0, 0, 5, 7], [0, 3, 5, 7])
    assert np.isnan(out[0])
    np.testing.assert_array_equal(out[1:], [0.0, 1.0, 1.0])
    assert isinstance(attain.completion_ratio(1, 4), float)
    assert attain.completion_ratio(1, 4) == 0.25


def test_broadcasting_shapes_and_input_kinds():
    done = np.arange(6, dtype=np.int32).reshape(2, 3)
    out = attain.completion_ratio(done, 10)
    assert out.shape == (2, 3)
    np.testing.assert_array_equal(out, done / 10)
    ro = np.array([1, 2, 3])
    ro.flags.writeable = False  # pandas copy-on-write hands out such arrays
    np.testing.assert_array_equal(attain.completion_ratio(ro, ro[::-1] + 3), ro / (ro[::-1] + 3))
    s = pd.Series([1, 2], dtype="Int64")
    np.testing.assert_array_equal(attain.completion_ratio(s, pd.Series([2, 4])), [0.5, 0.5])
    np.testing.assert_array_equal(attain.completion_ratio([1.0, 2.0], [4, 4]), [0.25, 0.5])


@pytest.mark.parametrize(
    "done, eligible, error, message",
    [
        ([1, -1], [2, 2], attain.InvalidInputError, r"done\[1\] = -1 is negative"),
        ([3], [2], attain.InvalidInputError, r"done\[0\] = 3 is greater than eligible\[0\] = 2"),
        ([1.5], [2], attain.InvalidInputError, r"done\[0\] = 1.5 is not a whole number"),
        ([np.nan], [2], attain.InvalidInputError, r"done\[0\] is NaN"),
        ([1], [np.inf], attain.InvalidInputError, r"eligible\[0\] = inf is infinite"),
        (["1"], [2], attain.InputTypeError, r"done has dtype <U1"),
        ([True], [2], attain.InputTypeError, r"done holds booleans"),
        ([1, 2, 3], [1, 2], attain.LengthMismatchError, r"done has shape \(3,\), eligible has shape \(2,\)"),
        (pd.Series([1, None], dtype="Int64"), [2, 2], attain.InvalidInputError, r"done\[1\] is missing"),
        ([2.0**60], [2.0**61], attain.InvalidInputError, r"too large to be exact as a float"),
    ],
)
def test_bad_input_is_refused_with_the_index(done, eligible, error, message):
    with pytest.raises(error, match=message):
        attain.completion_ratio(done, eligible)
    assert issubclass(error, (ValueError, TypeError))


def test_target_gap_matches_exact_fractions():
    rng = np.random.default_rng(7)
    eligible = rng.integers(1, 3000, size=3000)
    done = (eligible * rng.random(3000)).astype(np.int64)
    permille = rng.integers(0, 1001, size=3000)
    target = permille / 1000
    r = attain.target_gap(done, eligible, target)
    for i in range(3000):
        t = Fraction(int(permille[i]), 1000)
        ratio = Fraction(int(done[i]), int(eligible[i]))
        assert r.met[i] == (ratio >= t)
        assert r.shortfall[i] == exact_shortfall(int(done[i]), int(eligible[i]), t)
        assert r.ratio[i] == done[i] / eligible[i]
        assert r.gap[i] == target[i] - done[i] / eligible[i]


def test_target_gap_boundaries_and_scalars():
    r = attain.target_gap(815, 1000, 0.815)  # met exactly at the boundary
    assert r.met and r.shortfall == 0
    assert isinstance(r.shortfall, (int, np.integer)) and np.ndim(r.ratio) == 0
    r = attain.target_gap(6297, 10000, 0.815)
    assert not r.met and r.shortfall == 1853
    assert abs(r.gap - 0.1853) < 1e-15
    r = attain.target_gap(0, 0, 0.5)
    assert np.isnan(r.ratio) and np.isnan(r.gap) and r.shortfall == 0 and not r.met
    r = attain.target_gap([3, 3], [3, 4], 1.0)
    np.testing.assert_array_equal(r.met, [True, False])
    np.testing.assert_array_equal(r.shortfall, [0, 1])
    ratio, gap, shortfall, met = attain.target_gap([1, 2], 4, [0.25, 0.75])  # unpacks as a tuple
    np.testing.assert_array_equal(shortfall, [0, 1])


def test_shortfall_is_minimal_with_money_sized_denominators():
    eligible = np.array([1_678_213_450_000, 10**15 + 7, 2**53 + 1], dtype=np.int64)
    r = attain.target_gap(np.zeros(3, dtype=np.int64), eligible, 0.401)
    for e, k in zip(eligible.tolist(), r.shortfall.tolist()):
        assert k == exact_shortfall_fast(0, e, Fraction(401, 1000))


def exact_shortfall_fast(done: int, eligible: int, target: Fraction) -> int:
    # ceil(target * eligible) - done, exactly; then the decimal target read as a double can only
    # move the answer when target * eligible is within one rounding of an integer.
    need = -(-target.numerator * eligible // target.denominator) - done
    return max(need, 0)


@pytest.mark.parametrize("target", [1.2, -0.1, np.nan])
def test_bad_targets(target):
    with pytest.raises(attain.InvalidInputError, match=r"target"):
        attain.target_gap(1, 2, target)


def test_pace_against_hand_formula():
    p = attain.pace(6297, 10000, 0.815, 3)
    assert p.needed == 1853 and p.per_month == pytest.approx(1853 / 3, rel=1e-15)
    p = attain.pace([6297, 10], [10000, 10], 0.815, [3, 0], [100.0, 0.0])
    np.testing.assert_array_equal(p.eligible_projected, [10300, 10])
    # ceil(0.815 * 10300) = 8395 needed in all.
    np.testing.assert_array_equal(p.needed_projected, [8395 - 6297, 0])
    assert p.per_month[1] == 0.0
    assert np.isinf(attain.pace(1, 10, 0.5, 0).per_month)
    with pytest.raises(attain.InvalidInputError, match=r"months_remaining\[0\] = 12"):
        attain.pace(1, 10, 0.5, 12)
