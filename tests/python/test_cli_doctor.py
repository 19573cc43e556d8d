"""attain --version, attain doctor, and no traceback for a CLI user."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

import attain
from attain import _doctor, cli

ROOT = Path(__file__).resolve().parents[2]
# The subprocesses import the attain this test imports (a checkout or an installed copy).
PACKAGE_PARENT = str(Path(attain.__file__).resolve().parents[1])


def run(*argv):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([PACKAGE_PARENT, os.environ.get("PYTHONPATH", "")]))
    env.pop("ATTAIN_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "attain", *argv], capture_output=True, text=True, env=env, timeout=120)


def test_version_is_the_package_version():
    done = run("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"attain {attain.__version__}"
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        return
    with open(ROOT / "pyproject.toml", "rb") as f:
        assert tomllib.load(f)["project"]["version"] == attain.__version__


def test_doctor_lists_every_optional_feature_and_how_to_install_it(capsys):
    assert cli.main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"attain {attain.__version__} (Python ")
    assert "compiled module: " in out and "numpy: " in out and "tqdm: " in out
    for name in ("plots", "docx", "xlsx", "parquet", "dask", "spark"):
        assert f"\n  {name} " in out
    # Each line of a feature says ok or MISSING, and what is missing comes with its pip command.
    for feature in _doctor.FEATURES:
        line = next(line for line in out.splitlines() if line.startswith(f"  {feature.name} "))
        assert (" ok " in line) != (" MISSING " in line)


def test_doctor_names_what_is_missing(capsys, monkeypatch):
    real = _doctor._version
    monkeypatch.setattr(_doctor, "_version", lambda module, dist: None if module in ("matplotlib", "docx") else real(module, dist))
    monkeypatch.setattr(_doctor.shutil, "which", lambda program: None)
    text, missing = _doctor.report()
    assert "missing: matplotlib; install with: pip install 'attain[plot]'" in text
    assert "missing: python-docx; install with: pip install 'attain[docx]'" in text
    assert "missing: the program 'java' (a Java runtime" in text
    plots = next(line for line in text.splitlines() if line.startswith("  plots "))
    assert "MISSING" in plots
    assert missing >= 3  # plots, docx, spark (no java)


def test_doctor_finds_what_is_installed(monkeypatch):
    monkeypatch.setattr(_doctor, "_version", lambda module, dist: "9.9")
    monkeypatch.setattr(_doctor.shutil, "which", lambda program: "/usr/bin/" + program)
    text, missing = _doctor.report()
    assert missing == 0 and "MISSING" not in text and "installed: matplotlib 9.9" in text


def test_a_user_error_is_one_line_without_a_traceback(tmp_path):
    (tmp_path / "empty.csv").write_text("")
    for argv in (
        ["rollup", str(tmp_path / "empty.csv")],
        ["summary", str(tmp_path / "empty.csv"), "--cases"],
        ["summary", str(tmp_path / "nowhere.csv")],
        ["rollup", str(tmp_path / "nowhere.csv")],
        ["summary", str(tmp_path / "nowhere.csv"), "--cases"],
        ["summary", str(ROOT / "examples/data/ben-tre-2021-cases.csv"), "--cases", "--scheme", "no-such-scheme"],
        ["summary", str(ROOT / "examples/data/ben-tre-2021-cases.csv"), "--cases", "--periods", "2021-06"],
        ["rollup", str(ROOT / "examples/data/ben-tre-2021.csv"), "--values", "nope"],
        ["rollup", str(ROOT / "examples/data/ben-tre-2021.csv"), "--chunksize", "0"],
    ):
        done = run(*argv)
        assert done.returncode == 2, (argv, done.stderr)
        assert "Traceback" not in done.stderr
        assert done.stderr.startswith(f"attain {argv[0]}: error: ") and done.stderr.count("\n") == 1, done.stderr


def test_an_unexpected_error_is_one_line_too(capsys, monkeypatch):
    def broken(args):
        raise RuntimeError("boom")

    help, add, _ = cli.COMMANDS["doctor"]
    monkeypatch.setitem(cli.COMMANDS, "doctor", (help, add, broken))
    assert cli.main(["doctor"]) == 1
    err = capsys.readouterr().err
    assert err == "attain doctor: internal error: RuntimeError: boom (please report it; ATTAIN_DEBUG=1 shows the traceback)\n"
    monkeypatch.setenv("ATTAIN_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli.main(["doctor"])


def test_an_interrupt_is_one_line(capsys, monkeypatch):
    def interrupted(args):
        raise KeyboardInterrupt

    help, add, _ = cli.COMMANDS["doctor"]
    monkeypatch.setitem(cli.COMMANDS, "doctor", (help, add, interrupted))
    assert cli.main(["doctor"]) == 130
    assert capsys.readouterr().err == "attain doctor: interrupted\n"


def test_rollup_writes_the_exact_sums(tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "unit,period,count_done,count_eligible\nA,2021-01,1,2\nB,2021-01,0,1\nA,2021-01,2,2\nA,2021-02,9223372036854775806,9223372036854775807\n"
    )
    out = tmp_path / "sums.csv"
    assert cli.main(["rollup", str(rows), "-o", str(out), "--chunksize", "2"]) == 0
    assert out.read_text().splitlines() == [
        "unit,period,count_done,count_eligible,rows",
        "A,2021-01,3,4,2",
        "A,2021-02,9223372036854775806,9223372036854775807,1",
        "B,2021-01,0,1,1",
    ]


def test_summary_of_case_records_is_the_founding_summary(capsys):
    """--cases tallies the bundled case records into the founding report's figures."""
    argv = [
        "summary", str(attain.example_data_path("ben-tre-2021-cases.csv")), "--cases", "--scheme", "thads",
        "--fiscal-year-start", "10", "--root", "Cục THADS tỉnh Bến Tre", "--as-of", "2021-06",
        "--target", "count=0.815", "--target", "amount=40.1%",
    ]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    ratio = next(line for line in out.splitlines() if line.startswith("ratio "))
    assert ratio.split() == ["ratio", "62.97%", "40.01%"]
    assert "count: 0/9 met the target; 9/9 short by 16 to 26 points" in out
    assert "amount: 3/9 met the target; 6/9 short by 3 to 9 points" in out


def test_summary_without_targets_says_so_rather_than_none_met(tmp_path, capsys):
    """Units with no target neither met nor missed one: the children line says there is none."""
    path = tmp_path / "notarget.csv"
    lines = ["unit,parent,period,cases_done,cases_eligible", "Region,,2024-01,0,0", "A,Region,2024-01,3,5", "B,Region,2024-01,2,5"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cli.main(["summary", str(path)]) == 0
    out = capsys.readouterr().out
    assert "cases: no target for any of the 2 units" in out and "met the target" not in out
    assert cli.main(["summary", str(path), "--target", "cases=0.5"]) == 0
    assert "cases: 1/2 met the target" in capsys.readouterr().out  # 3/5 and 2/5 against 50 %: one met
