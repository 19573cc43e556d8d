"""The catalogue of bad inputs: every public entry point refuses bad data with a specific,
tested message (a ValueError / TypeError / OverflowError subclass), never a crash or a
plausible-looking number. One line adds a case: (id, callable, expected class, message regex)."""

import re
import subprocess
import sys
import time
import unicodedata
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

import attain
from attain import report

E = attain.InvalidInputError
T = attain.InputTypeError


def panel_columns(**changes):
    columns = {
        "unit": ["p", "a", "b", "p", "a", "b"],
        "parent": ["", "p", "p", "", "p", "p"],
        "period": ["2021-01"] * 3 + ["2021-02"] * 3,
        "count_done": [1, 2, 3, 2, 3, 4],
        "count_eligible": [5, 5, 5, 6, 6, 6],
    }
    columns.update(changes)
    return columns


CASE = {"unit": ["a", "a"], "status": ["done", "pending"], "accepted": ["2021-01-01", "2021-01-02"],
        "status_date": ["2021-01-01", None], "amount": [5, 7]}


def snap():
    return attain.Panel.from_columns(panel_columns()).at("2021-02")


CASES = [
    # completion_ratio / target_gap / pace: values
    ("negative count", lambda: attain.completion_ratio([-1], [2]), E, r"done\[0\] = -1 is negative"),
    ("negative eligible", lambda: attain.completion_ratio([0], [-2]), E, r"eligible\[0\] = -2 is negative"),
    ("done > eligible", lambda: attain.target_gap([3], [2], 0.5), E, r"done\[0\] = 3 is greater than eligible\[0\] = 2"),
    ("fractional count", lambda: attain.completion_ratio([0.5], [2]), E, r"done\[0\] = 0.5 is not a whole number"),
    ("NaN count", lambda: attain.completion_ratio([1], [np.nan]), E, r"eligible\[0\] is NaN"),
    ("infinite count", lambda: attain.completion_ratio([np.inf], [1]), E, r"done\[0\] = inf is infinite"),
    ("2-D index in message", lambda: attain.completion_ratio([[1, 2], [3, 4.5]], 9), E, r"done\[1, 1\] = 4.5"),
    ("strings", lambda: attain.completion_ratio(["1"], [2]), T, r"done has dtype <U1"),
    ("objects", lambda: attain.completion_ratio(np.array([1, "x"], dtype=object), [2, 2]), T, r"done\[1\] = 'x' is a str"),
    ("booleans", lambda: attain.completion_ratio([True], [1]), T, r"done holds booleans"),
    ("nullable Int64 with NA", lambda: attain.completion_ratio(pd.array([1, None], dtype="Int64"), [2, 2]), E, r"done\[1\] is missing"),
    ("None in a list", lambda: attain.completion_ratio([1, None], [2, 2]), E, r"done\[1\] is missing"),
    ("uint64 beyond int64", lambda: attain.completion_ratio(np.array([2**63], dtype=np.uint64), [1]), E, r"does not fit in int64"),
    ("float beyond 2^53", lambda: attain.completion_ratio([2.0**60], [2.0**61]), E, r"too large to be exact"),
    ("mismatched shapes", lambda: attain.completion_ratio([1, 2, 3], [4, 5]), attain.LengthMismatchError, r"done has shape \(3,\), eligible has shape \(2,\)"),
    ("target above 1", lambda: attain.target_gap(1, 2, 1.5), E, r"target\[0\] = 1.5 is outside \[0, 1\]"),
    ("target negative", lambda: attain.target_gap(1, 2, [0.2, -0.1]), E, r"target\[1\] = -0.1 is outside \[0, 1\]"),
    ("target NaN", lambda: attain.target_gap(1, 2, np.nan), E, r"is NaN"),
    ("target strings", lambda: attain.target_gap(1, 2, "0.5"), T, r"target has dtype <U3"),
    ("months remaining 12", lambda: attain.pace(1, 2, 0.5, 12), E, r"months_remaining\[0\] = 12 is outside 0..11"),
    # periods
    ("month 13", lambda: attain.months_elapsed("2021-13"), E, r"'2021-13' is not a month of the form YYYY-MM"),
    ("year 0", lambda: attain.months_elapsed("0-01"), E, r"year outside 1..9999"),
    ("not a month", lambda: attain.fiscal_year(3.5), T, r"period = 3.5 is not a month"),
    ("fiscal start 0", lambda: attain.months_elapsed("2021-01", fiscal_year_start=0), E, r"fiscal_year_start = 0 is not a month"),
    ("gap in series", lambda: attain.ytd_to_monthly([1, 2], ["2021-01", "2021-03"]), E, r"periods\[1\] = 2021-03 does not follow"),
    ("NaT month", lambda: attain.ytd_to_monthly([1, 2], np.array(["2021-01-05", "NaT"], dtype="datetime64[D]")), E,
     r"periods\[1\] is missing \(NaT\); a month is needed"),
    ("empty series", lambda: attain.ytd_to_monthly([[1]], ["2021-01"]), E, r"one-dimensional"),
    # panels
    ("duplicate row", lambda: attain.Panel.from_columns(panel_columns(period=["2021-01"] * 3 + ["2021-02", "2021-01", "2021-02"])),
     attain.DuplicateKeyError, r"row 1 and row 4 both hold unit 'a' at period 2021-01"),
    ("missing row", lambda: attain.Panel.from_columns({k: v[:5] for k, v in panel_columns().items()}), E,
     r"unit 'b' has no row for period 2021-02"),
    ("cycle", lambda: attain.Panel.from_columns(panel_columns(parent=["a", "p", "p", "a", "p", "p"])), attain.HierarchyError,
     r"cycle: 'p' -> 'a' -> 'p'"),
    ("orphan", lambda: attain.Panel.from_columns(panel_columns(), hierarchy={"a": "p", "b": "p", "p": "nowhere"}),
     attain.HierarchyError, r"unit 'p' names parent 'nowhere', which is neither a unit of the data nor a key of the hierarchy"),
    ("conflicting parents", lambda: attain.Panel.from_columns(panel_columns(parent=["", "p", "p", "", "b", "p"])),
     attain.HierarchyError, r"unit 'a' has parent 'p' in row 1 but 'b' in row 4"),
    ("empty unit", lambda: attain.Panel.from_columns(panel_columns(unit=["p", "", "b", "p", "a", "b"])), E, r"row 1: column 'unit' is empty"),
    ("unknown column", lambda: attain.Panel.from_columns(panel_columns(), measures=["money"]), attain.UnknownKeyError, r"column 'money_done'"),
    ("unknown as-of", lambda: attain.Panel.from_columns(panel_columns()).at("2022-01"), attain.UnknownKeyError,
     r"period 2022-01 is not in the data \(2021-01 .. 2021-02\)"),
    ("unknown unit", lambda: snap().unit("z", "count"), attain.UnknownKeyError, r"unit 'z' is not in the panel"),
    ("unknown measure", lambda: snap().unit("a", "money"), attain.UnknownKeyError, r"measure 'money' is not in the panel"),
    ("target column out of range", lambda: attain.Panel.from_columns(panel_columns(count_target=[0.5, 2, 0.5, 0.5, 0.5, 0.5])), E,
     r"count_target\[1\] = 2.0 is outside \[0, 1\]"),
    ("overflowing roll-up", lambda: attain.Panel.from_columns(panel_columns(count_done=[0] * 6, count_eligible=[2**62] * 6)),
     attain.TallyOverflowError, r"overflows int64"),
    ("mismatched columns", lambda: attain.Panel.from_columns(panel_columns(count_done=[1, 2])), E, r"column 'count_done' has 2 values"),
    # roll-ups
    ("rollup float money", lambda: attain.rollup(pd.DataFrame({"unit": ["a"], "period": ["2021-01"], "x_done": [0.5]})), E,
     r"x_done\[0\] = 0.5 is not a whole number"),
    ("rollup overflow", lambda: attain.rollup(pd.DataFrame({"unit": ["a", "a"], "period": ["2021-01"] * 2, "x_done": [2**62] * 2,
                                                            "x_eligible": [2**62] * 2})), attain.TallyOverflowError, r"overflows int64"),
    ("rollup missing key", lambda: attain.rollup(pd.DataFrame({"unit": ["a", None], "period": ["2021-01"] * 2, "x_done": [1, 1]})), E,
     r"row 1: column 'unit' is empty"),
    # inference
    ("ci count > nobs", lambda: attain.proportion_ci([5], [4]), E, r"count\[0\] = 5 is greater than nobs\[0\] = 4"),
    ("ci nobs 0", lambda: attain.proportion_ci([0], [0]), E, r"nobs\[0\] = 0: a proportion of nothing has no confidence interval"),
    ("ci alpha 1", lambda: attain.proportion_ci([1], [4], alpha=1.0), E, r"alpha = 1.0 is outside \(0, 1\)"),
    ("ci unknown method", lambda: attain.proportion_ci([1], [4], method="exactish"), E, r"method = 'exactish' is not one of"),
    ("difference count > nobs", lambda: attain.proportion_difference([5], [4], [1], [2]), E, r"count1\[0\] = 5 is greater than nobs1\[0\] = 4"),
    ("trend test equal scores", lambda: attain.cochran_armitage([1, 2, 3], [3, 3, 3], scores=[1, 1, 1]), E, r"scores are all equal"),
    ("trend test one period", lambda: attain.cochran_armitage([1], [3]), E, r"at least 2 periods"),
    ("funnel no eligible", lambda: attain.funnel_limits([1, 2], [0, 4]), E, r"done\[0\] = 1 is greater than eligible\[0\] = 0"),
    ("funnel level 1.5", lambda: attain.funnel_limits([1, 2], [3, 4], levels=(1.5,)), E, r"levels\[0\] = 1.5 is not a coverage"),
    ("funnel target 1", lambda: attain.funnel_limits([1, 2], [3, 4], target=1.0), E, r"a funnel around 0 or 1 has no width"),
    ("funnel overdispersion", lambda: attain.funnel_limits([1, 2], [3, 4], overdispersion="huge"), E, r"overdispersion = 'huge'"),
    ("control chart kind", lambda: attain.control_chart([1, 2], [3, 4], kind="x"), E, r"kind = 'x' is not one of 'p', 'laney'"),
    ("control chart one month", lambda: attain.control_chart([1], [3]), E, r"needs at least 2 months"),
    ("schedule negative weight", lambda: attain.schedule(0.5, 0.5, 3, profile=[-1] * 12), E, r"profile\[0\] = -1 is not a non-negative number"),
    # case records, status forms, schemes
    ("unknown status", lambda: attain.from_cases(CASE | {"status": ["done", "typo"]}, scheme="generic"), attain.UnknownKeyError,
     r"column 'status': scheme generic does not list 'typo' \(row 1\)"),
    ("status before acceptance", lambda: attain.from_cases(CASE | {"status_date": ["2021-01-01", "2020-12-01"]}, scheme="generic"),
     E, r"case 1: its status month \(2020-12\) is before its acceptance \(2021-01\)"),
    ("done case without a date", lambda: attain.from_cases(CASE | {"status_date": [None, None]}, scheme="generic"), E,
     r"case 0, column 'status_date': the date is missing, but status 'done' is not pending"),
    ("day-first date", lambda: attain.from_cases(CASE | {"accepted": ["15/01/2021", "2021-01-02"]}, scheme="generic"), E,
     r"case 0, column 'accepted': '15/01/2021' is not a date"),
    ("negative case amount", lambda: attain.from_cases(CASE | {"amount": [5, -5]}, scheme="generic"), E, r"case 1: amount = -5 is negative"),
    ("form negative figure", lambda: attain.from_form({"unit": ["a"], "period": ["2021-01"], "x": [-1]}, scheme="generic",
                                                      count_columns={"done": "x"}), E, r"row 0: column 'x' = -1 is negative"),
    ("bad scheme role", lambda: attain.StatusScheme.from_dict({"statuses": {"x": "finished"}}), E, r"status 'x' has role 'finished'"),
    ("unknown preset", lambda: attain.StatusScheme.preset("nope"), attain.UnknownKeyError, r"no preset scheme 'nope'"),
    # trends
    ("trend NaN", lambda: attain.linear_trend([1, np.nan, 3]), E, r"y\[1\] is NaN; trends need finite values"),
    ("trend all x equal", lambda: attain.theil_sen([1, 2, 3], [2, 2, 2]), E, r"all x values are equal \(2\): the slope is undefined"),
    ("trend alpha", lambda: attain.theil_sen([1, 2, 3], alpha=1.5), E, r"alpha = 1.5 is outside \(0, 1\)"),
    ("mann-kendall method", lambda: attain.mann_kendall([1, 2, 3], method="sen"), E, r"method = 'sen' is not one of 'original'"),
    ("mann-kendall too short", lambda: attain.mann_kendall([1.0]), E, r"needs at least 2 non-missing values, got 1"),
    ("mann-kendall infinite in a row", lambda: attain.mann_kendall([[1, 2, 3], [1, np.inf, 2]]), E, r"row 1: x\[1\] is infinite"),
    ("seasonal period 0", lambda: attain.seasonal_mann_kendall([1, 2, 3], period=0), E, r"period = 0 must be at least 1"),
    ("kendall tau lengths", lambda: attain.kendall_tau([1, 2, 3], [1, 2]), attain.LengthMismatchError, r"x has shape \(3,\)"),
    # projection
    ("projection too long", lambda: attain.project_year_end(list(range(13)), [20] * 13), E, r"the series has 13 months"),
    ("projection window", lambda: attain.project_year_end([1, 2, 3], [4, 5, 6], window=1), E, r"window = 1 is below 2"),
    ("projection gap in months", lambda: attain.project_year_end([1, 2], [4, 5], ["2021-01", "2021-03"]), E,
     r"periods\[1\] = 2021-03 does not follow periods\[0\] = 2021-01"),
    # reports
    ("template unknown field", lambda: report.Template("{zz}").render({}, "vi"), attain.UnknownKeyError, r"unknown field 'zz' at position 0"),
    ("template bad spec", lambda: report.Template("ok {x:%}"), E, r"bad format spec '%' for field 'x' at position 3"),
    ("template unclosed", lambda: report.Template("ok {x"), E, r"unclosed '\{' at position 3"),
    ("template unknown language", lambda: report.narrative(snap(), "fr"), E, r"lang = 'fr' is not supported"),
]


@pytest.mark.parametrize("name, call, error, message", CASES, ids=[c[0] for c in CASES])
def test_bad_input(name, call, error, message):
    with pytest.raises(error, match=message) as info:
        call()
    assert isinstance(info.value, (ValueError, TypeError, OverflowError))
    assert isinstance(info.value, attain.AttainError)


def test_read_only_and_non_contiguous_arrays_work():
    done = np.arange(20, dtype=np.int64)[::2]  # non-contiguous view
    eligible = np.full(20, 30, dtype=np.int64)[::2]
    done.flags.writeable = False
    np.testing.assert_array_equal(attain.completion_ratio(done, eligible), done / eligible)
    frame = pd.DataFrame({"d": [1, 2], "e": [2, 4]})
    view = frame["d"].to_numpy()  # read-only under pandas copy-on-write
    np.testing.assert_array_equal(attain.target_gap(view, frame["e"], 0.5).met, [True, True])
    np.testing.assert_array_equal(attain.target_gap(frame["d"], frame["e"], 0.5).met, [True, True])


CSV_CASES = [
    ("thousands separator", "period,unit,count_done,count_eligible\n2021-01,a,\"1,234\",2000\n", r"line 2, column 'count_done': '1,234' is not a whole number \(write numbers without thousands separators\)"),
    ("dotted thousands", "period,unit,count_done,count_eligible\n2021-01,a,1.234,2000\n", r"line 2, column 'count_done': '1.234' is not a whole number"),
    ("missing column", "period,unit,count_done\n2021-01,a,1\n", r"no measure found"),
    ("empty cell", "period,unit,count_done,count_eligible\n2021-01,a,,2\n", r"line 2, column 'count_done': the cell is empty"),
    ("short record", "period,unit,count_done,count_eligible\n2021-01,a,1\n", r"line 2: 3 fields, but the header has 4"),
    ("bad target", "period,unit,count_done,count_eligible,count_target\n2021-01,a,1,2,high\n", r"line 2, column 'count_target': 'high' is not a ratio"),
    ("quoted fields are fine but done > eligible is not", "period,unit,count_done,count_eligible\n\"2021-01\",\"a, the unit\",3,2\n",
     r"line 2: count done = 3 is greater than count eligible = 2"),
    ("bad month", "period,unit,count_done,count_eligible\n2021-1x,a,1,2\n", r"line 2, column 'period': period '2021-1x' is not a month"),
    ("duplicate header", "period,unit,count_done,count_done,count_eligible\n2021-01,a,1,1,2\n", r"columns \['count_done'\] appear twice"),
]


@pytest.mark.parametrize("name, text, message", CSV_CASES, ids=[c[0] for c in CSV_CASES])
def test_malformed_csv_in_the_cli(tmp_path, name, text, message):
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "attain", "summary", str(path)], capture_output=True, text=True)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert re.search(message, r.stderr), r.stderr


def test_bad_encoding_and_missing_file_in_the_cli(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("period,unit,count_done,count_eligible\n2021-01,Chi cục,1,2\n".encode("cp1258", errors="replace") + b"\xff\xfe")
    r = subprocess.run([sys.executable, "-m", "attain", "summary", str(path)], capture_output=True, text=True)
    assert r.returncode == 2 and "is not UTF-8 text" in r.stderr and "Traceback" not in r.stderr
    r = subprocess.run([sys.executable, "-m", "attain", "summary", str(tmp_path / "nope.csv")], capture_output=True, text=True)
    assert r.returncode == 2 and "no such file" in r.stderr
    r = subprocess.run([sys.executable, "-m", "attain", "demo", "--target", "count=lots"], capture_output=True, text=True)
    assert r.returncode == 2 and "--target 'count=lots': 'lots' is not a number" in r.stderr


def test_catalogue_size():
    # The README's Reliability section quotes these counts.
    assert len(CASES) + len(CSV_CASES) >= 88
    assert len(SAFE) >= 27  # round two (issue 13)


# --------------------------------------------------------------------------------------------
# Round two (issue 13): hangs, silent wrong figures, data loss, crashes, injections. Numeric
# classes are checked against exact Python integers / fractions.


def reference_shortfall(done: int, eligible: int, target: float) -> int:
    """Smallest k with float((done + k) / eligible) >= target: CPython's int / int is correctly
    rounded, and it is monotone in k, so bisection over exact integers finds it."""
    if eligible == 0 or done / eligible >= target:
        return 0
    lo, hi = done, eligible  # lo fails, hi meets (target <= 1)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if mid / eligible >= target:
            hi = mid
        else:
            lo = mid
    return hi - done


P53, TOP = 2**53, 2**63 - 1
BOUNDARY_ELIGIBLE = [P53 + k for k in range(-3, 4)] + [TOP - k for k in range(6)] + [2 * P53 + 1, 10**18 + 7]


@pytest.mark.parametrize("target", [1.0, 0.999999, 0.815, 0.5, 0.401, 0.1, 1e-300])
def test_shortfall_exact_at_2_53_and_2_63(target):
    eligible = np.array([e for e in BOUNDARY_ELIGIBLE for _ in range(4)], dtype=np.int64)
    done = np.array([d for e in BOUNDARY_ELIGIBLE for d in (0, e // 2, e - 1000, e - 1)], dtype=np.int64)
    start = time.perf_counter()
    g = attain.target_gap(done, eligible, target)
    assert time.perf_counter() - start < 1.0  # bounded: it used to loop forever for 1.0 near 2^63
    for d, e, k, met, ratio in zip(done.tolist(), eligible.tolist(), g.shortfall.tolist(), g.met, g.ratio):
        assert k == reference_shortfall(d, e, target), (d, e, target)
        assert met == (k == 0)
        assert ratio == d / e == float(Fraction(d, e))  # correctly rounded for every int64


def test_target_one_near_2_63_does_not_hang_anywhere():
    start = time.perf_counter()
    p = attain.pace(0, TOP - 3, 1.0, 3)
    assert p.needed == reference_shortfall(0, TOP - 3, 1.0)
    assert attain.target_gap(0, TOP, 1.0).shortfall == reference_shortfall(0, TOP, 1.0)
    panel = attain.Panel.from_columns({"unit": ["a"], "period": ["2021-01"], "x_done": [0], "x_eligible": [TOP - 1]},
                                      targets={"x": 1.0})
    assert panel.at("2021-01").unit("a", "x").shortfall == reference_shortfall(0, TOP - 1, 1.0)
    assert time.perf_counter() - start < 2.0


def exact_mk(x: np.ndarray) -> tuple[int, Fraction]:
    """S and var S of the original Mann-Kendall test with Python integers (pymannkendall's
    formula; ties by exact counts), for series whose values are small integers."""
    n = len(x)
    counts = np.bincount(x.astype(np.int64))
    # S = concordant - discordant pairs, by a running count of the values seen so far.
    seen = np.zeros(len(counts), dtype=np.int64)
    s = 0
    for v in x.astype(np.int64):
        below = int(seen[:v].sum())
        above = int(seen[v + 1:].sum())
        s += below - above
        seen[v] += 1
    ties = sum(int(t) * (int(t) - 1) * (2 * int(t) + 5) for t in counts if t > 1)
    return s, Fraction(n * (n - 1) * (2 * n + 5) - ties, 18)


def test_mann_kendall_variance_past_int64_against_python_integers():
    rng = np.random.default_rng(13)
    n = 1_700_000  # n(n-1)(2n+5) > 2^63 from about 1.66 million
    x = rng.integers(0, 5, size=n).astype(float)
    r = attain.mann_kendall(x, slope=False)
    s, var = exact_mk(x)
    assert r.s == s
    assert r.var_s == float(var)  # correctly rounded from the exact integer numerator
    assert not np.isnan(r.p) and r.p > 1e-6  # noise: no trend, no NaN


def test_trend_free_pre_whitening_matches_pymannkendall_on_short_integer_series():
    pmk = pytest.importorskip("pymannkendall")
    rng = np.random.default_rng(14)
    checked = 0
    for _ in range(3000):
        n = int(rng.integers(3, 16))
        x = rng.integers(0, int(rng.integers(2, 10)), size=n).astype(float)
        with np.errstate(all="ignore"):
            want = pmk.trend_free_pre_whitening_modification_test(x)
        if np.isnan(want.s):
            continue
        got = attain.mann_kendall(x, method="trend_free_pre_whitening")
        assert got.s == want.s and got.var_s == want.var_s, x.tolist()
        checked += 1
    assert checked > 2000
    # Longer series: numpy's sums of 16 terms or more run in the BLAS kernel's order, which
    # attain follows for OpenBLAS's AVX-512 kernel (identical there: 6,000 of 6,000 series of
    # 16 to 600 values); another kernel may round a near-tie differently, rarely.
    same = 0
    for _ in range(300):
        x = rng.integers(0, 10, size=int(rng.integers(16, 300))).astype(float)
        for method, ref in (("trend_free_pre_whitening", pmk.trend_free_pre_whitening_modification_test),
                            ("pre_whitening", pmk.pre_whitening_modification_test)):
            same += attain.mann_kendall(x, method=method).s == ref(x).s
    assert same >= 0.99 * 600


def test_linear_trend_constant_and_offset_series_against_fractions():
    for v in (0.1, 1 / 3, 1e8 + 0.1, 7.0):
        for n in (3, 10, 1000):
            r = attain.linear_trend(np.full(n, v))
            assert np.isnan(r.rvalue) and np.isnan(r.pvalue) and r.slope == 0.0
    rng = np.random.default_rng(15)
    for _ in range(20):
        n = int(rng.integers(3, 200))
        x = 1e8 + np.arange(n, dtype=float)
        y = 2.5 * x + rng.normal(size=n) * 1e-3
        r = attain.linear_trend(y, x)
        fx, fy = [Fraction(v) for v in x], [Fraction(v) for v in y]
        mx, my = sum(fx) / n, sum(fy) / n
        sxx = sum((a - mx) ** 2 for a in fx)
        sxy = sum((a - mx) * (b - my) for a, b in zip(fx, fy))
        syy = sum((b - my) ** 2 for b in fy)
        slope = sxy / sxx
        stderr = (float((syy - slope * sxy) / (n - 2) / sxx)) ** 0.5
        assert abs(r.slope - float(slope)) <= 1e-12 * abs(float(slope))
        assert abs(r.stderr - stderr) <= 1e-12 * stderr


def frame_panel(units, parents, **kw):
    n = len(units)
    return attain.Panel.from_frame(pd.DataFrame({"unit": units, "parent": parents, "period": ["2021-01"] * n,
                                                 "count_done": [1] * n, "count_eligible": [2] * n}), **kw)


def nfd_repeat():
    """The founding data with one branch's rows repeated in NFD (the paragraph changed)."""
    df = pd.read_csv(attain.example_data_path(), dtype={"unit": str, "parent": str})
    branch = df[df.unit.str.contains("Mỏ Cày Nam")].copy()
    branch["unit"] = branch["unit"].map(lambda s: unicodedata.normalize("NFD", s))
    return pd.concat([df, branch])


def test_nfc_and_nfd_names_are_one_unit():
    name = "Chi cục THADS huyện Mỏ Cày Nam"
    nfd = unicodedata.normalize("NFD", name)
    assert nfd != name
    panel = attain.Panel.from_columns({"unit": ["Cục", name, "Cục", nfd], "parent": ["", "Cục", "", "Cục"],
                                       "period": ["2021-01", "2021-01", "2021-02", "2021-02"],
                                       "count_done": [1, 1, 2, 2], "count_eligible": [4, 4, 4, 4]})
    assert panel.units == ["Cục", name]
    assert panel.at("2021-02").unit(nfd, "count").done == 2  # lookups normalise too
    scheme = attain.StatusScheme.from_dict({"statuses": {unicodedata.normalize("NFD", "đã xong"): "done", "chưa": "pending"}})
    cases = {**CASE, "status": ["đã xong", "chưa"]}
    assert attain.from_cases(cases, scheme=scheme).at("2021-01").unit("a", "count").done == 1


def test_numeric_parent_codes_read_as_floats_are_the_same_units():
    frame = pd.DataFrame({"unit": [100, 101, 102], "parent": [np.nan, 100, 100], "period": ["2021-01"] * 3,
                          "count_done": [1, 1, 1], "count_eligible": [2, 2, 2]})
    assert frame["parent"].dtype.kind == "f"
    panel = attain.Panel.from_frame(frame)
    assert panel.roots == ["100"] and panel.children_of("100") == ["101", "102"]


SAFE = [
    ("whitespace twins", lambda: frame_panel(["p", "a", "a "], ["", "p", "p"]), E,
     r"column 'unit': row 1 has 'a' and row 2 has 'a ', which differ only in spaces"),
    ("unknown parent suggests", lambda: frame_panel(["Tỉnh", "a"], ["", "Tinh"]), attain.HierarchyError,
     r"row 1, column 'parent': parent 'Tinh' of unit 'a' is not a unit of the data; did you mean 'Tỉnh'\?"),
    ("parent with trailing space", lambda: frame_panel(["p", "a"], ["", "p "]), attain.HierarchyError,
     r"parent 'p ' of unit 'a' is not a unit of the data; did you mean 'p'\?"),
    ("mistyped measure column", lambda: attain.Panel.from_columns(panel_columns(amount_done=[1] * 6, amount_eligble=[2] * 6)), E,
     r"column 'amount_eligble' is not understood; did you mean 'amount_eligible'\?"),
    ("mistyped target column", lambda: attain.Panel.from_columns(panel_columns(count_targt=[0.5] * 6)), E,
     r"column 'count_targt' is not understood; did you mean 'count_target'\?"),
    ("measure without partner", lambda: attain.Panel.from_columns(panel_columns(money_done=[1] * 6)), E,
     r"column 'money_done' has no partner column 'money_eligible'"),
    ("case date typo", lambda: attain.from_cases({**CASE, "accepted": ["2021-01-01", "0001-01-01"]}, scheme="generic"), E,
     r"case 1, column 'accepted': '0001-01-01' makes the records span 24,2\d\d months; at most 1,200"),
    ("case periods too wide", lambda: attain.from_cases(CASE, scheme="generic", periods=("1900-01", "2021-01")), E,
     r"the case months span 1453 months; at most 1200"),
    ("schedule ratio above 1", lambda: attain.schedule(1.5, 0.8, 6), E, r"ratio\[0\] = 1.5 is outside \[0, 1\]"),
    ("schedule ratio negative", lambda: attain.schedule(-0.25, 0.8, 6), E, r"ratio\[0\] = -0.25 is outside \[0, 1\]"),
    ("schedule ratio infinite", lambda: attain.schedule(np.inf, 0.8, 6), E, r"ratio\[0\] = inf is outside \[0, 1\]"),
    ("funnel negative phi", lambda: attain.funnel_curves(0.5, [10, 100], phi=-1.0, method="normal"), E,
     r"phi = -1 is not a positive finite number"),
    ("funnel NaN phi", lambda: attain.funnel_curves(0.5, [10, 100], phi=float("nan"), method="normal"), E, r"phi = nan"),
    ("funnel negative tau2", lambda: attain.funnel_curves(0.5, [10], tau2=-0.25, method="normal"), E,
     r"tau2 = -0.25 is not a non-negative finite number"),
    ("funnel infinite tau2", lambda: attain.funnel_curves(0.5, [10], tau2=float("inf"), method="normal"), E, r"tau2 = inf"),
    ("funnel text centre", lambda: attain.funnel_curves("0.5", [10]), T, r"centre = '0.5' must be a number"),
    ("control chart centre 0", lambda: attain.control_chart([1, 2], [10, 10], centre=0.0), E,
     r"centre\[0\] = 0 is not strictly between 0 and 1"),
    ("control chart centre 1", lambda: attain.control_chart([1, 2], [10, 10], centre=1.0), E,
     r"centre\[0\] = 1 is not strictly between 0 and 1"),
    ("projection NaN target", lambda: attain.project_year_end([1, 2, 3], [4, 5, 6], target=float("nan")), E,
     r"target is NaN; pass target=None"),
    ("pace negative growth", lambda: attain.pace(1, 10, 0.5, 3, -2.0), E,
     r"eligible_growth_per_month\[0\] = -2 is negative"),
    ("empty series", lambda: attain.mann_kendall([]), E, r"x is empty"),
    ("empty series theil_sen", lambda: attain.theil_sen([]), E, r"y is empty"),
    ("template nesting", lambda: report.Template("{if a}" * 100_000 + "{end}" * 100_000), E,
     r"nests deeper than 64 blocks"),
    ("numeric keys in chunks", lambda: attain.rollup_chunks(
        [pd.DataFrame({"unit": ["0101"], "period": ["2021-01"], "x_done": [1]}),
         pd.DataFrame({"unit": [101], "period": ["2021-01"], "x_done": [1]})]), E,
     r"chunk 1: column 'unit' was read as numbers; keys are text"),
    ("report of several roots", lambda: report.narrative(frame_panel(["a", "b"], ["", ""]).at("2021-01"), "en"), E,
     r"the panel has 2 root units \('a', 'b'\); name the unit to report"),
    ("founding rows repeated in NFD", lambda: attain.Panel.from_frame(nfd_repeat(), fiscal_year_start=10),
     attain.DuplicateKeyError, r"row 4 and row 90 both hold unit 'Chi cục THADS huyện Mỏ Cày Nam' at period 2020-10"),
    ("template path as a name", lambda: report.narrative(snap(), "en", "../../etc/passwd"), E,
     r"template '../../etc/passwd' is not a template name"),
]


@pytest.mark.parametrize("name, call, error, message", SAFE, ids=[c[0] for c in SAFE])
def test_bad_input_round_two(name, call, error, message):
    with pytest.raises(error, match=message) as info:
        call()
    assert isinstance(info.value, (ValueError, TypeError, OverflowError))
    assert isinstance(info.value, attain.AttainError)


def test_zero_eligible_claims_nothing():
    panel = attain.Panel.from_columns({"unit": ["a"], "period": ["2021-01"], "count_done": [0], "count_eligible": [0]},
                                      targets={"count": 0.8})
    for lang, words in (("en", "count: nothing eligible, so no ratio"), ("vi", "không có số phải thi hành")):
        text = report.narrative(panel.at("2021-01"), lang, "generic")
        assert words in text and "NaN" not in text and "meeting" not in text and "đã đạt" not in text


def test_shrinking_eligible_is_not_called_reachable():
    # Eligible falls by 100 a month, nothing is done: the unit stays 50 points short.
    months = [f"2020-{m:02d}" for m in range(1, 7)]
    eligible = [1000 - 100 * i for i in range(6)]
    done = [250] * 6
    panel = attain.Panel.from_columns({"unit": ["a"] * 6, "period": months, "count_done": done,
                                       "count_eligible": eligible}, targets={"count": 1.0})
    s = panel.at("2020-06").unit("a", "count")
    assert s.pace.per_month_projected == s.pace.per_month > 0  # no "growing eligible" pace of 0
    p = attain.project_year_end(done, eligible, months, target=1.0)
    assert not p.reachable
    text = report.narrative(panel.at("2020-06"), "en", "generic")
    assert "that pace is enough" not in text and "growing" not in text


def cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "attain", *args], capture_output=True, text=True, **kw)


def test_csv_line_numbers_after_blank_lines_and_multiline_cells(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text('period,unit,count_done,count_eligible\n\n2021-01,"a\nb",1,2\n\n\n2021-01,c,x,2\n', encoding="utf-8")
    r = cli("summary", str(path))
    assert r.returncode == 2 and re.search(r"line 7, column 'count_done': 'x' is not a whole number", r.stderr), r.stderr
    path.write_text("period,unit,count_done,count_eligible\n\n2021-01,a,3,2\n", encoding="utf-8")
    r = cli("summary", str(path))
    assert r.returncode == 2 and "line 3: count done = 3 is greater than count eligible = 2" in r.stderr, r.stderr


def test_huge_cell_is_an_error_not_a_traceback(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("period,unit,count_done,count_eligible\n2021-01," + "u" * 200_000 + ",1,2\n", encoding="utf-8")
    r = cli("summary", str(path))
    assert r.returncode == 2 and "Traceback" not in r.stderr and "line 2: field larger than field limit" in r.stderr


def test_ordinary_extra_columns_are_a_note_not_a_typo():
    columns = panel_columns(region_code=["x"] * 6, count_note=["n"] * 6)
    with pytest.warns(UserWarning, match=r"columns not used: 'region_code', 'count_note'"):
        attain.Panel.from_columns(columns)
    mapped = {"unit": ["a"], "period": ["2021-01"], "cases_done": [1], "cases_total": [2], "count_dne": [0]}
    with pytest.warns(UserWarning, match=r"columns not used: 'count_dne'"):  # the mapping names the columns
        attain.Panel.from_columns(mapped, measures={"count": {"done": "cases_done", "eligible": "cases_total"}})


def test_unused_columns_are_noted(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("period,unit,note,count_done,count_eligible\n2021-01,a,hello,1,2\n", encoding="utf-8")
    r = cli("summary", str(path))
    assert r.returncode == 0 and "note: columns not used: 'note'" in r.stderr


def test_several_roots_need_unit(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("period,unit,count_done,count_eligible\n2021-01,a,1,2\n2021-01,b,1,2\n", encoding="utf-8")
    r = cli("report", str(path), "--lang", "en")
    assert r.returncode == 2 and "the data has 2 root units ('a', 'b'); choose the unit to report with --unit" in r.stderr
    assert cli("report", str(path), "--lang", "en", "--unit", "b").stdout.startswith("As of January 2021, month 1")
    summary = cli("summary", str(path)).stdout
    assert "\na\n" in summary and "\nb\n" in summary  # the summary reports every root


def test_injections_are_neutralised(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text('period,unit,parent,count_done,count_eligible\n2021-01,=HYPERLINK("x"),,1,2\n'
                    "2021-01,<script>alert(1)</script>,=HYPERLINK(\"x\"),1,2\n", encoding="utf-8")
    unit = '=HYPERLINK("x")'
    csv_out = cli("report", str(path), "--format", "csv", "--unit", unit).stdout
    assert "'=HYPERLINK" in csv_out and "\n=HYPERLINK" not in csv_out and ",=HYPERLINK" not in csv_out
    raw = cli("report", str(path), "--format", "csv", "--unit", unit, "--no-formula-guard").stdout
    assert '\n"=HYPERLINK(""x"")"' in raw
    md = cli("report", str(path), "--format", "md", "--unit", unit, "--lang", "en").stdout
    assert "<script>" not in md and "&lt;script&gt;" in md
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:secret\n", encoding="utf-8")
    for option in ("--template", "--template-file"):
        r = cli("report", str(path), "--unit", unit, option, str(secret))
        assert r.returncode == 2 and "secret" not in r.stderr.replace(str(secret), "") and "secret" not in r.stdout


def test_mathtext_unit_names_render(tmp_path):
    pytest.importorskip("matplotlib")
    from attain.report import charts

    panel = frame_panel(["$x", "a $y^{$", "b$"], ["", "$x", "$x"])
    ax = charts.plot_attainment(panel.at("2021-01"), "count")
    ax.figure.savefig(tmp_path / "c.png")  # drawing parses the text: it raised on "$y^{$"


def test_output_is_utf8_on_a_non_utf8_locale(tmp_path):
    import os

    env = {**os.environ, "PYTHONIOENCODING": "cp1258", "PYTHONUTF8": "0"}
    out = tmp_path / "out.txt"
    with open(out, "wb") as f:
        r = subprocess.run([sys.executable, "-m", "attain", "demo"], stdout=f, stderr=subprocess.PIPE, env=env)
    assert r.returncode == 0, r.stderr
    assert "Tính đến 30/6/2021" in out.read_bytes().decode("utf-8")
