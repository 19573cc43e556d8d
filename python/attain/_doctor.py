"""``attain doctor``: what is installed, and what is missing for each optional feature.

Presence is checked with :func:`importlib.util.find_spec` (nothing is imported, so the check is
fast and cannot fail on a broken optional package); versions come from the installed
distributions' metadata.
"""

from __future__ import annotations

import importlib.util
import platform
import shutil
import sys
from dataclasses import dataclass
from importlib import metadata

__all__ = ["FEATURES", "Feature", "report"]


@dataclass(frozen=True)
class Feature:
    name: str
    what: str
    #: (import name, distribution name) of each Python package it needs.
    modules: tuple[tuple[str, str], ...]
    extra: str
    #: Programs it needs on the PATH, with how to get them.
    programs: tuple[tuple[str, str], ...] = ()


FEATURES: tuple[Feature, ...] = (
    Feature("plots", "charts in the HTML report, report.charts", (("matplotlib", "matplotlib"),), "plot"),
    Feature("docx", "Word documents", (("docx", "python-docx"),), "docx"),
    Feature("xlsx", "Excel workbooks", (("openpyxl", "openpyxl"), ("pandas", "pandas")), "xlsx"),
    Feature("parquet", "Parquet files", (("pyarrow", "pyarrow"), ("pandas", "pandas")), "parquet"),
    Feature("dataframes", "DataFrames: Snapshot.to_frame, case records from CSV", (("pandas", "pandas"),), "pandas"),
    Feature("dask", "roll-ups on Dask (attain.dask)", (("dask", "dask"), ("distributed", "distributed"), ("pandas", "pandas")), "dask"),
    Feature(
        "spark",
        "roll-ups on Spark (attain.spark)",
        (("pyspark", "pyspark"), ("pandas", "pandas"), ("pyarrow", "pyarrow")),
        "spark",
        (("java", "a Java runtime, e.g. apt-get install default-jre-headless"),),
    ),
)


def _version(module: str, distribution: str) -> str | None:
    """The installed version, or None when the module cannot be found."""
    try:
        if importlib.util.find_spec(module) is None:
            return None
    except (ImportError, ValueError):
        return None
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "installed"


def report() -> tuple[str, int]:
    """The doctor's text and the number of optional features that are missing something."""
    from . import __version__, _core

    lines = [
        f"attain {__version__} (Python {platform.python_version()}, {sys.executable})",
        f"  compiled module: {_core.__file__}",
    ]
    for module, distribution in (("numpy", "numpy"), ("tqdm", "tqdm")):
        lines.append(f"  {distribution}: {_version(module, distribution) or 'MISSING (a required dependency)'}")
    lines += ["", "Optional features:"]
    missing_features = 0
    width = max(len(f.name) for f in FEATURES)
    for feature in FEATURES:
        have: list[str] = []
        lack: list[str] = []
        for module, distribution in feature.modules:
            version = _version(module, distribution)
            (have if version else lack).append(f"{distribution} {version}" if version else distribution)
        lacking_programs = [(p, how) for p, how in feature.programs if shutil.which(p) is None]
        ok = not lack and not lacking_programs
        missing_features += not ok
        status = "ok     " if ok else "MISSING"
        lines.append(f"  {feature.name:<{width}}  {status}  {feature.what}")
        if have:
            lines.append(f"  {'':<{width}}           installed: {', '.join(have)}")
        if lack:
            lines.append(f"  {'':<{width}}           missing: {', '.join(lack)}; install with: pip install 'attain[{feature.extra}]'")
        for program, how in lacking_programs:
            lines.append(f"  {'':<{width}}           missing: the program '{program}' ({how})")
    lines += [
        "",
        "From a source checkout, install an extra with pip install '.[EXTRA]' (e.g. '.[plot]'); "
        "bash scripts/setup.sh installs the main job's (plot, report).",
    ]
    return "\n".join(lines), missing_features
