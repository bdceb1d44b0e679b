"""Python value -> lesto type: the dispatcher's key function and the reader of frozen globals.

Ints that fit 64 bits, floats, bools, complex numbers, None, tuples of those and numpy arrays
and scalars of the supported dtypes have native forms; any other value is a CPython object of
its exact type (`PyObj(str)`, `PyObj(list)`, `PyObj(MyClass)`, a tuple holding one is
`PyObj(tuple)`).  Returns None only for values that must run in the interpreter: ints beyond 64
bits (the interpreter gives the exact big-int answer) and numpy values lesto does not compile
(other dtypes, byte orders, misaligned buffers, array subclasses)."""
from __future__ import annotations

from lesto.types.core import (
    BOOL, COMPLEX, FLOAT, INT, NONE, NP, UNBOUND, UNDEFINED, Array, LType, PyObj, Tuple,
)

INT_MIN = -(2**63)
INT_MAX = 2**63 - 1


def typeof(value: object) -> LType | None:
    """The lesto type of a Python value, or None when it must run in the interpreter."""
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
            if isinstance(t, PyObj):
                return PyObj(tuple)
            items.append(t)
        return Tuple(tuple(items))
    if cls.__module__.split(".")[0] == "numpy":
        if cls.__name__ == "ndarray" and cls.__module__ == "numpy":
            return array_type(value)
        if cls.__module__ == "numpy":
            return NP.get(cls.__name__)   # np.float64(1.5) -> np.float64, ...
        return None
    return PyObj(cls)


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
