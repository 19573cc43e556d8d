"""Roll-ups on Dask (the ``attain[dask]`` extra).

Each partition of a ``dask.dataframe`` is rolled up by :func:`attain.rollup` on the worker
that holds it; the partial :class:`attain.Tallies` (small: units x periods x columns) are
merged pairwise in a tree, exactly; the result equals the in-memory roll-up of the same rows
to the last case and the last đồng.

Caveats: key columns should be plain strings or categoricals (mixed types across partitions
factorise differently but merge by name, so they are still right); integer value columns must
stay integers in every partition (a partition read with missing values becomes float and is
checked like any float input).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .errors import MissingDependencyError
from .rollup import Tallies
from .rollup import rollup as _rollup


def _dask() -> Any:
    try:
        import dask
    except ImportError:
        raise MissingDependencyError("attain.dask needs dask; install it with: pip install 'attain[dask]'") from None
    return dask


def rollup(ddf: Any, unit: str = "unit", period: str = "period", values: Sequence[str] | None = None, split_every: int = 8) -> Tallies:
    """:func:`attain.rollup` over a ``dask.dataframe.DataFrame``; returns the merged Tallies."""
    dask = _dask()
    partials = [dask.delayed(_rollup)(part, unit=unit, period=period, values=values) for part in ddf.to_delayed()]
    while len(partials) > 1:  # a tree of merges, split_every at a time
        partials = [dask.delayed(_merge_all)(partials[i : i + split_every]) for i in range(0, len(partials), split_every)]
    (result,) = dask.compute(partials[0])
    return result


def _merge_all(parts: list[Tallies]) -> Tallies:
    total = parts[0]
    for part in parts[1:]:
        total = total.merge(part)
    return total
