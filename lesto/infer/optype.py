"""The type of one operation's result, given its operand types (scalars, tuples or unions).

`concrete_result(op, types)` types an operation whose operands are all concrete (no unions);
`result_type(op, types)` splits union operands into their members, types each combination, and
joins the results: a combination that cannot be typed (`None + 1` when `x` may be None) is a
run-time deoptimisation for that combination only, exactly where CPython would raise.
"""
from __future__ import annotations

import itertools
from typing import Callable

from lesto.errors import CompileError
from lesto.infer.objects import (
    ObjectRefusal, is_object_op, object_result, xint_result, xint_row,
)
from lesto.infer.resolve import explain, resolve
from lesto.infer.rules import ARRAY_CALLS
from lesto.infer.rules.complex import ORDERING, SCALAR_ATTRIBUTES
from lesto.infer.rules.npscalar import numpy_type_error
from lesto.ir.nodes import (
    Assign, BinOp, CallBuiltin, CallFunc, Compare, Const, GetItem, MakeTuple, Op, Return, Truth,
    UnaryOp,
)
from lesto.types.core import (
    BOOL, BOTTOM, COMPLEX_KINDS, INT, NONE, NP, UNDEFINED, XINT, Array, ArrayExpr, LType, Tuple,
    Union, contains_undefined, is_object, make_union, members,
)

CallType = Callable[[object, tuple[LType, ...]], LType]


class Refusal(Exception):
    """This operation can never be typed: (code, construct, detail) for the catalog."""

    def __init__(self, code: str, construct: str, detail: str = "") -> None:
        super().__init__(code, construct, detail)
        self.code, self.construct, self.detail = code, construct, detail


def arrays_involved(op: Op, types: tuple[LType, ...] | list[LType]) -> bool:
    """Whether infer/arrays.py (imported only then) must type or expand this operation."""
    if any(isinstance(t, (Array, ArrayExpr)) for t in types):
        return True
    if isinstance(op, CallBuiltin) and op.name in SCALAR_ATTRIBUTES:
        return False   # `.real` of a number: the scalar tables type it
    return isinstance(op, CallBuiltin) and op.name.startswith(ARRAY_CALLS) and \
        op.name != "inplace.assign"


def needs_concrete(op: Op) -> bool:
    """True when every operand of `op` must have a single concrete type (unions are split)."""
    if isinstance(op, CallBuiltin) and op.name == "inplace.assign":
        return False   # passes its second operand on, unions and all (see build_augassign)
    return isinstance(op, (BinOp, UnaryOp, Compare, Truth, CallBuiltin, CallFunc, GetItem))


def split_choices(op: Op, types: list[LType]) -> list[tuple[LType, ...]]:
    """The operand-type combinations an operation is typed (and later emitted) for."""
    if needs_concrete(op):
        return list(itertools.product(*[members(t) for t in types]))
    # Copies, tuples and returns keep unions; only an unbound read must be split off.
    return list(itertools.product(*[_strip_choices(t) for t in types]))


def _strip_choices(t: LType) -> list[LType]:
    if not contains_undefined(t):
        return [t]
    rest = make_union([m for m in members(t) if m != UNDEFINED])
    return [UNDEFINED] + ([rest] if rest != BOTTOM else [])


def narrowed(op: Op, types: list[LType], call_type: CallType) -> list[int]:
    """The XINT operands of `op` to narrow to int64 first (backend/lower_xint.py: the rare
    big value leaves native code): those of a native operation (an array index, `x * 1.5`,
    `math.sqrt(n)`) whose result would otherwise become an object."""
    idx = [i for i, t in enumerate(types) if t == XINT]
    if not idx or not needs_concrete(op):
        return []
    as_int = [INT if t == XINT else t for t in types]
    try:
        r_int = _result_type(op, as_int, call_type)
    except Refusal:
        return []
    if r_int in (XINT, BOTTOM) or is_object(r_int):
        return []
    try:
        r_all = _result_type(op, types, call_type)
    except Refusal:
        return idx
    return idx if is_object(r_all) else []


def result_type(op: Op, types: list[LType], call_type: CallType) -> LType:
    """Join of the result over every operand combination; BOTTOM when all of them deopt."""
    if XINT in types:
        idx = narrowed(op, types, call_type)
        types = [INT if i in idx else t for i, t in enumerate(types)]
    return _result_type(op, types, call_type)


def _result_type(op: Op, types: list[LType], call_type: CallType) -> LType:
    results: list[LType] = []
    first_refusal: Refusal | None = None
    for combo in split_choices(op, types):
        try:
            results.append(concrete_result(op, combo, call_type))
        except Refusal as r:
            first_refusal = first_refusal or r
    if not results and first_refusal is not None and not any(
            UNDEFINED in c for c in split_choices(op, types)):
        raise first_refusal
    if len(set(results)) > 1 and any(isinstance(r, ArrayExpr) for r in results):
        from lesto.infer.arrays import materialized

        # an expression that differs per member is computed before the union is made
        results = [materialized(r) for r in results]
    try:
        return make_union(results)
    except TypeError as e:
        raise Refusal("L012", str(getattr(op, "dest", "value")), str(e)) from None


def concrete_result(op: Op, types: tuple[LType, ...], call_type: CallType) -> LType:
    """Type of `op` for concrete operand types; BOTTOM if it always deopts; Refusal if untypable."""
    if UNDEFINED in types:
        return BOTTOM  # reading an unbound local: CPython raises UnboundLocalError
    if BOTTOM not in types:
        match = xint_row(op, types, call_type)
        if match is not None:
            return xint_result(match)
    if BOTTOM not in types and is_object_op(op, types, call_type):
        try:
            return object_result(op, types)
        except ObjectRefusal as r:
            raise Refusal(*r.args) from None
    if isinstance(op, CallBuiltin) and op.name == "inplace.assign" and \
            not isinstance(types[0], Array):
        # x += y on an immutable value: x + y (see build_augassign), computed when it is a
        # whole-array expression (a 0-d one gives a numpy scalar)
        if isinstance(types[1], ArrayExpr):
            from lesto.infer.arrays import materialized

            return materialized(types[1])
        return types[1]
    if arrays_involved(op, types):
        from lesto.infer.arrays import (
            array_result, is_array_op, is_elementwise, keeps_expression, materialized,
        )
        from lesto.infer.rules.numpy import ArrayRefusal

        if not keeps_expression(op) and not is_elementwise(op, types):
            types = tuple(materialized(t) for t in types)
        if is_array_op(op, types):
            try:
                return array_result(op, types)
            except ArrayRefusal as r:
                raise Refusal(*r.args) from None
    if BOTTOM in types:
        return BOTTOM
    if isinstance(op, (Assign, Return)):
        return types[0]
    if isinstance(op, MakeTuple):
        return Tuple(tuple(types))
    if isinstance(op, BinOp):
        return _row_result(f"binop.{op.op}", types, f"'{op.op}'")
    if isinstance(op, UnaryOp):
        if op.op == "not":
            _truth_type(types[0])
            return BOOL
        return _row_result(f"unary.{op.op}", types, f"unary '{op.op}'")
    if isinstance(op, Compare):
        if op.op in ("in", "notin"):
            return _membership(types[0], types[1])
        if isinstance(types[0], Tuple) and isinstance(types[1], Tuple):
            return _tuple_compare(op.op, types[0], types[1])
        return _row_result(f"compare.{op.op}", types, f"'{op.op}'")
    if isinstance(op, Truth):
        return _truth_type(types[0])
    if isinstance(op, GetItem):
        return _getitem(op, types)
    if isinstance(op, CallBuiltin):
        return _builtin(op, types)
    if isinstance(op, CallFunc):
        return call_type(op.func, types)
    raise Refusal("L001", type(op).__name__)


def known_condition(op: Op, types: list[LType], known: dict[object, bool],
                    call_type: object = None) -> bool | None:
    """The value of a bool that the types alone decide (`x is None` for a None `x`, the truth
    of a tuple), so inference can skip the branch that cannot run; None when unknown."""
    from lesto.infer.resolve import resolve

    if isinstance(op, CallBuiltin) and op.name == "obj.is_object":
        return is_object(types[0])   # which loop of build_loops.build_for runs
    if isinstance(op, CallBuiltin) and op.name == "obj.exact_mode":
        return bool(getattr(call_type, "exact_ints", False))   # see build_stmt.build_raise
    if any(isinstance(t, Union) for t in types):
        return None
    if isinstance(op, Compare) and op.op in ("is", "isnot", "eq", "ne"):
        match = resolve(f"compare.{op.op}", tuple(types))
        if match is not None and match.row.impl in ("const.true", "const.false"):
            return match.row.impl == "const.true"
        return None
    if isinstance(op, Truth):
        t = types[0]
        if isinstance(t, Tuple):
            return len(t.items) > 0
        if t == NONE:
            return False
        if t == BOOL and op.value in known:
            return known[op.value]
        return None
    if isinstance(op, UnaryOp) and op.op == "not" and op.operand in known:
        return not known[op.operand]
    return None


def _row_result(name: str, types: tuple[LType, ...], construct: str) -> LType:
    match = resolve(name, types)
    if match is None:
        if name.split(".")[-1] in ORDERING and any(t in COMPLEX_KINDS for t in types):
            if NP["complex128"] in types:   # numpy orders them (lexicographically)
                raise Refusal("L010", f"{construct} on np.complex128 (numpy's lexicographic "
                              "order of complex numbers is not compiled yet)")
            raise Refusal("L020", construct)
        numpy_error = numpy_type_error(name, types)
        if numpy_error is not None:
            raise Refusal("L021", f"{construct} on {' and '.join(map(str, types))}", numpy_error)
        if name in SCALAR_ATTRIBUTES:
            raise Refusal("L002", f"'.{name.split('.')[1]}' on a value of type {types[0]}",
                          "numbers have .real, .imag and .conjugate(); arrays the attributes "
                          "listed in the README")
        raise Refusal("L010", construct, explain(name, types))
    return match.row.result


def _truth_type(t: LType) -> LType:
    if isinstance(t, Tuple):
        return BOOL
    return _row_result("truth", (t,), "truth test")


def _tuple_compare(op: str, a: Tuple, b: Tuple) -> LType:
    for x, y in zip(a.items, b.items):
        for xm in members(x):
            for ym in members(y):
                if isinstance(xm, Tuple) and isinstance(ym, Tuple):
                    _tuple_compare(op, xm, ym)
                else:
                    _row_result(f"compare.{op}", (xm, ym), f"'{op}' on tuple items")
                    if op not in ("eq", "ne"):
                        _row_result("compare.eq", (xm, ym), "'eq' on tuple items")
    return BOOL


def _membership(x: LType, container: LType) -> LType:
    if not isinstance(container, Tuple):
        raise Refusal("L010", f"'in' on {container}", "the right side must be a tuple")
    for item in container.items:
        if isinstance(item, Union):
            raise Refusal("L010", "'in'", "tuple items must each have one type")
        _row_result("compare.eq", (x, item), "'in' comparison")
    return BOOL


def _getitem(op: GetItem, types: tuple[LType, ...]) -> LType:
    obj, index = types
    if not isinstance(obj, Tuple):
        raise Refusal("L002", f"indexing a value of type {obj}")
    if index not in (INT, BOOL):
        raise Refusal("L013", f"index of type {index}")
    if isinstance(op.index, Const):
        i = int(op.index.value)
        n = len(obj.items)
        if -n <= i < n:
            return obj.items[i]
        return BOTTOM  # IndexError at run time, raised by the interpreter
    try:
        return make_union(list(obj.items))
    except TypeError:
        raise Refusal("L013", "a variable index into a tuple of mixed tuple/scalar items") from None


def _builtin(op: CallBuiltin, types: tuple[LType, ...]) -> LType:
    name = op.name
    if name == "range.arg":   # a range() argument held for the loop (objects: __index__)
        return types[0]
    if name == "tuple.unpack_check":
        obj = types[0]
        want = op.args[1].value  # type: ignore[union-attr]
        if not isinstance(obj, Tuple):
            raise Refusal("L014", f"a value of type {obj}")
        if len(obj.items) != want:
            return BOTTOM  # ValueError at run time
        return obj   # the items are read from what the check returns (build_stmt.assign_to)
    if name == "iter.len":
        if len(types) == 1 and isinstance(types[0], Tuple):
            return INT
        raise Refusal("L008", f"a value of type {types[0]}")
    if name == "len":
        if len(types) == 1 and isinstance(types[0], Tuple):
            return INT
        raise Refusal("L011", "len", f"got ({', '.join(map(str, types))}); supported: (tuple)")
    if name == "bool":
        if len(types) != 1:
            raise Refusal("L011", "bool", "takes one argument")
        return _truth_type(types[0])
    if name in ("min", "max"):
        items = _minmax_items(name, types)
        for a in items[1:]:
            _row_result("compare.gt", (a, items[0]), f"{name}() comparison")
        try:
            return make_union(list(items))
        except TypeError as e:
            raise Refusal("L011", name, str(e)) from None
    return _row_result(name, types, name)


def _minmax_items(name: str, types: tuple[LType, ...]) -> tuple[LType, ...]:
    if len(types) == 1 and isinstance(types[0], Tuple) and types[0].items:
        items = types[0].items
        if len(set(items)) != 1:
            raise Refusal("L011", name, "over a tuple needs items of one type; "
                          "pass the items as separate arguments instead")
    elif len(types) == 2:
        items = types
    else:
        raise Refusal("L011", name, "needs two arguments (longer calls are nested) or one non-empty tuple")
    flat: list[LType] = []
    for t in items:
        flat.extend(members(t))
    for t in flat:
        if isinstance(t, (Tuple, Union)):
            raise Refusal("L011", name, "compares only numbers")
    return tuple(items)


def as_compile_error(r: Refusal, op: Op, filename: str) -> CompileError:
    from lesto.messages import refusal

    return refusal(r.code, r.construct, filename, op.loc[0], op.loc[1], r.detail)
