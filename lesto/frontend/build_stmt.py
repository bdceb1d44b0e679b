"""AST statements -> IR blocks: assignment, if, return, raise, assert (loops: build_loops.py)."""
from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Callable

from lesto.frontend.build_expr import BINOPS
from lesto.frontend.build_loops import build_break, build_continue, build_for, build_while
from lesto.ir.nodes import (
    Assign, BinOp, Branch, CallBuiltin, Const, Deopt, GetItem, Return, Truth, Value, Var,
)

if TYPE_CHECKING:
    from lesto.frontend.build import FunctionBuilder


def assign_to(fb: FunctionBuilder, target: ast.expr, value: Value, node: ast.AST) -> None:
    """Store `value` into a Name, or unpack it into a (nested) tuple/list of targets."""
    loc = fb.loc(target)
    if isinstance(target, ast.Name):
        fb.b.add(Assign(loc, Var(target.id), value))
        return
    if isinstance(target, (ast.Tuple, ast.List)):
        if any(isinstance(e, ast.Starred) for e in target.elts):
            raise fb.refuse("L014", target, "into a starred target")
        check = fb.temp()
        fb.b.add(CallBuiltin(loc, check, "tuple.unpack_check", [value, Const(len(target.elts))]))
        items = []
        for i in range(len(target.elts)):
            item = fb.temp()
            fb.b.add(GetItem(loc, item, value, Const(i)))
            items.append(item)
        for elt, item in zip(target.elts, items):
            assign_to(fb, elt, item, node)
        return
    if isinstance(target, ast.Subscript) and not isinstance(target.slice, ast.Slice):
        obj = fb.expr(target.value)
        index = fb.expr(target.slice)
        fb.b.add(CallBuiltin(loc, fb.temp(), "setitem", [obj, index, value]))
        return
    raise fb.refuse("L007", target, ast.unparse(target))


def build_assign(fb: FunctionBuilder, node: ast.Assign) -> None:
    value = fb.expr(node.value)
    if len(node.targets) > 1 and isinstance(value, Var):
        saved = fb.temp()
        fb.b.add(Assign(fb.loc(node), saved, value))
        value = saved
    for target in node.targets:
        assign_to(fb, target, value, node)


def build_annassign(fb: FunctionBuilder, node: ast.AnnAssign) -> None:
    if node.value is None:
        return
    assign_to(fb, node.target, fb.expr(node.value), node)


def build_augassign(fb: FunctionBuilder, node: ast.AugAssign) -> None:
    if isinstance(node.target, ast.Subscript) and not isinstance(node.target.slice, ast.Slice):
        # a[i] += x: the container and the index are evaluated once.
        op = BINOPS.get(type(node.op))
        if op is None:
            raise fb.refuse("L002", node, f"operator {type(node.op).__name__}")
        loc = fb.loc(node)
        obj, index = fb.expr(node.target.value), fb.expr(node.target.slice)
        current, dest = fb.temp(), fb.temp()
        fb.b.add(GetItem(loc, current, obj, index))
        fb.b.add(BinOp(loc, dest, op, current, fb.expr(node.value)))
        fb.b.add(CallBuiltin(loc, fb.temp(), "setitem", [obj, index, dest]))
        return
    if not isinstance(node.target, ast.Name):
        raise fb.refuse("L007", node.target, ast.unparse(node.target))
    op = BINOPS.get(type(node.op))
    if op is None:
        raise fb.refuse("L002", node, f"operator {type(node.op).__name__}")
    current = fb.expr(ast.copy_location(ast.Name(node.target.id, ast.Load()), node.target))
    right = fb.expr(node.value)
    dest, result = fb.temp(), fb.temp()
    fb.b.add(BinOp(fb.loc(node), dest, op, current, right))
    # `x += y` rebinds x to x + y for immutable values, but updates an array in place.
    fb.b.add(CallBuiltin(fb.loc(node), result, "inplace.assign", [current, dest]))
    fb.b.add(Assign(fb.loc(node), Var(node.target.id), result))


def build_expr_stmt(fb: FunctionBuilder, node: ast.Expr) -> None:
    if isinstance(node.value, ast.Constant):
        return  # docstrings and bare constants have no effect
    fb.expr(node.value)


def build_if(fb: FunctionBuilder, node: ast.If) -> None:
    loc = fb.loc(node)
    test = fb.temp()
    fb.b.add(Truth(loc, test, fb.expr(node.test)))
    then, end = fb.b.new_block("then"), fb.b.new_block("endif")
    other = fb.b.new_block("else") if node.orelse else end
    fb.b.add(Branch(loc, test, then, other))
    fb.b.position_at(then)
    fb.body(node.body)
    fb.b.goto(end, loc)
    if node.orelse:
        fb.b.position_at(other)
        fb.body(node.orelse)
        fb.b.goto(end, loc)
    fb.b.position_at(end)


def build_return(fb: FunctionBuilder, node: ast.Return) -> None:
    value = fb.expr(node.value) if node.value is not None else Const(None)
    fb.b.add(Return(fb.loc(node), value))


def build_raise(fb: FunctionBuilder, node: ast.Raise) -> None:
    # A compiled function has had no observable effect yet, so the interpreter re-runs the
    # call and raises exactly what CPython raises (type, message, traceback).
    fb.b.add(Deopt(fb.loc(node), f"raise at line {node.lineno}"))


def build_assert(fb: FunctionBuilder, node: ast.Assert) -> None:
    loc = fb.loc(node)
    test = fb.temp()
    fb.b.add(Truth(loc, test, fb.expr(node.test)))
    ok, fail = fb.b.new_block("assert_ok"), fb.b.new_block("assert_fail")
    fb.b.add(Branch(loc, test, ok, fail))
    fb.b.position_at(fail)
    fb.b.add(Deopt(loc, f"assertion at line {node.lineno}"))
    fb.b.position_at(ok)


def build_pass(fb: FunctionBuilder, node: ast.Pass) -> None:
    return None


STMT_HANDLERS: dict[type, Callable[..., None]] = {
    ast.Assign: build_assign,
    ast.AnnAssign: build_annassign,
    ast.AugAssign: build_augassign,
    ast.Expr: build_expr_stmt,
    ast.If: build_if,
    ast.Return: build_return,
    ast.Raise: build_raise,
    ast.Assert: build_assert,
    ast.Pass: build_pass,
    ast.While: build_while,
    ast.For: build_for,
    ast.Break: build_break,
    ast.Continue: build_continue,
}
