"""Prove int operations cannot overflow, so they need no overflow check.

A forward dataflow over one typed function computes an interval for every int variable
(constants, `range()` loop indices bounded by their range's ends, `%` and `//` by constants,
sums and products of bounded values; everything else is unbounded), widening at loop heads.
An `int.add`/`int.sub`/`int.mul`/`int.neg` whose exact result interval fits in 64 bits is
rewritten to its unchecked twin (`int.add_nsw`, ...).

On its own this rarely helps, because arguments are unbounded; `version_function` makes a
*fast clone* that assumes every int argument lies in [-ARG_BOUND, ARG_BOUND].  The compiled
function checks that assumption once on entry and runs the clone or the fully checked body:

    def eval_A(i, j): return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)
    fast clone (|i|, |j| <= 2**30): every + and * is unchecked; the general body keeps them.
"""
from __future__ import annotations

import copy
import heapq
import math
from dataclasses import dataclass
from collections.abc import Iterator

from lesto.ir.cfg import block_local, in_loops, loop_heads, predecessors, reachable
from lesto.ir.nodes import Assign, Block, Branch, CallSpec, Const, Function, Prim, Var
from lesto.types.core import BOOL, INT

INT_MIN, INT_MAX = -(2**63), 2**63 - 1
ARG_BOUND = 2**30
SMALL = ".small"      # the name suffix of a fast clone
MIN_GAIN = 3          # fewest checks a fast clone must remove to be worth its entry test
                      # (one inside a loop is enough)
FULL = (INT_MIN, INT_MAX)
UNCHECKED = {"int.add": "int.add_nsw", "int.sub": "int.sub_nsw", "int.mul": "int.mul_nsw",
             "int.neg": "int.neg_nsw"}
Interval = tuple[int, int]


def _clip(lo: int, hi: int) -> Interval:
    return (max(lo, INT_MIN), min(hi, INT_MAX))


def _exact(impl: str, args: list[Interval]) -> Interval | None:
    """The exact (unclipped) interval of an arithmetic result, or None if unknown."""
    if impl in ("int.add", "int.add_nsw"):
        (a, b), (c, d) = args
        return (a + c, b + d)
    if impl in ("int.sub", "int.sub_nsw"):
        (a, b), (c, d) = args
        return (a - d, b - c)
    if impl in ("int.mul", "int.mul_nsw"):
        (a, b), (c, d) = args
        products = (a * c, a * d, b * c, b * d)
        return (min(products), max(products))
    if impl in ("int.neg", "int.neg_nsw"):
        (a, b), = args
        return (-b, -a)
    return None


COMPARISONS = {"int.lt": "<", "int.le": "<=", "int.gt": ">", "int.ge": ">=", "int.eq": "==",
               "int.ne": "!="}
NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
SWAPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


def _allowed(rel: str, x: Interval, y: Interval) -> Interval:
    """The values of x for which `x rel y` can hold for some value of y."""
    lo, hi = y
    if rel == "<":
        return (INT_MIN, hi - 1)
    if rel == "<=":
        return (INT_MIN, hi)
    if rel == ">":
        return (lo + 1, INT_MAX)
    if rel == ">=":
        return (lo, INT_MAX)
    if rel == "==":
        return y
    if lo == hi and x[0] == lo:          # x != c with c at an end of x's interval
        return (lo + 1, INT_MAX)
    if lo == hi and x[1] == lo:
        return (INT_MIN, lo - 1)
    return FULL


def _meet(x: Interval, y: Interval) -> Interval:
    return (max(x[0], y[0]), min(x[1], y[1]))


@dataclass
class BranchTest:
    """A block's branch on `left rel right` (ints): what each edge tells about the
    variables that hold left or right at the block's end (`names`), and about those whose
    square they are (`roots`: `while d * d <= n` bounds d)."""

    rel: str
    left: object
    right: object
    names: tuple[list[Var], list[Var]]
    roots: tuple[list[Var], list[Var]]

    def refine(self, env: dict[Var, Interval], ends: tuple[Interval, Interval],
               truth: bool) -> dict[Var, Interval] | None:
        rel = self.rel if truth else NEGATED[self.rel]
        a, b = ends
        sides = (_meet(a, _allowed(rel, a, b)), _meet(b, _allowed(SWAPPED[rel], b, a)))
        if any(lo > hi for lo, hi in sides):
            return None
        out = dict(env)
        for side, names, roots in zip(sides, self.names, self.roots):
            for v in names:
                out[v] = _meet(out.get(v, FULL), side)
            if side[1] >= 0:
                r = math.isqrt(side[1])
                for v in roots:
                    out[v] = _meet(out.get(v, FULL), (-r, r))
            elif roots:
                return None                   # a square is never negative
        return out


def branch_test(block: Block, local: set[Var]) -> BranchTest | None:
    """The comparison `block` branches on, if it is one of ints made in the block."""
    term = block.ops[-1] if block.ops else None
    if not isinstance(term, Branch) or not isinstance(term.cond, Var) or \
            term.if_true is term.if_false:
        return None
    last: dict[Var, int] = {}
    for i, op in enumerate(block.ops):
        dest = getattr(op, "dest", None)
        if dest is not None:
            last[dest] = i
    cond, truth = term.cond, True
    while True:
        at = last.get(cond)
        if at is None:
            return None
        op = block.ops[at]
        if isinstance(op, Assign) and isinstance(op.src, Var):
            cond = op.src
        elif isinstance(op, Prim) and op.impl == "bool.not" and isinstance(op.args[0], Var):
            cond, truth = op.args[0], not truth
        elif isinstance(op, Prim) and op.impl in COMPARISONS:
            break
        else:
            return None
    rel = COMPARISONS[op.impl] if truth else NEGATED[COMPARISONS[op.impl]]
    if any(isinstance(a, Var) and last.get(a, -1) > at for a in op.args):
        return None                           # changed between the test and the branch
    names: tuple[list[Var], list[Var]] = ([], [])
    roots: tuple[list[Var], list[Var]] = ([], [])
    for side, v in enumerate(op.args):
        upto = at
        while isinstance(v, Var) and last.get(v, -1) < upto:
            if v not in local:
                names[side].append(v)
            d = last.get(v)
            if d is None:
                break
            src = block.ops[d]
            if isinstance(src, Assign):
                v, upto = src.src, d
            elif isinstance(src, Prim) and src.impl in ("int.mul", "int.mul_nsw") and \
                    src.args[0] == src.args[1] and isinstance(src.args[0], Var) and \
                    last.get(src.args[0], -1) < d and src.args[0] not in local:
                roots[side].append(src.args[0])
                break
            else:
                break
    return BranchTest(rel, op.args[0], op.args[1], names, roots)


class RangeAnalysis:
    def __init__(self, fn: Function, arg_ranges: dict[Var, Interval]) -> None:
        self.fn = fn
        self.arg_ranges = arg_ranges
        self.states: dict[Block, dict[Var, Interval]] = {}

    def value(self, v: object, env: dict[Var, Interval]) -> Interval:
        if isinstance(v, Const):
            if type(v.value) in (int, bool):
                return (int(v.value), int(v.value))
            return FULL
        return env.get(v, FULL)  # type: ignore[arg-type]

    def transfer(self, op: object, env: dict[Var, Interval]) -> None:
        dest = getattr(op, "dest", None)
        if dest is None or self.fn.var_types.get(dest) not in (INT, BOOL):
            return
        if isinstance(op, Assign):
            env[dest] = self.value(op.src, env)
        elif isinstance(op, Prim):
            env[dest] = self.prim(op, [self.value(a, env) for a in op.args])
        else:
            env[dest] = FULL if self.fn.var_types[dest] == INT else (0, 1)

    def prim(self, op: Prim, args: list[Interval]) -> Interval:
        impl = op.impl
        exact = _exact(impl, args)
        if exact is not None:
            return _clip(*exact)
        if impl == "range.item":
            lo = min(args[1][0], args[2][0])
            hi = max(args[1][1], args[2][1])
            return (lo, hi)
        if impl == "range.item_up":
            return (args[1][0], max(args[1][0], args[2][1] - 1))
        if impl == "range.item_down":
            return (min(args[1][1], args[2][0] + 1), args[1][1])
        if impl == "range.count":
            return (0, INT_MAX)
        if impl in ("int.mod", "int.floordiv") and isinstance(op.args[1], Const):
            m = op.args[1].value
            if isinstance(m, int) and m > 0:
                if impl == "int.mod":
                    return (0, m - 1)
                return (args[0][0] // m, args[0][1] // m)
        if impl in ("conv.bool_to_int",) or self.fn.var_types[op.dest] == BOOL:
            return (0, 1)
        if impl == "int.abs":
            a, b = args[0]
            return (0 if a <= 0 <= b else min(abs(a), abs(b)), max(abs(a), abs(b)))
        return FULL

    def run(self) -> None:
        entry = self.fn.blocks[0]
        self.states = {entry: dict(self.arg_ranges)}
        visits: dict[Block, int] = {}
        self.local = block_local(self.fn)   # their intervals never reach another block
        self.tests = {b: branch_test(b, self.local) for b in self.fn.blocks}
        types = self.fn.var_types
        self.int_ops = {b: [op for op in b.ops
                            if types.get(getattr(op, "dest", None)) in (INT, BOOL)]
                        for b in self.fn.blocks}
        self.dropped = {b: [op.dest for op in ops if op.dest in self.local]
                        for b, ops in self.int_ops.items()}
        heads = loop_heads(self.fn)
        # visit in depth-first preorder (measured: faster than reverse postorder on the benchmarks)
        order = {b: i for i, b in enumerate(reachable(self.fn))}
        work: list[tuple[int, int, Block]] = [(0, 0, entry)]
        queued = {entry}
        widened: set[Block] = set()
        while work:
            _, _, block = heapq.heappop(work)
            queued.discard(block)
            for succ, env in self.flow(block):
                if env is None:
                    continue                        # the branch never goes there
                old = self.states.get(succ)
                if old is None:
                    new = dict(env)
                    changed = True
                else:
                    # the join, one dict lookup per variable (this loop dominates compile
                    # time in functions with many int variables and blocks)
                    new = {}
                    changed = False
                    widen = succ in heads and visits.get(succ, 0) >= 2
                    for v, was in old.items():
                        now = env.get(v)
                        if now is None:
                            changed = True          # no longer known on every path
                        elif now is was or (now[0] >= was[0] and now[1] <= was[1]):
                            new[v] = was
                        else:
                            # widen: a growing loop variable is unbounded
                            new[v] = FULL if widen else (min(was[0], now[0]),
                                                         max(was[1], now[1]))
                            if widen:
                                widened.add(succ)
                            changed = True
                if changed:
                    self.states[succ] = new
                    visits[succ] = visits.get(succ, 0) + 1
                    if succ not in queued:
                        queued.add(succ)
                        heapq.heappush(work, (order.get(succ, len(order)), id(succ), succ))
        if widened:
            self.narrow(widened)

    def flow(self, block: Block) -> list[tuple[Block, dict[Var, Interval] | None]]:
        """The intervals `block` passes to each successor (None: it cannot go there)."""
        env = dict(self.states[block])
        for op in self.int_ops[block]:
            self.transfer(op, env)
        test = self.tests[block]
        if test is not None:   # the operands' intervals before their temporaries go
            ends = (self.value(test.left, env), self.value(test.right, env))
        for dest in self.dropped[block]:
            env.pop(dest, None)
        if test is None:
            return [(succ, env) for succ in block.successors()]
        term = block.ops[-1]
        assert isinstance(term, Branch)
        return [(term.if_true, test.refine(env, ends, True)),
                (term.if_false, test.refine(env, ends, False))]

    def narrow(self, heads: set[Block]) -> None:
        """One descending step at the loop heads that widened: each one's intervals become
        the join of what its predecessors pass it, met with what it had.  Widening sent a
        loop variable to FULL at its head; the loop's test bounds it in the body (`while
        d * d <= n` gives |d| <= isqrt(max n)), and the body passes the head that bound plus
        its step.  Sound: the states are a post-fixpoint, and one more application of the
        transfer functions to a post-fixpoint is one too.  (Only the heads: the blocks
        after them already have the tests' bounds, and the pass stays cheap.)"""
        preds = predecessors(self.fn)
        passed: dict[Block, list[dict[Var, Interval]]] = {head: [] for head in heads}
        for block in {p for head in heads for p in preds[head] if p in self.states}:
            for succ, env in self.flow(block):
                if env is not None and succ in passed:
                    passed[succ].append(env)
        for head in heads:
            envs = passed[head]
            if not envs or head is self.fn.blocks[0]:
                continue
            old = self.states[head]
            new = {}
            for v, was in old.items():
                got = [env.get(v, FULL) for env in envs]
                lo = max(was[0], min(g[0] for g in got))
                hi = min(was[1], max(g[1] for g in got))
                new[v] = (lo, hi) if lo <= hi else was
            for v in envs[0]:
                if v not in old and all(v in env for env in envs):
                    new[v] = (min(env[v][0] for env in envs), max(env[v][1] for env in envs))
            self.states[head] = new

    def replay(self) -> Iterator[tuple[int, int, object, dict[Var, Interval]]]:
        """(block index, op index, op, intervals before it) for every op of every block the
        analysis reached, after `run`."""
        for b, block in enumerate(self.fn.blocks):
            if block not in self.states:
                continue
            env = dict(self.states[block])
            for i, op in enumerate(block.ops):
                yield b, i, op, env
                self.transfer(op, env)

    def provably_fitting(self) -> list[tuple[int, int]]:
        """(block index, op index) of every checked op whose exact result fits 64 bits."""
        found = []
        for b, i, op, env in self.replay():
            if isinstance(op, Prim) and op.impl in UNCHECKED:
                exact = _exact(op.impl, [self.value(a, env) for a in op.args])
                if exact is not None and INT_MIN <= exact[0] and exact[1] <= INT_MAX:
                    found.append((b, i))
        return found

    def small_calls(self, smalls: set[str]) -> list[tuple[int, int]]:
        """(block index, op index) of every call of a function in `smalls` (those with a fast
        clone) whose int arguments provably lie within ±ARG_BOUND: it may call the clone."""
        return [(b, i) for b, i, op, env in self.replay()
                if isinstance(op, CallSpec) and op.spec in smalls and all(
                    -ARG_BOUND <= lo and hi <= ARG_BOUND
                    for lo, hi in (self.value(a, env) for a in op.args if self._int_typed(a)))]

    def _int_typed(self, v: object) -> bool:
        if isinstance(v, Const):
            return type(v.value) in (int, bool)
        return self.fn.var_types.get(v) in (INT, BOOL)  # type: ignore[arg-type]

    def unchecked_ops(self) -> int:
        """Rewrite provably non-overflowing ops to their unchecked twins; returns how many."""
        return uncheck(self.fn, self.provably_fitting())


def uncheck(fn: Function, where: list[tuple[int, int]]) -> int:
    for b, i in where:
        op = fn.blocks[b].ops[i]
        assert isinstance(op, Prim)
        op.impl = UNCHECKED[op.impl]
    return len(where)


COUNTER_START = 2**61     # a counter must start within this
COUNTER_STEP = 2**20      # ... and change by at most this per update
COUNTER_LIMIT = 2**62     # checked at every signal poll (see lower_core.lower_signal_poll)


def definitions(fn: Function) -> dict[Var, list[object]]:
    defs: dict[Var, list[object]] = {}
    for block in fn.blocks:
        for op in block.ops:
            dest = getattr(op, "dest", None)
            if dest is not None:
                defs.setdefault(dest, []).append(op)
    return defs


def _through_copies(v: object, defs: dict[Var, list[object]]) -> object:
    """Follow single-definition temporaries back to the value they copy."""
    seen = 0
    while isinstance(v, Var) and v.name[:1] in "$%" and len(defs.get(v, [])) == 1 \
            and isinstance(defs[v][0], Assign) and seen < 16:
        v = defs[v][0].src  # type: ignore[attr-defined]
        seen += 1
    return v


def check_counters_at_polls(fn: Function) -> list[Var]:
    """Counters - int variables that start at a small constant and are only ever stepped by
    a small constant (`steps += 1`) - need no check per step: each loop iteration passes a
    signal poll, so between two checkpoints (every 2**20 polls) a counter moves by less than
    2**50, and the poll checkpoint deopts if a counter has left [-2**62, 2**62].  Their
    steps become unchecked and every `signal.poll` receives them to check."""
    defs = definitions(fn)
    counters: list[Var] = []
    steps: list[Prim] = []
    for v, ops in defs.items():
        if fn.var_types.get(v) != INT or v in fn.args or v.name[:1] in "$%":
            continue
        mine: list[Prim] = []
        ok = True
        for op in ops:
            if not isinstance(op, Assign):
                ok = False
                break
            src = _through_copies(op.src, defs)
            if isinstance(src, Const):
                ok = type(src.value) is int and abs(src.value) <= COUNTER_START
            elif isinstance(src, Var) and len(defs.get(src, [])) == 1 and \
                    isinstance(defs[src][0], Prim):
                prim = defs[src][0]
                ok = prim.impl in ("int.add", "int.sub") and len(prim.args) == 2 and \
                    _through_copies(prim.args[0], defs) == v and \
                    isinstance(prim.args[1], Const) and type(prim.args[1].value) is int and \
                    abs(prim.args[1].value) <= COUNTER_STEP
                mine.append(prim)
            else:
                ok = False
            if not ok:
                break
        if ok and mine:
            counters.append(v)
            steps.extend(mine)
    if not counters:
        return []
    for prim in steps:
        prim.impl = UNCHECKED[prim.impl]
    for block in fn.blocks:
        for op in block.ops:
            if isinstance(op, Prim) and op.impl == "signal.poll":
                op.args = list(counters)
            elif isinstance(op, Prim) and op.impl == "signal.poll_n":
                op.args = op.args[:1] + list(counters)
    return counters


def remove_overflow_checks(fn: Function, arg_ranges: dict[Var, Interval]) -> int:
    analysis = RangeAnalysis(fn, arg_ranges)
    analysis.run()
    return analysis.unchecked_ops()


def version_function(fn: Function, smalls: set[str] = frozenset()) -> Function | None:  # type: ignore[assignment]
    """A clone of `fn` for int arguments within ±ARG_BOUND, with the overflow checks that this
    assumption makes redundant removed, and its calls of functions with clones of their own
    (`smalls`, and `fn` itself) going straight to the clone when their arguments provably lie
    within the bound; None when the clone would gain nothing.

    The calls matter in loops: `a_times_u_i(i, n)` sums `eval_A(i, j)` over `j in range(n)`;
    eval_A's entry test of i and j ran once per iteration (and kept the loop scalar) until
    a_times_u_i got a clone of its own, where j < n <= 2**30 makes it redundant."""
    ints = [a for a in fn.args if fn.var_types.get(a) in (INT, BOOL)]
    if not ints:
        return None
    ranges = {a: ((-ARG_BOUND, ARG_BOUND) if fn.var_types[a] == INT else (0, 1))
              for a in fn.args if fn.var_types.get(a) in (INT, BOOL)}
    analysis = RangeAnalysis(fn, ranges)
    analysis.run()
    fitting = analysis.provably_fitting()
    calls = analysis.small_calls(set(smalls) | {fn.name})
    loops = in_loops(fn) if fitting else set()
    gain = sum(MIN_GAIN if fn.blocks[b] in loops else 1 for b, _ in fitting)
    if gain < MIN_GAIN and not calls:
        return None  # the entry's range test would cost more than the checks it saves
    clone = copy.deepcopy(fn)
    clone.name = fn.name + SMALL
    uncheck(clone, fitting)   # the clone has fn's blocks and ops at the same positions
    for b, i in calls:
        op = clone.blocks[b].ops[i]
        assert isinstance(op, CallSpec)
        op.spec += SMALL
    return clone


def callees_first(fns: list[Function]) -> list[Function]:
    """`fns` ordered so that every function comes after the functions it calls (a recursive
    cycle in any order): the order in which their clones can use their callees' clones."""
    by_name = {fn.name: fn for fn in fns}
    order: list[Function] = []
    seen: set[str] = set()

    def visit(fn: Function) -> None:
        seen.add(fn.name)
        for block in fn.blocks:
            for op in block.ops:
                if isinstance(op, CallSpec) and op.spec in by_name and op.spec not in seen:
                    visit(by_name[op.spec])
        order.append(fn)

    for fn in fns:
        if fn.name not in seen:
            visit(fn)
    return order
