"""Conversion and validation of user input at the boundary, before the compiled core.

Counts and amounts become C-contiguous int64 arrays, never silently: floats must be whole
numbers (and below 2**53, where floats stop being exact), NaN / None / pandas.NA are
missing values, booleans and strings are type errors. Read-only arrays (pandas copy-on-write)
are accepted as they are.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from . import _core
from .errors import InputTypeError, InvalidInputError, LengthMismatchError, MissingDependencyError

_EXACT_FLOAT = 2.0**53
_INT64_MAX = np.iinfo(np.int64).max


def _where(name: str, flat_index: int, shape: tuple[int, ...]) -> str:
    if len(shape) <= 1:
        return f"{name}[{flat_index}]"
    idx = np.unravel_index(flat_index, shape)
    return f"{name}[{', '.join(str(int(i)) for i in idx)}]"


def _is_missing(x: Any) -> bool:
    if x is None:
        return True
    if isinstance(x, float) and x != x:
        return True
    return type(x).__name__ in {"NAType", "NaTType"}


def _object_to_int64(arr: np.ndarray, name: str) -> np.ndarray:
    out = np.empty(arr.shape, dtype=np.int64)
    flat_out = out.reshape(-1)
    for i, x in enumerate(arr.reshape(-1)):
        where = _where(name, i, arr.shape)
        if _is_missing(x):
            raise InvalidInputError(f"{where} is missing ({x!r}); counts must be whole numbers")
        if isinstance(x, (bool, np.bool_)):
            raise InputTypeError(f"{where} = {x!r} is a boolean; counts must be whole numbers")
        if isinstance(x, (int, np.integer)):
            if not -_INT64_MAX - 1 <= int(x) <= _INT64_MAX:
                raise InvalidInputError(f"{where} = {x} does not fit in int64")
            flat_out[i] = int(x)
        elif isinstance(x, (float, np.floating)):
            flat_out[i] = _float_to_int64(np.array([x], dtype=np.float64), name, arr.shape, offset=i)[0]
        else:
            raise InputTypeError(f"{where} = {x!r} is a {type(x).__name__}; counts must be whole numbers")
    return out


def _float_to_int64(arr: np.ndarray, name: str, shape: tuple[int, ...], offset: int = 0) -> np.ndarray:
    flat = arr.reshape(-1)
    bad = ~np.isfinite(flat) | (flat != np.floor(flat)) | (np.abs(flat) > _EXACT_FLOAT)
    if bad.any():
        i = int(np.argmax(bad))
        x = float(flat[i])
        where = _where(name, i + offset, shape)
        if np.isnan(x):
            raise InvalidInputError(f"{where} is NaN; counts must be whole numbers")
        if np.isinf(x):
            raise InvalidInputError(f"{where} = {x} is infinite; counts must be whole numbers")
        if x != np.floor(x):
            raise InvalidInputError(f"{where} = {x!r} is not a whole number")
        raise InvalidInputError(f"{where} = {x!r} is too large to be exact as a float; pass int64 values")
    return arr.astype(np.int64)


def _to_numpy(values: Any) -> np.ndarray:
    # pandas Series / Index / nullable arrays: go through object dtype when they hold NA.
    if hasattr(values, "to_numpy") and not isinstance(values, np.ndarray):
        if isinstance(getattr(values, "dtype", None), np.dtype) and values.dtype.kind in "iub":
            return np.asarray(values.to_numpy())  # numpy integers and booleans hold no NA: no isna() pass
        if hasattr(values, "isna") and bool(np.asarray(values.isna()).any()):
            return np.asarray(values.to_numpy(dtype=object))
        dtype = getattr(values, "dtype", None)
        if dtype is not None and getattr(dtype, "kind", "O") in "iuf" and not isinstance(dtype, np.dtype):
            return np.asarray(values.to_numpy(dtype=dtype.numpy_dtype))
        return np.asarray(values.to_numpy())
    return np.asarray(values)


def as_counts(values: Any, name: str) -> np.ndarray:
    """``values`` as an int64 array; raises a clear error naming ``name`` and the index."""
    arr = _to_numpy(values)
    kind = arr.dtype.kind
    if kind == "i":
        out = arr.astype(np.int64, copy=False)
    elif kind == "u":
        if arr.size and int(arr.max()) > _INT64_MAX:
            i = int(np.argmax(arr > _INT64_MAX))
            raise InvalidInputError(f"{_where(name, i, arr.shape)} = {arr.reshape(-1)[i]} does not fit in int64")
        out = arr.astype(np.int64)
    elif kind == "f":
        out = _float_to_int64(arr, name, arr.shape)
    elif kind == "b":
        raise InputTypeError(f"{name} holds booleans; counts must be whole numbers")
    elif kind == "O":
        out = _object_to_int64(arr, name)
    else:
        raise InputTypeError(f"{name} has dtype {arr.dtype}; counts must be whole numbers (int64)")
    return np.ascontiguousarray(out).reshape(out.shape)  # keep 0-d inputs 0-d


def as_ratios(values: Any, name: str, *, allow_nan: bool = False, high: float = 1.0) -> np.ndarray:
    """``values`` as a float64 array of ratios in [0, 1] (a target, a level; [0, ``high``] for a
    quota's target, which may exceed its plan)."""
    arr = _to_numpy(values)
    if arr.dtype.kind == "O":
        arr = np.array([np.nan if _is_missing(x) else x for x in arr.reshape(-1)], dtype=object).reshape(arr.shape)
    if arr.dtype.kind == "b" or arr.dtype.kind not in "iufO":
        raise InputTypeError(f"{name} has dtype {arr.dtype}; ratios must be numbers in [0, 1]")
    try:
        out = np.ascontiguousarray(arr, dtype=np.float64).reshape(arr.shape)
    except (TypeError, ValueError) as exc:
        raise InputTypeError(f"{name} must hold numbers in [0, 1]: {exc}") from None
    flat = out.reshape(-1)
    bad = (np.isnan(flat) & (not allow_nan)) | (flat < 0) | (flat > high)
    if bad.any():
        i = int(np.argmax(bad))
        what = "is NaN" if np.isnan(flat[i]) else f"is outside [0, {high:g}]"
        raise InvalidInputError(f"{_where(name, i, out.shape)} = {float(flat[i])!r} {what}")
    return out


def broadcast(names: list[str], arrays: list[np.ndarray]) -> list[np.ndarray]:
    """numpy broadcasting, with an error that names the arguments and their shapes."""
    try:
        # ascontiguousarray turns 0-d into 1-d: keep the broadcast shape.
        return [np.ascontiguousarray(a).reshape(a.shape) for a in np.broadcast_arrays(*arrays)]
    except ValueError:
        shapes = ", ".join(f"{n} has shape {a.shape}" for n, a in zip(names, arrays))
        raise LengthMismatchError(f"arguments do not broadcast together: {shapes}") from None


def require_pandas(feature: str) -> Any:
    """Imports pandas, or explains which extra provides it."""
    try:
        import pandas
    except ImportError:  # pragma: no cover - exercised in the no-pandas test
        raise MissingDependencyError(
            f"{feature} needs pandas; install it with: pip install 'attain[pandas]'"
        ) from None
    return pandas


def as_alpha(alpha: Any) -> float:
    """A significance level (or one minus a coverage) strictly between 0 and 1."""
    if isinstance(alpha, (bool, np.bool_)) or not isinstance(alpha, numbers.Real):
        raise InputTypeError(f"alpha = {alpha!r} must be a number in (0, 1)")
    a = float(alpha)
    if not 0.0 < a < 1.0:
        raise InvalidInputError(f"alpha = {a!r} is {'NaN' if math.isnan(a) else 'outside (0, 1)'}")
    return a


def parse_ratio(text: str) -> float:
    """``"0.815"`` or ``"81.5%"`` -> 0.815 (the C++ ``parse_ratio``); InvalidInputError otherwise.
    The range is not checked here (a target's is :func:`check_target`'s)."""
    return float(_core.parse_ratio(text))


def check_target(value: Any, name: str) -> float:
    """A target as a float in [0, 1] (the C++ ``validate_target`` checks the range)."""
    try:
        t = float(value)
    except (TypeError, ValueError):
        raise InvalidInputError(f"{name} = {value!r} is not a number") from None
    return float(_core.check_target(t, name))


def check_measure_target(value: Any, form: str, name: str) -> float:
    """A target of a measure of ``form`` as a float: in [0, 1] for a completion ratio, [0, 10]
    for a quota (the C++ ``validate_target`` checks the range)."""
    try:
        t = float(value)
    except (TypeError, ValueError):
        raise InvalidInputError(f"{name} = {value!r} is not a number") from None
    return float(_core.check_measure_target(t, form, name))
