"""The table input boundary: CSV cells, key columns and measure columns -> arrays for the core.

Everything here converts and checks what a caller passes (column names, key values, cell
text); the rules applied to the converted arrays live in the C++ core.
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from ._convert import parse_ratio
from ._progress import Progress, ProgressOption
from .errors import DuplicateKeyError, HierarchyError, InvalidInputError, UnknownKeyError

FIELDS = ("done", "eligible", "accepted", "target")
REQUIRED = ("done", "eligible")


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if type(value).__name__ == "NAType":
        return True
    return isinstance(value, str) and value.strip() == ""


def resolve_measures(columns: Sequence[str], measures: Any) -> dict[str, dict[str, str | None]]:
    """Measure name -> {field: column or None}."""
    present = set(columns)
    if measures is None:
        names = [c[: -len("_done")] for c in columns if c.endswith("_done") and f"{c[:-5]}_eligible" in present]
        if not names:
            raise UnknownKeyError(
                f"no measure found: expected columns '<measure>_done' and '<measure>_eligible' (columns: {list(columns)})"
            )
        measures = names
    if isinstance(measures, str):
        measures = [measures]
    resolved: dict[str, dict[str, str | None]] = {}
    if isinstance(measures, Mapping):
        for name, spec in measures.items():
            unknown = set(spec) - set(FIELDS)
            if unknown:
                raise InvalidInputError(f"measure '{name}': unknown fields {sorted(unknown)} (expected {list(FIELDS)})")
            resolved[name] = {f: spec.get(f) for f in FIELDS}
    else:
        for name in measures:
            resolved[name] = {f: f"{name}_{f}" if f in REQUIRED or f"{name}_{f}" in present else None for f in FIELDS}
    for name, spec in resolved.items():
        for field in FIELDS:
            column = spec[field]
            if column is None and field in REQUIRED:
                raise InvalidInputError(f"measure '{name}' needs a '{field}' column")
            if column is not None and column not in present:
                raise UnknownKeyError(f"column '{column}' (measure '{name}', {field}) is not in the data (columns: {list(columns)})")
    return resolved



def factorize(
    values: Any, column: str, row: Callable[[int], str], allow_blank: bool = False
) -> tuple[np.ndarray, list[str]]:
    """Keys -> int32 codes and the distinct keys as strings, in order of first appearance.

    pandas Categoricals use their codes directly (unused categories are dropped); other keys
    are factorised once (pandas.factorize when pandas is installed). Blank keys (empty, None,
    NaN, NA) are an error, or code -1 with ``allow_blank``.
    """
    values = getattr(values, "array", values)  # a pandas Series -> its array
    if type(values).__name__ == "Categorical":
        # Drop unused categories in O(n) (no sort): renumber the used ones densely.
        raw = np.asarray(values.codes)
        used = np.bincount(raw[raw >= 0] if raw.min(initial=0) < 0 else raw, minlength=len(values.categories)) > 0
        if used.all():
            codes = raw
        else:
            renumber = (np.cumsum(used) - 1).astype(raw.dtype)
            codes = np.where(raw >= 0, renumber[np.maximum(raw, 0)], -1)
        uniques = values.categories[used].tolist()
    else:
        try:
            import pandas as pd

            codes, found = pd.factorize(np.asarray(values, dtype=object))
            uniques = list(found)
        except ImportError:
            index: dict[Any, int] = {}
            codes = np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int64)
            uniques = list(index)
            blank_code = [k for k, u in enumerate(uniques) if is_blank(u)]
            codes = np.where(np.isin(codes, blank_code), -1, codes) if blank_code else codes
    blank = [k for k, u in enumerate(uniques) if u is None or is_blank(u)]
    if blank or (codes < 0).any():
        bad = (codes < 0) | np.isin(codes, blank)
        if not allow_blank:
            raise InvalidInputError(f"{row(int(np.argmax(bad)))}: column '{column}' is empty")
        codes = np.where(bad, -1, codes)
    return codes.astype(np.int32), [str(u) for u in uniques]


def parents_from_column(
    values: Any, column: str, unit_codes: np.ndarray, unit_names: list[str], row: Callable[[int], str]
) -> dict[str, str | None]:
    """Each unit's parent from a parent column; blank means a root; conflicting rows are an error."""
    codes, names = factorize(values, column, row, allow_blank=True)
    def name_of(code: int) -> str | None:
        return names[code] if code >= 0 else None

    _, first = np.unique(unit_codes, return_index=True)
    parent_of_unit = codes[first]
    conflict = codes != parent_of_unit[unit_codes]
    if conflict.any():
        i = int(np.argmax(conflict))
        u = int(unit_codes[i])
        raise HierarchyError(
            f"unit '{unit_names[u]}' has parent {name_of(parent_of_unit[u])!r} in {row(int(first[u]))} "
            f"but {name_of(codes[i])!r} in {row(i)}"
        )
    return {name: name_of(int(code)) for name, code in zip(unit_names, parent_of_unit)}


def hierarchy_of(
    unit_names: list[str], parent_of: dict[str, str | None] | None, hierarchy: Mapping[str, str | None] | None
) -> tuple[list[str], list[str | None]]:
    """All units (those with rows first, then parents without rows) and their parents."""
    if hierarchy is not None:
        parent_of = {str(u): (None if is_blank(p) else str(p)) for u, p in hierarchy.items()}
        # A parent must be a unit of the mapping or of the data: a typo must not create a root.
        known_units = set(parent_of) | set(unit_names)
        for child, p in parent_of.items():
            if p is not None and p not in known_units:
                raise HierarchyError(
                    f"unit '{child}' names parent '{p}', which is neither a unit of the data nor a key of "
                    f"the hierarchy (list roots as {{'{p}': None}})"
                )
    parent_of = parent_of or {}
    units = list(unit_names)
    known = set(units)
    for name in [*parent_of, *(p for p in parent_of.values() if p is not None)]:
        if name not in known:
            units.append(name)
            known.add(name)
    return units, [parent_of.get(u) for u in units]


def read_csv_columns(path: str | os.PathLike[str], progress: ProgressOption = False) -> dict[str, list[str]]:
    """Reads a CSV file with a header into column name -> list of cell strings (``progress``:
    see :mod:`attain._progress`, in bytes)."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f, Progress(
            progress, total=os.fstat(f.fileno()).st_size, desc=f"reading {os.path.basename(path)}", unit="B", unit_scale=True
        ) as bar:
            reader = csv.reader(f)
            try:
                header = next(reader)
            except StopIteration:
                raise InvalidInputError(f"{os.fspath(path)} is empty (no header row)") from None
            header = [h.strip() for h in header]
            duplicates = {h for h in header if header.count(h) > 1}
            if duplicates:
                raise DuplicateKeyError(f"{os.fspath(path)}: columns {sorted(duplicates)} appear twice in the header")
            columns: dict[str, list[str]] = {h: [] for h in header}
            for line, record in enumerate(reader, start=2):
                if bar.active and not line & 0x3FFF:  # every 16384 lines
                    bar.advance_to(f.buffer.tell())
                if not record or all(not c.strip() for c in record):
                    continue
                if len(record) != len(header):
                    raise InvalidInputError(
                        f"{os.fspath(path)} line {line}: {len(record)} fields, but the header has {len(header)}"
                    )
                for h, cell in zip(header, record):
                    columns[h].append(cell)
            bar.advance_to(bar.total or 0)
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"{os.fspath(path)} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except FileNotFoundError:
        raise InvalidInputError(f"{os.fspath(path)}: no such file") from None
    return columns


def parse_csv_numbers(columns: dict[str, list[str]], options: dict[str, Any]) -> dict[str, Any]:
    """Counts -> int64 arrays and targets -> floats, with errors naming line and column."""
    specs = resolve_measures(list(columns), options.get("measures"))
    label, first = options["_row_label"], options["_first_row"]
    out: dict[str, Any] = dict(columns)
    for spec in specs.values():
        for field in FIELDS:
            column = spec[field]
            if column is None or column not in columns:
                continue
            cells = columns[column]
            if field == "target":
                out[column] = [_parse_percent(c, column, f"{label} {i + first}") for i, c in enumerate(cells)]
            else:
                out[column] = np.array(
                    [_parse_whole(c, column, f"{label} {i + first}") for i, c in enumerate(cells)], dtype=np.int64
                )
    return out


def _parse_whole(cell: str, column: str, where: str) -> int:
    text = cell.strip()
    if not text:
        raise InvalidInputError(f"{where}, column '{column}': the cell is empty; a whole number is expected")
    body = text[1:] if text[0] in "+-" else text
    if not body.isascii() or not body.isdigit():
        hint = " (write numbers without thousands separators)" if any(c in body for c in ",. ") else ""
        raise InvalidInputError(f"{where}, column '{column}': {cell!r} is not a whole number{hint}")
    value = int(text)
    if not -(2**63) <= value < 2**63:
        raise InvalidInputError(f"{where}, column '{column}': {cell!r} does not fit in int64")
    return value


def _parse_percent(cell: str, column: str, where: str) -> float:
    text = cell.strip()
    if not text:
        return math.nan
    try:
        return parse_ratio(text)
    except InvalidInputError:
        raise InvalidInputError(f"{where}, column '{column}': {cell!r} is not a ratio (0.815) or a percentage (81.5%)") from None


def measure_kinds(measures: list[str], money: Any, kinds: Any) -> dict[str, str]:
    """Each measure's declared kind (the C++ core checks the names): ``money=[...]`` declares
    those measures money and the others counts; ``kinds={measure: kind}`` declares one by one;
    neither leaves a measure unspecified (no interval: attain never guesses a kind from a name)."""
    out = dict.fromkeys(measures, "unspecified")
    if money is not None:
        listed = [money] if isinstance(money, str) else list(money)
        for name in listed:
            if name not in out:
                raise UnknownKeyError(f"money names measure '{name}', which is not in the panel (measures: {measures})")
        out = {m: "money" if m in listed else "count" for m in measures}
    for name, kind in (kinds or {}).items():
        if name not in out:
            raise UnknownKeyError(f"kinds names measure '{name}', which is not in the panel (measures: {measures})")
        out[name] = str(kind)
    return out
