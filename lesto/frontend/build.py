"""AST -> untyped IR: the builder's state and the table of contents of node handlers.

`build_function(info)` walks the function body.  Each AST node type has exactly one handler, in
`build_expr.EXPR_HANDLERS` or `build_stmt.STMT_HANDLERS`; a node type without a handler is refused
with its location (the whitelist rule), so supported syntax is exactly what has a handler.

    def f(n):               entry:
        s = 0                   s = 0
        while n > 0:            goto b1
            s += n          b1: $t1 = compare gt n, 0 ; $t2 = truth $t1 ; if $t2 goto b2 else b3
            n -= 1          b2: $t3 = binop add s, n ; s = $t3 ; ... goto b1
        return s            b3: return s
"""
from __future__ import annotations

import ast
import weakref
from dataclasses import dataclass, field
from typing import Any

from lesto.errors import CompileError
from lesto.frontend.scopes import Resolved, declared_globals, local_names, resolve_global
from lesto.frontend.source import SourceInfo
from lesto.ir.builder import IRBuilder
from lesto.ir.nodes import Block, Const, Function, Loc, Return, Value, Var
from lesto.messages import refusal

# Friendly names for refused nodes (the rest use the AST class name in lower case).
CONSTRUCT_NAMES: dict[str, str] = {
    "With": "'with' statement", "Try": "'try' statement", "TryStar": "'try' statement",
    "Lambda": "lambda", "ListComp": "list comprehension", "SetComp": "set comprehension",
    "DictComp": "dict comprehension", "GeneratorExp": "generator expression",
    "List": "list", "Dict": "dict", "Set": "set", "JoinedStr": "f-string", "Yield": "yield",
    "YieldFrom": "yield from", "Await": "await", "Global": "'global' statement",
    "Nonlocal": "'nonlocal' statement", "FunctionDef": "nested function definition",
    "ClassDef": "class definition", "Import": "import", "ImportFrom": "import",
    "Delete": "'del' statement", "Starred": "starred expression", "Slice": "slice",
    "NamedExpr": "assignment expression (:=)", "Match": "'match' statement",
    "AsyncFunctionDef": "async function", "AsyncFor": "async for", "AsyncWith": "async with",
}


def construct_name(node: ast.AST) -> str:
    cls = type(node).__name__
    return CONSTRUCT_NAMES.get(cls, cls)


@dataclass
class LoopTargets:
    continue_to: Block
    break_to: Block
    arena_mark: Var | None = None   # see build_loops.release_arena


@dataclass
class FunctionBuilder:
    """State while building one function's IR."""

    info: SourceInfo
    fn: Function
    b: IRBuilder
    locals: set[str]
    loops: list[LoopTargets] = field(default_factory=list)
    finalizers: list = field(default_factory=list)   # see build_try.Finalizer
    comprehensions: int = 0   # comprehensions built so far (their hidden variable names)
    declared_globals: set[str] = field(default_factory=set)   # `global` statements
    cells: dict[str, tuple[int, int]] = field(default_factory=dict)   # locals in shared
    # cells (frontend/cells.py), each with where the first nested function using it is
    handling: list[Var] = field(default_factory=list)   # the exceptions of the `except`
    # clauses being built, innermost last (a bare `raise` re-raises the last)

    # ---- errors
    def refuse(self, code: str, node: ast.AST, construct: str | None = None,
               detail: str = "") -> CompileError:
        return refusal(code, construct if construct is not None else construct_name(node),
                       self.info.filename, getattr(node, "lineno", self.fn.firstlineno),
                       getattr(node, "col_offset", 0), detail)

    @staticmethod
    def loc(node: ast.AST) -> Loc:
        return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))

    # ---- dispatch
    def expr(self, node: ast.expr) -> Value:
        from lesto.frontend.build_expr import EXPR_HANDLERS

        handler = EXPR_HANDLERS.get(type(node))
        if handler is None:
            raise self.refuse("L002" if type(node).__name__ not in CONSTRUCT_NAMES else "L001",
                              node)
        return handler(self, node)

    def stmt(self, node: ast.stmt) -> None:
        from lesto.frontend.build_stmt import STMT_HANDLERS

        handler = STMT_HANDLERS.get(type(node))
        if handler is None:
            raise self.refuse("L001", node)
        handler(self, node)

    def body(self, stmts: list[ast.stmt]) -> None:
        for s in stmts:
            if self.b.terminated:
                return  # unreachable code after return/break/raise is not compiled
            self.stmt(s)
            if self.b.handler is not None and not self.b.terminated:
                # In a try body each statement is a block (see Block.handler).
                nxt = self.b.new_block("stmt")
                self.b.goto(nxt, self.loc(s))
                self.b.position_at(nxt)

    # ---- names
    def lookup(self, name: str, node: ast.AST) -> Var | Resolved:
        if name in self.locals:
            return Var(name)
        resolved = resolve_global(name, self.info.namespace)
        if resolved is None:
            raise self.refuse("L004", node, name)
        if name in self.info.namespace:
            self.fn.globals_read[name] = self.info.namespace[name]
        return resolved

    def lookup_or_none(self, name: str, node: ast.AST) -> Var | Resolved | None:
        """Like lookup, but None for a name not defined when compiling, or declared `global`
        (read at run time)."""
        if name in self.declared_globals:
            return None
        if name in self.locals or resolve_global(name, self.info.namespace) is not None:
            return self.lookup(name, node)
        return None

    def temp(self) -> Var:
        return self.b.temp()


_building: "weakref.WeakSet[Any]" = weakref.WeakSet()   # IR being built (recursion)
_buildable: "weakref.WeakKeyDictionary[Any, bool]" = weakref.WeakKeyDictionary()


def buildable(func: object) -> bool:
    """Whether the frontend accepts `func` (its source is available and every construct in it
    is supported); a caller calls a function it does not as a Python function."""
    from lesto.frontend.source import function_source

    if func in _building:
        return True
    if func not in _buildable:
        _building.add(func)
        try:
            build_function(function_source(func))
            _buildable[func] = True
        except CompileError:
            _buildable[func] = False
        finally:
            _building.discard(func)
    return _buildable[func]


def is_generator(tree: ast.FunctionDef) -> bool:
    """Whether `yield` appears in the function's own scope (not in a nested function)."""
    from lesto.frontend.scopes import _own_scope

    return any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in _own_scope(tree))


def build_function(info: SourceInfo) -> Function:
    """Build the untyped IR of the function described by `info`."""
    tree = info.tree
    a = tree.args
    bad = a.kwarg
    params = [Var(x.arg) for x in a.posonlyargs + a.args]
    if a.vararg is not None:
        params.append(Var(a.vararg.arg))  # *args arrives as one tuple argument
    # keyword-only parameters come last, as the dispatcher binds them (positional values,
    # the *args tuple, keyword-only values); calls from compiled code to such a function
    # are refused (bind_arguments), so only the dispatcher passes them
    params += [Var(x.arg) for x in a.kwonlyargs]
    fn = Function(tree.name, params, [],
                  filename=info.filename, firstlineno=tree.lineno)
    fb = FunctionBuilder(info, fn, IRBuilder(fn), local_names(tree))
    fb.declared_globals = declared_globals(tree)
    fn.generator = is_generator(tree)
    from lesto.frontend.cells import cellify, shared_cells

    fb.cells = shared_cells(fb)
    if bad:
        raise fb.refuse("L018", tree, "** parameters")
    fb.b.position_at(fb.b.new_block("entry"))
    fb.body(tree.body)
    if not fb.b.terminated:
        end = tree.body[-1]
        fb.b.add(Return((getattr(end, "end_lineno", end.lineno), 0), Const(None)))
    cellify(fn, fb.cells, {p.name for p in params})
    return fn
