"""Python value -> lesto type: the dispatcher's key function and the reader of frozen globals.

Returns None for a value lesto cannot represent natively (an int beyond 64 bits, a str, ...);
such a call runs in the interpreter."""
from __future__ import annotations

from lesto.types.core import BOOL, FLOAT, INT, NONE, UNBOUND, UNDEFINED, LType, Tuple

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
    return None
