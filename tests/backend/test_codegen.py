"""The optimisation pipeline's settings (backend/codegen.py) and the loop shape that lets LLVM
unroll an outermost range loop (frontend/build_loops.py), checked on the O3 code of a
Monte-Carlo LCG loop: its steps must stay scalar (no SLP-packed conversions) and its chunk
loop must be unrolled with a remainder loop; results stay CPython's."""
from __future__ import annotations

import re

import pytest

import lesto
from lesto.backend.codegen import optimized
from tests.support.differential import run_both


def lcg_pi(samples, seed):
    state = seed
    inside = 0
    for _ in range(samples):
        state = (state * 1103515245 + 12345) % 2147483648
        x = state / 2147483648.0
        state = (state * 1103515245 + 12345) % 2147483648
        y = state / 2147483648.0
        if x * x + y * y < 1.0:
            inside += 1
    return inside


def nested_sums(a, n):
    total = 0
    for i in range(n):
        for j in range(a):
            total += i * j
    return total


def o3(fn, *args) -> str:
    f = lesto.jit(tier="full")(fn)
    f(*args)
    return str(optimized(f.inspect_llvm())[1])


def loop_tests(text: str) -> list[str]:
    """The comparisons that test a chunk's counter before its loop body (`finner` blocks)."""
    return re.findall(r'^finner\d+:\n(?:.*\n)*?.*= icmp (\w+) i64 %"[^"]+", 0$', text, re.M)


def test_outermost_chunk_counts_down_to_zero_nested_keep_greater() -> None:
    f = lesto.jit(tier="full")(nested_sums)
    f(3, 4)
    tests = loop_tests(f.inspect_llvm())   # once, or once per version (the fast clone's)
    assert tests in (["ne", "sgt"], ["ne", "sgt"] * 2)
    g = lesto.jit(tier="full")(lcg_pi)
    g(10, 1)
    assert loop_tests(g.inspect_llvm()) == ["ne"]


def test_lcg_steps_stay_scalar_and_the_loop_is_unrolled() -> None:
    text = o3(lcg_pi, 10, 1)
    body = text[text.index("define internal") if "define internal" in text else 0:]
    assert "uitofp nneg <2 x i64>" not in body and "sitofp <2 x i64>" not in body
    assert re.search(r"^[\w.]*(epil|prol)[\w.]*:", body, re.M), "loop not unrolled"
    assert body.count("mul i64") + body.count("mul nsw i64") + \
        body.count("mul nuw nsw i64") >= 8      # 2 steps, 4 copies


@pytest.mark.parametrize("samples,seed", [
    (0, 1), (1, 1), (3, 7), (17, 2 ** 40), (1000, 123456789), (5, -3), (9, 2 ** 62),
    (4, -(2 ** 63)), (5, 2 ** 70),
])
def test_lcg_agrees_with_cpython(samples: int, seed: int) -> None:
    run_both(lcg_pi, (samples, seed))


@pytest.mark.parametrize("a,n", [(0, 3), (3, 0), (1, 1), (5, 7), (-2, 4)])
def test_nested_agrees_with_cpython(a: int, n: int) -> None:
    run_both(nested_sums, (a, n))
