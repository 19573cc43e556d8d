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

import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from ._progress import Progress, ProgressOption
from .errors import MissingDependencyError
from .rollup import Tallies
from .rollup import rollup as _rollup


def _spark_types() -> Any:
    try:
        from pyspark.sql import types
    except ImportError:
        raise MissingDependencyError("attain.spark needs pyspark; install it with: pip install 'attain[spark]'") from None
    return types


def rollup(
    sdf: Any, unit: str = "unit", period: str = "period", values: Sequence[str] | None = None, progress: ProgressOption = False
) -> Tallies:
    """:func:`attain.rollup` over a ``pyspark.sql.DataFrame``; returns the merged Tallies.

    ``progress=True`` shows a bar of the partitions (Spark tasks) done; a callable is called as
    ``progress(tasks_done, tasks)`` (see :mod:`attain._progress`). Progress needs a classic
    SparkContext (not Spark Connect), where it reads Spark's status tracker."""
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

    with _watch(sdf, progress):
        rows = sdf.select(unit, period, *names).mapInPandas(partial, schema=schema).toPandas()
    parts = _rollup(rows, unit="unit", period="period", values=[*names, "__rows"])
    return Tallies(parts.units, parts.periods, names, parts.sums[:, :, :-1], parts.sums[:, :, -1])


@contextmanager
def _watch(sdf: Any, progress: ProgressOption) -> Iterator[None]:
    """Reports the tasks of the jobs started in the block, polling Spark's status tracker from
    a thread; the jobs run in a job group of their own, the caller's group is restored after."""
    bar = Progress(progress, desc="spark roll-up", unit="partitions")
    try:
        sc = sdf.sparkSession.sparkContext if bar.active else None
    except Exception:  # Spark Connect: no SparkContext, no status tracker
        sc = None
    if sc is None:
        bar.close()
        yield
        return
    keys = ("spark.jobGroup.id", "spark.job.description", "spark.job.interruptOnCancel")
    previous = {key: sc.getLocalProperty(key) for key in keys}
    group = f"attain-rollup-{uuid.uuid4().hex}"
    sc.setJobGroup(group, "attain roll-up")
    tracker = sc.statusTracker()
    stop = threading.Event()

    def poll(finished: bool = False) -> None:
        done = total = 0
        for job in tracker.getJobIdsForGroup(group):
            info = tracker.getJobInfo(job)
            for stage_id in info.stageIds if info else ():
                stage = tracker.getStageInfo(stage_id)
                if stage:
                    done, total = done + stage.numCompletedTasks, total + stage.numTasks
        if total:  # once finished, all is done (stages Spark skipped keep 0 completed tasks)
            bar.advance_to(total if finished else done, total)

    def watch() -> None:
        while not stop.wait(0.2):
            poll()

    thread = threading.Thread(target=watch, name="attain-spark-progress", daemon=True)
    thread.start()
    try:
        yield
        stop.set()
        thread.join()
        poll(finished=True)
    finally:
        stop.set()
        for key, value in previous.items():
            sc.setLocalProperty(key, value)
        bar.close()
