"""Lowering of parallel loops: the `prange.*` primitives opt/parallel.py leaves behind.

    %r = prim prange.run:<body>:<ops> n, captures..., reduction inits...

stores the captured values in a context struct on the stack, calls
`lesto.runtime.parallel.run(chunks, ctx, n, k)` (k = min(n, 4 x threads) chunks), whose threads
each call `<body>.chunks(ctx, job)` once with the GIL released; it takes chunk after chunk
(an atomic counter in the job), calls the outlined body on each, stores its partial reductions
in the chunk's slot of the context, or takes the exception it raised (so that the caller can
raise it) and sets the job's stop word.
Back in the caller, the partials are folded into the initial values in chunk order (ints
exactly: an
overflow deopts, or raises OverflowError after an array write; floats in a fixed order, so a
run is deterministic for a given thread count).  Every C-API call of a module with parallel
loops is GIL-guarded (backend/gil.py), since the bodies run on threads without the GIL."""
from __future__ import annotations

import sys

from llvmlite import ir

from lesto.backend import capi
from lesto.backend.capi import PTR
from lesto.backend.context import (
    I1, I8, I32, I64, STATUS_DEOPT, STATUS_ERROR, STATUS_OK, LowerCtx,
)
from lesto.backend.registry import lowering
from lesto.backend.reprs import kind, repr_of
from typing import Any

from lesto.types.core import FLOAT, INT, Tuple, Union, tag_of

MAX_CHUNKS = 256          # per loop; more threads than this share the chunks
CHUNKS_PER_THREAD = 4     # threads take the next chunk when done: a busy core slows no one
INT64_MAX = 2**63 - 1


def word(module: ir.Module, name: str) -> ir.GlobalVariable:
    """A word of the parallel runtime (resolved by runtime/engine.py)."""
    return capi.external(module, f"lesto_parallel.{name}", I64)


@lowering("prange.cursor")
def lower_cursor(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """The loop cursor moved to iteration lo: start + lo * step (within the range)."""
    b = ctx.builder
    return b.add(args[0], b.mul(args[1], args[2]))


@lowering("prange.identity")
def lower_identity(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """Where each chunk's partial reduction starts: the operator's identity."""
    op = ctx.prim_key.split(":")[1]
    t = ctx.result_type
    if isinstance(t, Union):   # float | np.float64 or int | np.int64: starts as the Python one
        py = FLOAT if FLOAT in t.members else INT
        value = identity(op, py)
        return ir.Constant(repr_of(t), [ir.Constant(I8, tag_of(py)),
                                        ir.Constant(repr_of(t).elements[1], value.constant)])
    return identity(op, t)


def identity(op: str, t: object) -> ir.Constant:
    k = kind(t)
    if k == "float":
        value = {"mul": 1.0, "min": float("inf"), "max": float("-inf")}.get(op, -0.0)
        return ir.Constant(repr_of(t), value)
    if k == "bool":
        return ir.Constant(I1, 1 if op in ("and", "min") else 0)
    value = {"mul": 1, "and": -1, "min": INT64_MAX, "max": -INT64_MAX - 1}.get(op, 0)
    return ir.Constant(I64, value)


@lowering("prange.check_stop")
def lower_check_stop(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """Leave the chunk early when another chunk has failed (or Ctrl-C was pressed)."""
    b = ctx.builder
    flag = b.load_atomic(b.inttoptr(args[0], PTR), "monotonic", 8, typ=I64)
    with b.if_then(b.icmp_unsigned("!=", flag, ir.Constant(I64, 0)), likely=False):
        ctx.set_error("PyExc_RuntimeError", "lesto: parallel loop stopped")
        assert ctx.error_block is not None
        b.branch(ctx.error_block)
        b.position_at_end(b.append_basic_block("stop.dead"))
    return ir.Constant(ir.IntType(8), 0)


# The job a run shares between its threads (runtime/parallel.py's _Job): i64 fields.
JOB_NEXT, JOB_CHUNKS, JOB_N, JOB_STOP, JOB_FIRST, JOB_EXCS, JOB_STATUS = range(7)


def chunk_function(module: ir.Module, body: ir.Function, caps: list[ir.Type],
                   partial: ir.Type | None) -> ir.Function:
    """`void <body>.chunks(ctx, job)`: take chunk after chunk of the job (an atomic counter)
    and run the body on it, until none is left or the job's stop word is set; stores each
    chunk's status, partial reductions, and exception (see the module docstring)."""
    name = body.name + ".chunks"
    existing = module.globals.get(name)
    if existing is not None:
        return existing
    ctx_ty = ir.LiteralStructType(caps + [PTR])
    fn = ir.Function(module, ir.FunctionType(ir.VoidType(), [PTR, PTR]), name=name)
    fn.linkage = "internal"
    ctxp, job = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    zero = ir.Constant(I32, 0)

    def field(i: int) -> ir.Value:
        return b.gep(job, [ir.Constant(I64, i)], source_etype=I64)

    values = [b.load(b.gep(ctxp, [zero, ir.Constant(I32, i)], source_etype=ctx_ty), typ=t)
              for i, t in enumerate(caps)]
    slots = b.load(b.gep(ctxp, [zero, ir.Constant(I32, len(caps))], source_etype=ctx_ty),
                   typ=PTR)
    k = b.load(field(JOB_CHUNKS), typ=I64)
    n = b.load(field(JOB_N), typ=I64)
    q, r = b.sdiv(n, k), b.srem(n, k)
    excs = b.inttoptr(b.load(field(JOB_EXCS), typ=I64), PTR)
    statuses = b.inttoptr(b.load(field(JOB_STATUS), typ=I64), PTR)
    stop_word = b.ptrtoint(field(JOB_STOP), I64)
    loop, run, done = (fn.append_basic_block(x) for x in ("take", "run", "done"))
    b.branch(loop)
    b.position_at_end(loop)
    i = b.atomic_rmw("add", field(JOB_NEXT), ir.Constant(I64, 1), "monotonic")
    stopped = b.load_atomic(field(JOB_STOP), "monotonic", 8, typ=I64)
    finished = b.or_(b.icmp_signed(">=", i, k),
                     b.icmp_unsigned("!=", stopped, ir.Constant(I64, 0)))
    b.cbranch(finished, done, run)
    b.position_at_end(run)
    small = b.icmp_signed("<", i, r)
    lo = b.add(b.mul(i, q), b.select(small, i, r))
    hi = b.add(b.add(lo, q), b.zext(small, I64))
    result = b.call(body, [lo, hi, stop_word] + values)
    status = b.extract_value(result, 0)
    b.store(status, b.gep(statuses, [i], source_etype=I32))
    if partial is not None:
        with b.if_then(b.icmp_unsigned("==", status, ir.Constant(I32, STATUS_OK))):
            b.store(b.extract_value(result, 1), b.gep(slots, [i], source_etype=partial))
    with b.if_then(b.icmp_unsigned("==", status, ir.Constant(I32, STATUS_ERROR))):
        b.store(take_exception(b), b.gep(excs, [i], source_etype=PTR))
        b.cmpxchg(field(JOB_FIRST), ir.Constant(I64, -1), i, "monotonic", "monotonic")
        b.atomic_rmw("xchg", field(JOB_STOP), ir.Constant(I64, 1), "monotonic")
    b.branch(loop)
    b.position_at_end(done)
    b.ret_void()
    return fn


def take_exception(b: ir.IRBuilder) -> ir.Value:
    """The raised exception object (a new reference), clearing the error indicator."""
    module = b.module

    def declare(name: str, ret: ir.Type, args: list[ir.Type]) -> ir.Function:
        existing = module.globals.get(name)
        return existing or ir.Function(module, ir.FunctionType(ret, args), name=name)

    if sys.version_info >= (3, 12):
        return b.call(declare("PyErr_GetRaisedException", PTR, []), [])
    slots = [b.alloca(PTR) for _ in range(3)]
    b.call(declare("PyErr_Fetch", ir.VoidType(), [PTR, PTR, PTR]), slots)
    b.call(declare("PyErr_NormalizeException", ir.VoidType(), [PTR, PTR, PTR]), slots)
    typ, value, tb = (b.load(s, typ=PTR) for s in slots)
    with b.if_then(b.icmp_unsigned("!=", tb, ir.Constant(PTR, None))):
        b.call(declare("PyException_SetTraceback", I32, [PTR, PTR]), [value, tb])
    capi.call(b, "Py_DecRef", [typ])
    capi.call(b, "Py_DecRef", [tb])
    return value


def opaque(b: ir.IRBuilder, typed: ir.Value) -> ir.Value:
    """`typed` (a typed alloca) as an opaque pointer, for GEPs with an explicit source type."""
    return b.inttoptr(b.ptrtoint(typed, I64), PTR)


@lowering("prange.run")
def lower_run(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    from lesto.backend.context import if_else_values

    _, name, ops_text = ctx.prim_key.split(":", 2)
    ops = ops_text.split(",") if ops_text else []
    types = list(ctx.arg_types)
    ncap = len(args) - 1 - len(ops)
    n, caps, inits = args[0], args[1:1 + ncap], args[1 + ncap:]
    red_types = types[1 + ncap:]
    b = ctx.builder
    body = b.module.globals[name]
    partial = repr_of(ctx.result_type) if ops else None
    chunk = chunk_function(b.module, body, [repr_of(t) for t in types[1:1 + ncap]], partial)

    def parallel() -> list[ir.Value]:
        threads = b.mul(b.load(word(b.module, "threads"), typ=I64),
                        ir.Constant(I64, CHUNKS_PER_THREAD))
        k = b.select(b.icmp_signed("<", n, threads), n, threads)
        k = b.select(b.icmp_signed("<", k, ir.Constant(I64, MAX_CHUNKS)), k,
                     ir.Constant(I64, MAX_CHUNKS))
        k = b.select(b.icmp_signed("<", k, ir.Constant(I64, 1)), ir.Constant(I64, 1), k)
        ctx_ty = ir.LiteralStructType([repr_of(t) for t in types[1:1 + ncap]] + [PTR])
        with b.goto_entry_block():
            frame = opaque(b, b.alloca(ctx_ty))
            slots = (opaque(b, b.alloca(partial, size=MAX_CHUNKS))
                     if partial is not None else None)
        zero = ir.Constant(I32, 0)
        for i, v in enumerate(caps):
            b.store(v, b.gep(frame, [zero, ir.Constant(I32, i)], source_etype=ctx_ty))
        b.store(slots if slots is not None else ir.Constant(PTR, None),
                b.gep(frame, [zero, ir.Constant(I32, ncap)], source_etype=ctx_ty))
        boxed = [capi.call(b, "PyLong_FromLongLong", [x]) for x in
                 (b.ptrtoint(chunk, I64), b.ptrtoint(frame, I64), n, k)]
        result = capi.vectorcall(b, capi.pyobj(b.module, "lesto.runtime.parallel.run"), boxed)
        for x in boxed:
            capi.call(b, "Py_DecRef", [x])
        ctx.mark_dirty()   # in a function that writes arrays: the loop may have written
        assert ctx.error_block is not None
        failed = b.icmp_unsigned("==", result, ir.Constant(PTR, None))
        with b.if_then(failed, likely=False):
            b.branch(ctx.error_block)
            b.position_at_end(b.append_basic_block("run.dead"))
        status = capi.call(b, "PyLong_AsLongLong", [result])
        capi.call(b, "Py_DecRef", [result])
        ctx.deopt_if(b.icmp_signed("==", status, ir.Constant(I64, STATUS_DEOPT)),
                     "an iteration of a parallel loop needs the interpreter")
        if partial is None:
            return []
        return fold(ctx, slots, k, partial, list(inits), ops, red_types)

    if not ops:
        with b.if_then(b.icmp_signed(">", n, ir.Constant(I64, 0))):
            parallel()
        return ir.Constant(ir.IntType(8), 0)
    values = if_else_values(ctx, b.icmp_signed(">", n, ir.Constant(I64, 0)), parallel,
                            lambda: list(inits))
    out: ir.Value = ir.Constant(repr_of(Tuple(tuple(red_types))), ir.Undefined)
    for i, v in enumerate(values):
        out = b.insert_value(out, v, i)
    return out


def fold(ctx: LowerCtx, slots: ir.Value, k: ir.Value, partial: ir.Type,
         inits: list[ir.Value], ops: list[str], types: list) -> list[ir.Value]:
    """acc = op(acc, partial[t]) for t = 0 .. k-1, for each reduction."""
    b = ctx.builder
    with b.goto_entry_block():
        accs = [b.alloca(v.type) for v in inits]
        counter = b.alloca(I64)
    for slot, v in zip(accs, inits):
        b.store(v, slot)
    b.store(ir.Constant(I64, 0), counter)
    head, body, done = ctx.loop_blocks("fold")
    b.branch(head)
    b.position_at_end(head)
    t = b.load(counter, typ=I64)
    b.cbranch(b.icmp_signed("<", t, k), body, done)
    b.position_at_end(body)
    item = b.load(b.gep(slots, [t], source_etype=partial), typ=partial)
    for j, (slot, op, typ) in enumerate(zip(accs, ops, types)):
        acc = b.load(slot, typ=slot.allocated_type)
        b.store(combine(ctx, op, typ, acc, b.extract_value(item, j)), slot)
    b.store(b.add(t, ir.Constant(I64, 1)), counter)
    b.branch(head)
    b.position_at_end(done)
    return [b.load(slot, typ=slot.allocated_type) for slot in accs]


def combine_union(ctx: LowerCtx, op: str, t: Union, acc: ir.Value,
                  part: ir.Value) -> ir.Value:
    """A reduction of `float | np.float64` (or `int | np.int64`): the numpy scalar wins, as
    in `0.0 + np.float64(x)`; two Python ints add exactly (an overflow deopts)."""
    b = ctx.builder
    np_t = next(m for m in t.members if m not in (FLOAT, INT))
    py_t = FLOAT if FLOAT in t.members else INT
    np_tag = ir.Constant(I8, tag_of(np_t))
    x, y = b.extract_value(acc, 1), b.extract_value(part, 1)
    if op in ("min", "max"):
        cmp = "<" if op == "min" else ">"
        less = (b.fcmp_ordered(cmp, y, x) if py_t == FLOAT else b.icmp_signed(cmp, y, x))
        return b.select(less, part, acc)
    either_np = b.or_(b.icmp_unsigned("==", b.extract_value(acc, 0), np_tag),
                      b.icmp_unsigned("==", b.extract_value(part, 0), np_tag))
    if py_t == FLOAT:
        value = b.fmul(x, y) if op == "mul" else b.fadd(x, y)
    else:
        exact = combine(ctx, op, INT, x, y, checked=False)
        value, overflow = exact
        ctx.deopt_if(b.and_(overflow, b.not_(either_np)),
                     "integer overflow: the exact result needs more than 64 bits")
    out = b.insert_value(acc, value, 1)
    tag = b.select(either_np, np_tag, ir.Constant(I8, tag_of(py_t)))
    return b.insert_value(out, tag, 0)


def combine(ctx: LowerCtx, op: str, t: object, acc: ir.Value, part: ir.Value,
            checked: bool = True) -> Any:
    b = ctx.builder
    if isinstance(t, Union):
        return combine_union(ctx, op, t, acc, part)
    if not checked:   # (wrapped value, overflow flag) for int | np.int64 unions
        if op in ("or", "and", "xor"):
            fn = {"or": b.or_, "and": b.and_, "xor": b.xor}[op]
            return fn(acc, part), ir.Constant(I1, 0)
        name = "llvm.smul.with.overflow.i64" if op == "mul" else "llvm.sadd.with.overflow.i64"
        pair = ctx.intrinsic(name, ir.LiteralStructType([I64, I1]), [acc, part])
        return b.extract_value(pair, 0), b.extract_value(pair, 1)
    k = kind(t)
    if k == "float":
        if op in ("add", "sub"):
            return b.fadd(acc, part)
        if op == "mul":
            return b.fmul(acc, part)
        cmp = "<" if op == "min" else ">"
        return b.select(b.fcmp_ordered(cmp, part, acc), part, acc)
    if op in ("or", "max") and k == "bool":
        return b.or_(acc, part)
    if op in ("and", "min") and k == "bool":
        return b.and_(acc, part)
    if op == "or":
        return b.or_(acc, part)
    if op == "and":
        return b.and_(acc, part)
    if op == "xor":
        return b.xor(acc, part)
    if op in ("min", "max"):
        cmp = "<" if op == "min" else ">"
        return b.select(b.icmp_signed(cmp, part, acc), part, acc)
    if t != INT:   # np.int64: numpy's wrap-around
        return b.mul(acc, part) if op == "mul" else b.add(acc, part)
    name = "llvm.smul.with.overflow.i64" if op == "mul" else "llvm.sadd.with.overflow.i64"
    pair = ctx.intrinsic(name, ir.LiteralStructType([I64, I1]), [acc, part])
    ctx.deopt_if(b.extract_value(pair, 1),
                 "integer overflow: the exact result needs more than 64 bits")
    return b.extract_value(pair, 0)
