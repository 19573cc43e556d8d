"""The exceptions attain raises.

Every class subclasses both :class:`AttainError` and the built-in exception a Python user
expects (``ValueError``, ``TypeError``, ``OverflowError``), so ``except ValueError`` works.
The compiled core raises the same classes (its C++ exceptions are translated onto them).
"""

from __future__ import annotations

__all__ = [
    "AttainError",
    "DuplicateKeyError",
    "HierarchyError",
    "InputTypeError",
    "InvalidInputError",
    "LengthMismatchError",
    "MissingDependencyError",
    "TallyOverflowError",
    "UnknownKeyError",
]


class AttainError(Exception):
    """Base class of every exception attain raises."""


class InvalidInputError(AttainError, ValueError):
    """A value outside its domain: negative count, done > eligible, NaN, target outside [0, 1]."""


class LengthMismatchError(InvalidInputError):
    """Arrays that must have the same length (or broadcast together) do not."""


class UnknownKeyError(InvalidInputError, LookupError):
    """A unit, period, measure or column that is not in the data."""


class DuplicateKeyError(InvalidInputError):
    """The same key twice, e.g. two rows for one (unit, period)."""


class HierarchyError(InvalidInputError):
    """A malformed unit hierarchy: unknown parent, cycle, conflicting parents."""


class InputTypeError(AttainError, TypeError):
    """An input of the wrong type: strings or booleans where counts are expected."""


class TallyOverflowError(AttainError, OverflowError):
    """An exact integer total that does not fit in 64 bits (attain never wraps around)."""


class MissingDependencyError(AttainError, ImportError):
    """An optional dependency (pandas, matplotlib, ...) is needed for this call."""
