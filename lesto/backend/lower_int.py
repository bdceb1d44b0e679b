"""Lowerings of Python `int` (i64) and `bool` (i1) operations with CPython's exact semantics.

Every lowering either produces exactly the value CPython computes, or leaves the fast path with
`ctx.deopt_if` where CPython would raise or where the exact result does not fit in 64 bits
(overflow into a big int, a float result from a negative exponent, ...).  Note that LLVM's
`sdiv`/`srem`/`shl`/`ashr` have undefined or poison results for some operands (division by zero,
INT_MIN / -1, shift counts >= 64); every such operand is excluded by a guard or a `select` first.
"""
from __future__ import annotations

from llvmlite import ir

from lesto.backend.context import F64, I1, I64, LowerCtx
from lesto.backend.registry import lowering

INT_MIN = -(2**63)
INT_MAX = 2**63 - 1


def i64(value: int) -> ir.Constant:
    return ir.Constant(I64, value)


def f64(value: float) -> ir.Constant:
    return ir.Constant(F64, value)


def true() -> ir.Constant:
    return ir.Constant(I1, 1)


def checked(ctx: LowerCtx, op: str, a: ir.Value, b: ir.Value, reason: str) -> ir.Value:
    """a (op) b with `llvm.s<op>.with.overflow`; deopt when the exact result needs > 64 bits."""
    b_ = ctx.builder
    make = {"add": b_.sadd_with_overflow, "sub": b_.ssub_with_overflow,
            "mul": b_.smul_with_overflow}[op]
    pair = make(a, b)
    ctx.overflow_if(b_.extract_value(pair, 1), reason)
    return b_.extract_value(pair, 0)


def icmp(ctx: LowerCtx, op: str, a: ir.Value, b: ir.Value | int) -> ir.Value:
    if isinstance(b, int):
        b = ir.Constant(a.type, b)
    return ctx.builder.icmp_signed(op, a, b)


# --- arithmetic --------------------------------------------------------------------------------

@lowering("int.add")
def int_add(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return checked(ctx, "add", args[0], args[1], "int overflow")


@lowering("int.affine")
def int_affine(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """c * n + d for constants c, d (opt/fuse.py); checked operations otherwise."""
    n, c, d = args
    if all(isinstance(x, ir.Constant) and isinstance(x.constant, int) for x in (c, d)):
        return affine(ctx, n, c.constant, d.constant)
    return checked(ctx, "add", checked(ctx, "mul", n, c, "int overflow"), d, "int overflow")


def affine(ctx: LowerCtx, n: ir.Value, c: int, d: int) -> ir.Value:
    """c * n + d (wrapping) with its overflow tested on n, off the chain of dependent
    operations."""
    if abs(c) <= 3 and abs(d) < 2**60 and not ctx.impure:
        # |c * n + d| < 3 * 2**61 + 2**60 < 2**63 whenever |n| <= 2**61: the cheap window
        # (a false alarm re-runs the call in the interpreter, which a function that may write
        # to an array cannot afford: there the test is exact)
        ctx.overflow_if_outside_window(n)
        return ctx.builder.add(ctx.builder.mul(n, i64(c)), i64(d))
    return range_checked_affine(ctx, n, c, d)


def range_checked_affine(ctx: LowerCtx, n: ir.Value, c: int, d: int) -> ir.Value:
    """c * n + d (wrapping; d = 0: just the product) with its overflow as one exact range
    test on n."""
    lo_value, hi_value = -(2**63) - d, 2**63 - 1 - d        # c * n must lie in here
    if c > 0:
        lo, hi = -((-lo_value) // c), hi_value // c
    else:
        lo, hi = -(hi_value // -c), (-lo_value) // -c
    b = ctx.builder
    if lo > hi:
        ctx.overflow_if(ir.Constant(I1, 1), "int overflow")
    else:
        outside = b.icmp_unsigned(">", b.sub(n, i64(lo)), i64(hi - lo))
        ctx.overflow_if(outside, "int overflow")
    product = b.mul(n, i64(c))
    return b.add(product, i64(d)) if d else product


@lowering("int.sub")
def int_sub(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return checked(ctx, "sub", args[0], args[1], "int overflow")


@lowering("int.mul")
def int_mul(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    a, b = args
    for n, c in ((a, b), (b, a)):
        if isinstance(c, ir.Constant) and isinstance(c.constant, int) and \
                abs(c.constant) >= 2:
            return mul_by_constant(ctx, n, c.constant)
    return checked(ctx, "mul", a, b, "int overflow")


def mul_by_constant(ctx: LowerCtx, n: ir.Value, c: int) -> ir.Value:
    """n * c for a constant c: the product as a plain (wrapping) multiply, which LLVM turns
    into shifts and adds (`lea` for 3, 5, 9), and its overflow as a range test on n, which
    stays off the chain of dependent operations (collatz's 3 * n + 1)."""
    return range_checked_affine(ctx, n, c, 0)


def constant_power_of_two(b: ir.Value) -> int | None:
    """k when `b` is the constant 2**k (k in 0..62), else None."""
    if isinstance(b, ir.Constant) and isinstance(b.constant, int):
        v = b.constant
        if 0 < v < (1 << 63) and v & (v - 1) == 0:
            return v.bit_length() - 1
    return None


def floor_divmod(ctx: LowerCtx, a: ir.Value, b: ir.Value,
                 want_quotient: bool) -> tuple[ir.Value, ir.Value]:
    """Python's (a // b, a % b) for i64.

    Deopts on b == 0 and, when the quotient is wanted, on INT_MIN // -1 (the only overflow).
    When only the remainder is wanted, b == -1 is replaced by 1 (same remainder: 0) so that the
    undefined `srem INT_MIN, -1` is never executed.
    """
    bld = ctx.builder
    k = constant_power_of_two(b)
    if k is not None:
        # Python's floor semantics make these exact for every a: a // 2**k is an arithmetic
        # shift and a % 2**k a mask (the forms LLVM can if-convert and vectorize).
        return bld.ashr(a, i64(k)), bld.and_(a, i64((1 << k) - 1))
    ctx.deopt_if(icmp(ctx, "==", b, 0), "integer division or modulo by zero")
    if want_quotient:
        ovf = bld.and_(icmp(ctx, "==", a, INT_MIN), icmp(ctx, "==", b, -1))
        ctx.deopt_if(ovf, "int overflow")
        divisor = b
    else:
        divisor = bld.select(icmp(ctx, "==", b, -1), i64(1), b)
    q = bld.sdiv(a, divisor)
    r = bld.srem(a, divisor)
    # C truncates toward zero; Python floors: adjust when the remainder's sign differs from b's.
    adjust = bld.and_(icmp(ctx, "!=", r, 0), icmp(ctx, "<", bld.xor(r, b), 0))
    q = bld.sub(q, bld.zext(adjust, I64))
    r = bld.add(r, bld.select(adjust, b, i64(0)))
    return q, r


@lowering("int.floordiv")
def int_floordiv(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return floor_divmod(ctx, args[0], args[1], True)[0]


@lowering("int.mod")
def int_mod(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return floor_divmod(ctx, args[0], args[1], False)[1]


def unsigned_abs(ctx: LowerCtx, a: ir.Value) -> ir.Value:
    """|a| as an unsigned i64 (INT_MIN gives 2**63, which is right when read as unsigned)."""
    bld = ctx.builder
    return bld.select(icmp(ctx, "<", a, 0), bld.sub(i64(0), a), a)


def exact_in_double(ctx: LowerCtx, a: ir.Value) -> ir.Value:
    """i1: is the i64 `a` exactly representable as a double (odd part of |a| below 2**53)?"""
    bld = ctx.builder
    u = unsigned_abs(ctx, a)
    tz = bld.cttz(u, ir.Constant(I1, 0))
    tz = bld.select(icmp(ctx, "==", u, 0), i64(0), tz)   # cttz(0) = 64: not a valid shift
    odd_part = bld.lshr(u, tz)
    return bld.icmp_unsigned("<=", odd_part, i64(2**53))


@lowering("int.truediv")
def int_truediv(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """a / b -> double.  When both operands are exact doubles, IEEE division of them is the
    correctly rounded quotient, which is what CPython returns; otherwise deopt (CPython then
    does an exact big-int division)."""
    a, b = args
    bld = ctx.builder
    ctx.deopt_if(icmp(ctx, "==", b, 0), "division by zero")
    both = bld.and_(exact_in_double(ctx, a), exact_in_double(ctx, b))
    ctx.deopt_if(bld.not_(both), "int / int needs exact big-int division")
    return bld.fdiv(bld.sitofp(a, F64), bld.sitofp(b, F64))


@lowering("int.pow")
def int_pow(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """base ** exp by square-and-multiply.  exp < 0 deopts (CPython returns a float).

    A product overflow is only checked where it matters: result *= base when the current bit
    is set, base *= base only when higher bits remain.  If base*base overflows while bits
    remain, |result| would be at least a perfect square > 2**63, so deopting is exact.
    """
    base0, exp0 = args
    bld = ctx.builder
    ctx.deopt_if(icmp(ctx, "<", exp0, 0), "negative exponent gives a float")
    entry = bld.block
    head, body, done = ctx.loop_blocks("pow")
    bld.branch(head)

    bld.position_at_end(head)
    result = bld.phi(I64, "pow.r")
    base = bld.phi(I64, "pow.b")
    exp = bld.phi(I64, "pow.e")
    result.add_incoming(i64(1), entry)
    base.add_incoming(base0, entry)
    exp.add_incoming(exp0, entry)
    bld.cbranch(icmp(ctx, "!=", exp, 0), body, done)

    bld.position_at_end(body)
    bit = bld.trunc(exp, I1)
    prod = bld.smul_with_overflow(result, base)
    ctx.deopt_if(bld.and_(bit, bld.extract_value(prod, 1)), "int overflow")
    new_result = bld.select(bit, bld.extract_value(prod, 0), result)
    new_exp = bld.lshr(exp, i64(1))
    square = bld.smul_with_overflow(base, base)
    more = icmp(ctx, "!=", new_exp, 0)
    ctx.deopt_if(bld.and_(more, bld.extract_value(square, 1)), "int overflow")
    latch = bld.block
    result.add_incoming(new_result, latch)
    base.add_incoming(bld.extract_value(square, 0), latch)
    exp.add_incoming(new_exp, latch)
    bld.branch(head)

    bld.position_at_end(done)
    return result


# --- shifts and bitwise ------------------------------------------------------------------------

@lowering("int.lshift")
def int_lshift(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    a, n = args
    bld = ctx.builder
    ctx.deopt_if(icmp(ctx, "<", n, 0), "negative shift count")
    nonzero = icmp(ctx, "!=", a, 0)
    ctx.deopt_if(bld.and_(nonzero, icmp(ctx, ">=", n, 64)), "int overflow")
    count = bld.select(icmp(ctx, ">=", n, 64), i64(0), n)   # only reached with a == 0
    shifted = bld.shl(a, count)
    ctx.deopt_if(icmp(ctx, "!=", bld.ashr(shifted, count), a), "int overflow")
    return shifted


@lowering("int.rshift")
def int_rshift(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    a, n = args
    bld = ctx.builder
    ctx.deopt_if(icmp(ctx, "<", n, 0), "negative shift count")
    count = bld.select(icmp(ctx, ">", n, 63), i64(63), n)   # >= 63 gives 0 or -1 anyway
    return bld.ashr(a, count)


@lowering("int.and", "bool.and")
def int_and(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return ctx.builder.and_(args[0], args[1])


@lowering("int.or", "bool.or")
def int_or(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return ctx.builder.or_(args[0], args[1])


@lowering("int.xor", "bool.xor")
def int_xor(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return ctx.builder.xor(args[0], args[1])


@lowering("bool.not")
def bool_not(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return ctx.builder.xor(args[0], true())


# --- unary -------------------------------------------------------------------------------------

@lowering("int.neg")
def int_neg(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return checked(ctx, "sub", i64(0), args[0], "int overflow")


@lowering("int.pos", "conv.int_identity")
def int_identity(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return args[0]


@lowering("int.invert")
def int_invert(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return ctx.builder.xor(args[0], i64(-1))


@lowering("int.abs")
def int_abs(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    a = args[0]
    ctx.deopt_if(icmp(ctx, "==", a, INT_MIN), "int overflow")
    return unsigned_abs(ctx, a)


# --- comparisons and truth ---------------------------------------------------------------------

def _register_compare(key: str, op: str) -> None:
    def compare(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
        return ctx.builder.icmp_signed(op, args[0], args[1])

    compare.__name__ = key.replace(".", "_")
    lowering(key)(compare)


for _name, _op in (("eq", "=="), ("ne", "!="), ("lt", "<"), ("le", "<="), ("gt", ">"),
                   ("ge", ">=")):
    _register_compare(f"int.{_name}", _op)


@lowering("int.bool")
def int_bool(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return icmp(ctx, "!=", args[0], 0)


@lowering("conv.bool_to_int")
def bool_to_int(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return ctx.builder.zext(args[0], I64)
