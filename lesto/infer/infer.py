"""Type inference: worklist dataflow over each function's CFG, and over the call graph, to a
fixed point.

Within a function, the state at each block entry maps each *live* variable to its type; states
join at merges into unions (`x = 0` on one path, `x = 0.5` on another gives `int | float`), and a
variable unassigned on some path gets the member `undefined`.  Across functions, each
(function, argument types) pair is a specialization whose return type starts at Bottom; when it
changes, its callers are inferred again, so recursion settles:

    def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)
    pass 1: fib(int) -> int  (the `n` branch; the recursive sum is still Bottom)
    pass 2: fib(int) -> int  (int + int = int): fixed point.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from lesto.infer.objects import Typer, uses_objects
from lesto.infer.optype import Refusal, as_compile_error, known_condition, result_type
from lesto.ir.cfg import live_in, reachable
from lesto.ir.nodes import (
    Block, Branch, Const, Deopt, Function, Op, Return, Value, Var, dest_of,
)
from lesto.messages import refusal
from lesto.types.core import (
    BOTTOM, UNDEFINED, ArrayExpr, LType, Tuple, holds_array, join_objects, make_union, members,
)
from lesto.types.typeof import typeof

Env = dict[Var, LType]
SpecKey = tuple[Any, tuple[LType, ...]]   # (python function, argument types)

MAX_ROUNDS = 200


def value_type(v: Value, env: Env) -> LType:
    if isinstance(v, Const):
        t = typeof(v.value)
        if t is None:
            raise Refusal("L016", repr(v.value), "constant too large for 64 bits")
        return t
    return env.get(v, UNDEFINED)


def transfer(op: Op, env: Env, call_type: Callable[[Any, tuple[LType, ...]], LType],
             filename: str, known: dict[Any, bool] | None = None) -> LType | None:
    """Apply `op` to `env`; return its result type (None for ops without a result).
    `known` collects bools whose value the types decide (see optype.known_condition)."""
    try:
        types = [value_type(v, env) for v in op.operands()]
        dest = dest_of(op)
        if known is not None and dest is not None:
            k = known_condition(op, types, known, call_type)
            if k is None:
                known.pop(dest, None)
            else:
                known[dest] = k
        if dest is None and not isinstance(op, Return):
            return None
        t = result_type(op, types, call_type)
    except Refusal as r:
        raise as_compile_error(r, op, filename) from None
    if dest is not None:
        env[dest] = t
    return t


@dataclass
class FunctionTypes:
    """Inference result for one specialization."""

    entry_states: dict[Block, Env]
    return_type: LType


def join_env(a: Env, b: Env, live: set[Var]) -> Env:
    out: Env = {}
    for v in live:
        ta, tb = a.get(v, UNDEFINED), b.get(v, UNDEFINED)
        if ta != tb and (isinstance(ta, ArrayExpr) or isinstance(tb, ArrayExpr)):
            from lesto.infer.arrays import materialized

            # `a * 2 if c else a`: an expression is computed where paths with other types meet
            ta, tb = materialized(ta), materialized(tb)
        out[v] = ta if ta == tb else union_or_object([ta, tb])
    return out


def union_or_object(types: list[LType]) -> LType:
    """make_union, but where it has no native form (a tuple mixed with other types, as in a
    function returning a tuple or None; arrays of different ndim; a complex and an int) the
    value becomes one Python object (boxed; a function with objects then needs
    objects=True).  Still refused: lazy array expressions, and tuples holding arrays mixed
    with other types."""
    try:
        return make_union(types)
    except TypeError:
        flat = [m for t in types for m in members(t)]
        if any(isinstance(t, ArrayExpr) or (isinstance(t, Tuple) and holds_array(t))
               for t in flat):
            raise
        return join_objects(set(flat))


def infer_function(fn: Function, argtypes: tuple[LType, ...],
                   call_type: Callable[[Any, tuple[LType, ...]], LType]) -> FunctionTypes:
    """Types at every block entry, and the join of all returned types."""
    live = live_in(fn)
    states: dict[Block, Env] = {fn.entry: dict(zip(fn.args, argtypes))}
    returns: dict[Block, LType] = {}   # per block: the type it returns, from its latest visit
    work = [fn.entry]
    order = {b: i for i, b in enumerate(reachable(fn))}
    while work:
        work.sort(key=lambda blk: order.get(blk, 0), reverse=True)
        block = work.pop()
        env = dict(states[block])
        returns.pop(block, None)
        alive = True
        known: dict[Any, bool] = {}
        if block.handler is not None:   # an exception here: the handler, from this entry state
            _flow(fn, block, block.handler, env, live, states, work)
        for op in block.ops:
            if isinstance(op, Deopt):
                alive = False
                break
            t = transfer(op, env, call_type, fn.filename, known)
            if t == BOTTOM:
                alive = False  # always deopts (or never returns): the rest is unreachable
                break
            if isinstance(op, Return) and t is not None:
                returns[block] = t
        if not alive:
            continue
        for succ in live_successors(block, known):
            _flow(fn, block, succ, env, live, states, work)
    try:
        ret = union_or_object(list(returns.values()))
    except TypeError as e:
        raise refusal("L012", "return value", fn.filename, fn.firstlineno, 0, str(e)) from None
    return FunctionTypes(states, ret)


def _flow(fn: Function, block: Block, succ: Block, env: Env, live: dict[Block, set[Var]],
          states: dict[Block, Env], work: list[Block]) -> None:
    """Join `env` (leaving `block`) into the entry state of `succ`; revisit it if it grew."""
    incoming = {v: env.get(v, UNDEFINED) for v in live[succ]}
    old = states.get(succ)
    try:
        new = incoming if old is None else join_env(old, incoming, live[succ])
    except TypeError as e:
        term = block.terminator or (block.ops[-1] if block.ops else None)
        loc = term.loc if term is not None else (fn.firstlineno, 0)
        raise refusal("L012", _which_var(old or {}, incoming), fn.filename,
                      loc[0], loc[1], str(e)) from None
    if new != old:
        states[succ] = new
        if succ not in work:
            work.append(succ)


def live_successors(block: Block, known: dict[Any, bool]) -> list[Block]:
    """Successors that can run: a branch on a bool the types decide has only one."""
    term = block.terminator
    if isinstance(term, Branch) and isinstance(term.cond, Var) and term.cond in known:
        return [term.if_true if known[term.cond] else term.if_false]
    if isinstance(term, Branch) and isinstance(term.cond, Const):
        return [term.if_true if term.cond.value else term.if_false]
    return block.successors()


def _which_var(a: Env, b: Env) -> str:
    for v in set(a) | set(b):
        try:
            make_union([a.get(v, UNDEFINED), b.get(v, UNDEFINED)])
        except TypeError:
            return v.name
    return "?"


@dataclass
class Program:
    """Every specialization reachable from a root call, with its IR and inferred types."""

    root: SpecKey
    functions: dict[SpecKey, Function] = field(default_factory=dict)
    types: dict[SpecKey, FunctionTypes] = field(default_factory=dict)
    exact_ints: set[SpecKey] = field(default_factory=set)   # see infer/objects.Typer


def infer_program(root_func: Any, argtypes: tuple[LType, ...],
                  build_ir: Callable[[Any], Function]) -> Program:
    """Infer the root specialization and every specialization it calls, to a fixed point."""
    root: SpecKey = (root_func, argtypes)
    prog = Program(root)
    callers: dict[SpecKey, set[SpecKey]] = {}
    returns: dict[SpecKey, LType] = {}
    work: list[SpecKey] = [root]
    prog.functions[root] = build_ir(root_func)
    rounds = 0
    while True:
        _infer_all(prog, work, callers, returns, build_ir, rounds)
        # Once any function of the program works with objects, the program may have effects:
        # every function of it then works on exact ints (no deoptimisation re-runs it), and
        # is inferred again (this happens at most once).
        objects = any(uses_objects(prog.functions[k], k[1], ft.entry_states) or
                      _holds_object(ft.return_type) or
                      any(_holds_object(t) for env in ft.entry_states.values()
                          for t in env.values())
                      for k, ft in prog.types.items())
        if not objects or prog.exact_ints == set(prog.functions):
            return prog
        prog.exact_ints |= set(prog.functions)
        work = list(prog.functions)


def _holds_object(t: LType) -> bool:
    from lesto.types.core import is_object

    return is_object(t)


def _infer_all(prog: Program, work: list[SpecKey], callers: dict[SpecKey, set[SpecKey]],
               returns: dict[SpecKey, LType], build_ir: Callable[[Any], Function],
               rounds: int) -> None:
    """The worklist of infer_program: infer each specialization until nothing changes."""
    while work:
        rounds += 1
        key = work.pop()
        fn = prog.functions[key]
        if rounds > MAX_ROUNDS * max(1, len(prog.functions)):
            raise refusal("L017", fn.name, fn.filename, fn.firstlineno, 0)

        def call_type(func: Any, types: tuple[LType, ...], caller: SpecKey = key) -> LType:
            callee: SpecKey = (func, tuple(types))
            if callee not in prog.functions:
                ir_fn = build_ir(func)
                if len(ir_fn.args) != len(types):
                    raise Refusal("L011", func.__name__,
                                  f"takes {len(ir_fn.args)} arguments, {len(types)} given")
                prog.functions[callee] = ir_fn
                work.append(callee)
                if prog.exact_ints:
                    prog.exact_ints.add(callee)
            callers.setdefault(callee, set()).add(caller)
            return returns.get(callee, BOTTOM)

        ft = infer_function(fn, key[1], Typer(call_type, key in prog.exact_ints))
        prog.types[key] = ft
        if returns.get(key, BOTTOM) != ft.return_type:
            returns[key] = ft.return_type
            for c in callers.get(key, ()):
                if c not in work:
                    work.append(c)
