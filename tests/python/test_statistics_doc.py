"""The Python block of docs/statistics.md runs and prints what its comments say."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_statistics_doc_example_runs():
    text = (ROOT / "docs" / "statistics.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for block in blocks:
            exec(compile(block, "docs/statistics.md", "exec"), {})
    lines = out.getvalue().splitlines()
    assert lines[0] == "['anhoej_crossings', 'outside_limits']"  # one phase: a shift
    assert lines[1] == "[0.508, 0.605] 0"  # rebased at the wave: no signal
    assert lines[2] == "6 True"  # Pettitt puts the change at the campaign start
    assert lines[3].endswith("True")  # the level change is significant
    assert lines[4] == "[0.78, 0.9, 0.51, 0.3]"
    assert lines[5] == "[0.04, 0.053, 0.053, 0.5]"
    # section 7, trends on messy monthly series (searched, not indexed: other blocks may print)
    assert "increasing 0.0056 1.0e-09" in lines  # Sen's slope per month with gaps, one-sided p
    assert "0.008 True" in lines  # the block bootstrap still finds the trend
