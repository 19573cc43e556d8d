"""The catalogue of bad inputs: every public entry point refuses bad data with a specific,
tested message (a ValueError / TypeError / OverflowError subclass), never a crash or a
plausible-looking number. One line adds a case: (id, callable, expected class, message regex)."""

import re
import subprocess
import sys

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
