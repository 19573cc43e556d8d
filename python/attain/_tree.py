"""Units by name over the C++ hierarchy of a bound panel (``attain._core.Panel``): what
:class:`attain.Panel` and :class:`attain.Snapshot` share. The hierarchy's rules (parents,
children, roots, depths, the index of a name) are C++'s; this only turns indices into names."""

from __future__ import annotations

import unicodedata

from . import _core


class UnitTree:
    """Mixin: ``_tree`` is the bound panel, ``_units`` its unit names (read once). It also reads
    the measures' declarations back (form, currency, minor digits, labels), which a panel and its
    snapshots share."""

    _tree: _core.Panel
    _units: list[str]

    def index_of(self, unit: str) -> int:
        """The unit's position in :attr:`units` (and in every per-unit array of a snapshot)."""
        # Names are NFC at every input boundary: "Bến Tre" typed in NFD is the same unit.
        return self._tree.index_of(unicodedata.normalize("NFC", unit) if isinstance(unit, str) else unit)

    def parent_of(self, unit: str) -> str | None:
        parent = self._tree.parents[self.index_of(unit)]
        return None if parent < 0 else self._units[parent]

    def children_of(self, unit: str) -> list[str]:
        return [self._units[c] for c in self._tree.children(self.index_of(unit))]

    @property
    def roots(self) -> list[str]:
        return [self._units[r] for r in self._tree.roots]

    def level(self, unit: str) -> str | None:
        """The unit's declared level ("province", "rep"), None when none was declared."""
        return self._tree.levels[self.index_of(unit)] or None

    @property
    def levels(self) -> dict[str, str]:
        """Each unit's declared level, for the units that declare one."""
        return {u: level for u, level in zip(self._units, self._tree.levels) if level}

    def units_at_level(self, level: str) -> list[str]:
        """The units whose declared level is ``level``, in the order of :attr:`units`."""
        return [self._units[u] for u in self._tree.units_at_level(level)]

    # -- the measures' declarations ----------------------------------------------------------
    @property
    def forms(self) -> dict[str, str]:
        """Each measure's declared form: ``"completion"`` (done <= eligible) or ``"quota"``."""
        return dict(zip(self._tree.measures, self._tree.forms))

    def form(self, measure: str) -> str:
        """``measure``'s declared form: ``"completion"`` or ``"quota"``."""
        return str(self._tree.form(measure))

    @property
    def plan_bases(self) -> dict[str, str]:
        """What each measure's eligible covers: ``"annual"`` (the whole year's workload or plan;
        the default) or ``"to_date"`` (what came due by the month: a completion measure's running
        rate, a quota's plan due by then)."""
        return dict(zip(self._tree.measures, self._tree.plan_bases))

    @property
    def currencies(self) -> dict[str, str | None]:
        """Each measure's declared currency code (``"USD"``), None when none was declared."""
        return {m: c or None for m, c in zip(self._tree.measures, self._tree.currencies)}

    @property
    def minor_digits(self) -> dict[str, int]:
        """Each measure's minor digits (declared, else from the currency; 0 for counts)."""
        return dict(zip(self._tree.measures, self._tree.minor_digits))

    @property
    def labels(self) -> dict[str, dict[str, str]]:
        """Each measure's declared labels, ``{"vi": ..., "en": ...}`` (languages without one left out)."""
        return {m: {lang: t for lang in ("vi", "en") if (t := self._tree.label(m, lang))} for m in self._tree.measures}
