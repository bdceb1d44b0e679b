"""lesto type -> LLVM representation (the data model), and constants of each type.

int -> i64, float -> double, bool -> i1, None (and unbound) -> i8 0, complex (Python's and
np.complex128) -> {double real, double imag}, tuple -> literal struct of its items, union ->
{i8 tag, i64 payload} with the tags of `types.core.tag_of` (float payloads are the double's
bits; a union of complex kinds has a {double, double} payload; a union with arrays, all of one
ndim, is {i8 tag, i64 payload, array} with a null array while it holds a scalar), array ->
{i8* data, [n x i64] shape, [n x i64] strides (bytes), PyObject* the numpy array object
(borrowed from the caller, or owned by the function's arena)}, a CPython object (PyObj) ->
PyObject* (owned by the variable holding it; see backend/lower_object.py), and a union of an
object with "unbound" -> the same pointer, NULL while unbound."""
from __future__ import annotations

from typing import Any

from llvmlite import ir

from lesto.backend.context import F64, I1, I8, I64
from lesto.types.core import COMPLEX as PY_COMPLEX
from lesto.types.core import (
    BOOL, DTYPE_VALUES, FLOAT, INT, NONE, NP, UNDEFINED, Array, ArrayExpr, LType, PyObj,
    Tuple, Union, holds_array, is_object, np_dtype, tag_of,
)
from lesto.types.typeof import typeof

UNION = ir.LiteralStructType([I8, I64])
FLOAT_UNION = ir.LiteralStructType([I8, F64])   # a union of float kinds only: no bitcasts
COMPLEX = ir.LiteralStructType([F64, F64])
COMPLEX_UNION = ir.LiteralStructType([I8, COMPLEX])   # complex kinds (and None / unbound)


def union_repr(t: Union) -> ir.LiteralStructType:
    """{tag, payload}: the payload is a double when every member is a float (`float |
    np.float64`, the type of `acc = 0.0; acc += a[i]`), so loops carry no int<->float moves;
    two doubles when a member is complex (types.core.make_union allows no ints then); with an
    array member, the array's struct follows the scalar payload."""
    arrays = [m for m in t.members if isinstance(m, Array)]
    if arrays:
        return ir.LiteralStructType([I8, I64, array_repr(arrays[0].ndim)])
    if any(kind(m) == "complex" for m in t.members):
        return COMPLEX_UNION
    return FLOAT_UNION if all(kind(m) == "float" for m in t.members) else UNION


_SCALARS: dict[LType, ir.Type] = {INT: I64, FLOAT: F64, BOOL: I1, NONE: I8, UNDEFINED: I8,
                                  PY_COMPLEX: COMPLEX}
for _t in DTYPE_VALUES.values():   # a.dtype: known when compiling, no data
    _SCALARS[_t] = I8
for _d, _t in NP.items():   # numpy scalars: see types.core.NP
    _SCALARS[_t] = (I1 if _d == "bool" else F64 if _d.startswith("float") else
                    COMPLEX if _d.startswith("complex") else I64)


def kind(t: LType) -> str:
    """'float', 'int', 'bool', 'complex' (Python or numpy scalar alike), or '' for other
    types."""
    if t == FLOAT or (np_dtype(t) or "").startswith("float"):
        return "float"
    if t == PY_COMPLEX or (np_dtype(t) or "").startswith("complex"):
        return "complex"
    if t == BOOL or np_dtype(t) == "bool":
        return "bool"
    if t == INT or np_dtype(t) is not None:
        return "int"
    return ""


OBJ = ir.PointerType()   # a PyObject*: objects, and unions of an object with "unbound" (NULL)


def repr_of(t: LType) -> ir.Type:
    if t in _SCALARS:
        return _SCALARS[t]
    if is_object(t):
        return OBJ
    if isinstance(t, Tuple):
        return ir.LiteralStructType([repr_of(i) for i in t.items])
    if isinstance(t, Union):
        return union_repr(t)
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
        rep = union_repr(t)
        if len(rep.elements) == 3:
            return ir.Constant(rep, [ir.Constant(I8, tag_of(own)), payload_constant(value, own),
                                     ir.Constant(rep.elements[2], None)])
        if rep is COMPLEX_UNION:
            pair = constant(value, own) if own == PY_COMPLEX else ir.Constant(COMPLEX, None)
            return ir.Constant(COMPLEX_UNION, [ir.Constant(I8, tag_of(own)), pair])
        if rep is FLOAT_UNION:
            return ir.Constant(FLOAT_UNION, [ir.Constant(I8, tag_of(own)),
                                             ir.Constant(F64, float(value))])
        return ir.Constant(UNION, [ir.Constant(I8, tag_of(own)), payload_constant(value, own)])
    if t == FLOAT:
        return ir.Constant(F64, float(value))
    if t == INT:
        return ir.Constant(I64, int(value))
    if t == BOOL:
        return ir.Constant(I1, 1 if value else 0)
    if t in (NONE, UNDEFINED):
        return ir.Constant(I8, 0)
    if t == PY_COMPLEX:
        z = complex(value)
        return ir.Constant(COMPLEX, [ir.Constant(F64, z.real), ir.Constant(F64, z.imag)])
    if isinstance(t, Tuple):
        return ir.Constant(repr_of(t), [constant(v, it) for v, it in zip(value, t.items)])
    raise TypeError(f"no constant of type {t}")


def payload_constant(value: Any, t: LType) -> ir.Constant:
    if kind(t) == "float":
        import struct

        return ir.Constant(I64, struct.unpack("<q", struct.pack("<d", value))[0])
    if kind(t) in ("int", "bool"):
        return ir.Constant(I64, int(value))
    return ir.Constant(I64, 0)


def recast_union(b: ir.IRBuilder, u: ir.Value, to: ir.Type) -> ir.Value:
    """A union value moved into another union representation (payload bits kept; the array
    part kept, or null when the source has none)."""
    if u.type == to:
        return u
    if COMPLEX in (u.type.elements[1], to.elements[1]):
        # only None / unbound members move between these forms: they carry no payload
        payload = ir.Constant(to.elements[1], None)
    else:
        payload = b.bitcast(b.extract_value(u, 1), to.elements[1])
    out = b.insert_value(ir.Constant(to, ir.Undefined), b.extract_value(u, 0), 0)
    out = b.insert_value(out, payload, 1)
    if len(to.elements) == 3:
        same = len(u.type.elements) == 3 and u.type.elements[2] == to.elements[2]
        arr = b.extract_value(u, 2) if same else ir.Constant(to.elements[2], None)
        out = b.insert_value(out, arr, 2)
    return out


def to_union(b: ir.IRBuilder, v: ir.Value, t: LType, union: Union) -> ir.Value:
    """Wrap a value of scalar type `t` (or an existing union) as a value of `union`."""
    target = union_repr(union)
    if isinstance(t, Union):
        return recast_union(b, v, target)
    if len(target.elements) == 3:   # a union with arrays
        u = b.insert_value(ir.Constant(target, None), ir.Constant(I8, tag_of(t)), 0)
        if isinstance(t, Array):
            return b.insert_value(u, v, 2)
        return b.insert_value(u, scalar_payload(b, v, t), 1)
    if target is COMPLEX_UNION:
        pair = v if kind(t) == "complex" else ir.Constant(COMPLEX, None)
        u = b.insert_value(ir.Constant(COMPLEX_UNION, ir.Undefined), ir.Constant(I8, tag_of(t)), 0)
        return b.insert_value(u, pair, 1)
    if target is FLOAT_UNION:
        u = b.insert_value(ir.Constant(FLOAT_UNION, ir.Undefined), ir.Constant(I8, tag_of(t)), 0)
        return b.insert_value(u, v, 1)
    u = b.insert_value(ir.Constant(UNION, ir.Undefined), ir.Constant(I8, tag_of(t)), 0)
    return b.insert_value(u, scalar_payload(b, v, t), 1)


def scalar_payload(b: ir.IRBuilder, v: ir.Value, t: LType) -> ir.Value:
    """The i64 payload of a scalar (a float's bits, an int, a bool extended; 0 for None)."""
    if kind(t) == "float":
        return b.bitcast(v, I64)
    if kind(t) == "int":
        return v
    if kind(t) == "bool":
        return b.zext(v, I64)
    if isinstance(t, PyObj):   # the PyLong of an XINT (types/core.py)
        return b.ptrtoint(v, I64)
    return ir.Constant(I64, 0)


def from_union(b: ir.IRBuilder, u: ir.Value, t: LType) -> ir.Value:
    """The member of type `t` held by union `u` (the caller has checked the tag)."""
    if isinstance(t, Union):
        return recast_union(b, u, union_repr(t))
    if isinstance(t, Array):
        return b.extract_value(u, 2)
    payload = b.extract_value(u, 1)
    if kind(t) == "complex":
        return payload
    if kind(t) == "float":
        return payload if payload.type == F64 else b.bitcast(payload, F64)
    if kind(t) == "int":
        return payload
    if kind(t) == "bool":
        return b.trunc(payload, I1)
    if isinstance(t, PyObj):
        return b.inttoptr(payload, ir.PointerType())
    return ir.Constant(I8, 0)



def array_components(v: ir.Value, t: LType, b: ir.IRBuilder) -> list[ir.Value]:
    """The PyObject* of every array inside a value of type `t` (an array, a tuple, or the
    arrays a lazy whole-array expression reads)."""
    if isinstance(t, Array):
        return [b.extract_value(v, 3)]
    if isinstance(t, Union) and holds_array(t):   # null when it holds a scalar
        return [b.extract_value(v, [2, 3])]
    if isinstance(t, ArrayExpr):
        return [obj for i, o in enumerate(t.operands)
                for obj in array_components(b.extract_value(v, i), o, b)]
    if isinstance(t, Tuple):
        out = []
        for i, item in enumerate(t.items):
            if holds_array(item):
                out += array_components(b.extract_value(v, i), item, b)
        return out
    return []

