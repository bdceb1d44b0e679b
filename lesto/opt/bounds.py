"""Bounds checks that a loop's range makes redundant: mark each array index that is a range
loop's index with that range's start and stop, so the check can be skipped when the whole
range fits the dimension.

    for q in range(k):            # k = a.shape[1], b is another array
        s += a[i, q] * b[q, j]    # b[q, j] checks q < b.shape[0] on every iteration

becomes `prim array.getitem b, q, j, hint: (0, k, 0), none`, and the lowering checks
`0 <= start and stop <= b.shape[0]` (loop-invariant: LLVM computes it once and unswitches the
loop on it) before the per-iteration check.  An index that is the loop index plus or minus a
constant (`u[i - 1, j]`, `u[i, j + 1]`: stencils) is hinted with that offset c, and the test
is `-c <= start and stop <= n - c` (no overflow: c is small, n a dimension).  Only ranges
with a constant positive step (`range.item_up`) are hinted; their start and stop are values
fixed for the whole loop (the frontend copies range()'s arguments once).
"""
from __future__ import annotations

from lesto.ir.nodes import Assign, Const, Function, MakeTuple, Prim, TupleGet, Var
from lesto.opt.ranges import definitions
from lesto.types.core import Array

HINTED = ("array.getitem", "array.setitem")
NO_HINT = Const(None)
OFFSET_OPS = {"int.add": 1, "int.add_nsw": 1, "int.sub": -1, "int.sub_nsw": -1}
MAX_OFFSET = 1 << 20      # |c| of a hinted `i + c` (keeps -c and n - c far from overflow)


def _constant_int(v: object) -> int | None:
    if isinstance(v, Const) and type(v.value) is int and abs(v.value) <= MAX_OFFSET:
        return v.value
    return None


def _range_of(v: object, local: dict[Var, object], defs: dict[Var, list[object]]
              ) -> tuple[object, object, int] | None:
    """(start, stop, c) when `v` is, through copies, the index of a range loop with a
    constant positive step plus the constant c; else None.  A variable's definition is the
    latest one earlier in the same block (`local`), or its only definition in the function."""
    offset = 0
    for _ in range(16):
        if not isinstance(v, Var):
            return None
        op = local.get(v)
        if op is None:
            if len(defs.get(v, [])) != 1:
                return None
            op = defs[v][0]
        if isinstance(op, Assign):
            v = op.src
            continue
        if isinstance(op, TupleGet):
            tup = op.tup
            for _ in range(4):   # `a[i, q]`: the index tuple's item, through copies
                made = local.get(tup) if isinstance(tup, Var) else None
                if isinstance(made, Assign):
                    tup = made.src
                    continue
                break
            made = local.get(tup) if isinstance(tup, Var) else None
            if not isinstance(made, MakeTuple):
                return None
            v = made.items[op.index]
            continue
        if isinstance(op, Prim) and op.impl == "range.item_up":
            return op.args[1], op.args[2], offset
        if isinstance(op, Prim) and op.impl in OFFSET_OPS and len(op.args) == 2:
            sign = OFFSET_OPS[op.impl]
            right = _constant_int(op.args[1])
            left = _constant_int(op.args[0]) if sign > 0 else None
            if right is not None:
                offset, v = offset + sign * right, op.args[0]
                continue
            if left is not None:
                offset, v = offset + left, op.args[1]
                continue
        return None
    return None


def hint_index_ranges(fn: Function) -> int:
    """Append (start, stop, c) hints (or none, none, none) for every index of every array access;
    returns how many indices got a range."""
    defs = definitions(fn)
    hinted = 0
    for block in fn.blocks:
        local: dict[Var, object] = {}
        for op in block.ops:
            dest = getattr(op, "dest", None)
            if not (isinstance(op, Prim) and op.impl in HINTED):
                if dest is not None:
                    local[dest] = op
                continue
            t = fn.var_types.get(op.args[0]) if isinstance(op.args[0], Var) else None
            if not isinstance(t, Array):
                continue
            hints: list = []
            for index in op.args[1:1 + t.ndim]:
                found = _range_of(index, local, defs)
                if found is None or abs(found[2]) > MAX_OFFSET:
                    hints += [NO_HINT, NO_HINT, NO_HINT]
                else:
                    hints += [found[0], found[1], Const(found[2])]
                    hinted += 1
            if any(h is not NO_HINT for h in hints):
                op.impl += ".hinted"
                op.args = list(op.args) + hints
            if dest is not None:
                local[dest] = op
    return hinted
