"""backend/lower_xint.py and objrefs' XINT slots: int arithmetic in object code is native
with an exact fallback (the typed IR says so), the PyLongs an overflow makes are released
(memory flat over many calls), and objects passed through keep their reference counts.
The results themselves are compared with CPython in tests/data/run-objects-xint.py."""
from __future__ import annotations

import sys
import tracemalloc

import lesto


def powers(n, out):
    total = 0
    for i in range(n):
        out.append(i)
        total += i * i * i * i * i   # past 2**63 from i = 6208 on
    return total


def keep(x, items):
    items.append(x)
    y = x * 3
    z = y
    return z - y + x


def unpack_pairs(pairs):
    s = 0
    for a, b in pairs:
        s += a * b
    return s


def test_int_arithmetic_is_native_with_a_fallback():
    f = lesto.jit(powers, objects=True, strict=True)
    assert f(10, []) == powers(10, [])
    text = f.inspect_types()
    assert "prim xint.mul:int.mul i:int, i:int" in text and "xint.add:int.add" in text


def test_overflowed_values_are_released():
    f = lesto.jit(powers, objects=True, strict=True)
    assert f(7000, []) == powers(7000, [])   # every step after 6208 makes PyLongs
    for _ in range(3):
        f(7000, [])
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(50):
            f(7000, [])
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 100_000, grown   # 50 x 800 leaked PyLongs would be over 1.2 MB


def test_big_argument_counts_flat():
    f = lesto.jit(keep, objects=True, strict=True)
    big = 2**62 + 12345
    items: list[int] = []
    assert f(big, items) == big
    items.clear()
    before = sys.getrefcount(big)
    for _ in range(1000):
        assert f(big, items) == big
    items.clear()
    assert sys.getrefcount(big) == before


def test_unpacked_tuples_released_at_once():
    # the tuple `for a, b in pairs` unpacks is released after its last use (objrefs.Deaths)
    f = lesto.jit(unpack_pairs, objects=True, strict=True)
    pairs = [(i, i + 1) for i in range(100)]
    assert f(pairs) == unpack_pairs(pairs)
    before = [sys.getrefcount(p) for p in pairs[:3]]
    for _ in range(200):
        f(pairs)
    assert [sys.getrefcount(p) for p in pairs[:3]] == before
