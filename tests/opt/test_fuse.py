"""opt/fuse.py: `c * n + d` becomes one int.affine, and in functions that write to no array a
windowed affine of a branch arm moves up to the branch (its test then runs on both paths; a
false alarm there must only cost a re-run in the interpreter, never a wrong answer)."""
from __future__ import annotations

import numpy as np
import pytest

from lesto import pipeline
from lesto.infer.infer import infer_program
from lesto.infer.specialize import specialize_program
from lesto.ir.nodes import Branch, Prim
from lesto.opt.fuse import fuse_affine, speculate_affine
from lesto.types.typeof import typeof
from tests.support.differential import run_both


def step(n):
    if n % 2 == 0:
        n = n // 2
    else:
        n = 3 * n + 1
    return n


def steps(n, k):
    count = 0
    while n != 1 and count < k:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        count += 1
    return n, count


def big_multiplier(n):
    if n > 0:
        return 5 * n + 1     # |c| > 3: an exact range test, never moved
    return n


def write_then_step(a, n):
    a[0] = 1.0
    if n % 2 == 0:
        n = n // 2
    else:
        n = 3 * n + 1
    return n


def typed(func, args):
    prog = infer_program(func, tuple(typeof(a) for a in args), pipeline.untyped_ir)
    return specialize_program(prog)[prog.root]


def affine_blocks(fn):
    return [(b, op) for b in fn.blocks for op in b.ops
            if isinstance(op, Prim) and op.impl == "int.affine"]


def test_affine_moves_to_the_branching_block() -> None:
    fn = typed(step, (7,))
    assert fuse_affine(fn) == 1
    [(arm, _)] = affine_blocks(fn)
    assert speculate_affine(fn) == 1
    [(head, op)] = affine_blocks(fn)
    assert head is not arm and isinstance(head.ops[-1], Branch)
    assert head.ops[-2] is op


def test_large_multipliers_stay_in_their_arm() -> None:
    fn = typed(big_multiplier, (7,))
    assert fuse_affine(fn) == 1
    assert speculate_affine(fn) == 0


@pytest.mark.parametrize("n", [1, 6, 7, 2**61 - 1, 2**61, 2**61 + 2, 2**62, 2**63 - 2,
                               -(2**61) - 2, -(2**63), 3074457345618258602,
                               3074457345618258603, -3074457345618258603])
def test_false_alarms_on_the_other_path_give_the_exact_answer(n: int) -> None:
    run_both(step, (n,))
    run_both(steps, (n, 5))


@pytest.mark.parametrize("n", [2**61 + 6, 2**62, -(2**61) - 8, 7])
def test_functions_that_write_keep_an_exact_test(n: int) -> None:
    # speculated, the window test would fire for these even n after the write and raise
    # OverflowError although n // 2 is exact
    run_both(write_then_step, (np.zeros(2), n))
