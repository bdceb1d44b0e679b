"""Arrays made inside a loop are released at the end of each iteration unless a variable that
lives on into the next iteration refers to them, so a loop making arrays (numpy views of rows,
temporaries) runs in constant memory.

The frontend brackets every loop: `$mark = arena.mark` before it and `arena.release $mark` at
each back-edge.  This pass gives each release the variables live at the loop head that hold
arrays (directly, in tuples, or in lazy array expressions), which the release keeps; in a
function that never makes an array it removes the brackets.

    for row in m: s += row[0]        # each `row` view is freed when the next one is made
"""
from __future__ import annotations

from lesto.ir.cfg import live_in, predecessors
from lesto.ir.nodes import Block, CallSpec, Function, Jump, Prim, ToUnion, Var
from lesto.types.core import holds_array

# Primitives whose arrays go into the function's arena (new references).
ALLOCATING_PREFIXES = ("pycall:", "pymethod:", "array.materialize", "array.assign_into")


def block_allocates(fn: Function, block: Block) -> bool:
    for op in block.ops:
        if isinstance(op, Prim) and op.impl.startswith(ALLOCATING_PREFIXES):
            return True
        if isinstance(op, CallSpec) and holds_array(fn.var_types.get(op.dest)):
            return True
    return False


def allocates(fn: Function) -> bool:
    return any(block_allocates(fn, b) for b in fn.blocks)


def loop_body(back: Block, head: Block, preds: dict[Block, list[Block]]) -> set[Block]:
    """The blocks of the loop closed by the edge back -> head (its natural loop)."""
    body = {head, back}
    work = [back]
    while work:
        b = work.pop()
        if b is head:
            continue
        for p in preds.get(b, []):
            if p not in body:
                body.add(p)
                work.append(p)
    return body


def scope_arena(fn: Function) -> None:
    if not allocates(fn):
        for block in fn.blocks:
            block.ops = [op for op in block.ops
                         if not (isinstance(op, Prim) and op.impl.startswith("arena."))]
        return
    live = live_in(fn)
    preds = predecessors(fn)
    for block in fn.blocks:
        term = block.terminator
        head = term.target if isinstance(term, Jump) else None
        if head is not None and any(isinstance(op, Prim) and op.impl == "arena.release"
                                    for op in block.ops) and not any(
                block_allocates(fn, b) for b in loop_body(block, head, preds)):
            # nothing in this loop makes arrays: no release (and the loop stays call-free)
            block.ops = [op for op in block.ops
                         if not (isinstance(op, Prim) and op.impl == "arena.release")]
            continue
        if head is not None:
            move_release_last(block)
        for op in block.ops:
            if isinstance(op, Prim) and op.impl == "arena.release" and head is not None:
                keep = sorted((v for v in live.get(head, ()) if isinstance(v, Var)
                               and holds_array(fn.var_types.get(v))), key=lambda v: v.name)
                op.args = op.args[:1] + keep
            elif isinstance(op, Prim) and op.impl == "arena.release":
                op.args = op.args[:1] + [v for v in fn.var_types
                                         if holds_array(fn.var_types[v])]   # keep everything


def move_release_last(block: Block) -> None:
    """Put the edge's conversions (`to_union`) after a back-edge release before it, so a
    variable whose type widens on the edge keeps the array it holds for the next iteration."""
    at = next((i for i, op in enumerate(block.ops)
               if isinstance(op, Prim) and op.impl == "arena.release"), None)
    if at is None:
        return
    moved = [op for op in block.ops[at + 1:] if isinstance(op, ToUnion)]
    rest = [op for op in block.ops[at + 1:] if not isinstance(op, ToUnion)]
    block.ops = block.ops[:at] + moved + block.ops[at:at + 1] + rest
