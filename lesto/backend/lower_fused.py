"""Whole-array expressions: one fused loop computes `a * b + 2.0 * np.sqrt(d)` into a new array,
with numpy's broadcasting and per-operation result dtypes, and no temporary arrays.

The expression value is a nest of structs holding its leaves (arrays and scalars); its type
(types.core.ArrayExpr) holds the operations, each computed exactly as the numpy scalar
operation of lower_npscalar.py.  `array.materialize`:

    shape  = broadcast of the leaves' shapes (a mismatch: numpy's ValueError)
    out    = numpy.empty(shape, dtype)      (a 0-d result is a numpy scalar instead)
    for outer in C order over all but the last axis:      # one pointer per leaf
        for j in range(shape[-1]):                        # the loop LLVM vectorizes
            out[outer, j] = tree evaluated on each leaf's element (stride 0 if broadcast)

`a += b` on arrays (`array.assign_into`) computes `a + b` into a new array, then copies it
into `a` with numpy's casting (a temporary, as numpy uses when operands overlap).
"""
from __future__ import annotations

from llvmlite import ir

from lesto.backend import capi
from lesto.backend.boxing import box, widen
from lesto.backend.context import F32, I64, I8, LowerCtx
from lesto.backend.lower_array import STORAGE, unbox_result, with_shape
from lesto.backend.lower_npscalar import binary_value, to_compute, ufunc_value, unary_value
from lesto.backend.registry import lowering
from lesto.types.core import INT, NP, Array, ArrayExpr, LType, Tuple



def leaves(v: ir.Value, t: LType, b: ir.IRBuilder, out: list) -> None:
    """(value, type) of every array and scalar leaf, left to right."""
    if isinstance(t, ArrayExpr):
        for i, o in enumerate(t.operands):
            leaves(b.extract_value(v, i), o, b, out)
    else:
        out.append((v, t))


def to_storage(b: ir.IRBuilder, v: ir.Value, d: str) -> ir.Value:
    """A machine-form value of dtype `d` (i64 / double / i1) as the array stores it."""
    st = STORAGE[d]
    if d == "complex128":
        return v
    if d == "bool":
        return b.zext(v, I8)
    if d == "float32":
        return b.fptrunc(v, F32)
    if d == "float64" or st.width == 64:
        return v
    return b.trunc(v, st)


class Evaluator:
    """Evaluates an expression tree for one element; leaf values come from `loads` in order
    (each a callable giving (machine-form value, its lesto type))."""

    def __init__(self, ctx: LowerCtx, loads: list) -> None:
        self.ctx = ctx
        self.loads = iter(loads)

    def operand(self, t: LType) -> tuple[ir.Value, LType]:
        if isinstance(t, ArrayExpr):
            return self.tree(t), NP[t.dtype]
        return next(self.loads)()

    def tree(self, t: ArrayExpr) -> ir.Value:
        op, _, compute = t.op.partition(":")
        values = [self.operand(o) for o in t.operands]
        if len(values) == 2:
            (x, xt), (y, yt) = values
            return binary_value(self.ctx, op, x, xt, y, yt, compute or t.dtype)
        (x, xt), = values
        if op in ("neg", "pos", "invert"):
            return unary_value(self.ctx, op, to_compute(self.ctx, x, xt, t.dtype), t.dtype)
        return ufunc_value(self.ctx, op[3:] if op.startswith("np.") else op, x, xt, t.dtype)


def counted_loop(ctx: LowerCtx, name: str, count: ir.Value) -> tuple[ir.PhiInstr, ir.Block]:
    """Open `for i in range(count)`: returns the counter (a phi in the loop head; the caller
    adds the incoming `i + 1` and branches back to `i.parent`) and the exit block; the
    builder is left in the body."""
    b = ctx.builder
    head, body, done = ctx.loop_blocks(name)
    start = b.block
    b.branch(head)
    b.position_at_end(head)
    i = b.phi(I64, name)
    i.add_incoming(ir.Constant(I64, 0), start)
    b.cbranch(b.icmp_signed("<", i, count), body, done)
    b.position_at_end(body)
    return i, done


def broadcast_shape(ctx: LowerCtx, found: list, nd: int) -> list[ir.Value]:
    """numpy's broadcast of the leaf arrays' shapes (right-aligned); a mismatch deopts (the
    interpreter raises numpy's ValueError) or raises ValueError after a write."""
    b = ctx.builder
    one = ir.Constant(I64, 1)
    shape = []
    for k in range(nd):
        dims = [b.extract_value(v, [1, k - (nd - lt.ndim)]) for v, lt in found
                if isinstance(lt, Array) and k >= nd - lt.ndim]
        size: ir.Value = one
        for d in dims:
            size = b.select(b.icmp_signed("==", size, one), d, size)
        for d in dims:
            bad = b.and_(b.icmp_signed("!=", d, size), b.icmp_signed("!=", d, one))
            ctx.deopt_if(bad, "operands could not be broadcast together",
                         lambda c: c.set_error("PyExc_ValueError", "operands could not "
                                               "be broadcast together"))
        shape.append(size)
    return shape


def evaluate_into(ctx: LowerCtx, t: ArrayExpr, value: ir.Value, out: ir.Value,
                  shape: list[ir.Value]) -> None:
    """out[...] = t evaluated elementwise over `shape` (out has that shape, any strides)."""
    b = ctx.builder
    found: list = []
    leaves(value, t, b, found)
    nd = len(shape)
    zero, one = ir.Constant(I64, 0), ir.Constant(I64, 1)
    strides = []   # per leaf: bytes per step along each result axis (0 where broadcast)
    for v, lt in found:
        if not isinstance(lt, Array):
            strides.append(None)
            continue
        per_axis = []
        for k in range(nd):
            if k < nd - lt.ndim:
                per_axis.append(zero)
                continue
            kk = k - (nd - lt.ndim)
            same = b.icmp_signed("==", b.extract_value(v, [1, kk]), shape[k])
            per_axis.append(b.select(same, b.extract_value(v, [2, kk]), zero))
        strides.append(per_axis)
    out_strides = [b.extract_value(out, [2, k]) for k in range(nd)]
    inner_n = shape[-1] if nd else one
    outer_n: ir.Value = one
    for k in range(nd - 1):
        outer_n = b.mul(outer_n, shape[k])
    o, done = counted_loop(ctx, "fused.outer", outer_n)
    rest = o
    idx: list = [None] * nd
    for k in reversed(range(nd - 1)):
        idx[k] = b.srem(rest, shape[k])
        rest = b.sdiv(rest, shape[k])

    def base_of(data: ir.Value, per_axis: list) -> ir.Value:
        offset: ir.Value = zero
        for k in range(nd - 1):
            offset = b.add(offset, b.mul(idx[k], per_axis[k]))
        return b.gep(data, [offset], source_etype=I8)

    bases = [None if s is None else base_of(b.extract_value(v, 0), s)
             for (v, _), s in zip(found, strides)]
    out_base = base_of(b.extract_value(out, 0), out_strides)
    j, idone = counted_loop(ctx, "fused.inner", inner_n)
    ihead = j.parent
    loads = []
    for (v, lt), base, per_axis in zip(found, bases, strides):
        if base is None:
            loads.append(lambda v=v, lt=lt: (v, lt))
            continue
        step = per_axis[-1] if nd else zero

        def load(base=base, step=step, lt=lt):
            raw = b.load(b.gep(base, [b.mul(j, step)], source_etype=I8), typ=STORAGE[lt.dtype])
            return widen(b, raw, lt.dtype), NP[lt.dtype]
        loads.append(load)
    result = to_storage(b, Evaluator(ctx, loads).tree(t), t.dtype)
    out_step = out_strides[-1] if nd else zero
    b.store(result, b.gep(out_base, [b.mul(j, out_step)], source_etype=I8))
    j.add_incoming(b.add(j, one), b.block)
    b.branch(ihead)
    b.position_at_end(idone)
    o.add_incoming(b.add(o, one), b.block)
    b.branch(o.parent)
    b.position_at_end(done)


def scalar_result(ctx: LowerCtx, t: ArrayExpr, value: ir.Value) -> ir.Value:
    """A 0-d expression (numpy gives a numpy scalar): its one element, in machine form."""
    b = ctx.builder
    found: list = []
    leaves(value, t, b, found)
    loads = []
    for v, lt in found:
        if isinstance(lt, Array):
            raw = b.load(b.extract_value(v, 0), typ=STORAGE[lt.dtype])
            loads.append(lambda raw=raw, lt=lt: (widen(b, raw, lt.dtype), NP[lt.dtype]))
        else:
            loads.append(lambda v=v, lt=lt: (v, lt))
    return Evaluator(ctx, loads).tree(t)


@lowering("array.materialize")
def materialize(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    t = ctx.arg_types[0]
    assert isinstance(t, ArrayExpr)
    if not isinstance(ctx.result_type, Array):
        return scalar_result(ctx, t, args[0])
    found: list = []
    leaves(args[0], t, ctx.builder, found)
    shape = broadcast_shape(ctx, found, t.ndim)
    out = allocate(ctx, shape, Array(t.dtype, t.ndim, "C"))
    evaluate_into(ctx, t, args[0], out, shape)
    return out


@lowering("array.assign_into")
def assign_into(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """`a += b`: compute `a + b` (a new array), then copy it into `a` with numpy's cast."""
    b = ctx.builder
    dest_t, expr_t = ctx.arg_types
    assert isinstance(dest_t, Array) and isinstance(expr_t, ArrayExpr)
    ctx.check_overflow()
    found: list = []
    leaves(args[1], expr_t, b, found)
    shape = broadcast_shape(ctx, found, expr_t.ndim)
    tmp_t = Array(expr_t.dtype, expr_t.ndim, "C")
    tmp = allocate(ctx, shape, tmp_t)
    evaluate_into(ctx, expr_t, args[1], tmp, shape)
    dest_shape = [b.extract_value(args[0], [1, k]) for k in range(dest_t.ndim)]
    copy = ArrayExpr("pos", (tmp_t,), dest_t.dtype, dest_t.ndim)
    wrapped = b.insert_value(ir.Constant(ir.LiteralStructType([tmp.type]), ir.Undefined), tmp, 0)
    # numpy: the result must broadcast to the destination's shape exactly
    for k in range(expr_t.ndim):
        kk = k + dest_t.ndim - expr_t.ndim
        bad = b.icmp_signed("!=", b.select(b.icmp_signed("==", shape[k], ir.Constant(I64, 1)),
                                           dest_shape[kk], shape[k]), dest_shape[kk])
        ctx.deopt_if(bad, "non-broadcastable output operand",
                     lambda c: c.set_error("PyExc_ValueError",
                                           "non-broadcastable output operand"))
    evaluate_into(ctx, copy, wrapped, args[0], dest_shape)
    ctx.mark_dirty()
    return ir.Constant(I8, 0)


def allocate(ctx: LowerCtx, shape: list[ir.Value], t: Array) -> ir.Value:
    """numpy.empty(shape, dtype) as an array value owned by the function's arena."""
    b = ctx.builder
    shape_t = Tuple(tuple(INT for _ in shape))
    tup: ir.Value = ir.Constant(ir.LiteralStructType([I64] * len(shape)), ir.Undefined)
    for k, d in enumerate(shape):
        tup = b.insert_value(tup, d, k)
    boxed = box(b, tup, shape_t)
    obj = capi.vectorcall(b, capi.pyobj(b.module, "numpy.empty"),
                          [boxed, capi.pyobj(b.module, f"dtype.{t.dtype}")])
    capi.call(b, "Py_DecRef", [boxed])
    return with_shape(b, unbox_result(ctx, obj, t), shape)

