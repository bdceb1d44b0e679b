"""Lowerings of complex numbers ({double real, double imag}): Python's `complex` with CPython's
algorithms, bit for bit, and numpy's np.complex128 arithmetic where it differs.

CPython (Objects/complexobject.c) converts a real operand to complex(x, 0.0) and then:
  * `*` is the schoolbook product (no special cases for infinities);
  * `/` is Smith's method, dividing through by the divisor's larger part (ZeroDivisionError
    for a zero divisor, nan when the divisor has a nan part);
  * `**` with an integral exponent of at most 100 in size multiplies by binary powering
    (negative exponents: 1 divided by the power); others go through polar form with libm's
    hypot/pow/atan2/exp/log/cos/sin; a zero base to a negative or complex power raises
    ZeroDivisionError and an infinite part in the result OverflowError;
  * abs() is libm's hypot, with OverflowError when a finite value's modulus overflows.
Where CPython raises, the lowering deopts (the interpreter raises); after an array write it
raises the same exception with the message the running CPython uses.

numpy differs in division (it multiplies by the reciprocal of the denominator, and a zero
divisor gives inf/nan: `x / |0|` per part) and never raises.
"""
from __future__ import annotations

from llvmlite import ir

from lesto.backend.context import F64, I64, LowerCtx, if_else_values
from lesto.backend.lower_float import (
    all_of, any_of, compare_int_float, fabs, fcmp, fne, is_inf, is_nan, libm, sel,
)
from lesto.backend.registry import lowering
from lesto.backend.reprs import COMPLEX

Pair = tuple[ir.Value, ir.Value]


def _cpython_message(expression: str) -> str:
    """The message of the exception the running CPython raises for `expression`."""
    try:
        eval(expression)   # noqa: S307  (a fixed expression of this module)
    except ArithmeticError as e:
        return str(e)
    raise AssertionError(expression)


DIVISION_BY_ZERO = _cpython_message("1j / 0j")
POW_OF_ZERO = _cpython_message("0j ** -1")
POW_OVERFLOW = _cpython_message("(2 + 0j) ** 2000")
ABS_OVERFLOW = _cpython_message("abs(complex(1.5e308, 1.5e308))")


def parts(ctx: LowerCtx, z: ir.Value) -> Pair:
    b = ctx.builder
    return b.extract_value(z, 0), b.extract_value(z, 1)


def pack(ctx: LowerCtx, re: ir.Value | float, im: ir.Value | float) -> ir.Value:
    b = ctx.builder
    re = ir.Constant(F64, re) if isinstance(re, float) else re
    im = ir.Constant(F64, im) if isinstance(im, float) else im
    return b.insert_value(b.insert_value(ir.Constant(COMPLEX, ir.Undefined), re, 0), im, 1)


def raising(exc: str, message: str):
    """A raiser for ctx.deopt_if: set `exc` with CPython's `message` (after an array write)."""
    def raise_(c: LowerCtx) -> None:
        c.set_error(exc, message)
    return raise_


# --- the operations on pairs of doubles --------------------------------------------------------

def product(ctx: LowerCtx, a: Pair, b: Pair) -> Pair:
    bld = ctx.builder
    (ar, ai), (br, bi) = a, b
    return (bld.fsub(bld.fmul(ar, br), bld.fmul(ai, bi)),
            bld.fadd(bld.fmul(ar, bi), bld.fmul(ai, br)))


def smith_quotient(ctx: LowerCtx, a: Pair, b: Pair) -> tuple[Pair, ir.Value]:
    """CPython's a / b and whether b is zero (then CPython raises; the pair is meaningless).
    Both of Smith's branches are computed and one is selected (no branch, no trap)."""
    bld = ctx.builder
    (ar, ai), (br, bi) = a, b
    abs_r, abs_i = fabs(ctx, br), fabs(ctx, bi)
    by_real = fcmp(ctx, ">=", abs_r, abs_i)
    by_imag = fcmp(ctx, ">=", abs_i, abs_r)
    # divide through by b.real
    ratio = bld.fdiv(bi, br)
    denom = bld.fadd(br, bld.fmul(bi, ratio))
    re1 = bld.fdiv(bld.fadd(ar, bld.fmul(ai, ratio)), denom)
    im1 = bld.fdiv(bld.fsub(ai, bld.fmul(ar, ratio)), denom)
    # divide through by b.imag
    ratio2 = bld.fdiv(br, bi)
    denom2 = bld.fadd(bld.fmul(br, ratio2), bi)
    re2 = bld.fdiv(bld.fadd(bld.fmul(ar, ratio2), ai), denom2)
    im2 = bld.fdiv(bld.fsub(bld.fmul(ai, ratio2), ar), denom2)
    nan = float("nan")
    re = sel(ctx, by_real, re1, sel(ctx, by_imag, re2, nan))
    im = sel(ctx, by_real, im1, sel(ctx, by_imag, im2, nan))
    zero = all_of(ctx, by_real, fcmp(ctx, "==", abs_r, 0.0))
    return (re, im), zero


def numpy_quotient(ctx: LowerCtx, a: Pair, b: Pair) -> Pair:
    """numpy's complex128 a / b: Smith's method with the reciprocal of the denominator, and
    a zero divisor giving a.real / |b.real|, a.imag / |b.real| (inf or nan)."""
    bld = ctx.builder
    (ar, ai), (br, bi) = a, b
    abs_r, abs_i = fabs(ctx, br), fabs(ctx, bi)
    by_real = fcmp(ctx, ">=", abs_r, abs_i)
    one = ir.Constant(F64, 1.0)
    rat = bld.fdiv(bi, br)
    scl = bld.fdiv(one, bld.fadd(br, bld.fmul(bi, rat)))
    re1 = bld.fmul(bld.fadd(ar, bld.fmul(ai, rat)), scl)
    im1 = bld.fmul(bld.fsub(ai, bld.fmul(ar, rat)), scl)
    rat2 = bld.fdiv(br, bi)
    scl2 = bld.fdiv(one, bld.fadd(bi, bld.fmul(br, rat2)))
    re2 = bld.fmul(bld.fadd(bld.fmul(ar, rat2), ai), scl2)
    im2 = bld.fmul(bld.fsub(bld.fmul(ai, rat2), ar), scl2)
    zero = all_of(ctx, fcmp(ctx, "==", abs_r, 0.0), fcmp(ctx, "==", abs_i, 0.0))
    re = sel(ctx, zero, bld.fdiv(ar, abs_r), sel(ctx, by_real, re1, re2))
    im = sel(ctx, zero, bld.fdiv(ai, abs_r), sel(ctx, by_real, im1, im2))
    return re, im


def power_by_squaring(ctx: LowerCtx, x: Pair, n: ir.Value) -> Pair:
    """CPython's c_powu: r = 1; for each bit of n (low first): r *= p if set; p *= p."""
    b = ctx.builder
    head, body, done = ctx.loop_blocks("cpowu")
    start = b.block
    b.branch(head)
    b.position_at_end(head)
    phis = [b.phi(F64) for _ in range(4)]   # r.real, r.imag, p.real, p.imag
    mask = b.phi(I64)
    for phi, init in zip(phis + [mask], [ir.Constant(F64, 1.0), ir.Constant(F64, 0.0),
                                         x[0], x[1], ir.Constant(I64, 1)]):
        phi.add_incoming(init, start)
    more = b.icmp_signed(">=", n, mask)
    b.cbranch(more, body, done)
    b.position_at_end(body)
    r, p = (phis[0], phis[1]), (phis[2], phis[3])
    rp = product(ctx, r, p)
    use = b.icmp_unsigned("!=", b.and_(n, mask), ir.Constant(I64, 0))
    new_r = (b.select(use, rp[0], r[0]), b.select(use, rp[1], r[1]))
    new_p = product(ctx, p, p)
    for phi, value in zip(phis + [mask], [*new_r, *new_p, b.shl(mask, ir.Constant(I64, 1))]):
        phi.add_incoming(value, b.block)
    b.branch(head)
    b.position_at_end(done)
    return phis[0], phis[1]


def polar_power(ctx: LowerCtx, a: Pair, e: Pair) -> tuple[Pair, ir.Value]:
    """CPython's _Py_c_pow: (result, whether CPython reports a domain error: 0 to a negative
    or complex power, or an infinite phase)."""
    bld = ctx.builder
    (ar, ai), (er, ei) = a, e
    vabs = libm(ctx, "hypot", [ar, ai])
    length = libm(ctx, "pow", [vabs, er])
    at = libm(ctx, "atan2", [ai, ar])
    phase = bld.fmul(at, er)
    complex_exp = fne(ctx, ei, 0.0)
    length = sel(ctx, complex_exp, bld.fdiv(length, libm(ctx, "exp", [bld.fmul(at, ei)])),
                 length)
    phase = sel(ctx, complex_exp, bld.fadd(phase, bld.fmul(ei, libm(ctx, "log", [vabs]))),
                phase)
    re = bld.fmul(length, libm(ctx, "cos", [phase]))
    im = bld.fmul(length, libm(ctx, "sin", [phase]))
    exp_zero = all_of(ctx, fcmp(ctx, "==", er, 0.0), fcmp(ctx, "==", ei, 0.0))
    base_zero = all_of(ctx, fcmp(ctx, "==", ar, 0.0), fcmp(ctx, "==", ai, 0.0))
    re = sel(ctx, exp_zero, 1.0, sel(ctx, base_zero, 0.0, re))
    im = sel(ctx, exp_zero, 0.0, sel(ctx, base_zero, 0.0, im))
    zero_base_error = all_of(ctx, base_zero, any_of(ctx, complex_exp, fcmp(ctx, "<", er, 0.0)))
    # libm's cos/sin of an infinite phase set errno = EDOM, which CPython reports the same way
    polar_error = all_of(ctx, bld.not_(base_zero), is_inf(ctx, phase))
    return (re, im), all_of(ctx, bld.not_(exp_zero), any_of(ctx, zero_base_error, polar_error))



def cpython_power(ctx: LowerCtx, a: Pair, e: Pair) -> Pair:
    """CPython's complex_pow (see the module docstring); deopts where CPython raises."""
    b = ctx.builder
    er, ei = e
    small_int = all_of(ctx, fcmp(ctx, "==", ei, 0.0),
                       fcmp(ctx, "==", er, ctx.intrinsic("llvm.floor.f64", F64, [er])),
                       fcmp(ctx, "<=", fabs(ctx, er), 100.0))

    def integral() -> list[ir.Value]:
        n = b.fptosi(er, I64)
        positive = b.icmp_signed(">", n, ir.Constant(I64, 0))
        powered = power_by_squaring(ctx, a, b.select(positive, n, b.neg(n)))
        (qr, qi), zero = smith_quotient(ctx, (ir.Constant(F64, 1.0), ir.Constant(F64, 0.0)),
                                        powered)
        re = b.select(positive, powered[0], qr)
        im = b.select(positive, powered[1], qi)
        return [re, im, b.and_(b.not_(positive), zero)]

    def polar() -> list[ir.Value]:
        (re, im), bad = polar_power(ctx, a, e)
        return [re, im, bad]

    re, im, domain_error = if_else_values(ctx, small_int, integral, polar)
    ctx.deopt_if(domain_error, "complex: " + POW_OF_ZERO,
                 raising("PyExc_ZeroDivisionError", POW_OF_ZERO))
    ctx.deopt_if(any_of(ctx, is_inf(ctx, re), is_inf(ctx, im)), "complex ** overflow",
                 raising("PyExc_OverflowError", POW_OVERFLOW))
    return re, im


def modulus(ctx: LowerCtx, z: Pair) -> tuple[ir.Value, ir.Value]:
    """CPython's _Py_c_abs: (|z|, whether a finite z's modulus overflowed)."""
    re, im = z
    h = libm(ctx, "hypot", [re, im])
    nan = any_of(ctx, is_nan(ctx, re), is_nan(ctx, im))
    out = sel(ctx, is_inf(ctx, re), fabs(ctx, re),
              sel(ctx, is_inf(ctx, im), fabs(ctx, im), sel(ctx, nan, float("nan"), h)))
    finite = all_of(ctx, fcmp(ctx, "<", fabs(ctx, re), float("inf")),
                    fcmp(ctx, "<", fabs(ctx, im), float("inf")))
    return out, all_of(ctx, finite, is_inf(ctx, h))


# --- Python complex ----------------------------------------------------------------------------

@lowering("complex.add")
def complex_add(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    (ar, ai), (br, bi) = parts(ctx, args[0]), parts(ctx, args[1])
    return pack(ctx, ctx.builder.fadd(ar, br), ctx.builder.fadd(ai, bi))


@lowering("complex.sub")
def complex_sub(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    (ar, ai), (br, bi) = parts(ctx, args[0]), parts(ctx, args[1])
    return pack(ctx, ctx.builder.fsub(ar, br), ctx.builder.fsub(ai, bi))


@lowering("complex.mul")
def complex_mul(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return pack(ctx, *product(ctx, parts(ctx, args[0]), parts(ctx, args[1])))


@lowering("complex.truediv")
def complex_truediv(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    (re, im), zero = smith_quotient(ctx, parts(ctx, args[0]), parts(ctx, args[1]))
    ctx.deopt_if(zero, DIVISION_BY_ZERO, raising("PyExc_ZeroDivisionError", DIVISION_BY_ZERO))
    return pack(ctx, re, im)


@lowering("complex.pow")
def complex_pow(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return pack(ctx, *cpython_power(ctx, parts(ctx, args[0]), parts(ctx, args[1])))


@lowering("complex.neg")
def complex_neg(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    re, im = parts(ctx, args[0])
    return pack(ctx, ctx.builder.fneg(re), ctx.builder.fneg(im))


@lowering("complex.pos")
def complex_pos(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return args[0]


@lowering("complex.conjugate")
def complex_conjugate(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    re, im = parts(ctx, args[0])
    return pack(ctx, re, ctx.builder.fneg(im))


@lowering("complex.abs")
def complex_abs(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    z = parts(ctx, args[0])
    value, overflow = modulus(ctx, z)
    ctx.deopt_if(overflow, "complex abs() overflow",
                 raising("PyExc_OverflowError", ABS_OVERFLOW))
    if not ctx.impure:
        # For a nan part (and no infinite one) CPython returns nan without resetting errno,
        # so a stale ERANGE from earlier C code makes it raise OverflowError: the interpreter
        # reproduces whichever happens.  (Impure functions return the usual nan.)
        ctx.deopt_if(is_nan(ctx, value), "abs() of a complex with a nan part")
    return value


@lowering("complex.bool")
def complex_bool(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    re, im = parts(ctx, args[0])
    return ctx.builder.or_(fne(ctx, re, 0.0), fne(ctx, im, 0.0))


def equal(ctx: LowerCtx, a: ir.Value, b: ir.Value) -> ir.Value:
    (ar, ai), (br, bi) = parts(ctx, a), parts(ctx, b)
    return ctx.builder.and_(fcmp(ctx, "==", ar, br), fcmp(ctx, "==", ai, bi))


def equal_int(ctx: LowerCtx, z: ir.Value, n: ir.Value) -> ir.Value:
    """complex == int: the imaginary part is 0 and the real part equals the int exactly."""
    re, im = parts(ctx, z)
    _, eq, _ = compare_int_float(ctx, n, re)
    return ctx.builder.and_(fcmp(ctx, "==", im, 0.0), eq)


def _register_equalities() -> None:
    """complex ==/!= complex, complex ==/!= int and int ==/!= complex."""
    def make(test, swap: bool, negate: bool):
        def lower(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
            a, b = (args[1], args[0]) if swap else (args[0], args[1])
            result = test(ctx, a, b)
            return ctx.builder.not_(result) if negate else result
        return lower

    for key, test, swap in (("complex.{}", equal, False), ("complex.{}_int", equal_int, False),
                            ("int.{}_complex", equal_int, True)):
        for op in ("eq", "ne"):
            lowering(key.format(op))(make(test, swap, op == "ne"))


_register_equalities()


@lowering("complex.both_nan")
def complex_both_nan(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """Both complex values have a nan part (so `==` says False where CPython's identity test
    in tuple comparison and `in` may say True: the caller deopts)."""
    (ar, ai), (br, bi) = parts(ctx, args[0]), parts(ctx, args[1])
    return ctx.builder.and_(any_of(ctx, is_nan(ctx, ar), is_nan(ctx, ai)),
                            any_of(ctx, is_nan(ctx, br), is_nan(ctx, bi)))


# --- construction, conversions, attributes -----------------------------------------------------

@lowering("complex.zero")
def complex_zero(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return pack(ctx, 0.0, 0.0)


@lowering("complex.make")
def complex_make(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return pack(ctx, args[0], args[1])


@lowering("complex.make_cf")
def complex_make_cf(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """complex(z, x): (z.real, x + z.imag)."""
    re, im = parts(ctx, args[0])
    return pack(ctx, re, ctx.builder.fadd(args[1], im))


@lowering("complex.make_fc")
def complex_make_fc(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """complex(x, w): (x - w.imag, w.real)."""
    re, im = parts(ctx, args[1])
    return pack(ctx, ctx.builder.fsub(args[0], im), re)


@lowering("complex.make_cc")
def complex_make_cc(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """complex(z, w): (z.real - w.imag, w.real + z.imag)."""
    (zr, zi), (wr, wi) = parts(ctx, args[0]), parts(ctx, args[1])
    return pack(ctx, ctx.builder.fsub(zr, wi), ctx.builder.fadd(wr, zi))


@lowering("conv.float_to_complex")
def float_to_complex(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return pack(ctx, args[0], 0.0)


@lowering("conv.int_to_complex")
def int_to_complex(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return pack(ctx, ctx.builder.sitofp(args[0], F64), 0.0)


@lowering("conv.bool_to_complex")
def bool_to_complex(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return pack(ctx, ctx.builder.uitofp(args[0], F64), 0.0)


@lowering("complex.real")
def complex_real(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return ctx.builder.extract_value(args[0], 0)


@lowering("complex.imag")
def complex_imag(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return ctx.builder.extract_value(args[0], 1)


@lowering("float.zero")
def float_zero(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """x.imag of a float."""
    return ir.Constant(F64, 0.0)


@lowering("int.zero")
def int_zero(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """n.imag of an int."""
    return ir.Constant(I64, 0)

