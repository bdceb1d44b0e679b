"""The numpy scalar rows (lesto/infer/rules/npscalar.py) for every operator and every pair of
operand types: each row numpy has names a registered lowering and numpy's own result type,
and each operation numpy refuses (TypeError) has no row but a refusal quoting numpy."""
from __future__ import annotations

import operator

import numpy as np
import pytest

from lesto.backend.registry import load_numpy
from lesto.infer.rules.npscalar import numpy_row, numpy_type_error
from lesto.types.core import BOOL, FLOAT, INT, NP, Tuple

SCALARS = [NP[d] for d in ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16",
                           "uint32", "uint64", "float32", "float64")]
OPERANDS = SCALARS + [INT, FLOAT, BOOL]
SAMPLE = {INT: 3, FLOAT: 3.0, BOOL: True}
BINARY = {"binop.lshift": operator.lshift, "binop.rshift": operator.rshift,
          "binop.and": operator.and_, "binop.or": operator.or_, "binop.xor": operator.xor,
          "binop.floordiv": operator.floordiv, "binop.mod": operator.mod,
          "binop.pow": operator.pow, "binop.add": operator.add, "binop.sub": operator.sub,
          "compare.lt": operator.lt, "compare.eq": operator.eq, "divmod": divmod}
UNARY = {"unary.neg": operator.neg, "unary.pos": operator.pos, "unary.invert": operator.invert,
         "abs": abs}


def sample(t):
    if t in SAMPLE:
        return SAMPLE[t]
    d = t.kind[3:]
    return np.True_ if d == "bool" else np.dtype(d).type(3)


def lesto_type_of(value):
    if isinstance(value, tuple):
        return Tuple(tuple(lesto_type_of(v) for v in value))
    return NP[str(value.dtype)]


def registered(key: str) -> bool:
    lowerings = load_numpy()
    return key in lowerings or key.split(":")[0] in lowerings


def numpy_outcome(fn, args):
    try:
        with np.errstate(all="ignore"):
            return fn(*[sample(a) for a in args]), None
    except TypeError as e:
        return None, str(e)


def check(name: str, fn, args) -> None:
    value, error = numpy_outcome(fn, args)
    row = numpy_row(name, args)
    if error is not None:
        assert row is None, (name, args, row)
        assert numpy_type_error(name, args) == error
        return
    assert row is not None, (name, args, value)
    assert registered(row.impl), row
    assert row.result == lesto_type_of(value), (name, args, row.result, value)


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_rows_follow_numpy(name: str) -> None:
    for x in OPERANDS:
        for y in OPERANDS:
            if x in SAMPLE and y in SAMPLE:
                continue   # no numpy operand: Python's rows
            check(name, BINARY[name], (x, y))


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_rows_follow_numpy(name: str) -> None:
    for x in SCALARS:
        check(name, UNARY[name], (x,))
