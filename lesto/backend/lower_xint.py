"""Exact int arithmetic in functions that work with objects: the native row while the result
fits 64 bits, CPython's own operation on Python ints when it does not.

`xint.<operator>:<row>` (chosen by infer/objects.xint_row) runs the native row `<row>` (say
`int.add`) with its overflow flag and its deoptimisations redirected to a local fallback:
there the operands are boxed and `PyNumber_<Operator>` computes the exact result, which the
XINT result type (types/core.py) carries as a tagged PyLong.  So

    total += i * i        (total: XINT, i: int)
    ->  %p = sadd.with.overflow(...)  ; no overflow: {tag int, %p}
        overflow: PyNumber_Add(PyLong(total), PyLong(i * i)) -> {tag object, PyLong*}

and the function never re-runs in the interpreter for an overflow (it may have had effects).
A `/` of ints falls back to PyNumber_TrueDivide and unboxes the float.

`xint.narrow` turns an XINT into an int64 where a native operation needs one (an array
index, `x * 1.5`): a PyLong there leaves native code as an overflow does (see
optype.narrowed).
"""
from __future__ import annotations

from llvmlite import ir

from lesto.backend.boxing import box
from lesto.backend.capi import PTR
from lesto.backend.context import F64, I1, I64, LowerCtx
from lesto.backend.lower_object import NUMBER, check_new, decref
from lesto.backend.objrefs import INT_TAG, OBJ_TAG, holds_object, xint_value
from lesto.backend.registry import LOWERINGS, lowering
from lesto.types.core import FLOAT, INT, XINT

_FUNCS = {**NUMBER, "neg": "Negative", "pos": "Positive", "invert": "Invert",
          "abs": "Absolute"}


def _native(ctx: LowerCtx, impl: str, args: list[ir.Value], native_t, fallback: ir.Block
            ) -> ir.Value:
    """The row's lowering with its overflow flag and deopts sent to `fallback`."""
    b = ctx.builder
    fn = LOWERINGS.get(impl) or LOWERINGS[impl.split(":")[0]]
    # one pair of flags per function: each row's are cleared here and read right after it
    flag = ctx.entry_alloca("xint.flag", I1, ir.Constant(I1, 0))
    window = ctx.entry_alloca("xint.window", I64, ir.Constant(I64, 0))
    b.store(ir.Constant(I1, 0), flag)
    b.store(ir.Constant(I64, 0), window)
    saved = (ctx.deopt_block, ctx.impure, ctx.prim_key, ctx.result_type,
             ctx.scratch.get("overflow"), ctx.scratch.get("window"))
    ctx.deopt_block, ctx.impure = fallback, False
    ctx.prim_key, ctx.result_type = impl, native_t
    ctx.scratch["overflow"], ctx.scratch["window"] = flag, window
    try:
        r = fn(ctx, args)
        overflowed = ctx.overflow_flag()
    finally:
        ctx.deopt_block, ctx.impure, ctx.prim_key, ctx.result_type = saved[:4]
        for name, slot in (("overflow", saved[4]), ("window", saved[5])):
            if slot is None:
                ctx.scratch.pop(name, None)
            else:
                ctx.scratch[name] = slot
    ok = b.append_basic_block("xint.fits")
    b.cbranch(overflowed, fallback, ok)
    b.position_at_end(ok)
    return r


def _generic(ctx: LowerCtx, operator: str, args: list[ir.Value]) -> ir.Value:
    """CPython's operator on the boxed operands: a checked new reference."""
    b = ctx.builder
    boxed = [check_new(ctx, box(b, a, t)) for a, t in zip(args, ctx.arg_types)]
    name = f"PyNumber_{_FUNCS[operator]}"
    r = ctx.call_c(name, PTR, boxed)
    for o in boxed:
        decref(ctx, o)
    return check_new(ctx, r)


@lowering(*(f"xint.{op}" for op in _FUNCS))
def lower_xint(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    b = ctx.builder
    head, impl = ctx.prim_key.split(":", 1)
    operator = head[len("xint."):]
    result_t = ctx.result_type
    native_t = INT if result_t == XINT else FLOAT
    fallback = b.append_basic_block("xint.generic")
    fast = _native(ctx, impl, args, native_t, fallback)
    if result_t == XINT:
        fast = xint_value(b, INT_TAG, fast)
    fast_end = b.block
    done = b.append_basic_block("xint.done")
    b.branch(done)
    b.position_at_end(fallback)
    obj = _generic(ctx, operator, args)
    if result_t == XINT:
        slow = xint_value(b, OBJ_TAG, b.ptrtoint(obj, I64))
    else:
        slow = ctx.call_c("PyFloat_AsDouble", F64, [obj])
        decref(ctx, obj)
    slow_end = b.block
    b.branch(done)
    b.position_at_end(done)
    phi = b.phi(fast.type)
    phi.add_incoming(fast, fast_end)
    phi.add_incoming(slow, slow_end)
    return phi


@lowering("xint.narrow")
def lower_narrow(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    (v,) = args
    ctx.deopt_if(holds_object(ctx.builder, v),
                 "an int of more than 64 bits reached a native operation")
    return ctx.builder.extract_value(v, 1)
