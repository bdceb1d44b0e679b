"""Reference counts of object variables, in one place: every variable of an object type owns
the reference it holds (or holds NULL).

The lowerer calls these hooks and nothing else deals with references:

- `init_slots`: at entry every object slot is NULL, and each object argument (borrowed from
  the caller) is increfed into its slot;
- `store`: a new value replaces the old one, which is released (`Py_DecRef`, NULL-safe); a
  copy (`x = y`, an edge into a wider type) increfs the value first, a result of a primitive
  (always a new reference) is stored as it is;
- `release_slots`: before every `ret` of the function (normal return, error, deopt) every
  object slot is released, after a returned object was increfed for the caller (`op_Return`).

- `Deaths`: a variable is released right after its last use (liveness over the blocks, the
  `except` handler of a block counting as its successor), or on entry to a block where it
  is dead though live out of a predecessor; an `x = y` where `y` dies moves the reference.
  So the tuple `for x, y in zip(a, b)` unpacks is freed before the next `zip` step, which
  then reuses it, as in CPython.  A variable some operation might keep a pointer into (an
  array's data) is left alone.

The rest live until their variable is reassigned or the function returns (CPython releases
every value once dead: a `__del__` may run later here; the memory is the same after the
call).

    def f(s): t = s + "!" ; return t     entry: s.slot = incref(s) ; t.slot = NULL
                                         t: new = PyNumber_Add(...) ; decref(old t) ; t = new
                                         ret: incref(t) ; decref(s.slot) ; decref(t.slot)
"""
from __future__ import annotations

from typing import Any

from llvmlite import ir

from lesto.backend import capi
from lesto.backend.capi import PTR
from lesto.ir.nodes import (
    TERMINATORS, Assign, Branch, CallSpec, FromUnion, Function, Jump, Op, Prim, Return, ToUnion,
    Var,
)
from lesto.backend.context import I8, I64
from lesto.types.core import (
    BOOL, FLOAT, INT, NONE, UNDEFINED, XINT, Array, LType, PyObj, is_object, tag_of,
)
from lesto.types.typeof import typeof


def owned_slots(lowerer: Any) -> list[ir.AllocaInstr]:
    return [slot for v, slot in lowerer.slots.items() if is_object(lowerer.fn.var_types[v])]


def xint_slots(lowerer: Any) -> list[ir.AllocaInstr]:
    return [slot for v, slot in lowerer.slots.items() if lowerer.fn.var_types[v] == XINT]


def init_slots(lowerer: Any) -> None:
    """In the entry block, before the arguments are stored: NULL in every object slot (an
    int in every XINT slot)."""
    b = lowerer.builder
    for slot in owned_slots(lowerer):
        b.store(ir.Constant(PTR, None), slot)
    for slot in xint_slots(lowerer):
        b.store(xint_value(b, INT_TAG, ir.Constant(I64, 0)), slot)


def bind_arguments(lowerer: Any) -> None:
    """In the entry block: the slots initialised, then the arguments stored into theirs
    (object and XINT arguments with a new reference each: the slot owns it)."""
    b = lowerer.builder
    init_slots(lowerer)
    for arg, v in zip(lowerer.llfn.args, lowerer.fn.args):
        if v in lowerer.slots:
            b.store(arg, lowerer.slots[v])
    incref_arguments(lowerer)


def incref_arguments(lowerer: Any) -> None:
    b = lowerer.builder
    for arg, v in zip(lowerer.llfn.args, lowerer.fn.args):
        if is_object(lowerer.fn.var_types[v]):
            capi.call(b, "Py_IncRef", [arg])
        elif lowerer.fn.var_types[v] == XINT:
            incref_xint(b, arg)


# ----------------------------------------------------------------------------- XINT values
# {i8 tag, i64 payload}: an int64, or (OBJ_TAG) a PyLong* the variable owns (types/core.py).
OBJ_TAG = tag_of(PyObj(int))
INT_TAG = tag_of(INT)
XINT_REPR = ir.LiteralStructType([I8, I64])


def xint_value(b: ir.IRBuilder, tag: int, payload: ir.Value) -> ir.Value:
    u = b.insert_value(ir.Constant(XINT_REPR, ir.Undefined), ir.Constant(I8, tag), 0)
    return b.insert_value(u, payload, 1)


def holds_object(b: ir.IRBuilder, v: ir.Value) -> ir.Value:
    return b.icmp_unsigned("==", b.extract_value(v, 0), ir.Constant(I8, OBJ_TAG))


def _object_or_null(b: ir.IRBuilder, v: ir.Value) -> ir.Value:
    return b.select(holds_object(b, v), b.inttoptr(b.extract_value(v, 1), PTR),
                    ir.Constant(PTR, None))


def incref_xint(b: ir.IRBuilder, v: ir.Value) -> None:
    capi.call(b, "Py_IncRef", [_object_or_null(b, v)])   # NULL-safe: no branch here


def release_xint(b: ir.IRBuilder, v: ir.Value) -> None:
    capi.call(b, "Py_DecRef", [_object_or_null(b, v)])


def store_xint(b: ir.IRBuilder, slot: ir.Value, value: ir.Value, copy: bool) -> None:
    """`store` for an XINT slot: the PyLong it may hold is owned by the slot."""
    if copy:
        incref_xint(b, value)
    old = b.load(slot, typ=XINT_REPR)
    b.store(value, slot)
    release_xint(b, old)


def box_xint(b: ir.IRBuilder, v: ir.Value, new_reference: bool) -> ir.Value:
    """An XINT as an object: the PyLong it holds (increfed when `new_reference`), or the
    int64 boxed (NULL with an error set when that fails)."""
    from lesto.backend.boxing import box_int

    big = holds_object(b, v)
    with b.if_else(big) as (then, otherwise):
        with then:
            obj = b.inttoptr(b.extract_value(v, 1), PTR)
            if new_reference:
                capi.call(b, "Py_IncRef", [obj])
            then_end = b.block
        with otherwise:
            small = box_int(b, b.extract_value(v, 1))
            else_end = b.block
    phi = b.phi(PTR)
    phi.add_incoming(obj, then_end)
    phi.add_incoming(small, else_end)
    return phi


def store(b: ir.IRBuilder, slot: ir.Value, value: ir.Value, copy: bool) -> None:
    """Put `value` in an object slot: increfed first when it is a copy of a value owned
    elsewhere; the slot's old value released after (it may be the same object)."""
    if copy:
        capi.call(b, "Py_IncRef", [value])
    old = b.load(slot, typ=PTR)
    b.store(value, slot)
    capi.call(b, "Py_DecRef", [old])


def _borrows_only(op: Op, fn: Function) -> bool:
    """`op` uses its object operands only while it runs: what it leaves (a new reference, a
    scalar, nothing, a jump) keeps no pointer into them."""
    if isinstance(op, (Assign, Branch, Return, Jump)):
        return True   # a copy is increfed; a returned object too
    if isinstance(op, (ToUnion, FromUnion)):
        return is_object(fn.var_types.get(op.dest, NONE))
    if not isinstance(op, (Prim, CallSpec)) or \
            (isinstance(op, Prim) and not op.impl.startswith("obj.")):
        return False
    t = fn.var_types.get(op.dest)
    return t is not None and (is_object(t) or t in (INT, FLOAT, BOOL, NONE))


class Deaths:
    """Where object variables die (see the docstring): `after[id(op)]` the variables whose
    last use is `op`; `entry[block]` those live out of a predecessor but dead on entry;
    `moves` the ids of the `x = y` whose `y` dies there (its reference moves to `x`, so it
    is in no `after` list)."""

    def __init__(self, fn: Function) -> None:
        tracked = {v for v, t in fn.var_types.items() if is_object(t)}
        for block in fn.blocks:
            for op in block.ops:
                if not _borrows_only(op, fn):
                    tracked -= set(op.operands())
        self.after: dict[int, list[Var]] = {}
        self.entry: dict[Any, list[Var]] = {}
        self.moves: set[int] = set()
        if not tracked:
            return
        succs = {b: b.successors() + ([b.handler] if b.handler is not None else [])
                 for b in fn.blocks}
        gen, kill = {}, {}
        for block in fn.blocks:
            g: set[Var] = set()
            k: set[Var] = set()
            for op in block.ops:
                g |= {v for v in op.operands() if v in tracked and v not in k}
                dest = getattr(op, "dest", None)
                if dest in tracked:
                    k.add(dest)
            gen[block], kill[block] = g, k
        live_in: dict[Any, set[Var]] = {b: set() for b in fn.blocks}
        changed = True
        while changed:
            changed = False
            for block in reversed(fn.blocks):
                out = set().union(*(live_in[s] for s in succs[block] if s in live_in))
                new = gen[block] | (out - kill[block])
                if new != live_in[block]:
                    live_in[block], changed = new, True
        preds_out: dict[Any, set[Var]] = {b: set() for b in fn.blocks}
        for block in fn.blocks:
            live = set().union(*(live_in[s] for s in succs[block] if s in live_in))
            for s in succs[block]:
                if s in preds_out:
                    preds_out[s] |= live
            for op in reversed(block.ops):
                used = [v for v in dict.fromkeys(op.operands()) if v in tracked]
                dying = [v for v in used if v not in live]
                if isinstance(op, Assign) and op.src in dying and op.src != op.dest:
                    self.moves.add(id(op))
                    dying.remove(op.src)
                if dying and not isinstance(op, TERMINATORS):
                    self.after[id(op)] = dying
                dest = getattr(op, "dest", None)
                live.discard(dest)
                live.update(used)
        for block in fn.blocks[1:]:
            gone = preds_out[block] - live_in[block]
            if gone:
                self.entry[block] = sorted(gone, key=lambda v: v.name)


def release(b: ir.IRBuilder, slot: ir.Value) -> None:
    """Release a dead variable's reference now (its slot NULL, so the exits skip it)."""
    store(b, slot, ir.Constant(PTR, None), copy=False)


def release_slots(lowerer: Any) -> None:
    """At every exit (`lowerer.exits()`): release every object slot (and XINT slot)."""
    slots, xints = owned_slots(lowerer), xint_slots(lowerer)
    if not slots and not xints:
        return
    b = lowerer.builder
    for term in lowerer.exits():
        b.position_before(term)
        release_all(b, slots, xints)


def release_all(b: ir.IRBuilder, slots: list[ir.Value], xints: list[ir.Value]) -> None:
    """Release what object slots `slots` and XINT slots `xints` hold (NULL-safe)."""
    for slot in slots:
        capi.call(b, "Py_DecRef", [b.load(slot, typ=PTR)])
    for slot in xints:
        release_xint(b, b.load(slot, typ=XINT_REPR))


def constant(b: ir.IRBuilder, value: Any) -> ir.Value:
    """A borrowed reference to the constant object `value` (kept alive by the runtime)."""
    return b.bitcast(capi.pinned(b.module, value), PTR)


def is_object_constant(value: Any) -> bool:
    t = typeof(value)
    return t is not None and is_object(t)


def to_object(lowerer: Any, value: ir.Value, src: LType, dest: LType) -> tuple[ir.Value, bool]:
    """A value of type `src` moved into the object type `dest`: (pointer, whether it is a new
    reference).  Natives are boxed (a failure is an error exit); an object is the same
    pointer (a copy); "unbound" is NULL."""
    from lesto.backend.boxing import box

    if src == UNDEFINED:
        return ir.Constant(PTR, None), True
    if is_object(src):
        return value, False
    if src == XINT:
        obj = box_xint(lowerer.builder, value, new_reference=True)
        from lesto.backend.lower_object import check_new

        return check_new(lowerer.ctx, obj), True
    b = lowerer.builder
    if isinstance(src, Array):   # the array object itself, one more reference
        obj = b.extract_value(value, 3)
        capi.call(b, "Py_IncRef", [obj])
        return obj, True
    obj = box(b, value, src)
    fail = b.icmp_unsigned("==", obj, ir.Constant(PTR, None))
    ok = b.append_basic_block("box.ok")
    b.cbranch(fail, lowerer.ctx.error_block, ok)
    b.position_at_end(ok)
    return obj, True


def exact_type(t: LType) -> type | None:
    return t.pytype if isinstance(t, PyObj) else None
