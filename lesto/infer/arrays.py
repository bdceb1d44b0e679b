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

from lesto.infer.rules import ARRAY_CALLS
from lesto.infer.rules.npscalar import BINARY_UFUNCS, BOOL_LOOPS, comparison_dtype
from lesto.infer.rules.numpy import (
    CREATE_LIKE, CREATE_SHAPE, DEFAULT_DTYPE, DTYPES, REDUCTIONS,
    SCALAR_UFUNCS, TRANSCENDENTAL, ArrayRefusal, attribute_type, dtype_of_result, getitem_type,
    scalar_of_dtype, scalar_ufunc_type, ufunc_array_type,
    setitem_type,
)
from lesto.ir.nodes import (
    Assign, BinOp, CallBuiltin, Compare, Const, GetItem, MakeTuple, Op, UnaryOp,
)
from lesto.types.core import (
    BOOL, BOTTOM, COMPLEX, COMPLEX_KINDS, FLOAT, INT, NONE, NP, Array, ArrayExpr, LType, Tuple, np_dtype,
)

if TYPE_CHECKING:
    from lesto.infer.specialize import Specializer, Typed



class NotArrayOp(Exception):
    """The operation does not involve arrays: the scalar tables type it."""


def split_name(name: str) -> tuple[str, str | None]:
    """'np.zeros[int32]' -> ('np.zeros', 'int32')."""
    if name.endswith("]") and "[" in name:
        base, _, rest = name.partition("[")
        return base, rest[:-1]
    return name, None


ELEMENTWISE_BINOPS = BINARY_UFUNCS
ELEMENTWISE_UNARY = {"neg": "negative", "pos": "positive", "invert": "invert"}
ELEMENTWISE_COMPARE = {"eq": "equal", "ne": "not_equal", "lt": "less", "le": "less_equal",
                       "gt": "greater", "ge": "greater_equal"}
ELEMENTWISE_UFUNCS = ("np.sqrt", "np.abs", "np.floor", "np.ceil", "np.isnan", "np.isinf",
                      "np.isfinite", "abs")
FUSED_DTYPES = ("float64", "float32", "int64", "int32", "int16", "int8", "uint8", "uint16",
                "uint32", "uint64", "bool", "complex128")
# On complex arrays only these are fused (exact in any order of evaluation); numpy computes
# complex products, quotients, powers, orderings and ufuncs with its own kernels (SIMD, fused
# multiply-add: not the scalar formulas), so for those lesto calls numpy (see numpy_runs).
COMPLEX_FUSED = ("add", "sub", "neg", "pos", "eq", "ne")
_OPERATOR = {"mul": "mul", "truediv": "truediv", "floordiv": "floordiv", "mod": "mod",
             "pow": "pow", "lt": "lt", "le": "le", "gt": "gt", "ge": "ge"}


def _arraylike(t: LType) -> bool:
    return isinstance(t, (Array, ArrayExpr))


def _involves_complex(types: tuple[LType, ...]) -> bool:
    return any(t in COMPLEX_KINDS or (_arraylike(t) and t.dtype.startswith("complex"))  # type: ignore
               for t in types)


def numpy_runs(op: Op, types: tuple[LType, ...]) -> str | None:
    """The callable (a capi.pyobj path) through which numpy computes an elementwise operation
    on complex arrays that lesto does not fuse; None for every other operation."""
    if not any(_arraylike(t) for t in types) or not _involves_complex(types):
        return None
    if isinstance(op, (BinOp, Compare)) and op.op in _OPERATOR:
        return "operator." + _OPERATOR[op.op]
    if isinstance(op, CallBuiltin) and split_name(op.name)[0] in ELEMENTWISE_UFUNCS \
            and len(types) == 1:
        return "numpy." + ("abs" if op.name == "abs" else split_name(op.name)[0][3:])
    return None


def numpy_run_type(op: Op, types: tuple[LType, ...]) -> LType:
    """The result of `numpy_runs(op)`: an array of numpy's dtype (any strides), or a numpy
    scalar when every array operand is 0-d."""
    import importlib

    import numpy as np

    module, _, name = numpy_runs(op, types).rpartition(".")  # type: ignore[union-attr]
    fn = getattr(importlib.import_module(module), name)
    samples = _samples(name, types)
    try:
        with np.errstate(all="ignore"):
            dtype = fn(*samples).dtype.name
    except (TypeError, ValueError) as e:
        raise ArrayRefusal("L010", f"'{name}' on complex arrays", str(e)) from None
    ndim = max(t.ndim for t in types if isinstance(t, Array))
    if dtype not in NP:
        raise ArrayRefusal("L010", f"'{name}' giving a {dtype} array",
                           "lesto compiles complex128 arrays only")
    return Array(dtype, ndim, "A") if ndim else NP[dtype]


def is_elementwise(op: Op, types: tuple[LType, ...]) -> bool:
    """An operation on whole arrays that joins a fused expression instead of running."""
    if not any(_arraylike(t) for t in types) or numpy_runs(op, types) is not None:
        return False
    if isinstance(op, BinOp):
        return op.op in ELEMENTWISE_BINOPS
    if isinstance(op, Compare):
        return op.op in ELEMENTWISE_COMPARE
    if isinstance(op, UnaryOp):
        return op.op in ELEMENTWISE_UNARY
    if isinstance(op, CallBuiltin):
        return split_name(op.name)[0] in ELEMENTWISE_UFUNCS and len(types) == 1
    return False


def materialized(t: LType) -> LType:
    """What an expression becomes once computed: an array, or for 0-d operands the numpy
    scalar numpy gives (other types stay themselves)."""
    if isinstance(t, ArrayExpr):
        return Array(t.dtype, t.ndim, "C") if t.ndim else NP[t.dtype]
    return t


def keeps_expression(op: Op) -> bool:
    """Copies into `$` temporaries pass an expression on uncomputed (it is part of a larger
    expression); assigning it to a name computes it (its arrays may change later)."""
    return isinstance(op, Assign) and op.dest.name.startswith("$")


def _samples(name: str, types: tuple[LType, ...]) -> list:
    import numpy as np

    samples: list = []
    for t in types:
        if _arraylike(t):
            if t.dtype not in FUSED_DTYPES:  # type: ignore[union-attr]
                raise ArrayRefusal("L010", f"'{name}' on a {t.dtype} array",  # type: ignore
                                   "whole-array expressions take bool, int and float arrays")
            samples.append(np.ones(1, t.dtype))  # type: ignore[union-attr]
        elif t in (INT, FLOAT, BOOL, COMPLEX):
            samples.append({INT: 1, FLOAT: 1.0, BOOL: True, COMPLEX: 1j}[t])
        elif np_dtype(t) is not None:
            samples.append(np.dtype(np_dtype(t)).type(1))
        else:
            raise ArrayRefusal("L010", f"'{name}' of an array and a {t}",
                               "combine arrays with ints, floats and bools")
    return samples


def elementwise_type(op: Op, types: tuple[LType, ...]) -> LType:
    """The lazy expression for an elementwise operation; its dtype is whatever numpy gives
    for the same operand dtypes (and Python scalars, weak as in numpy 2)."""
    import numpy as np

    compute = ""
    if isinstance(op, BinOp):
        name, fn = op.op, getattr(np, ELEMENTWISE_BINOPS[op.op])
    elif isinstance(op, Compare):
        name, fn = op.op, getattr(np, ELEMENTWISE_COMPARE[op.op])
    elif isinstance(op, UnaryOp):
        name, fn = op.op, getattr(np, ELEMENTWISE_UNARY[op.op])
    else:
        assert isinstance(op, CallBuiltin)
        name = split_name(op.name)[0]
        name = "np.abs" if name == "abs" else name
        fn = getattr(np, name[3:])
    samples = _samples(name, types)
    try:
        with np.errstate(all="ignore"):
            dtype = fn(*samples).dtype.name
            if isinstance(op, Compare):
                compute = ":" + str(comparison_dtype(samples))
    except (TypeError, ValueError, OverflowError) as e:
        raise ArrayRefusal("L010", f"'{name}' on these arrays", str(e)) from None
    if dtype not in FUSED_DTYPES:
        raise ArrayRefusal("L010", f"'{name}' giving a {dtype} array",
                           "convert the operands (for example with float arrays)")
    if dtype == "bool" and not (compute or name in ("np.isnan", "np.isinf", "np.isfinite")
                                or name in BOOL_LOOPS or name in ("pos", "invert")):
        raise ArrayRefusal("L010", f"'{name}' giving a bool array", "use int or float arrays")
    ndim = max(t.ndim for t in types if _arraylike(t))  # type: ignore[union-attr]
    return ArrayExpr(name + compute, tuple(types), dtype, ndim)


def slice_type(name: str, pattern: str, types: tuple[LType, ...]) -> LType:
    """a[1:n, j] (a view numpy makes: any strides) or a[::2] = x."""
    from lesto.infer.rules.numpy import is_int_index

    a = types[0]
    if not isinstance(a, Array):
        raise ArrayRefusal("L019", f"slicing a value of type {a}", "slice numpy arrays only")
    values = types[2:] if name == "setslice" else types[1:]
    if not all(is_int_index(t) for t in values):
        raise ArrayRefusal("L019", "a slice bound that is not an int", "use ints")
    parts = pattern.split("_")
    if len(parts) > a.ndim:
        return BOTTOM   # IndexError: too many indices (the interpreter raises it)
    if name == "getslice":
        return Array(a.dtype, a.ndim - parts.count("i"), "A", a.writable)
    value = types[1]
    if not (isinstance(value, Array) or value in (BOOL, INT, FLOAT) or np_dtype(value)):
        raise ArrayRefusal("L019", f"storing a {value} into a slice", "store arrays or numbers")
    return NONE if a.writable else BOTTOM


def inplace_type(dest: Array, new: LType) -> LType:
    """`a += b` on an array: `a`, updated in place (numpy's same_kind casting)."""
    import numpy as np

    if not isinstance(new, ArrayExpr) or new.ndim > dest.ndim:
        return BOTTOM   # numpy raises (non-broadcastable output): the interpreter does
    if not np.can_cast(new.dtype, dest.dtype, "same_kind") or not dest.writable:
        return BOTTOM   # UFuncTypeError / read-only destination
    return dest


def is_array_op(op: Op, types: tuple[LType, ...]) -> bool:
    if is_elementwise(op, types) or numpy_runs(op, types) is not None:
        return True
    if isinstance(op, GetItem):
        return isinstance(types[0], Array)
    if isinstance(op, CallBuiltin):
        name = op.name
        if name in ("len", "iter.len"):
            return len(types) == 1 and isinstance(types[0], Array)
        return name.startswith(ARRAY_CALLS)
    return False


def array_result(op: Op, types: tuple[LType, ...]) -> LType:
    """The result type of an array operation (raises ArrayRefusal when unsupported)."""
    if is_elementwise(op, types):
        return elementwise_type(op, types)
    if numpy_runs(op, types) is not None:
        return numpy_run_type(op, types)
    if isinstance(op, GetItem):
        return getitem_type(types[0], types[1])  # type: ignore[arg-type]
    assert isinstance(op, CallBuiltin)
    name, dtype = split_name(op.name)
    if name in ("len", "iter.len"):
        return INT if types[0].ndim > 0 else BOTTOM  # type: ignore[attr-defined]
    if name == "inplace.assign":
        if isinstance(types[0], Array):
            return inplace_type(types[0], types[1])
        return types[1]
    if name in ("getslice", "setslice"):
        return slice_type(name, dtype or "", types)
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
        if len(rest) != 1 or (rest[0] not in (BOOL, INT, FLOAT) and np_dtype(rest[0]) is None):
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
    if dtype == "@":   # dtype=a.dtype: the last argument's type names it
        from lesto.types.core import dtype_value

        dtype = dtype_value(types[-1]) if types else None
        if dtype is None:
            raise ArrayRefusal("L011", f"{name}(dtype=...)", "pass a dtype or an array's .dtype")
        types = types[:-1]
    if dtype is not None and dtype not in DTYPES:
        raise ArrayRefusal("L011", f"{name}(dtype={dtype})",
                           "use one of " + ", ".join(DTYPES))
    if name in CREATE_SHAPE:
        if len(types) != 1:
            raise ArrayRefusal("L011", name, "pass the shape (and dtype= as a keyword)")
        return Array(dtype or "float64", _shape_ndim(types), "C")
    if name == "np.full":
        fill = DEFAULT_DTYPE.get(types[1]) if len(types) == 2 else None
        fill = fill or (np_dtype(types[1]) if len(types) == 2 else None)
        if fill is None:
            raise ArrayRefusal("L011", name, "pass a shape and an int, float or bool")
        return Array(dtype or fill, _shape_ndim(types[:1]), "C")
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
        if isinstance(types[0], Array):
            return ufunc_array_type(name, types[0])
        result = scalar_ufunc_type(name, types[0])
        if result is None:
            raise ArrayRefusal("L011", name, f"on {types[0]}")
        return result
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
    called = numpy_runs(op, tuple(a.type for a in args))
    if called is not None:
        return prim(s, f"pycall:{called}", args, result, loc)
    if isinstance(op, GetItem):
        if isinstance(result, Array):   # a sub-array view: numpy makes it
            return prim(s, "pycall:operator.getitem", args, result, loc)
        return prim(s, "array.getitem", [args[0]] + _indices(s, args[1], loc), result, loc)
    assert isinstance(op, CallBuiltin)
    name, dtype = split_name(op.name)
    a = args[0] if args else None
    if name in ("len", "iter.len"):
        return prim(s, "array.dim", [a, Typed(Const(0), INT)], INT, loc)
    if name == "inplace.assign":
        if isinstance(args[0].type, Array):
            prim(s, "array.assign_into", args[:2], NONE, loc)
            return args[0]
        return args[1]
    if name in ("getslice", "setslice"):
        return prim(s, f"pycall:lesto.runtime.slicing.{name}:str.{dtype}", args, result, loc)
    if name == "setitem":
        if isinstance(args[2].type, Array) or isinstance(
                getitem_type(args[0].type, args[1].type), Array):  # type: ignore[arg-type]
            return prim(s, "pycall:operator.setitem", args, NONE, loc)
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
        if attr == "dtype":
            return prim(s, "dtype.value", [], result, loc)
        if attr in ("real", "imag"):
            return prim(s, f"pycall:builtins.getattr:str.{attr}", [a], result, loc)
    if name.startswith("method."):
        return prim(s, f"pymethod:{name[7:]}", args, result, loc)
    if name in SCALAR_UFUNCS:
        if isinstance(args[0].type, Array) or name in TRANSCENDENTAL or \
                args[0].type in COMPLEX_KINDS:   # numpy's complex kernels: numpy runs them
            return prim(s, f"pycall:numpy.{name[3:]}", args, result, loc)
        return prim(s, "npufunc." + name[3:], args, result, loc)
    assert isinstance(result, Array)
    if dtype == "@":
        args = args[:-1]   # the dtype is in the result type
    if name == "np.arange":
        one, zero = Typed(Const(1), INT), Typed(Const(0), INT)
        args = ([zero, args[0], one] if len(args) == 1 else
                [args[0], args[1], one] if len(args) == 2 else list(args))
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
    """The index positions as Python ints (numpy integers converted)."""
    from lesto.infer.expand import items_of

    items = items_of(s, index, loc) if isinstance(index.type, Tuple) else [index]
    out = []
    for i in items:
        if i.type != INT:
            i = s.row("int", [i], loc)   # np.int32 -> int (uint64 beyond 2**63 deopts)
            assert i is not None
        out.append(i)
    return out

