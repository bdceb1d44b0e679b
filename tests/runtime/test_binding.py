"""Keyword and default arguments of compiled functions reach compiled code natively: the
switch's binding entries (backend/forward_ir.py, lesto_bind) gather the arguments in parameter
order, defaults included, and call the specialization; no Python code after the first call of
each call shape."""
from __future__ import annotations

import gc
import sys
from typing import Any, Iterator

import pytest

import lesto
from tests.runtime.slowpath import counting_slow_path


@pytest.fixture
def slow_calls() -> Iterator[list[tuple[Any, ...]]]:
    yield from counting_slow_path()


def sub(a, b=10):
    return a - b


def scale(x, *, by=2.0, shift=0.5):
    return x * by + shift


def test_keywords_and_defaults_run_natively(slow_calls: list[Any]) -> None:
    f = lesto.jit(sub, strict=True)
    calls = [((5,), {}), ((5,), {"b": 1}), ((), {"b": 1, "a": 5}), ((), {"a": 7}),
             ((5, 2), {})]
    for _ in range(2):
        for args, kwargs in calls:
            assert f(*args, **kwargs) == sub(*args, **kwargs)
    del slow_calls[:]
    for _ in range(3):
        for args, kwargs in calls:
            assert f(*args, **kwargs) == sub(*args, **kwargs)
    assert slow_calls == []
    assert f.compile_count == 1 and f.deopt_count == 0


def test_keyword_only_parameters_compile_and_run_natively(slow_calls: list[Any]) -> None:
    f = lesto.jit(scale, strict=True)
    calls = [((1.0,), {}), ((1.0,), {"by": 3.0}), ((1.0,), {"shift": 0.0, "by": 1.0}),
             ((), {"x": 2.0, "shift": 1.0})]
    for _ in range(2):
        for args, kwargs in calls:
            assert f(*args, **kwargs) == scale(*args, **kwargs)
    del slow_calls[:]
    for args, kwargs in calls:
        assert f(*args, **kwargs) == scale(*args, **kwargs)
    assert slow_calls == [] and f.compile_count == 1
    assert f(2, by=3) == 6.5 and f(2, by=3) == 6.5      # other types: a new signature
    assert f.compile_count == 2


def test_binding_keeps_references_and_big_ints_deopt() -> None:
    f = lesto.jit(sub, strict=True)
    x, y = 123456789, 987654321
    f(x, b=y)
    f(x, b=y)
    gc.collect()
    before = (sys.getrefcount(x), sys.getrefcount(y))
    for _ in range(10_000):
        f(x, b=y)
        f(x)
    gc.collect()
    assert (sys.getrefcount(x), sys.getrefcount(y)) == before
    assert f(2**70, b=1) == 2**70 - 1 and f.deopt_count == 1
    assert f(-2**63, b=1) == -2**63 - 1 and f.deopt_count == 2


def total(first, *rest, scale=1):
    s = first
    for i in range(len(rest)):
        s = s + rest[i]
    return s * scale


def test_star_args_are_packed_natively(slow_calls: list[Any]) -> None:
    f = lesto.jit(total, strict=True)
    calls = [((1,), {}), ((1, 2, 3), {}), ((1.5, 2), {}), ((1, 2), {"scale": 3}),
             ((), {"first": 4})]
    for _ in range(2):
        for args, kwargs in calls:
            assert f(*args, **kwargs) == total(*args, **kwargs)
    del slow_calls[:]
    for _ in range(3):
        for args, kwargs in calls:
            got, want = f(*args, **kwargs), total(*args, **kwargs)
            assert got == want and type(got) is type(want)
    assert slow_calls == []
    x = 10**12
    f(x, x, x)
    gc.collect()
    before = sys.getrefcount(x)
    for _ in range(10_000):
        f(x, x, x)
    gc.collect()
    assert sys.getrefcount(x) == before
    assert f(2**62, 2**62, 2**62) == 3 * 2**62 and f.deopt_count == 1
