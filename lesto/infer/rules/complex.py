"""Typing rows for Python's `complex`: arithmetic, equality, abs, `complex()`, `.real`,
`.imag`, `.conjugate()`, and the same attributes of ints, floats and bools.

An int, float or bool operand meets a complex one through the coercions below, as CPython's
complex methods convert the other operand to complex(x, 0.0) first (so `(1-0j) + 1.0` has
imaginary part -0.0 + 0.0 == 0.0, and `(1-0j) * 2.0` computes 1*0.0 + -0.0*2 == 0.0):

    binop.add (complex, float)  ->  conv.float_to_complex on the float, then complex.add
    compare.eq (complex, int)   ->  complex.eq_int (the real part compared exactly with the int)

Ordering comparisons, `//`, `%`, `divmod`, `int()` and `float()` of a complex raise TypeError
in CPython: there are no rows for them, so they are refused when compiling (see ORDERING).
"""
from __future__ import annotations

from lesto.infer.rules import Row
from lesto.types.core import BOOL, COMPLEX, FLOAT, INT

_ARITH = ("add", "sub", "mul", "truediv", "pow")

# Implicit conversions into complex, dearer than any conversion between real types, so a row
# of real types always wins when one applies.
COERCIONS = {
    (FLOAT, COMPLEX): ("conv.float_to_complex", 5),
    (INT, COMPLEX): ("conv.int_to_complex", 6),
    (BOOL, COMPLEX): ("conv.bool_to_complex", 7),
}

# Comparisons CPython refuses for complex operands (TypeError): refusal L020 names them.
ORDERING = ("lt", "le", "gt", "ge")

ROWS: list[Row] = []
ROWS += [Row(f"binop.{op}", (COMPLEX, COMPLEX), COMPLEX, f"complex.{op}") for op in _ARITH]
ROWS += [Row("pow", (COMPLEX, COMPLEX), COMPLEX, "complex.pow")]
ROWS += [Row(f"unary.{op}", (COMPLEX,), COMPLEX, f"complex.{op}") for op in ("neg", "pos")]
ROWS += [Row(f"compare.{op}", (COMPLEX, COMPLEX), BOOL, f"complex.{op}") for op in ("eq", "ne")]
# complex == int compares the real part exactly with the int (a bool is an int here)
ROWS += [Row(f"compare.{op}", (COMPLEX, INT), BOOL, f"complex.{op}_int") for op in ("eq", "ne")]
ROWS += [Row(f"compare.{op}", (INT, COMPLEX), BOOL, f"int.{op}_complex") for op in ("eq", "ne")]
ROWS += [
    Row("truth", (COMPLEX,), BOOL, "complex.bool"),
    Row("abs", (COMPLEX,), FLOAT, "complex.abs"),
    # complex(): the parts as given; a complex argument's parts are folded in as CPython does
    Row("complex", (), COMPLEX, "complex.zero"),
    Row("complex", (COMPLEX,), COMPLEX, "same"),
    Row("complex", (FLOAT,), COMPLEX, "conv.float_to_complex"),
    Row("complex", (FLOAT, FLOAT), COMPLEX, "complex.make"),
    Row("complex", (COMPLEX, FLOAT), COMPLEX, "complex.make_cf"),
    Row("complex", (FLOAT, COMPLEX), COMPLEX, "complex.make_fc"),
    Row("complex", (COMPLEX, COMPLEX), COMPLEX, "complex.make_cc"),
    # the number protocol's attributes, on every Python number
    Row("attr.real", (COMPLEX,), FLOAT, "complex.real"),
    Row("attr.imag", (COMPLEX,), FLOAT, "complex.imag"),
    Row("method.conjugate", (COMPLEX,), COMPLEX, "complex.conjugate"),
    Row("attr.real", (FLOAT,), FLOAT, "same"),
    Row("attr.imag", (FLOAT,), FLOAT, "float.zero"),
    Row("method.conjugate", (FLOAT,), FLOAT, "same"),
    Row("attr.real", (INT,), INT, "same"),
    Row("attr.imag", (INT,), INT, "int.zero"),
    Row("method.conjugate", (INT,), INT, "same"),
]
# The names typed here for scalars although the frontend spells them like array attributes.
SCALAR_ATTRIBUTES = ("attr.real", "attr.imag", "method.conjugate")
