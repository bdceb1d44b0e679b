"""Typing rows for numpy scalars (np.float64, np.int8, np.bool, ...), derived from numpy itself.

The table would have thousands of rows (every pair of eleven numpy scalar types and the three
Python scalars, for every operator), so rows are made on demand and cached: the result dtype
of `np.int8(1) + 1` is whatever the installed numpy says (int8: a Python int is "weak",
NEP 50), and the lowering key names the operation and the dtype it computes in:

    binop.add (np.int8, int)          -> np.int8     "npop.add:int8"   (wraps at 8 bits)
    binop.truediv (np.int32, np.int32) -> np.float64 "npop.truediv:float64"
    compare.lt (np.float32, float)    -> np.bool     "npcmp.lt:float32"
    binop.mul (np.complex128, complex) -> np.complex128 "npop.mul:complex128"
    binop.lshift (np.uint8, int)      -> np.uint8    "npop.lshift:uint8"  (numpy's count rule)
    binop.and (np.bool, bool)         -> np.bool     "npop.and:bool"
    unary.invert (np.bool)            -> np.bool     "npunary.invert:bool" (logical not)
    divmod (np.int8, np.uint8)        -> (np.int16, np.int16) "npdivmod:int16"
    round (np.float32, int)           -> np.float32  "pycall:builtins.round" (numpy's round)
    attr.real (np.complex128)         -> np.float64  "npattr.real:complex128"

Where numpy has no loop for the operand types (`np.float64(1.0) << 1`, `-np.True_`,
`~np.float32(1)`) there is no row, and the operation is refused when compiling, as numpy
raises TypeError for it.

np.complex128 `**` and abs() are numpy's own (called: its algorithms are not libm's), and
its ordering comparisons are refused (numpy orders complex lexicographically; lesto does not
compile that yet).
"""
from __future__ import annotations

import functools
import operator

from lesto.infer.rules import Row
from lesto.types.core import BOOL, COMPLEX, FLOAT, INT, NONE, NP, LType, Tuple, np_dtype

# operator -> the numpy ufunc that says its result dtype (and whether there is a loop at all);
# whole-array expressions (infer/arrays.py) use the same table
BINARY_UFUNCS = {"add": "add", "sub": "subtract", "mul": "multiply", "truediv": "true_divide",
                 "floordiv": "floor_divide", "mod": "remainder", "pow": "power",
                 "lshift": "left_shift", "rshift": "right_shift", "and": "bitwise_and",
                 "or": "bitwise_or", "xor": "bitwise_xor"}
# The operators numpy computes on np.bool operands as np.bool (+ is or, * is and).
BOOL_LOOPS = ("add", "mul", "and", "or", "xor")
_UNARY = {"unary.neg": "negative", "unary.pos": "positive", "abs": "absolute",
          "unary.invert": "invert"}
_COMPARE = ("eq", "ne", "lt", "le", "gt", "ge")
_PY_SAMPLE = {INT: 1, FLOAT: 1.0, BOOL: True, COMPLEX: 1j}
# Operations numpy computes on complex scalars by algorithms lesto leaves to numpy (called).
_CALLED_FOR_COMPLEX = {"binop.pow": "pycall:operator.pow", "abs": "pycall:operator.abs"}
_ATTRIBUTES = {"attr.real": "real", "attr.imag": "imag", "method.conjugate": "conjugate"}


def _sample(t: LType) -> object | None:
    import numpy as np

    d = np_dtype(t)
    if d is not None:
        return np.dtype(d).type(1)
    return _PY_SAMPLE.get(t)


def _result_dtype(ufunc: str, args: tuple[LType, ...]) -> str | None:
    import numpy as np

    samples = [_sample(a) for a in args]
    if any(s is None for s in samples):
        return None
    try:
        with np.errstate(all="ignore"):
            out = getattr(np, ufunc)(*samples)
    except (TypeError, ValueError, OverflowError):
        return None
    name = getattr(out, "dtype", None)
    return None if name is None else str(name)


# The dtype a signed int and a uint64 are compared in: exactly, as numpy 2 does (not float64).
MIXED_INT = "int_uint64"


def comparison_dtype(samples: list) -> str | None:
    """The dtype numpy compares numpy values or arrays `samples` in: their promoted dtype,
    except that numpy 2 compares integers exactly, so a Python int is not cast to a narrower
    dtype (np.uint8(1) < 300 is True) and a signed int against a uint64 is MIXED_INT, not
    float64; all-bool operands compare as bool. None if numpy has no such comparison."""
    import numpy as np

    def kind(x: object) -> str:
        if isinstance(x, bool):
            return "b"
        if isinstance(x, int):
            return "p"
        dtype = getattr(x, "dtype", None)
        return "?" if dtype is None else dtype.kind + ("64" if dtype == np.uint64 else "")

    kinds = [kind(x) for x in samples]
    if all(k == "b" for k in kinds):
        return "bool"
    if all(k in ("b", "p", "i", "u", "u64") for k in kinds) and ("p" in kinds or "u64" in kinds):
        if "u64" in kinds and ("i" in kinds or "p" in kinds):
            return MIXED_INT
        if "p" in kinds:
            return "int64"
    try:
        with np.errstate(all="ignore"):
            return str(np.add(*samples).dtype)
    except (TypeError, ValueError, OverflowError):
        return None


def involves_numpy(args: tuple[LType, ...]) -> bool:
    return any(np_dtype(a) is not None for a in args)


@functools.lru_cache(maxsize=None)
def numpy_row(name: str, args: tuple[LType, ...]) -> Row | None:
    """The row for `name(args)` when an argument is a numpy scalar; None if numpy has none
    (or lesto does not compile it: then the Python rows may still apply through coercions)."""
    if name == "pow" and len(args) == 2:   # pow(x, y) is x ** y
        name = "binop.pow"
    kind, _, op = name.partition(".")
    if kind == "binop" and op in BINARY_UFUNCS and len(args) == 2:
        d = _result_dtype(BINARY_UFUNCS[op], args)
        if d is None or d not in NP or (d == "bool" and op not in BOOL_LOOPS):
            return None
        if d == "complex128" and name in _CALLED_FOR_COMPLEX:
            return Row(name, args, NP[d], _CALLED_FOR_COMPLEX[name])
        return Row(name, args, NP[d], f"npop.{op}:{d}")
    if kind == "compare" and op in _COMPARE and len(args) == 2:
        if NONE in args:
            return Row(name, args, BOOL, "const.true" if op == "ne" else "const.false")
        samples = [_sample(a) for a in args]
        d = None if any(x is None for x in samples) else comparison_dtype(samples)
        if d is None or (d not in NP and d != MIXED_INT) or \
                (d.startswith("complex") and op not in ("eq", "ne")):
            return None
        return Row(name, args, NP["bool"], f"npcmp.{op}:{d}")
    if kind == "compare" and op in ("is", "isnot") and NONE in args and len(args) == 2:
        return Row(name, args, BOOL, "const.true" if op == "isnot" else "const.false")
    if name == "divmod" and len(args) == 2:
        d = _result_dtype("floor_divide", args)
        if d is None or d not in NP:
            return None
        return Row(name, args, Tuple((NP[d], NP[d])), f"npdivmod:{d}")
    if name == "round" and len(args) == 2:
        return _round_row(args)
    if len(args) != 1:
        return None
    d = np_dtype(args[0])
    if d is None:
        return None
    if name == "truth":
        return Row(name, args, BOOL, f"nptruth:{d}")
    if name in _ATTRIBUTES:
        return _attribute_row(name, args[0], d)
    if d == "complex128" and name in _CALLED_FOR_COMPLEX:
        return Row(name, args, NP["float64"], _CALLED_FOR_COMPLEX[name])
    if name in _UNARY:
        out = _result_dtype(_UNARY[name], args)
        if out != d:
            return None
        return Row(name, args, args[0], f"npunary.{name.split('.')[-1]}:{d}")
    return None


def numpy_decides(name: str, args: tuple[LType, ...]) -> bool:
    """True when a numpy scalar operand gives the operation numpy's semantics: then a missing
    numpy row means numpy raises TypeError, never that Python's rows apply (`divmod` and
    `round(x, n)` return numpy scalars; `round(x)` and `int(x)` return Python ints)."""
    if name.startswith(("binop.", "unary.", "compare.")):
        return True
    if name == "round":   # type(x).__round__ decides: round(2.5, np.int64(1)) is Python's
        return len(args) == 2 and np_dtype(args[0]) is not None
    return name in ("truth", "abs", "divmod", "pow", "attr.real", "attr.imag",
                    "method.conjugate")


def _python_form(name: str):
    """The Python callable that performs operation `name` ('binop.lshift', 'abs', ...)."""
    kind, _, op = name.partition(".")
    if kind in ("binop", "unary", "compare"):
        return getattr(operator, op + "_" if op in ("and", "or", "not") else op, None)
    return {"abs": abs, "divmod": divmod, "round": round, "pow": pow}.get(name)


def numpy_type_error(name: str, args: tuple[LType, ...]) -> str | None:
    """numpy's own TypeError message for `name(args)` when numpy decides the operation and
    refuses these operand types (`np.float64(1.0) << 1`: "ufunc 'left_shift' not supported
    for the input types, ..."); None otherwise."""
    import numpy as np

    fn = _python_form(name)
    samples = [_sample(a) for a in args]
    if fn is None or not involves_numpy(args) or not numpy_decides(name, args) or \
            any(s is None for s in samples):
        return None
    try:
        with np.errstate(all="ignore"):
            fn(*samples)
    except TypeError as e:
        return str(e)
    except (ValueError, OverflowError, ZeroDivisionError):
        pass
    return None


def _round_row(args: tuple[LType, ...]) -> Row | None:
    """round(x, ndigits) of a numpy scalar: numpy's own rounding (np.round), called."""
    import numpy as np

    samples = [_sample(a) for a in args]
    if np_dtype(args[0]) is None or any(s is None for s in samples) or args[1] == FLOAT:
        return None
    try:
        out = round(samples[0], samples[1])  # type: ignore[call-overload]
    except TypeError:
        return None
    if not isinstance(out, np.generic) or str(out.dtype) not in NP:
        return None
    return Row("round", args, NP[str(out.dtype)], "pycall:builtins.round")


def _attribute_row(name: str, t: LType, d: str) -> Row | None:
    """x.real, x.imag, x.conjugate() of a numpy scalar, typed as numpy types them."""
    import numpy as np

    sample = np.dtype(d).type(1)
    value = getattr(sample, _ATTRIBUTES[name])
    out = str((value() if callable(value) else value).dtype)
    if out not in NP:
        return None
    if d.startswith("complex") or name == "attr.imag":
        return Row(name, (t,), NP[out], f"npattr.{_ATTRIBUTES[name]}:{d}")
    return Row(name, (t,), NP[out], "same") if out == d else None


def coercions() -> dict[tuple[LType, LType], tuple[str, int]]:
    """numpy scalars where a Python scalar is wanted (math.sqrt(np.float64(2.0)), range(n)
    for an np.int64 n): the same value as a Python float / int / bool."""
    out: dict[tuple[LType, LType], tuple[str, int]] = {}
    for d, t in NP.items():
        if d.startswith("complex"):
            out[(t, COMPLEX)] = ("conv.np_to_py", 1)
            continue
        if d.startswith("float"):
            out[(t, FLOAT)] = ("conv.np_to_py", 1)
        elif d == "bool":
            out[(t, BOOL)] = ("conv.np_to_py", 1)
        elif d == "uint64":
            out[(t, INT)] = ("conv.np_uint64_to_int", 1)
            out[(t, FLOAT)] = ("conv.np_uint64_to_float", 2)
        else:
            out[(t, INT)] = ("conv.np_to_py", 1)
            out[(t, FLOAT)] = ("conv.int_to_float", 2)
    return out
