"""Which object operations get a direct or guarded native path (backend/lower_objfast.py)
instead of the generic C-API row, by the operands' lesto types.

    xs[i] = v   (list, int)       -> obj.list_setitem   (in place, no guard)
    x[i]        (unknown/tuple, int) -> obj.getitem_int (exact list / tuple guard)
    x[i] = v    (unknown, int)    -> obj.setitem_int    (exact list guard)
    a - b       (unknown/float/int objects) -> obj.fbinop.sub (exact float / small int guards)
"""
from __future__ import annotations

from lesto.types.core import LType, is_object, python_type_of

FLOAT_BINOPS = frozenset({"add", "sub", "mul", "truediv"})


def getitem_int_key(obj: LType) -> str | None:
    """The key of x[i] with an int64 index on object `obj`, when a fast path exists."""
    if is_object(obj) and python_type_of(obj) in (None, tuple):
        return "obj.getitem_int"
    return None


def setitem_int_key(obj: LType) -> str | None:
    t = python_type_of(obj) if is_object(obj) else object
    if t is list:
        return "obj.list_setitem"
    if t is None:
        return "obj.setitem_int"
    return None


def float_binop_key(op: str, mode: str, a: LType, b: LType) -> str | None:
    """obj.fbinop.<op> / obj.finplace.<op> when both operands may be numbers (ints or
    floats) and one is an object of unknown or numeric type: two exact floats, or two small
    exact ints, are computed in place."""
    if op not in FLOAT_BINOPS:
        return None
    if not all(python_type_of(t) in (None, float, int) for t in (a, b)):
        return None
    if not any(is_object(t) for t in (a, b)):
        return None
    return f"obj.{'finplace' if mode == 'inplace' else 'fbinop'}.{op}"
