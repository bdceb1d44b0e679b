"""Mark small compiled callees `alwaysinline`, so LLVM inlines them into their callers.

A helper called in a hot loop, `best, d = nearest(points, i, centroids)`, is otherwise a real
call: its array arguments are structs of 6 words each, passed in memory, its tuple result comes
back through memory, and LLVM's own inliner decides on the callee *after* simplifying it, when
loop unswitching has multiplied its loops (k-means' two-loop helper grew past the O3
threshold and stayed a call: 1.7x Numba's time).  The size test here is made on the typed IR,
before any of that: a function of at most `INLINE_OPS` operations, not part of a recursive
cycle, is inlined at every call site (the quick tier's pipeline runs the always-inliner
too)."""
from __future__ import annotations

from typing import Any

from lesto.ir.nodes import CallSpec, Function

INLINE_OPS = 300     # typed IR operations, all blocks (short-loop copies included)


def size(fn: Function) -> int:
    return sum(len(b.ops) for b in fn.blocks)


def callees(fn: Function) -> set[str]:
    return {op.spec for b in fn.blocks for op in b.ops if isinstance(op, CallSpec)}


def recursive(fns: dict[str, Function]) -> set[str]:
    """Names of the functions that can reach themselves through calls."""
    graph = {name: callees(fn) & fns.keys() for name, fn in fns.items()}
    found = set()
    for start in graph:
        seen: set[str] = set()
        todo = list(graph[start])
        while todo:
            name = todo.pop()
            if name == start:
                found.add(start)
                break
            if name not in seen:
                seen.add(name)
                todo.extend(graph[name])
    return found


def mark_inline(module: Any, fns: dict[str, Function], llfns: dict[str, Any], root: str,
                versions: dict[str, tuple[Function, int]]) -> list[str]:
    """Add `alwaysinline` to the LLVM functions of every small non-recursive callee (for a
    function with a fast clone, to its switch and both bodies); returns their names."""
    cyclic = recursive(fns)
    marked = []
    for name, fn in fns.items():
        if name == root or name in cyclic:
            continue
        parts = [llfns[name]]
        total = size(fn)
        if name in versions:
            small = versions[name][0]
            total += size(small)
            parts += [module.globals[name + ".general"], module.globals[small.name]]
        if total > INLINE_OPS:
            continue
        for part in parts:
            part.attributes.add("alwaysinline")
        marked.append(name)
    return marked
