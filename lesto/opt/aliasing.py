"""Which array variables hold arrays the function allocated itself, and which hold its array
arguments: arrays of different origins never share memory, which the backend tells LLVM
(backend/alias.py) so that loops over them need no run-time overlap checks.

    def jacobi(grid, sweeps):
        u = np.empty((n, m))          # root "site 1"
        v = np.empty((n, m))          # root "site 2"
        ... v[i, j] = 0.25 * (u[i - 1, j] + ...)

Reading u while writing v, LLVM's vectorizer compared the addresses of the rows of v and u
before every row (they might overlap, as far as it knew); two calls to np.empty return two
buffers, and neither is the argument `grid`.

A variable's root is the same for every assignment of it or it is unknown:

- "arguments": an array argument (or a copy of one).  Every argument existed when the call
  began, so no allocation in the call returns its memory; two arguments may be one array
  (or views of one), so they share this root and nothing is claimed between them.
- "site N": the result of the N-th allocation op (`np.empty`, `np.zeros`, `a.copy()`, ...,
  `FRESH`).  Each call makes a new buffer; all arrays one site made share its root (a loop
  may run the site many times: nothing is claimed between them).  The function's arena keeps
  every array it allocated alive until it returns, so no buffer is freed and reused within
  the call.
- anything else (a view, `a.T`, a slice, an array out of a list, a phi of two roots) has no
  root: its accesses carry no claim.
"""
from __future__ import annotations

from lesto.ir.nodes import Assign, Function, Prim, Var, dest_of
from lesto.types.core import Array

ARGUMENTS = "arguments"
# allocations that always return a new buffer of their own (pycall:<name>[:extra], pymethod:)
FRESH = frozenset({
    "pycall:numpy.empty", "pycall:numpy.zeros", "pycall:numpy.ones", "pycall:numpy.full",
    "pycall:numpy.empty_like", "pycall:numpy.zeros_like", "pycall:numpy.ones_like",
    "pycall:numpy.full_like", "pycall:numpy.copy", "pycall:numpy.arange",
    "pycall:numpy.linspace", "pymethod:copy",
})
_UNKNOWN = ""


def array_roots(fn: Function) -> dict[Var, str]:
    """Array variable -> its root (see the module docstring); variables without one are
    absent."""
    sources: dict[Var, set[object]] = {}   # root strings, or the Vars copied from
    for v in fn.args:
        if isinstance(fn.var_types.get(v), Array):
            sources.setdefault(v, set()).add(ARGUMENTS)
    site = 0
    for block in fn.blocks:
        for op in block.ops:
            dest = dest_of(op)
            if dest is None or not isinstance(fn.var_types.get(dest), Array):
                continue
            found = sources.setdefault(dest, set())
            if isinstance(op, Assign) and isinstance(op.src, Var):
                found.add(op.src)
            elif isinstance(op, Prim) and ":".join(op.impl.split(":")[:2]) in FRESH:
                site += 1
                found.add(f"site {site}")
            else:
                found.add(_UNKNOWN)
    roots: dict[Var, str] = {}
    for _ in range(len(sources) + 1):     # copies of copies: to a fixed point (a cycle of
        changed = False                   # copies starts unknown and stays so)
        for v, found in sources.items():
            names = {roots.get(s, _UNKNOWN) if isinstance(s, Var) else s for s in found}
            root = names.pop() if len(names) == 1 else _UNKNOWN
            if roots.get(v) != root:
                roots[v] = root
                changed = True
        if not changed:
            return {v: r for v, r in roots.items() if r}
    return {}
