"""Lowerings of the `math` module functions, bit-exact with CPython's `math` module.

Most functions call the same libm symbol CPython calls and apply CPython's generic error
rule (a nan result from non-nan arguments raises ValueError, an infinite result from finite
arguments raises OverflowError/ValueError): those cases deopt.  Functions where CPython does
its own computation instead of trusting libm are emitted as that computation, operation for
operation, so the rounding is identical: `atan2`, `fmod`, `pow` (special values first),
`log(x, base)`, `hypot` (CPython's compensated vector norm, which differs between 3.10-3.11
and 3.12+), and `gamma`/`lgamma` (CPython's own Lanczos approximation, not the libm one).
The builtins `round` and `divmod` live in `lower_round.py`.
"""
from __future__ import annotations

import math
import sys
from typing import Callable

from llvmlite import ir

from lesto.backend.context import F64, I1, I32, I64, LowerCtx
from lesto.backend.lower_float import (all_of, any_of, copysign, fabs, fcmp, floor, fmod,
                                       integral_to_i64, is_finite, is_inf, is_nan,
                                       is_odd_integer, libm, sel)
from lesto.backend.lower_int import f64, i64
from lesto.backend.registry import lowering

INF = float("inf")
NAN = float("nan")
PI = math.pi


def deopt_unless_valid(ctx: LowerCtx, r: ir.Value, xs: list[ir.Value], reason: str) -> None:
    """CPython's generic rule: nan from non-nan arguments or inf from finite ones raises."""
    bld = ctx.builder
    no_nan_in = all_of(ctx, *[bld.not_(is_nan(ctx, x)) for x in xs])
    all_finite = all_of(ctx, *[is_finite(ctx, x) for x in xs])
    bad = any_of(ctx, bld.and_(is_nan(ctx, r), no_nan_in), bld.and_(is_inf(ctx, r), all_finite))
    ctx.deopt_if(bad, reason)


def _register_unary(name: str, emit: Callable[[LowerCtx, ir.Value], ir.Value]) -> None:
    def lower(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
        r = emit(ctx, args[0])
        deopt_unless_valid(ctx, r, [args[0]], f"math.{name} domain or range error")
        return r

    lower.__name__ = f"math_{name}"
    lowering(f"math.{name}")(lower)


def _libm_unary(name: str) -> Callable[[LowerCtx, ir.Value], ir.Value]:
    return lambda ctx, x: libm(ctx, name, [x])


for _name in ("exp", "exp2", "expm1", "log", "log2", "log10", "sin", "cos", "tan", "asin",
              "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "erf", "erfc"):
    _register_unary(_name, _libm_unary(_name))


# math.sqrt checks its result by the generic rule.  Testing the argument instead (x < 0,
# equivalent for an IEEE root) made float_loop 12% slower (4.09 -> 4.59 ms) for 1.5% on
# nbody_np: measured against the commit before objects, 2026-12-04.
_register_unary("sqrt", lambda ctx, x: ctx.intrinsic("llvm.sqrt.f64", F64, [x]))


# CPython's log1p wrapper returns a zero argument unchanged (keeps the sign of -0.0).
_register_unary("log1p", lambda ctx, x: sel(ctx, fcmp(ctx, "==", x, 0.0), x,
                                            libm(ctx, "log1p", [x])))


@lowering("math.fabs")
def math_fabs(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return fabs(ctx, args[0])


@lowering("math.copysign")
def math_copysign(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return copysign(ctx, args[0], args[1])


@lowering("math.atan2")
def math_atan2(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """atan2(y, x): CPython settles nans, infinities and y == 0 itself, then calls libm."""
    y, x = args
    bld = ctx.builder
    x_positive_sign = fcmp(ctx, "==", copysign(ctx, 1.0, x), 1.0)
    both_inf = sel(ctx, x_positive_sign, copysign(ctx, 0.25 * PI, y), copysign(ctx, 0.75 * PI, y))
    y_inf = sel(ctx, is_inf(ctx, x), both_inf, copysign(ctx, 0.5 * PI, y))
    x_inf_or_y_zero = sel(ctx, x_positive_sign, copysign(ctx, 0.0, y), copysign(ctx, PI, y))
    out = libm(ctx, "atan2", [y, x])
    out = sel(ctx, bld.or_(is_inf(ctx, x), fcmp(ctx, "==", y, 0.0)), x_inf_or_y_zero, out)
    out = sel(ctx, is_inf(ctx, y), y_inf, out)
    return sel(ctx, bld.or_(is_nan(ctx, x), is_nan(ctx, y)), NAN, out)


@lowering("math.fmod")
def math_fmod(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """fmod(x, y); x for infinite y and finite x; a nan from non-nan arguments raises."""
    x, y = args
    bld = ctx.builder
    r = fmod(ctx, x, y)
    bad = all_of(ctx, is_nan(ctx, r), bld.not_(is_nan(ctx, x)), bld.not_(is_nan(ctx, y)))
    ctx.deopt_if(bad, "math.fmod domain error")
    return sel(ctx, bld.and_(is_inf(ctx, y), is_finite(ctx, x)), x, r)


@lowering("math.pow")
def math_pow(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """math.pow: C99 special values for non-finite arguments, libm `pow` for finite ones,
    where a nan or infinite result raises (ValueError / OverflowError)."""
    x, y = args
    bld = ctx.builder
    ax = fabs(ctx, x)
    odd_y = is_odd_integer(ctx, y)   # false for non-finite y
    y_pos = fcmp(ctx, ">", y, 0.0)
    y_neg = fcmp(ctx, "<", y, 0.0)
    r_x_inf = sel(ctx, y_pos, sel(ctx, odd_y, x, ax),
                  sel(ctx, fcmp(ctx, "==", y, 0.0), 1.0,
                      sel(ctx, odd_y, copysign(ctx, 0.0, x), 0.0)))
    r_y_inf = sel(ctx, fcmp(ctx, "==", ax, 1.0), 1.0,
                  sel(ctx, bld.and_(y_pos, fcmp(ctx, ">", ax, 1.0)), y,
                      sel(ctx, bld.and_(y_neg, fcmp(ctx, "<", ax, 1.0)), bld.fneg(y), 0.0)))
    special = sel(ctx, is_nan(ctx, x), sel(ctx, fcmp(ctx, "==", y, 0.0), 1.0, x),
                  sel(ctx, is_nan(ctx, y), sel(ctx, fcmp(ctx, "==", x, 1.0), 1.0, y),
                      sel(ctx, is_inf(ctx, x), r_x_inf, r_y_inf)))
    finite_args = bld.and_(is_finite(ctx, x), is_finite(ctx, y))
    r = libm(ctx, "pow", [x, y])
    bad = bld.and_(finite_args, bld.not_(is_finite(ctx, r)))
    if sys.version_info < (3, 11):   # (+-0.0) ** -inf raised ValueError before 3.11
        bad = bld.or_(bad, bld.and_(fcmp(ctx, "==", x, 0.0), fcmp(ctx, "==", y, -INF)))
    ctx.deopt_if(bad, "math.pow error")
    return sel(ctx, finite_args, r, special)


def _m_log(ctx: LowerCtx, x: ir.Value) -> ir.Value:
    return libm(ctx, "log", [x])


@lowering("math.log_base")
def math_log_base(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """math.log(x, base) = log(x) / log(base); each log follows the one-argument error rule
    and a zero denominator (base == 1) raises ZeroDivisionError."""
    x, base = args
    num = _m_log(ctx, x)
    deopt_unless_valid(ctx, num, [x], "math.log domain error")
    den = _m_log(ctx, base)
    deopt_unless_valid(ctx, den, [base], "math.log domain error")
    ctx.deopt_if(fcmp(ctx, "==", den, 0.0), "math.log base 1")
    return ctx.builder.fdiv(num, den)


# --- classification, rounding to int, angle conversion -----------------------------------------

@lowering("math.isnan")
def math_isnan(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return is_nan(ctx, args[0])


@lowering("math.isinf")
def math_isinf(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return is_inf(ctx, args[0])


@lowering("math.isfinite")
def math_isfinite(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return is_finite(ctx, args[0])


def _register_to_int(name: str, intrinsic: str) -> None:
    def lower(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
        integral = ctx.intrinsic(intrinsic, F64, [args[0]])
        return integral_to_i64(ctx, integral, f"math.{name}: nan, inf or big int")

    lower.__name__ = f"math_{name}"
    lowering(f"math.{name}")(lower)


_register_to_int("floor", "llvm.floor.f64")
_register_to_int("ceil", "llvm.ceil.f64")
_register_to_int("trunc", "llvm.trunc.f64")


@lowering("math.degrees")
def math_degrees(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return ctx.builder.fmul(args[0], f64(180.0 / PI))   # CPython: x * (180.0 / pi), no check


@lowering("math.radians")
def math_radians(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return ctx.builder.fmul(args[0], f64(PI / 180.0))


# --- gcd ---------------------------------------------------------------------------------------

@lowering("math.gcd")
def math_gcd(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """Euclid on the unsigned magnitudes; the only unrepresentable result is 2**63
    (gcd(-2**63, 0) and gcd(-2**63, -2**63)), which deopts."""
    bld = ctx.builder

    def magnitude(v: ir.Value) -> ir.Value:
        return bld.select(bld.icmp_signed("<", v, i64(0)), bld.sub(i64(0), v), v)

    a0, b0 = magnitude(args[0]), magnitude(args[1])
    entry = bld.block
    head, body, done = ctx.loop_blocks("gcd")
    bld.branch(head)
    bld.position_at_end(head)
    a = bld.phi(I64, "gcd.a")
    b = bld.phi(I64, "gcd.b")
    a.add_incoming(a0, entry)
    b.add_incoming(b0, entry)
    bld.cbranch(bld.icmp_unsigned("!=", b, i64(0)), body, done)
    bld.position_at_end(body)
    a.add_incoming(b, body)
    b.add_incoming(bld.urem(a, b), body)
    bld.branch(head)
    bld.position_at_end(done)
    ctx.deopt_if(bld.icmp_signed("<", a, i64(0)), "gcd is 2**63")
    return a


# --- hypot: CPython's vector_norm for two coordinates ------------------------------------------

DBL_MIN = 2.2250738585072014e-308
T27 = 134217729.0   # 2**27 + 1, Veltkamp-Dekker splitting constant


def frexp_exponent(ctx: LowerCtx, x: ir.Value) -> ir.Value:
    """The `e` of C's frexp(x) (x = m * 2**e, 0.5 <= m < 1) for finite x > 0, as i32."""
    bld = ctx.builder
    bits = bld.bitcast(x, I64)
    biased = bld.and_(bld.lshr(bits, i64(52)), i64(0x7FF))
    normal_e = bld.sub(biased, i64(1022))
    bit_length = bld.sub(i64(64), bld.ctlz(bits, ir.Constant(I1, 0)))
    subnormal_e = bld.sub(bit_length, i64(1074))
    e = bld.select(bld.icmp_signed("==", biased, i64(0)), subnormal_e, normal_e)
    return bld.trunc(e, I32)


class _Fp:
    """Tiny infix helper so the numeric kernels below read like the formulas they emit.
    Each operator is exactly one IEEE operation, evaluated in the order written."""

    def __init__(self, ctx: LowerCtx):
        self.ctx = ctx
        self.b = ctx.builder

    def add(self, a: ir.Value, b: ir.Value | float) -> ir.Value:
        return self.b.fadd(a, _c(b))

    def sub(self, a: ir.Value | float, b: ir.Value | float) -> ir.Value:
        return self.b.fsub(_c(a), _c(b))

    def mul(self, a: ir.Value | float, b: ir.Value | float) -> ir.Value:
        return self.b.fmul(_c(a), _c(b))

    def div(self, a: ir.Value | float, b: ir.Value | float) -> ir.Value:
        return self.b.fdiv(_c(a), _c(b))

    def neg(self, a: ir.Value) -> ir.Value:
        return self.b.fneg(a)

    def fma(self, a: ir.Value, b: ir.Value, c: ir.Value) -> ir.Value:
        return self.ctx.intrinsic("llvm.fma.f64", F64, [a, b, c])

    def sqrt(self, a: ir.Value) -> ir.Value:
        return self.ctx.intrinsic("llvm.sqrt.f64", F64, [a])


def _c(v: ir.Value | float) -> ir.Value:
    return f64(float(v)) if isinstance(v, (int, float)) else v


def _norm_split_311(fp: _Fp, vec: list[ir.Value], scale: ir.Value) -> ir.Value:
    """CPython 3.10/3.11: Veltkamp-Dekker squaring, three compensation accumulators."""
    csum, frac1, frac2, frac3 = f64(1.0), f64(0.0), f64(0.0), f64(0.0)

    def split(x: ir.Value) -> tuple[ir.Value, ir.Value]:
        t = fp.mul(x, T27)
        hi = fp.sub(t, fp.sub(t, x))
        return hi, fp.sub(x, hi)

    def accumulate(csum: ir.Value, frac: ir.Value, x: ir.Value) -> tuple[ir.Value, ir.Value]:
        new = fp.add(csum, x)
        return new, fp.add(frac, fp.add(fp.sub(csum, new), x))

    for v in vec:
        hi, lo = split(fp.mul(v, scale))
        csum, frac1 = accumulate(csum, frac1, fp.mul(hi, hi))
        csum, frac2 = accumulate(csum, frac2, fp.mul(fp.mul(2.0, hi), lo))
        frac3 = fp.add(frac3, fp.mul(lo, lo))
    h = fp.sqrt(fp.add(fp.sub(csum, 1.0), fp.add(fp.add(frac1, frac2), frac3)))
    hi, lo = split(h)
    csum, frac1 = accumulate(csum, frac1, fp.mul(fp.neg(hi), hi))
    csum, frac2 = accumulate(csum, frac2, fp.mul(fp.mul(-2.0, hi), lo))
    csum, frac3 = accumulate(csum, frac3, fp.mul(fp.neg(lo), lo))
    x = fp.add(fp.sub(csum, 1.0), fp.add(fp.add(frac1, frac2), frac3))
    return fp.div(fp.add(h, fp.div(x, fp.mul(2.0, h))), scale)


def _norm_tiny_311(fp: _Fp, vec: list[ir.Value], mx: ir.Value) -> ir.Value:
    """CPython 3.10/3.11 when max < 2**-1024: divide by max instead of scaling."""
    csum, frac1 = f64(1.0), f64(0.0)
    for v in vec:
        q = fp.div(v, mx)
        x = fp.mul(q, q)
        new = fp.add(csum, x)
        frac1 = fp.add(frac1, fp.add(fp.sub(csum, new), x))
        csum = new
    return fp.mul(mx, fp.sqrt(fp.add(fp.sub(csum, 1.0), frac1)))


def _norm_fma_312(fp: _Fp, vec: list[ir.Value], scale: ir.Value) -> ir.Value:
    """CPython 3.12+: fma-exact squaring, two compensation accumulators."""
    csum, frac1, frac2 = f64(1.0), f64(0.0), f64(0.0)

    def step(csum: ir.Value, frac1: ir.Value, frac2: ir.Value, a: ir.Value,
             b: ir.Value) -> tuple[ir.Value, ir.Value, ir.Value]:
        hi = fp.mul(a, b)
        lo = fp.fma(a, b, fp.neg(hi))
        new = fp.add(csum, hi)
        return new, fp.add(frac1, lo), fp.add(frac2, fp.add(fp.sub(csum, new), hi))

    for v in vec:
        x = fp.mul(v, scale)
        csum, frac1, frac2 = step(csum, frac1, frac2, x, x)
    h = fp.sqrt(fp.add(fp.sub(csum, 1.0), fp.add(frac1, frac2)))
    csum, frac1, frac2 = step(csum, frac1, frac2, fp.neg(h), h)
    x = fp.add(fp.sub(csum, 1.0), fp.add(frac1, frac2))
    h = fp.add(h, fp.div(x, fp.mul(2.0, h)))
    return fp.div(h, scale)


@lowering("math.hypot")
def math_hypot(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """hypot(x, y) exactly as CPython's vector_norm computes it (never raises: an
    overflowing result is inf)."""
    bld = ctx.builder
    fp = _Fp(ctx)
    ax, ay = fabs(ctx, args[0]), fabs(ctx, args[1])
    mx = sel(ctx, fcmp(ctx, ">", ax, 0.0), ax, 0.0)
    mx = sel(ctx, fcmp(ctx, ">", ay, mx), ay, mx)
    found_nan = bld.or_(is_nan(ctx, ax), is_nan(ctx, ay))
    # keep the kernels' inputs finite and nonzero so that nothing below sees nan/inf
    usable = all_of(ctx, is_finite(ctx, mx), fcmp(ctx, ">", mx, 0.0), bld.not_(found_nan))
    safe_mx = sel(ctx, usable, mx, 1.0)
    vec = [sel(ctx, usable, ax, 0.0), sel(ctx, usable, ay, 0.0)]
    max_e = frexp_exponent(ctx, safe_mx)
    tiny = bld.icmp_signed("<", max_e, ir.Constant(I32, -1023))
    if sys.version_info >= (3, 12):
        # vec /= DBL_MIN (exact), recurse once, multiply back
        vec = [sel(ctx, tiny, fp.div(v, DBL_MIN), v) for v in vec]
        scaled_mx = sel(ctx, tiny, fp.div(safe_mx, DBL_MIN), safe_mx)
        e = frexp_exponent(ctx, scaled_mx)
        scale = ctx.intrinsic("llvm.ldexp.f64.i32", F64, [f64(1.0), bld.neg(e)])
        norm = _norm_fma_312(fp, vec, scale)
        result = sel(ctx, tiny, fp.mul(DBL_MIN, norm), norm)
    else:
        e = bld.select(tiny, ir.Constant(I32, 0), max_e)
        scale = ctx.intrinsic("llvm.ldexp.f64.i32", F64, [f64(1.0), bld.neg(e)])
        result = sel(ctx, tiny, _norm_tiny_311(fp, vec, safe_mx),
                     _norm_split_311(fp, vec, scale))
    out = sel(ctx, fcmp(ctx, "==", mx, 0.0), mx, result)
    out = sel(ctx, found_nan, NAN, out)
    return sel(ctx, is_inf(ctx, mx), mx, out)


# --- gamma and lgamma: CPython's own Lanczos approximation -------------------------------------

LANCZOS_G = 6.024680040776729583740234375
LANCZOS_G_MINUS_HALF = 5.524680040776729583740234375
LOG_PI = 1.144729885849400174143427351353058711647
# Lanczos sum as a rational function (N = 13, g above; published Boost parameters).
LANCZOS_NUM = (
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
)
# denominator x*(x+1)*...*(x+11) expanded: its coefficients, lowest power first
LANCZOS_DEN = (0.0, 39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0,
               13339535.0, 2637558.0, 357423.0, 32670.0, 1925.0, 66.0, 1.0)
GAMMA_INTEGRAL = tuple(float(math.factorial(n - 1)) for n in range(1, 24))


def lanczos_sum(fp: _Fp, x: ir.Value) -> ir.Value:
    """Horner in x for x < 5, in 1/x (coefficients reversed) above, as CPython does."""
    num_small, den_small = f64(0.0), f64(0.0)
    for cn, cd in zip(reversed(LANCZOS_NUM), reversed(LANCZOS_DEN)):
        num_small = fp.add(fp.mul(num_small, x), cn)
        den_small = fp.add(fp.mul(den_small, x), cd)
    num_big, den_big = f64(0.0), f64(0.0)
    for cn, cd in zip(LANCZOS_NUM, LANCZOS_DEN):
        num_big = fp.add(fp.div(num_big, x), cn)
        den_big = fp.add(fp.div(den_big, x), cd)
    small = fcmp(fp.ctx, "<", x, 5.0)
    return fp.div(sel(fp.ctx, small, num_small, num_big), sel(fp.ctx, small, den_small, den_big))


def sinpi_abs(fp: _Fp, ax: ir.Value) -> ir.Value:
    """sin(pi * ax) for finite ax >= 0, accurate near integers (CPython's m_sinpi)."""
    ctx = fp.ctx
    y = fmod(ctx, ax, 2.0)
    n = ctx.intrinsic("llvm.round.f64", F64, [fp.mul(2.0, y)])   # 0..4, ties away from zero

    def is_n(k: float) -> ir.Value:
        return fcmp(ctx, "==", n, k)

    sin_arg = sel(ctx, is_n(0.0), fp.mul(PI, y),
                  sel(ctx, is_n(2.0), fp.mul(PI, fp.sub(1.0, y)), fp.mul(PI, fp.sub(y, 2.0))))
    cos_arg = sel(ctx, is_n(1.0), fp.mul(PI, fp.sub(y, 0.5)), fp.mul(PI, fp.sub(y, 1.5)))
    s = libm(ctx, "sin", [sin_arg])
    c = libm(ctx, "cos", [cos_arg])
    return sel(ctx, is_n(1.0), c, sel(ctx, is_n(3.0), fp.neg(c), s))


def _table_lookup(ctx: LowerCtx, name: str, values: tuple[float, ...],
                  index: ir.Value) -> ir.Value:
    arr = ir.ArrayType(F64, len(values))
    table = ctx.module.globals.get(name)
    if table is None:
        table = ir.GlobalVariable(ctx.module, arr, name)
        table.initializer = ir.Constant(arr, [float(v) for v in values])
        table.global_constant = True
        table.linkage = "internal"
    ptr = ctx.builder.gep(table, [i64(0), index], inbounds=True, source_etype=arr)
    return ctx.builder.load(ptr, typ=F64)


@lowering("math.gamma")
def math_gamma(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    x = args[0]
    bld = ctx.builder
    fp = _Fp(ctx)
    ax = fabs(ctx, x)
    finite = is_finite(ctx, x)
    negative = fcmp(ctx, "<", x, 0.0)
    integral = bld.and_(finite, fcmp(ctx, "==", x, floor(ctx, x)))
    table_case = all_of(ctx, integral, fcmp(ctx, ">", x, 0.0), fcmp(ctx, "<=", x, 23.0))
    index = bld.sub(bld.fptosi(sel(ctx, table_case, x, 1.0), I64), i64(1))
    r_table = _table_lookup(ctx, "lesto.gamma_integral", GAMMA_INTEGRAL, index)
    r_tiny = fp.div(1.0, x)
    sinpi_ax = sinpi_abs(fp, ax)
    r_big = sel(ctx, negative, fp.div(0.0, fp.mul(copysign(ctx, 1.0, x), sinpi_ax)), INF)

    y = fp.add(ax, LANCZOS_G_MINUS_HALF)
    z = sel(ctx, fcmp(ctx, ">", ax, LANCZOS_G_MINUS_HALF),
            fp.sub(fp.sub(y, ax), LANCZOS_G_MINUS_HALF), fp.sub(fp.sub(y, LANCZOS_G_MINUS_HALF), ax))
    z = fp.div(fp.mul(z, LANCZOS_G), y)
    lsum = lanczos_sum(fp, ax)
    exp_y = libm(ctx, "exp", [y])
    below_140 = fcmp(ctx, "<", ax, 140.0)
    power = libm(ctx, "pow", [y, sel(ctx, below_140, fp.sub(ax, 0.5),
                                      fp.sub(fp.div(ax, 2.0), 0.25))])
    r_pos = fp.div(lsum, exp_y)
    r_pos = fp.add(r_pos, fp.mul(z, r_pos))
    r_pos = sel(ctx, below_140, fp.mul(r_pos, power), fp.mul(fp.mul(r_pos, power), power))
    r_neg = fp.div(fp.mul(fp.div(fp.div(-PI, sinpi_ax), ax), exp_y), lsum)
    r_neg = fp.sub(r_neg, fp.mul(z, r_neg))
    r_neg = sel(ctx, below_140, fp.div(r_neg, power), fp.div(fp.div(r_neg, power), power))

    out = sel(ctx, negative, r_neg, r_pos)
    out = sel(ctx, fcmp(ctx, ">", ax, 200.0), r_big, out)
    out = sel(ctx, fcmp(ctx, "<", ax, 1e-20), r_tiny, out)
    out = sel(ctx, table_case, r_table, out)
    out = sel(ctx, finite, out, x)
    bad_finite = any_of(ctx, fcmp(ctx, "==", x, 0.0), bld.and_(integral, negative),
                        is_inf(ctx, out))
    ctx.deopt_if(any_of(ctx, bld.and_(finite, bad_finite), fcmp(ctx, "==", x, -INF)),
                 "math.gamma domain or range error")
    return out


@lowering("math.lgamma")
def math_lgamma(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    x = args[0]
    bld = ctx.builder
    fp = _Fp(ctx)
    ax = fabs(ctx, x)
    finite = is_finite(ctx, x)
    integral = bld.and_(finite, fcmp(ctx, "==", x, floor(ctx, x)))
    small_integral = bld.and_(integral, fcmp(ctx, "<=", x, 2.0))
    log_ax = libm(ctx, "log", [ax])
    r = fp.sub(libm(ctx, "log", [lanczos_sum(fp, ax)]), LANCZOS_G)
    log_term = fp.sub(libm(ctx, "log", [fp.sub(fp.add(ax, LANCZOS_G), 0.5)]), 1.0)
    r = fp.add(r, fp.mul(fp.sub(ax, 0.5), log_term))
    log_sin = libm(ctx, "log", [fabs(ctx, sinpi_abs(fp, ax))])
    r_neg = fp.sub(fp.sub(fp.sub(LOG_PI, log_sin), log_ax), r)
    out = sel(ctx, fcmp(ctx, "<", x, 0.0), r_neg, r)
    out = sel(ctx, fcmp(ctx, "<", ax, 1e-20), fp.neg(log_ax), out)
    out = sel(ctx, small_integral, 0.0, out)
    out = sel(ctx, finite, out, sel(ctx, is_nan(ctx, x), x, INF))
    bad = any_of(ctx, bld.and_(integral, fcmp(ctx, "<=", x, 0.0)), is_inf(ctx, out))
    ctx.deopt_if(bld.and_(finite, bad), "math.lgamma domain or range error")
    return out
