"""backend/inline.py: small non-recursive callees are marked alwaysinline (and vanish from
the optimised code); recursive and large ones stay calls."""
from __future__ import annotations

import numpy as np

import lesto


def nearest(points, i, centroids):
    best = 0
    best_d = 1e300
    for c in range(centroids.shape[0]):
        d = 0.0
        for j in range(points.shape[1]):
            diff = points[i, j] - centroids[c, j]
            d += diff * diff
        if d < best_d:
            best_d = d
            best = c
    return best, best_d


def assign(points, centroids):
    total = 0.0
    for i in range(points.shape[0]):
        best, d = nearest(points, i, centroids)
        total += d + best
    return total


def fact(n):
    return 1 if n < 2 else n * fact(n - 1)


def uses_fact(n):
    return fact(n) + 1


def test_small_helper_is_inlined() -> None:
    f = lesto.jit(assign, strict=True, tier="full")
    p, c = np.arange(12.0).reshape(6, 2), np.arange(6.0).reshape(3, 2)
    assert f(p, c) == assign(p, c)
    defs = [line for line in f.inspect_llvm().splitlines()
            if line.startswith("define") and ".nearest." in line]
    assert len(defs) == 1 and "alwaysinline" in defs[0]
    assert not [line for line in f.inspect_asm().splitlines() if "nearest" in line]


def test_recursive_callee_is_not_marked() -> None:
    f = lesto.jit(uses_fact, strict=True, tier="full")
    assert f(10) == uses_fact(10)
    defs = [line for line in f.inspect_llvm().splitlines()
            if line.startswith("define") and ".fact." in line]
    assert defs and not any("alwaysinline" in d for d in defs)
