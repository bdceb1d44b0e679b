"""Differential tests of lower_float: float arithmetic, comparisons, conversions and the
exact mixed int/float comparisons against CPython (bit patterns compared, -0.0 != 0.0,
nan == nan)."""
from __future__ import annotations

import itertools
import math
import operator
from typing import Any, Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness import FLOAT_EDGES, INT_EDGES, INT_MAX, INT_MIN, op_for

ARITH: dict[str, Callable[..., Any]] = {
    "float.add": operator.add, "float.sub": operator.sub, "float.mul": operator.mul,
    "float.truediv": operator.truediv, "float.floordiv": operator.floordiv,
    "float.mod": operator.mod, "float.pow": operator.pow,
}
COMPARE: dict[str, Callable[..., Any]] = {
    f"float.{n}": getattr(operator, n) for n in ("eq", "ne", "lt", "le", "gt", "ge")
}
UNARY: dict[str, Callable[..., Any]] = {
    "float.neg": operator.neg, "float.pos": operator.pos, "float.abs": abs, "float.bool": bool,
    "conv.float_to_int": int,
}
MIXED: dict[str, Callable[..., Any]] = {}
for _n in ("eq", "ne", "lt", "le", "gt", "ge"):
    MIXED[f"cmp.int_float.{_n}"] = getattr(operator, _n)
    MIXED[f"cmp.float_int.{_n}"] = getattr(operator, _n)

POW_EXTRA = [0.5, -0.5, 3.0, -3.0, 1 / 3, 0.25, 1e-10, 1023.0, 1024.0, 1075.0, -1074.0,
             2.0**53 + 2, 1e18]
FLOAT_OPERANDS = FLOAT_EDGES + [2.0**-1074 * 3, 4.0, -4.0, 9.0, 0.7, -0.7]

floats = st.one_of(st.floats(), st.floats(-1e6, 1e6), st.sampled_from(FLOAT_EDGES),
                   st.integers(-(2**60), 2**60).map(float))


def float_near_int(i: int) -> st.SearchStrategy[float]:
    f = float(i)
    return st.sampled_from([f, math.nextafter(f, math.inf), math.nextafter(f, -math.inf),
                            f + 0.5, f - 0.5, -f])


@pytest.mark.parametrize("key", sorted(ARITH))
def test_arith_edges(key: str) -> None:
    o = op_for(key, ARITH[key])
    operands = FLOAT_OPERANDS + (POW_EXTRA if key == "float.pow" else [])
    for a, b in itertools.product(operands, operands):
        o.check(a, b)


@pytest.mark.parametrize("key", sorted(ARITH))
@settings(max_examples=300, deadline=None)
@given(a=floats, b=floats)
def test_arith_random(key: str, a: float, b: float) -> None:
    op_for(key, ARITH[key]).check(a, b)


@settings(max_examples=300, deadline=None)
@given(a=st.floats(-1e3, 1e3), b=st.integers(-40, 40).map(float))
def test_pow_integral_exponents(a: float, b: float) -> None:
    op_for("float.pow", operator.pow).check(a, b)


def test_known_values() -> None:
    fd = op_for("float.floordiv", operator.floordiv)
    md = op_for("float.mod", operator.mod)
    pw = op_for("float.pow", operator.pow)
    assert fd.run(1.0, 0.1) == ("ok", 9.0)
    assert fd.run(-1.0, math.inf) == ("ok", -1.0)
    assert md.run(-1.0, math.inf) == ("ok", math.inf)
    assert md.run(4.0, -2.0) == ("ok", -0.0) and math.copysign(1, md.run(4.0, -2.0)[1]) < 0
    assert fd.run(1.0, 0.0)[0] == "deopt" and md.run(1.0, -0.0)[0] == "deopt"
    assert pw.run(-8.0, 1 / 3)[0] == "deopt"            # complex in CPython
    assert pw.run(0.0, -1.0)[0] == "deopt"               # ZeroDivisionError
    assert pw.run(10.0, 400.0)[0] == "deopt"             # OverflowError
    assert pw.run(-0.0, 3.0)[1] == -0.0 and math.copysign(1, pw.run(-0.0, 3.0)[1]) < 0
    assert pw.run(-1.0, math.inf) == ("ok", 1.0)
    assert pw.run(1.0, math.nan) == ("ok", 1.0)
    assert pw.run(math.nan, 0.0) == ("ok", 1.0)
    assert pw.run(-2.0, 1e300)[0] == "deopt"             # even integer power overflows
    assert pw.run(-math.inf, 3.0) == ("ok", -math.inf)
    assert pw.run(0.5, -1e300)[0] == "deopt"             # finite operands, inf result


@pytest.mark.parametrize("key", sorted(COMPARE))
def test_compare(key: str) -> None:
    o = op_for(key, COMPARE[key])
    for a, b in itertools.product(FLOAT_OPERANDS, FLOAT_OPERANDS):
        o.check(a, b)


@pytest.mark.parametrize("key", sorted(UNARY))
def test_unary(key: str) -> None:
    o = op_for(key, UNARY[key])
    for a in FLOAT_OPERANDS + [-0.9, 0.9, 9.2e18, -9.2e18, 9.223372036854775e18]:
        o.check(a)


@pytest.mark.parametrize("key", sorted(UNARY))
@settings(max_examples=300, deadline=None)
@given(a=floats)
def test_unary_random(key: str, a: float) -> None:
    op_for(key, UNARY[key]).check(a)


ints = st.one_of(st.integers(INT_MIN, INT_MAX), st.integers(-1000, 1000),
                 st.integers(INT_MAX - 5000, INT_MAX), st.integers(INT_MIN, INT_MIN + 5000),
                 st.sampled_from(INT_EDGES))


def test_int_to_float() -> None:
    o = op_for("conv.int_to_float", float)
    for i in INT_EDGES + [2**53 + 3, 2**54 + 2, 2**54 + 6, -(2**53) - 3, 2**63 - 513]:
        o.check(i)
    for b in (False, True):
        op_for("conv.bool_to_float", float).check(b)


@settings(max_examples=300, deadline=None)
@given(i=ints)
def test_int_to_float_random(i: int) -> None:
    op_for("conv.int_to_float", float).check(i)


MIXED_INTS = INT_EDGES + [2**53 + 1, 2**53 + 3, -(2**53) - 1, 2**63 - 512, 2**63 - 1025]
MIXED_FLOATS = FLOAT_OPERANDS + [float(2**53), float(2**53 + 2), float(2**63 - 1024), 0.99,
                                 -0.99, 7.5, -7.5, 1e19, -1e19]


@pytest.mark.parametrize("key", sorted(MIXED))
def test_mixed_compare_edges(key: str) -> None:
    o = op_for(key, MIXED[key])
    for i, f in itertools.product(MIXED_INTS, MIXED_FLOATS):
        if key.startswith("cmp.int_float"):
            o.check(i, f)
        else:
            o.check(f, i)


def test_mixed_compare_is_exact() -> None:
    """The classic trap: comparing through float(i) would say these are equal."""
    eq = op_for("cmp.int_float.eq", operator.eq)
    lt = op_for("cmp.float_int.lt", operator.lt)
    assert eq.run(9007199254740993, 9007199254740992.0) == ("ok", False)
    assert eq.run(2**63 - 1, 9223372036854775808.0) == ("ok", False)
    assert lt.run(9223372036854775808.0, 2**63 - 1) == ("ok", False)
    assert eq.run(INT_MIN, -9223372036854775808.0) == ("ok", True)
    ne = op_for("cmp.int_float.ne", operator.ne)
    assert ne.run(0, math.nan) == ("ok", True)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), i=ints)
def test_mixed_compare_random(data: st.DataObject, i: int) -> None:
    f = data.draw(st.one_of(floats, float_near_int(i)))
    if data.draw(st.booleans()):
        i = int(f) if math.isfinite(f) and INT_MIN <= int(f) <= INT_MAX else i
    for key in sorted(MIXED):
        o = op_for(key, MIXED[key])
        if key.startswith("cmp.int_float"):
            o.check(i, f)
        else:
            o.check(f, i)


def test_constant_folded() -> None:
    """-O2 with constant operands (LLVM folds frem, floor, pow special cases...)."""
    operands = [0.0, -0.0, 1.0, -1.0, 0.1, 2.5, -7.0, 1e308, 5e-324, math.inf, -math.inf,
                math.nan]
    cases = list(itertools.product(operands, operands))
    for key in sorted(ARITH):
        op_for(key, ARITH[key]).check_folded(cases)
    mixed = [(i, f) for i in (0, 1, -1, 2**53 + 1, INT_MAX, INT_MIN)
             for f in (0.0, 1.0, -1.0, 0.5, 9007199254740992.0, 2.0**63, -(2.0**63), math.nan)]
    for key in ("cmp.int_float.eq", "cmp.int_float.lt", "cmp.int_float.ge"):
        op_for(key, MIXED[key]).check_folded(mixed)


def store_then_convert(a, x, op):
    a[0] = 1.0                   # after a write lesto cannot deopt: it raises itself
    if op == 0:
        return int(x)
    if op == 1:
        return round(x)
    return math.floor(x)


@pytest.mark.parametrize("op", [0, 1, 2])
@pytest.mark.parametrize("x", [math.nan, math.inf, -math.inf, -(2.0**63), 2.0**63 - 1024,
                               -(2.0**63) + 1024, 0.5, -0.0])
def test_int_of_float_after_a_write_is_cpythons(x: float, op: int) -> None:
    """nan and inf raise CPython's ValueError/OverflowError with its messages; -2**63 (the
    one double in range outside the fast path's |x| < 2**63) converts exactly."""
    import numpy as np

    from tests.support.differential import run_both

    run_both(store_then_convert, (np.zeros(2), x, op))
