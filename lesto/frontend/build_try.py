"""`try` / `except` / `else` -> IR: the body's blocks name the handler block an exception
raised in them goes to (Block.handler); the handler takes the exception and tests each clause
in order, CPython's way:

    try:                    try: (except -> h)  x = f() ; goto try2
        x = f()             try2: (except -> h) ...      ; goto else
    except KeyError as e:   h: $e = obj.exc_fetch ; $m = obj.exc_match($e, KeyError) ; ...
        x = e               clause: e = $e ; x = e ; goto end
                            nomatch: obj.exc_reraise($e)      (to the enclosing handler)

Each statement of the body is a block of its own, so the handler starts from the variables as
they were before the statement that raised.

`finally` and `with` are finalizers: code that runs on every way out of their body.  As
CPython does, the code is emitted once per exit: at the end of the body, before each
`return` (after its value is computed), `break` and `continue` that leaves it, and in a
handler that catches everything, runs it and raises the exception again (for `with`: calls
`__exit__(type, exc, tb)` and continues after the statement when it returns true)."""
from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from dataclasses import dataclass
from typing import Callable

from lesto.ir.nodes import Assign, Block, Branch, CallBuiltin, Const, Deopt, GetItem, Truth, Var

if TYPE_CHECKING:
    from lesto.frontend.build import FunctionBuilder


@dataclass
class Finalizer:
    """Code to run when control leaves a `finally` / `with` body: `emit` builds it; `loops`
    is how many loops enclose the statement (a break or continue of an inner loop does not
    leave it); `handler` the handler in force outside it (errors in the code go there)."""

    emit: Callable[[], None]
    loops: int
    handler: Block | None


def run_finalizers(fb: FunctionBuilder, loops: int, loc: tuple[int, int]) -> None:
    """Emit, innermost first, the finalizers a jump out to loop depth `loops` leaves."""
    pending = fb.finalizers
    saved = fb.b.handler
    try:
        for i in range(len(pending) - 1, -1, -1):
            fin = pending[i]
            if fin.loops < loops or fb.b.terminated:
                break
            fb.finalizers = pending[:i]   # while it runs, only the outer ones are pending
            fb.b.handler = fin.handler
            block = fb.b.new_block("finally")
            fb.b.goto(block, loc)
            fb.b.position_at(block)
            fin.emit()
    finally:
        fb.finalizers = pending
        fb.b.handler = saved


def protected(fb: FunctionBuilder, node: ast.stmt, emit: Callable[[], None],
              body: Callable[[], None], on_exception: Callable[[Var, Block], None]) -> None:
    """Run `body` with the finalizer `emit` pending; then `emit` on the normal way out, and
    `on_exception(exc, end)` in the handler catching everything raised in it."""
    loc = fb.loc(node)
    b = fb.b
    outer = b.handler
    handler = b.new_block("finally_handler")
    end = b.new_block("finally_end")
    fb.finalizers.append(Finalizer(emit, len(fb.loops), outer))
    b.handler = handler
    start = b.new_block("protected")
    b.goto(start, loc)
    b.position_at(start)
    try:
        body()
    finally:
        b.handler = outer
        fb.finalizers.pop()
    if not b.terminated:
        normal = b.new_block("finally_normal")
        b.goto(normal, loc)
        b.position_at(normal)
        emit()
        b.goto(end, loc)
    b.position_at(handler)
    exc = fb.temp()
    b.add(CallBuiltin(loc, exc, "obj.exc_fetch", []))
    on_exception(exc, end)
    b.position_at(end)


def build_try(fb: FunctionBuilder, node: ast.Try) -> None:
    if node.finalbody:
        import copy

        def emit() -> None:
            fb.body(copy.deepcopy(node.finalbody))

        def reraise(exc: Var, end: Block) -> None:
            emit()
            fb.b.add(CallBuiltin(fb.loc(node), fb.temp(), "obj.exc_reraise", [exc]))
            fb.b.add(Deopt(fb.loc(node), "raised"))

        inner = ast.Try(node.body, node.handlers, node.orelse, [])
        ast.copy_location(inner, node)
        body = (lambda: build_try(fb, inner)) if node.handlers else (lambda: fb.body(node.body))
        protected(fb, node, emit, body, reraise)
        return
    loc = fb.loc(node)
    b = fb.b
    outer = b.handler
    handler = b.new_block("except")          # runs under the enclosing handler
    end = b.new_block("tryend")
    b.handler = handler
    body = b.new_block("try")
    b.goto(body, loc)
    b.position_at(body)
    try:
        fb.body(node.body)
    finally:
        b.handler = outer
    if node.orelse:
        if not b.terminated:
            after = b.new_block("tryelse")
            b.goto(after, loc)
            b.position_at(after)
            fb.body(node.orelse)
    b.goto(end, loc)
    b.position_at(handler)
    exc = fb.temp()
    b.add(CallBuiltin(loc, exc, "obj.exc_fetch", []))
    for clause in node.handlers:
        cloc = fb.loc(clause)
        run, nxt = b.new_block("except_clause"), b.new_block("except_next")
        if clause.type is None:
            b.goto(run, cloc)
        else:
            cls = fb.expr(clause.type)
            match, test = fb.temp(), fb.temp()
            b.add(CallBuiltin(cloc, match, "obj.exc_match", [exc, cls]))
            b.add(Truth(cloc, test, match))
            b.add(Branch(cloc, test, run, nxt))
        b.position_at(run)
        if clause.name is not None:
            b.add(Assign(cloc, Var(clause.name), exc))
        fb.handling.append(exc)
        fb.body(clause.body)   # (CPython also unbinds the name here; lesto leaves it bound)
        fb.handling.pop()
        b.goto(end, cloc)
        b.position_at(nxt)
    b.add(CallBuiltin(loc, fb.temp(), "obj.exc_reraise", [exc]))
    b.add(Deopt(loc, "raised"))
    b.position_at(end)


def build_with(fb: FunctionBuilder, node: ast.With) -> None:
    """`with a as x, b: body` is `with a as x: with b: body`; each: CPython's __enter__ /
    __exit__ protocol (looked up on the type), __exit__ called on every way out."""
    from lesto.frontend.build_stmt import assign_to

    loc = fb.loc(node)
    item, rest = node.items[0], node.items[1:]
    mgr = fb.expr(item.context_expr)
    pair = fb.temp()
    fb.b.add(CallBuiltin(loc, pair, HELPERS + "with_enter", [mgr]))
    exit_, value = fb.temp(), fb.temp()
    fb.b.add(GetItem(loc, exit_, pair, Const(0)))
    fb.b.add(GetItem(loc, value, pair, Const(1)))
    if item.optional_vars is not None:
        assign_to(fb, item.optional_vars, value, node)
    none = Const(None)

    def emit() -> None:
        fb.b.add(CallBuiltin(loc, fb.temp(), "obj.call", [exit_, none, none, none]))

    def on_exception(exc: Var, end: Block) -> None:
        swallow, test = fb.temp(), fb.temp()
        fb.b.add(CallBuiltin(loc, swallow, HELPERS + "with_exit", [exit_, exc]))
        fb.b.add(Truth(loc, test, swallow))
        again = fb.b.new_block("with_reraise")
        fb.b.add(Branch(loc, test, end, again))
        fb.b.position_at(again)
        fb.b.add(CallBuiltin(loc, fb.temp(), "obj.exc_reraise", [exc]))
        fb.b.add(Deopt(loc, "raised"))

    if rest:
        inner = ast.copy_location(ast.With(rest, node.body), node)
        body = lambda: build_with(fb, inner)  # noqa: E731
    else:
        body = lambda: fb.body(node.body)  # noqa: E731
    protected(fb, node, emit, body, on_exception)


HELPERS = "obj.callpath:lesto.runtime.objects."   # Python helpers, called by path
