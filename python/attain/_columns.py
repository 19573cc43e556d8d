"""The table input boundary: CSV cells, key columns and measure columns -> arrays for the core.

Everything here converts and checks what a caller passes (column names, key values, cell
text); the rules applied to the converted arrays live in the C++ core.
"""

from __future__ import annotations

import csv
import difflib
import math
import os
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from ._convert import parse_ratio
from ._progress import Progress, ProgressOption
from .errors import DuplicateKeyError, HierarchyError, InputTypeError, InvalidInputError, UnknownKeyError

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
    def default(name: str) -> dict[str, str | None]:
        return {f: f"{name}_{f}" if f in REQUIRED or f"{name}_{f}" in present else None for f in FIELDS}

    if isinstance(measures, Mapping):
        for name, spec in measures.items():
            if spec is None:  # a measure declared without its columns reads '<name>_done'...
                resolved[name] = default(name)
                continue
            unknown = set(spec) - set(FIELDS)
            if unknown:
                raise InvalidInputError(f"measure '{name}': unknown fields {sorted(unknown)} (expected {list(FIELDS)})")
            resolved[name] = {f: spec.get(f) for f in FIELDS}
    else:
        for name in measures:
            resolved[name] = default(name)
    for name, spec in resolved.items():
        for field in FIELDS:
            column = spec[field]
            if column is None and field in REQUIRED:
                raise InvalidInputError(f"measure '{name}' needs a '{field}' column")
            if column is not None and column not in present:
                raise UnknownKeyError(f"column '{column}' (measure '{name}', {field}) is not in the data (columns: {list(columns)})")
    return resolved


def unused_columns(columns: Sequence[str], used: set[str], specs: Mapping[str, Any], auto: bool) -> list[str]:
    """The columns nothing reads. One that looks like a mistyped measure column is an error
    suggesting the closest expected name (a typo in 'amount_eligible' silently dropped the
    measure, in 'count_target' the targets); with ``auto`` (measures found from the columns), a
    '<m>_done' or '<m>_eligible' without its partner is one too. The rest are returned."""
    extra = [c for c in columns if c not in used]
    expected = {f"{m}_{f}" for m in specs for f in FIELDS} - set(used)
    # With auto, also the fields of a prefix that has a measure column ('amount_done' beside a
    # mistyped 'amount_eligble'); not of any prefix, or 'region_code' would read as a typo.
    present = set(columns)
    prefixes = {c[: -len(f) - 1] for c in columns for f in FIELDS if c.endswith("_" + f) and len(c) > len(f) + 1}
    for c in extra:
        prefix, sep, _ = c.rpartition("_")
        own = auto and sep and prefix in prefixes and any(f"{prefix}_{f}" in present for f in FIELDS)
        candidates = set(expected) | ({f"{prefix}_{f}" for f in FIELDS} if own else set())
        close = difflib.get_close_matches(c, sorted(candidates - present), n=1, cutoff=0.8)
        if close:
            raise InvalidInputError(f"column '{c}' is not understood; did you mean '{close[0]}'?")
    if auto:
        for c in extra:
            for have, need in (("_done", "_eligible"), ("_eligible", "_done")):
                if c.endswith(have) and len(c) > len(have):
                    partner = c[: -len(have)] + need
                    raise InvalidInputError(
                        f"column '{c}' has no partner column '{partner}', so measure '{c[: -len(have)]}' cannot be read"
                    )
    return extra


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
    blank = [k for k, u in enumerate(uniques) if u is None or is_blank(u)]
    if blank or (codes < 0).any():
        bad = (codes < 0) | np.isin(codes, blank)
        if not allow_blank:
            raise InvalidInputError(f"{row(int(np.argmax(bad)))}: column '{column}' is empty")
        # Blank keys are code -1 and no key: the others are renumbered densely, so that no
        # blank ('', None, NaN) reaches the keys as text ('None', or two blanks "differing in spaces").
        keep = np.ones(len(uniques), dtype=bool)
        keep[blank] = False
        renumber = np.cumsum(keep) - 1
        codes = np.where(bad, -1, renumber[np.maximum(codes, 0)] if len(uniques) else -1)
        uniques = [u for u, kept in zip(uniques, keep) if kept]
    return _as_text_keys(np.asarray(codes), uniques, column, row)


def key_text(value: Any) -> str:
    """A key as text, the one form every input boundary uses: Unicode NFC (so that a name typed
    with combining accents is the same unit), and a whole number read as a float (pandas turns a
    parent column of codes with blanks into floats) written as the integer: 100.0 -> "100"."""
    if isinstance(value, (float, np.floating)) and math.isfinite(value) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        return str(int(value))
    return unicodedata.normalize("NFC", str(value))


def _as_text_keys(
    codes: np.ndarray, uniques: list[Any], column: str, row: Callable[[int], str]
) -> tuple[np.ndarray, list[str]]:
    """Merges keys that are equal as text (key_text), and refuses two keys that differ only in
    whitespace, naming a row of each."""
    texts = [key_text(u) for u in uniques]
    merged: dict[str, int] = {}
    new_code = np.array([merged.setdefault(t, len(merged)) for t in texts], dtype=np.int64)
    names = list(merged)
    folded: dict[str, int] = {}
    for k, name in enumerate(names):
        other = folded.setdefault(" ".join(name.split()), k)
        if other != k:
            mapped = np.where(codes >= 0, new_code[np.maximum(codes, 0)], -1) if len(new_code) else codes
            i, j = int(np.argmax(mapped == other)), int(np.argmax(mapped == k))
            raise InvalidInputError(
                f"column '{column}': {row(i)} has {names[other]!r} and {row(j)} has {names[k]!r}, which differ only "
                "in spaces; write the name the same way on every row"
            )
    if len(names) == len(uniques):
        return codes.astype(np.int32), names
    return np.where(codes >= 0, new_code[np.maximum(codes, 0)], -1).astype(np.int32), names


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
    parent_of = {name: name_of(int(code)) for name, code in zip(unit_names, parent_of_unit)}
    known = set(unit_names)
    for u, p in enumerate(parent_of_unit):
        parent = name_of(int(p))
        if parent is not None and parent not in known:
            close = difflib.get_close_matches(parent, unit_names, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise HierarchyError(
                f"{row(int(first[u]))}, column '{column}': parent '{parent}' of unit '{unit_names[u]}' is not a unit of "
                f"the data{hint} (a parent unit needs rows of its own, zeros if its figures are only its "
                f"children's, or, from Python, hierarchy={{...}})"
            )
    return parent_of


def hierarchy_of(
    unit_names: list[str], parent_of: dict[str, str | None] | None, hierarchy: Mapping[str, str | None] | None
) -> tuple[list[str], list[str | None]]:
    """All units (those with rows first, then parents without rows) and their parents."""
    if hierarchy is not None:
        parent_of = {key_text(u): (None if is_blank(p) else key_text(p)) for u, p in hierarchy.items()}
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
    return read_csv(path, progress)[0]


#: The delimiters a CSV file may use: comma, semicolon (Excel in Vietnamese and European
#: locales, where the comma is the decimal mark) and tab.
DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


def sniff_delimiter(sample: str, name: str) -> str:
    """The delimiter of a CSV file from its first lines: the one of comma, semicolon and tab that
    the header uses; when the header holds several, the one that splits the header and the next
    lines into the same number of fields, more than one. Several that fit are an error (say
    which with ``delimiter=``); a header with none is one column, read with commas."""
    lines = sample.splitlines()
    header = lines[0] if lines else ""
    candidates = [d for d in DELIMITERS if d in header]
    if len(candidates) <= 1:
        return candidates[0] if candidates else ","
    rows = lines[: 1 + min(20, len(lines) - 1)]
    fits = []
    for d in candidates:
        widths = {len(r) for r in csv.reader(rows, delimiter=d) if r}
        if len(widths) == 1 and widths.pop() > 1:
            fits.append(d)
    if len(fits) == 1:
        return fits[0]
    shown = " and ".join(_DELIMITER_NAMES[d] for d in (fits or candidates))
    raise InvalidInputError(
        f"{name}: cannot tell whether the columns are separated by {shown}: the header holds both; give the "
        "delimiter (attain --delimiter ';', Python delimiter=';')"
    )


def read_csv(
    path: str | os.PathLike[str], progress: ProgressOption = False, delimiter: str | None = None
) -> tuple[dict[str, list[str]], list[int]]:
    """Reads a CSV file with a header into column name -> list of cell strings, and the line
    number each kept record starts on (blank lines are skipped, and a quoted cell may span
    lines, so records and lines differ). Header names are NFC-normalised and stripped. The
    delimiter (comma, semicolon or tab) is found from the first lines (:func:`sniff_delimiter`)
    unless given; a UTF-8 byte order mark is skipped. ``progress``: see :mod:`attain._progress`, in bytes."""
    name = os.fspath(path)
    lines: list[int] = []
    line = 1
    if delimiter is not None and delimiter not in DELIMITERS:
        raise InvalidInputError(f"delimiter {delimiter!r}: expected ',', ';' or a tab")
    try:
        with open(path, newline="", encoding="utf-8-sig") as f, Progress(
            progress, total=os.fstat(f.fileno()).st_size, desc=f"reading {os.path.basename(path)}", unit="B", unit_scale=True
        ) as bar:
            if delimiter is None:
                sample = f.read(1 << 16)
                if len(sample) == 1 << 16:  # drop a last line cut short
                    sample = sample[: sample.rfind("\n") + 1] or sample
                delimiter = sniff_delimiter(sample, name)
                f.seek(0)
            reader = csv.reader(f, delimiter=delimiter)
            try:
                header = next(reader)
            except StopIteration:
                raise InvalidInputError(f"{name} is empty (no header row)") from None
            header = [unicodedata.normalize("NFC", h.strip()) for h in header]
            duplicates = {h for h in header if header.count(h) > 1}
            if duplicates:
                raise DuplicateKeyError(f"{name}: columns {sorted(duplicates)} appear twice in the header")
            columns: dict[str, list[str]] = {h: [] for h in header}
            line = reader.line_num + 1
            for record in reader:
                start, line = line, reader.line_num + 1
                if bar.active and not len(lines) & 0x3FFF:  # every 16384 records
                    bar.advance_to(os.lseek(f.fileno(), 0, os.SEEK_CUR))
                if not record or all(not c.strip() for c in record):
                    continue
                if len(record) != len(header):
                    raise InvalidInputError(
                        f"{name} line {start}: {len(record)} fields, but the header has {len(header)} "
                        f"(columns separated by {_DELIMITER_NAMES[delimiter]}s)"
                    )
                lines.append(start)
                for h, cell in zip(header, record):
                    columns[h].append(cell)
            bar.advance_to(bar.total or 0)
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"{name} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except FileNotFoundError:
        raise InvalidInputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InvalidInputError(f"{name} is a directory, not a CSV file") from None
    except csv.Error as exc:  # a cell over csv.field_size_limit() (131,072 characters), a NUL byte
        raise InvalidInputError(f"{name} line {line}: {exc}; is this a CSV file of tallies?") from None
    return columns, lines


def parse_csv_numbers(columns: dict[str, list[str]], options: dict[str, Any]) -> dict[str, Any]:
    """Counts -> int64 arrays and targets -> floats, with errors naming line and column."""
    specs = resolve_measures(list(columns), options.get("measures"))
    label, first = options["_row_label"], options["_first_row"]
    lines = options.get("_row_numbers")

    def where(i: int) -> str:
        return f"{label} {lines[i] if lines else i + first}"

    out: dict[str, Any] = dict(columns)
    for spec in specs.values():
        for field in FIELDS:
            column = spec[field]
            if column is None or column not in columns:
                continue
            cells = columns[column]
            if field == "target":
                out[column] = [_parse_percent(c, column, where(i)) for i, c in enumerate(cells)]
            else:
                out[column] = np.array(
                    [_parse_whole(c, column, where(i)) for i, c in enumerate(cells)], dtype=np.int64
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


def measure_kinds(measures: list[str], money: Any, kinds: Any, currency: Any = None) -> dict[str, str]:
    """Each measure's declared kind (the C++ core checks the names): ``money=[...]`` declares
    those measures money and the others counts; a measure given a ``currency`` is money;
    ``kinds={measure: kind}`` declares one by one; none of them leaves a measure unspecified
    (no interval: attain never guesses a kind from a name)."""
    out = dict.fromkeys(measures, "unspecified")
    if money is not None:
        listed = [money] if isinstance(money, str) else list(money)
        for name in listed:
            if name not in out:
                raise UnknownKeyError(f"money (--money) names measure '{name}', which is not in the panel (measures: {measures})")
        out = {m: "money" if m in listed else "count" for m in measures}
    for name in currency or {}:
        if name in out:  # an unknown name: measure_declarations says so
            out[name] = "money"
    for name, kind in (kinds or {}).items():
        if name not in out:
            raise UnknownKeyError(f"kinds (--count) names measure '{name}', which is not in the panel (measures: {measures})")
        out[name] = str(kind)
    return out


def _names(value: Any, what: str, measures: list[str]) -> list[str]:
    """A sequence of measure names (one name alone is accepted), each a measure of the panel."""
    listed = [value] if isinstance(value, str) else list(value)
    for name in listed:
        if name not in measures:
            raise UnknownKeyError(f"{what} names measure '{name}', which is not in the panel (measures: {measures})")
    return [str(n) for n in listed]


def _mapping(value: Any, what: str, measures: list[str]) -> dict[str, Any]:
    """A mapping measure -> value whose keys are measures of the panel."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InputTypeError(f"{what} must be a mapping of measure -> value, not {type(value).__name__}")
    for name in value:
        if name not in measures:
            raise UnknownKeyError(f"{what} names measure '{name}', which is not in the panel (measures: {measures})")
    return dict(value)


def measure_declarations(
    measures: list[str], quota: Any, currency: Any, minor_digits: Any, labels: Any, plan_basis: Any = None
) -> dict[str, dict[str, Any]]:
    """Each measure's declared form, plan basis, currency, minor digits and labels as the core's
    measure spec keys (the C++ core checks the codes, ranges and texts, naming the measure)."""
    out: dict[str, dict[str, Any]] = {m: {} for m in measures}
    for name in _names(quota, "quota", measures) if quota is not None else []:
        out[name]["form"] = "quota"
    for name, basis in _mapping(plan_basis, "plan_basis", measures).items():
        if not isinstance(basis, str):
            raise InputTypeError(f"plan_basis of measure '{name}' must be 'annual' or 'to_date', not {basis!r}")
        out[name]["plan_basis"] = basis  # the core checks the name
    for name, code in _mapping(currency, "currency", measures).items():
        if not isinstance(code, str):
            raise InputTypeError(f"currency of measure '{name}' must be a code such as 'USD', not {code!r}")
        out[name]["currency"] = code
    for name, digits in _mapping(minor_digits, "minor_digits", measures).items():
        if isinstance(digits, (bool, np.bool_)) or not isinstance(digits, (int, np.integer)):
            raise InputTypeError(f"minor_digits of measure '{name}' must be a whole number, not {digits!r}")
        out[name]["minor_digits"] = int(digits)
    for name, label in _mapping(labels, "labels", measures).items():
        if not isinstance(label, Mapping):
            raise InputTypeError(f"labels of measure '{name}' must be a mapping such as {{'vi': 'việc', 'en': 'cases'}}")
        for lang, text in label.items():
            if lang not in ("vi", "en"):
                raise InvalidInputError(f"labels of measure '{name}': language {lang!r} is not 'vi' or 'en'")
            if not isinstance(text, str):
                raise InputTypeError(f"labels of measure '{name}': the {lang} label must be text, not {text!r}")
            out[name][f"label_{lang}"] = unicodedata.normalize("NFC", text)
    return out


def unit_levels(
    units: list[str],
    unit_codes: np.ndarray,
    column: tuple[str, Any] | None,
    levels: Mapping[str, Any] | None,
    row: Callable[[int], str],
) -> list[str]:
    """Each unit's declared level ("" = none), aligned with ``units``: from a level column (the
    same on all of a unit's rows; blank = none) and a ``levels`` mapping unit -> level, which
    wins. The C++ hierarchy checks the names (length, control characters)."""
    out = [""] * len(units)
    if column is not None:
        name, values = column
        codes, names = factorize(values, name, row, allow_blank=True)
        n_with_rows = int(unit_codes.max()) + 1 if len(unit_codes) else 0
        _, first = np.unique(unit_codes, return_index=True)
        level_of_unit = codes[first]
        conflict = codes != level_of_unit[unit_codes]
        if conflict.any():
            i = int(np.argmax(conflict))
            u = int(unit_codes[i])

            def text(code: int) -> str:
                return repr(names[code]) if code >= 0 else "blank"

            raise InvalidInputError(
                f"unit '{units[u]}' has level {text(int(level_of_unit[u]))} in {row(int(first[u]))} "
                f"but {text(int(codes[i]))} in {row(i)}, column '{name}'"
            )
        for u in range(n_with_rows):
            if level_of_unit[u] >= 0:
                out[u] = names[int(level_of_unit[u])]
    if levels is not None:
        if not isinstance(levels, Mapping):
            raise InputTypeError(f"levels must be a mapping of unit -> level name, not {type(levels).__name__}")
        index = {u: i for i, u in enumerate(units)}
        for unit, level in levels.items():
            key = key_text(unit)
            if key not in index:
                close = difflib.get_close_matches(key, units, n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                raise UnknownKeyError(f"levels names unit '{key}', which is not a unit of the panel{hint}")
            if level is not None and not isinstance(level, str):
                raise InputTypeError(f"levels: the level of unit '{key}' must be text, not {level!r}")
            out[index[key]] = "" if level is None else unicodedata.normalize("NFC", level)
    return out
