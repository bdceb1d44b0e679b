"""Differential tests of lower_int: every int/bool key against CPython on edge cases and
hypothesis-generated operands (ints near 0 and near +-2**63)."""
from __future__ import annotations

import itertools
import operator
from typing import Any, Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness import INT_EDGES, INT_MAX, INT_MIN, op_for

BIG = 2**64   # a sentinel "big int" result: not representable, so native must deopt


def ref_pow(a: int, b: int) -> Any:
    if b < 0:
        return a**b   # float (or ZeroDivisionError): native deopts either way
    if abs(a) > 1 and b >= 64:
        return BIG    # |a|**b >= 2**64: do not make CPython build a huge int
    return a**b


def ref_lshift(a: int, b: int) -> Any:
    if b < 0:
        raise ValueError("negative shift count")
    if a != 0 and b >= 64:
        return BIG
    return a << b


def exact_double(v: int) -> bool:
    return int(float(v)) == v


BINARY: dict[str, Callable[..., Any]] = {
    "int.add": operator.add, "int.sub": operator.sub, "int.mul": operator.mul,
    "int.floordiv": operator.floordiv, "int.mod": operator.mod, "int.truediv": operator.truediv,
    "int.pow": ref_pow, "int.lshift": ref_lshift, "int.rshift": operator.rshift,
    "int.and": operator.and_, "int.or": operator.or_, "int.xor": operator.xor,
    "int.eq": operator.eq, "int.ne": operator.ne, "int.lt": operator.lt, "int.le": operator.le,
    "int.gt": operator.gt, "int.ge": operator.ge,
}
UNARY: dict[str, Callable[..., Any]] = {
    "int.neg": operator.neg, "int.pos": operator.pos, "int.invert": operator.invert,
    "int.abs": abs, "int.bool": bool, "conv.int_identity": lambda a: a,
}
BOOLS: dict[str, Callable[..., Any]] = {
    "bool.and": operator.and_, "bool.or": operator.or_, "bool.xor": operator.xor,
}

# the only int key allowed to deopt where CPython succeeds: true division of operands that
# are not exact doubles (CPython then does an exact big-int division)
MAY_DEOPT = {"int.truediv": lambda a, b: not (exact_double(a) and exact_double(b))}

SMALL = [-300, -17, -8, -3, -2, -1, 0, 1, 2, 3, 5, 8, 17, 63, 64, 65, 300]
OPERANDS = sorted(set(INT_EDGES + SMALL))

ints = st.one_of(
    st.integers(INT_MIN, INT_MAX),
    st.integers(-1000, 1000),
    st.integers(INT_MIN, INT_MIN + 2**20),
    st.integers(INT_MAX - 2**20, INT_MAX),
    st.integers(-(2**32), 2**32),
    st.sampled_from(INT_EDGES),
)


def check_binary(key: str, a: int, b: int) -> str:
    may = MAY_DEOPT.get(key, lambda a, b: False)(a, b)
    return op_for(key, BINARY[key]).check(a, b, may_deopt=may)


@pytest.mark.parametrize("key", sorted(BINARY))
def test_binary_edges(key: str) -> None:
    for a, b in itertools.product(OPERANDS, OPERANDS):
        check_binary(key, a, b)


SIMPLE = {"int.and", "int.or", "int.xor", "int.eq", "int.ne", "int.lt", "int.le", "int.gt",
          "int.ge"}


@pytest.mark.parametrize("key", sorted(set(BINARY) - SIMPLE))
@settings(max_examples=300, deadline=None)
@given(a=ints, b=ints)
def test_binary_random(key: str, a: int, b: int) -> None:
    check_binary(key, a, b)


@settings(max_examples=300, deadline=None)
@given(a=ints, b=ints)
def test_bitwise_and_compare_random(a: int, b: int) -> None:
    for key in sorted(SIMPLE):
        check_binary(key, a, b)


@pytest.mark.parametrize("key", ["int.pow", "int.lshift", "int.rshift"])
@settings(max_examples=300, deadline=None)
@given(a=ints, b=st.integers(-3, 70))
def test_shift_and_pow_small_counts(key: str, a: int, b: int) -> None:
    check_binary(key, a, b)


@pytest.mark.parametrize("key", sorted(UNARY))
def test_unary(key: str) -> None:
    for a in OPERANDS:
        op_for(key, UNARY[key]).check(a)


@pytest.mark.parametrize("key", sorted(UNARY))
@settings(max_examples=200, deadline=None)
@given(a=ints)
def test_unary_random(key: str, a: int) -> None:
    op_for(key, UNARY[key]).check(a)


@pytest.mark.parametrize("key", sorted(BOOLS))
def test_bool_binary(key: str) -> None:
    for a, b in itertools.product([False, True], repeat=2):
        op_for(key, BOOLS[key]).check(a, b)


def test_bool_not_and_conversions() -> None:
    for a in (False, True):
        op_for("bool.not", operator.not_).check(a)
        op_for("conv.bool_to_int", int).check(a)


def test_pow_exact_boundaries() -> None:
    """Results at the very edge of i64 are exact, one step beyond deopts."""
    p = op_for("int.pow", ref_pow)
    assert p.run(-2, 63) == ("ok", INT_MIN)
    assert p.run(2, 62) == ("ok", 2**62)
    assert p.run(2, 63)[0] == "deopt"
    assert p.run(3, 39) == ("ok", 3**39)
    assert p.run(3, 40)[0] == "deopt"
    assert p.run(-1, INT_MAX) == ("ok", -1)
    assert p.run(0, 0) == ("ok", 1)
    assert p.run(5, -1)[0] == "deopt"
    assert p.run(3037000499, 2) == ("ok", 3037000499**2)
    assert p.run(3037000500, 2)[0] == "deopt"


def test_division_guards() -> None:
    fd = op_for("int.floordiv", operator.floordiv)
    md = op_for("int.mod", operator.mod)
    assert fd.run(INT_MIN, -1)[0] == "deopt"
    assert md.run(INT_MIN, -1) == ("ok", 0)     # no deopt needed: the remainder is 0
    assert fd.run(7, 0)[0] == "deopt" and md.run(7, 0)[0] == "deopt"
    assert fd.run(-7, 2) == ("ok", -4) and md.run(-7, 2) == ("ok", 1)
    assert fd.run(7, -2) == ("ok", -4) and md.run(7, -2) == ("ok", -1)


def test_truediv_small_operands_never_deopt() -> None:
    td = op_for("int.truediv", operator.truediv)
    for a, b in itertools.product(range(-50, 51), [-7, -3, -1, 1, 2, 3, 10, 49]):
        assert td.check(a, b) == "ok"
    assert td.check(2**63 - 1024, 3) == "ok"     # exact double (odd part small)
    assert td.check(INT_MIN, 3) == "ok"


def test_constant_folded() -> None:
    """-O2 with constant operands (LLVM folds the whole lowering) agrees with CPython."""
    cases = [(a, b) for a in (0, 1, -1, 7, -7, INT_MIN, INT_MAX, 3037000500)
             for b in (0, 1, -1, 2, -2, 63, 64, 3)]
    for key in sorted(BINARY):
        may = MAY_DEOPT.get(key, lambda a, b: False)
        op_for(key, BINARY[key]).check_folded(
            [c for c in cases if not may(*c)])
