"""Lowerings of Python `float` (double) operations, int<->float conversions and the exact
mixed int/float comparisons, all bit-exact with CPython.

Where CPython raises (division by zero, a complex result of `**`, overflow of `**`, int() of
nan/inf) or returns an int that does not fit in i64, the lowering deopts instead.  The `%`,
`//` and `**` operators follow the algorithms of CPython's `float_divmod` and `float_pow`
(fmod-based remainder with sign fix-ups; explicit special cases before the libm `pow`), which
is what makes results like `1.0 // 0.1 == 9.0` and `(-0.0) ** 3.0 == -0.0` come out right.
"""
from __future__ import annotations

from llvmlite import ir

from lesto.backend.context import F64, I64, LowerCtx
from lesto.backend.lower_int import f64
from lesto.backend.registry import lowering

INF = float("inf")
TWO_63 = 9223372036854775808.0


# --- small emission helpers shared with lower_math ---------------------------------------------

def fcmp(ctx: LowerCtx, op: str, a: ir.Value, b: ir.Value | float) -> ir.Value:
    """Ordered comparison (false when either side is nan)."""
    if isinstance(b, (int, float)):
        b = f64(float(b))
    return ctx.builder.fcmp_ordered(op, a, b)


def fne(ctx: LowerCtx, a: ir.Value, b: ir.Value | float) -> ir.Value:
    """C's `a != b` (true when either side is nan)."""
    if isinstance(b, (int, float)):
        b = f64(float(b))
    return ctx.builder.fcmp_unordered("!=", a, b)


def is_nan(ctx: LowerCtx, x: ir.Value) -> ir.Value:
    return ctx.builder.fcmp_unordered("uno", x, x)


def fabs(ctx: LowerCtx, x: ir.Value) -> ir.Value:
    return ctx.intrinsic("llvm.fabs.f64", F64, [x])


def is_inf(ctx: LowerCtx, x: ir.Value) -> ir.Value:
    return fcmp(ctx, "==", fabs(ctx, x), INF)


def is_finite(ctx: LowerCtx, x: ir.Value) -> ir.Value:
    return fcmp(ctx, "<", fabs(ctx, x), INF)


def copysign(ctx: LowerCtx, mag: ir.Value | float, sign: ir.Value) -> ir.Value:
    if isinstance(mag, (int, float)):
        mag = f64(float(mag))
    return ctx.intrinsic("llvm.copysign.f64", F64, [mag, sign])


def floor(ctx: LowerCtx, x: ir.Value) -> ir.Value:
    return ctx.intrinsic("llvm.floor.f64", F64, [x])


def fmod(ctx: LowerCtx, a: ir.Value, b: ir.Value | float) -> ir.Value:
    """C fmod (LLVM `frem` is defined as fmod, and is always exact)."""
    if isinstance(b, (int, float)):
        b = f64(float(b))
    return ctx.builder.frem(a, b)


def sel(ctx: LowerCtx, cond: ir.Value, a: ir.Value | float, b: ir.Value | float) -> ir.Value:
    if isinstance(a, (int, float)):
        a = f64(float(a))
    if isinstance(b, (int, float)):
        b = f64(float(b))
    return ctx.builder.select(cond, a, b)


def any_of(ctx: LowerCtx, *conds: ir.Value) -> ir.Value:
    out = conds[0]
    for c in conds[1:]:
        out = ctx.builder.or_(out, c)
    return out


def all_of(ctx: LowerCtx, *conds: ir.Value) -> ir.Value:
    out = conds[0]
    for c in conds[1:]:
        out = ctx.builder.and_(out, c)
    return out


def libm(ctx: LowerCtx, name: str, args: list[ir.Value]) -> ir.Value:
    """Call the C library function `name` (double -> double) exactly as CPython does.

    The declaration is marked `nobuiltin` so that LLVM never replaces the call by something
    it believes equivalent (e.g. `pow(2.0, x)` -> `exp2(x)`), which could differ in the last
    bit from what the interpreter's call to the same libm function returns.
    """
    fn = ctx.declare(name, F64, [F64] * len(args))
    fn.attributes.add("nobuiltin")
    fn.attributes.add("nounwind")
    return ctx.builder.call(fn, args)


def is_odd_integer(ctx: LowerCtx, x: ir.Value) -> ir.Value:
    """C: fmod(fabs(x), 2.0) == 1.0 (false for inf and nan)."""
    return fcmp(ctx, "==", fmod(ctx, fabs(ctx, x), 2.0), 1.0)


# --- arithmetic --------------------------------------------------------------------------------

@lowering("float.add")
def float_add(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return ctx.builder.fadd(args[0], args[1])


@lowering("float.sub")
def float_sub(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return ctx.builder.fsub(args[0], args[1])


@lowering("float.mul")
def float_mul(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return ctx.builder.fmul(args[0], args[1])


def deopt_zero_divisor(ctx: LowerCtx, b: ir.Value) -> None:
    ctx.deopt_if(fcmp(ctx, "==", b, 0.0), "float division by zero")


@lowering("float.truediv")
def float_truediv(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    deopt_zero_divisor(ctx, args[1])
    return ctx.builder.fdiv(args[0], args[1])


def python_fmod(ctx: LowerCtx, vx: ir.Value,
                wx: ir.Value) -> tuple[ir.Value, ir.Value, ir.Value]:
    """(mod, adjusted, raw): Python's `vx % wx` for wx != 0, whether the C fmod result `raw`
    was moved by wx to give it the sign of the divisor, and `raw` itself."""
    bld = ctx.builder
    raw = fmod(ctx, vx, wx)
    signs_differ = bld.xor(fcmp(ctx, "<", wx, 0.0), fcmp(ctx, "<", raw, 0.0))
    adjusted = bld.and_(fne(ctx, raw, 0.0), signs_differ)
    mod = sel(ctx, adjusted, bld.fadd(raw, wx), raw)
    # a zero remainder takes the sign of the divisor
    mod = sel(ctx, fne(ctx, raw, 0.0), mod, copysign(ctx, 0.0, wx))
    return mod, adjusted, raw


def python_divmod(ctx: LowerCtx, vx: ir.Value, wx: ir.Value) -> tuple[ir.Value, ir.Value]:
    """(vx // wx, vx % wx) by CPython's float_divmod algorithm; the caller has excluded wx == 0."""
    bld = ctx.builder
    mod, adjusted, raw = python_fmod(ctx, vx, wx)
    div = bld.fdiv(bld.fsub(vx, raw), wx)
    div = sel(ctx, adjusted, bld.fsub(div, f64(1.0)), div)
    # snap the quotient to the nearest integral value
    fl = floor(ctx, div)
    snapped = sel(ctx, fcmp(ctx, ">", bld.fsub(div, fl), 0.5), bld.fadd(fl, f64(1.0)), fl)
    zero = copysign(ctx, 0.0, bld.fdiv(vx, wx))
    floordiv = sel(ctx, fne(ctx, div, 0.0), snapped, zero)
    return floordiv, mod


@lowering("float.floordiv")
def float_floordiv(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    deopt_zero_divisor(ctx, args[1])
    return python_divmod(ctx, args[0], args[1])[0]


@lowering("float.mod")
def float_mod(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    deopt_zero_divisor(ctx, args[1])
    return python_fmod(ctx, args[0], args[1])[0]


@lowering("float.pow")
def float_pow(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """x ** y with CPython's float_pow special cases, libm `pow` for the finite positive rest.

    The special cases are evaluated as selects in CPython's order of precedence:
    y == 0 -> 1; x nan -> x; y nan -> (1 if x == 1 else y); y = +-inf; x = +-inf; x = +-0;
    then x < 0 (integral y: pow(|x|, y) negated when y is odd) and |x| == 1 -> +-1.
    Deopts: 0 ** negative (ZeroDivisionError), negative ** non-integer (complex result),
    and an infinite result from finite operands (OverflowError).
    """
    x, y = args
    bld = ctx.builder
    ax = fabs(ctx, x)
    y_zero = fcmp(ctx, "==", y, 0.0)
    x_nan = is_nan(ctx, x)
    y_nan = is_nan(ctx, y)
    y_inf = is_inf(ctx, y)
    x_inf = is_inf(ctx, x)
    x_zero = fcmp(ctx, "==", x, 0.0)
    odd = is_odd_integer(ctx, y)
    y_pos = fcmp(ctx, ">", y, 0.0)

    r_y_nan = sel(ctx, fcmp(ctx, "==", x, 1.0), 1.0, y)
    r_y_inf = sel(ctx, fcmp(ctx, "==", ax, 1.0), 1.0,
                  sel(ctx, bld.icmp_unsigned("==", y_pos, fcmp(ctx, ">", ax, 1.0)), INF, 0.0))
    r_x_inf = sel(ctx, y_pos, sel(ctx, odd, x, ax), sel(ctx, odd, copysign(ctx, 0.0, x), 0.0))
    r_x_zero = sel(ctx, odd, x, 0.0)
    x_neg = fcmp(ctx, "<", x, 0.0)
    negate = bld.and_(x_neg, odd)
    power = libm(ctx, "pow", [ax, y])
    r_general = sel(ctx, fcmp(ctx, "==", ax, 1.0), 1.0, power)
    r_general = sel(ctx, negate, bld.fneg(r_general), r_general)

    special = any_of(ctx, y_zero, x_nan, y_nan, y_inf, x_inf)
    zero_to_negative = bld.and_(x_zero, fcmp(ctx, "<", y, 0.0))
    complex_result = bld.and_(x_neg, fcmp(ctx, "!=", y, floor(ctx, y)))
    overflow = bld.and_(bld.not_(x_zero), is_inf(ctx, power))
    bad = any_of(ctx, zero_to_negative, complex_result, overflow)
    ctx.deopt_if(bld.and_(bld.not_(special), bad), "float ** raises or is complex")

    out = sel(ctx, x_zero, r_x_zero, r_general)
    out = sel(ctx, x_inf, r_x_inf, out)
    out = sel(ctx, y_inf, r_y_inf, out)
    out = sel(ctx, y_nan, r_y_nan, out)
    out = sel(ctx, x_nan, x, out)
    return sel(ctx, y_zero, 1.0, out)


# --- unary, comparisons, truth -----------------------------------------------------------------

@lowering("float.neg")
def float_neg(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return ctx.builder.fneg(args[0])


@lowering("float.pos")
def float_pos(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return args[0]


@lowering("float.abs")
def float_abs(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return fabs(ctx, args[0])


def _register_float_compare(key: str, op: str) -> None:
    def compare(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
        if op == "!=":
            return ctx.builder.fcmp_unordered(op, args[0], args[1])
        return ctx.builder.fcmp_ordered(op, args[0], args[1])

    compare.__name__ = key.replace(".", "_")
    lowering(key)(compare)


for _name, _op in (("eq", "=="), ("ne", "!="), ("lt", "<"), ("le", "<="), ("gt", ">"),
                   ("ge", ">=")):
    _register_float_compare(f"float.{_name}", _op)


@lowering("float.bool")
def float_bool(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return fne(ctx, args[0], 0.0)


# --- conversions -------------------------------------------------------------------------------

@lowering("conv.int_to_float")
def int_to_float(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    # sitofp rounds to nearest, ties to even: the same correctly rounded value as float(int)
    return ctx.builder.sitofp(args[0], F64)


@lowering("conv.bool_to_float")
def bool_to_float(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return ctx.builder.uitofp(args[0], F64)


def in_i64_range(ctx: LowerCtx, integral: ir.Value) -> ir.Value:
    """i1: the integral-valued double lies in [-2**63, 2**63) (false for nan)."""
    return ctx.builder.and_(fcmp(ctx, ">=", integral, -TWO_63), fcmp(ctx, "<", integral, TWO_63))


def integral_to_i64(ctx: LowerCtx, integral: ir.Value, reason: str) -> ir.Value:
    """fptosi of an integral-valued double; deopt for nan, inf or out of i64 range.

    The fast path tests |x| < 2**63 (false for nan): an `and` and one compare per
    conversion instead of two compares and two branches; -2**63, the one double in range
    that fails it, is converted on the slow path."""
    b = ctx.builder
    magnitude = fabs(ctx, integral)
    fits = fcmp(ctx, "<", magnitude, TWO_63)
    fast = b.fptosi(integral, I64)     # poison when not `fits`, and then not used
    here = b.block
    edge = b.append_basic_block("to_i64.edge")
    done = b.append_basic_block("to_i64.done")
    b.cbranch(fits, done, edge)
    b.position_at_end(edge)
    ctx.deopt_if(b.not_(fcmp(ctx, "==", integral, -TWO_63)), reason,
                 lambda ctx: raise_int_of(ctx, integral, reason))
    edge_end = b.block
    b.branch(done)
    b.position_at_end(done)
    result = b.phi(I64)
    result.add_incoming(fast, here)
    result.add_incoming(ir.Constant(I64, -(2**63)), edge_end)
    return result


def raise_int_of(ctx: LowerCtx, x: ir.Value, reason: str) -> None:
    """After a write to an array (no deopt): CPython's exception for int() of nan or inf;
    a finite x beyond the i64 range has an exact answer lesto cannot give natively."""
    b = ctx.builder
    with b.if_else(is_nan(ctx, x)) as (nan, other):
        with nan:
            ctx.set_error("PyExc_ValueError", "cannot convert float NaN to integer")
        with other:
            with b.if_else(is_inf(ctx, x)) as (inf, big):
                with inf:
                    ctx.set_error("PyExc_OverflowError",
                                  "cannot convert float infinity to integer")
                with big:
                    ctx.raise_default(reason)


@lowering("conv.float_to_int")
def float_to_int(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    # fptosi truncates toward zero itself, and the range test needs no trunc first: no double
    # lies strictly between -2**63 - 1 and -2**63 (their spacing there is 2048), so x and
    # trunc(x) are on the same side of both bounds (a trunc cost a vroundsd per conversion).
    return integral_to_i64(ctx, args[0], "int(float) is nan, inf or a big int")


# --- exact int <-> float comparisons -----------------------------------------------------------

def compare_int_float(ctx: LowerCtx, a: ir.Value, b: ir.Value) -> tuple[ir.Value, ir.Value,
                                                                         ir.Value]:
    """(a < b, a == b, a > b) for an i64 `a` and a double `b`, compared exactly (all false
    when b is nan).

    With t = trunc(b) (exact, and an i64 when b is in [-2**63, 2**63)): for a != t the answer
    is the integer comparison of a and t (b lies strictly between t-1 and t+1), and for a == t
    it is decided by the sign of the exact fraction b - t.
    """
    bld = ctx.builder
    in_range = in_i64_range(ctx, b)
    t_f = ctx.intrinsic("llvm.trunc.f64", F64, [b])
    t = bld.fptosi(sel(ctx, in_range, t_f, 0.0), I64)
    frac = bld.fsub(b, t_f)
    same = bld.icmp_signed("==", a, t)
    lt_in = any_of(ctx, bld.icmp_signed("<", a, t), bld.and_(same, fcmp(ctx, ">", frac, 0.0)))
    gt_in = any_of(ctx, bld.icmp_signed(">", a, t), bld.and_(same, fcmp(ctx, "<", frac, 0.0)))
    eq_in = bld.and_(same, fcmp(ctx, "==", frac, 0.0))
    lt = any_of(ctx, fcmp(ctx, ">=", b, TWO_63), bld.and_(in_range, lt_in))
    gt = any_of(ctx, fcmp(ctx, "<", b, -TWO_63), bld.and_(in_range, gt_in))
    eq = bld.and_(in_range, eq_in)
    return lt, eq, gt


def _mixed_result(ctx: LowerCtx, name: str, lt: ir.Value, eq: ir.Value,
                  gt: ir.Value) -> ir.Value:
    bld = ctx.builder
    if name == "eq":
        return eq
    if name == "ne":
        return bld.not_(eq)
    if name == "lt":
        return lt
    if name == "le":
        return bld.or_(lt, eq)
    if name == "gt":
        return gt
    return bld.or_(gt, eq)


_SWAPPED = {"eq": "eq", "ne": "ne", "lt": "gt", "le": "ge", "gt": "lt", "ge": "le"}


def _register_mixed(name: str) -> None:
    def int_float(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
        lt, eq, gt = compare_int_float(ctx, args[0], args[1])
        return _mixed_result(ctx, name, lt, eq, gt)

    def float_int(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
        lt, eq, gt = compare_int_float(ctx, args[1], args[0])
        return _mixed_result(ctx, _SWAPPED[name], lt, eq, gt)

    int_float.__name__ = f"cmp_int_float_{name}"
    float_int.__name__ = f"cmp_float_int_{name}"
    lowering(f"cmp.int_float.{name}")(int_float)
    lowering(f"cmp.float_int.{name}")(float_int)


for _name in ("eq", "ne", "lt", "le", "gt", "ge"):
    _register_mixed(_name)
