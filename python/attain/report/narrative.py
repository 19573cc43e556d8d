"""Narrative paragraphs from templates (the engine is C++: include/attain/report/narrative.hpp)."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from importlib import resources
from typing import Any

import numpy as np

from .. import _core
from ..errors import InputTypeError, InvalidInputError, UnknownKeyError
from ..snapshot import Snapshot
from .fields import report_fields

LANGUAGES = ("vi", "en")
#: Built-in templates: name -> description. Files are templates/<name>.<lang>.txt.
BUILT_IN = {
    "thads": "Vietnamese civil judgment enforcement at its declared level (national, province, district, officer; "
             "neutral wording when none is declared): cases (a measure named 'count') and the money measure if one "
             "is declared",
    "generic": "any panel: every measure of one unit (up to six) with its labels, and its children",
}
#: A built-in template's name: a name only, never a path.
NAME = re.compile(r"[a-z0-9_]+")
#: The largest template file read (a paragraph's template is a few kilobytes).
MAX_FILE_BYTES = 1_000_000


class Template:
    """A narrative template (see ``include/attain/report/narrative.hpp`` for the syntax).

    >>> t = attain.report.Template("{unit.name}: {count.ratio_pct:.2}%")
    >>> t.render(fields, lang="vi")
    """

    def __init__(self, text: str, name: str = "<template>") -> None:
        self.name = name
        self.text = text
        try:
            self._compiled = _core.NarrativeTemplate(text)
        except InvalidInputError as exc:
            message = str(exc)  # it quotes the offending tag: keep a file's contents out of it
            message = message if len(message) <= 300 else message[:300] + "…"
            raise type(exc)(f"template {name}: {message}") from None

    @classmethod
    def built_in(cls, name: str, lang: str) -> Template:
        """A template shipped with attain (:data:`BUILT_IN`)."""
        _check_lang(lang)
        if not isinstance(name, str) or not NAME.fullmatch(name):
            raise InvalidInputError(
                f"template {name!r} is not a template name (letters a-z, digits and '_'; built-in: "
                f"{', '.join(sorted(BUILT_IN))}); a template file is read with Template.from_file(path)"
            )
        if name not in BUILT_IN:
            raise UnknownKeyError(f"no built-in template '{name}' (built-in: {sorted(BUILT_IN)})")
        text = resources.files(__package__).joinpath("templates", f"{name}.{lang}.txt").read_text(encoding="utf-8")
        return cls(text, f"{name}.{lang}")

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Template:
        """A template from a file given explicitly. It must be a regular UTF-8 file of at most
        :data:`MAX_FILE_BYTES` that parses and uses at least one field; otherwise the error says
        so without echoing the file."""
        name = os.fspath(path)
        try:
            if not stat.S_ISREG(os.stat(name).st_mode):
                raise InvalidInputError(f"template {name} is not a regular file")
            with open(name, "rb") as f:
                data = f.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            raise InvalidInputError(f"template {name}: no such file") from None
        except OSError as exc:
            raise InvalidInputError(f"template {name}: {exc.strerror}") from None
        if len(data) > MAX_FILE_BYTES:
            raise InvalidInputError(f"template {name} is larger than {MAX_FILE_BYTES:,} bytes; it is not a template")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidInputError(f"template {name} is not UTF-8 text ({exc.reason})") from None
        template = cls(text, name)
        if not template.fields:
            raise InvalidInputError(f"template {name} uses no field ({{name}}); it is not a narrative template")
        return template

    @property
    def fields(self) -> list[str]:
        """The field names the template uses."""
        return list(self._compiled.fields)

    @property
    def needs(self) -> list[tuple[str, str]]:
        """What the template declares it needs (``{# needs: NAME (what it is) #}``), as
        ``(name, what)`` pairs; a name is met by a field ``name`` or any field ``name.*``."""
        return list(self._compiled.needs)

    def render(self, fields: dict[str, Any], lang: str = "vi", *, measures: Sequence[str] | None = None) -> str:
        """The text with ``fields`` filled in, in ``lang``.

        A declared need the fields do not meet raises :class:`InvalidInputError` naming it and,
        when ``measures`` (the data's measure names) is given, what the data has instead.
        """
        _check_lang(lang)
        unmet = self._compiled.describe_unmet(fields)
        if unmet is not None:
            found = f"; the data has measures: {', '.join(measures) or 'none'}" if measures is not None else ""
            raise InvalidInputError(f"template {self.name} needs {unmet}{found}")
        try:
            return str(self._compiled.render(fields, lang))
        except InvalidInputError as exc:
            raise type(exc)(f"template {self.name}: {exc}") from None


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise InvalidInputError(f"lang = {lang!r} is not supported (choose from {', '.join(LANGUAGES)})")


def narrative(
    snapshot: Snapshot,
    lang: str = "vi",
    template: str | Template = "generic",
    unit: str | None = None,
) -> str:
    """The narrative paragraph for ``unit`` (default: the first root) at the snapshot.

    Parameters
    ----------
    snapshot : Snapshot
        ``panel.at(as_of)``.
    lang : {"vi", "en"}
        Number style and the built-in template's language.
    template : str, path or Template
        A built-in template name (``"thads"``, ``"generic"``; a name, never a path), a
        :class:`pathlib.Path` to a template file, or a :class:`Template`.

    Examples
    --------
    >>> snap = attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10).at("2021-06")
    >>> attain.report.narrative(snap, "vi", "thads")
    'Tính đến 30/6/2021, kết quả thi hành án dân sự 9 tháng đầu năm toàn tỉnh thụ lý 16.623 việc, ...'
    """
    if isinstance(template, str):
        template = Template.built_in(template, lang)
    elif isinstance(template, os.PathLike):
        template = Template.from_file(template)
    return template.render(report_fields(snapshot, unit), lang, measures=list(snapshot.measures))


def format_money(value: int, currency: str, minor_digits: int, lang: str = "vi", places: int = -1) -> str:
    """Money in words: ``value`` whole minor units (đồng, cents) of ``currency`` with an automatic
    scale, formatted by the C++ engine (``include/attain/report/money.hpp``).

    >>> format_money(1_193_847_993_000, "VND", 0, "vi")
    '1.193,8 tỷ đồng'
    >>> format_money(123_456, "USD", 2, "en")
    '$1,234.56'
    """
    _check_lang(lang)
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InputTypeError(
            f"value = {value!r} is not a whole number of minor units (đồng, cents): money is stored as integers"
        )
    if not -(2**63) <= int(value) < 2**63:
        raise InvalidInputError(f"value = {int(value)} does not fit in 64 bits")
    return str(_core.format_money(int(value), currency, minor_digits, lang, places))


def format_month(period: str, lang: str = "vi") -> str:
    """A period in words: ``"2021-06"`` is vi "tháng 6/2021", en "June 2021" (C++ engine)."""
    _check_lang(lang)
    return str(_core.format_month(period, lang))
