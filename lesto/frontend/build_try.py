"""`try` / `except` / `else` -> IR: the body's blocks name the handler block an exception
raised in them goes to (Block.handler); the handler takes the exception and tests each clause
in order, CPython's way:

    try:                    try: (except -> h)  x = f() ; goto try2
        x = f()             try2: (except -> h) ...      ; goto else
    except KeyError as e:   h: $e = obj.exc_fetch ; $m = obj.exc_match($e, KeyError) ; ...
        x = e               clause: e = $e ; x = e ; goto end
                            nomatch: obj.exc_reraise($e)      (to the enclosing handler)

Each statement of the body is a block of its own, so the handler starts from the variables as
they were before the statement that raised.  `finally` is refused (a located refusal)."""
from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lesto.ir.nodes import Assign, Branch, CallBuiltin, Deopt, Truth, Var

if TYPE_CHECKING:
    from lesto.frontend.build import FunctionBuilder


def build_try(fb: FunctionBuilder, node: ast.Try) -> None:
    if node.finalbody:
        raise fb.refuse("L001", node.finalbody[0], "'finally' clause")
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
        fb.body(clause.body)   # (CPython also unbinds the name here; lesto leaves it bound)
        b.goto(end, cloc)
        b.position_at(nxt)
    b.add(CallBuiltin(loc, fb.temp(), "obj.exc_reraise", [exc]))
    b.add(Deopt(loc, "raised"))
    b.position_at(end)
