"""opt/aliasing.py: the roots of array variables (arguments, each allocation site, unknown),
and, compiled, that the alias metadata they become never changes a result: writes through a
view of a fresh array, or through one argument into another, are seen by the reads."""
from __future__ import annotations

import numpy as np
import pytest

from lesto import pipeline
from lesto.infer.infer import infer_program
from lesto.infer.specialize import specialize_program
from lesto.opt.aliasing import ARGUMENTS, array_roots
from lesto.types.typeof import typeof
from tests.support.differential import run_both


def typed(func, args):
    prog = infer_program(func, tuple(typeof(a) for a in args), pipeline.untyped_ir)
    return specialize_program(prog)[prog.root]


def roots_by_name(func, args) -> dict[str, str]:
    fn = typed(func, args)
    return {v.name.split(":")[0]: r for v, r in array_roots(fn).items()
            if not v.name.startswith(("%", "$"))}


def two_grids(grid):
    n = grid.shape[0]
    u = np.empty(n)
    v = np.zeros(n)
    w = u
    for i in range(1, n - 1):
        v[i] = u[i - 1] + w[i + 1] + grid[i]
    return v[0]


def either(a, flag):
    b = a
    if flag:
        b = np.ones(a.shape[0])
    return b[0]


def view_of_fresh(n):
    u = np.zeros(n)
    w = u[1:]
    for i in range(n - 1):
        w[i] = u[i] + 1.0      # w[i] is u[i + 1]: each step reads the previous one's write
    return u


def into_other_argument(a, b):
    for i in range(a.shape[0] - 1):
        b[i + 1] = a[i] + 1.0  # a and b may be one array
    return b


def copy_then_views(a):
    c = a.copy()
    t = c.T
    for i in range(c.shape[0]):
        t[i, 0] = c[0, i] * 2.0
    return c


def test_each_allocation_site_and_the_arguments_are_roots():
    roots = roots_by_name(two_grids, (np.ones(5),))
    assert roots["grid"] == ARGUMENTS
    assert roots["u"] == roots["w"] != roots["v"]
    assert roots["u"].startswith("site") and roots["v"].startswith("site")


def test_a_variable_of_two_origins_has_no_root():
    roots = roots_by_name(either, (np.ones(3), True))
    assert "b" not in roots
    assert roots["a"] == ARGUMENTS


def test_views_have_no_root():
    roots = roots_by_name(view_of_fresh, (4,))
    assert roots["u"].startswith("site")
    assert "w" not in roots
    roots = roots_by_name(copy_then_views, (np.ones((3, 3)),))
    assert roots["c"].startswith("site") and "t" not in roots


def test_compiled_code_carries_the_scopes():
    import lesto

    f = lesto.jit(two_grids)
    f(np.ones(8))
    ir_text = f.inspect_llvm()
    assert "!alias.scope" in ir_text and "!noalias" in ir_text


@pytest.mark.parametrize("fn, args", [
    (view_of_fresh, (1,)), (view_of_fresh, (9,)),
    (two_grids, (np.arange(7.0),)),
    (copy_then_views, (np.arange(9.0).reshape(3, 3),)),
])
def test_results_stay_cpythons(fn, args):
    run_both(fn, args)


def test_one_array_passed_twice():
    a = np.arange(6.0)
    run_both(into_other_argument, (a, a))          # copy_arguments keeps the sharing
    run_both(into_other_argument, (a, np.zeros(6)))


def test_no_run_time_overlap_check_between_roots():
    """Writing v while reading u and grid: the vectorized loop needs no overlap test (with
    one, LLVM's vectorizer emits `vector.memcheck` blocks comparing the addresses)."""
    import lesto
    from lesto.backend.codegen import optimized

    f = lesto.jit(tier="full")(two_grids)
    f(np.ones(64))
    o3 = str(optimized(f.inspect_llvm())[1])
    assert "vector.body" in o3
    assert "vector.memcheck" not in o3
