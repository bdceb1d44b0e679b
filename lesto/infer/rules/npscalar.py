"""Typing rows for numpy scalars (np.float64, np.int8, np.bool, ...), derived from numpy itself.

The table would have thousands of rows (every pair of eleven numpy scalar types and the three
Python scalars, for every operator), so rows are made on demand and cached: the result dtype
of `np.int8(1) + 1` is whatever the installed numpy says (int8: a Python int is "weak",
NEP 50), and the lowering key names the operation and the dtype it computes in:

    binop.add (np.int8, int)          -> np.int8     "npop.add:int8"   (wraps at 8 bits)
    binop.truediv (np.int32, np.int32) -> np.float64 "npop.truediv:float64"
    compare.lt (np.float32, float)    -> np.bool     "npcmp.lt:float32"
    binop.mul (np.complex128, complex) -> np.complex128 "npop.mul:complex128"
    attr.real (np.complex128)         -> np.float64  "npattr.real:complex128"

np.complex128 `**` and abs() are numpy's own (called: its algorithms are not libm's), and
its ordering comparisons are refused (numpy orders complex lexicographically; lesto does not
compile that yet).
"""
from __future__ import annotations

import functools

from lesto.infer.rules import Row
from lesto.types.core import BOOL, COMPLEX, FLOAT, INT, NONE, NP, LType, np_dtype

_BINOPS = {"add": "add", "sub": "subtract", "mul": "multiply", "truediv": "true_divide",
           "floordiv": "floor_divide", "mod": "remainder", "pow": "power"}
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


def involves_numpy(args: tuple[LType, ...]) -> bool:
    return any(np_dtype(a) is not None for a in args)


@functools.lru_cache(maxsize=None)
def numpy_row(name: str, args: tuple[LType, ...]) -> Row | None:
    """The row for `name(args)` when an argument is a numpy scalar; None if numpy has none
    (or lesto does not compile it: then the Python rows may still apply through coercions)."""
    if name == "pow" and len(args) == 2:   # pow(x, y) is x ** y
        name = "binop.pow"
    kind, _, op = name.partition(".")
    if kind == "binop" and op in _BINOPS and len(args) == 2:
        d = _result_dtype(_BINOPS[op], args)
        if d is None or d not in NP or (d == "bool" and op not in ("add", "mul")):
            return None
        if d == "complex128" and name in _CALLED_FOR_COMPLEX:
            return Row(name, args, NP[d], _CALLED_FOR_COMPLEX[name])
        return Row(name, args, NP[d], f"npop.{op}:{d}")
    if kind == "compare" and op in _COMPARE and len(args) == 2:
        if NONE in args:
            return Row(name, args, BOOL, "const.true" if op == "ne" else "const.false")
        if all(np_dtype(a) == "bool" or a == BOOL for a in args):
            return Row(name, args, NP["bool"], f"npcmp.{op}:bool")
        d = _result_dtype("add", args)
        if d is None or d not in NP or (d.startswith("complex") and op not in ("eq", "ne")):
            return None
        return Row(name, args, NP["bool"], f"npcmp.{op}:{d}")
    if kind == "compare" and op in ("is", "isnot") and NONE in args and len(args) == 2:
        return Row(name, args, BOOL, "const.true" if op == "isnot" else "const.false")
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
    if name in ("unary.neg", "unary.pos", "abs") and d != "bool":
        return Row(name, args, args[0], f"npunary.{name.split('.')[-1]}:{d}")
    return None


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
