"""Integer functions beyond the operators: `pow(a, b, m)`, `math.isqrt`, `math.factorial`.

Exact or deoptimise, as everywhere: a zero modulus, a negative exponent with a modulus (a
modular inverse), a negative argument, or a factorial beyond 64 bits re-run in the interpreter."""
from __future__ import annotations

import math

from typing import Callable

from llvmlite import ir

from lesto.backend.context import F64, I64, LowerCtx
from lesto.backend.registry import lowering

I128 = ir.IntType(128)


def _addmod(b: ir.IRBuilder, x: ir.Value, y: ir.Value, m: ir.Value) -> ir.Value:
    """(x + y) mod m for unsigned x, y < m <= 2**63, without overflow."""
    room = b.sub(m, y)
    return b.select(b.icmp_unsigned(">=", x, room), b.sub(x, room), b.add(x, y))


def _binary_method(ctx: LowerCtx, name: str, unit: ir.Value, base: ir.Value, bits: ir.Value,
                   combine: Callable[[ir.Value, ir.Value], ir.Value]) -> ir.Value:
    """unit (+) base*b0 (+) base^2*b1 (+) base^4*b2 ... over the bits of `bits`, low bit first,
    where (+) is `combine`: double-and-add when it adds, square-and-multiply when it multiplies."""
    b = ctx.builder
    zero = ir.Constant(I64, 0)
    start = b.block
    head, body, done = ctx.loop_blocks(name)
    b.branch(head)
    b.position_at_end(head)
    acc = b.phi(I64)
    power = b.phi(I64)
    rest = b.phi(I64)
    acc.add_incoming(unit, start)
    power.add_incoming(base, start)
    rest.add_incoming(bits, start)
    b.cbranch(b.icmp_unsigned("!=", rest, zero), body, done)
    b.position_at_end(body)
    odd = b.trunc(rest, ir.IntType(1))
    combined = combine(acc, power)
    doubled = combine(power, power)
    acc.add_incoming(b.select(odd, combined, acc), b.block)
    power.add_incoming(doubled, b.block)
    rest.add_incoming(b.lshr(rest, ir.Constant(I64, 1)), b.block)
    b.branch(head)
    b.position_at_end(done)
    return acc


def _mulmod(ctx: LowerCtx, x: ir.Value, y: ir.Value, m: ir.Value) -> ir.Value:
    """(x * y) mod m by doubling and adding (no 128-bit division: that would need a
    compiler-rt helper the process does not have)."""
    return _binary_method(ctx, "mulmod", ir.Constant(I64, 0), x, y,
                          lambda p, q: _addmod(ctx.builder, p, q, m))


@lowering("int.pow_mod")
def lower_pow_mod(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """pow(a, b, m): square-and-multiply modulo |m| (unsigned); the sign of m as `%` has it."""
    b = ctx.builder
    a, e, m = args
    zero = ir.Constant(I64, 0)
    ctx.deopt_if(b.icmp_signed("==", m, zero), "pow() 3rd argument cannot be 0")
    ctx.deopt_if(b.icmp_signed("<", e, zero), "modular inverse")
    neg_m = b.icmp_signed("<", m, zero)
    mod = b.select(neg_m, b.sub(zero, m), m)                 # |m|, unsigned (2**63 allowed)
    neg_a = b.icmp_signed("<", a, zero)
    rem = b.urem(b.select(neg_a, b.sub(zero, a), a), mod)    # |a| mod |m|
    base0 = b.select(b.and_(neg_a, b.icmp_unsigned("!=", rem, zero)), b.sub(mod, rem), rem)
    one = b.urem(ir.Constant(I64, 1), mod)
    result = _binary_method(ctx, "powmod", one, base0, e,
                            lambda p, q: _mulmod(ctx, p, q, mod))
    # Python's sign rule: a negative modulus gives a result in (m, 0].
    fix = b.and_(neg_m, b.icmp_signed("!=", result, zero))
    return b.select(fix, b.add(result, m), result)


@lowering("math.isqrt")
def lower_isqrt(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """Floor square root of a non-negative int: a float estimate, then exact corrections."""
    b = ctx.builder
    (n,) = args
    ctx.deopt_if(b.icmp_signed("<", n, ir.Constant(I64, 0)), "isqrt of a negative number")
    est = b.fptoui(ctx.intrinsic("llvm.sqrt.f64", F64, [b.uitofp(n, F64)]), I64)
    n128 = b.zext(n, I128)
    start = b.block
    head, body, done = ctx.loop_blocks("isqrt.down")
    b.branch(head)
    b.position_at_end(head)
    r = b.phi(I64)
    r.add_incoming(est, start)
    r128 = b.zext(r, I128)
    b.cbranch(b.icmp_unsigned(">", b.mul(r128, r128), n128), body, done)
    b.position_at_end(body)
    r.add_incoming(b.sub(r, ir.Constant(I64, 1)), body)
    b.branch(head)
    b.position_at_end(done)
    up_head, up_body, up_done = ctx.loop_blocks("isqrt.up")
    b.branch(up_head)
    b.position_at_end(up_head)
    s = b.phi(I64)
    s.add_incoming(r, done)
    s1 = b.zext(b.add(s, ir.Constant(I64, 1)), I128)
    b.cbranch(b.icmp_unsigned("<=", b.mul(s1, s1), n128), up_body, up_done)
    b.position_at_end(up_body)
    s.add_incoming(b.add(s, ir.Constant(I64, 1)), up_body)
    b.branch(up_head)
    b.position_at_end(up_done)
    return s


FACTORIALS = [math.factorial(i) for i in range(21)]   # 20! is the last one below 2**63


@lowering("math.factorial")
def lower_factorial(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    b = ctx.builder
    (n,) = args
    ctx.deopt_if(b.icmp_signed("<", n, ir.Constant(I64, 0)), "factorial of a negative number")
    ctx.deopt_if(b.icmp_signed(">", n, ir.Constant(I64, len(FACTORIALS) - 1)),
                 "factorial beyond 64 bits")
    table_type = ir.ArrayType(I64, len(FACTORIALS))
    table = ctx.module.globals.get("lesto.factorials")
    if table is None:
        table = ir.GlobalVariable(ctx.module, table_type, name="lesto.factorials")
        table.linkage = "internal"
        table.global_constant = True
        table.initializer = ir.Constant(table_type, FACTORIALS)
    ptr = b.gep(table, [ir.Constant(I64, 0), n], source_etype=table_type)
    return b.load(ptr, typ=I64)
