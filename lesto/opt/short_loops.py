"""Give short innermost range loops a plain copy without chunks or signal polls.

Every range loop runs in chunks of up to 2**20 iterations with a signal poll per chunk (see
frontend/build_loops.py).  An innermost loop with a small trip count nested in another loop,
typically one over a small dimension (`for j in range(points.shape[1])` inside the loops over
points and centroids of k-means), pays that machinery on every entry, and it costs more than
the loop's work: k-means on 2-D points ran at 1.6x Numba's time, 0.96x without it.

So such a loop gets a second copy, taken when the iterations left are at most SHORT_TRIP:

    for:    if $n > 0 goto short? else orelse
    short?: if $n <= SHORT_TRIP goto plain else fchunk          (new)
    plain:  $k = $n ; $n = 0 ; goto body'                        (new: no poll; $k > 0)
    finner': if $k > 0 goto body' else orelse                    (copies of the loop's
    body'...: the loop body, `continue` to finner'                 blocks, same variables)
    fchunk: $k = range.chunk($n) ; ... ; signal.poll_n($k)       (the loop as it was)

Signals stay prompt: the enclosing loop still polls for each of its iterations, so at most
2**20 * SHORT_TRIP iterations of the copy run between two polls; for the same reason the
counters that opt/ranges.py steps without checks move by less than 2**20 * SHORT_TRIP * 2**20
= 2**46 < 2**50 between two checkpoints, and a wrapped int (LowerCtx.overflow_if) steers at
most SHORT_TRIP iterations before the next poll checks it.

It runs after the other passes: the copy repeats their results, running the same ops on a
subset of the loop's executions (and the range analyses, the costliest passes, see only the
original loop).  "Innermost": no loop inside (no poll in the body); "nested": the loop's head
is reached again after the loop ends (a loop that runs once gains nothing from the copy but
compile time).  (Marking the test likely with branch weights was tried: it helped k-means
in some runs and cost jacobi, whose rows are longer than SHORT_TRIP, 10-15%; so no hint.)"""
from __future__ import annotations

from lesto.ir.nodes import (
    Assign, Block, Branch, Const, Function, Jump, Op, Prim, TypeCase, Var,
)
from lesto.types.core import BOOL

SHORT_TRIP = 64
POLLS = ("signal.poll", "signal.poll_n")


def reach(start: Block, stop: set[int]) -> dict[int, Block]:
    """Blocks reachable from `start` without entering a block whose id is in `stop`."""
    seen: dict[int, Block] = {}
    todo = [start]
    while todo:
        b = todo.pop()
        if id(b) in stop or id(b) in seen:
            continue
        seen[id(b)] = b
        todo.extend(b.successors())
    return seen


def loop_body(inner: Block, body: Block, head: Block) -> list[Block]:
    """The blocks on some path body -> ... -> inner that avoids inner and head (the exits of
    the loop, break or return, are left out)."""
    forward = reach(body, {id(inner), id(head)})
    back: set[int] = set()
    changed = True
    while changed:
        changed = False
        for key, b in forward.items():
            if key not in back and any(s is inner or id(s) in back for s in b.successors()):
                back.add(key)
                changed = True
    return [b for key, b in forward.items() if key in back]


def retarget(op: Op, mapping: dict[int, Block]) -> Op:
    """A copy of `op` whose jump targets in `mapping` are replaced (other ops: copies, see
    Op.copy, so that later passes may change either copy)."""
    if isinstance(op, Jump):
        return Jump(op.loc, mapping.get(id(op.target), op.target))
    if isinstance(op, Branch):
        return Branch(op.loc, op.cond, mapping.get(id(op.if_true), op.if_true),
                      mapping.get(id(op.if_false), op.if_false))
    if isinstance(op, TypeCase):
        return TypeCase(op.loc, op.value, [(t, mapping.get(id(b), b)) for t, b in op.cases])
    assert not op.targets(), op
    return op.copy()


def short_copy(fn: Function, head: Block, chunk: Block, inner: Block,
               body: list[Block], serial: int) -> bool:
    """Insert the plain copy of one loop (see the module docstring); False if its chunk
    block does not have the expected form."""
    take = [op for op in chunk.ops if isinstance(op, Prim) and op.impl == "range.chunk"]
    test = head.terminator
    if len(take) != 1 or not isinstance(test, Branch) or test.if_true is not chunk:
        return False
    count = take[0].args[0]
    if not isinstance(count, Var):
        return False
    loc = take[0].loc
    step = inner.terminator
    assert isinstance(step, Branch)
    first = step.if_true
    if first not in body:
        return False          # the body never comes back to the loop's test
    mapping: dict[int, Block] = {}
    for b in [inner] + body:
        mapping[id(b)] = Block(f"{b.label}.short{serial}")
    plain = Block(f"{chunk.label}.short{serial}")
    for op in chunk.ops:
        if op is take[0]:
            plain.ops.append(Assign(op.loc, op.dest, count))         # the whole rest
        elif isinstance(op, Prim) and op.impl == "signal.poll_n":
            plain.ops.append(Assign(op.loc, op.dest, Const(None)))   # no poll
        elif isinstance(op, Jump):      # $k = $n > 0 here: straight into the body
            plain.ops.append(Jump(op.loc, mapping[id(first)]))
        else:
            plain.ops.append(retarget(op, mapping))
    for b in [inner] + body:
        mapping[id(b)].ops = [retarget(op, mapping) for op in b.ops]
    tests = [op for op in mapping[id(inner)].ops if isinstance(op, Prim)]
    if len(tests) == 1 and tests[0].impl == "int.gt" and tests[0].args[1] == Const(0):
        tests[0].impl = "int.ne"   # `$k > 0` as `$k != 0` ($k counts down to 0): the trip
                                   # count is then $k for LLVM, not max($k, 1)
    # the copy leaves the loop directly (its $n is 0): a loop of its own for LLVM, whose
    # chunked loop keeps its single latch
    mapping[id(inner)].short_loop = True    # only the copy's own back edges jump to it
    leave = mapping[id(inner)].terminator
    assert isinstance(leave, Branch) and leave.if_false is head
    leave.if_false = test.if_false
    fits = Var(f"$short{serial}")
    fn.var_types[fits] = BOOL
    decide = Block(f"{head.label}.short{serial}", [
        Prim(loc, fits, "int.le", [count, Const(SHORT_TRIP)]),
        Branch(loc, fits, plain, chunk)])
    test.if_true = decide
    fn.blocks.extend([decide, plain] + [mapping[id(b)] for b in [inner] + body])
    return True


def version_short_loops(fn: Function) -> int:
    """Add the plain copy to every nested innermost range loop; returns how many."""
    found = []
    for block in fn.blocks:
        polls = [op for op in block.ops if isinstance(op, Prim) and op.impl == "signal.poll_n"]
        term = block.terminator
        if len(polls) != 1 or not isinstance(term, Jump):
            continue
        inner = term.target
        test = inner.terminator
        if not isinstance(test, Branch) or block not in test.if_false.successors():
            continue
        head = test.if_false
        body = loop_body(inner, test.if_true, head)
        if any(isinstance(op, Prim) and op.impl in POLLS for b in body for op in b.ops):
            continue          # a loop inside: not innermost
        exit_ = head.terminator
        if not isinstance(exit_, Branch) or id(head) not in reach(exit_.if_false, set()):
            continue          # not nested in another loop
        found.append((head, block, inner, body))
    done = 0
    for serial, (head, chunk, inner, body) in enumerate(found):
        done += short_copy(fn, head, chunk, inner, body, serial)
    return done
