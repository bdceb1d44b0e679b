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
from tests.support.differential import run_both


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


def steps_to_one(n):
    steps = 0
    total = n
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
        total += n
    return steps, total


def test_counters_are_stepped_unchecked_and_checked_at_polls() -> None:
    from lesto.opt.ranges import check_counters_at_polls

    fn = typed(steps_to_one, (INT,))
    counters = check_counters_at_polls(fn)
    assert [v.name for v in counters] == ["steps:int"]    # total += n is not a counter
    assert "int.add_nsw" in impls(fn) and "int.mul" in impls(fn)
    polls = [op for b in fn.blocks for op in b.ops
             if isinstance(op, Prim) and op.impl == "signal.poll"]
    assert polls and all(op.args == counters for op in polls)


def test_argument_is_never_a_counter() -> None:
    from lesto.opt.ranges import check_counters_at_polls

    def count_down(n):
        while n > 0:
            n -= 1
        return n

    fn = typed(count_down, (INT,))
    assert check_counters_at_polls(fn) == []


@pytest.mark.parametrize("n", [1, 7, 27, 97, 2**40 + 1, 2**62 + 3])
def test_counter_loop_matches_cpython(n: int) -> None:
    f = lesto.jit(steps_to_one, strict=True)
    assert f(n) == steps_to_one(n)


def eval_a(i, j):
    ij = i + j
    return 1.0 / (ij * (ij + 1) // 2 + i + 1)


def row_sum(i, n):
    s = 0.0
    for j in range(n):
        s += eval_a(i, j)
    return s


def countdown(n):
    if n <= 0:
        return 0
    return n * n + countdown(n - 1)


def test_a_clone_calls_its_callees_clones():
    """row_sum's clone (|i|, |n| <= 2**30) knows j < n: its calls of eval_a go straight to
    eval_a's clone, with no entry test per iteration; the general body keeps the switch."""
    import re

    import lesto

    f = lesto.jit(row_sum)
    f(3, 10)
    ir_text = f.inspect_llvm()
    bodies = {m.group(1): m.group(0) for m in re.finditer(
        r'^define [^@]*@"?[\w.]*row_sum\.\d+\.(small|general)\b.*?^}', ir_text, re.M | re.S)}
    assert re.search(r"call [^\n]*eval_a\.\d+\.small", bodies["small"])
    assert not re.search(r"eval_a\.\d+\.small", bodies["general"])


def test_callees_first_order():
    from lesto.opt.ranges import callees_first

    prog = infer_program(row_sum, (INT, INT), pipeline.untyped_ir)
    fns = list(specialize_program(prog).values())
    names = [fn.name.split(".")[-2] for fn in callees_first(fns)]
    assert names.index("eval_a") < names.index("row_sum")


@pytest.mark.parametrize("fn, args", [
    (row_sum, (3, 10)), (row_sum, (0, 0)), (row_sum, (-5, 3)), (row_sum, (2**30 - 2, 4)),
    (row_sum, (2**31, 3)), (row_sum, (2**62, 2)), (row_sum, (-(2**62), 2)),
    (countdown, (30,)), (countdown, (-1,)),
    (countdown, (200,)),
])
def test_clones_stay_exact(fn, args):
    run_both(fn, args)


# ------------------------------------------------------------------ branch conditions
def square_if_small(x):
    if x < 3037000500:
        if x > -3037000500:
            return x * x          # |x| <= 3037000499: x * x <= 2**63 - 1
        return x * x + 1          # x <= -3037000500: checked (an edge mixed up fails here)
    return x * x - 1              # x >= 3037000500: checked


def negate_unless_min(x):
    if x != -(2**63):
        if x >= -(2**63) + 1:
            return -x
        return 1
    return -x                     # x == -2**63: checked


def first_square_above(n):
    d = 1
    while d * d <= n:
        d += 1
    return d


def never_negative_square(x):
    if x * x < 0:
        return x + 1              # unreachable: no interval reaches here
    return x


def test_a_branch_bounds_the_compared_variable_on_each_edge() -> None:
    fn = typed(square_if_small, (INT,))
    remove_overflow_checks(fn, {})
    assert "int.mul_nsw" in impls(fn)     # x * x where -3037000500 < x < 3037000500
    assert impls(fn).count("int.mul") == 2    # the squares on the other edges
    fn = typed(negate_unless_min, (INT,))
    remove_overflow_checks(fn, {})
    assert "int.neg_nsw" in impls(fn) and "int.neg" in impls(fn)


def test_a_square_test_bounds_its_root_through_the_loop_head() -> None:
    """`while d * d <= n`: in the clone (n <= 2**30) the body has |d| <= 2**15, the head
    gets that bound back after widening (the descending step), so d * d needs no check; the
    general body (n unbounded) keeps it."""
    fn = typed(first_square_above, (INT,))
    remove_overflow_checks(fn, {})
    assert "int.mul" in impls(fn)
    clone = version_function(fn)
    assert clone is not None and "int.mul" not in impls(clone)
    assert "int.mul_nsw" in impls(clone)


BRANCH_EDGES = [0, 1, -1, 3037000499, 3037000500, -3037000499, -3037000500, 2**62,
                -(2**63), -(2**63) + 1, 2**63 - 1]


@pytest.mark.parametrize("x", BRANCH_EDGES)
@pytest.mark.parametrize("fn", [square_if_small, negate_unless_min, never_negative_square])
def test_branch_bounds_stay_exact(fn, x) -> None:
    run_both(fn, (x,))


@pytest.mark.parametrize("n", [-5, 0, 1, 3, 4, 99, 100, 2**30, 2**30 + 1, 10**7])
def test_square_loop_stays_exact(n) -> None:
    run_both(first_square_above, (n,))
