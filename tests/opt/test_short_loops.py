"""opt/short_loops.py: nested innermost range loops get a plain copy (no chunks, no signal
poll) for at most SHORT_TRIP iterations; both copies give CPython's results, including
`continue`, `break`, `else`, unions and errors inside the loop."""
from __future__ import annotations

import numpy as np
import pytest

from lesto import pipeline
from lesto.infer.infer import infer_program
from lesto.infer.specialize import specialize_program
from lesto.ir.nodes import Prim
from lesto.opt.short_loops import SHORT_TRIP, version_short_loops
from lesto.types.typeof import typeof
from tests.support.differential import run_both


def nested(a, n):
    s = 0.0
    for i in range(n):
        for j in range(a.shape[1]):
            if a[i, j] < 0.0:
                continue
            s += a[i, j]
            if s > 1e6:
                break
        else:
            s += 0.5
    return s


def single(n):
    s = 0
    for i in range(n):
        s += i
    return s


def two_levels(n, m, k):
    s = 0
    for i in range(n):
        for j in range(m):
            for q in range(k):
                s += i * j - q
    return s


def mixed_types(n, m):
    x = 0
    for i in range(n):
        for j in range(m):
            x = x + 0.5 if j % 2 else x + 1    # int, then float: a union in the loop
    return x


def wrapped(a, n):
    total = 0
    for i in range(n):
        for j in range(n):
            total += a[i + j]       # IndexError from the copy and from the chunked loop
    return total


def copies(func, args) -> int:
    prog = infer_program(func, tuple(typeof(a) for a in args), pipeline.untyped_ir)
    fn = specialize_program(prog)[prog.root]
    def polls() -> int:
        return sum(isinstance(op, Prim) and op.impl == "signal.poll_n"
                   for b in fn.blocks for op in b.ops)

    before, blocks = polls(), len(fn.blocks)
    done = version_short_loops(fn)
    assert polls() == before                    # the copies have none
    assert (len(fn.blocks) > blocks) == bool(done)
    return done


def test_only_nested_innermost_loops_are_copied() -> None:
    assert copies(nested, (np.ones((2, 3)), 2)) == 1
    assert copies(single, (5,)) == 0            # runs once: nothing to gain
    assert copies(two_levels, (2, 2, 2)) == 1   # the innermost of three


@pytest.mark.parametrize("m", [0, 1, 2, SHORT_TRIP, SHORT_TRIP + 1, 3 * SHORT_TRIP + 5])
def test_both_copies_agree_with_cpython(m: int) -> None:
    a = np.cos(np.arange(4.0 * m).reshape(4, m)) if m else np.ones((4, 0))
    run_both(nested, (a, 4))
    run_both(two_levels, (3, m, m))
    run_both(mixed_types, (3, m))


def test_errors_inside_the_copy() -> None:
    a = np.arange(10)
    run_both(wrapped, (a, 5))
    run_both(wrapped, (a, 6))                   # a[10]: IndexError, like CPython
    big = np.arange(2 * SHORT_TRIP + 3)
    run_both(wrapped, (big, SHORT_TRIP + 2))


def test_the_copy_is_not_unrolled_at_run_time() -> None:
    """The copy's back edges and test carry one loop ID per loop, self-referential, saying
    "no runtime unrolling"; after O3 the copy has no unrolled remainder (a `.prol`/`.epil`
    block), while the chunked loop of the same function may."""
    import re

    import lesto
    from lesto.backend.codegen import optimized

    f = lesto.jit(tier="full")(nested)
    f(np.ones((2, 3)), 2)
    text = f.inspect_llvm()
    marked = re.findall(r'br .*label %"?([\w.]+)"?, !llvm.loop !(\d+)', text)
    assert marked, "no loop ID on the copy's branches"
    ids = {n for _, n in marked}
    for n in ids:
        node = re.search(rf"^!{n} = !{{ !{n}, !(\d+) }}$", text, re.M)
        assert node is not None, n
        assert f'!{node.group(1)} = !{{ !"llvm.loop.unroll.runtime.disable" }}' in text
    assert len(ids) == 1                        # one loop copied, its branches share the ID
    _, mod = optimized(text)
    labels = re.findall(r"^([\w.\"]+):", str(mod), re.M)
    assert not [label for label in labels if "short" in label and
                ("prol" in label or "epil" in label)], labels


def test_the_copy_counts_down_to_zero() -> None:
    """The copy's loop test is `$k != 0`: LLVM's trip count is $k, not max($k, 1); the
    chunked original keeps `$k > 0`."""
    prog = infer_program(nested, (typeof(np.ones((2, 3))), typeof(2)), pipeline.untyped_ir)
    fn = specialize_program(prog)[prog.root]
    version_short_loops(fn)
    tests = {b.label: [op.impl for op in b.ops if isinstance(op, Prim)]
             for b in fn.blocks if b.label.startswith("finner")}
    copied = [impls for label, impls in tests.items() if ".short" in label]
    assert copied == [["int.ne"]]
    assert ["int.gt"] in tests.values()
