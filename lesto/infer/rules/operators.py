"""Operator rows: binary, unary, comparison and truth tests on scalars.

Mixed int/float arithmetic matches the float row through the coercion table; int/float
*comparisons* have rows of their own because CPython compares them exactly."""
from __future__ import annotations

from lesto.infer.rules import Row
from lesto.types.core import BOOL, FLOAT, INT, NONE, UNDEFINED

_ARITH = ("add", "sub", "mul", "floordiv", "mod", "pow")
_BITS = ("lshift", "rshift", "and", "or", "xor")
_CMP = ("eq", "ne", "lt", "le", "gt", "ge")
_SCALARS = (BOOL, INT, FLOAT, NONE)

ROWS: list[Row] = []
ROWS += [Row(f"binop.{op}", (INT, INT), INT, f"int.{op}") for op in _ARITH + _BITS]
ROWS += [Row("binop.truediv", (INT, INT), FLOAT, "int.truediv")]
ROWS += [Row(f"binop.{op}", (BOOL, BOOL), BOOL, f"bool.{op}") for op in ("and", "or", "xor")]
ROWS += [Row(f"binop.{op}", (FLOAT, FLOAT), FLOAT, f"float.{op}")
         for op in _ARITH + ("truediv",)]
ROWS += [Row(f"unary.{op}", (INT,), INT, f"int.{op}") for op in ("neg", "pos", "invert")]
ROWS += [Row(f"unary.{op}", (FLOAT,), FLOAT, f"float.{op}") for op in ("neg", "pos")]
ROWS += [Row(f"compare.{op}", (INT, INT), BOOL, f"int.{op}") for op in _CMP]
ROWS += [Row(f"compare.{op}", (FLOAT, FLOAT), BOOL, f"float.{op}") for op in _CMP]
ROWS += [Row(f"compare.{op}", (INT, FLOAT), BOOL, f"cmp.int_float.{op}") for op in _CMP]
ROWS += [Row(f"compare.{op}", (FLOAT, INT), BOOL, f"cmp.float_int.{op}") for op in _CMP]
ROWS += [Row("truth", (INT,), BOOL, "int.bool"), Row("truth", (FLOAT,), BOOL, "float.bool"),
         Row("truth", (BOOL,), BOOL, "same"), Row("truth", (NONE,), BOOL, "const.false")]
ROWS += [Row("unary.not", (BOOL,), BOOL, "bool.not")]
# Identity and equality with None (and of None with anything) are decided by type alone.
for _a in _SCALARS:
    for _b in _SCALARS:
        if NONE in (_a, _b):
            same = _a == _b
            for _op, _val in (("is", same), ("isnot", not same), ("eq", same), ("ne", not same)):
                ROWS.append(Row(f"compare.{_op}", (_a, _b), BOOL,
                                "const.true" if _val else "const.false"))
# Reading a possibly-unbound local: the interpreter raises UnboundLocalError.
ROWS += [Row("read", (UNDEFINED,), UNDEFINED, "deopt")]
