"""The one timer every benchmark uses: the best of ``repeat`` runs, after a garbage collection."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any


def best_of(fn: Callable[[], Any], repeat: int) -> float:
    """The shortest of ``repeat`` wall-clock times of ``fn()``, in seconds."""
    return timed(fn, repeat)[0]


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """(the shortest of ``repeat`` times of ``fn()``, the last result)."""
    times, result = [], None
    for _ in range(max(repeat, 1)):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result
