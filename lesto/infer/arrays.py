"""Array operations: their result types (for inference) and their expansion into primitives
(for specialization), following the tables of infer/rules/numpy.py.

    x = a[i, j]          ->  $x: float = prim array.getitem a, i, j
    a[i] = x             ->  prim array.setitem a, i, x
    n, m = a.shape       ->  prim array.dim a, 0 ; prim array.dim a, 1
    s = a.sum()          ->  $s: float = prim pymethod:sum a          (numpy's own method)
    b = np.zeros((n, m)) ->  $b: array[float64, 2d, C] = prim pycall:numpy.zeros:dtype.float64 $shape
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from lesto.infer.rules.numpy import (
    CREATE_LIKE, CREATE_SHAPE, DEFAULT_DTYPE, DTYPES, REDUCTIONS, SCALAR_COERCE,
    SCALAR_UFUNCS, ArrayRefusal, attribute_type, dtype_of_result, getitem_type, scalar_of_dtype,
    setitem_type,
)
from lesto.ir.nodes import Assign, BinOp, CallBuiltin, Const, GetItem, MakeTuple, Op, UnaryOp
from lesto.types.core import BOOL, BOTTOM, FLOAT, INT, NONE, Array, ArrayExpr, LType, Tuple

if TYPE_CHECKING:
    from lesto.infer.specialize import Specializer, Typed

# Primitives that write to an array (a function using one is impure: see backend/context.py).
WRITES = ("array.setitem", "pymethod:fill")


class NotArrayOp(Exception):
    """The operation does not involve arrays: the scalar tables type it."""


def split_name(name: str) -> tuple[str, str | None]:
    """'np.zeros[int32]' -> ('np.zeros', 'int32')."""
    if name.endswith("]") and "[" in name:
        base, _, rest = name.partition("[")
        return base, rest[:-1]
    return name, None


ELEMENTWISE_BINOPS = ("add", "sub", "mul", "truediv")
ELEMENTWISE_UFUNCS = ("np.sqrt", "np.exp", "np.log", "np.sin", "np.cos", "np.abs", "np.floor")
FUSED_DTYPES = ("float64", "float32", "int64", "int32", "int16", "int8", "uint8", "uint16",
                "uint32", "uint64", "bool")


def _arraylike(t: LType) -> bool:
    return isinstance(t, (Array, ArrayExpr))


def is_elementwise(op: Op, types: tuple[LType, ...]) -> bool:
    """An operation on whole arrays that joins a fused expression instead of running."""
    if not any(_arraylike(t) for t in types):
        return False
    if isinstance(op, BinOp):
        return op.op in ELEMENTWISE_BINOPS
    if isinstance(op, UnaryOp):
        return op.op == "neg"
    if isinstance(op, CallBuiltin):
        return split_name(op.name)[0] in ELEMENTWISE_UFUNCS and len(types) == 1
    return False


def materialized(t: LType) -> LType:
    """The array an expression becomes once computed (other types stay themselves)."""
    if isinstance(t, ArrayExpr):
        return Array(t.dtype, t.ndim, "C")
    return t


def keeps_expression(op: Op) -> bool:
    """Copies into `$` temporaries pass an expression on uncomputed (it is part of a larger
    expression); assigning it to a name computes it (its arrays may change later)."""
    return isinstance(op, Assign) and op.dest.name.startswith("$")


def elementwise_type(op: Op, types: tuple[LType, ...]) -> LType:
    import numpy as np

    if isinstance(op, BinOp):
        name, fn = op.op, {"add": np.add, "sub": np.subtract, "mul": np.multiply,
                           "truediv": np.true_divide}[op.op]
    elif isinstance(op, UnaryOp):
        name, fn = "neg", np.negative
    else:
        assert isinstance(op, CallBuiltin)
        name = split_name(op.name)[0]
        fn = getattr(np, name[3:])
    samples = []
    for t in types:
        if _arraylike(t):
            if t.dtype not in FUSED_DTYPES:  # type: ignore[union-attr]
                raise ArrayRefusal("L010", f"'{name}' on a {t.dtype} array",  # type: ignore
                                   "whole-array expressions take bool, int and float arrays")
            samples.append(np.zeros(1, t.dtype))  # type: ignore[union-attr]
        elif t in (INT, FLOAT, BOOL):
            samples.append({INT: 1, FLOAT: 1.0, BOOL: True}[t])
        else:
            raise ArrayRefusal("L010", f"'{name}' of an array and a {t}",
                               "combine arrays with ints, floats and bools")
    with np.errstate(all="ignore"):
        dtype = fn(*samples).dtype.name
    if dtype not in FUSED_DTYPES or dtype == "bool":
        raise ArrayRefusal("L010", f"'{name}' giving a {dtype} array",
                           "convert the operands (for example with float arrays)")
    ndim = max(t.ndim for t in types if _arraylike(t))  # type: ignore[union-attr]
    return ArrayExpr(name, tuple(types), dtype, ndim)


def is_array_op(op: Op, types: tuple[LType, ...]) -> bool:
    if is_elementwise(op, types):
        return True
    if isinstance(op, GetItem):
        return isinstance(types[0], Array)
    if isinstance(op, CallBuiltin):
        name = op.name
        if name in ("len", "iter.len"):
            return len(types) == 1 and isinstance(types[0], Array)
        if name == "inplace.assign":
            return True
        return name == "setitem" or name.startswith(("attr.", "method.", "np."))
    return False


def array_result(op: Op, types: tuple[LType, ...]) -> LType:
    """The result type of an array operation (raises ArrayRefusal when unsupported)."""
    if is_elementwise(op, types):
        return elementwise_type(op, types)
    if isinstance(op, GetItem):
        return getitem_type(types[0], types[1])  # type: ignore[arg-type]
    assert isinstance(op, CallBuiltin)
    name, dtype = split_name(op.name)
    if name in ("len", "iter.len"):
        return INT if types[0].ndim > 0 else BOTTOM  # type: ignore[attr-defined]
    if name == "inplace.assign":
        if isinstance(types[0], Array):
            raise ArrayRefusal("L019", "an augmented assignment to an array (a += b)",
                               "numpy updates the array in place, which lesto does not "
                               "compile yet: write the loop, or a = a + b for a new array")
        return types[1]
    if name.startswith("np."):
        return numpy_call_type(name, dtype, types)
    a = types[0] if types else None
    if not isinstance(a, Array):
        what = name.split(".", 1)[1]
        raise ArrayRefusal("L002", f"'.{what}' on a value of type {a}",
                           "attributes and methods are supported on numpy arrays only")
    if name == "setitem":
        return setitem_type(a, types[1], types[2])
    if name.startswith("attr."):
        return attribute_type(a, name[5:])
    return method_type(a, name[7:], types[1:])


def method_type(a: Array, method: str, rest: tuple[LType, ...]) -> LType:
    if method in REDUCTIONS:
        if rest:
            raise ArrayRefusal("L011", f"{method}() with arguments",
                               f"call .{method}() without arguments (whole-array reduction)")
        return scalar_of_dtype(dtype_of_result(method, a.dtype, ndim=a.ndim))
    if method == "fill":
        if len(rest) != 1 or rest[0] not in (BOOL, INT, FLOAT):
            raise ArrayRefusal("L011", "fill()", "fill takes one int, float or bool")
        return NONE
    if method in ("copy", "flatten"):
        if rest:
            raise ArrayRefusal("L011", f"{method}() with arguments", "call it without arguments")
        return Array(a.dtype, a.ndim if method == "copy" else 1, "C")
    if method == "transpose" and not rest:
        return attribute_type(a, "T")
    if method == "ravel" and not rest:
        return Array(a.dtype, 1, "A", a.writable)
    if method == "reshape":
        ndim = _shape_ndim(rest)
        return Array(a.dtype, ndim, "A", a.writable)
    raise ArrayRefusal("L002", f"array method '{method}'",
                       "use sum, min, max, mean, prod, copy, fill, reshape, ravel, flatten "
                       "or transpose")


def _shape_ndim(args: tuple[LType, ...]) -> int:
    if len(args) == 1 and isinstance(args[0], Tuple) and all(t == INT for t in args[0].items):
        return len(args[0].items)
    if args and all(t == INT for t in args):
        return len(args)
    raise ArrayRefusal("L011", "shape", "give a shape as ints or a tuple of ints")


def numpy_call_type(name: str, dtype: str | None, types: tuple[LType, ...]) -> LType:
    if dtype is not None and dtype not in DTYPES:
        raise ArrayRefusal("L011", f"{name}(dtype={dtype})",
                           "use one of " + ", ".join(DTYPES))
    if name in CREATE_SHAPE:
        if len(types) != 1:
            raise ArrayRefusal("L011", name, "pass the shape (and dtype= as a keyword)")
        return Array(dtype or "float64", _shape_ndim(types), "C")
    if name == "np.full":
        if len(types) != 2 or types[1] not in DEFAULT_DTYPE:
            raise ArrayRefusal("L011", name, "pass a shape and an int, float or bool")
        return Array(dtype or DEFAULT_DTYPE[types[1]], _shape_ndim(types[:1]), "C")
    if name in CREATE_LIKE:
        a = types[0] if len(types) == 1 else None
        if not isinstance(a, Array):
            raise ArrayRefusal("L011", name, "pass one array (and dtype= as a keyword)")
        return Array(dtype or a.dtype, a.ndim, a.layout if a.layout in "CF" else "A")
    if name == "np.arange":
        if not 1 <= len(types) <= 3 or any(t not in (INT, FLOAT) for t in types):
            raise ArrayRefusal("L011", name, "pass 1 to 3 ints or floats")
        return Array(dtype or ("float64" if FLOAT in types else "int64"), 1, "C")
    if name in SCALAR_UFUNCS:
        if len(types) != 1:
            raise ArrayRefusal("L011", name, "takes one argument")
        t = types[0]
        rows = SCALAR_UFUNCS[name]
        if t not in rows and SCALAR_COERCE.get(t) in rows:
            t = SCALAR_COERCE[t]
        if t not in rows:
            raise ArrayRefusal("L011", name, f"on {types[0]}: whole-array expressions are not "
                               "supported yet; write the loop")
        return rows[t][0]
    raise ArrayRefusal("L003", name, "")


# ------------------------------------------------------------------ expansion
def expand_array(s: Specializer, op: Op, args: list[Typed], result: LType) -> Typed | None:
    from lesto.infer.expand import prim
    from lesto.infer.specialize import Typed

    loc = op.loc
    if isinstance(result, ArrayExpr):
        # No code yet: the expression's value is the tuple of its operands.
        dest = s.temp(result)
        s.emit(MakeTuple(loc, dest, [a.value for a in args]))
        return Typed(dest, result)
    if isinstance(op, GetItem):
        return prim(s, "array.getitem", [args[0]] + _indices(s, args[1], loc), result, loc)
    assert isinstance(op, CallBuiltin)
    name, dtype = split_name(op.name)
    a = args[0] if args else None
    if name in ("len", "iter.len"):
        return prim(s, "array.dim", [a, Typed(Const(0), INT)], INT, loc)
    if name == "inplace.assign":
        return args[1]
    if name == "setitem":
        return prim(s, "array.setitem", [args[0]] + _indices(s, args[1], loc) + [args[2]],
                    NONE, loc)
    if name.startswith("attr."):
        attr = name[5:]
        t = a.type  # type: ignore[union-attr]
        if attr == "shape":
            dims = [prim(s, "array.dim", [a, Typed(Const(k), INT)], INT, loc)
                    for k in range(t.ndim)]
            dest = s.temp(result)
            s.emit(MakeTuple(loc, dest, [d.value for d in dims]))
            return Typed(dest, result)
        if attr == "ndim":
            return Typed(Const(t.ndim), INT)
        if attr == "itemsize":
            return Typed(Const(DTYPES[t.dtype][1]), INT)
        if attr == "size":
            return prim(s, "array.size", [a], INT, loc)
        if attr == "nbytes":
            size = prim(s, "array.size", [a], INT, loc)
            return prim(s, "int.mul", [size, Typed(Const(DTYPES[t.dtype][1]), INT)], INT, loc)
        if attr == "T":
            return prim(s, "pymethod:transpose", [a], result, loc)
    if name.startswith("method."):
        return prim(s, f"pymethod:{name[7:]}", args, result, loc)
    if name in SCALAR_UFUNCS:
        x = args[0]
        rows = SCALAR_UFUNCS[name]
        if x.type not in rows:
            x = s.row("float", [x], loc)   # np.sqrt(2) computes in float64
            assert x is not None
        return prim(s, rows[x.type][1], [x], result, loc)
    assert isinstance(result, Array)
    extra = f":dtype.{result.dtype}"
    return prim(s, f"pycall:numpy.{name[3:]}{extra}", args, result, loc)


def materialize_args(s: Specializer, op: Op, args: list[Typed]) -> list[Typed]:
    """Compute every expression operand of an operation that needs arrays, not expressions."""
    from lesto.infer.expand import prim

    if keeps_expression(op) or is_elementwise(op, tuple(a.type for a in args)):
        return args
    out = []
    for a in args:
        if isinstance(a.type, ArrayExpr):
            a = prim(s, "array.materialize", [a], materialized(a.type), op.loc)
        out.append(a)
    return out


def _indices(s: Specializer, index: Typed, loc: tuple[int, int]) -> list[Typed]:
    from lesto.infer.expand import items_of

    if isinstance(index.type, Tuple):
        return items_of(s, index, loc)
    return [index]

