"""Primitives that the specializer itself introduces: `select`, variable tuple indexing, the
range-loop helpers, and the nan test of tuple comparisons."""
from __future__ import annotations

from llvmlite import ir

from lesto.backend.capi import PTR
from lesto.backend.context import I64, LowerCtx
from lesto.backend.registry import lowering


@lowering("select")
def lower_select(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return ctx.builder.select(args[0], args[1], args[2])


@lowering("int.add_nsw")
def lower_add_nsw(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """An add that opt/ranges.py proved cannot overflow (so it needs no check)."""
    return ctx.builder.add(args[0], args[1], flags=["nsw"])


@lowering("int.sub_nsw")
def lower_sub_nsw(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return ctx.builder.sub(args[0], args[1], flags=["nsw"])


@lowering("int.mul_nsw")
def lower_mul_nsw(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return ctx.builder.mul(args[0], args[1], flags=["nsw"])


@lowering("int.neg_nsw")
def lower_neg_nsw(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return ctx.builder.sub(ir.Constant(I64, 0), args[0], flags=["nsw"])


@lowering("range.item")
def lower_range_item(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """The loop index (args[0]); its other arguments only tell opt/ranges.py its bounds."""
    return args[0]


@lowering("range.item_up", "range.item_down")
def lower_range_item_directed(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """The index of a range with a constant positive (negative) step: also tells LLVM that
    start <= index < stop (stop < index <= start), which a chunked loop hides from it."""
    b = ctx.builder
    cur, start, stop = args
    if ctx.prim_key == "range.item_up":
        facts = (b.icmp_signed(">=", cur, start), b.icmp_signed("<", cur, stop))
    else:
        facts = (b.icmp_signed("<=", cur, start), b.icmp_signed(">", cur, stop))
    for fact in facts:
        ctx.intrinsic("llvm.assume", ir.VoidType(), [fact])
    return cur


@lowering("int.add_wrap")
def lower_add_wrap(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """Two's-complement add, for range cursors whose last step may pass the end harmlessly."""
    return ctx.builder.add(args[0], args[1])


@lowering("float.both_nan")
def lower_both_nan(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    b = ctx.builder
    return b.and_(b.fcmp_unordered("uno", args[0], args[0]),
                  b.fcmp_unordered("uno", args[1], args[1]))


@lowering("range.count")
def lower_range_count(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """len(range(start, stop, step)) as CPython computes it; zero step deopts (ValueError)."""
    b = ctx.builder
    start, stop, step = args
    zero = ir.Constant(I64, 0)
    one = ir.Constant(I64, 1)
    ctx.deopt_if(b.icmp_signed("==", step, zero), "range() arg 3 must not be zero")
    up = b.icmp_signed(">", step, zero)
    lo = b.select(up, start, stop)
    hi = b.select(up, stop, start)
    nonempty = b.icmp_signed("<", lo, hi)
    span = b.sub(hi, lo)                       # exact as an unsigned number when lo < hi
    mag = b.select(up, step, b.sub(zero, step))  # |step| as unsigned (2**63 for -2**63)
    count = b.add(b.udiv(b.sub(span, one), mag), one)
    ctx.deopt_if(b.and_(nonempty, b.icmp_signed("<", count, zero)), "range too long")
    return b.select(nonempty, count, zero)


@lowering("tuple.getitem")
def lower_tuple_getitem(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """t[i] for a tuple whose items share one representation; IndexError deopts."""
    b = ctx.builder
    tup, index = args
    n = len(tup.type.elements)
    size = ir.Constant(I64, n)
    index = b.select(b.icmp_signed("<", index, ir.Constant(I64, 0)), b.add(index, size), index)
    ctx.deopt_if(b.icmp_unsigned(">=", index, size), "tuple index out of range")
    if n == 1:
        return b.extract_value(tup, 0)
    join = b.append_basic_block("tget.join")
    switch = b.switch(index, ctx.deopt_block)
    incoming = []
    for i in range(n):
        case = b.append_basic_block(f"tget.{i}")
        switch.add_case(ir.Constant(I64, i), case)
        b.position_at_end(case)
        incoming.append((b.extract_value(tup, i), case))
        b.branch(join)
    b.position_at_end(join)
    phi = b.phi(tup.type.elements[0])
    for value, block in incoming:
        phi.add_incoming(value, block)
    return phi


POLL_INTERVAL = 1 << 20
COUNTER_LIMIT = 2**62   # the bound opt/ranges.py relies on between two checkpoints


@lowering("range.chunk")
def lower_range_chunk(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """The iterations of a range loop's next chunk: min(remaining, POLL_INTERVAL)."""
    b = ctx.builder
    limit = ir.Constant(I64, POLL_INTERVAL)
    return b.select(b.icmp_signed("<", args[0], limit), args[0], limit)


@lowering("range.rest")
def lower_range_rest(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return ctx.builder.sub(args[0], args[1], flags=["nsw"])


@lowering("signal.poll")
def lower_signal_poll(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """Once every POLL_INTERVAL loop iterations, let CPython run signal handlers (Ctrl-C
    raises KeyboardInterrupt within a fraction of a second, even in a long native loop)."""
    return poll(ctx, ir.Constant(I64, 1), args)


@lowering("signal.poll_n")
def lower_signal_poll_n(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """The poll of a range loop's chunk of args[0] (at most POLL_INTERVAL) iterations."""
    return poll(ctx, args[0], args[1:])


def poll(ctx: LowerCtx, iterations: ir.Value, counters: list[ir.Value]) -> ir.Value:
    b = ctx.builder
    interval = ir.Constant(I64, POLL_INTERVAL)
    if isinstance(iterations, ir.Constant) and iterations.constant == 1:
        # one iteration at a time (a while loop): a countdown, due when it reaches 0 (x86's
        # `dec; je`, one fused instruction per iteration) and reset there
        slot = ctx.entry_alloca("poll.left", I64, interval)
        left = b.sub(b.load(slot, typ=I64), ir.Constant(I64, 1))
        b.store(left, slot)
        due = b.icmp_unsigned("==", left, ir.Constant(I64, 0))
        reset = slot
    else:
        # a chunk of iterations: due when the count crosses a multiple of POLL_INTERVAL
        slot = ctx.entry_alloca("poll.count", I64, ir.Constant(I64, 0))
        before = b.load(slot, typ=I64)
        count = b.add(before, iterations)
        b.store(count, slot)
        mask = ir.Constant(I64, -POLL_INTERVAL)
        due = b.icmp_unsigned("!=", b.and_(count, mask), b.and_(before, mask))
        reset = None
    args = counters
    with b.if_then(due, likely=False):
        if reset is not None:
            b.store(interval, reset)
        ctx.check_overflow()  # a loop must not run on with a wrapped value (see overflow_if)
        for counter in args:  # counters stepped without checks (opt/ranges.py)
            limit = ir.Constant(I64, COUNTER_LIMIT)
            outside = b.icmp_unsigned(">", b.add(counter, limit), ir.Constant(I64, 2 * 2**62))
            ctx.deopt_if(outside, "loop counter near the 64-bit limit")
        status = ctx.call_c("PyErr_CheckSignals", ir.IntType(32), [])
        failed = b.icmp_signed("!=", status, ir.Constant(ir.IntType(32), 0))
        assert ctx.error_block is not None
        cont = b.append_basic_block("poll.ok")
        b.cbranch(failed, ctx.error_block, cont)
        b.position_at_end(cont)
    return ir.Constant(ir.IntType(8), 0)


# ------------------------------------------------------------------ the arena of arrays
@lowering("arena.mark")
def lower_arena_mark(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """How many arrays the function's arena holds now (0 before it exists)."""
    b = ctx.builder
    slot = ctx.entry_alloca("arena", PTR, ir.Constant(PTR, None))
    arena = b.load(slot, typ=PTR)
    size_at = b.gep(arena, [ir.Constant(I64, LIST_SIZE)], source_etype=ir.IntType(8))
    has = b.icmp_unsigned("!=", arena, ir.Constant(PTR, None))
    safe = b.select(has, size_at, b.gep(slot, [ir.Constant(I64, 0)], source_etype=PTR))
    return b.select(has, b.load(safe, typ=I64), ir.Constant(I64, 0))


@lowering("arena.release")
def lower_arena_release(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """Release the arrays made since `mark` except those the given live values refer to
    (lesto.runtime.arena.release does it, called only when the iteration made any)."""
    from lesto.backend import capi
    from lesto.backend.reprs import array_components

    b = ctx.builder
    mark = args[0]
    slot = ctx.entry_alloca("arena", PTR, ir.Constant(PTR, None))
    arena = b.load(slot, typ=PTR)
    grew = b.icmp_signed(">", lower_arena_mark(ctx, []), mark)
    with b.if_then(grew, likely=False):
        none = capi.obj(b.module, "_Py_NoneStruct")
        keep = [b.select(b.icmp_unsigned("==", obj, ir.Constant(obj.type, None)), none, obj)
                for v, t in zip(args[1:], ctx.arg_types[1:])
                for obj in array_components(v, t, b)]   # null: a union holding a scalar
        boxed_mark = capi.call(b, "PyLong_FromLongLong", [mark])
        result = capi.vectorcall(b, capi.pyobj(b.module, "lesto.runtime.arena.release"),
                                 [arena, boxed_mark] + keep)
        capi.call(b, "Py_DecRef", [boxed_mark])
        assert ctx.error_block is not None
        failed = b.icmp_unsigned("==", result, ir.Constant(PTR, None))
        with b.if_then(failed, likely=False):
            b.branch(ctx.error_block)
        capi.call(b, "Py_DecRef", [result])
    return ir.Constant(ir.IntType(8), 0)


LIST_SIZE = 16   # offsetof(PyListObject, ob_size)
