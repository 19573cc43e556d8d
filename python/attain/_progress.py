"""Progress reports for long work: a tqdm bar on standard error, a callback, or nothing.

Library functions that can run long (reading a CSV, tallying case records, chunked roll-ups,
Dask and Spark roll-ups) take ``progress=``:

- ``False`` or ``None`` (the default in library calls): nothing is reported;
- ``True``: a tqdm progress bar on standard error, removed when the work is done;
- a callable ``progress(done, total)``: called as the work advances, with the amount done so
  far and the total (``None`` while unknown), in the unit the function states (bytes,
  steps, rows, partitions). It is the hook for a GUI, a log or a notebook widget.

The CLI passes ``True`` when standard output and standard error are both terminals and
``--quiet`` is not given.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, Optional, Union

from .errors import InputTypeError, MissingDependencyError

__all__ = ["Progress", "ProgressOption", "close_all"]

#: What ``progress=`` accepts.
ProgressOption = Union[bool, None, Callable[[int, Optional[int]], Any]]

_open: weakref.WeakSet[Progress] = weakref.WeakSet()


class Progress:
    """One unit of long work: ``update(n)`` as it advances, ``close()`` when it ends (also a
    context manager). Inactive (every method a no-op) when ``option`` is False or None."""

    def __init__(
        self, option: ProgressOption, *, total: int | None = None, desc: str = "", unit: str = "it", unit_scale: bool = False
    ) -> None:
        self.done = 0
        self.total = total
        self._bar: Any = None
        self._callback: Callable[[int, int | None], Any] | None = None
        if option is None or option is False:
            return
        if option is True:
            self._bar = _tqdm()(
                total=total, desc=desc, unit=unit, unit_scale=unit_scale, unit_divisor=1024 if unit == "B" else 1000,
                leave=False, dynamic_ncols=True, mininterval=0.1, disable=False,
            )
        elif callable(option):
            self._callback = option
        else:
            raise InputTypeError(f"progress must be True, False or a callable progress(done, total), not {option!r}")
        _open.add(self)

    @property
    def active(self) -> bool:
        return self._bar is not None or self._callback is not None

    def update(self, n: int = 1) -> None:
        """Advances by ``n``."""
        if n:
            self.advance_to(self.done + n)

    def advance_to(self, done: int, total: int | None = None) -> None:
        """Sets the amount done (e.g. a file position), and the total when it becomes known."""
        if total is not None and total != self.total:
            self.total = total
            if self._bar is not None:
                self._bar.total = total
        step, self.done = done - self.done, done
        if self._bar is not None:
            self._bar.update(step)
        elif self._callback is not None:
            self._callback(done, self.total)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        self._callback = None
        _open.discard(self)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def close_all() -> None:
    """Closes every open progress bar (the CLI calls it before printing an error, so that a
    bar left by interrupted work does not run into the message)."""
    for progress in list(_open):
        progress.close()


def _tqdm() -> Any:
    try:
        from tqdm import tqdm
    except ImportError:
        raise MissingDependencyError("progress bars need tqdm; install it with: pip install tqdm") from None
    return tqdm
