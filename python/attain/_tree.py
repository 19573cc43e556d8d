"""Units by name over the C++ hierarchy of a bound panel (``attain._core.Panel``): what
:class:`attain.Panel` and :class:`attain.Snapshot` share. The hierarchy's rules (parents,
children, roots, depths, the index of a name) are C++'s; this only turns indices into names."""

from __future__ import annotations

from . import _core


class UnitTree:
    """Mixin: ``_tree`` is the bound panel, ``_units`` its unit names (read once)."""

    _tree: _core.Panel
    _units: list[str]

    def index_of(self, unit: str) -> int:
        """The unit's position in :attr:`units` (and in every per-unit array of a snapshot)."""
        return self._tree.index_of(unit)

    def parent_of(self, unit: str) -> str | None:
        parent = self._tree.parents[self.index_of(unit)]
        return None if parent < 0 else self._units[parent]

    def children_of(self, unit: str) -> list[str]:
        return [self._units[c] for c in self._tree.children(self.index_of(unit))]

    @property
    def roots(self) -> list[str]:
        return [self._units[r] for r in self._tree.roots]
