"""backend/lower.py's block_local: temporaries read only within the block that assigns them
are LLVM values (no stack slot); variables live across blocks, arguments and objects keep
their slots; results stay CPython's."""
from __future__ import annotations

import numpy as np

import lesto
from lesto import pipeline
from lesto.backend.lower import block_local
from lesto.infer.infer import infer_program
from lesto.infer.specialize import specialize_program
from lesto.types.typeof import typeof
from tests.support.differential import run_both


def poly(x, n):
    s = 0.0
    for i in range(n):
        t = x * i + 1.0
        s += t * t
    return s


def names(vars_) -> set[str]:
    return {v.name.split(":")[0] for v in vars_}


def test_block_local_temporaries():
    prog = infer_program(poly, (typeof(1.5), typeof(3)), pipeline.untyped_ir)
    fn = specialize_program(prog)[prog.root]
    local = names(block_local(fn))
    assert {"t", "i"} <= local                  # assigned, then read, in the loop body
    assert not {"s", "x", "n"} & local          # carried around the loop, or arguments
    assert any(n.startswith("%") for n in local)


def test_no_slot_for_them():
    f = lesto.jit(poly)
    f(1.5, 3)
    ir_text = f.inspect_llvm()
    assert '%"s:float" = alloca' in ir_text
    assert '%"t:float" = alloca' not in ir_text


def test_results():
    for args in [(1.5, 0), (1.5, 7), (-0.0, 3), (float("nan"), 2), (1e308, 2)]:
        run_both(poly, args)
    run_both(ends, (np.arange(3.0),))
    run_both(ends, (np.arange(0.0),))


def ends(a):
    return a[0] * 2.0 + a[-1]
