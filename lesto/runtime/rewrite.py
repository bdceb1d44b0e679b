"""The source rewrite behind `python -m lesto run`: give every `def` of a module an innermost
decorator, so the function is jitted as it is defined and whatever decorates or stores it
(property, a registry, a default argument) captures the jitted function.

    def area(self):                 @__lesto_jit__
        return self.w * self.h      def area(self):
                                        return self.w * self.h

Functions defined inside other functions (closures, helpers, the methods of a class made in a
function) are left alone unless asked for (`nested=True`, `lesto run --nested`): each call of
the outer function makes a new function object, and each would be compiled afresh (a closure
made 300 times in a loop ran 50x slower jitted).  Only decorator nodes are added, each placed on the line of its `def`, so line numbers, the code
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
_LOOPS = (ast.For, ast.AsyncFor, ast.While)


def rewrite_module(tree: ast.Module, nested: bool = False) -> ast.Module:
    """Add the jit decorator to the function definitions of `tree` (in place) and return it:
    those at module level and in class bodies; with `nested`, also those inside functions."""
    module = _Scope(None, is_function=False)
    _scan(tree, module, 1)
    volatile = {n for n, c in module.counts.items() if c > 1} | module.all_globals
    reasons: dict[int, str | None] = {}
    reads: dict[int, set[str]] = {}
    for child in module.functions():
        _judge(child, set(), volatile, reasons, reads)
    _propagate(tree, reasons, reads)
    _decorate(tree, reasons, in_class=False, nested=nested, in_function=False)
    return tree


# ---------------------------------------------------------------------- one pass over the tree
class _Scope:
    """Names bound (how often) and read in one scope; function scopes nest, class bodies are
    scopes whose names the functions inside them do not see."""

    def __init__(self, node: ast.AST | None, is_function: bool) -> None:
        self.node = node
        self.is_function = is_function
        self.counts: Counter[str] = Counter()
        self.loads: set[str] = set()
        self.params: set[str] = set()
        self.globals: set[str] = set()
        self.nonlocals: set[str] = set()
        self.children: list[_Scope] = []
        self.all_globals: set[str] = set()       # module scope: every `global` name anywhere

    def functions(self) -> list["_Scope"]:
        """Function scopes directly inside this one (through class bodies)."""
        found: list[_Scope] = []
        for child in self.children:
            found += [child] if child.is_function else child.functions()
        return found

    def nested_nonlocals(self) -> set[str]:
        names: set[str] = set()
        for child in self.children:
            names |= child.nonlocals | child.nested_nonlocals()
        return names


def _scan(node: ast.AST, scope: _Scope, weight: int, module: _Scope | None = None) -> None:
    """Record the bindings and reads of `node`'s subtree; a binding inside a loop (which runs
    again) counts twice, a `del` or an `except ... as` name twice (bound, then unbound)."""
    module = module or scope
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Name):
            if isinstance(child.ctx, ast.Load):
                scope.loads.add(child.id)
            else:
                scope.counts[child.id] += weight if isinstance(child.ctx, ast.Store) else 2
        elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            scope.counts[child.name] += weight
            inner = _Scope(child, is_function=not isinstance(child, ast.ClassDef))
            scope.children.append(inner)
            for part in _outside_parts(child):
                _scan(part, scope, weight, module)
            if inner.is_function:
                args = child.args      # type: ignore[union-attr]
                inner.params = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
                inner.params |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
            for stmt in child.body:
                _scan_statement(stmt, inner, module)
        elif isinstance(child, (ast.Import, ast.ImportFrom)):
            for alias in child.names:
                scope.counts[(alias.asname or alias.name).split(".")[0]] += weight
        elif isinstance(child, (ast.Global, ast.Nonlocal)):
            (scope.globals if isinstance(child, ast.Global) else scope.nonlocals).update(
                child.names)
            if isinstance(child, ast.Global):
                module.all_globals.update(child.names)
        else:
            if isinstance(child, ast.ExceptHandler) and child.name:
                scope.counts[child.name] += 2
            elif isinstance(child, (ast.MatchAs, ast.MatchStar)) and child.name:
                scope.counts[child.name] += weight
            elif isinstance(child, ast.MatchMapping) and child.rest:
                scope.counts[child.rest] += weight
            _scan(child, scope, 2 if isinstance(child, _LOOPS) else weight, module)


def _scan_statement(stmt: ast.stmt, scope: _Scope, module: _Scope) -> None:
    holder = ast.Module(body=[stmt], type_ignores=[])
    _scan(holder, scope, 1, module)


def _outside_parts(node: ast.AST) -> list[ast.AST]:
    """What a def or class statement evaluates in the enclosing scope."""
    parts: list[ast.AST] = list(node.decorator_list)     # type: ignore[attr-defined]
    if isinstance(node, ast.ClassDef):
        return parts + node.bases + node.keywords
    args = node.args                                     # type: ignore[attr-defined]
    parts += args.defaults + [d for d in args.kw_defaults if d is not None]
    for a in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
        if a is not None and a.annotation is not None:
            parts.append(a.annotation)
    returns = getattr(node, "returns", None)
    return parts + ([returns] if returns is not None else [])


def _judge(fn: _Scope, outer_cells: set[str], volatile: set[str],
           reasons: dict[int, str | None], reads: dict[int, set[str]]) -> set[str]:
    """Decide for `fn` and the functions inside it; returns the names `fn` reads from outside."""
    local = (fn.params | set(fn.counts)) - fn.globals - fn.nonlocals
    my_cells = {n for n in local if fn.counts[n] > 1} | fn.nested_nonlocals()
    visible = (outer_cells - local) | fn.nonlocals
    names = set(fn.loads)
    for child in fn.functions():
        names |= _judge(child, visible | my_cells, volatile, reasons, reads)
    outside = names - local
    reads[id(fn.node)] = outside
    rebound_cells = sorted(outside & visible)
    rebound = sorted(outside & volatile)
    if rebound_cells:
        why: str | None = (f"reads {rebound_cells[0]} from an enclosing function, which "
                           f"assigns it again")
    elif rebound:
        why = f"reads the global {rebound[0]}, which the program binds again"
    else:
        why = None
    reasons[id(fn.node)] = why
    return outside


def _propagate(tree: ast.Module, reasons: dict[int, str | None],
               reads: dict[int, set[str]]) -> None:
    """A module-level function calling one that must stay interpreted stays interpreted."""
    defs = {s.name: s for s in tree.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))}
    changed = True
    while changed:
        changed = False
        for fn in defs.values():
            if reasons.get(id(fn)) is not None:
                continue
            for name in sorted(reads.get(id(fn), ())):
                callee = defs.get(name)
                if callee is not None and reasons.get(id(callee)) is not None:
                    reasons[id(fn)] = f"calls {name}, which runs in the interpreter"
                    changed = True
                    break


# ---------------------------------------------------------------------- decorating
def _decorate(node: ast.AST, reasons: dict[int, str | None], in_class: bool, nested: bool,
              in_function: bool) -> None:
    """Walk the statements only (a def is always a statement)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
            _decorate(child, reasons, False, nested, True)
            skip = (in_class and child.name in IMPLICIT_METHODS) or (in_function and not nested)
            if not skip:
                child.decorator_list.append(_decorator(child, reasons.get(id(child))))
        elif isinstance(child, ast.ClassDef):
            _decorate(child, reasons, True, nested, in_function)
        elif isinstance(child, (ast.stmt, ast.excepthandler, ast.match_case)):
            _decorate(child, reasons, in_class, nested, in_function)


def _decorator(node: FunctionNode, reason: str | None) -> ast.expr:
    where = {"lineno": node.lineno, "col_offset": node.col_offset,
             "end_lineno": node.lineno, "end_col_offset": node.col_offset}
    name = ast.Name(id=JIT_NAME, ctx=ast.Load(), **where)
    if reason is None:
        return name
    keep = ast.Attribute(value=name, attr="keep", ctx=ast.Load(), **where)
    return ast.Call(func=keep, args=[ast.Constant(value=reason, **where)], keywords=[], **where)
