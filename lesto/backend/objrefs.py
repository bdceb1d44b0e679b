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

So objects live until their variable is reassigned or the function returns (CPython releases
temporaries at once: a `__del__` may run later here; the memory is the same after the call).

    def f(s): t = s + "!" ; return t     entry: s.slot = incref(s) ; t.slot = NULL
                                         t: new = PyNumber_Add(...) ; decref(old t) ; t = new
                                         ret: incref(t) ; decref(s.slot) ; decref(t.slot)
"""
from __future__ import annotations

from typing import Any

from llvmlite import ir

from lesto.backend import capi
from lesto.backend.capi import PTR
from lesto.types.core import UNDEFINED, Array, LType, PyObj, is_object
from lesto.types.typeof import typeof


def owned_slots(lowerer: Any) -> list[ir.AllocaInstr]:
    return [slot for v, slot in lowerer.slots.items() if is_object(lowerer.fn.var_types[v])]


def init_slots(lowerer: Any) -> None:
    """In the entry block, before the arguments are stored: NULL in every object slot."""
    b = lowerer.builder
    for slot in owned_slots(lowerer):
        b.store(ir.Constant(PTR, None), slot)


def incref_arguments(lowerer: Any) -> None:
    b = lowerer.builder
    for arg, v in zip(lowerer.llfn.args, lowerer.fn.args):
        if is_object(lowerer.fn.var_types[v]):
            capi.call(b, "Py_IncRef", [arg])


def store(b: ir.IRBuilder, slot: ir.Value, value: ir.Value, copy: bool) -> None:
    """Put `value` in an object slot: increfed first when it is a copy of a value owned
    elsewhere; the slot's old value released after (it may be the same object)."""
    if copy:
        capi.call(b, "Py_IncRef", [value])
    old = b.load(slot, typ=PTR)
    b.store(value, slot)
    capi.call(b, "Py_DecRef", [old])


def release_slots(lowerer: Any) -> None:
    """Before every `ret`: release every object slot."""
    slots = owned_slots(lowerer)
    if not slots:
        return
    b = lowerer.builder
    for block in lowerer.llfn.blocks:
        term = block.terminator
        if term is not None and term.opname == "ret":
            b.position_before(term)
            for slot in slots:
                capi.call(b, "Py_DecRef", [b.load(slot, typ=PTR)])


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
