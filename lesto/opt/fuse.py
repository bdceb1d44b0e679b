"""Fuse `c * n + d` (constants c and d) into one primitive, `int.affine n, c, d`, whose
overflow check is a single range test on n: collatz's `3 * n + 1` becomes one `lea` on the
chain of dependent operations, with the check beside it instead of on it.

    %p = prim int.mul n, 3 ; $t = %p ; %r = prim int.add $t, 1
  becomes
    %r = prim int.affine n, 3, 1          (the multiply is dropped when nothing else uses it)

In a function that writes to no array, `speculate_affine` then moves an affine with a small c
out of a branch arm into the block that branches, so its window test (lower_int.affine) runs on
both paths and LLVM's if-conversion needs no mask for it.
"""
from __future__ import annotations

from lesto.ir.cfg import predecessors
from lesto.ir.nodes import Assign, Branch, Const, Function, Op, Prim, Var, dest_of
from lesto.opt.ranges import definitions


def _uses(fn: Function) -> dict[Var, int]:
    count: dict[Var, int] = {}
    for block in fn.blocks:
        for op in block.ops:
            for v in op.operands():
                if isinstance(v, Var):
                    count[v] = count.get(v, 0) + 1
    return count


def _small_int(v: object) -> int | None:
    if isinstance(v, Const) and type(v.value) is int and abs(v.value) < 2**62:
        return v.value
    return None


def fuse_affine(fn: Function) -> int:
    """Rewrite every `int.add` of a constant and a same-block `int.mul` by a constant;
    returns how many were fused."""
    uses = _uses(fn)
    fused = 0
    for block in fn.blocks:
        defined_at: dict[Var, int] = {}     # var -> position of its latest definition here
        latest: dict[Var, Op] = {}
        dead: set[int] = set()
        for pos, op in enumerate(block.ops):
            if isinstance(op, Prim) and op.impl == "int.add" and len(op.args) == 2:
                for x, dv in (op.args, op.args[::-1]):
                    d = _small_int(dv)
                    chain: list[int] = []
                    v = x
                    while isinstance(v, Var) and isinstance(latest.get(v), Assign) \
                            and uses.get(v, 0) == 1:
                        chain.append(defined_at[v])
                        v = latest[v].src  # type: ignore[union-attr]
                    mul = latest.get(v) if isinstance(v, Var) else None
                    if d is None or not (isinstance(mul, Prim) and mul.impl == "int.mul"):
                        continue
                    c_pos = [i for i, a in enumerate(mul.args) if _small_int(a) is not None
                             and abs(_small_int(a)) >= 2]  # type: ignore[arg-type]
                    if not c_pos:
                        continue
                    c = _small_int(mul.args[c_pos[0]])
                    n = mul.args[1 - c_pos[0]]
                    mul_pos = defined_at[v]  # type: ignore[index]
                    if isinstance(n, Var) and defined_at.get(n, -1) > mul_pos:
                        continue   # n changed between the multiply and the add
                    op.impl, op.args = "int.affine", [n, Const(c), Const(d)]
                    if uses.get(v, 0) == 1:  # type: ignore[arg-type]
                        dead.add(mul_pos)
                        dead.update(chain)
                    fused += 1
                    break
            dest = getattr(op, "dest", None)
            if dest is not None:
                defined_at[dest] = pos
                latest[dest] = op
        if dead:
            block.ops = [op for i, op in enumerate(block.ops) if i not in dead]
    return fused


def _windowed(op: Op) -> bool:
    """An int.affine that lower_int.affine tests with the window (|c| <= 3, |d| < 2**60)."""
    if not (isinstance(op, Prim) and op.impl == "int.affine"):
        return False
    c, d = _small_int(op.args[1]), _small_int(op.args[2])
    return c is not None and d is not None and abs(c) <= 3 and abs(d) < 2**60


def speculate_affine(fn: Function) -> int:
    """Move each windowed int.affine of a branch arm (a block whose one predecessor ends in
    a Branch) to the end of that predecessor, when its n is not reassigned in the arm before
    it.  The computation cannot fault (it wraps; its overflow is a sticky flag), so running it
    on the other path changes no result; only its window test now also fires for an n outside
    [-2**61, 2**61) on that path, a false alarm that re-runs the call in the interpreter.
    That is why this is only for functions whose calls may be re-run (no array writes).
    Returns how many were moved."""
    preds = predecessors(fn)
    defs = definitions(fn)
    moved = 0
    for block in fn.blocks:
        before = preds.get(block, [])
        if len(before) != 1 or not isinstance(before[0].terminator, Branch) \
                or before[0] is block:
            continue
        head = before[0]
        assigned: set[Var] = set()
        keep: list[Op] = []
        for op in block.ops:
            dest = dest_of(op)
            n = op.args[0] if isinstance(op, Prim) and op.args else None
            if _windowed(op) and dest is not None and len(defs.get(dest, ())) == 1 \
                    and not (isinstance(n, Var) and n in assigned) and dest != head.ops[-1].cond:
                head.ops.insert(len(head.ops) - 1, op)
                moved += 1
            else:
                keep.append(op)
            if dest is not None:
                assigned.add(dest)
        block.ops = keep
    return moved
