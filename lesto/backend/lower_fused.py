"""Whole-array expressions: one fused loop computes `a * b + 2.0 * np.sqrt(d)` into a new array,
with numpy's broadcasting and per-operation result dtypes, and no temporary arrays.

The expression value is a nest of structs holding its leaves (arrays and scalars); its type
(types.core.ArrayExpr) holds the operations.  `array.materialize`:

    shape  = broadcast of the leaves' shapes (a mismatch: numpy's ValueError)
    out    = numpy.empty(shape, dtype)
    for outer in C order over all but the last axis:      # one pointer per leaf
        for j in range(shape[-1]):                        # the loop LLVM vectorizes
            out[outer, j] = tree evaluated on each leaf's element (stride 0 if broadcast)
"""
from __future__ import annotations

from llvmlite import ir

from lesto.backend import capi
from lesto.backend.boxing import box, unbox_array
from lesto.backend.capi import PTR
from lesto.backend.context import I64, I8, LowerCtx
from lesto.backend.lower_array import STORAGE, arena_add
from lesto.backend.registry import lowering
from lesto.infer.rules.numpy import DTYPES
from lesto.types.core import BOOL, FLOAT, INT, Array, ArrayExpr, LType, Tuple

F32 = ir.FloatType()
FLOATS = ("float64", "float32")


def leaves(v: ir.Value, t: LType, b: ir.IRBuilder, out: list) -> None:
    """(value, type) of every array and scalar leaf, left to right."""
    if isinstance(t, ArrayExpr):
        for i, o in enumerate(t.operands):
            leaves(b.extract_value(v, i), o, b, out)
    else:
        out.append((v, t))


def convert(b: ir.IRBuilder, v: ir.Value, src: str, dst: str) -> ir.Value:
    """An element value of numpy dtype `src` cast to dtype `dst` (numpy's casts)."""
    if src == dst:
        return v
    st, dt = STORAGE[src], STORAGE[dst]
    if dst in FLOATS:
        if src in FLOATS:
            return b.fpext(v, dt) if dst == "float64" else b.fptrunc(v, dt)
        if src.startswith("u") or src == "bool":
            return b.uitofp(v, dt)
        return b.sitofp(v, dt)
    if src in FLOATS:
        return b.fptosi(v, dt)
    if st.width == dt.width:
        return v
    if st.width > dt.width:
        return b.trunc(v, dt)
    return b.zext(v, dt) if src.startswith("u") or src == "bool" else b.sext(v, dt)


def scalar_as(b: ir.IRBuilder, v: ir.Value, t: LType, dtype: str) -> ir.Value:
    """A Python scalar converted to a numpy loop of `dtype` (a weak scalar, NEP 50)."""
    if t == FLOAT:
        return v if dtype == "float64" else b.fptrunc(v, F32)
    if t == BOOL:
        return convert(b, b.zext(v, I8), "bool", dtype)
    assert t == INT
    return convert(b, v, "int64", dtype)


UNARY_INTRINSICS = {"np.sqrt": "llvm.sqrt", "np.exp": "llvm.exp", "np.log": "llvm.log",
                    "np.sin": "llvm.sin", "np.cos": "llvm.cos", "np.floor": "llvm.floor",
                    "np.abs": "llvm.fabs"}


class Evaluator:
    """Evaluates an expression tree for one element, given each leaf's element loader."""

    def __init__(self, ctx: LowerCtx, loads: list) -> None:
        self.ctx = ctx
        self.loads = iter(loads)

    def value(self, t: LType, want: str) -> ir.Value:
        b = self.ctx.builder
        if isinstance(t, ArrayExpr):
            return convert(b, self.tree(t), t.dtype, want)
        v, vt = next(self.loads)()
        if isinstance(vt, Array):
            return convert(b, v, vt.dtype, want)
        return scalar_as(b, v, vt, want)

    def tree(self, t: ArrayExpr) -> ir.Value:
        b = self.ctx.builder
        d = t.dtype
        is_float = d in FLOATS
        if t.op in ("add", "sub", "mul", "truediv"):
            x, y = (self.value(o, d) for o in t.operands)
            if is_float:
                return {"add": b.fadd, "sub": b.fsub, "mul": b.fmul, "truediv": b.fdiv}[t.op](x, y)
            return {"add": b.add, "sub": b.sub, "mul": b.mul}[t.op](x, y)
        x = self.value(t.operands[0], d)
        if t.op == "neg":
            return b.fneg(x) if is_float else b.neg(x)
        if t.op == "np.abs" and not is_float:
            return b.select(b.icmp_signed("<", x, ir.Constant(x.type, 0)), b.neg(x), x)
        name = UNARY_INTRINSICS[t.op] + (".f64" if d == "float64" else ".f32")
        return self.ctx.intrinsic(name, x.type, [x])


@lowering("array.materialize")
def materialize(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    b = ctx.builder
    t = ctx.arg_types[0]
    assert isinstance(t, ArrayExpr)
    found: list = []
    leaves(args[0], t, b, found)
    nd = t.ndim
    one = ir.Constant(I64, 1)
    # Broadcast shape: for each axis (right-aligned), the largest size; every leaf must
    # have that size or 1 there.
    shape = []
    for k in range(nd):
        size: ir.Value = one
        for v, lt in found:
            if isinstance(lt, Array) and k >= nd - lt.ndim:
                d = b.extract_value(v, [1, k - (nd - lt.ndim)])
                size = b.select(b.icmp_signed("==", size, one), d, size)
        for v, lt in found:
            if isinstance(lt, Array) and k >= nd - lt.ndim:
                d = b.extract_value(v, [1, k - (nd - lt.ndim)])
                bad = b.and_(b.icmp_signed("!=", d, size), b.icmp_signed("!=", d, one))
                ctx.deopt_if(bad, "operands could not be broadcast together",
                             lambda c: c.set_error("PyExc_ValueError", "operands could not "
                                                   "be broadcast together"))
        shape.append(size)
    result_t = Array(t.dtype, nd, "C")
    out = allocate(ctx, shape, result_t)
    # Per leaf: strides in bytes, 0 along broadcast axes.
    strides = []
    for v, lt in found:
        if not isinstance(lt, Array):
            strides.append(None)
            continue
        per_axis = []
        for k in range(nd):
            if k < nd - lt.ndim:
                per_axis.append(ir.Constant(I64, 0))
                continue
            kk = k - (nd - lt.ndim)
            d = b.extract_value(v, [1, kk])
            s = b.extract_value(v, [2, kk])
            per_axis.append(b.select(b.icmp_signed("==", d, shape[k]), s, ir.Constant(I64, 0)))
        strides.append(per_axis)
    inner_n = shape[-1] if nd else one
    outer_n: ir.Value = one
    for k in range(nd - 1):
        outer_n = b.mul(outer_n, shape[k])
    item = DTYPES[t.dtype][1]
    head, body, done = ctx.loop_blocks("fused.outer")
    start = b.block
    b.branch(head)
    b.position_at_end(head)
    o = b.phi(I64, "outer")
    o.add_incoming(ir.Constant(I64, 0), start)
    b.cbranch(b.icmp_signed("<", o, outer_n), body, done)
    b.position_at_end(body)
    # Decompose the outer counter into indices (C order) and each leaf's base pointer.
    rest = o
    idx = [None] * nd
    for k in reversed(range(nd - 1)):
        idx[k] = b.srem(rest, shape[k])
        rest = b.sdiv(rest, shape[k])
    bases = []
    for (v, lt), per_axis in zip(found, strides):
        if per_axis is None:
            bases.append(None)
            continue
        offset: ir.Value = ir.Constant(I64, 0)
        for k in range(nd - 1):
            offset = b.add(offset, b.mul(idx[k], per_axis[k]))
        bases.append(b.gep(b.extract_value(v, 0), [offset], source_etype=I8))
    out_base = b.gep(b.extract_value(out, 0), [b.mul(o, b.mul(inner_n, ir.Constant(I64, item)))],
                     source_etype=I8)
    ihead, ibody, idone = ctx.loop_blocks("fused.inner")
    pre = b.block
    b.branch(ihead)
    b.position_at_end(ihead)
    j = b.phi(I64, "j")
    j.add_incoming(ir.Constant(I64, 0), pre)
    b.cbranch(b.icmp_signed("<", j, inner_n), ibody, idone)
    b.position_at_end(ibody)
    loads = []
    for (v, lt), base, per_axis in zip(found, bases, strides):
        if base is None:
            loads.append(lambda v=v, lt=lt: (v, lt))
            continue
        inner_stride = per_axis[-1] if nd else ir.Constant(I64, 0)

        def load(base=base, stride=inner_stride, lt=lt):
            p = b.gep(base, [b.mul(j, stride)], source_etype=I8)
            return b.load(p, typ=STORAGE[lt.dtype]), lt
        loads.append(load)
    value = Evaluator(ctx, loads).tree(t)
    b.store(value, b.gep(out_base, [j], source_etype=STORAGE[t.dtype]))
    j.add_incoming(b.add(j, one), b.block)
    b.branch(ihead)
    b.position_at_end(idone)
    o.add_incoming(b.add(o, one), b.block)
    b.branch(head)
    b.position_at_end(done)
    return out


def allocate(ctx: LowerCtx, shape: list[ir.Value], t: Array) -> ir.Value:
    """numpy.empty(shape, dtype) as an array value owned by the function's arena."""
    b = ctx.builder
    shape_t = Tuple(tuple(INT for _ in shape))
    tup: ir.Value = ir.Constant(ir.LiteralStructType([I64] * len(shape)), ir.Undefined)
    for k, d in enumerate(shape):
        tup = b.insert_value(tup, d, k)
    boxed = box(b, tup, shape_t)
    with b.goto_entry_block():
        argv = b.alloca(PTR, size=2)
    b.store(boxed, b.gep(argv, [ir.Constant(I64, 0)], source_etype=PTR))
    b.store(b.bitcast(capi.pyobj(b.module, f"dtype.{t.dtype}"), PTR),
            b.gep(argv, [ir.Constant(I64, 1)], source_etype=PTR))
    obj = capi.call(b, "PyObject_Vectorcall", [capi.pyobj(b.module, "numpy.empty"), argv,
                                               ir.Constant(I64, 2), ir.Constant(PTR, None)])
    capi.call(b, "Py_DecRef", [boxed])
    assert ctx.error_block is not None
    with b.if_then(b.icmp_unsigned("==", obj, ir.Constant(PTR, None)), likely=False):
        b.branch(ctx.error_block)
    bad = b.append_basic_block("alloc.unexpected")
    value = unbox_array(b, obj, t, bad)
    for k, d in enumerate(shape):
        value = b.insert_value(value, d, [1, k])   # known: lets LLVM fold the dimensions
    arena_add(ctx, obj)
    here = b.block
    b.position_at_end(bad)
    b.unreachable()
    b.position_at_end(here)
    return value

