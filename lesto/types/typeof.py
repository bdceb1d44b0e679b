"""Python value -> lesto type: the dispatcher's key function and the reader of frozen globals.

Returns None for a value lesto cannot represent natively (an int beyond 64 bits, a str, ...);
such a call runs in the interpreter."""
from __future__ import annotations

from lesto.types.core import (
    BOOL, COMPLEX, FLOAT, INT, NONE, NP, UNBOUND, UNDEFINED, Array, LType, Tuple,
)

INT_MIN = -(2**63)
INT_MAX = 2**63 - 1


def typeof(value: object) -> LType | None:
    """The lesto type of a Python value, or None when it has no native representation."""
    cls = type(value)
    if cls is int:
        return INT if INT_MIN <= value <= INT_MAX else None  # type: ignore[operator]
    if cls is float:
        return FLOAT
    if cls is bool:
        return BOOL
    if cls is complex:
        return COMPLEX
    if value is None:
        return NONE
    if value is UNBOUND:
        return UNDEFINED
    if cls is tuple:
        items = []
        for item in value:  # type: ignore[attr-defined]
            t = typeof(item)
            if t is None:
                return None
            items.append(t)
        return Tuple(tuple(items))
    if cls.__module__ == "numpy":
        if cls.__name__ == "ndarray":
            return array_type(value)
        return NP.get(cls.__name__)   # np.float64(1.5) -> np.float64, ...
    return None


# numpy dtypes lesto compiles (native byte order only).
ARRAY_DTYPES = ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                "uint64", "float32", "float64", "complex128")


def array_type(a: object) -> LType | None:
    """The Array type of an exact numpy.ndarray (None for other dtypes, byte orders or
    misaligned buffers: those calls run in the interpreter)."""
    dt = a.dtype  # type: ignore[attr-defined]
    if dt.name not in ARRAY_DTYPES or dt.byteorder == ">":
        return None
    flags = a.flags  # type: ignore[attr-defined]
    if not flags.aligned:
        return None
    ndim = a.ndim  # type: ignore[attr-defined]
    if flags.c_contiguous:
        layout = "C"
    elif flags.f_contiguous:
        layout = "F"
    else:
        layout = "A"
    return Array(dt.name, ndim, layout, bool(flags.writeable))
