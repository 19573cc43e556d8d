"""The user guide's Python blocks run, in order, in one session, and print what the guide says;
the example notebook runs top to bottom."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FOUNDING = (ROOT / "tests" / "data" / "founding-paragraph.vi.txt").read_text(encoding="utf-8").strip()


def python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def test_guide_runs_and_prints_the_founding_figures():
    blocks = python_blocks(ROOT / "docs" / "guide.md")
    assert len(blocks) >= 10
    namespace: dict[str, object] = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for block in blocks:
            exec(compile(block, "docs/guide.md", "exec"), namespace)
    printed = out.getvalue().splitlines()
    assert "16623 12029 7575" in printed
    assert "130 190 220" in printed
    assert "linearisation 34.74% – 45.28% 12029" in printed  # the money interval from the cases
    assert "62.97% done, +5.17 points on May" in printed
    assert "18.53 points short: 2229 more cases, 743 a month" in printed
    assert "3/9 branches met the money target; short by 3 to 9 points" in printed
    assert "11.99" in printed
    assert "year end: 78.6% at the recent pace, 83.2% by the trend" in printed
    assert "needs 1117 a month, does 989: reachable at this pace: False" in printed
    assert FOUNDING in printed
    assert any(line.startswith("column 'status': scheme thads does not list 'da_xong' (row 1)") for line in printed)


def test_notebook_runs():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(ROOT / "examples" / "python" / "guide.ipynb", as_version=4)
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    text = "\n".join(
        output.get("text", "") for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", [])
    )
    assert FOUNDING in text
    # The chart shows inline: nothing forces a non-interactive backend in the kernel.
    for call in ("plot_attainment(june", "plot_spc(watch", "plot_funnel(binomial"):
        chart = next(cell for cell in notebook.cells if call in cell.source)
        assert any("image/png" in output.get("data", {}) for output in chart.outputs), (call, chart.outputs)
    # The monitoring and inference section walks the founding data through each statistic.
    for name in ("spc_chart", "pettitt", "snht", "segmented_regression", "beta_binomial_shrinkage", "benjamini_hochberg",
                 "funnel_limits", "ratio_of_sums_interval"):  # fmt: skip
        assert any(f"attain.{name}(" in cell.source for cell in notebook.cells if cell.cell_type == "code"), name


def test_readme_python_blocks_run():
    """Every Python block of the README runs, in order, in one session (the Dask and Spark
    examples start a local cluster and a local Spark session)."""
    blocks = python_blocks(ROOT / "README.md")
    assert len(blocks) >= 8
    namespace: dict[str, object] = {}
    with contextlib.redirect_stdout(io.StringIO()):
        for block in blocks:
            if ("import attain.dask" in block and not _has("dask.dataframe")) or ("attain.spark" in block and not _has("pyspark")):
                continue
            exec(compile(block, "README.md", "exec"), namespace)


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module.split(".")[0]) is not None
