"""Pure queries over a Function's control-flow graph: predecessors, reachability, liveness."""
from __future__ import annotations

from lesto.ir.nodes import Block, Function, Var, dest_of


def predecessors(fn: Function) -> dict[Block, list[Block]]:
    preds: dict[Block, list[Block]] = {b: [] for b in fn.blocks}
    for b in fn.blocks:
        for s in b.successors():
            preds[s].append(b)
    return preds


def reachable(fn: Function) -> list[Block]:
    """Blocks reachable from the entry, in depth-first preorder."""
    seen: set[int] = set()
    order: list[Block] = []
    stack = [fn.entry]
    while stack:
        b = stack.pop()
        if id(b) in seen:
            continue
        seen.add(id(b))
        order.append(b)
        stack.extend(reversed(b.successors() + ([b.handler] if b.handler else [])))
    return order


def retreating_edges(fn: Function) -> list[tuple[Block, Block]]:
    """(tail, head) for each edge of a depth-first walk from the entry that goes back to a
    block on the walk's stack: every cycle of the graph contains one."""
    edges: list[tuple[Block, Block]] = []
    state: dict[int, int] = {id(fn.entry): 1}    # 1: on the walk's stack, 2: finished
    stack: list[tuple[Block, list[Block]]] = [(fn.entry, list(fn.entry.successors()))]
    while stack:
        block, todo = stack[-1]
        if not todo:
            state[id(block)] = 2
            stack.pop()
            continue
        succ = todo.pop()
        seen = state.get(id(succ))
        if seen == 1:
            edges.append((block, succ))
        elif seen is None:
            state[id(succ)] = 1
            stack.append((succ, list(succ.successors())))
    return edges


def loop_heads(fn: Function) -> set[Block]:
    """The blocks every cycle passes through (where a dataflow analysis must widen)."""
    return {head for _, head in retreating_edges(fn)}


def in_loops(fn: Function) -> set[Block]:
    """The blocks of every loop: those on a path from a loop's head back to it."""
    preds = predecessors(fn)
    inside: set[Block] = set()
    for tail, head in retreating_edges(fn):
        body = {head}
        work = [tail]
        while work:
            b = work.pop()
            if b not in body:
                body.add(b)
                work.extend(preds[b])
        inside |= body
    return inside


def uses_and_defs(block: Block) -> tuple[set[Var], set[Var]]:
    """(variables read before any write in `block`, variables written in it)."""
    used: set[Var] = set()
    defined: set[Var] = set()
    for op in block.ops:
        for v in op.operands():
            if isinstance(v, Var) and v not in defined:
                used.add(v)
        dest = dest_of(op)
        if dest is not None:
            defined.add(dest)
    return used, defined


def live_in(fn: Function) -> dict[Block, set[Var]]:
    """Variables live on entry to each block (read before being written on some path)."""
    use: dict[Block, set[Var]] = {}
    defs: dict[Block, set[Var]] = {}
    for b in fn.blocks:
        use[b], defs[b] = uses_and_defs(b)
    live: dict[Block, set[Var]] = {b: set(use[b]) for b in fn.blocks}
    changed = True
    while changed:
        changed = False
        for b in reversed(fn.blocks):
            out: set[Var] = set()
            for s in b.successors():
                out |= live[s]
            new = use[b] | (out - defs[b])
            if b.handler is not None:   # the handler starts from the state on entry
                new |= live[b.handler]
            if new != live[b]:
                live[b] = new
                changed = True
    return live


def block_local(fn: Function) -> set[Var]:
    """The variables that every read takes from an assignment earlier in the same block
    (arguments excluded): no value of theirs flows from one block to another."""
    bad = set(fn.args)
    assigned: set[Var] = set()
    for block in fn.blocks:
        used, defined = uses_and_defs(block)
        bad |= used
        assigned |= defined
    return assigned - bad
