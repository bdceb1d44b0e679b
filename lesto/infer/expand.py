"""Structural operations expanded into primitives: tuples (index, compare, truth, len),
`not`, `bool()`, and n-ary `min`/`max` with CPython's first-wins rule.

    max(a, b)  ->  $c = compare gt b, a ; $r = prim select $c, b, a     (first maximal wins)
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from lesto.infer.optype import arrays_involved
from lesto.ir.nodes import (
    Assign, Branch, CallBuiltin, Compare, Const, Deopt, GetItem, MakeTuple, Op, Prim, Truth,
    TupleGet, UnaryOp, Value, Var, dest_of,
)
from lesto.types.core import BOOL, COMPLEX, FLOAT, INT, LType, Tuple, make_union
from lesto.types.typeof import typeof

if TYPE_CHECKING:
    from lesto.infer.specialize import Specializer, Typed


def expand(s: Specializer, op: Op, args: list[Typed]) -> Typed | None:
    from lesto.infer.specialize import Typed

    loc = op.loc
    types = tuple(a.type for a in args)
    if isinstance(op, CallBuiltin) and op.name == "inplace.assign" and \
            not arrays_involved(op, types):
        return args[1]   # x += y on an immutable value: x + y
    if arrays_involved(op, types):
        from lesto.infer.arrays import array_result, expand_array, is_array_op

        if is_array_op(op, types):
            return expand_array(s, op, args, array_result(op, types))
    if isinstance(op, UnaryOp) and op.op == "not":
        t = truth(s, args[0], loc)
        return None if t is None else prim(s, "bool.not", [t], BOOL, loc)
    if isinstance(op, Truth):
        return truth(s, args[0], loc)
    if isinstance(op, GetItem):
        return getitem(s, op, args)
    if isinstance(op, Compare) and op.op in ("in", "notin"):
        return membership(s, op.op, args[0], args[1], loc)
    if isinstance(op, Compare):
        return tuple_compare(s, op.op, args[0], args[1], loc)
    if isinstance(op, CallBuiltin):
        if op.name in ("tuple.unpack_check", "range.arg"):
            return args[0]
        if op.name in ("len", "iter.len"):
            return Typed(Const(len(args[0].type.items)), INT)  # type: ignore[attr-defined]
        if op.name == "bool":
            return truth(s, args[0], loc)
        if op.name in ("min", "max"):
            return minmax(s, op.name, args, loc)
    raise AssertionError(f"no expansion for {op}")


def prim(s: Specializer, impl: str, args: list[Typed], result: LType,
         loc: tuple[int, int]) -> Typed:
    from lesto.infer.specialize import Typed

    dest = s.temp(result)
    s.emit(Prim(loc, dest, impl, [a.value for a in args]))
    return Typed(dest, result)


def truth(s: Specializer, x: Typed, loc: tuple[int, int]) -> Typed | None:
    from lesto.infer.specialize import Typed

    if isinstance(x.type, Tuple):
        return Typed(Const(len(x.type.items) > 0), BOOL)
    return s.row("truth", [x], loc)


def items_of(s: Specializer, x: Typed, loc: tuple[int, int]) -> list[Typed]:
    from lesto.infer.specialize import Typed

    assert isinstance(x.type, Tuple)
    built = built_items(s, x.value, x.type) if isinstance(x.value, Var) else None
    if built is not None:
        return [Typed(v, t) for v, t in zip(built, x.type.items)]
    out = []
    for i, t in enumerate(x.type.items):
        if isinstance(x.value, Const):
            out.append(Typed(Const(x.value.value[i]), t))
            continue
        dest = s.temp(t)
        s.emit(TupleGet(loc, dest, x.value, i))
        out.append(Typed(dest, t))
    return out


def built_items(s: Specializer, v: Var, t: Tuple, window: int = 32) -> list[Value] | None:
    """The items of the tuple `v` holds when the block being built made it (through copies)
    from values none of which was reassigned since: `a[i, j]` builds `(i, j)` and takes it
    apart again; its TupleGets were a tenth of an array kernel's IR."""
    assigned: set[Var] = set()
    assert s.cur is not None
    for op in reversed(s.cur.ops[-window:]):
        dest = dest_of(op)
        if dest != v:
            if dest is not None:
                assigned.add(dest)
            continue
        if isinstance(op, Assign) and isinstance(op.src, Var):
            v = op.src
            continue
        if not isinstance(op, MakeTuple):
            return None
        for item, item_t in zip(op.items, t.items):
            if isinstance(item, Var) and (item in assigned or s.out.var_types.get(item) != item_t):
                return None
            if isinstance(item, Const) and typeof(item.value) != item_t:
                return None
        return list(op.items)
    return None


def getitem(s: Specializer, op: GetItem, args: list[Typed]) -> Typed | None:
    from lesto.infer.specialize import Typed

    tup, index = args
    assert isinstance(tup.type, Tuple)
    n = len(tup.type.items)
    if isinstance(index.value, Const):
        i = int(index.value.value)
        i = i + n if i < 0 else i
        return items_of(s, tup, op.loc)[i]
    elem = make_union(list(tup.type.items))
    if any(t != elem for t in tup.type.items):
        boxed = [Typed(s.convert(it, elem, op.loc), elem) for it in items_of(s, tup, op.loc)]
        dest = s.temp(Tuple(tuple(elem for _ in boxed)))
        s.emit(MakeTuple(op.loc, dest, [b.value for b in boxed]))
        tup = Typed(dest, Tuple(tuple(elem for _ in boxed)))
    if index.type == BOOL:
        index = prim(s, "conv.bool_to_int", [index], INT, op.loc)
    return prim(s, "tuple.getitem", [tup, index], elem, op.loc)


def compare_items(s: Specializer, opname: str, a: Typed, b: Typed,
                  loc: tuple[int, int]) -> Typed | None:
    if isinstance(a.type, Tuple) and isinstance(b.type, Tuple):
        return tuple_compare(s, opname, a, b, loc)
    both_nan = {(FLOAT, FLOAT): "float.both_nan", (COMPLEX, COMPLEX): "complex.both_nan"}
    if (a.type, b.type) in both_nan:
        # CPython compares tuple items by identity first: a nan is equal to itself.
        both = prim(s, both_nan[(a.type, b.type)], [a, b], BOOL, loc)
        fail, ok = s.new_block("nan"), s.new_block("notnan")
        s.emit(Branch(loc, both.value, fail, ok))
        s.cur = fail
        s.emit(Deopt(loc, "nan in tuple comparison"))
        s.cur = ok
    return s.row(f"compare.{opname}", [a, b], loc)


def tuple_compare(s: Specializer, opname: str, a: Typed, b: Typed,
                  loc: tuple[int, int]) -> Typed | None:
    """Lexicographic comparison: the first unequal pair decides, else the lengths do."""
    from lesto.infer.specialize import Typed

    xs, ys = items_of(s, a, loc), items_of(s, b, loc)
    if opname in ("eq", "ne"):
        if len(xs) != len(ys):
            return Typed(Const(opname == "ne"), BOOL)
        acc: Typed = Typed(Const(True), BOOL)
        for x, y in zip(xs, ys):
            e = compare_items(s, "eq", x, y, loc)
            if e is None:
                return None
            acc = prim(s, "bool.and", [acc, e], BOOL, loc)
        return prim(s, "bool.not", [acc], BOOL, loc) if opname == "ne" else acc
    la, lb = len(xs), len(ys)
    r: Typed = s.row(f"compare.{opname}", [Typed(Const(la), INT), Typed(Const(lb), INT)], loc)
    for x, y in reversed(list(zip(xs, ys))):
        e = compare_items(s, "eq", x, y, loc)
        c = compare_items(s, opname, x, y, loc)
        if e is None or c is None:
            return None
        r = prim(s, "select", [e, r, c], BOOL, loc)
    return r


def membership(s: Specializer, opname: str, x: Typed, t: Typed,
               loc: tuple[int, int]) -> Typed | None:
    """`x in t`: equality with any item (identity first, as CPython; see compare_items)."""
    from lesto.infer.specialize import Typed

    found: Typed = Typed(Const(False), BOOL)
    for item in items_of(s, t, loc):
        e = compare_items(s, "eq", x, item, loc)
        if e is None:
            return None
        found = prim(s, "bool.or", [found, e], BOOL, loc)
    return prim(s, "bool.not", [found], BOOL, loc) if opname == "notin" else found


def minmax(s: Specializer, name: str, args: list[Typed], loc: tuple[int, int]) -> Typed | None:
    """Two items (the frontend nests longer calls), or the items of one homogeneous tuple."""
    from lesto.infer.specialize import Typed

    if len(args) == 1:
        args = items_of(s, args[0], loc)
    best = args[0]
    for x in args[1:]:
        result_t = make_union([best.type, x.type])
        # CPython keeps the first extreme item: replace only when strictly better.
        better = s.row(f"compare.{'gt' if name == 'max' else 'lt'}", [x, best], loc)
        if better is None:
            return None
        xv = Typed(s.convert(x, result_t, loc), result_t)
        bv = Typed(s.convert(best, result_t, loc), result_t)
        best = prim(s, "select", [better, xv, bv], result_t, loc)
    return best
