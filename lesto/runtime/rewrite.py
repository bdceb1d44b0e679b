"""The source rewrite behind `python -m lesto run`: give every `def` of a module an innermost
decorator, so the function is jitted as it is defined and whatever decorates or stores it
(property, a registry, a default argument) captures the jitted function.

    def area(self):                 @__lesto_jit__
        return self.w * self.h      def area(self):
                                        return self.w * self.h

Only decorator nodes are added, each placed on the line of its `def`, so line numbers, the code
objects' first lines, tracebacks and `inspect.getsource` stay those of the file on disk.

Compiled code reads the globals and closure cells a function uses as they are when it is
compiled.  A function that reads a name the program binds again later (a module-level counter, a
`global` or `nonlocal` assignment, a name bound in a loop, a cell assigned twice), or that calls
such a function of its module, would see a stale value; it gets `@__lesto_jit__.keep(reason)`
instead, which leaves it to the interpreter and records the reason for `--report`.  Methods that
CPython makes static or class methods by name (`__new__`, `__init_subclass__`,
`__class_getitem__`) are left alone: the conversion applies to plain functions only.
"""
from __future__ import annotations

import ast
from collections import Counter

JIT_NAME = "__lesto_jit__"
IMPLICIT_METHODS = frozenset({"__new__", "__init_subclass__", "__class_getitem__"})

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)


def rewrite_module(tree: ast.Module) -> ast.Module:
    """Add the jit decorator to every function definition of `tree` (in place) and return it."""
    volatile = _volatile_names(tree)
    reasons = _Analysis(volatile).run(tree)
    _Decorate(reasons).visit(tree)
    return tree


# ---------------------------------------------------------------------- binding analysis
def _bound_names(target: ast.AST) -> list[str]:
    return [n.id for n in ast.walk(target) if isinstance(n, ast.Name)
            and isinstance(n.ctx, (ast.Store, ast.Del))]


def _bindings(body: list[ast.stmt]) -> Counter[str]:
    """How often each name is bound in one scope (not in nested scopes); twice for a binding
    inside a loop, which runs again."""
    counts: Counter[str] = Counter()

    def visit(node: ast.AST, weight: int) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            counts[node.name] += weight
            for d in node.decorator_list:
                visit(d, weight)
            if not isinstance(node, ast.ClassDef):
                for d in node.args.defaults + [d for d in node.args.kw_defaults if d]:
                    visit(d, weight)
            return
        if isinstance(node, ast.Lambda):
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                counts[(alias.asname or alias.name).split(".")[0]] += weight
            return
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            counts[node.id] += weight if isinstance(node.ctx, ast.Store) else 2
        elif isinstance(node, ast.ExceptHandler) and node.name:
            counts[node.name] += 2          # bound, then deleted at the end of the handler
        inner = 2 if isinstance(node, _LOOPS) else weight
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    for stmt in body:
        visit(stmt, 1)
    return counts


def _declared(tree: ast.AST, kind: type) -> set[str]:
    return {name for n in ast.walk(tree) if isinstance(n, kind) for name in n.names}


def _volatile_names(tree: ast.Module) -> set[str]:
    """Module names bound more than once, or assigned by a `global` statement."""
    counts = _bindings(tree.body)
    return {n for n, c in counts.items() if c > 1} | _declared(tree, ast.Global)


def _locals_of(fn: FunctionNode) -> set[str]:
    args = fn.args
    names = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
    names |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    names |= set(_bindings(fn.body))
    return names - _declared_here(fn, ast.Global) - _declared_here(fn, ast.Nonlocal)


def _declared_here(fn: FunctionNode, kind: type) -> set[str]:
    found: set[str] = set()
    stack: list[ast.AST] = list(fn.body)
    while stack:
        node = stack.pop()
        if isinstance(node, kind):
            found.update(node.names)
        if not isinstance(node, _SCOPES):
            stack.extend(ast.iter_child_nodes(node))
    return found


class _Analysis:
    """Per function definition: why it must stay interpreted (None: it may be jitted)."""

    def __init__(self, volatile_globals: set[str]) -> None:
        self.volatile_globals = volatile_globals
        self.reasons: dict[int, str | None] = {}     # id(def node) -> reason
        self.reads: dict[int, set[str]] = {}         # id(def node) -> names read from outside
        self.module_defs: dict[str, FunctionNode] = {}

    def run(self, tree: ast.Module) -> dict[int, str | None]:
        self._scope(tree.body, volatile_cells=set())
        for stmt in tree.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.module_defs[stmt.name] = stmt
        changed = True
        while changed:      # calling a function that must stay interpreted: stay interpreted
            changed = False
            for fn in list(self.module_defs.values()):
                if self.reasons.get(id(fn)) is not None:
                    continue
                for name in sorted(self.reads[id(fn)]):
                    callee = self.module_defs.get(name)
                    if callee is not None and self.reasons.get(id(callee)) is not None:
                        self.reasons[id(fn)] = f"calls {name}, which runs in the interpreter"
                        changed = True
                        break
        return self.reasons

    def _scope(self, body: list[ast.stmt], volatile_cells: set[str]) -> set[str]:
        """Visit the definitions directly in `body`; returns the names they read from outside."""
        reads: set[str] = set()
        for fn in _definitions(body):
            reads |= self._function(fn, volatile_cells)
        return reads

    def _function(self, fn: FunctionNode, outer_cells: set[str]) -> set[str]:
        local = _locals_of(fn)
        counts = _bindings(fn.body)
        nested_nonlocal = {n for d in _definitions(fn.body) for n in _declared(d, ast.Nonlocal)}
        my_cells = {n for n in local if counts[n] > 1} | nested_nonlocal
        visible = (outer_cells - local) | _declared_here(fn, ast.Nonlocal)
        reads = {n.id for n in _own_nodes(fn) if isinstance(n, ast.Name)
                 and isinstance(n.ctx, ast.Load)}
        reads |= self._scope(fn.body, visible | my_cells)
        outside = reads - local
        self.reads[id(fn)] = outside
        rebound_cells = sorted(outside & visible)
        rebound = sorted(outside & self.volatile_globals)
        if rebound_cells:
            why = f"reads {rebound_cells[0]} from an enclosing function, which assigns it again"
        elif rebound:
            why = f"reads the global {rebound[0]}, which the program binds again"
        else:
            why = None
        self.reasons[id(fn)] = why
        return outside


def _definitions(body: list[ast.stmt]) -> list[FunctionNode]:
    """Function definitions in `body` and its blocks and class bodies, not inside functions."""
    found: list[FunctionNode] = []
    stack: list[ast.AST] = list(reversed(body))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.append(node)
        elif not isinstance(node, ast.Lambda):
            stack.extend(reversed(list(ast.iter_child_nodes(node))))
    return found


def _own_nodes(fn: FunctionNode) -> list[ast.AST]:
    """The nodes of `fn`'s body outside nested function definitions (lambdas included)."""
    out: list[ast.AST] = []
    stack: list[ast.AST] = list(fn.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            stack.extend(node.decorator_list + node.args.defaults
                         + [d for d in node.args.kw_defaults if d])
            continue
        out.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return out


# ---------------------------------------------------------------------- decorating
class _Decorate(ast.NodeTransformer):
    def __init__(self, reasons: dict[int, str | None]) -> None:
        self.reasons = reasons
        self.in_class = False

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        outer, self.in_class = self.in_class, True
        self.generic_visit(node)
        self.in_class = outer
        return node

    def visit_FunctionDef(self, node: FunctionNode) -> ast.AST:
        implicit = self.in_class and node.name in IMPLICIT_METHODS
        outer, self.in_class = self.in_class, False
        self.generic_visit(node)
        self.in_class = outer
        if not implicit:
            node.decorator_list.append(_decorator(node, self.reasons.get(id(node))))
        return node

    visit_AsyncFunctionDef = visit_FunctionDef


def _decorator(node: FunctionNode, reason: str | None) -> ast.expr:
    where = {"lineno": node.lineno, "col_offset": node.col_offset,
             "end_lineno": node.lineno, "end_col_offset": node.col_offset}
    name = ast.Name(id=JIT_NAME, ctx=ast.Load(), **where)
    if reason is None:
        return name
    keep = ast.Attribute(value=name, attr="keep", ctx=ast.Load(), **where)
    return ast.Call(func=keep, args=[ast.Constant(value=reason, **where)], keywords=[], **where)
