"""Roll-ups on Spark (the ``attain[spark]`` extra).

``mapInPandas`` rolls each partition up with :func:`attain.rollup` on the executors and emits
its partial sums as rows (unit, period, one LongType column per summed column, the row count);
the driver collects those partial rows (a few per unit and month and partition: small) and
merges them exactly into :class:`attain.Tallies`. The result equals the in-memory roll-up of
the same rows, to the last case and the last đồng.

Caveats: value columns must be integral Spark types (LongType / IntegerType; DecimalType and
DoubleType are refused by the check in :func:`attain.rollup`, as floats lose exactness); the
period column should be a ``YYYY-MM`` string or a date; executors need attain installed (the
same version as the driver); Arrow must be available to PySpark (pyarrow).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from .errors import MissingDependencyError
from .rollup import Tallies
from .rollup import rollup as _rollup


def _spark_types() -> Any:
    try:
        from pyspark.sql import types
    except ImportError:
        raise MissingDependencyError("attain.spark needs pyspark; install it with: pip install 'attain[spark]'") from None
    return types


def rollup(sdf: Any, unit: str = "unit", period: str = "period", values: Sequence[str] | None = None) -> Tallies:
    """:func:`attain.rollup` over a ``pyspark.sql.DataFrame``; returns the merged Tallies."""
    T = _spark_types()
    names = list(values) if values is not None else [c for c in sdf.columns if c.endswith(("_done", "_eligible", "_accepted"))]
    schema = T.StructType(
        [T.StructField("unit", T.StringType()), T.StructField("period", T.StringType())]
        + [T.StructField(n, T.LongType()) for n in names]
        + [T.StructField("__rows", T.LongType())]
    )

    def partial(frames: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        for frame in frames:
            if len(frame) == 0:
                continue
            t = _rollup(frame, unit=unit, period=period, values=names)
            u, p = np.nonzero(t.rows)
            out = {"unit": np.asarray(t.units, dtype=object)[u], "period": np.asarray(t.periods, dtype=object)[p]}
            for k, n in enumerate(names):
                out[n] = t.sums[u, p, k]
            out["__rows"] = t.rows[u, p]
            yield pd.DataFrame(out)

    rows = sdf.select(unit, period, *names).mapInPandas(partial, schema=schema).toPandas()
    parts = _rollup(rows, unit="unit", period="period", values=[*names, "__rows"])
    return Tallies(parts.units, parts.periods, names, parts.sums[:, :, :-1], parts.sums[:, :, -1])
