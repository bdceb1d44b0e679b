"""Compiled calls must neither leak nor over-release references, on the native fast path and on
calls that deopt (int results past 64 bits, exceptions, big ints passed in).

Each scenario is called 10000 times: the reference counts of the argument objects (and of the
items of tuple arguments) must be unchanged, and tracemalloc's traced memory must stay flat."""
from __future__ import annotations

import pytest

import lesto
from tests.support.differential import run_both
from tests.support.refs import assert_memory_flat, assert_refcounts_stable


def ident(a):
    return a


def add(a, b):
    return a + b


def fmix(x, y):
    return x * y + 1.0


def pack(a, b):
    return (a, b, a)


def swap_pair(t):
    a, b = t
    return b, a


def tuple_sum(t):
    return t[0] + t[1] * t[2]


def floordiv(a, b):
    return a // b


def checked(x):
    if x < 0:
        raise ValueError("negative")
    return x * 2


def fpow(x, y):
    return x ** y


def mixed_union(flag, a):
    r = a if flag else a * 0.5
    return r


# Arguments are built at run time (not constants of this module) and are large enough not to be
# cached or immortal singletons, so their reference counts are meaningful.
def _int(text: str) -> int:
    return int(text)


def _float(text: str) -> float:
    return float(text)


SCENARIOS = {
    # native fast path
    "ident_int": (ident, lambda: (_int("1000003"),)),
    "ident_float": (ident, lambda: (_float("2.5"),)),
    "ident_tuple": (ident, lambda: ((_int("1000003"), _float("0.25")),)),
    "add_ints": (add, lambda: (_int("1000003"), _int("2000003"))),
    "fmix_floats": (fmix, lambda: (_float("1.25"), _float("-3.5"))),
    "pack_returns_args": (pack, lambda: (_int("1000003"), _float("7.5"))),
    "swap_tuple": (swap_pair, lambda: ((_int("1000003"), _float("7.5")),)),
    "tuple_sum": (tuple_sum, lambda: ((_int("1000003"), _int("1000005"), _int("1000007")),)),
    "union_result": (mixed_union, lambda: (False, _int("1000003"))),
    # calls that deopt
    "add_overflows_64_bits": (add, lambda: (_int(str(2**62)), _int(str(2**62)))),
    "add_big_int_argument": (add, lambda: (_int(str(2**70)), _int("1000003"))),
    "ident_big_int": (ident, lambda: (_int(str(2**70)),)),
    "floordiv_by_zero": (floordiv, lambda: (_int("1000003"), _int("0"))),
    "raise_value_error": (checked, lambda: (_int("-1000003"),)),
    "float_pow_overflow": (fpow, lambda: (_float("2.0"), _float("10000.0"))),
    "float_pow_complex": (fpow, lambda: (_float("-8.0"), _float("0.5"))),
    "tuple_with_big_int": (tuple_sum, lambda: ((_int(str(2**70)), _int("3"), _int("1000007")),)),
}


def _prepare(name: str):
    fn, make_args = SCENARIOS[name]
    args = make_args()
    run_both(fn, args)  # the answer is right before we count references
    return lesto.jit(strict=True)(fn), args


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_refcounts_unchanged(name: str) -> None:
    dispatcher, args = _prepare(name)
    assert_refcounts_stable(dispatcher, args, calls=10_000)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_memory_flat(name: str) -> None:
    dispatcher, args = _prepare(name)
    assert_memory_flat(dispatcher, args, calls=10_000, warmup=1_000, slack=100_000)


def test_refcount_checker_detects_a_leak() -> None:
    kept = []

    def leaky(a):
        kept.append(a)
        return a

    with pytest.raises(AssertionError):
        assert_refcounts_stable(leaky, (_int("1000003"),), calls=100)


def test_memory_checker_detects_growth() -> None:
    kept = []

    def hoarder(a):
        kept.append(bytes(64))
        return a

    with pytest.raises(AssertionError):
        assert_memory_flat(hoarder, (1,), calls=10_000, warmup=10, slack=100_000)
