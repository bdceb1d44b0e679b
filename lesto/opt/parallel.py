"""Outline the body of each `prange` loop (in a function compiled with parallel=True) into a
function of its own that runs a sub-range of the iterations, and detect the loop's reductions.

    for i in prange(n):          ->   s = prim prange.run:f.prange1:add  n, a, s
        s += a[i]                     (f.prange1(lo, hi, stop, a) runs [lo, hi) from s = 0
                                       and returns (s,); backend/lower_parallel.py runs it
                                       in chunks on the pool and folds the partial sums)

The loop is the one the frontend built for a range (head block labelled `prange`, see
frontend/prange.py); its blocks are copied into the new function, whose entry sets the loop's
count to hi - lo, moves its cursor to iteration lo and starts each reduction at its operator's
identity.  The values the body reads become arguments.  A variable assigned in the body that
carries a value into the next iteration or out of the loop must be a reduction the frontend
recorded (`s op= e`, `s = min(s, e)`, `s = max(s, e)`) of one scalar type; anything else is a
located refusal.  Inner prange loops (in the body, or in functions it calls) stay sequential.
`stop` is the address of the loop's stop word: the body checks it at each iteration (when the
body has inner loops) and every 2**20 iterations of an inner range loop, and leaves early
once another chunk has failed."""
from __future__ import annotations

from dataclasses import replace

from lesto.ir.nodes import (
    Block, Branch, Const, Function, Jump, MakeTuple, Op, Prim, Return,
    TupleGet, TypeCase, Var, dest_of,
)
from lesto.messages import refusal
from lesto.types.core import BOOL, FLOAT, INT, NONE, NP, LType, Tuple, Union

REDUCIBLE: tuple[LType, ...] = (INT, FLOAT, BOOL, NP["float64"], NP["int64"], NP["bool"])
PRANGE = "prange"


UNION_REDUCIBLE = ({FLOAT, NP["float64"]}, {INT, NP["int64"]})   # `s = 0.0; s += a[i]`


def reducible(t: LType, op: str) -> bool:
    if isinstance(t, Union):
        members = set(t.members)
        if members == UNION_REDUCIBLE[0]:
            return op in ("add", "sub", "mul", "min", "max")
        return members == UNION_REDUCIBLE[1]
    return t in REDUCIBLE


def outline_parallel_loops(fn: Function) -> list[Function]:
    """Replace each outermost prange loop of `fn` by a `prange.run` of a new function (which
    it returns); a no-op for functions without prange loops."""
    out: list[Function] = []
    while True:
        head = next((b for b in fn.blocks if b.label in fn.parallel_loops), None)
        if head is None:
            return out
        out.append(outline(fn, head, len(out) + 1))


def successors(block: Block) -> list[Block]:
    return block.successors()


def region_of(head: Block, exit_: Block) -> list[Block]:
    """The blocks reachable from the loop head without passing through the exit."""
    seen = {id(head): head}
    order = [head]
    stack = [head]
    while stack:
        for s in successors(stack.pop()):
            if s is not exit_ and id(s) not in seen:
                seen[id(s)] = s
                order.append(s)
                stack.append(s)
    return order


def uses(op: Op) -> list[Var]:
    """The variables `op` reads.  The loop counters a signal poll checks (opt/ranges.py) do
    not count: their values before the loop's first iteration are never used."""
    args = op.operands()
    if isinstance(op, Prim) and op.impl.startswith("signal.poll"):
        args = args[:1] if op.impl == "signal.poll_n" else []
    return [v for v in args if isinstance(v, Var)]


def live_in(blocks: list[Block], live_at: dict[int, set[Var]]) -> dict[int, set[Var]]:
    """Variables live on entry to each block (backward dataflow); `live_at` gives what is
    live on entry to blocks outside `blocks` that they jump to."""
    result: dict[int, set[Var]] = {id(b): set() for b in blocks}
    changed = True
    while changed:
        changed = False
        for b in reversed(blocks):
            live: set[Var] = set()
            for s in successors(b):
                live |= result.get(id(s), live_at.get(id(s), set()))
            for op in reversed(b.ops):
                d = dest_of(op)
                if d is not None:
                    live.discard(d)
                live.update(uses(op))
            if live != result[id(b)]:
                result[id(b)] = live
                changed = True
    return result


def loop_parts(head: Block, region: list[Block]) -> tuple[Var, Var, Prim, Prim]:
    """(count variable, cursor variable, the range.item op, the cursor step op)."""
    cond = head.ops[-1]
    assert isinstance(cond, Branch)
    count = next(op.args[0] for op in head.ops
                 if isinstance(op, Prim) and op.impl == "int.gt")
    item = next(op for b in region for op in b.ops
                if isinstance(op, Prim) and op.impl.startswith("range.item"))
    cursor = item.args[0]
    step = next(op for b in region for op in b.ops
                if isinstance(op, Prim) and op.impl == "int.add_wrap" and op.args[0] == cursor)
    assert isinstance(count, Var) and isinstance(cursor, Var)
    return count, cursor, item, step


def base_name(v: Var) -> str:
    return v.name.split(":")[0]


def outline(fn: Function, head: Block, index: int) -> Function:
    reductions = fn.parallel_loops.pop(head.label)
    cond = head.ops[-1]
    assert isinstance(cond, Branch)
    exit_ = cond.if_false
    region = region_of(head, exit_)
    count, cursor, item, step_op = loop_parts(head, region)
    loc = item.loc
    for b in region:
        if isinstance(b.terminator, Return):
            raise refusal("L030", "'return'", fn.filename, b.terminator.loc[0],
                          b.terminator.loc[1])
    all_live = live_in(fn.blocks, {})
    after = all_live[id(exit_)]
    inner_live = live_in(region, {})
    at_head = inner_live[id(head)]
    assigned = {d for b in region for op in b.ops if (d := dest_of(op)) is not None}
    carried = sorted((at_head | after) & assigned - {count, cursor}, key=lambda v: v.name)
    reduced: list[tuple[Var, str]] = []
    for v in carried:
        op = reductions.get(base_name(v), "")
        t = fn.var_types[v]
        if not op or not reducible(t, op):
            detail = ("it is not a reduction" if not op else
                      f"a reduction of type {t}, not one of int, float, bool, np.float64, "
                      "np.int64, float | np.float64, int | np.int64 (convert what it "
                      "accumulates, e.g. s += float(a[i]))")
            line, col = _first_def(region, v) or loc
            raise refusal("L031", base_name(v), fn.filename, line, col, detail)
        reduced.append((v, op))
    red_vars = [v for v, _ in reduced]
    # Arena marks (frontend/build_loops.mark_arena) count the body's own arena, not ours.
    marks = {op.dest for b in fn.blocks for op in b.ops
             if isinstance(op, Prim) and op.impl == "arena.mark"}
    captures = sorted(at_head - {count} - set(red_vars) - marks, key=lambda v: v.name)

    name = f"{fn.name}.prange{index}"
    lo, hi, stop_word = Var(f"$plo:{INT}"), Var(f"$phi:{INT}"), Var(f"$pstopw:{INT}")
    body = Function(name, [lo, hi, stop_word] + captures, [], fn.filename, fn.firstlineno)
    body.var_types = dict(fn.var_types)
    body.var_types[lo] = body.var_types[hi] = body.var_types[stop_word] = INT
    copies = {id(b): Block(b.label) for b in region}
    ret = Block("prange.done")
    entry = Block("prange.entry")
    step = step_op.args[1]
    entry.ops.append(Prim(loc, count, "range.rest", [hi, lo]))
    entry.ops.append(Prim(loc, cursor, "prange.cursor", [cursor, lo, step]))
    for v, op in reduced:
        entry.ops.append(Prim(loc, v, f"prange.identity:{op}", []))
    for v in sorted(at_head & marks, key=lambda v: v.name):
        entry.ops.append(Prim(loc, v, "arena.mark", []))
    entry.ops.append(Jump(loc, copies[id(head)]))
    nested = any(b.label.startswith(("for", "while", PRANGE)) for b in region if b is not head)
    for b in region:
        new = copies[id(b)]
        new.ops = [_retarget(op, copies, exit_, ret) for op in b.ops]
        stop = Var(f"$pstop{index}:none")
        if nested and b is not head and any(op is item for op in b.ops):
            new.ops.insert(0, Prim(loc, stop, "prange.check_stop", [stop_word]))   # each one
        for j in reversed(range(len(new.ops))):   # and every 2**20 iterations of inner loops
            op = new.ops[j]
            if isinstance(op, Prim) and op.impl == "signal.poll_n":
                new.ops.insert(j + 1, Prim(op.loc, stop, "prange.check_stop", [stop_word]))
        body.var_types[stop] = NONE
    if red_vars:
        tup = Var(f"$pred{index}:{Tuple(tuple(fn.var_types[v] for v in red_vars))}")
        body.var_types[tup] = Tuple(tuple(fn.var_types[v] for v in red_vars))
        body.return_type = body.var_types[tup]
        ret.ops = [MakeTuple(loc, tup, list(red_vars)), Return(loc, tup)]
    else:
        body.return_type = NONE
        ret.ops = [Return(loc, Const(None))]
    body.blocks = [entry] + [copies[id(b)] for b in region] + [ret]
    _keep_used_types(body)

    # The outer function: the loop becomes one prim, then the loop's exit.
    run = Block(f"prange.run{index}")
    ops = ",".join(op for _, op in reduced)
    if red_vars:
        result = Var(f"$prun{index}:{body.return_type}")
        fn.var_types[result] = body.return_type
    else:
        result = Var(f"$prun{index}:none")
        fn.var_types[result] = NONE
    run.ops.append(Prim(loc, result, f"prange.run:{name}:{ops}",
                        [count] + captures + red_vars))
    for j, v in enumerate(red_vars):
        run.ops.append(TupleGet(loc, v, result, j))
    run.ops.append(Jump(loc, exit_))
    for b in fn.blocks:
        if b not in region:
            b.ops[-1:] = [_retarget(b.ops[-1], {id(head): run}, None, None)] if b.ops else []
    fn.blocks.append(run)
    _drop_unreachable(fn)
    return body


def _first_def(region: list[Block], v: Var) -> tuple[int, int] | None:
    for b in region:
        for op in b.ops:
            if dest_of(op) == v and op.loc != (0, 0):
                return op.loc
    return None


def _retarget(op: Op, mapping: dict[int, Block], old: Block | None, new: Block | None) -> Op:
    def m(b: Block) -> Block:
        if old is not None and b is old:
            assert new is not None
            return new
        return mapping.get(id(b), b)

    if isinstance(op, Jump):
        return replace(op, target=m(op.target))
    if isinstance(op, Branch):
        return replace(op, if_true=m(op.if_true), if_false=m(op.if_false))
    if isinstance(op, TypeCase):
        return replace(op, cases=[(t, m(b)) for t, b in op.cases])
    return op


def _drop_unreachable(fn: Function) -> None:
    seen = {id(fn.entry)}
    stack = [fn.entry]
    while stack:
        for s in successors(stack.pop()):
            if id(s) not in seen:
                seen.add(id(s))
                stack.append(s)
    fn.blocks = [b for b in fn.blocks if id(b) in seen]


def _keep_used_types(fn: Function) -> None:
    """Only the variables the function mentions get stack slots."""
    used = set(fn.args)
    for b in fn.blocks:
        for op in b.ops:
            used.update(v for v in op.operands() if isinstance(v, Var))
            d = dest_of(op)
            if d is not None:
                used.add(d)
    fn.var_types = {v: t for v, t in fn.var_types.items() if v in used}
