"""The project file ``attain.toml``: what an office sets once (fiscal year, targets, measure
declarations, columns, language, template), read with the standard ``tomllib``.

Example::

    fiscal_year_start = 10          # October to September
    monthly = false                 # rows are year-to-date figures (true: monthly flows)
    language = "vi"
    template = "thads"

    [columns]                       # the data's column names, when not unit/period/parent/level
    unit = "don_vi"
    period = "thang"
    parent = "cap_tren"
    level = "cap"

    [targets]
    count = 0.815                   # or "81.5%"
    amount = "40.1%"

    [measures.count]
    kind = "count"                  # count | money
    form = "completion"             # completion (done <= eligible) | quota (actual against a plan)
    # plan_basis = "to_date"        # eligible is what came due by the month (a running rate)
    label = { vi = "việc", en = "cases" }
    columns = { done = "xong", eligible = "co_dieu_kien", accepted = "thu_ly" }

    [measures.amount]
    kind = "money"
    currency = "VND"
    minor_digits = 0

    [cases]                         # case records (attain ... --cases)
    scheme = "thads"                # a preset, or a JSON file (beside this file or a path)
    root = "Cục THADS tỉnh Bến Tre" # the unit every case unit reports to

Unknown keys are an error naming the key and the file. The declarations map onto the keywords
of :meth:`attain.Panel.from_columns` (:meth:`ProjectConfig.panel_options`). Case records
(``--cases``) take the fiscal-year start, targets, the measures' kinds, currencies, minor
digits and labels, ``columns.unit``, the delimiter and ``[cases]`` (:meth:`ProjectConfig.case_options`);
the settings of a panel file's rows (``monthly``, the other ``[columns]``, measure ``columns``)
do not apply to them and are not read there.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ._convert import parse_ratio
from .errors import InvalidInputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.9 and 3.10 read TOML with the tomli backport
    import tomli as tomllib

__all__ = ["CONFIG_NAME", "ProjectConfig", "find_config", "read_config"]

#: The file the CLI looks for in the working directory.
CONFIG_NAME = "attain.toml"

_TOP = {"fiscal_year_start", "monthly", "language", "template", "delimiter", "columns", "targets", "measures", "cases"}
_CASES = {"scheme", "root", "root_level", "unit_level"}
_COLUMNS = {"unit", "period", "parent", "level"}
_MEASURE = {"kind", "form", "plan_basis", "currency", "minor_digits", "label", "columns", "target"}
_FIELDS = ("done", "eligible", "accepted", "target")


@dataclass
class ProjectConfig:
    """The settings of an ``attain.toml`` (None: not set there)."""

    path: str
    fiscal_year_start: int | None = None
    monthly: bool | None = None
    language: str | None = None
    template: str | None = None
    delimiter: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    targets: dict[str, float] = field(default_factory=dict)
    measures: dict[str, dict[str, Any]] = field(default_factory=dict)
    cases: dict[str, str] = field(default_factory=dict)

    def panel_options(self) -> dict[str, Any]:
        """The keywords of :meth:`attain.Panel.from_columns` this file declares (only those it sets)."""
        out: dict[str, Any] = {}
        if self.fiscal_year_start is not None:
            out["fiscal_year_start"] = self.fiscal_year_start
        if self.monthly is not None:
            out["monthly_flows"] = self.monthly
        for key in ("unit", "period", "parent"):
            if key in self.columns:
                out[key] = self.columns[key]
        if "level" in self.columns:
            out["level"] = self.columns["level"]
        if self.targets:
            out["targets"] = dict(self.targets)
        m = self.measures
        if any("columns" in spec for spec in m.values()):
            out["measures"] = {name: spec.get("columns") for name, spec in m.items()}
        kinds = {name: spec["kind"] for name, spec in m.items() if "kind" in spec}
        if kinds:
            out["kinds"] = kinds
        quota = [name for name, spec in m.items() if spec.get("form") == "quota"]
        if quota:
            out["quota"] = quota
        bases = {name: spec["plan_basis"] for name, spec in m.items() if "plan_basis" in spec}
        if bases:
            out["plan_basis"] = bases
        for key, keyword in (("currency", "currency"), ("minor_digits", "minor_digits"), ("label", "labels")):
            values = {name: spec[key] for name, spec in m.items() if key in spec}
            if values:
                out[keyword] = values
        return out


    def case_options(self) -> dict[str, Any]:
        """The keywords of :func:`attain.from_cases` this file declares: the fiscal-year start,
        targets and the measures' kinds, currencies, minor digits and labels. A case measure is a
        completion ratio of the year's workload, so a quota or to_date declaration is an error naming
        the measure."""
        out: dict[str, Any] = {}
        if self.fiscal_year_start is not None:
            out["fiscal_year_start"] = self.fiscal_year_start
        if self.targets:
            out["targets"] = dict(self.targets)
        m = self.measures
        for name, spec in m.items():
            if spec.get("form") == "quota":
                raise _fail(self.path, f"measure '{name}' is declared a quota ([measures.{name}] form), but case "
                            "records give completion ratios (done cases of the eligible ones)")
            if spec.get("plan_basis") == "to_date":
                raise _fail(self.path, f"measure '{name}' is declared plan_basis = \"to_date\" ([measures.{name}]), "
                            "but the eligible cases of case records are the year's workload, not a running rate")
        kinds = {name: spec["kind"] for name, spec in m.items() if "kind" in spec}
        if kinds:
            out["kinds"] = kinds
        for key, keyword in (("currency", "currency"), ("minor_digits", "minor_digits"), ("label", "labels")):
            values = {name: spec[key] for name, spec in m.items() if key in spec}
            if values:
                out[keyword] = values
        return out


def find_config(directory: str | os.PathLike[str] = ".") -> str | None:
    """The path of ``attain.toml`` in ``directory`` (the working directory), or None."""
    path = os.path.join(os.fspath(directory), CONFIG_NAME)
    return path if os.path.isfile(path) else None


def _fail(path: str, message: str) -> InvalidInputError:
    return InvalidInputError(f"{path}: {message}")


def _check_keys(path: str, table: Any, known: set[str], where: str) -> Mapping[str, Any]:
    if not isinstance(table, Mapping):
        raise _fail(path, f"'{where}' must be a table")
    for key in table:
        if key not in known:
            prefix = f"{where}." if where else ""
            raise _fail(path, f"unknown key '{prefix}{key}' (known keys{' of ' + where if where else ''}: {', '.join(sorted(known))})")
    return table


def _text(path: str, value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, f"'{where}' must be a non-empty text, not {value!r}")
    return value


def _ratio(path: str, value: Any, where: str) -> float:
    if isinstance(value, bool):
        raise _fail(path, f"'{where}' = {value!r} is not a ratio (0.815) or a percentage (\"81.5%\")")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return parse_ratio(value)
        except InvalidInputError:
            pass
    raise _fail(path, f"'{where}' = {value!r} is not a ratio (0.815) or a percentage (\"81.5%\")")


def read_config(path: str | os.PathLike[str]) -> ProjectConfig:
    """Reads and checks an ``attain.toml``; errors name the file and the key."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise InvalidInputError(f"{name}: no such file") from None
    except tomllib.TOMLDecodeError as exc:
        raise _fail(name, f"not valid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise _fail(name, f"not UTF-8 text ({exc.reason})") from None
    _check_keys(name, data, _TOP, "")
    config = ProjectConfig(path=name)
    if "fiscal_year_start" in data:
        start = data["fiscal_year_start"]
        if isinstance(start, bool) or not isinstance(start, int) or not 1 <= start <= 12:
            raise _fail(name, f"'fiscal_year_start' = {start!r} is not a month (1..12)")
        config.fiscal_year_start = start
    if "monthly" in data:
        if not isinstance(data["monthly"], bool):
            raise _fail(name, f"'monthly' must be true or false, not {data['monthly']!r}")
        config.monthly = data["monthly"]
    if "language" in data:
        if data["language"] not in ("vi", "en"):
            raise _fail(name, f"'language' = {data['language']!r}: expected \"vi\" or \"en\"")
        config.language = data["language"]
    if "template" in data:
        config.template = _text(name, data["template"], "template")
    if "delimiter" in data:
        if data["delimiter"] not in (",", ";", "\t"):
            raise _fail(name, f"'delimiter' = {data['delimiter']!r}: expected \",\", \";\" or \"\\t\"")
        config.delimiter = data["delimiter"]
    for key, value in _check_keys(name, data.get("columns", {}), _COLUMNS, "columns").items():
        config.columns[key] = _text(name, value, f"columns.{key}")
    for measure, value in _check_keys(name, data.get("targets", {}), set(data.get("targets", {})), "targets").items():
        config.targets[measure] = _ratio(name, value, f"targets.{measure}")
    measures = data.get("measures", {})
    if not isinstance(measures, Mapping):
        raise _fail(name, "'measures' must be a table of measures ([measures.NAME])")
    for measure, spec in measures.items():
        where = f"measures.{measure}"
        _check_keys(name, spec, _MEASURE, where)
        out: dict[str, Any] = {}
        if "kind" in spec:
            if spec["kind"] not in ("count", "money"):
                raise _fail(name, f"'{where}.kind' = {spec['kind']!r}: expected \"count\" or \"money\"")
            out["kind"] = spec["kind"]
        if "form" in spec:
            if spec["form"] not in ("completion", "quota"):
                raise _fail(name, f"'{where}.form' = {spec['form']!r}: expected \"completion\" or \"quota\"")
            out["form"] = spec["form"]
        if "plan_basis" in spec:
            if spec["plan_basis"] not in ("annual", "to_date"):
                raise _fail(name, f"'{where}.plan_basis' = {spec['plan_basis']!r}: expected \"annual\" or \"to_date\"")
            out["plan_basis"] = spec["plan_basis"]
        if "currency" in spec:
            out["currency"] = _text(name, spec["currency"], f"{where}.currency")
            if out.setdefault("kind", "money") != "money":
                raise _fail(name, f"'{where}' has a currency, so its kind is money, not {out['kind']!r}")
        if "minor_digits" in spec:
            digits = spec["minor_digits"]
            if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 6:
                raise _fail(name, f"'{where}.minor_digits' = {digits!r}: expected a whole number 0..6")
            out["minor_digits"] = digits
        if "label" in spec:
            labels = _check_keys(name, spec["label"], {"vi", "en"}, f"{where}.label")
            out["label"] = {lang: _text(name, text, f"{where}.label.{lang}") for lang, text in labels.items()}
        if "columns" in spec:
            columns = _check_keys(name, spec["columns"], set(_FIELDS), f"{where}.columns")
            for needed in ("done", "eligible"):
                if needed not in columns:
                    raise _fail(name, f"'{where}.columns' needs '{needed}' (the column of the measure's {needed} figures)")
            out["columns"] = {f: _text(name, c, f"{where}.columns.{f}") for f, c in columns.items()}
        if "target" in spec:
            if measure in config.targets:
                raise _fail(name, f"measure '{measure}' has a target in [targets] and in [{where}]; give one")
            config.targets[measure] = _ratio(name, spec["target"], f"{where}.target")
        config.measures[measure] = out
    for key, value in _check_keys(name, data.get("cases", {}), _CASES, "cases").items():
        config.cases[key] = _text(name, value, f"cases.{key}")
    return config
