"""Builtin function rows: abs int float round divmod pow, range helpers, and math.

min, max, len, bool and tuple operations are structural and are expanded by specialize.py."""
from __future__ import annotations

import math

from lesto.infer.rules import Row
from lesto.types.core import BOOL, FLOAT, INT, NONE, Tuple

ROWS: list[Row] = [
    Row("abs", (INT,), INT, "int.abs"),
    Row("abs", (FLOAT,), FLOAT, "float.abs"),
    Row("int", (INT,), INT, "same"),
    Row("int", (BOOL,), INT, "conv.bool_to_int"),
    Row("int", (FLOAT,), INT, "conv.float_to_int"),
    Row("float", (FLOAT,), FLOAT, "same"),
    Row("float", (INT,), FLOAT, "conv.int_to_float"),
    Row("float", (BOOL,), FLOAT, "conv.bool_to_float"),
    Row("round", (INT,), INT, "same"),
    Row("round", (FLOAT,), INT, "builtin.round_float"),
    Row("round", (INT, INT), INT, "builtin.round_int_ndigits"),
    Row("round", (FLOAT, INT), FLOAT, "builtin.round_float_ndigits"),
    Row("divmod", (INT, INT), Tuple((INT, INT)), "builtin.divmod_int"),
    Row("divmod", (FLOAT, FLOAT), Tuple((FLOAT, FLOAT)), "builtin.divmod_float"),
    Row("pow", (INT, INT), INT, "int.pow"),
    Row("pow", (FLOAT, FLOAT), FLOAT, "float.pow"),
    Row("pow", (INT, INT, INT), INT, "int.pow_mod"),
    Row("range.count", (INT, INT, INT), INT, "range.count"),
    Row("int.add_wrap", (INT, INT), INT, "int.add_wrap"),
    Row("signal.poll", (), NONE, "signal.poll"),
    Row("signal.poll_n", (INT,), NONE, "signal.poll_n"),
    Row("arena.mark", (), INT, "arena.mark"),
    Row("arena.release", (INT,), NONE, "arena.release"),
    Row("range.chunk", (INT,), INT, "range.chunk"),
    Row("range.rest", (INT, INT), INT, "range.rest"),
    Row("range.item", (INT, INT, INT), INT, "range.item"),
    Row("range.item_up", (INT, INT, INT), INT, "range.item_up"),
    Row("range.item_down", (INT, INT, INT), INT, "range.item_down"),
]

_MATH_F_F = ("sqrt", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos",
             "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
             "erf", "erfc", "gamma", "lgamma", "fabs", "degrees", "radians")
_MATH_FF_F = ("atan2", "hypot", "fmod", "copysign", "pow")
ROWS += [Row(f"math.{f}", (FLOAT,), FLOAT, f"math.{f}") for f in _MATH_F_F if hasattr(math, f)]
ROWS += [Row(f"math.{f}", (FLOAT, FLOAT), FLOAT, f"math.{f}") for f in _MATH_FF_F]
ROWS += [Row("math.log", (FLOAT, FLOAT), FLOAT, "math.log_base")]
ROWS += [Row(f"math.{f}", (FLOAT,), BOOL, f"math.{f}") for f in ("isnan", "isinf", "isfinite")]
ROWS += [Row(f"math.{f}", (INT,), INT, "same") for f in ("floor", "ceil", "trunc")]
ROWS += [Row(f"math.{f}", (FLOAT,), INT, f"math.{f}") for f in ("floor", "ceil", "trunc")]
ROWS += [Row("math.gcd", (INT, INT), INT, "math.gcd")]
ROWS += [Row("math.isqrt", (INT,), INT, "math.isqrt"),
         Row("math.factorial", (INT,), INT, "math.factorial")]
