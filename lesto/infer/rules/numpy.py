"""Typing rules for numpy arrays: indexing, stores, attributes, methods and numpy functions.

Arrays are typed structurally (dtype x ndim x layout would make too many table rows), by the
tables below; each entry names the lowering key that implements it.

    a[i, j]      (array[float64, 2d, C], tuple[int, int]) -> float     "array.getitem"
    a.shape      array[float64, 2d, C]                      -> tuple[int, int]
    a.sum()      array[int32, 1d, C]                        -> int  (numpy's own method, called)
    np.zeros((n, m), dtype=np.int32)                        -> array[int32, 2d, C]

Elements read from an array are numpy scalars (np.float64, np.int8, ...) with numpy's
arithmetic (infer/rules/npscalar.py), as in CPython.
"""
from __future__ import annotations

from lesto.types.core import BOOL, COMPLEX, FLOAT, INT, NONE, NP, Array, LType, Tuple, np_dtype

# dtype name -> (element type inside compiled code, item size in bytes, numpy type_num)
DTYPES: dict[str, tuple[LType | None, int, int]] = {
    "bool": (NP["bool"], 1, 0),
    "int8": (NP["int8"], 1, 1), "uint8": (NP["uint8"], 1, 2), "int16": (NP["int16"], 2, 3),
    "uint16": (NP["uint16"], 2, 4), "int32": (NP["int32"], 4, 5),
    "uint32": (NP["uint32"], 4, 6), "int64": (NP["int64"], 8, 7),
    "uint64": (NP["uint64"], 8, 8), "float32": (NP["float32"], 4, 11),
    "float64": (NP["float64"], 8, 12), "complex128": (NP["complex128"], 16, 15),
}
# Python scalar type -> the dtype numpy gives an array filled with it.
DEFAULT_DTYPE: dict[LType, str] = {FLOAT: "float64", INT: "int64", BOOL: "bool"}

# Allocating numpy functions: name -> what their arguments are.
CREATE_SHAPE = ("np.empty", "np.zeros", "np.ones")          # (shape[, dtype])
CREATE_LIKE = ("np.empty_like", "np.zeros_like", "np.ones_like")   # (array[, dtype])

# numpy ufuncs on scalars: name -> rows (argument type -> result type, lowering key).
SCALAR_UFUNCS = ("np.sqrt", "np.exp", "np.log", "np.sin", "np.cos", "np.tan", "np.abs",
                 "np.floor", "np.ceil", "np.isnan", "np.isinf", "np.isfinite")


# numpy computes these with its own (SIMD) kernels, which differ from libm in the last bit
# now and then: lesto calls numpy for them (exact), and fuses only the exact operations.
TRANSCENDENTAL = ("np.exp", "np.log", "np.sin", "np.cos", "np.tan")


def ufunc_array_type(name: str, a: Array) -> LType:
    """np.exp(a) of an array: numpy's result (an array; a numpy scalar for a 0-d array)."""
    import numpy as np

    with np.errstate(all="ignore"):
        d = str(getattr(np, name[3:])(np.ones(1, a.dtype)).dtype)
    if d not in NP:
        raise ArrayRefusal("L010", f"{name} giving {d}", "use float arrays")
    layout = a.layout if a.layout in "CF" else "A"   # numpy keeps the input's order
    return Array(d, a.ndim, layout) if a.ndim else NP[d]


def scalar_ufunc_type(name: str, t: LType) -> LType | None:
    """np.sqrt(x) of a scalar: a numpy scalar of the dtype numpy gives (None: unsupported)."""
    import numpy as np

    d = np_dtype(t)
    sample = {INT: 1, FLOAT: 1.0, BOOL: True, COMPLEX: 1j}.get(t) if d is None else \
        np.dtype(d).type(1)
    if sample is None:
        return None
    with np.errstate(all="ignore"):
        out = getattr(np, name[3:])(sample)
    result = str(out.dtype)
    if result not in NP:
        return None
    if result == "bool" and name not in ("np.isnan", "np.isinf", "np.isfinite", "np.abs",
                                         "np.floor", "np.ceil"):
        return None
    return NP[result]

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


def is_int_index(t: LType) -> bool:
    """A Python int or a numpy integer (not a bool: a[True] is a mask in numpy)."""
    d = np_dtype(t)
    return t == INT or (d is not None and d not in ("bool", "float32", "float64", "complex128"))


def index_count(index: LType) -> int | None:
    """How many int positions an index has (an int, or a tuple of ints); None otherwise."""
    if is_int_index(index):
        return 1
    if isinstance(index, Tuple) and all(is_int_index(t) for t in index.items):
        return len(index.items)
    return None


def getitem_type(a: Array, index: LType) -> LType:
    picked = picked_type(a, index)
    if picked is not None:
        return picked
    n = index_count(index)
    if n is None:
        raise ArrayRefusal("L019", f"an array index of type {index}",
                           "index arrays with ints (one per dimension), one bool or integer "
                           "array, or a slice")
    if n != a.ndim:
        if n > a.ndim:
            from lesto.types.core import BOTTOM

            return BOTTOM  # IndexError: too many indices (the interpreter raises it)
        return subarray_type(a, n)
    return element(a)


def picked_type(a: Array, index: LType) -> LType | None:
    """What numpy gives for a[index] when the index is one bool (a[True]: a view with a new
    leading axis of length 1, or 0 for False), a bool mask array (the selected elements, a
    new array: mask.ndim leading axes become one) or an integer array (the rows it names, a
    new array of shape index.shape + a.shape[1:]); None for other indices.  numpy itself
    does these (its IndexError for a mask of the wrong shape or an index out of range)."""
    from lesto.types.core import BOTTOM

    if index == BOOL or np_dtype(index) == "bool":
        return Array(a.dtype, a.ndim + 1, "A", a.writable)
    if not isinstance(index, Array):
        return None
    if index.dtype == "bool":
        if index.ndim == 0:
            return Array(a.dtype, a.ndim + 1, "A", a.writable)
        if index.ndim > a.ndim:
            return BOTTOM   # IndexError: too many indices (the interpreter raises it)
        ndim = a.ndim - index.ndim + 1
    elif is_int_index(NP.get(index.dtype, BOOL)):
        if index.ndim == 0:
            return None     # a 0-d integer array indexes like an int: refused (use int(i))
        if a.ndim == 0:
            return BOTTOM   # IndexError: too many indices
        ndim = index.ndim + a.ndim - 1
    else:
        raise ArrayRefusal("L019", f"an index array of dtype {index.dtype}",
                           "index with a bool mask or an integer array")
    return Array(a.dtype, ndim, "C" if ndim == 1 else "A")


def subarray_type(a: Array, n: int) -> Array:
    """a[i] of a 2-d array (n leading indices): a view numpy makes; rows of a C array are C."""
    return Array(a.dtype, a.ndim - n, "C" if a.layout == "C" else "A", a.writable)


def setitem_type(a: Array, index: LType, value: LType) -> LType:
    from lesto.types.core import BOTTOM

    target = getitem_type(a, index)
    if isinstance(target, Array) or isinstance(value, Array):
        # a row or a broadcast store (a[0] = a[1]): numpy's own setitem does it
        return NONE if a.writable else BOTTOM
    if (np_dtype(value) == "complex128" or value == COMPLEX) and a.dtype != "complex128":
        raise ArrayRefusal("L019", "storing a complex into a real array",
                           "numpy keeps the real part with a ComplexWarning; store .real")
    if value not in (BOOL, INT, FLOAT, COMPLEX) and np_dtype(value) is None:
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
    if name == "dtype":
        from lesto.types.core import DTYPE_VALUES

        return DTYPE_VALUES[a.dtype]
    if name == "T":
        return Array(a.dtype, a.ndim, transposed_layout(a), a.writable)
    if name in ("real", "imag") and a.dtype == "complex128":   # views numpy makes
        return Array("float64", a.ndim, "A", a.writable)
    raise ArrayRefusal("L002", f"attribute '{name}' of an array",
                       "use shape, ndim, size, itemsize, nbytes, dtype or T (and real, imag "
                       "of complex arrays)")


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
