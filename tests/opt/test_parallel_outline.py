"""opt/parallel.py: a prange loop becomes one `prange.run` of an outlined body that starts each
reduction at its identity; loops without parallel=True stay loops."""
from __future__ import annotations

import numpy as np

import lesto


def kernel(a, out):
    s = 0.0
    hi = -1
    for i in lesto.prange(a.shape[0]):
        out[i] = a[i] * 2.0
        s += float(a[i])
        hi = max(hi, i)
    return s + hi


def test_outlined_body_and_run():
    f = lesto.jit(parallel=True, strict=True)(kernel)
    a = np.arange(10.0)
    assert f(a, np.zeros(10)) == kernel(a, np.zeros(10))
    text = f.inspect_types()
    outer, body = text.split("\n\n")[0], text.split("\n\n")[1]
    assert "prim prange.run:" in outer and ":max,add " in outer   # hi, s (by name)
    assert "array.setitem" not in outer            # the writes moved into the body
    assert ".prange1($plo:int, $phi:int, $pstopw:int" in body
    assert "prange.identity:add" in body and "prange.identity:max" in body
    assert "array.setitem" in body


def test_sequential_without_parallel():
    f = lesto.jit(strict=True)(kernel)
    f(np.arange(3.0), np.zeros(3))
    assert "prange" in f.inspect_types()            # the loop head keeps its label
    assert "prange.run" not in f.inspect_types()
