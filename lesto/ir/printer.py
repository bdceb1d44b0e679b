"""Stable text form of IR, for golden tests, `inspect_types` and debugging."""
from __future__ import annotations

from lesto.ir.nodes import (
    Assign, BinOp, Block, Branch, CallBuiltin, CallFunc, CallSpec, Compare, Const, Deopt,
    FromUnion, Function, GetItem, Jump, MakeTuple, Op, Prim, Return, ToUnion, Truth, TupleGet,
    TypeCase, UnaryOp, Value, Var,
)


def format_value(v: Value, fn: Function) -> str:
    if isinstance(v, Const):
        return repr(v.value)
    return v.name


def format_op(op: Op, fn: Function) -> str:
    def v(x: Value) -> str:
        return format_value(x, fn)

    def d(x: Var) -> str:
        t = fn.var_types.get(x)
        if t is None or x.name.endswith(f":{t}"):
            return x.name  # typed slots carry their type in their name
        return f"{x.name}: {t}"

    if isinstance(op, Assign):
        return f"{d(op.dest)} = {v(op.src)}"
    if isinstance(op, BinOp):
        return f"{d(op.dest)} = binop {op.op} {v(op.left)}, {v(op.right)}"
    if isinstance(op, UnaryOp):
        return f"{d(op.dest)} = unary {op.op} {v(op.operand)}"
    if isinstance(op, Compare):
        return f"{d(op.dest)} = compare {op.op} {v(op.left)}, {v(op.right)}"
    if isinstance(op, Truth):
        return f"{d(op.dest)} = truth {v(op.value)}"
    if isinstance(op, CallBuiltin):
        return f"{d(op.dest)} = builtin {op.name}(" + ", ".join(map(v, op.args)) + ")"
    if isinstance(op, CallFunc):
        return f"{d(op.dest)} = call {op.func.__qualname__}(" + ", ".join(map(v, op.args)) + ")"
    if isinstance(op, CallSpec):
        return f"{d(op.dest)} = callspec {op.spec}(" + ", ".join(map(v, op.args)) + ")"
    if isinstance(op, MakeTuple):
        return f"{d(op.dest)} = tuple(" + ", ".join(map(v, op.items)) + ")"
    if isinstance(op, GetItem):
        return f"{d(op.dest)} = getitem {v(op.obj)}[{v(op.index)}]"
    if isinstance(op, TupleGet):
        return f"{d(op.dest)} = {v(op.tup)}[{op.index}]"
    if isinstance(op, Prim):
        return f"{d(op.dest)} = prim {op.impl} " + ", ".join(map(v, op.args))
    if isinstance(op, ToUnion):
        return f"{d(op.dest)} = to_union {v(op.src)}"
    if isinstance(op, FromUnion):
        return f"{d(op.dest)} = from_union {v(op.src)}"
    if isinstance(op, Jump):
        return f"goto {op.target.label}"
    if isinstance(op, Branch):
        return f"if {v(op.cond)} goto {op.if_true.label} else {op.if_false.label}"
    if isinstance(op, TypeCase):
        cases = ", ".join(f"{t}: {b.label}" for t, b in op.cases)
        return f"typecase {v(op.value)} [{cases}]"
    if isinstance(op, Return):
        return f"return {v(op.value)}"
    if isinstance(op, Deopt):
        return f"deopt  # {op.reason}"
    return f"<{type(op).__name__}>"


def format_block(block: Block, fn: Function) -> str:
    lines = [f"{block.label}:" + (f"  # except -> {block.handler.label}" if block.handler
                                  else "")]
    lines += [f"    {format_op(op, fn)}" for op in block.ops]
    return "\n".join(lines)


def format_function(fn: Function) -> str:
    args = ", ".join(
        f"{a.name}: {fn.var_types[a]}"
        if a in fn.var_types and not a.name.endswith(f":{fn.var_types[a]}") else a.name
        for a in fn.args
    )
    ret = f" -> {fn.return_type}" if fn.return_type is not None else ""
    head = f"def {fn.name}({args}){ret}:"
    return "\n".join([head] + [format_block(b, fn) for b in fn.blocks])
