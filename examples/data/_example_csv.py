"""What the example-data generators share: the CSV text of the rows they make, as the shipped
files hold it (UTF-8, "\\n" line ends, the first row's keys as the header), and writing it beside
them. Run a generator from anywhere (``python3 examples/data/make_....py``): Python puts its
folder, and so this module, on the import path."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any


def csv_text(rows: Sequence[Mapping[str, Any]]) -> str:
    """``rows`` as CSV text, the columns those of the first row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_csv(rows: Sequence[Mapping[str, Any]], name: str) -> Path:
    """Writes ``rows`` (:func:`csv_text`) to the file ``name`` in this folder; its path."""
    path = Path(__file__).with_name(name)
    path.write_text(csv_text(rows), encoding="utf-8", newline="")
    return path
