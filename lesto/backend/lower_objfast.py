"""Direct lowering of operations on containers of known exact type (`list`, ...): the fields
of CPython's objects read and written in place, where the generic C-API row (backend/
lower_object.py) would box an int64 index and go through the type's slots.

Each key here is chosen by infer/objects.py only when the operand's exact type is proven
(a literal, a constructor, the dispatcher's argument types), so no guard is needed; results,
exceptions and messages are CPython's (Objects/listobject.c).
"""
from __future__ import annotations

from llvmlite import ir

from lesto.backend.capi import PTR
from lesto.backend.context import I64, I8, LowerCtx
from lesto.backend.lower_object import (
    LIST_ITEMS, LIST_SIZE, decref, fail_if, field, incref, lowering, note_effect)


@lowering("obj.list_setitem")
def lower_list_setitem(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """lst[i] = v on an exact list with an int64 index: negative indices from the end,
    IndexError('list assignment index out of range') outside; the new item is stored before
    the old one is released (its __del__ sees the list already changed, as in CPython)."""
    b = ctx.builder
    lst, i, value = args
    note_effect(ctx, "always")
    n = field(ctx, lst, LIST_SIZE, I64)
    j = b.select(b.icmp_signed("<", i, ir.Constant(I64, 0)), b.add(i, n), i)
    bad = b.icmp_unsigned(">=", j, n)
    with b.if_then(bad, likely=False):
        ctx.set_error("PyExc_IndexError", "list assignment index out of range")
    fail_if(ctx, bad)
    items = field(ctx, lst, LIST_ITEMS, PTR)
    slot = b.gep(items, [j], source_etype=PTR)
    old = b.load(slot, typ=PTR)
    incref(ctx, value)
    b.store(value, slot)
    decref(ctx, old)
    return ir.Constant(I8, 0)
