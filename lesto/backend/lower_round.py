"""Lowerings of the builtins `round()` and `divmod()` on int and float, bit-exact with CPython.

`round(x, n)` on a float is the hard one: CPython rounds the *exact* binary value of x to n
decimal places (ties to even) and converts the decimal result back to the nearest double.
For |n| <= 22, 10**|n| is an exact double p, and with q = x*p (or x/p) below 2**52 the
rounded integer M is found exactly by checking the sign of x*p - (r +- 1/2) (or
x - (r +- 1/2)*p) with one fused multiply-add each, r = roundeven(q); M/p (or M*p) is then
the correctly rounded result.  Results that provably equal x or +-0.0 are returned directly;
the remaining narrow band (about 17 significant digits kept, or n outside +-22 with a
result that is neither x nor 0) deopts.
"""
from __future__ import annotations

from llvmlite import ir

from lesto.backend.context import F64, I64, LowerCtx
from lesto.backend.lower_float import (all_of, any_of, copysign, deopt_zero_divisor, fabs,
                                       fcmp, floor, fmod, integral_to_i64, is_finite,
                                       python_divmod, sel)
from lesto.backend.lower_int import floor_divmod, i64
from lesto.backend.registry import lowering

POW10 = tuple(float(10**k) for k in range(23))          # all exact doubles
POW10_INT = tuple(10**k for k in range(19))              # all fit in i64
NDIGITS_MAX = 323    # CPython: beyond this, round(x, n) is x
NDIGITS_MIN = -308   # CPython: below this, round(x, n) is 0.0 * x
TWO_52 = 4503599627370496.0


def _table(ctx: LowerCtx, name: str, ty: ir.Type, values: tuple, index: ir.Value) -> ir.Value:
    arr = ir.ArrayType(ty, len(values))
    table = ctx.module.globals.get(name)
    if table is None:
        table = ir.GlobalVariable(ctx.module, arr, name)
        table.initializer = ir.Constant(arr, list(values))
        table.global_constant = True
        table.linkage = "internal"
    ptr = ctx.builder.gep(table, [i64(0), index], inbounds=True, source_etype=arr)
    return ctx.builder.load(ptr, typ=ty)


def _clamp(ctx: LowerCtx, v: ir.Value, lo: int, hi: int) -> ir.Value:
    bld = ctx.builder
    v = bld.select(bld.icmp_signed("<", v, i64(lo)), i64(lo), v)
    return bld.select(bld.icmp_signed(">", v, i64(hi)), i64(hi), v)


@lowering("builtin.round_float")
def round_float(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """round(x) -> int: nearest integer, ties to even (CPython's round-then-fix-halfway gives
    exactly roundeven); nan, inf and results outside i64 deopt."""
    rounded = ctx.intrinsic("llvm.roundeven.f64", F64, [args[0]])
    return integral_to_i64(ctx, rounded, "round(float): nan, inf or big int")


def _round_in_table(ctx: LowerCtx, x: ir.Value,
                    n: ir.Value) -> tuple[ir.Value, ir.Value, ir.Value, ir.Value]:
    """(result, ok, |q|, p) for |n| <= 22, p = 10**|n|; `ok` when |q| < 2**52 - 1 (so that
    r +- 1/2 and M are exact) made the result exact."""
    bld = ctx.builder
    nonneg = bld.icmp_signed(">=", n, i64(0))
    k = _clamp(ctx, bld.select(nonneg, n, bld.neg(n)), 0, 22)
    p = _table(ctx, "lesto.pow10_f64", F64, POW10, k)
    q = sel(ctx, nonneg, bld.fmul(x, p), bld.fdiv(x, p))
    aq = fabs(ctx, q)
    r = ctx.intrinsic("llvm.roundeven.f64", F64, [q])
    upper = bld.fadd(r, ir.Constant(F64, 0.5))   # exact: |r| < 2**52
    lower = bld.fsub(r, ir.Constant(F64, 0.5))

    def exact_sign_of(bound: ir.Value) -> ir.Value:
        """fma result with the sign (and zeroness) of X - bound, X = x*10**n exactly."""
        pos = ctx.intrinsic("llvm.fma.f64", F64, [x, p, bld.fneg(bound)])
        neg = ctx.intrinsic("llvm.fma.f64", F64, [bld.fneg(bound), p, x])
        return sel(ctx, nonneg, pos, neg)

    above = exact_sign_of(upper)
    below = exact_sign_of(lower)
    r_odd = fcmp(ctx, "!=", fmod(ctx, r, 2.0), 0.0)
    go_up = any_of(ctx, fcmp(ctx, ">", above, 0.0),
                   bld.and_(fcmp(ctx, "==", above, 0.0), r_odd))
    go_down = any_of(ctx, fcmp(ctx, "<", below, 0.0),
                     bld.and_(fcmp(ctx, "==", below, 0.0), r_odd))
    m = bld.fadd(r, sel(ctx, go_up, 1.0, sel(ctx, go_down, -1.0, 0.0)))
    result = sel(ctx, nonneg, bld.fdiv(m, p), bld.fmul(m, p))
    result = copysign(ctx, result, x)   # the decimal string keeps x's sign, even for 0
    ok = fcmp(ctx, "<", aq, TWO_52 - 1.0)
    return result, ok, aq, p


def _round_full_precision(ctx: LowerCtx, ax: ir.Value, p: ir.Value) -> tuple[ir.Value,
                                                                              ir.Value]:
    """(result, ok) of round(ax, n) for ax >= 0, 0 <= n <= 22 when 2**52 <= ax*10**n < 2**55.

    Then z = fl(ax*p) is an integer, X = ax*p = z + e exactly (e by fma, |e| <= 2), the
    rounded integer is M = z + t with t the integer nearest e (ties making z + t even), and
    M - X = t - e exactly.  The result M/p lies within 0.5*10**-n <= ax*2**-53 of ax, so it
    rounds to ax or one of its neighbours: compare M/p - ax, i.e. (t - e)/p, with the half
    gaps to the neighbours (scaled by p, exact: the gaps are powers of two), ties to even.
    """
    bld = ctx.builder
    z = bld.fmul(ax, p)
    e = ctx.intrinsic("llvm.fma.f64", F64, [ax, p, bld.fneg(z)])
    t_even = ctx.intrinsic("llvm.roundeven.f64", F64, [e])
    tie = fcmp(ctx, "==", bld.fsub(e, floor(ctx, e)), 0.5)
    z_odd = fcmp(ctx, "!=", fmod(ctx, z, 2.0), 0.0)
    other = bld.fsub(bld.fadd(e, e), t_even)          # the other integer of the tie
    t = sel(ctx, bld.and_(tie, z_odd), other, t_even)
    d = bld.fsub(t, e)                                # = M - X, exact
    bits = bld.bitcast(ax, I64)
    above = bld.bitcast(bld.add(bits, i64(1)), F64)
    below = bld.bitcast(bld.sub(bits, i64(1)), F64)
    half_up = bld.fmul(bld.fmul(bld.fsub(above, ax), ir.Constant(F64, 0.5)), p)
    half_down = bld.fmul(bld.fmul(bld.fsub(ax, below), ir.Constant(F64, 0.5)), p)
    odd = bld.trunc(bits, ir.IntType(1))
    # (an exact tie M/p == ax +- gap/2 cannot occur in this band -- the midpoint would need
    # more than n decimals -- but it is resolved to even anyway)
    go_up = any_of(ctx, fcmp(ctx, ">", d, half_up), bld.and_(fcmp(ctx, "==", d, half_up), odd))
    neg_down = bld.fneg(half_down)
    go_down = any_of(ctx, fcmp(ctx, "<", d, neg_down),
                     bld.and_(fcmp(ctx, "==", d, neg_down), odd))
    result = sel(ctx, go_up, above, sel(ctx, go_down, below, ax))
    ok = bld.and_(fcmp(ctx, ">=", z, TWO_52), fcmp(ctx, "<", z, 2.0**55))
    return result, ok


def _magnitude_estimate(ctx: LowerCtx, ax: ir.Value, n: ir.Value) -> ir.Value:
    """An estimate e of |x| * 10**n with 0.49 * true < e < 1.0001 * true, for |n| > 22 where
    10**|n| is not exact: 10**(|n|-22) is replaced by 2**floor((|n|-22) * 3.321928), a power
    of two at most 2x below it (3.321928 < log2(10)); no libm call on this path."""
    bld = ctx.builder
    nonneg = bld.icmp_signed(">=", n, i64(0))
    rest = _clamp(ctx, bld.sub(bld.select(nonneg, n, bld.neg(n)), i64(22)), 0, 301)
    exponent = bld.sdiv(bld.mul(rest, i64(3321928)), i64(1000000))     # <= 999
    scale = bld.bitcast(bld.shl(bld.add(exponent, i64(1023)), i64(52)), F64)
    up = bld.fmul(bld.fmul(ax, ir.Constant(F64, 1e22)), scale)
    down = bld.fdiv(bld.fdiv(ax, ir.Constant(F64, 1e22)), scale)
    return sel(ctx, nonneg, up, bld.fmul(down, ir.Constant(F64, 0.5)))


@lowering("builtin.round_float_ndigits")
def round_float_ndigits(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    x, n = args
    bld = ctx.builder
    ax = fabs(ctx, x)
    finite = is_finite(ctx, x)
    n_big = bld.icmp_signed(">", n, i64(NDIGITS_MAX))
    n_tiny = bld.icmp_signed("<", n, i64(NDIGITS_MIN))
    nonneg = bld.icmp_signed(">=", n, i64(0))
    in_table = bld.and_(bld.icmp_signed(">=", n, i64(-22)), bld.icmp_signed("<=", n, i64(22)))
    main, main_ok, aq, p = _round_in_table(ctx, x, n)
    full, full_ok = _round_full_precision(ctx, ax, p)
    full_ok = all_of(ctx, full_ok, in_table, nonneg)
    estimate = _magnitude_estimate(ctx, ax, n)
    # x rounds to itself when n >= 0 and x is integral (its decimal value has no fraction), or
    # when |x|*10**n >= 2**54: then the decimal result is within 0.5*10**-n < ulp(x)/4 of x.
    # The thresholds below leave room for the rounding of the computed |x|*10**n and for the
    # estimate being up to 2x low.
    identity = any_of(ctx, bld.and_(nonneg, fcmp(ctx, "==", x, floor(ctx, x))),
                      bld.and_(in_table, fcmp(ctx, ">=", aq, 2.0**55)),
                      bld.and_(bld.not_(in_table), fcmp(ctx, ">=", estimate, 2.0**56)))
    # for n < -22 there is no exact tie at 0.5*10**-n (not a double), so |x|*10**n < 1/2 gives 0
    to_zero = all_of(ctx, bld.not_(in_table), bld.not_(nonneg), fcmp(ctx, "<", estimate, 0.2))
    table_ok = bld.and_(in_table, main_ok)
    decided = any_of(ctx, bld.not_(finite), n_big, n_tiny, table_ok, full_ok, identity, to_zero)
    ctx.deopt_if(bld.not_(decided), "round(float, n) not provably exact")
    zero = copysign(ctx, 0.0, x)
    out = sel(ctx, to_zero, zero, x)
    out = sel(ctx, full_ok, copysign(ctx, full, x), out)
    out = sel(ctx, table_ok, main, out)
    out = sel(ctx, n_tiny, zero, out)
    return sel(ctx, bld.or_(bld.not_(finite), n_big), x, out)


@lowering("builtin.round_int_ndigits")
def round_int_ndigits(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """round(x, n) for int x: x when n >= 0, else the nearest multiple of 10**-n (ties to
    the even multiple); a result outside i64 deopts."""
    x, n = args
    bld = ctx.builder
    # 10**19 > 2**63 > 10**19 / 2: |x| <= 5*10**18 rounds to 0, larger magnitudes to +-10**19
    minus_19 = bld.icmp_signed("==", n, i64(-19))
    too_big = bld.or_(bld.icmp_signed(">", x, i64(5 * 10**18)),
                      bld.icmp_signed("<", x, i64(-5 * 10**18)))
    ctx.deopt_if(bld.and_(minus_19, too_big), "round(int, -19) overflows")
    in_range = bld.icmp_signed(">=", n, i64(-18))     # (n = INT_MIN has no i64 negation)
    k = _clamp(ctx, bld.select(in_range, bld.neg(n), i64(18)), 0, 18)
    p = _table(ctx, "lesto.pow10_i64", I64, POW10_INT, k)
    q, r = floor_divmod(ctx, x, p, True)      # p >= 1: never deopts
    twice = bld.shl(r, i64(1))               # 0 <= r < p <= 10**18: no overflow
    q_odd = bld.trunc(q, ir.IntType(1))
    up = any_of(ctx, bld.icmp_signed(">", twice, p),
                bld.and_(bld.icmp_signed("==", twice, p), q_odd))
    q = bld.add(q, bld.zext(up, I64))
    prod = bld.smul_with_overflow(q, p)
    ctx.deopt_if(bld.and_(in_range, bld.extract_value(prod, 1)), "round(int, n) overflows")
    rounded = bld.select(in_range, bld.extract_value(prod, 0), i64(0))
    return bld.select(bld.icmp_signed(">=", n, i64(0)), x, rounded)


_PAIR_I64 = ir.LiteralStructType([I64, I64])
_PAIR_F64 = ir.LiteralStructType([F64, F64])


def _pair(ctx: LowerCtx, ty: ir.LiteralStructType, a: ir.Value, b: ir.Value) -> ir.Value:
    bld = ctx.builder
    out = bld.insert_value(ir.Constant(ty, ir.Undefined), a, 0)
    return bld.insert_value(out, b, 1)


@lowering("builtin.divmod_int")
def divmod_int(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    q, r = floor_divmod(ctx, args[0], args[1], True)
    return _pair(ctx, _PAIR_I64, q, r)


@lowering("builtin.divmod_float")
def divmod_float(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    deopt_zero_divisor(ctx, args[1])
    q, r = python_divmod(ctx, args[0], args[1])
    return _pair(ctx, _PAIR_F64, q, r)
