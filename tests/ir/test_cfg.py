"""ir/cfg.py's loop queries: the heads a dataflow analysis widens at and the blocks of loops."""
from __future__ import annotations

from lesto import pipeline
from lesto.infer.infer import infer_program
from lesto.infer.specialize import specialize_program
from lesto.ir.cfg import in_loops, loop_heads, retreating_edges
from lesto.types.core import INT


def nested(n):
    s = 0
    i = 0
    while i < n:
        j = 0
        while j < i:
            s += j
            j += 1
        i += 1
    return s


def straight(x):
    if x > 0:
        return x
    return -x


def typed(func, sig):
    prog = infer_program(func, sig, pipeline.untyped_ir)
    return specialize_program(prog)[prog.root]


def test_every_cycle_has_a_head_and_straight_code_none() -> None:
    fn = typed(nested, (INT,))
    heads = loop_heads(fn)
    assert len(heads) == 2
    assert {b.label.rstrip("0123456789") for b in heads} == {"while"}
    for tail, head in retreating_edges(fn):
        assert head in tail.successors()
    assert loop_heads(typed(straight, (INT,))) == set()
    assert in_loops(typed(straight, (INT,))) == set()


def test_loop_blocks_are_those_between_a_head_and_its_back_edges() -> None:
    fn = typed(nested, (INT,))
    inside = in_loops(fn)
    assert fn.entry not in inside
    assert loop_heads(fn) <= inside
    returns = [b for b in fn.blocks if b.ops and type(b.ops[-1]).__name__ == "Return"]
    assert returns and not set(returns) & inside
