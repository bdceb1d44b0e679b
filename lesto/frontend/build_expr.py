"""AST expressions -> untyped IR ops, one handler per node kind (see EXPR_HANDLERS)."""
from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Callable

from lesto.frontend.build_objects import (
    build_comprehension, build_dict, build_genexp, build_joinedstr, build_lambda, build_list,
    build_set, build_yield, build_yield_from, global_value, has_unpacking, method_call_with_keywords, module_attribute,
    object_call, unpacking_call, unpacking_display,
)
from lesto.frontend.scopes import Resolved, resolve_attribute
from lesto.ir.nodes import (
    Assign, BinOp, Branch, CallBuiltin, CallFunc, Compare, Const, GetItem, MakeTuple, Truth,
    UnaryOp, Value, Var,
)

if TYPE_CHECKING:
    from lesto.frontend.build import FunctionBuilder

BINOPS: dict[type, str] = {
    ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "truediv",
    ast.FloorDiv: "floordiv", ast.Mod: "mod", ast.Pow: "pow", ast.LShift: "lshift",
    ast.RShift: "rshift", ast.BitAnd: "and", ast.BitOr: "or", ast.BitXor: "xor",
}
UNARYOPS: dict[type, str] = {ast.USub: "neg", ast.UAdd: "pos", ast.Invert: "invert",
                             ast.Not: "not"}
CMPOPS: dict[type, str] = {
    ast.Eq: "eq", ast.NotEq: "ne", ast.Lt: "lt", ast.LtE: "le", ast.Gt: "gt", ast.GtE: "ge",
    ast.Is: "is", ast.IsNot: "isnot", ast.In: "in", ast.NotIn: "notin",
}


def build_constant(fb: FunctionBuilder, node: ast.Constant) -> Value:
    v = node.value
    if v is None or type(v) in (int, float, bool, complex, str, bytes):
        return Const(v)
    raise fb.refuse("L002", node, f"{type(v).__name__} constant")


def build_name(fb: FunctionBuilder, node: ast.Name) -> Value:
    found = fb.lookup_or_none(node.id, node)
    if isinstance(found, Var) and node.id in fb.cells:   # read where it stands (cells.py)
        from lesto.frontend.cells import read_cell

        return read_cell(fb, node.id, fb.loc(node))
    if isinstance(found, Var):
        return found
    if found is not None and found.kind == "const":
        return Const(found.value)
    # Any other global or builtin used as a value: the object bound to it when the line runs.
    return global_value(fb, node.id, node)


def build_attribute(fb: FunctionBuilder, node: ast.Attribute) -> Value:
    if not is_module_attribute(fb, node):
        # An attribute of a value (`a.shape`): typed by the value's type.
        obj = fb.expr(node.value)
        dest = fb.temp()
        fb.b.add(CallBuiltin(fb.loc(node), dest, f"attr.{node.attr}", [obj]))
        return dest
    base = fb.lookup(node.value.id, node.value)  # type: ignore[attr-defined]
    assert isinstance(base, Resolved)
    r = resolve_attribute(base.value, node.attr)
    if r is not None and r.kind == "const":
        return Const(r.value)
    return module_attribute(fb, node, base.value)


def is_module_attribute(fb: FunctionBuilder, node: ast.Attribute) -> bool:
    if isinstance(node.value, ast.Name):
        base = fb.lookup_or_none(node.value.id, node.value)
        return isinstance(base, Resolved) and base.kind == "module"
    return False


def resolve_dotted(fb: FunctionBuilder, node: ast.Attribute) -> Resolved:
    """Resolve `module.attr` where `module` is a global module lesto knows (math, numpy)."""
    if isinstance(node.value, ast.Name):
        base = fb.lookup(node.value.id, node.value)
        if isinstance(base, Resolved) and base.kind == "module":
            r = resolve_attribute(base.value, node.attr)
            if r is not None:
                return r
    raise fb.refuse("L002", node, f"attribute access '{ast.unparse(node)}'")


def build_binop(fb: FunctionBuilder, node: ast.BinOp) -> Value:
    op = BINOPS.get(type(node.op))
    if op is None:
        raise fb.refuse("L002", node, f"operator {type(node.op).__name__}")
    left = fb.expr(node.left)
    right = fb.expr(node.right)
    dest = fb.temp()
    fb.b.add(BinOp(fb.loc(node), dest, op, left, right))
    return dest


def build_unaryop(fb: FunctionBuilder, node: ast.UnaryOp) -> Value:
    operand = fb.expr(node.operand)
    if isinstance(operand, Const) and type(operand.value) in (int, float, complex) and \
            isinstance(node.op, (ast.USub, ast.UAdd)):
        # `-1` is a constant (so `t[-1]` is a constant index), exactly as CPython folds it.
        return Const(-operand.value if isinstance(node.op, ast.USub) else operand.value)
    dest = fb.temp()
    fb.b.add(UnaryOp(fb.loc(node), dest, UNARYOPS[type(node.op)], operand))
    return dest


def build_boolop(fb: FunctionBuilder, node: ast.BoolOp) -> Value:
    """`a and b` / `a or b` return an operand, evaluated left to right with short-circuit."""
    result = fb.temp()
    end = fb.b.new_block("boolend")
    loc = fb.loc(node)
    for i, value_node in enumerate(node.values):
        fb.b.add(Assign(loc, result, fb.expr(value_node)))
        if i == len(node.values) - 1:
            break
        test = fb.temp()
        fb.b.add(Truth(loc, test, result))
        nxt = fb.b.new_block("boolnext")
        if isinstance(node.op, ast.And):
            fb.b.add(Branch(loc, test, nxt, end))
        else:
            fb.b.add(Branch(loc, test, end, nxt))
        fb.b.position_at(nxt)
    fb.b.goto(end, loc)
    fb.b.position_at(end)
    return result


def build_compare(fb: FunctionBuilder, node: ast.Compare) -> Value:
    """`a < b < c` evaluates b once and stops at the first false comparison."""
    loc = fb.loc(node)
    left = fb.expr(node.left)
    if len(node.ops) == 1:
        dest = fb.temp()
        fb.b.add(Compare(loc, dest, cmp_name(fb, node.ops[0], node), left,
                         fb.expr(node.comparators[0])))
        return dest
    result = fb.temp()
    end = fb.b.new_block("cmpend")
    for i, (op, comp) in enumerate(zip(node.ops, node.comparators)):
        right = fb.expr(comp)
        if i < len(node.ops) - 1 and isinstance(right, Var):
            saved = fb.temp()
            fb.b.add(Assign(loc, saved, right))
            right = saved
        fb.b.add(Compare(loc, result, cmp_name(fb, op, node), left, right))
        if i == len(node.ops) - 1:
            break
        test = fb.temp()
        fb.b.add(Truth(loc, test, result))
        nxt = fb.b.new_block("cmpnext")
        fb.b.add(Branch(loc, test, nxt, end))
        fb.b.position_at(nxt)
        left = right
    fb.b.goto(end, loc)
    fb.b.position_at(end)
    return result


def cmp_name(fb: FunctionBuilder, op: ast.cmpop, node: ast.AST) -> str:
    name = CMPOPS.get(type(op))
    if name is None:
        raise fb.refuse("L002", node, f"'{type(op).__name__}' comparison")
    return name


def build_ifexp(fb: FunctionBuilder, node: ast.IfExp) -> Value:
    loc = fb.loc(node)
    result = fb.temp()
    test = fb.temp()
    fb.b.add(Truth(loc, test, fb.expr(node.test)))
    yes, no, end = fb.b.new_block("ifx"), fb.b.new_block("elsex"), fb.b.new_block("endx")
    fb.b.add(Branch(loc, test, yes, no))
    for block, value in ((yes, node.body), (no, node.orelse)):
        fb.b.position_at(block)
        fb.b.add(Assign(loc, result, fb.expr(value)))
        fb.b.goto(end, loc)
    fb.b.position_at(end)
    return result


def build_namedexpr(fb: FunctionBuilder, node: ast.NamedExpr) -> Value:
    """`(x := value)`: assigns x, gives the value."""
    from lesto.frontend.build_stmt import assign_to

    value = fb.expr(node.value)
    assign_to(fb, node.target, value, node)
    return fb.expr(ast.copy_location(ast.Name(node.target.id, ast.Load()), node))


def build_tuple(fb: FunctionBuilder, node: ast.Tuple) -> Value:
    if any(isinstance(e, ast.Starred) for e in node.elts):
        return unpacking_display(fb, node, "tuple", [
            ("s" if isinstance(e, ast.Starred) else "p", [e]) for e in node.elts])
    items = [fb.expr(e) for e in node.elts]
    dest = fb.temp()
    fb.b.add(MakeTuple(fb.loc(node), dest, items))
    return dest


def build_subscript(fb: FunctionBuilder, node: ast.Subscript) -> Value:
    obj = fb.expr(node.value)
    sliced = slice_index(fb, node.slice)
    dest = fb.temp()
    if sliced is not None:
        pattern, values = sliced
        fb.b.add(CallBuiltin(fb.loc(node), dest, f"getslice[{pattern}]", [obj] + values))
        return dest
    index = fb.expr(node.slice)
    fb.b.add(GetItem(fb.loc(node), dest, obj, index))
    return dest


def has_slice(index: ast.expr) -> bool:
    return isinstance(index, ast.Slice) or (
        isinstance(index, ast.Tuple) and any(isinstance(e, ast.Slice) for e in index.elts))


def slice_index(fb: FunctionBuilder, index: ast.expr) -> tuple[str, list[Value]] | None:
    """An index with slices (`a[1:n]`, `a[:, j]`, `a[::2]`) as a pattern naming each
    position ('i' an index, 's' + which of start/stop/step are given, e.g. 's110') and the
    values given, in order; None for an index without slices."""
    if not has_slice(index):
        return None
    parts = index.elts if isinstance(index, ast.Tuple) else [index]
    pattern: list[str] = []
    values: list[Value] = []
    for part in parts:
        if isinstance(part, ast.Slice):
            given = [p for p in (part.lower, part.upper, part.step)]
            pattern.append("s" + "".join("0" if p is None else "1" for p in given))
            values += [fb.expr(p) for p in given if p is not None]
        else:
            pattern.append("i")
            values.append(fb.expr(part))
    return "_".join(pattern), values


def callee_of(fb: FunctionBuilder, node: ast.Call) -> Resolved | None:
    """What a called name denotes when compiling, or None for a callee that is an object
    (a local variable, a global lesto does not compile natively, an unknown module
    attribute, any other expression): such calls go through CPython's call protocol."""
    f = node.func
    if isinstance(f, ast.Name):
        found = fb.lookup_or_none(f.id, f)
        return found if isinstance(found, Resolved) else None
    if isinstance(f, ast.Attribute) and is_module_attribute(fb, f):
        base = fb.lookup(f.value.id, f.value)  # type: ignore[attr-defined]
        return resolve_attribute(base.value, f.attr)  # type: ignore[union-attr]
    return None


def build_method_call(fb: FunctionBuilder, node: ast.Call) -> Value:
    """`obj.method(args)` on a value (an array): typed by the value's type."""
    assert isinstance(node.func, ast.Attribute)
    if node.keywords:
        return method_call_with_keywords(fb, node)
    obj = fb.expr(node.func.value)
    args = [fb.expr(a) for a in node.args]
    dest = fb.temp()
    fb.b.add(CallBuiltin(fb.loc(node), dest, f"method.{node.func.attr}", [obj] + args))
    return dest


def static_dtype(fb: FunctionBuilder, value: ast.expr) -> str | None:
    """The dtype an expression names when compiling (np.float64, float, 'int32'), or None."""
    from lesto.frontend.scopes import DTYPE_ALIASES

    dtype: str | None = None
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        dtype = value.value
    elif isinstance(value, ast.Name) and value.id in ("float", "int", "bool", "complex"):
        found = fb.lookup(value.id, value)
        dtype = value.id if isinstance(found, Resolved) else None
    elif isinstance(value, ast.Attribute) and is_module_attribute(fb, value):
        r = resolve_dotted(fb, value)
        dtype = r.value if r.kind == "dtype" else None
    return None if dtype is None else DTYPE_ALIASES.get(dtype, dtype)


def numpy_call_dtype(fb: FunctionBuilder, node: ast.Call, name: str) -> tuple[str, list]:
    """(`[dtype]` suffix or '', the remaining positional argument nodes) of a numpy call whose
    dtype is given by keyword or positionally (np.zeros(3, np.int16))."""
    args = list(node.args)
    dtype = None
    for kw in node.keywords:
        if kw.arg != "dtype":
            raise fb.refuse("L006", node, f"'{name}' with keywords other than dtype=")
        dtype = static_dtype(fb, kw.value)
        if dtype is None:
            if not isinstance(kw.value, (ast.Attribute, ast.Name)):
                raise fb.refuse("L006", kw.value, f"dtype={ast.unparse(kw.value)}",
                                "write the dtype as np.float64, np.int32, float, int, bool, "
                                "a string or an array's .dtype")
            return "[@]", args + [kw.value]   # a dtype value (a.dtype): typed when compiled
    if dtype is None and args and len(args) >= 2:
        dtype = static_dtype(fb, args[-1])
        if dtype is not None:
            args = args[:-1]
    return (f"[{dtype}]" if dtype else ""), args


def build_call(fb: FunctionBuilder, node: ast.Call) -> Value:
    if has_unpacking(node):   # every call with `*` / `**`, whatever the callee
        return unpacking_call(fb, node)
    if isinstance(node.func, ast.Attribute) and not is_module_attribute(fb, node.func):
        return build_method_call(fb, node)
    callee = callee_of(fb, node)
    name = ast.unparse(node.func)
    if callee is not None and callee.kind == "builtin" and callee.value.startswith("np."):
        suffix, positional = numpy_call_dtype(fb, node, name)
        callee = Resolved("builtin", callee.value + suffix)
        node = ast.Call(node.func, positional, [])
    if callee is None or callee.kind not in ("builtin", "function") or (
            callee.kind == "builtin" and (callee.value == "range" or node.keywords)) or (
            callee.kind == "function" and not _compiled_call(fb, callee.value, node)):
        # Any other callable, range() outside a for loop, a builtin given keywords: called
        # as the object it is when the line runs.
        return object_call(fb, node)
    if callee.kind == "function":
        args = bind_arguments(fb, node, callee.value, name)
    else:
        args = [fb.expr(a) for a in node.args]
    if callee.kind == "builtin" and callee.value in ("min", "max") and len(args) > 2:
        # max(a, b, c) == max(max(a, b), c): CPython scans left to right, first extreme wins.
        acc = args[0]
        for arg in args[1:]:
            step = fb.temp()
            fb.b.add(CallBuiltin(fb.loc(node), step, callee.value, [acc, arg]))
            acc = step
        return acc
    dest = fb.temp()
    if callee.kind == "builtin":
        fb.b.add(CallBuiltin(fb.loc(node), dest, callee.value, args))
    else:
        fb.b.add(CallFunc(fb.loc(node), dest, callee.value, args))
    return dest


def _compiled_call(fb: FunctionBuilder, func: object, node: ast.Call) -> bool:
    """Whether a call of user function `func` is compiled with it (native to native); else it
    is called as the Python function it is: a generator or coroutine function (calling it
    makes the object), a function lesto does not compile (its refusal stays its own), or a
    call that binds its arguments in a way only CPython does (keyword-only parameters,
    `**kwargs`, a wrong argument count: CPython's TypeError)."""
    import inspect

    from lesto.frontend.build import buildable

    if inspect.isgeneratorfunction(func) or inspect.iscoroutinefunction(func) or \
            inspect.isasyncgenfunction(func):
        return False
    try:
        params = inspect.signature(func).parameters.values()  # type: ignore[arg-type]
        inspect.signature(func).bind(*node.args, **{k.arg: k for k in node.keywords})  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    if any(p.kind in (p.VAR_KEYWORD, p.KEYWORD_ONLY) for p in params):
        return False
    return buildable(func)


def bind_arguments(fb: FunctionBuilder, node: ast.Call, func: object, name: str) -> list[Value]:
    """Positional, keyword and default arguments of a call to a user function, in parameter
    order, evaluated left to right as written (CPython's binding rules; errors are refusals)."""
    import inspect

    params = list(inspect.signature(func).parameters.values())  # type: ignore[arg-type]
    if any(p.kind in (p.VAR_KEYWORD, p.KEYWORD_ONLY) for p in params):
        raise fb.refuse("L018", node, f"call to {name}, which has keyword-only parameters")
    star = params[-1] if params and params[-1].kind == params[-1].VAR_POSITIONAL else None
    if star is not None:
        params = params[:-1]
    if len(node.args) > len(params) and star is None:
        raise fb.refuse("L011", node, name,
                        f"takes {len(params)} arguments but {len(node.args)} were given")
    given: dict[str, Value] = {}
    for p, a in zip(params, node.args):
        given[p.name] = fb.expr(a)
    for kw in node.keywords:
        p_names = [p.name for p in params]
        if kw.arg is None or kw.arg not in p_names or kw.arg in given:
            raise fb.refuse("L006", kw if kw.arg else node, f"'{name}' with keyword {kw.arg!r}")
        value = fb.expr(kw.value)
        if isinstance(value, Var):
            saved = fb.temp()  # later arguments must not see a reassigned name
            fb.b.add(Assign(fb.loc(kw), saved, value))
            value = saved
        given[kw.arg] = value
    args: list[Value] = []
    for p in params:
        if p.name in given:
            args.append(given[p.name])
        elif p.default is not inspect.Parameter.empty:
            args.append(Const(p.default))
        else:
            raise fb.refuse("L011", node, name, f"missing argument {p.name!r}")
    if star is not None:
        rest = fb.temp()
        fb.b.add(MakeTuple(fb.loc(node), rest, [fb.expr(a) for a in node.args[len(params):]]))
        args.append(rest)
    return args


EXPR_HANDLERS: dict[type, Callable[..., Value]] = {
    ast.Constant: build_constant,
    ast.Name: build_name,
    ast.Attribute: build_attribute,
    ast.BinOp: build_binop,
    ast.UnaryOp: build_unaryop,
    ast.BoolOp: build_boolop,
    ast.Compare: build_compare,
    ast.IfExp: build_ifexp,
    ast.Tuple: build_tuple,
    ast.Subscript: build_subscript,
    ast.Call: build_call,
    ast.List: build_list,
    ast.Dict: build_dict,
    ast.Set: build_set,
    ast.JoinedStr: build_joinedstr,
    ast.Lambda: build_lambda,
    ast.NamedExpr: build_namedexpr,
    ast.ListComp: build_comprehension,
    ast.SetComp: build_comprehension,
    ast.DictComp: build_comprehension,
    ast.GeneratorExp: build_genexp,
    ast.Yield: build_yield,
    ast.YieldFrom: build_yield_from,
}
