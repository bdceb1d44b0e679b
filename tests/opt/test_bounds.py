"""opt/bounds.py: array indices that walk a range loop are hinted with the range, and the
hinted check still raises numpy's IndexError whenever the range does not fit the array."""
from __future__ import annotations

import numpy as np
import pytest

from lesto import pipeline
from lesto.infer.infer import infer_program
from lesto.infer.specialize import specialize_program
from lesto.ir.nodes import Prim
from lesto.opt.bounds import hint_index_ranges
from lesto.types.typeof import typeof
from tests.support.differential import run_both


def dot_rows(a, b, k):
    s = 0.0
    for q in range(k):
        s += a[0, q] * b[q, 0]
    return s


def shifted(a, lo, hi):
    s = 0.0
    for i in range(lo, hi):
        s += a[i - 1]      # the loop index minus 1: hinted with the offset
        s += a[i]
    return s


def five_point(u, lo, hi):
    s = 0.0
    for i in range(lo, hi):
        for j in range(lo, hi):
            s += u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[1 + j + 0, i] * 0.5 + u[i, j]
    return s


def scaled(a, n):
    s = 0.0
    for i in range(n):
        s += a[2 * i]        # not an offset: no hint
    return s


def backwards(a, n):
    s = 0.0
    for i in range(n, -1, -1):
        s += a[i]
    return s


def hinted_accesses(func, args):
    prog = infer_program(func, tuple(typeof(a) for a in args), pipeline.untyped_ir)
    fn = specialize_program(prog)[prog.root]
    hint_index_ranges(fn)
    return [op for b in fn.blocks for op in b.ops
            if isinstance(op, Prim) and op.impl.startswith("array.getitem")]


def test_range_indices_are_hinted() -> None:
    ops = hinted_accesses(dot_rows, (np.ones((2, 3)), np.ones((3, 2)), 3))
    assert [op.impl for op in ops] == ["array.getitem.hinted"] * 2
    ops = hinted_accesses(shifted, (np.ones(5), 1, 5))
    assert [op.impl for op in ops] == ["array.getitem.hinted"] * 2
    assert [op.args[-1].value for op in ops] == [-1, 0]
    ops = hinted_accesses(five_point, (np.ones((4, 4)), 1, 3))
    assert [op.impl for op in ops] == ["array.getitem.hinted"] * 5
    assert [[c.value for c in op.args[3:][2::3]] for op in ops] == \
        [[-1, 0], [1, 0], [0, -1], [1, 0], [0, 0]]
    ops = hinted_accesses(scaled, (np.ones(9), 3))
    assert [op.impl for op in ops] == ["array.getitem"]
    assert [op.impl for op in hinted_accesses(backwards, (np.ones(5), 4))] == ["array.getitem"]


@pytest.mark.parametrize("k", [0, 1, 3, 4, 7])
def test_hinted_checks_still_raise(k: int) -> None:
    run_both(dot_rows, (np.arange(12.0).reshape(3, 4), np.arange(12.0).reshape(4, 3), k))


@pytest.mark.parametrize("lo, hi", [(1, 5), (0, 5), (1, 6), (-2, 3), (4, 2), (-7, -5)])
def test_ranges_that_do_not_fit(lo: int, hi: int) -> None:
    run_both(shifted, (np.arange(5.0), lo, hi))


@pytest.mark.parametrize("lo, hi", [(1, 3), (0, 3), (1, 4), (1, 5), (-1, 2), (3, 1), (-5, -3),
                                    (2, 3)])
def test_offset_indices_that_do_not_fit(lo: int, hi: int) -> None:
    run_both(five_point, (np.arange(16.0).reshape(4, 4), lo, hi))


@pytest.mark.parametrize("n", [4, 5, -1])
def test_negative_steps_keep_their_checks(n: int) -> None:
    run_both(backwards, (np.arange(5.0), n))
