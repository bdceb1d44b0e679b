"""Variables shared with nested functions through cells, as CPython shares them.

A local that a lambda, nested def, class body or generator expression uses (it is in the code
object's co_cellvars) and that does not keep one value from before the nested function is
made (build_objects._bound_once_before: then a fresh cell holding the value is the same) is a
*shared cell*: the function makes the cell on entry (holding the argument, for a parameter;
empty otherwise), every read of the variable is `obj.cell_get` (UnboundLocalError when empty,
CPython's message), every write `obj.cell_set`, and the nested function gets the cell itself,
so writes on either side (`nonlocal` in the nested function, a loop rebinding the variable)
are seen by the other:

    def f(xs):                   entry: $cell.k = obj.cell_new()
        k = 1                           $t1 = 1 ; obj.cell_set $cell.k, $t1
        key = lambda v: v * k           key = obj.makefunc:C code, globals, None, $cell.k
        k = 2                           $t2 = 2 ; obj.cell_set $cell.k, $t2
        return sorted(xs, key=key)      ...

Reads are emitted where the name is evaluated (`read_cell`, from build_name); `cellify`
rewrites the built IR's writes (and any other direct use); the builder passes the cells to
makefunc.  A local deleted by `del x` lives in a cell too: the `del` reads it (an unbound
one raises UnboundLocalError) and empties the cell, so a later read raises it.
"""
from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Callable, Container

from lesto.ir.nodes import Block, CallBuiltin, Function, Op, Var

if TYPE_CHECKING:
    from lesto.frontend.build import FunctionBuilder

PREFIX = "$cell."

_NESTED = (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.GeneratorExp)


def shared_cells(fb: FunctionBuilder) -> dict[str, tuple[int, int]]:
    """The function's locals that need a shared cell (see the module docstring), each with
    the location of the first nested function using it (where a refusal points)."""
    from lesto.frontend.build_objects import _bound_once_before
    from lesto.frontend.scopes import _own_scope

    code = getattr(fb.info.func, "__code__", None)
    cellvars = set(getattr(code, "co_cellvars", ())) & fb.locals
    shared = {}
    scope = list(_own_scope(fb.info.tree))
    for n in scope:   # `del x`: x becomes unbound, which a cell can be
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Del) and n.id in fb.locals:
            shared.setdefault(n.id, (n.lineno, n.col_offset))
    nested = [n for n in scope if isinstance(n, _NESTED)]
    for name in cellvars:
        users = [n for n in nested if any(isinstance(m, ast.Name) and m.id == name
                                          for m in ast.walk(n))]
        if not users or any(not _bound_once_before(fb, name, n) for n in users):
            first = min(users, key=lambda n: (n.lineno, n.col_offset), default=fb.info.tree)
            shared[name] = (first.lineno, first.col_offset)
    return shared


def cell_var(name: str) -> Var:
    return Var(PREFIX + name)


def read_cell(fb: FunctionBuilder, name: str, loc: tuple[int, int]) -> Var:
    """The variable's value, read from its cell now (as CPython's LOAD_DEREF, in evaluation
    order: `k, bump()` reads k before the call changes it)."""
    t = fb.temp()
    fb.b.add(_cell_get(loc, t, name))
    return t


def _cell_get(loc: tuple[int, int], dest: Var, name: str) -> CallBuiltin:
    return CallBuiltin(loc, dest, f"obj.cell_get:{name}", [cell_var(name)])


def delete_cell(fb: FunctionBuilder, name: str, loc: tuple[int, int]) -> None:
    """`del name`: CPython's UnboundLocalError if it is unbound, else the cell emptied."""
    read_cell(fb, name, loc)
    fb.b.add(CallBuiltin(loc, fb.temp(), "obj.cell_clear", [cell_var(name)]))


def cellify(fn: Function, cells: dict[str, tuple[int, int]], params: set[str]) -> None:
    """Rewrite `fn` (untyped IR) so that the variables in `cells` live in cells (made at the
    entry, located at the nested function that needs each)."""
    if not cells:
        return
    counter = [0]

    def temp() -> Var:
        counter[0] += 1
        return Var(f"$cellt{counter[0]}")

    for block in fn.blocks:
        out: list[Op] = []
        for op in block.ops:
            out += _rewrite(op, cells, temp)
        block.ops = out
    entry: Block = fn.blocks[0]
    made = [CallBuiltin(loc, cell_var(c), "obj.cell_new", [Var(c)] if c in params else [])
            for c, loc in sorted(cells.items(), key=lambda item: item[1])]
    entry.ops[:0] = made


def _rewrite(op: Op, cells: Container[str], temp: Callable[[], Var]) -> list[Op]:
    before: list[Op] = []
    after: list[Op] = []
    for field, value in list(vars(op).items()):
        if field == "loc":
            continue
        if field == "dest":
            if isinstance(value, Var) and value.name in cells:
                t = temp()
                op.dest = t   # type: ignore[attr-defined]
                after.append(CallBuiltin(op.loc, temp(), "obj.cell_set",
                                         [cell_var(value.name), t]))
            continue
        if isinstance(value, Var) and value.name in cells:
            setattr(op, field, _read(op, value, before, temp))
        elif isinstance(value, list):
            setattr(op, field, [_read(op, v, before, temp)
                                if isinstance(v, Var) and v.name in cells else v
                                for v in value])
    return before + [op] + after


def _read(op: Op, v: Var, before: list[Op], temp: Callable[[], Var]) -> Var:
    t = temp()
    before.append(_cell_get(op.loc, t, v.name))
    return t
