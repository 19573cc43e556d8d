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

import uuid
from collections.abc import Sequence
from typing import Any

from ._progress import Progress, ProgressOption
from .errors import MissingDependencyError
from .rollup import Tallies
from .rollup import rollup as _rollup


def _dask() -> Any:
    try:
        import dask
    except ImportError:
        raise MissingDependencyError("attain.dask needs dask; install it with: pip install 'attain[dask]'") from None
    return dask


def rollup(
    ddf: Any,
    unit: str = "unit",
    period: str = "period",
    values: Sequence[str] | None = None,
    split_every: int = 8,
    progress: ProgressOption = False,
) -> Tallies:
    """:func:`attain.rollup` over a ``dask.dataframe.DataFrame``; returns the merged Tallies.

    ``progress=True`` shows a bar of the partitions rolled up; a callable is called as
    ``progress(partitions_done, partitions)`` (see :mod:`attain._progress`). It works with the
    local schedulers and with a ``distributed`` client."""
    dask = _dask()
    prefix = f"attain-rollup-{uuid.uuid4().hex}"
    partials = [
        dask.delayed(_rollup, pure=False)(part, unit=unit, period=period, values=values, dask_key_name=f"{prefix}-{i}")
        for i, part in enumerate(ddf.to_delayed())
    ]
    with Progress(progress, total=len(partials), desc="dask roll-up", unit="partitions") as bar:
        client = _client() if bar.active else None
        if client is not None:  # the partial tallies stay on the workers as futures
            from distributed import as_completed

            partials = client.compute(partials)
            for _ in as_completed(partials):
                bar.update()
        while len(partials) > 1:  # a tree of merges, split_every at a time
            partials = [dask.delayed(_merge_all)(partials[i : i + split_every]) for i in range(0, len(partials), split_every)]
        final = partials[0]
        if client is not None:
            from distributed import Future

            done: Tallies = final.result() if isinstance(final, Future) else client.compute(final).result()
            return done
        if bar.active:
            from dask.callbacks import Callback

            def posttask(key: Any, *_: Any) -> None:
                if str(key).startswith(prefix):
                    bar.update()

            with Callback(posttask=posttask):
                (result,) = dask.compute(final)
        else:
            (result,) = dask.compute(final)
    return result


def _client() -> Any:
    """The default ``distributed`` client, or None (the local schedulers)."""
    try:
        from distributed import default_client
    except ImportError:
        return None
    try:
        return default_client()
    except ValueError:
        return None


def _merge_all(parts: list[Tallies]) -> Tallies:
    total = parts[0]
    for part in parts[1:]:
        total = total.merge(part)
    return total
