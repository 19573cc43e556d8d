"""The Python examples run, mypy accepts them against the shipped stubs, and attain works without pandas."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_quickstart_runs():
    r = subprocess.run([sys.executable, str(ROOT / "examples/python/quickstart.py")], capture_output=True, text=True, check=True)
    assert "62.97% done, 18.53 points short, 2229 more cases needed" in r.stdout
    assert "0/9 branches met the target; short by 16 to 26 points" in r.stdout


def test_mypy_accepts_typed_usage():
    pytest.importorskip("mypy")
    r = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(ROOT / "examples/python/quickstart.py")],
        capture_output=True, text=True, cwd=ROOT / "examples",
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_core_works_without_pandas():
    code = """
import sys
sys.modules["pandas"] = None  # makes `import pandas` fail
import attain
print(attain.completion_ratio([1], [4])[0])
snap = attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10).at("2021-06")
print(snap.unit("Cục THADS tỉnh Bến Tre", "count").done)
try:
    snap.to_frame()
except attain.MissingDependencyError as e:
    print("missing:", e)
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.splitlines() == ["0.25", "7575", "missing: Snapshot.to_frame needs pandas; install it with: pip install 'attain[pandas]'"]


def test_core_stubs_cover_the_compiled_module():
    """Every function and class of attain._core has a stub in _core.pyi, and every stub exists."""
    import attain
    from attain import _core

    stub = (Path(attain.__file__).parent / "_core.pyi").read_text(encoding="utf-8")
    stubbed = set(re.findall(r"^(?:def|class) (\w+)", stub, flags=re.M))
    compiled = {n for n in dir(_core) if not n.startswith("_") and callable(getattr(_core, n))}
    exceptions = {n for n in compiled if isinstance(getattr(_core, n), type) and issubclass(getattr(_core, n), Exception)}
    assert compiled - exceptions - stubbed == set()
    assert stubbed - compiled == set()
