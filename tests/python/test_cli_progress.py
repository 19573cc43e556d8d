"""Progress on long work: the CLI shows a bar on a terminal (driven here under a pseudo-terminal
with the pty module) and nothing when stdout is a pipe or with --quiet; the library functions
take progress=True/False or a callback progress(done, total)."""

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import numpy as np
import pytest

import attain
from attain import _progress

pd = pytest.importorskip("pandas")

ROOT = Path(__file__).resolve().parents[2]
# The subprocesses import the attain this test imports (a checkout or an installed copy).
PACKAGE_PARENT = str(Path(attain.__file__).resolve().parents[1])
CASES = ["--cases", "--scheme", "thads", "--fiscal-year-start", "10"]
BAR = b"%|"  # tqdm's bar: "reading rows.csv:  40%|####      | ..."


def need(module):
    try:
        return pytest.importorskip(module)
    except pytest.skip.Exception:
        if os.environ.get("CI"):
            pytest.fail(f"{module} is required in CI (scripts/setup.sh --test installs the extras)")
        raise


def attain_cli(argv, stdout="pty", cwd=None):
    """Runs ``python -m attain ARGV`` with stderr (and stdout unless stdout="pipe") on a
    pseudo-terminal of 100 columns; returns (status, what the terminal got, what the pipe got)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([PACKAGE_PARENT, os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.Popen(
        [sys.executable, "-m", "attain", *argv],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE if stdout == "pipe" else slave,
        stderr=slave,
        cwd=cwd,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    terminal = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        terminal.append(data)
    piped = proc.stdout.read() if stdout == "pipe" else b""
    proc.wait(timeout=300)
    os.close(master)
    return proc.returncode, b"".join(terminal), piped


@pytest.fixture(scope="module")
def rows_csv(tmp_path_factory):
    """Row-level records: 60,000 officer-months of 40 units over 12 months."""
    rng = np.random.default_rng(7)
    n = 60_000
    eligible = rng.integers(0, 50, n)
    frame = pd.DataFrame({
        "unit": [f"unit {k}" for k in rng.integers(0, 40, n)],
        "period": [f"2021-{m:02d}" for m in rng.integers(1, 13, n)],
        "count_eligible": eligible,
        "count_done": (eligible * rng.random(n)).astype(np.int64),
    })
    path = tmp_path_factory.mktemp("rows") / "rows.csv"
    frame.to_csv(path, index=False)
    return path, frame


def expected_sums(frame):
    """The reference: pandas' own group sums."""
    g = frame.groupby(["unit", "period"])
    out = g[["count_done", "count_eligible"]].sum()
    out["rows"] = g.size()
    return out.sort_index()


def read_sums(text):
    from io import StringIO

    got = pd.read_csv(StringIO(text), dtype={"unit": str, "period": str})
    return got.set_index(["unit", "period"])[["count_done", "count_eligible", "rows"]].sort_index()


# --- the CLI on a terminal, and not -------------------------------------------------------


def test_summary_shows_the_bytes_read_on_a_terminal():
    status, terminal, _ = attain_cli(["summary", str(ROOT / "examples/data/ben-tre-2021.csv"), "--fiscal-year-start", "10"])
    assert status == 0, terminal
    assert b"reading ben-tre-2021.csv:" in terminal and BAR in terminal and b"B/s" in terminal
    assert b"attain summary as of 2021-06" in terminal


def test_case_records_show_reading_and_the_tally_steps():
    status, terminal, _ = attain_cli(["summary", str(ROOT / "examples/data/ben-tre-2021-cases.csv"), *CASES])
    assert status == 0, terminal
    assert b"reading ben-tre-2021-cases.csv:" in terminal
    assert b"17,892 case records:" in terminal and b"step" in terminal


def test_rollup_by_chunks_shows_the_bytes_read_and_sums_exactly(rows_csv):
    path, frame = rows_csv
    status, terminal, _ = attain_cli(["rollup", str(path), "--chunksize", "5000"])
    assert status == 0, terminal
    assert b"reading rows.csv:" in terminal and BAR in terminal
    text = terminal.decode().replace("\r\n", "\n")
    table = text[text.index("unit,period,") :]
    pd.testing.assert_frame_equal(read_sums(table), expected_sums(frame), check_dtype=False)


def test_the_cli_reads_by_chunks_and_reports_the_bytes(rows_csv):
    from attain import cli

    path, frame = rows_csv
    rec = Recorder()
    rows = sum(len(chunk) for chunk, _ in cli._csv_chunks(str(path), rec, 5000))
    size = path.stat().st_size
    assert rows == len(frame) and len(rec.calls) == 12
    assert [total for _, total in rec.calls] == [size] * 12
    done = [d for d, _ in rec.calls]
    assert done == sorted(done) and done[-1] == size


def test_no_progress_when_stdout_is_a_pipe(rows_csv):
    path, frame = rows_csv
    status, terminal, piped = attain_cli(["rollup", str(path), "--chunksize", "5000"], stdout="pipe")
    assert status == 0, terminal
    assert terminal == b""  # stderr is still a terminal, but stdout is not: nothing extra
    pd.testing.assert_frame_equal(read_sums(piped.decode()), expected_sums(frame), check_dtype=False)
    status, terminal, piped = attain_cli(["summary", str(ROOT / "examples/data/ben-tre-2021-cases.csv"), *CASES], stdout="pipe")
    assert status == 0 and terminal == b"" and piped.startswith(b"attain summary as of")


@pytest.mark.parametrize("argv", [["-q", "demo"], ["demo", "--quiet"]])
def test_quiet_shows_no_progress_on_a_terminal(argv):
    status, terminal, _ = attain_cli(argv)
    assert status == 0, terminal
    assert BAR not in terminal and b"reading" not in terminal
    assert b"attain summary as of 2021-06" in terminal


def test_demo_shows_progress_on_a_terminal():
    status, terminal, _ = attain_cli(["demo"])
    assert status == 0 and BAR in terminal


def test_rollup_on_dask_shows_the_partitions(rows_csv):
    need("dask.dataframe")
    path, frame = rows_csv
    status, terminal, _ = attain_cli(["rollup", str(path), "--engine", "dask", "--blocksize", "200KB"])
    assert status == 0, terminal
    assert b"dask roll-up:" in terminal and b"partitions" in terminal
    text = terminal.decode().replace("\r\n", "\n")
    pd.testing.assert_frame_equal(read_sums(text[text.index("unit,period,") :]), expected_sums(frame), check_dtype=False)


def test_cli_errors_stop_the_bar_cleanly(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("unit,period,count_done,count_eligible\n" + "A,2021-01,1,2\n" * 3_000 + "A,2021-01,1,x\n")
    status, terminal, _ = attain_cli(["rollup", str(bad), "--chunksize", "1000"])
    assert status == 2
    assert b"reading bad.csv:" in terminal and b"Traceback" not in terminal
    # The bar is cleared (a carriage return, blanks, a carriage return), then one line of error
    # naming the lines of the file.
    assert terminal.endswith(b"\r\n") and terminal.count(b"\n") == 1
    bar, error = terminal[:-2].rsplit(b"\r", 1)
    assert bar.endswith(b" " * 50)
    assert error.decode().startswith("attain rollup: error: count_eligible[0] = 'x' is a str")
    assert error.decode().endswith(f"(in the chunk of lines 3002 to 3002 of {bad})")


# --- the library: progress=False by default, True for a bar, or a callback ----------------


class Recorder:
    def __init__(self):
        self.calls = []

    def __call__(self, done, total):
        self.calls.append((done, total))


def test_library_calls_are_silent_by_default(capfd):
    attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10)
    cases = pd.read_csv(attain.example_data_path("ben-tre-2021-cases.csv"))
    attain.from_cases(cases, scheme="thads", fiscal_year_start=10)
    attain.rollup_chunks([cases.assign(period="2021-01", n=1)], values=["n"])
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_progress_true_draws_a_bar_on_stderr(capfd):
    attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10, progress=True)
    out, err = capfd.readouterr()
    assert out == "" and "reading ben-tre-2021.csv" in err and "%|" in err


def test_from_csv_reports_bytes(tmp_path):
    # A file long enough for the reader to report along the way (every 16384 lines).
    path = tmp_path / "long.csv"
    lines = ["unit,period,count_done,count_eligible"] + [f"u{i % 500},2021-{1 + i // 500:02d},1,2" for i in range(6000)]
    path.write_text("\n".join(lines * 1) + "\n")
    rec = Recorder()
    attain.Panel.from_csv(path, parent=None, progress=rec)
    size = path.stat().st_size
    assert rec.calls[-1] == (size, size)
    assert all(total == size for _, total in rec.calls)


def test_from_cases_reports_its_steps():
    cases = pd.read_csv(attain.example_data_path("ben-tre-2021-cases.csv"))
    rec = Recorder()
    attain.from_cases(cases, scheme="thads", fiscal_year_start=10, progress=rec)
    assert rec.calls == [(k, 5) for k in range(1, 6)]


def test_rollup_chunks_reports_rows(rows_csv):
    path, frame = rows_csv
    rec = Recorder()
    chunks = pd.read_csv(path, chunksize=7000, dtype={"unit": str, "period": str})
    tallies = attain.rollup_chunks(chunks, progress=rec)
    assert [done for done, _ in rec.calls] == [min(7000 * k, len(frame)) for k in range(1, 10)]
    assert int(tallies.rows.sum()) == len(frame)


def test_a_bad_progress_option_is_refused():
    with pytest.raises(attain.InputTypeError, match="progress must be True, False or a callable"):
        attain.Panel.from_csv(attain.example_data_path(), progress="yes")


def test_close_all_closes_open_bars():
    rec = Recorder()
    bar = _progress.Progress(rec, total=3)
    bar.update()
    _progress.close_all()
    bar.update()  # closed: no more calls
    assert rec.calls == [(1, 3)] and not bar.active


def test_dask_reports_partitions_on_the_local_and_distributed_schedulers(rows_csv):
    need("dask.dataframe")
    distributed = need("distributed")
    import dask.dataframe as dd

    import attain.dask

    path, frame = rows_csv
    ddf = dd.from_pandas(frame, npartitions=6)
    expected = attain.rollup(frame)
    rec = Recorder()
    got = attain.dask.rollup(ddf, progress=rec, split_every=4)
    assert rec.calls[-1] == (6, 6) and len(rec.calls) == 6
    np.testing.assert_array_equal(got.sums, expected.sums)
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster, distributed.Client(cluster):
        rec = Recorder()
        got = attain.dask.rollup(ddf, progress=rec, split_every=4)
    assert rec.calls[-1] == (6, 6) and len(rec.calls) == 6
    np.testing.assert_array_equal(got.sums, expected.sums)


def test_spark_reports_partitions(rows_csv):
    need("pyspark")
    from pyspark.sql import SparkSession

    import attain.spark

    path, frame = rows_csv
    spark = (
        SparkSession.builder.master("local[2]").appName("attain-progress-test")
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate()
    )
    try:
        sdf = spark.createDataFrame(frame).repartition(5)
        rec = Recorder()
        got = attain.spark.rollup(sdf, progress=rec)
        assert spark.sparkContext.getLocalProperty("spark.jobGroup.id") is None  # the caller's group is restored
    finally:
        spark.stop()
    done, total = rec.calls[-1]
    assert done == total and total >= 5
    expected = attain.rollup(frame)
    assert int(got.rows.sum()) == len(frame) and int(got.sums.sum()) == int(expected.sums.sum())
