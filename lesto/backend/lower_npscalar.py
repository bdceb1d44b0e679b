"""numpy scalar arithmetic (np.float64, np.int8, np.bool, ...): numpy's semantics, not Python's.

Every key carries the dtype the operation computes in (`npop.add:int8`): operands are cast to
it as numpy casts them (a Python int is a weak scalar that must fit, NEP 50), the result wraps
to the dtype's width for ints, is IEEE for floats (float32 rounded after each operation; a
double holds every float32 exactly, so rounding the double result is exact for + - * / and
sqrt), and division by zero gives what numpy gives (inf/nan for floats, 0 for ints) instead of
an exception.  numpy's RuntimeWarnings are not issued.  Shifts and bitwise operators are
lower_npbits.py's table.

Machine form: ints in i64 (sign- or zero-extended), floats in double, np.bool in i1,
np.complex128 {double, double} (its arithmetic: lower_complex.py).
"""
from __future__ import annotations

from llvmlite import ir

from lesto.backend.context import F32, F64, I1, I64, LowerCtx, if_else_values
from lesto.backend.lower_complex import equal, numpy_quotient, pack, parts
from lesto.backend.lower_npbits import BOOL_OPS, INT_BITS
from lesto.backend.registry import LOWERINGS, lowering
from lesto.backend.reprs import kind, repr_of
from lesto.infer.rules.npscalar import MIXED_INT
from lesto.types.core import INT, NP, LType, np_dtype

BITS = {"int8": 8, "int16": 16, "int32": 32, "int64": 64, "uint8": 8, "uint16": 16,
        "uint32": 32, "uint64": 64}


def is_float(d: str) -> bool:
    return d.startswith("float")


def wrap(b: ir.IRBuilder, v: ir.Value, d: str) -> ir.Value:
    """An i64 reduced to dtype `d`'s width and extended back (two's-complement wrap)."""
    bits = BITS[d]
    if bits == 64:
        return v
    narrow = b.trunc(v, ir.IntType(bits))
    return b.zext(narrow, I64) if d.startswith("u") else b.sext(narrow, I64)


def round_to(b: ir.IRBuilder, v: ir.Value, d: str) -> ir.Value:
    return b.fpext(b.fptrunc(v, F32), F64) if d == "float32" else v


def to_compute(ctx: LowerCtx, v: ir.Value, t: LType, d: str) -> ir.Value:
    """Value `v` of type `t` (a Python or numpy scalar) cast to dtype `d` as numpy casts."""
    b = ctx.builder
    src = np_dtype(t)
    if d == "bool":
        return v
    k = kind(t)
    if d == "complex128":
        if k == "complex":
            return v
        real = to_compute(ctx, v, t, "float64")
        return pack(ctx, real, 0.0)
    if is_float(d):
        if k == "float":
            return round_to(b, v, d) if (src is None or src == "float64") else v
        if k == "bool":
            return b.uitofp(v, F64)
        return round_to(b, b.uitofp(v, F64) if src == "uint64" else b.sitofp(v, F64), d)
    if k == "bool":
        return b.zext(v, I64)
    if t == INT and BITS[d] < 64 or (t == INT and d == "uint64"):
        # A Python int joins a narrower numpy int: it must fit (numpy 2 raises otherwise).
        lo, hi = ((0, 2 ** BITS[d] - 1) if d.startswith("u")
                  else (-(2 ** (BITS[d] - 1)), 2 ** (BITS[d] - 1) - 1))
        if d == "uint64":
            bad = b.icmp_signed("<", v, ir.Constant(I64, 0))
        else:
            bad = b.icmp_unsigned(">", b.sub(v, ir.Constant(I64, lo)), ir.Constant(I64, hi - lo))

        def raise_overflow(c: LowerCtx, v: ir.Value = v) -> None:
            c.set_error("PyExc_OverflowError", f"Python integer %lld out of bounds for {d}", v)

        ctx.deopt_if(bad, "integer out of bounds (overflow)", raise_overflow)
        return v
    return v


def _dtype(ctx: LowerCtx) -> str:
    return ctx.prim_key.split(":")[1]



def _float_op(ctx: LowerCtx, op: str, x: ir.Value, y: ir.Value) -> ir.Value:
    b = ctx.builder
    if op in ("add", "sub", "mul", "truediv"):
        return {"add": b.fadd, "sub": b.fsub, "mul": b.fmul, "truediv": b.fdiv}[op](x, y)
    if op == "pow":
        return ctx.intrinsic("llvm.pow.f64", F64, [x, y])
    zero = b.fcmp_ordered("==", y, ir.Constant(F64, 0.0))
    if op == "floordiv":   # numpy: x // 0.0 is x / 0.0; otherwise Python's rule
        return if_else_values(ctx, zero, lambda: [b.fdiv(x, y)],
                              lambda: [LOWERINGS["float.floordiv"](ctx, [x, y])])[0]
    return if_else_values(ctx, zero, lambda: [ir.Constant(F64, float("nan"))],
                          lambda: [LOWERINGS["float.mod"](ctx, [x, y])])[0]


def _int_op(ctx: LowerCtx, op: str, x: ir.Value, y: ir.Value, d: str) -> ir.Value:
    b = ctx.builder
    if op in ("add", "sub", "mul"):
        return {"add": b.add, "sub": b.sub, "mul": b.mul}[op](x, y)
    if op == "pow":
        return _int_pow(ctx, x, y, d)
    zero = ir.Constant(I64, 0)
    by_zero = b.icmp_signed("==", y, zero)
    safe = b.select(by_zero, ir.Constant(I64, 1), y)
    if d.startswith("u"):
        r = b.udiv(x, safe) if op == "floordiv" else b.urem(x, safe)
        return b.select(by_zero, zero, r)
    # INT64_MIN // -1 overflows the machine division: numpy wraps it to INT64_MIN.
    minus_one = b.icmp_signed("==", safe, ir.Constant(I64, -1))
    safe = b.select(minus_one, ir.Constant(I64, 1), safe)
    q = b.sdiv(x, safe)
    r = b.srem(x, safe)
    q = b.select(minus_one, b.sub(zero, x), q)
    r = b.select(minus_one, zero, r)
    adjust = b.and_(b.icmp_signed("!=", r, zero),
                    b.icmp_signed("!=", b.icmp_signed("<", r, zero), b.icmp_signed("<", y, zero)))
    if op == "floordiv":
        out = b.select(adjust, b.sub(q, ir.Constant(I64, 1)), q)
    else:
        out = b.select(adjust, b.add(r, y), r)
    return b.select(by_zero, zero, out)


def _int_pow(ctx: LowerCtx, x: ir.Value, y: ir.Value, d: str) -> ir.Value:
    """x ** y in a numpy int dtype: binary powering, wrapping (mod 2**64, then to the width);
    a negative exponent raises ValueError as numpy does."""
    b = ctx.builder
    zero, one = ir.Constant(I64, 0), ir.Constant(I64, 1)
    if not d.startswith("u"):
        ctx.deopt_if(b.icmp_signed("<", y, zero), "negative integer power (range())",
                     lambda c: c.set_error("PyExc_ValueError", "Integers to negative integer "
                                           "powers are not allowed."))
    head, body, done = ctx.loop_blocks("npow")
    start = b.block
    b.branch(head)
    b.position_at_end(head)
    acc, base, e = b.phi(I64), b.phi(I64), b.phi(I64)
    acc.add_incoming(one, start)
    base.add_incoming(x, start)
    e.add_incoming(y, start)
    b.cbranch(b.icmp_unsigned("!=", e, zero), body, done)
    b.position_at_end(body)
    odd = b.trunc(e, I1)
    acc.add_incoming(b.select(odd, b.mul(acc, base), acc), body)
    base.add_incoming(b.mul(base, base), body)
    e.add_incoming(b.lshr(e, one), body)
    b.branch(head)
    b.position_at_end(done)
    return acc


def _binary_lowering(op: str):
    def lower(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
        (x, y), (xt, yt) = args, ctx.arg_types
        return binary_value(ctx, op, x, xt, y, yt, _dtype(ctx))
    return lower


_CMP = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
for _op in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow") + tuple(INT_BITS):
    lowering(f"npop.{_op}")(_binary_lowering(_op))
for _op in _CMP:
    lowering(f"npcmp.{_op}")(_binary_lowering(_op))


@lowering("nptruth")
def np_truth(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    b = ctx.builder
    d = _dtype(ctx)
    if d == "bool":
        return args[0]
    if d == "complex128":
        return LOWERINGS["complex.bool"](ctx, args)
    if is_float(d):
        return b.fcmp_unordered("!=", args[0], ir.Constant(F64, 0.0))
    return b.icmp_signed("!=", args[0], ir.Constant(I64, 0))


@lowering("npunary.neg", "npunary.pos", "npunary.abs", "npunary.invert")
def np_unary(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return unary_value(ctx, ctx.prim_key.split(":")[0].split(".")[1], args[0], _dtype(ctx))


def unary_value(ctx: LowerCtx, op: str, x: ir.Value, d: str) -> ir.Value:
    """numpy's -x, +x, abs(x) or ~x of `x`, already in dtype `d` (machine form); ~ of an
    np.bool is logical not."""
    b = ctx.builder
    if op == "invert":
        return b.not_(x) if d == "bool" else wrap(b, b.not_(x), d)
    if op == "pos" or d == "bool":
        return x
    if d == "complex128":
        assert op == "neg", op   # abs() is numpy's (see infer/rules/npscalar.py)
        return LOWERINGS["complex.neg"](ctx, [x])
    if is_float(d):
        return b.fneg(x) if op == "neg" else ctx.intrinsic("llvm.fabs.f64", F64, [x])
    neg = wrap(b, b.sub(ir.Constant(I64, 0), x), d)
    if op == "neg":
        return neg
    if d.startswith("u"):
        return x
    return b.select(b.icmp_signed("<", x, ir.Constant(I64, 0)), neg, x)


_UFUNC_INTRINSICS = {"sqrt": "llvm.sqrt.f64", "exp": "llvm.exp.f64", "log": "llvm.log.f64",
                     "sin": "llvm.sin.f64", "cos": "llvm.cos.f64", "floor": "llvm.floor.f64",
                     "ceil": "llvm.ceil.f64", "abs": "llvm.fabs.f64"}


@lowering("npufunc.sqrt", "npufunc.exp", "npufunc.log", "npufunc.sin", "npufunc.cos",
          "npufunc.tan", "npufunc.floor", "npufunc.ceil", "npufunc.abs", "npufunc.isnan",
          "npufunc.isinf", "npufunc.isfinite")
def np_ufunc(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """np.sqrt(x) and friends on one scalar, computed in the dtype numpy chose."""
    name = ctx.prim_key.split(".", 1)[1]
    out = np_dtype(ctx.result_type)  # type: ignore[arg-type]
    assert out is not None
    return ufunc_value(ctx, name, args[0], ctx.arg_types[0], out)


def ufunc_value(ctx: LowerCtx, name: str, x: ir.Value, xt: LType, out: str) -> ir.Value:
    """numpy's `name` ufunc of `x` (type `xt`, machine form) giving dtype `out`."""
    b = ctx.builder
    if name in ("isnan", "isinf", "isfinite"):
        if kind(xt) != "float":
            return ir.Constant(I1, 1 if name == "isfinite" else 0)
        return LOWERINGS[f"math.{name}"](ctx, [x])
    if not is_float(out):   # np.abs / np.floor of an int stay ints
        v = to_compute(ctx, x, xt, out)
        return unary_value(ctx, "abs", v, out) if name == "abs" else v
    v = to_compute(ctx, x, xt, out)
    if name == "tan":
        r = ctx.call_c("tan", F64, [v])
    else:
        r = ctx.intrinsic(_UFUNC_INTRINSICS[name], F64, [v])
    return round_to(b, r, out)


def binary_value(ctx: LowerCtx, op: str, x: ir.Value, xt: LType, y: ir.Value, yt: LType,
                 d: str) -> ir.Value:
    """numpy's binary operator `op` ('add', ..., 'gt') computed in dtype `d`."""
    b = ctx.builder
    if d == MIXED_INT:   # a signed int against a uint64: both fit 65 signed bits
        wide = ir.IntType(65)
        x, y = ((b.zext if np_dtype(t) == "uint64" else b.sext)(v, wide)
                for v, t in ((x, xt), (y, yt)))
        return b.icmp_signed(_CMP[op], x, y)
    x, y = to_compute(ctx, x, xt, d), to_compute(ctx, y, yt, d)
    if d == "complex128":
        return complex_value(ctx, op, x, y)
    if op in _CMP:
        sym = _CMP[op]
        if is_float(d):
            return (b.fcmp_unordered if sym == "!=" else b.fcmp_ordered)(sym, x, y)
        if d == "bool" or d.startswith("u"):
            return b.icmp_unsigned(sym, x, y)
        return b.icmp_signed(sym, x, y)
    if d == "bool":
        return BOOL_OPS[op](b, x, y)
    if is_float(d):
        return round_to(b, _float_op(ctx, op, x, y), d)
    if op in INT_BITS:
        return wrap(b, INT_BITS[op](b, x, y, BITS[d], d.startswith("u")), d)
    return wrap(b, _int_op(ctx, op, x, y, d), d)


@lowering("npdivmod")
def np_divmod(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """divmod(x, y) of numpy scalars: numpy's // and % in one dtype, as a tuple."""
    (x, y), (xt, yt) = args, ctx.arg_types
    d = _dtype(ctx)
    x, y = to_compute(ctx, x, xt, d), to_compute(ctx, y, yt, d)
    q = binary_value(ctx, "floordiv", x, NP[d], y, NP[d], d)
    r = binary_value(ctx, "mod", x, NP[d], y, NP[d], d)
    pair = ctx.builder.insert_value(ir.Constant(repr_of(ctx.result_type), ir.Undefined), q, 0)
    return ctx.builder.insert_value(pair, r, 1)


def complex_value(ctx: LowerCtx, op: str, x: ir.Value, y: ir.Value) -> ir.Value:
    """numpy's np.complex128 `op` ('add', 'sub', 'mul', 'truediv', 'eq', 'ne'): the
    schoolbook product as CPython, numpy's own division (no exception)."""
    if op == "truediv":
        return pack(ctx, *numpy_quotient(ctx, parts(ctx, x), parts(ctx, y)))
    if op == "eq":
        return equal(ctx, x, y)
    if op == "ne":
        return ctx.builder.not_(equal(ctx, x, y))
    return LOWERINGS[f"complex.{op}"](ctx, [x, y])


@lowering("npattr.real", "npattr.imag", "npattr.conjugate")
def np_attribute(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """x.real, x.imag, x.conjugate() of a numpy scalar (for a real dtype only .imag gets
    here: a zero of the dtype)."""
    which, d = ctx.prim_key.split(".", 1)[1].split(":")
    if d == "complex128":
        return LOWERINGS[f"complex.{which}"](ctx, args)
    assert which == "imag", which
    zero = {"bool": ir.Constant(I1, 0)}.get(d)
    return zero or (ir.Constant(F64, 0.0) if is_float(d) else ir.Constant(I64, 0))


@lowering("conv.np_to_py")
def np_to_py(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """A numpy scalar as the Python scalar of the same value (same machine form)."""
    return args[0]


@lowering("conv.np_uint64_to_int")
def np_uint64_to_int(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    ctx.deopt_if(ctx.builder.icmp_signed("<", args[0], ir.Constant(I64, 0)),
                 "uint64 beyond 2**63 as a Python int (overflow)")
    return args[0]


@lowering("conv.np_uint64_to_float")
def np_uint64_to_float(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return ctx.builder.uitofp(args[0], F64)

