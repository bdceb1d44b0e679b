"""`lesto.prange`: a range whose iterations may run in parallel.

In the interpreter, and in functions compiled without `parallel=True`, `prange(...)` is exactly
`range(...)`.  Under `@jit(parallel=True)` the frontend builds a `for ... in prange(...)` loop
like a range loop whose head block is labelled `prange` and records the loop's reductions
(`Function.parallel_loops`); opt/parallel.py outlines the body and backend/lower_parallel.py
runs it on the worker pool.  This module also finds the reductions and refuses what a parallel
body may not contain (break, return, an else clause)."""
from __future__ import annotations

import ast

REDUCTION_OPS = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.BitOr: "or",
                 ast.BitAnd: "and", ast.BitXor: "xor"}


def prange(*args: int) -> range:
    """range(*args); the iterations run in parallel in a @lesto.jit(parallel=True) function."""
    return range(*args)


def _walk_body(nodes: list[ast.stmt]):
    """Every node of a loop body, not entering nested function or class definitions."""
    stack: list[ast.AST] = list(nodes)
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        stack.extend(ast.iter_child_nodes(node))


def find_reductions(body: list[ast.stmt]) -> dict[str, str]:
    """name -> reduction operator ('add', 'sub', 'mul', 'or', 'and', 'xor', 'min', 'max')
    for the names the body updates only by `name op= expr` or `name = min/max(name, expr)`;
    '' for a name also assigned another way (not a reduction)."""
    found: dict[str, str] = {}

    def note(name: str, op: str) -> None:
        found[name] = op if found.get(name, op) == op else ""

    for node in _walk_body(body):
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            note(node.target.id, REDUCTION_OPS.get(type(node.op), ""))
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        note(name.id, _min_max(name.id, node.value, len(node.targets)))
        elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and isinstance(node.target,
                                                                            ast.Name):
            note(node.target.id, "")
        elif isinstance(node, ast.For):
            for name in ast.walk(node.target):
                if isinstance(name, ast.Name):
                    note(name.id, "")
    # The body may read a reduction variable only where min/max combines it: any other read
    # (`s += s`, `if s > 0`) sees a partial value.
    loads: dict[str, int] = {}
    for node in _walk_body(body):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            loads[node.id] = loads.get(node.id, 0) + 1
    allowed: dict[str, int] = {}
    for node in _walk_body(body):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(
                node.targets[0], ast.Name) and found.get(node.targets[0].id) in ("min", "max"):
            allowed[node.targets[0].id] = allowed.get(node.targets[0].id, 0) + 1
    for name, op in found.items():
        if op and loads.get(name, 0) != allowed.get(name, 0):
            found[name] = ""
    return found


def _min_max(name: str, value: ast.expr, n_targets: int) -> str:
    if (n_targets == 1 and isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
            and value.func.id in ("min", "max") and len(value.args) == 2
            and not value.keywords
            and any(isinstance(a, ast.Name) and a.id == name for a in value.args)):
        return value.func.id
    return ""


def refused_in_body(node: ast.For) -> ast.AST | None:
    """The first construct a parallel loop may not contain: `break` (outside inner loops),
    `return`, `yield`, or an `else` clause on the prange loop itself."""
    if node.orelse:
        return node.orelse[0]

    def visit(nodes: list[ast.AST], in_inner_loop: bool) -> ast.AST | None:
        for n in nodes:
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                continue
            if isinstance(n, (ast.Return, ast.Yield, ast.YieldFrom)):
                return n
            if isinstance(n, ast.Break) and not in_inner_loop:
                return n
            inner = in_inner_loop or isinstance(n, (ast.For, ast.While))
            found = visit(list(ast.iter_child_nodes(n)), inner)
            if found is not None:
                return found
        return None

    return visit(list(node.body), False)
