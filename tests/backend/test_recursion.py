"""Recursion depth in compiled code (backend/lower.py, recursion_limit): a function in a
recursive cycle counts its depth and, beyond Python's recursion limit, leaves for the
interpreter (or, once it has written to an array, raises RecursionError itself) instead of
overflowing the C stack."""
from __future__ import annotations

import numpy as np
import pytest

import lesto
from tests.support.differential import run_both


def countdown(n):
    if n <= 0:
        return 0
    return n * n + countdown(n - 1)


def fill(a, i):
    if i >= a.shape[0]:
        return 0
    a[i] = i
    return 1 + fill(a, i + 1)


def even(n):
    return True if n == 0 else odd(n - 1)


def odd(n):
    return False if n == 0 else even(n - 1)


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


@pytest.mark.parametrize("fn, args", [
    (countdown, (0,)), (countdown, (300,)), (countdown, (100_000,)), (countdown, (3_000_000,)),
    (even, (101,)), (even, (1_000_000,)), (odd, (7,)),
    (fib, (0,)), (fib, (18,)),
    (fill, (np.zeros(40), 0)),
])
def test_same_outcome_as_cpython(fn, args):
    run_both(fn, args)


def core_params(f, name: str) -> int:
    import re

    line = re.search(rf'^define internal [^\n]*\.{name}\.\d+"?\((.*?)\)', f.inspect_llvm(), re.M)
    assert line, name
    return len(line.group(1).split(","))


def test_depth_is_a_hidden_argument():
    f = lesto.jit(countdown)
    f(3)
    assert core_params(f, "countdown") == 2      # n and the depth
    g = lesto.jit(plain_sum)
    g(3)
    assert core_params(g, "plain_sum") == 1      # not recursive: no depth


def plain_sum(n):
    s = 0
    for i in range(n):
        s += i
    return s


def test_raised_after_a_write_is_recursion_error():
    a = np.zeros(100_000)
    with pytest.raises(RecursionError, match="maximum recursion depth exceeded"):
        lesto.jit(fill)(a, 0)
    assert a[5] == 5.0     # the writes made before it stay, as in CPython
    # (how deep it got first differs: CPython counts the frames below the call too)
