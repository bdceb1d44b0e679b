"""Operations on CPython objects: their result types (for inference) and their expansion into
`obj.*` primitives (for specialization), from the rows of infer/rules/objects.py.

Every operand an object operation takes as an object is boxed first (`obj.box`, a new
reference); the primitive then works on `PyObject*` values only:

    s + n        (str, int)  ->  $b:object[int] = prim obj.box n
                                 $r:object = prim obj.binop.add s, $b
    len(x)       (list,)     ->  $n:int = prim obj.list_len x
    print(x)                 ->  $f:object = prim obj.global:print
                                 $r:object = prim obj.call: $f, x
"""
from __future__ import annotations

import types as pytypes
from typing import TYPE_CHECKING, Any

from lesto.infer.rules.objfast import float_binop_key, getitem_int_key, setitem_int_key
from lesto.infer.rules.objects import (
    CALL_RESULTS, FIXED_RESULTS, ITEM_TYPES, ITERATORS, KIND_RESULTS, UNARY_RESULTS,
    binop_result, compare_result, method_result,
)
from lesto.ir.nodes import (
    Assign, BinOp, CallBuiltin, CallFunc, Compare, Const, GetItem, MakeTuple, Op, Return,
    Truth, UnaryOp,
)
from lesto.types.core import (
    BOOL, FLOAT, INT, NONE, UNDEFINED, XINT, Array, ArrayExpr, LType, PyObj, Tuple, is_object,
    owns_reference, python_type_of,
)

if TYPE_CHECKING:
    from lesto.infer.specialize import Specializer, Typed

# Builtin-call names (as the frontend names them) that call the Python object of that name
# when an argument is an object: `abs(x)` is `builtins.abs(x)`.
PY_BUILTINS = ("abs", "min", "max", "int", "float", "bool", "round", "divmod", "pow",
               "complex")
# Range-loop helpers whose object arguments are converted to int64 with __index__.
RANGE_ARGS = ("range.count",)


class ObjectRefusal(Exception):
    """An object operation lesto cannot compile: (code, construct, detail)."""


class Typer:
    """The callee-typing function of one specialization, with its mode: `exact_ints` when the
    function works with objects (it may have effects, so it is never re-run by a
    deoptimisation): its int arithmetic is then done on Python ints (`PyNumber_*`), which
    never overflow, instead of int64 (see README, "Python objects")."""

    def __init__(self, call: Any, exact_ints: bool) -> None:
        self.call = call
        self.exact_ints = exact_ints

    def __call__(self, func: Any, types: tuple[LType, ...]) -> LType:
        return self.call(func, types)


def exact_int_op(op: Op, types: tuple[LType, ...] | list[LType], call_type: Any) -> bool:
    """An int operation done on Python ints in a function that works with objects."""
    if not getattr(call_type, "exact_ints", False):
        return False
    if isinstance(op, BinOp) or (isinstance(op, UnaryOp) and op.op != "not"):
        return INT in types and all(t in (INT, BOOL) for t in types)
    return isinstance(op, CallBuiltin) and op.name in ("abs", "pow", "divmod") and \
        INT in types and all(t in (INT, BOOL) for t in types)


# Int operations computed natively with an exact fallback (backend/lower_xint.py): the result
# is an XINT (an int64 while it fits, else the PyLong CPython computes), or a float for `/`.
XINT_BINOPS = ("add", "sub", "mul", "floordiv", "mod", "lshift", "rshift", "and", "or", "xor",
               "truediv")
XINT_UNARY = ("neg", "pos", "invert")


def xint_row(op: Op, types: tuple[LType, ...] | list[LType], call_type: Any) -> Any:
    """The native row an exact int operation runs on while its operands fit (None: the
    operation is done on Python ints, `pow` and `divmod` among them)."""
    from lesto.infer.resolve import resolve

    if not exact_int_op(op, types, call_type):
        return None
    if isinstance(op, BinOp) and op.op in XINT_BINOPS:
        name = f"binop.{op.op}"
    elif isinstance(op, UnaryOp) and op.op in XINT_UNARY:
        name = f"unary.{op.op}"
    elif isinstance(op, CallBuiltin) and op.name == "abs" and len(types) == 1:
        name = "abs"
    else:
        return None
    match = resolve(name, tuple(types))
    if match is None or match.row.result not in (INT, FLOAT) or \
            match.row.impl in ("same", "deopt", "const.true", "const.false"):
        return None
    return match


def xint_result(match: Any) -> LType:
    return XINT if match.row.result == INT else match.row.result


def python_operator(op: Op) -> str:
    """The operator an exact int operation falls back to (a PyNumber_* function's key)."""
    if isinstance(op, (BinOp, UnaryOp)):
        return op.op
    return "abs"


def uses_objects(fn: Any, argtypes: tuple[LType, ...], reachable: Any) -> bool:
    """Whether a function works with objects: an object argument, an `obj.*` operation or an
    object constant in a block of its untyped IR that inference reached."""
    from lesto.types.typeof import typeof

    if any(owns_reference(t) for t in argtypes):
        return True
    for block in fn.blocks:
        if block not in reachable:
            continue
        for op in block.ops:
            if isinstance(op, CallBuiltin) and op.name.startswith("obj.") and \
                    op.name not in ("obj.is_object", "obj.exact_mode"):
                return True
            for v in op.operands():
                if isinstance(v, Const) and not isinstance(v.value, (int, float, complex)) and \
                        v.value is not None and is_object(typeof(v.value)):
                    return True
    return False


# Builtins with native rows that, for argument types no row takes (`int(None)`, `abs("x")`),
# are called as the Python builtin (CPython's result or TypeError) instead of refused.
FALLBACK_BUILTINS = ("abs", "int", "float", "round", "divmod", "pow")


def _builtin_on_other_values(op: Op, types: tuple[LType, ...] | list[LType]) -> bool:
    from lesto.infer.resolve import resolve
    from lesto.types.core import COMPLEX_KINDS, np_dtype

    if not isinstance(op, CallBuiltin) or not (
            op.name in FALLBACK_BUILTINS or op.name.startswith("math.")):
        return False
    if any(isinstance(t, (Array, ArrayExpr, Tuple)) or t in COMPLEX_KINDS or
           np_dtype(t) is not None or t == UNDEFINED for t in types):
        return False   # numpy and complex values keep their own rules and refusals
    return resolve(op.name, tuple(types)) is None


def is_object_op(op: Op, types: tuple[LType, ...] | list[LType], call_type: Any = None) -> bool:
    if isinstance(op, (Assign, Return, CallFunc)):
        return False
    if (exact_int_op(op, types, call_type) and xint_row(op, types, call_type) is None) or \
            _builtin_on_other_values(op, types):
        return True
    if isinstance(op, MakeTuple) and XINT in types:
        return True   # a native tuple never holds a reference: a tuple object
    if isinstance(op, CallBuiltin) and (op.name.startswith("obj.") or op.name in ("ord", "chr")):
        return True
    if isinstance(op, CallBuiltin) and op.name == "inplace.assign":
        return False
    return any(is_object(t) for t in types)


def _kind(name: str) -> str:
    return name.split(":")[0].split("[")[0]


def object_result(op: Op, types: tuple[LType, ...]) -> LType:
    """The result type of object operation `op` on operands of `types`."""
    if isinstance(op, CallBuiltin) and op.name == "divmod":
        return PyObj(tuple)
    if isinstance(op, BinOp):
        name = ("inplace." if getattr(op, "inplace", False) else "") + op.op
        return binop_result(name, types[0], types[1])
    if isinstance(op, UnaryOp):
        if op.op == "not":
            return BOOL
        return PyObj(UNARY_RESULTS.get((op.op, python_type_of(types[0]))))  # type: ignore[arg-type]
    if isinstance(op, Compare):
        if op.op in ("is", "isnot", "in", "notin"):
            return BOOL
        return compare_result(types[0], types[1])[1]
    if isinstance(op, Truth):
        return BOOL
    if isinstance(op, GetItem):
        if python_type_of(types[0]) is str:
            return PyObj(str)
        return PyObj(None)
    if isinstance(op, MakeTuple):
        return PyObj(tuple)
    if isinstance(op, CallBuiltin):
        return _builtin_result(op, types)
    raise ObjectRefusal("L001", f"{type(op).__name__} on objects")


def _builtin_result(op: CallBuiltin, types: tuple[LType, ...]) -> LType:
    name = op.name
    kind = _kind(name)
    if name in FIXED_RESULTS:
        return FIXED_RESULTS[name]
    if name == "bool":
        return BOOL
    if name in ("abs", "pow") and all(python_type_of(t) in (int, bool) for t in types):
        return PyObj(int) if name == "abs" else PyObj(None)
    if name in PY_BUILTINS or name.startswith("math."):
        return PyObj(None)
    if name in RANGE_ARGS or name == "range.arg":
        return INT
    if name == "tuple.unpack_check":
        return PyObj(tuple)
    if name.startswith("attr."):
        return PyObj(None)
    if name.startswith("method."):
        return method_result(types[0], name[7:])
    if name in ("setitem", "obj.delitem") or kind in ("obj.setattr", "setslice"):
        return NONE
    if kind == "getslice":
        return PyObj(python_type_of(types[0]) if python_type_of(types[0]) in (
            str, list, tuple, bytes) else None)
    if kind == "obj.callmethod":
        return method_result(types[0], name.split(":")[1].split("[")[0])
    if kind in KIND_RESULTS:
        return KIND_RESULTS[kind]
    if kind == "obj.callpath":
        return PyObj(CALL_RESULTS.get(name.split(":")[1].split(".")[-1]))
    if kind == "obj.getiter":
        return PyObj(ITERATORS.get(python_type_of(types[0])))  # type: ignore[arg-type]
    if kind == "obj.iternext":
        return PyObj(ITEM_TYPES.get(python_type_of(types[0])))  # type: ignore[arg-type]
    if name == "ord":
        return INT if len(types) == 1 else PyObj(None)
    if name == "chr":
        return PyObj(str)
    if name.startswith("np."):
        raise ObjectRefusal("L019", f"{name} with a Python object argument",
                            "pass numpy arrays or numbers")
    raise ObjectRefusal("L011", name, "on Python objects")


# ----------------------------------------------------------------------------- expansion
def box(s: Specializer, x: Typed, loc: tuple[int, int]) -> Typed:
    """`x` as an object: itself if it is one, else boxed (a new reference)."""
    from lesto.infer.expand import prim

    if is_object(x.type):
        return x
    if isinstance(x.type, ArrayExpr):
        from lesto.infer.arrays import materialized

        x = prim(s, "array.materialize", [x], materialized(x.type), loc)
    pytype = python_type_of(x.type)
    if isinstance(x.type, Array):
        import numpy

        pytype = numpy.ndarray
    return prim(s, "obj.box", [x], PyObj(pytype), loc)


def expand_object(s: Specializer, op: Op, args: list[Typed]) -> Typed | None:
    """Emit the primitives of object operation `op` (see the module docstring)."""
    from lesto.infer.expand import prim
    from lesto.infer.specialize import Typed

    loc = op.loc
    types = tuple(a.type for a in args)
    result = object_result(op, types)
    if isinstance(op, BinOp):
        objs = [box(s, a, loc) for a in args]
        mode = "inplace" if getattr(op, "inplace", False) else "binop"
        key = float_binop_key(op.op, mode, types[0], types[1]) or f"obj.{mode}.{op.op}"
        return prim(s, key, objs, result, loc)
    if isinstance(op, UnaryOp):
        if op.op == "not":
            t = prim(s, "obj.truth", [box(s, args[0], loc)], BOOL, loc)
            return prim(s, "bool.not", [t], BOOL, loc)
        return prim(s, f"obj.unary.{op.op}", [box(s, args[0], loc)], result, loc)
    if isinstance(op, Compare):
        if op.op in ("is", "isnot"):
            return prim(s, f"obj.{op.op}", [box(s, a, loc) for a in args], BOOL, loc)
        if op.op in ("in", "notin"):
            found = prim(s, "obj.contains", [box(s, args[1], loc), box(s, args[0], loc)],
                         BOOL, loc)
            return found if op.op == "in" else prim(s, "bool.not", [found], BOOL, loc)
        kind, _ = compare_result(types[0], types[1])
        return prim(s, f"obj.{kind}.{op.op}", [box(s, a, loc) for a in args], result, loc)
    if isinstance(op, Truth):
        return prim(s, "obj.truth", [box(s, args[0], loc)], BOOL, loc)
    if isinstance(op, GetItem):
        obj, index = args
        if python_type_of(obj.type) is list and index.type in (INT, BOOL):
            if index.type == BOOL:
                index = prim(s, "conv.bool_to_int", [index], INT, loc)
            return prim(s, "obj.list_getitem", [obj, index], result, loc)
        if index.type in (INT, BOOL) and getitem_int_key(obj.type):
            if index.type == BOOL:
                index = prim(s, "conv.bool_to_int", [index], INT, loc)
            return prim(s, "obj.getitem_int", [obj, index], result, loc)
        return prim(s, "obj.getitem", [box(s, obj, loc), box(s, index, loc)], result, loc)
    if isinstance(op, MakeTuple):
        return prim(s, "obj.tuple", [box(s, a, loc) for a in args], result, loc)
    assert isinstance(op, CallBuiltin)
    return _expand_builtin(s, op, args, result)


def _expand_builtin(s: Specializer, op: CallBuiltin, args: list[Typed],
                    result: LType) -> Typed | None:
    from lesto.infer.expand import prim
    from lesto.infer.specialize import Typed

    loc = op.loc
    name = op.name
    kind = _kind(name)
    objs = lambda xs: [box(s, a, loc) for a in xs]  # noqa: E731
    if name in RANGE_ARGS or name == "range.arg":
        ints = [a if not is_object(a.type) else prim(s, "obj.index", [a], INT, loc)
                for a in args]
        if name == "range.arg":
            return ints[0]
        return s.row(name, ints, loc)
    if name == "len":
        if python_type_of(args[0].type) in (list, tuple):
            return prim(s, "obj.list_len" if python_type_of(args[0].type) is list
                        else "obj.tuple_len", [args[0]], INT, loc)
        return prim(s, "obj.len", objs(args), INT, loc)
    if name == "bool":
        return prim(s, "obj.truth", objs(args), BOOL, loc)
    if name == "ord" and len(args) == 1:
        return prim(s, "obj.ord", objs(args), INT, loc)
    if name == "chr" and len(args) == 1 and args[0].type in (INT, BOOL):
        i = args[0] if args[0].type == INT else prim(s, "conv.bool_to_int", args, INT, loc)
        return prim(s, "obj.chr", [i], PyObj(str), loc)
    if name in ("ord", "chr"):
        return prim(s, f"obj.callpath:builtins.{name}", objs(args), result, loc)
    if name in PY_BUILTINS:
        return prim(s, f"obj.callpath:builtins.{name}", objs(args), result, loc)
    if name.startswith("math."):
        return prim(s, f"obj.callpath:{name}", objs(args), result, loc)
    if name == "tuple.unpack_check":
        n = args[1].value.value  # type: ignore[union-attr]
        return prim(s, f"obj.unpack:{n}", objs(args[:1]), result, loc)
    if name.startswith("attr."):
        return prim(s, f"obj.getattr:{name[5:]}", objs(args), result, loc)
    if name.startswith("method."):
        method = name[7:]
        if python_type_of(args[0].type) is list and method == "append" and len(args) == 2:
            return prim(s, "obj.list_append", objs(args), NONE, loc)
        return prim(s, f"obj.callmethod:{method}", objs(args), result, loc)
    if name == "setitem":
        key = setitem_int_key(args[0].type) if args[1].type in (INT, BOOL) else None
        if key is not None:
            index = args[1] if args[1].type == INT else prim(s, "conv.bool_to_int", [args[1]],
                                                             INT, loc)
            return prim(s, key, [args[0], index, box(s, args[2], loc)], NONE, loc)
        return prim(s, "obj.setitem", objs(args), NONE, loc)
    if kind in ("getslice", "setslice"):
        pattern = name[name.index("[") + 1:-1]
        if kind == "getslice":
            index = _slice_index(s, pattern, args[1:], loc)
            return prim(s, "obj.getitem", [box(s, args[0], loc), index], result, loc)
        index = _slice_index(s, pattern, args[2:], loc)
        return prim(s, "obj.setitem", [box(s, args[0], loc), index, box(s, args[1], loc)],
                    NONE, loc)
    if kind == "obj.is_object":
        return Typed(Const(is_object(args[0].type)), BOOL)
    if kind == "obj.exact_mode":
        return Typed(Const(bool(getattr(s.call_type, "exact_ints", False))), BOOL)
    if kind == "obj.dict" and len(args) % 2:
        raise AssertionError("dict display with an odd number of operands")
    return prim(s, name, objs(args), result, loc)


def _slice_index(s: Specializer, pattern: str, values: list[Typed],
                 loc: tuple[int, int]) -> Typed:
    """The index object of a subscript with slices: one slice (PySlice_New, None for each
    part not given), or a tuple of slices and indices."""
    from lesto.infer.expand import prim

    parts = []
    it = iter(values)
    for p in pattern.split("_"):
        if p == "i":
            parts.append(box(s, next(it), loc))
            continue
        given = [box(s, next(it), loc) if flag == "1" else None for flag in p[1:]]
        none = [g for g in given if g is not None]
        parts.append(prim(s, f"obj.slice:{p[1:]}", none, PyObj(slice), loc))
    if len(parts) == 1:
        return parts[0]
    return prim(s, "obj.tuple", parts, PyObj(tuple), loc)


def refuse_tuple_of_objects(t: LType) -> None:
    """Native tuples never hold objects (a tuple with an object is a PyObj(tuple))."""
    if isinstance(t, Tuple) and any(is_object(i) for i in t.items):
        raise ObjectRefusal("L001", "a native tuple holding objects")


def require_native(fns: list[Any]) -> None:
    """Refuse (L033, at the first one) a Python object in functions compiled without
    `objects=True`: object code is exact but not yet faster than the interpreter, so by
    default such a function runs as itself, the plain Python function."""
    import linecache

    from lesto.messages import refusal

    found = [(fn, op, t) for fn in fns for block in fn.blocks for op in block.ops
             if isinstance(t := fn.var_types.get(getattr(op, "dest", None)), PyObj)]
    # ints are Python ints in a function with objects, and scalars meeting objects are
    # boxed: name the object that made it so (a container, a str, an instance), the first
    first = min(found, default=None,
                key=lambda f: f[2].pytype in (int, bool, float, complex, type(None)))
    if first is not None:
        fn, op, t = first
        line, col = op.loc
        text = linecache.getline(fn.filename, line).split("  #")[0].strip() or "this line"
        if len(text) > 60:
            text = text[:57] + "..."
        what = t.pytype.__name__ if t.pytype is not None else "any object"
        construct = f"'{text}'"
        name = op.dest.name.split(":")[0]
        if t.pytype is pytypes.CellType:   # frontend/cells.py
            what = "nested function sharing a variable of this one: a cell"
        elif name[:1].isalpha() or name[:1] == "_":   # a variable of the user's, not a temp
            construct = f"variable '{name}' at '{text}'"
            if t.pytype is None:
                what = "its values have no common native form"
        raise refusal("L033", construct, fn.filename, line, col, what)
