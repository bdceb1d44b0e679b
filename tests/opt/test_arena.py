"""opt/arena.py: arrays made inside a loop are released at the end of each iteration unless
a variable live at the loop head still refers to them (constant memory, right answers)."""
from __future__ import annotations

import tracemalloc

import numpy as np

import lesto
from tests.support.differential import run_both


def row_sum(m):
    s = 0.0
    for row in m:
        s += row[0]
    return s


def keep_last(m):
    last = m[0]
    for i in range(len(m)):
        t = m[i] * 2.0       # a new array each iteration; only the last one survives
        last = t
    return last


def carried_pair(m):
    pair = (m[0], m[0])
    for i in range(1, len(m)):
        pair = (m[i], pair[0])   # arrays carried from one iteration to the next in a tuple
    return pair[1][0] + pair[0][0]


def with_continue(m):
    s = 0.0
    for i in range(len(m)):
        r = m[i]
        if i % 2 == 0:
            continue
        s += r[1]
    return s


def scalar_loop(n):
    s = 0
    for i in range(n):
        s += i
    return s


def test_answers_match() -> None:
    m = np.arange(40.0).reshape(20, 2)
    for fn in (row_sum, keep_last, carried_pair, with_continue):
        run_both(fn, (m,))


def test_a_loop_making_views_runs_in_constant_memory() -> None:
    f = lesto.jit(row_sum, strict=True)
    m = np.arange(400000.0).reshape(200000, 2)
    assert f(m) == row_sum(m)
    tracemalloc.start()
    try:
        f(m)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # 200000 row views alive at once would take well over 10 MB
    assert peak < 2 * 2**20, peak


def test_loops_that_make_no_arrays_have_no_release() -> None:
    f = lesto.jit(scalar_loop, strict=True)
    assert f(10) == 45
    assert "prim arena." not in f.inspect_types()
