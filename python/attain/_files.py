"""Data files -> columns: CSV (comma, semicolon or tab), Excel ``.xlsx`` and Parquet, chosen by
the file's extension. CSV needs nothing but Python; ``.xlsx`` needs pandas and openpyxl
(``pip install 'attain[xlsx]'``), Parquet pandas and pyarrow (``pip install 'attain[parquet]'``).
"""

from __future__ import annotations

import math
import os
from typing import Any

from .errors import InvalidInputError, MissingDependencyError

#: Extension -> the file format read.
FORMATS = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv",
    ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".parquet": "parquet", ".pq": "parquet",
}  # fmt: skip


def file_format(path: str | os.PathLike[str]) -> str:
    """``"csv"``, ``"xlsx"`` or ``"parquet"`` from the extension; other extensions are read as CSV,
    except the old binary ``.xls``, which is an error."""
    ext = os.path.splitext(os.fspath(path))[1].lower()
    if ext == ".xls":
        raise InvalidInputError(f"{os.fspath(path)}: the old Excel format .xls is not read; save the sheet as .xlsx or CSV")
    return FORMATS.get(ext, "csv")


def _need(module: str, extra: str, what: str) -> Any:
    try:
        return __import__(module)
    except ImportError:
        raise MissingDependencyError(f"reading {what} needs {module}: pip install 'attain[{extra}]'") from None


def read_xlsx(path: str | os.PathLike[str], sheet: str | int | None = None) -> dict[str, list[Any]]:
    """The first sheet (or ``sheet``, a name or 0-based index) of an ``.xlsx`` workbook, its first
    row the header, as column name -> list of cells. Measure cells come out as text (whole floats
    as integers: Excel stores every number as a float), so that the CSV rules read them."""
    _need("openpyxl", "xlsx", ".xlsx files")
    pd = _need("pandas", "xlsx", ".xlsx files")
    name = os.fspath(path)
    if not os.path.exists(name):
        raise InvalidInputError(f"{name}: no such file")
    try:
        frame = pd.read_excel(name, sheet_name=0 if sheet is None else sheet, engine="openpyxl")
    except (ValueError, KeyError, OSError) as exc:
        raise InvalidInputError(f"{name}: {str(exc).strip() or type(exc).__name__}") from None
    except Exception as exc:  # openpyxl's own errors for a file that is not a workbook
        raise InvalidInputError(f"{name} is not an .xlsx workbook ({type(exc).__name__}: {exc})") from None
    frame = frame.dropna(how="all")
    columns: dict[str, list[Any]] = {}
    for c in frame.columns:
        if not isinstance(c, str) or c.startswith("Unnamed: "):
            if frame[c].isna().all():
                continue  # an empty column Excel kept
            raise InvalidInputError(f"{name}: a column has no name in the header row ({c!r})")
        columns[c.strip()] = frame[c].tolist()
    return columns


def cell_text(value: Any) -> str:
    """An Excel cell as the text a CSV file would hold: blank for empty, ``16623`` for 16623.0."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return str(int(value))
    return str(value)


def read_parquet(path: str | os.PathLike[str]) -> Any:
    """A Parquet file as a pandas DataFrame."""
    _need("pyarrow", "parquet", "Parquet files")
    pd = _need("pandas", "parquet", "Parquet files")
    name = os.fspath(path)
    if not os.path.exists(name):
        raise InvalidInputError(f"{name}: no such file")
    try:
        return pd.read_parquet(name, engine="pyarrow")
    except Exception as exc:  # pyarrow's ArrowInvalid for a file that is not Parquet
        raise InvalidInputError(f"{name} is not a Parquet file ({type(exc).__name__}: {exc})") from None
