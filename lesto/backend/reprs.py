"""lesto type -> LLVM representation (the data model), and constants of each type.

int -> i64, float -> double, bool -> i1, None (and unbound) -> i8 0, tuple -> literal struct of
its items, union -> {i8 tag, i64 payload} with the tags of `types.core.TAG` (float payloads are
the double's bits), array -> {i8* data, [n x i64] shape, [n x i64] strides (bytes), PyObject*
the numpy array object (borrowed from the caller, or owned by the function's arena)}."""
from __future__ import annotations

from typing import Any

from llvmlite import ir

from lesto.backend.context import F64, I1, I8, I64
from lesto.types.core import (
    BOOL, FLOAT, INT, NONE, TAG, UNDEFINED, Array, ArrayExpr, LType, Tuple, Union,
)
from lesto.types.typeof import typeof

UNION = ir.LiteralStructType([I8, I64])
_SCALARS: dict[LType, ir.Type] = {INT: I64, FLOAT: F64, BOOL: I1, NONE: I8, UNDEFINED: I8}


def repr_of(t: LType) -> ir.Type:
    if t in _SCALARS:
        return _SCALARS[t]
    if isinstance(t, Tuple):
        return ir.LiteralStructType([repr_of(i) for i in t.items])
    if isinstance(t, Union):
        return UNION
    if isinstance(t, Array):
        return array_repr(t.ndim)
    if isinstance(t, ArrayExpr):   # the operands it will be computed from
        return ir.LiteralStructType([repr_of(o) for o in t.operands])
    raise TypeError(f"no machine representation for {t}")


def array_repr(ndim: int) -> ir.LiteralStructType:
    dims = ir.ArrayType(I64, ndim)
    return ir.LiteralStructType([ir.PointerType(), dims, dims, ir.PointerType()])


ARRAY_DATA, ARRAY_SHAPE, ARRAY_STRIDES, ARRAY_OBJ = 0, 1, 2, 3


def constant(value: Any, t: LType | None = None) -> ir.Constant:
    """The LLVM constant for a Python constant (of type `t`, or its own type)."""
    if t is None:
        t = typeof(value)
        assert t is not None, value
    if isinstance(t, Union):
        own = typeof(value)
        assert own is not None
        return ir.Constant(UNION, [ir.Constant(I8, TAG[own]), payload_constant(value, own)])
    if t == FLOAT:
        return ir.Constant(F64, float(value))
    if t == INT:
        return ir.Constant(I64, int(value))
    if t == BOOL:
        return ir.Constant(I1, 1 if value else 0)
    if t in (NONE, UNDEFINED):
        return ir.Constant(I8, 0)
    if isinstance(t, Tuple):
        return ir.Constant(repr_of(t), [constant(v, it) for v, it in zip(value, t.items)])
    raise TypeError(f"no constant of type {t}")


def payload_constant(value: Any, t: LType) -> ir.Constant:
    if t == FLOAT:
        import struct

        return ir.Constant(I64, struct.unpack("<q", struct.pack("<d", value))[0])
    if t in (INT, BOOL):
        return ir.Constant(I64, int(value))
    return ir.Constant(I64, 0)


def to_union(b: ir.IRBuilder, v: ir.Value, t: LType) -> ir.Value:
    """Wrap a value of scalar type `t` (or an existing union) as a union value."""
    if isinstance(t, Union):
        return v
    if t == FLOAT:
        payload = b.bitcast(v, I64)
    elif t == INT:
        payload = v
    elif t == BOOL:
        payload = b.zext(v, I64)
    else:
        payload = ir.Constant(I64, 0)
    u = b.insert_value(ir.Constant(UNION, ir.Undefined), ir.Constant(I8, TAG[t]), 0)
    return b.insert_value(u, payload, 1)


def from_union(b: ir.IRBuilder, u: ir.Value, t: LType) -> ir.Value:
    """The member of type `t` held by union `u` (the caller has checked the tag)."""
    if isinstance(t, Union):
        return u
    payload = b.extract_value(u, 1)
    if t == FLOAT:
        return b.bitcast(payload, F64)
    if t == INT:
        return payload
    if t == BOOL:
        return b.trunc(payload, I1)
    return ir.Constant(I8, 0)

