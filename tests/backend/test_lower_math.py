"""Differential tests of lower_math and lower_round (math module, round, divmod) against
CPython, plus the registry coverage check and the AArch64 cross-compilation check."""
from __future__ import annotations

import itertools
import math
import sys
from typing import Any, Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness import (FLOAT_EDGES, INT_EDGES, INT_MAX, INT_MIN, MATH_BINARY, MATH_UNARY,
                     SIGNATURES, emit_object_for, op_for)
from lesto.backend import lower_float, lower_int, lower_math, lower_round
from lesto.backend.registry import LOWERINGS


def math_fn(name: str) -> Callable[..., Any]:
    if name == "log_base":
        return lambda x, b: math.log(x, b)
    return getattr(math, name)


UNARY = {f"math.{n}": math_fn(n) for n in MATH_UNARY if n == "fabs" or hasattr(math, n)}
BINARY = {f"math.{n}": math_fn(n) for n in MATH_BINARY}
PREDICATES = {f"math.{n}": math_fn(n) for n in ("isnan", "isinf", "isfinite")}
TO_INT = {f"math.{n}": math_fn(n) for n in ("floor", "ceil", "trunc")}

UNARY_EXTRA = [0.25, 0.75, -0.75, 0.999, 1.0001, 1.5707963267948966, 3.141592653589793, 4.0,
               -4.0, 20.0, 30.0, 100.0, 709.0, 711.0, -708.0, -746.0, 1e-310, 1e15, 1e22,
               2.0**-1022, -20.0, 88.7, -0.9999999999999999]
GAMMA_EXTRA = ([float(i) for i in range(-5, 31)] + [i + 0.5 for i in range(-8, 30)]
               + [4.99, 5.0000001, 5.524680040776729, 5.6, 139.9, 140.1, 171.62, 171.63, -171.5,
                  -200.5, 199.9, 200.0, 200.1, 1e-21, -1e-21, 1e-19, -1e-19, 1e-308, -183.7,
                  -0.001, 0.001, 1.0000001, 1.9999999, -2.0000001])
UNARY_OPERANDS = FLOAT_EDGES + UNARY_EXTRA

floats = st.one_of(st.floats(), st.floats(-1e3, 1e3), st.floats(-2.0, 2.0),
                   st.sampled_from(FLOAT_EDGES))


@pytest.mark.parametrize("key", sorted(UNARY))
def test_unary_edges(key: str) -> None:
    o = op_for(key, UNARY[key])
    extra = GAMMA_EXTRA if key in ("math.gamma", "math.lgamma") else []
    for x in UNARY_OPERANDS + extra:
        o.check(x)


@settings(max_examples=300, deadline=None)
@given(x=floats)
def test_unary_random(x: float) -> None:
    for key in sorted(UNARY):
        op_for(key, UNARY[key]).check(x)


@pytest.mark.parametrize("key", ["math.gamma", "math.lgamma"])
@settings(max_examples=300, deadline=None)
@given(x=st.one_of(st.floats(-250.0, 250.0), st.floats(-1e-15, 1e-15),
                   st.integers(-300, 300).map(lambda i: i / 4)))
def test_gamma_random(key: str, x: float) -> None:
    op_for(key, UNARY[key]).check(x)


BINARY_OPERANDS = FLOAT_EDGES + [4.0, -4.0, 3.0e-320, 1e-310, 0.75, 1e200, -1e200, 2.0**-1024,
                                 2.0**-1023, 2.0**1023, 5.0, 12.0]


@pytest.mark.parametrize("key", sorted(BINARY))
def test_binary_edges(key: str) -> None:
    o = op_for(key, BINARY[key])
    for a, b in itertools.product(BINARY_OPERANDS, BINARY_OPERANDS):
        o.check(a, b)


@pytest.mark.parametrize("key", sorted(BINARY))
@settings(max_examples=300, deadline=None)
@given(a=floats, b=floats)
def test_binary_random(key: str, a: float, b: float) -> None:
    op_for(key, BINARY[key]).check(a, b)


@settings(max_examples=300, deadline=None)
@given(a=st.floats(0.0, 1e-300), b=st.floats(0.0, 1e-300), neg=st.booleans())
def test_hypot_tiny(a: float, b: float, neg: bool) -> None:
    op_for("math.hypot", math.hypot).check(-a if neg else a, b)


def test_known_values() -> None:
    assert op_for("math.sqrt", math.sqrt).run(-1.0)[0] == "deopt"
    assert op_for("math.log", math.log).run(0.0)[0] == "deopt"
    assert op_for("math.exp", math.exp).run(1000.0)[0] == "deopt"
    assert op_for("math.exp", math.exp).run(math.inf) == ("ok", math.inf)
    assert op_for("math.sin", math.sin).run(math.inf)[0] == "deopt"
    assert op_for("math.gamma", math.gamma).run(-3.0)[0] == "deopt"
    assert op_for("math.gamma", math.gamma).run(5.0) == ("ok", 24.0)
    assert op_for("math.hypot", math.hypot).run(3.0, 4.0) == ("ok", 5.0)
    assert op_for("math.hypot", math.hypot).run(math.inf, math.nan) == ("ok", math.inf)
    log_base = BINARY["math.log_base"]
    assert op_for("math.log_base", log_base).run(8.0, 1.0)[0] == "deopt"
    assert op_for("math.log_base", log_base).run(8.0, 2.0) == ("ok", math.log(8.0, 2.0))
    assert op_for("math.fmod", math.fmod).run(1.0, 0.0)[0] == "deopt"
    assert op_for("math.pow", math.pow).run(0.0, -1.0)[0] == "deopt"


@pytest.mark.parametrize("key", sorted(PREDICATES))
def test_predicates(key: str) -> None:
    for x in UNARY_OPERANDS:
        op_for(key, PREDICATES[key]).check(x)


@pytest.mark.parametrize("key", sorted(TO_INT))
def test_to_int(key: str) -> None:
    o = op_for(key, TO_INT[key])
    for x in UNARY_OPERANDS + [-0.5, 0.5, -(2.0**63) - 2048, 9.2e18, -9.2e18]:
        o.check(x)


@pytest.mark.parametrize("key", sorted(TO_INT))
@settings(max_examples=300, deadline=None)
@given(x=floats)
def test_to_int_random(key: str, x: float) -> None:
    op_for(key, TO_INT[key]).check(x)


ints = st.one_of(st.integers(INT_MIN, INT_MAX), st.integers(-10**6, 10**6),
                 st.sampled_from(INT_EDGES))


def test_gcd() -> None:
    o = op_for("math.gcd", math.gcd)
    for a, b in itertools.product(INT_EDGES, INT_EDGES):
        o.check(a, b)
    assert o.run(INT_MIN, 0)[0] == "deopt"
    assert o.run(INT_MIN, 6) == ("ok", 2)


@settings(max_examples=300, deadline=None)
@given(a=ints, b=ints, k=st.integers(1, 10**6))
def test_gcd_random(a: int, b: int, k: int) -> None:
    o = op_for("math.gcd", math.gcd)
    o.check(a, b)
    if abs(a * k) <= INT_MAX and abs(b * k) <= INT_MAX:
        o.check(a * k, b * k)


# --- round and divmod --------------------------------------------------------------------------

HALVES = [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.5, 4.5, 0.49999999999999994, 2.0**52 - 0.5,
          4503599627370497.0, 1e18, -1e18, 9.2e18, 9.3e18, -9.3e18]


def test_round_float() -> None:
    o = op_for("builtin.round_float", round)
    for x in FLOAT_EDGES + HALVES:
        o.check(x)


@settings(max_examples=300, deadline=None)
@given(x=floats)
def test_round_float_random(x: float) -> None:
    op_for("builtin.round_float", round).check(x)


def round_ndigits(x: float, n: int) -> float:
    return round(x, n)


ROUND_X = FLOAT_EDGES + [2.675, 0.125, 0.375, -0.125, 2.5, 0.285, 1.005, 5e-5, 0.05, 1234.5678,
                         -1234.5678, 0.0001234, 123456789.5, 1e22, 1e-22, 3.14159, 1e23, 5e-23,
                         1.25e-20, 1.5e21]
ROUND_N = list(range(-25, 26)) + [-308, -309, -400, 100, 300, 323, 324, 400, INT_MAX, INT_MIN]


def test_round_float_ndigits_edges() -> None:
    o = op_for("builtin.round_float_ndigits", round_ndigits)
    for x, n in itertools.product(ROUND_X, ROUND_N):
        o.check(x, n, may_deopt=True)


def test_round_float_ndigits_known() -> None:
    o = op_for("builtin.round_float_ndigits", round_ndigits)
    assert o.run(2.675, 2) == ("ok", 2.67)        # 2.675 is below the tie in binary
    assert o.run(0.125, 2) == ("ok", 0.12)        # exact tie: to even
    assert o.run(0.375, 2) == ("ok", 0.38)
    assert o.run(-0.4, 0)[1] == -0.0 and math.copysign(1.0, o.run(-0.4, 0)[1]) < 0
    assert o.run(1.7976931348623157e308, -308)[0] == "deopt"   # OverflowError


@settings(max_examples=300, deadline=None)
@given(x=floats, n=st.integers(-30, 30))
def test_round_float_ndigits_random(x: float, n: int) -> None:
    op_for("builtin.round_float_ndigits", round_ndigits).check(x, n, may_deopt=True)


@settings(max_examples=300, deadline=None)
@given(x=st.floats(-1e6, 1e6), n=st.integers(-8, 8))
def test_round_float_ndigits_ordinary_inputs_never_deopt(x: float, n: int) -> None:
    assert op_for("builtin.round_float_ndigits", round_ndigits).check(x, n) == "ok"


@settings(max_examples=300, deadline=None)
@given(m=st.integers(-10**9, 10**9), k=st.integers(1, 9), n=st.integers(0, 12))
def test_round_float_ndigits_decimal_ties(m: int, k: int, n: int) -> None:
    """Values written with a few decimals, some exact binary ties (like 0.125)."""
    x = (m + 0.5) / 10**k if k <= 3 else m / 10**k
    op_for("builtin.round_float_ndigits", round_ndigits).check(x, n, may_deopt=True)
    op_for("builtin.round_float_ndigits", round_ndigits).check(m / 8, n % 4)


@settings(max_examples=300, deadline=None)
@given(x=st.floats(0.01, 100.0), n=st.integers(13, 18), neg=st.booleans())
def test_round_float_ndigits_near_full_precision(x: float, n: int, neg: bool) -> None:
    """Keeping ~16-17 significant digits: the result often differs from x in the last bit;
    this is the band where the lowering may deopt, so it must never be wrong."""
    op_for("builtin.round_float_ndigits", round_ndigits).check(-x if neg else x, n,
                                                               may_deopt=True)


@settings(max_examples=300, deadline=None)
@given(f=st.floats(0.01, 3.0), n=st.one_of(st.integers(-60, -23), st.integers(23, 60)))
def test_round_float_ndigits_outside_exact_powers(f: float, n: int) -> None:
    """|n| > 22 (10**|n| is not a double): results near 0.5 * 10**-n and near x."""
    x = f * 10.0**-n
    op_for("builtin.round_float_ndigits", round_ndigits).check(x, n, may_deopt=True)
    op_for("builtin.round_float_ndigits", round_ndigits).check(x * 2.0**60, n, may_deopt=True)


def round_int_ref(x: int, n: int) -> int:
    if n < -40:
        return 0     # |x| < 10**19 < 0.5 * 10**-n; CPython would build 10**-n first
    return round(x, n)


def test_round_int_ndigits() -> None:
    o = op_for("builtin.round_int_ndigits", round_int_ref)
    for x, n in itertools.product(INT_EDGES + [15, 25, 35, -25, -35, 150, 250, 5 * 10**17],
                                  list(range(-21, 3)) + [-100, 5, INT_MAX, INT_MIN]):
        o.check(x, n)


@settings(max_examples=300, deadline=None)
@given(x=ints, n=st.integers(-22, 3))
def test_round_int_ndigits_random(x: int, n: int) -> None:
    op_for("builtin.round_int_ndigits", round_int_ref).check(x, n)


def test_divmod_int() -> None:
    o = op_for("builtin.divmod_int", divmod)
    for a, b in itertools.product(INT_EDGES, INT_EDGES):
        o.check(a, b)


@settings(max_examples=300, deadline=None)
@given(a=ints, b=ints)
def test_divmod_int_random(a: int, b: int) -> None:
    op_for("builtin.divmod_int", divmod).check(a, b)


def test_divmod_float() -> None:
    o = op_for("builtin.divmod_float", divmod)
    for a, b in itertools.product(BINARY_OPERANDS, BINARY_OPERANDS):
        o.check(a, b)


@settings(max_examples=300, deadline=None)
@given(a=floats, b=floats)
def test_divmod_float_random(a: float, b: float) -> None:
    op_for("builtin.divmod_float", divmod).check(a, b)


def test_constant_folded() -> None:
    """-O2 with constant operands: LLVM folds intrinsics, but libm calls stay calls."""
    xs = [0.0, -0.0, 0.5, 2.5, -2.5, 1e-20, 3.7, -3.7, 171.7, 1e308, math.inf, -math.inf,
          math.nan]
    for key in ("math.gamma", "math.lgamma", "math.sqrt", "math.exp", "math.log1p"):
        op_for(key, UNARY[key]).check_folded([(x,) for x in xs])
    pairs = list(itertools.product(xs, xs))
    for key in ("math.hypot", "math.atan2", "math.pow", "math.fmod"):
        op_for(key, BINARY[key]).check_folded(pairs)
    op_for("builtin.divmod_float", divmod).check_folded(pairs)
    rounds = [(x, n) for x in (2.675, 0.125, -0.4, 1234.5678, 1e300, 5e-324)
              for n in (-400, -30, -2, 0, 2, 17, 30, 400)]
    op_for("builtin.round_float_ndigits", round_ndigits).check_folded(rounds, may_deopt=True)


# --- registry coverage and portability ---------------------------------------------------------

MODULES = (lower_int, lower_float, lower_math, lower_round)


def keys_of(module: Any) -> list[str]:
    return sorted(k for k, fn in LOWERINGS.items() if fn.__module__ == module.__name__)


def test_every_key_has_a_signature_and_is_registered() -> None:
    ours = {k for m in MODULES for k in keys_of(m)}
    assert ours == set(SIGNATURES), (ours ^ set(SIGNATURES))


def test_lowerings_register_through_load_all() -> None:
    from lesto.backend.registry import load_all
    assert set(SIGNATURES) <= set(load_all())


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_emits_for_aarch64(module: Any) -> None:
    keys = [(k, *SIGNATURES[k]) for k in keys_of(module)]
    assert keys
    obj = emit_object_for("aarch64-unknown-linux-gnu", keys)
    assert obj[:4] == b"\x7fELF" and obj[18] == 183    # e_machine == EM_AARCH64


def test_python_version_specific_hypot_is_the_running_one() -> None:
    """hypot mirrors CPython's vector_norm, whose algorithm changed in 3.12."""
    o = op_for("math.hypot", math.hypot)
    for a, b in [(1.0, 1e-8), (0.6, 0.8), (1e-310, 3e-310), (2.0**-1070, 2.0**-1073)]:
        o.check(a, b)
    assert sys.version_info >= (3, 10)
