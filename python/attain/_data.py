"""The bundled example data (the founding report's province, synthetic below province level)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

FOUNDING_EXAMPLE = "ben-tre-2021.csv"
#: The case records behind it (one row per case; see examples/data/README.md).
FOUNDING_CASES = "ben-tre-2021-cases.csv"
#: How the founding example is read: its fiscal (enforcement) year starts in October, its
#: ``amount`` measure is money (the other, ``count``, counts cases), and each unit's level
#: (``province``, ``district``) is declared in its ``level`` column.
FOUNDING_OPTIONS: dict[str, Any] = {"fiscal_year_start": 10, "money": ["amount"], "level": "level"}
FOUNDING_AS_OF = "2021-06"


def example_data_path(name: str = FOUNDING_EXAMPLE) -> Path:
    """Path of a bundled example CSV (installed with the package, or in a source checkout):
    ``"ben-tre-2021.csv"`` (monthly tallies, the default) or ``"ben-tre-2021-cases.csv"`` (the
    case records behind them); the synthetic examples of other shapes
    ``"chau-thanh-officers-2022.csv"``, ``"national-2023-h1.csv"`` and
    ``"example-co-sales-2025.csv"`` (see examples/data/README.md)."""
    installed = Path(__file__).with_name("data") / name
    if installed.exists():
        return installed
    checkout = Path(__file__).resolve().parents[2] / "examples" / "data" / name
    if checkout.exists():
        return checkout
    raise FileNotFoundError(f"bundled example data {name!r} not found (looked in {installed} and {checkout})")
