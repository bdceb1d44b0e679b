"""opt/ranges.py: overflow checks are removed only where no overflow is possible, and the
fast clone for small int arguments gives the same answers as the checked body."""
from __future__ import annotations

import pytest

import lesto
from lesto import pipeline
from lesto.infer.infer import infer_program
from lesto.infer.specialize import specialize_program
from lesto.ir.nodes import Prim
from lesto.opt.ranges import ARG_BOUND, remove_overflow_checks, version_function
from lesto.types.core import INT


def poly(i, j):
    ij = i + j
    return ij * (ij + 1) // 2 + i + 1


def loop_sum(n):
    s = 0
    for i in range(100):
        s += i * i
    return s + n


def typed(func, sig):
    prog = infer_program(func, sig, pipeline.untyped_ir)
    return specialize_program(prog)[prog.root]


def impls(fn) -> list[str]:
    return [op.impl for b in fn.blocks for op in b.ops if isinstance(op, Prim)]


def test_unbounded_arguments_keep_their_checks() -> None:
    fn = typed(poly, (INT, INT))
    assert remove_overflow_checks(fn, {}) == 0
    assert "int.add" in impls(fn) and "int.mul" in impls(fn)


def test_constant_range_loop_needs_no_check_for_its_index_arithmetic() -> None:
    fn = typed(loop_sum, (INT,))
    remove_overflow_checks(fn, {})
    assert "int.mul_nsw" in impls(fn)      # i * i with 0 <= i < 100
    assert "int.add" in impls(fn)          # s + n: n is unbounded


def test_small_argument_clone_drops_the_checks() -> None:
    fn = typed(poly, (INT, INT))
    clone = version_function(fn)
    assert clone is not None
    assert not {"int.add", "int.mul"} & set(impls(clone))
    assert {"int.add", "int.mul"} <= set(impls(fn))   # the general body is untouched


EDGES = [0, 1, -1, ARG_BOUND, -ARG_BOUND, ARG_BOUND + 1, -ARG_BOUND - 1, 2**62, -(2**62),
         2**63 - 1, -(2**63)]


@pytest.mark.parametrize("i", EDGES)
@pytest.mark.parametrize("j", EDGES)
def test_both_versions_match_cpython(i: int, j: int) -> None:
    f = lesto.jit(poly, strict=True)
    assert f(i, j) == poly(i, j)
