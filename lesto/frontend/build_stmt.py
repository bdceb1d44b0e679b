"""AST statements -> IR blocks: assignment, if, return, raise, assert (loops: build_loops.py)."""
from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Callable

from lesto.frontend.build_expr import BINOPS, has_slice, is_module_attribute, slice_index
from lesto.frontend.build_objects import (
    build_classdef, build_delete, build_import, build_importfrom, build_nested_def,
    store_attribute,
)
from lesto.frontend.build_try import build_try, build_with
from lesto.frontend.build_loops import build_break, build_continue, build_for, build_while
from lesto.ir.nodes import (
    Assign, BinOp, Branch, CallBuiltin, Const, Deopt, GetItem, Return, Truth, Value, Var,
)

if TYPE_CHECKING:
    from lesto.frontend.build import FunctionBuilder


def assign_to(fb: FunctionBuilder, target: ast.expr, value: Value, node: ast.AST) -> None:
    """Store `value` into a Name, or unpack it into a (nested) tuple/list of targets."""
    loc = fb.loc(target)
    if isinstance(target, ast.Name) and target.id in fb.declared_globals:
        fb.b.add(CallBuiltin(loc, fb.temp(), f"obj.setglobal:{target.id}",
                             [Const(fb.info.func.__globals__), value]))
        return
    if isinstance(target, ast.Name):
        fb.b.add(Assign(loc, Var(target.id), value))
        return
    if isinstance(target, (ast.Tuple, ast.List)):
        stars = [i for i, e in enumerate(target.elts) if isinstance(e, ast.Starred)]
        if stars:   # `a, *b, c = v`: CPython's unpacking (lesto.runtime.objects), b a list
            before, after = stars[0], len(target.elts) - stars[0] - 1
            parts = fb.temp()
            fb.b.add(CallBuiltin(loc, parts, "obj.callpath:lesto.runtime.objects."
                                 f"unpack_star_{before}_{after}", [value]))
            value = parts
            target = ast.copy_location(type(target)(
                [e.value if isinstance(e, ast.Starred) else e for e in target.elts],
                target.ctx), target)
        # The check returns what the items are read from: the tuple itself, or for an object
        # a tuple of exactly that many items (CPython's unpacking, any iterable).
        check = fb.temp()
        fb.b.add(CallBuiltin(loc, check, "tuple.unpack_check", [value, Const(len(target.elts))]))
        items = []
        for i in range(len(target.elts)):
            item = fb.temp()
            fb.b.add(GetItem(loc, item, check, Const(i)))
            items.append(item)
        for elt, item in zip(target.elts, items):
            assign_to(fb, elt, item, node)
        return
    if isinstance(target, ast.Attribute):
        store_attribute(fb, target, value)
        return
    if isinstance(target, ast.Subscript) and has_slice(target.slice):
        obj = fb.expr(target.value)
        pattern, values = slice_index(fb, target.slice)  # type: ignore[misc]
        fb.b.add(CallBuiltin(loc, fb.temp(), f"setslice[{pattern}]", [obj, value] + values))
        return
    if isinstance(target, ast.Subscript):
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
    if not isinstance(node.target, (ast.Name, ast.Subscript, ast.Attribute)) or (
            isinstance(node.target, ast.Attribute) and is_module_attribute(fb, node.target)):
        raise fb.refuse("L007", node.target, ast.unparse(node.target))
    op = BINOPS.get(type(node.op))
    if op is None:
        raise fb.refuse("L002", node, f"operator {type(node.op).__name__}")
    loc = fb.loc(node)
    if isinstance(node.target, ast.Subscript) and has_slice(node.target.slice):
        # a[1:] += x: numpy updates the view in place; the same as storing a[1:] + x back.
        obj = fb.expr(node.target.value)
        pattern, values = slice_index(fb, node.target.slice)  # type: ignore[misc]
        current, dest = fb.temp(), fb.temp()
        fb.b.add(CallBuiltin(loc, current, f"getslice[{pattern}]", [obj] + values))
        fb.b.add(BinOp(loc, dest, op, current, fb.expr(node.value)))
        result = fb.temp()
        fb.b.add(CallBuiltin(loc, result, "inplace.assign", [current, dest]))
        return
    if isinstance(node.target, ast.Subscript):
        # a[i] += x: the container and the index are evaluated once.
        obj, index = fb.expr(node.target.value), fb.expr(node.target.slice)
        current, dest = fb.temp(), fb.temp()
        fb.b.add(GetItem(loc, current, obj, index))
        fb.b.add(BinOp(loc, dest, op, current, fb.expr(node.value), inplace=True))
        fb.b.add(CallBuiltin(loc, fb.temp(), "setitem", [obj, index, dest]))
        return
    if isinstance(node.target, ast.Attribute):
        # o.x += v: `o` is evaluated once; o.x = o.x.__iadd__(v) (CPython's order).
        obj, attr = fb.expr(node.target.value), node.target.attr
        current, dest = fb.temp(), fb.temp()
        fb.b.add(CallBuiltin(loc, current, f"attr.{attr}", [obj]))
        fb.b.add(BinOp(loc, dest, op, current, fb.expr(node.value), inplace=True))
        fb.b.add(CallBuiltin(loc, fb.temp(), f"obj.setattr:{attr}", [obj, dest]))
        return
    current = fb.expr(ast.copy_location(ast.Name(node.target.id, ast.Load()), node.target))
    right = fb.expr(node.value)
    dest, result = fb.temp(), fb.temp()
    fb.b.add(BinOp(loc, dest, op, current, right, inplace=True))
    # `x += y` rebinds x to x + y for immutable values, but updates an array in place.
    fb.b.add(CallBuiltin(loc, result, "inplace.assign", [current, dest]))
    assign_to(fb, node.target, result, node)


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
    from lesto.frontend.build_try import run_finalizers

    value = fb.expr(node.value) if node.value is not None else Const(None)
    if fb.finalizers:   # `finally` bodies and `with` exits run after the value is computed
        if isinstance(value, Var):
            saved = fb.temp()
            fb.b.add(Assign(fb.loc(node), saved, value))
            value = saved
        run_finalizers(fb, 0, fb.loc(node))
    fb.b.add(Return(fb.loc(node), value))


def build_raise(fb: FunctionBuilder, node: ast.Raise) -> None:
    # Before any write to an array the interpreter re-runs the call and raises exactly what
    # CPython raises (type, message, traceback); after one, native code raises a builtin
    # exception with a constant message itself ("raise:Name:message").  A function that works
    # with objects is never re-run: it evaluates the exception and raises it natively (the
    # types decide, when compiling, which of the two blocks is compiled).
    known = raised_exception(fb, node.exc)
    loc = fb.loc(node)
    if node.exc is None and fb.handling:   # `raise` in an except clause: the same exception
        fb.b.add(CallBuiltin(loc, fb.temp(), "obj.exc_reraise", [fb.handling[-1]]))
        fb.b.add(Deopt(loc, "raised"))
        return
    if node.exc is not None:
        mode, test = fb.temp(), fb.temp()
        fb.b.add(CallBuiltin(loc, mode, "obj.exact_mode", []))
        fb.b.add(Truth(loc, test, mode))
        native, deopt = fb.b.new_block("raise"), fb.b.new_block("raise_deopt")
        fb.b.add(Branch(loc, test, native, deopt))
        fb.b.position_at(native)
        args = [fb.expr(node.exc)] + ([fb.expr(node.cause)] if node.cause is not None else [])
        fb.b.add(CallBuiltin(loc, fb.temp(), "obj.raise", args))
        fb.b.add(Deopt(loc, "raised"))
        fb.b.position_at(deopt)
    fb.b.add(Deopt(loc, known or f"raise at line {node.lineno}"))


def raised_exception(fb: FunctionBuilder, exc: ast.expr | None) -> str | None:
    """'raise:ValueError:message' for `raise ValueError("message")` (a builtin exception with
    no argument or one constant string), else None."""
    import builtins

    call = exc if isinstance(exc, ast.Call) else None
    name_node = call.func if call is not None else exc
    if not isinstance(name_node, ast.Name):
        return None
    cls = getattr(builtins, name_node.id, None)
    found = fb.lookup(name_node.id, name_node)
    if not (isinstance(cls, type) and issubclass(cls, BaseException)) or \
            getattr(found, "value", None) is not cls:
        return None
    if call is None or (not call.args and not call.keywords):
        return f"raise:{name_node.id}:"
    if len(call.args) == 1 and not call.keywords and isinstance(call.args[0], ast.Constant) \
            and isinstance(call.args[0].value, str) and call.args[0].value:
        return f"raise:{name_node.id}:{call.args[0].value}"
    return None


def build_assert(fb: FunctionBuilder, node: ast.Assert) -> None:
    loc = fb.loc(node)
    test = fb.temp()
    fb.b.add(Truth(loc, test, fb.expr(node.test)))
    ok, fail = fb.b.new_block("assert_ok"), fb.b.new_block("assert_fail")
    fb.b.add(Branch(loc, test, ok, fail))
    fb.b.position_at(fail)
    msg = node.msg
    if msg is None or (isinstance(msg, ast.Constant) and isinstance(msg.value, str)):
        reason = f"raise:AssertionError:{msg.value if msg is not None else ''}"
    else:
        reason = f"assertion at line {node.lineno}"
    fb.b.add(Deopt(loc, reason))
    fb.b.position_at(ok)


def build_pass(fb: FunctionBuilder, node: ast.Pass | ast.Global) -> None:
    return None   # (a `global` statement: see FunctionBuilder.declared_globals)


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
    ast.Global: build_pass,
    ast.While: build_while,
    ast.For: build_for,
    ast.Break: build_break,
    ast.Continue: build_continue,
    ast.Delete: build_delete,
    ast.Import: build_import,
    ast.Try: build_try,
    ast.With: build_with,
    ast.FunctionDef: build_nested_def,
    ast.ClassDef: build_classdef,
    ast.ImportFrom: build_importfrom,
}
