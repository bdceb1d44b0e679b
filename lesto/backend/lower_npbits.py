"""numpy's shifts and bitwise operators on integer and np.bool scalars, as one table.

The operands arrive already cast to the dtype the operation computes in (machine form of
lower_npscalar.py: an i64 sign- or zero-extended from the dtype's width, or an i1 for
np.bool); the caller wraps the result back to the width. numpy's rules, which are C's with
the undefined cases defined:

    np.uint8(255) << 9   -> 0        a count >= the width (or negative: numpy compares it as
    np.int8(-5) >> 9     -> -1       an unsigned number) shifts every bit out: 0 for <<, the
    np.int8(5) >> -1     -> 0        sign for >> (0 or -1)
    np.True_ & np.False_ -> False    np.bool has and/or/xor loops (and + is or, * is and)

So `x << y` is `y <u width ? x << y : 0`, and `x >> y` is an arithmetic shift by
`min(y, width - 1)` for signed dtypes, a logical one (or 0) for unsigned.
"""
from __future__ import annotations

from typing import Callable

from llvmlite import ir

from lesto.backend.context import I64

IntBits = Callable[[ir.IRBuilder, ir.Value, ir.Value, int, bool], ir.Value]


def _in_range(b: ir.IRBuilder, count: ir.Value, width: int) -> ir.Value:
    return b.icmp_unsigned("<", count, ir.Constant(I64, width))


def _lshift(b: ir.IRBuilder, x: ir.Value, y: ir.Value, width: int, unsigned: bool) -> ir.Value:
    ok = _in_range(b, y, width)
    shifted = b.shl(x, b.select(ok, y, ir.Constant(I64, 0)))
    return b.select(ok, shifted, ir.Constant(I64, 0))


def _rshift(b: ir.IRBuilder, x: ir.Value, y: ir.Value, width: int, unsigned: bool) -> ir.Value:
    ok = _in_range(b, y, width)
    if not unsigned:   # sign-extended: shifting by width - 1 fills with the sign
        return b.ashr(x, b.select(ok, y, ir.Constant(I64, width - 1)))
    shifted = b.lshr(x, b.select(ok, y, ir.Constant(I64, 0)))
    return b.select(ok, shifted, ir.Constant(I64, 0))


# operator -> its lowering on operands in an integer dtype of `width` bits
INT_BITS: dict[str, IntBits] = {
    "lshift": _lshift,
    "rshift": _rshift,
    "and": lambda b, x, y, width, unsigned: b.and_(x, y),
    "or": lambda b, x, y, width, unsigned: b.or_(x, y),
    "xor": lambda b, x, y, width, unsigned: b.xor(x, y),
}

# operator -> its lowering on np.bool operands (i1), numpy's bool loops
BOOL_OPS: dict[str, Callable[[ir.IRBuilder, ir.Value, ir.Value], ir.Value]] = {
    "and": lambda b, x, y: b.and_(x, y),
    "or": lambda b, x, y: b.or_(x, y),
    "xor": lambda b, x, y: b.xor(x, y),
    "add": lambda b, x, y: b.or_(x, y),
    "mul": lambda b, x, y: b.and_(x, y),
}
