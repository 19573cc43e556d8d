"""Status schemes: which statuses count as done, pending or excluded, per measure.

A scheme is data (a dict or a JSON file)::

    {"statuses": {"thi_hanh_xong": {"role": "done"},            # both measures
                  "dang_thi_hanh": {"role": "pending"},
                  "chua_co_dieu_kien": {"role": "excluded"},
                  "mixed": {"count": "done", "amount": "pending"}},  # per measure
     "unknown": null}            # or a role for statuses the scheme does not list

Roles: ``done`` (numerator and denominator), ``pending`` (denominator only), ``excluded``
(neither). Presets: ``StatusScheme.preset("thads")`` (Vietnamese civil judgment enforcement)
and ``"generic"`` (statuses named done / pending / excluded).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np

from . import _core
from .errors import InputTypeError, InvalidInputError, UnknownKeyError

#: The roles, in the order of their codes (the C++ ``status_role``).
ROLES: tuple[str, ...] = tuple(_core.STATUS_ROLES)


@dataclass(frozen=True)
class StatusScheme:
    """Status -> role per measure (``count`` and ``amount``)."""

    count: dict[str, str]
    amount: dict[str, str]
    unknown: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    name: str = "<scheme>"

    def __post_init__(self) -> None:
        self._compiled()  # the C++ core checks the roles

    def _compiled(self) -> _core.StatusScheme:
        """The C++ scheme (``attain::status_scheme``), which owns the lookup."""
        statuses = [(s, str(self.count[s]), str(self.amount.get(s))) for s in self.count]
        try:
            return _core.StatusScheme(statuses, None if self.unknown is None else str(self.unknown))
        except InvalidInputError as exc:
            raise InvalidInputError(f"scheme {self.name}: {exc}") from None

    @classmethod
    def from_dict(cls, spec: Mapping[str, Any], name: str = "<scheme>") -> StatusScheme:
        """A scheme from its dict form (see the module docstring)."""
        if not isinstance(spec, Mapping):
            raise InputTypeError(f"scheme {name}: expected a mapping with 'statuses', got {type(spec).__name__}")
        statuses = spec.get("statuses")
        if not isinstance(statuses, Mapping) or not statuses:
            raise InvalidInputError(f"scheme {name}: 'statuses' must map status names to roles")
        count: dict[str, str] = {}
        amount: dict[str, str] = {}
        labels: dict[str, str] = {}
        for status, entry in statuses.items():
            if isinstance(entry, str):
                entry = {"role": entry}
            if not isinstance(entry, Mapping):
                raise InvalidInputError(f"scheme {name}: status '{status}' must map to a role or a dict, not {entry!r}")
            role = entry.get("role")
            count[status] = entry.get("count", role)
            amount[status] = entry.get("amount", role)
            if "label" in entry:
                labels[status] = str(entry["label"])
        return cls(count, amount, spec.get("unknown"), labels, str(spec.get("name", name)))

    def to_dict(self) -> dict[str, Any]:
        """The dict form, which :meth:`from_dict` reads back (e.g. to save a scheme as JSON)."""
        statuses: dict[str, Any] = {}
        for status in self.count:
            entry: dict[str, Any] = (
                {"role": self.count[status]}
                if self.count[status] == self.amount[status]
                else {"count": self.count[status], "amount": self.amount[status]}
            )
            if status in self.labels:
                entry["label"] = self.labels[status]
            statuses[status] = entry
        return {"name": self.name, "statuses": statuses, "unknown": self.unknown}

    @classmethod
    def from_json(cls, path: str | os.PathLike[str]) -> StatusScheme:
        try:
            with open(path, encoding="utf-8") as f:
                spec = json.load(f)
        except json.JSONDecodeError as exc:
            raise InvalidInputError(f"scheme {os.fspath(path)}: not valid JSON ({exc})") from None
        return cls.from_dict(spec, os.fspath(path))

    @classmethod
    def preset(cls, name: str) -> StatusScheme:
        """A built-in scheme: ``"thads"`` or ``"generic"``."""
        files = resources.files(__package__).joinpath("presets")
        path = files.joinpath(f"{name}.json")
        if not path.is_file():
            names = sorted(p.name[:-5] for p in files.iterdir() if p.name.endswith(".json"))
            raise UnknownKeyError(f"no preset scheme '{name}' (presets: {names})")
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")), name)

    def role_codes(
        self, statuses: Sequence[Any], measure: str, where: str = "column 'status'", codes: np.ndarray | None = None
    ) -> np.ndarray:
        """Role codes (0 done, 1 pending, 2 excluded) of distinct statuses for ``measure``.

        A status the scheme does not list is an error naming it (and, given the per-row
        ``codes`` into ``statuses``, its first rows), unless the scheme gives unknown statuses a
        role.
        """
        out = self._compiled().role_codes([str(s) for s in statuses], measure)
        unknown = np.flatnonzero(out < 0).tolist()
        if unknown:
            def rows(k: int) -> str:
                if codes is None:
                    return ""
                first = np.flatnonzero(codes == k)
                more = ", ..." if len(first) > 5 else ""
                label = "row" if len(first) == 1 else "rows"
                return f" ({label} {', '.join(str(int(i)) for i in first[:5])}{more})"

            listed = "; ".join(f"'{statuses[k]}'{rows(k)}" for k in unknown[:5])
            raise UnknownKeyError(
                f"{where}: scheme {self.name} does not list {listed}; add them to the scheme, or give "
                f"'unknown' a role (known: {', '.join(self.count)})"
            )
        return out


def as_scheme(scheme: StatusScheme | Mapping[str, Any] | str) -> StatusScheme:
    """A scheme from a StatusScheme, a dict, a preset name or a JSON path."""
    if isinstance(scheme, StatusScheme):
        return scheme
    if isinstance(scheme, Mapping):
        return StatusScheme.from_dict(scheme)
    if isinstance(scheme, str) and not scheme.endswith(".json"):
        return StatusScheme.preset(scheme)
    return StatusScheme.from_json(scheme)
