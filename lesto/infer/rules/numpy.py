"""Typing rules for numpy arrays: indexing, stores, attributes, methods and numpy functions.

Arrays are typed structurally (dtype x ndim x layout would make too many table rows), by the
tables below; each entry names the lowering key that implements it.

    a[i, j]      (array[float64, 2d, C], tuple[int, int]) -> float     "array.getitem"
    a.shape      array[float64, 2d, C]                      -> tuple[int, int]
    a.sum()      array[int32, 1d, C]                        -> int  (numpy's own method, called)
    np.zeros((n, m), dtype=np.int32)                        -> array[int32, 2d, C]

Elements read from an array are Python scalars inside compiled code: bool arrays give bool,
integer arrays int, float arrays float (numpy would give np.float64 and friends: equal values;
see the notes in README's numpy section).
"""
from __future__ import annotations

from lesto.types.core import BOOL, FLOAT, INT, NONE, Array, LType, Tuple

# dtype name -> (element type inside compiled code, item size in bytes, numpy type_num)
DTYPES: dict[str, tuple[LType | None, int, int]] = {
    "bool": (BOOL, 1, 0),
    "int8": (INT, 1, 1), "uint8": (INT, 1, 2), "int16": (INT, 2, 3), "uint16": (INT, 2, 4),
    "int32": (INT, 4, 5), "uint32": (INT, 4, 6), "int64": (INT, 8, 7), "uint64": (INT, 8, 8),
    "float32": (FLOAT, 4, 11), "float64": (FLOAT, 8, 12),
    "complex128": (None, 16, 15),
}
# Python scalar type -> the dtype numpy gives an array filled with it.
DEFAULT_DTYPE: dict[LType, str] = {FLOAT: "float64", INT: "int64", BOOL: "bool"}

# Allocating numpy functions: name -> what their arguments are.
CREATE_SHAPE = ("np.empty", "np.zeros", "np.ones")          # (shape[, dtype])
CREATE_LIKE = ("np.empty_like", "np.zeros_like", "np.ones_like")   # (array[, dtype])

# numpy ufuncs on scalars: name -> rows (argument type -> result type, lowering key).
SCALAR_UFUNCS: dict[str, dict[LType, tuple[LType, str]]] = {
    "np.sqrt": {FLOAT: (FLOAT, "np.sqrt")},
    "np.exp": {FLOAT: (FLOAT, "np.exp")},
    "np.log": {FLOAT: (FLOAT, "np.log")},
    "np.sin": {FLOAT: (FLOAT, "np.sin")},
    "np.cos": {FLOAT: (FLOAT, "np.cos")},
    "np.tan": {FLOAT: (FLOAT, "np.tan")},
    "np.abs": {FLOAT: (FLOAT, "float.abs"), INT: (INT, "int.abs")},
    "np.floor": {FLOAT: (FLOAT, "np.floor")},
    "np.ceil": {FLOAT: (FLOAT, "np.ceil")},
    "np.isnan": {FLOAT: (BOOL, "math.isnan")},
    "np.isinf": {FLOAT: (BOOL, "math.isinf")},
    "np.isfinite": {FLOAT: (BOOL, "math.isfinite")},
}
SCALAR_COERCE = {INT: FLOAT, BOOL: FLOAT}   # np.sqrt(2) computes in float64

# Methods answered by numpy itself (called through the C-API: numpy's exact semantics).
REDUCTIONS = ("sum", "min", "max", "mean", "prod")


class ArrayRefusal(Exception):
    """(code, construct, detail) of an array operation that cannot be compiled."""


def element(a: Array) -> LType:
    elem = DTYPES[a.dtype][0]
    if elem is None:
        raise ArrayRefusal("L019", f"elements of a {a.dtype} array",
                           "complex elements are not supported in compiled code yet")
    return elem


def index_count(index: LType) -> int | None:
    """How many int positions an index has (an int, or a tuple of ints); None otherwise."""
    if index in (INT,):
        return 1
    if isinstance(index, Tuple) and all(t == INT for t in index.items):
        return len(index.items)
    return None


def getitem_type(a: Array, index: LType) -> LType:
    n = index_count(index)
    if n is None:
        raise ArrayRefusal("L019", f"an array index of type {index}",
                           "index arrays with ints (one per dimension); slices, bools and "
                           "arrays as indices are not supported yet")
    if n != a.ndim:
        if n > a.ndim:
            from lesto.types.core import BOTTOM

            return BOTTOM  # IndexError: too many indices (the interpreter raises it)
        raise ArrayRefusal("L019", f"a {a.ndim}-d array indexed with {n} index(es)",
                           "give one index per dimension (sub-array views are not supported "
                           "yet)")
    return element(a)


def setitem_type(a: Array, index: LType, value: LType) -> LType:
    from lesto.types.core import BOTTOM

    getitem_type(a, index)
    if value not in (BOOL, INT, FLOAT):
        raise ArrayRefusal("L019", f"storing a {value} into an array",
                           "store ints, floats or bools")
    if not a.writable:
        return BOTTOM  # ValueError: assignment destination is read-only
    if a.dtype == "bool" and value != BOOL:
        return NONE
    return NONE


def attribute_type(a: Array, name: str) -> LType:
    if name == "shape":
        return Tuple(tuple(INT for _ in range(a.ndim)))
    if name in ("ndim", "size", "itemsize", "nbytes"):
        return INT
    if name == "T":
        return Array(a.dtype, a.ndim, transposed_layout(a), a.writable)
    raise ArrayRefusal("L002", f"attribute '{name}' of an array",
                       "use shape, ndim, size, itemsize, nbytes or T")


def transposed_layout(a: Array) -> str:
    if a.ndim <= 1:
        return a.layout
    return {"C": "F", "F": "C"}.get(a.layout, "A")


def dtype_of_result(numpy_call: str, dtype: str, *, ndim: int = 1) -> str:
    """The dtype numpy gives `numpy_call` (a reduction method) on an array of `dtype`."""
    import numpy as np

    sample = np.zeros((1,) * max(ndim, 1), dtype=dtype)
    return str(getattr(sample, numpy_call)().dtype)


def scalar_of_dtype(dtype: str) -> LType:
    elem = DTYPES.get(dtype, (None, 0, 0))[0]
    if elem is None:
        raise ArrayRefusal("L019", f"a {dtype} result", "complex results are not supported yet")
    return elem
