"""AST -> IR for what only Python objects have: displays (`[a, b]`, `{k: v}`, `{a}`),
f-strings, calls of any callable (with keywords), globals and builtins looked up at run time,
attribute stores, `del x[i]`, `import` inside a function, and `for` over any iterable.

Each becomes a `CallBuiltin` named `obj.*`, typed by infer/objects.py:

    print(f"{x!r:>5}")   ->  $p = builtin obj.global:print(<globals>)
                             $r = builtin obj.repr(x) ; $f = builtin obj.format($r, '>5')
                             $s = builtin obj.join($f) ; $c = builtin obj.call($p, $s)

A global read at run time sees the module's current binding (a rebound global is seen by the
next call; a missing name raises NameError when the line runs, as in CPython).  Names lesto
resolves when compiling (constants, user functions, math, numpy, the builtins it compiles
natively) keep that fast path."""
from __future__ import annotations

import ast
import builtins
from typing import TYPE_CHECKING

from lesto.ir.nodes import Assign, Branch, CallBuiltin, Const, Truth, Value, Var

if TYPE_CHECKING:
    from lesto.frontend.build import FunctionBuilder


def call(fb: FunctionBuilder, node: ast.AST, name: str, args: list[Value]) -> Var:
    dest = fb.temp()
    fb.b.add(CallBuiltin(fb.loc(node), dest, name, args))
    return dest


def global_value(fb: FunctionBuilder, name: str, node: ast.AST) -> Value:
    """The value of a non-local name as an object: a closure variable's value (read when
    compiling), else the global or builtin at run time."""
    func = fb.info.func
    if name in func.__code__.co_freevars:
        return Const(fb.info.namespace[name]) if name in fb.info.namespace else \
            call(fb, node, f"obj.global:{name}", [Const(func.__globals__)])
    return call(fb, node, f"obj.global:{name}", [Const(func.__globals__)])


def module_attribute(fb: FunctionBuilder, node: ast.Attribute, module: object) -> Value:
    """`module.name` that lesto does not resolve when compiling: read at run time."""
    return call(fb, node, f"attr.{node.attr}", [Const(module)])


def keywords(fb: FunctionBuilder, node: ast.Call) -> tuple[list[str], list[Value]]:
    names, values = [], []
    for kw in node.keywords:   # no `**` here: build_call sends those to unpacking_call
        names.append(kw.arg)
        values.append(fb.expr(kw.value))
    return names, values


def object_call(fb: FunctionBuilder, node: ast.Call) -> Value:
    """Any callable, called with positional and keyword arguments (evaluated in order)."""
    if isinstance(node.func, ast.Name) and node.func.id == "super" and not node.args \
            and not node.keywords:
        return zero_arg_super(fb, node)
    callee = fb.expr(node.func)
    args = [fb.expr(a) for a in node.args]
    names, values = keywords(fb, node)
    return call(fb, node, call_key(names), [callee] + args + values)


def call_key(names: list[str]) -> str:
    """The primitive of a call with keyword arguments `names` (their values come last)."""
    return f"obj.call:[{','.join(names)}]" if names else "obj.call"


def has_unpacking(node: ast.Call) -> bool:
    return any(isinstance(a, ast.Starred) for a in node.args) or \
        any(k.arg is None for k in node.keywords)


def _plain(e: ast.expr) -> bool:
    """An argument whose evaluation has no effect to order (a name or a constant)."""
    inner = e.value if isinstance(e, ast.Starred) else e
    return isinstance(inner, (ast.Name, ast.Constant))


def unpacking_call(fb: FunctionBuilder, node: ast.Call) -> Value:
    """`f(a, *xs, k=v, **kw)`: the callee and the arguments evaluated here, in order, then a
    helper made for this shape (lesto.runtime.objects.call__...) makes CPython's own call,
    with its unpacking and its TypeErrors ("argument after * must be an iterable").  CPython
    unpacks `*xs` before evaluating the arguments after it, so these must be names or
    constants (else the order of effects could differ: refused)."""
    first = next(i for i, a in enumerate(node.args + [k.value for k in node.keywords])
                 if isinstance(a, ast.Starred) or i >= len(node.args))
    later = (node.args + [k.value for k in node.keywords])[first + 1:]
    if not all(_plain(a) for a in later) or \
            any(k.arg and "__" in k.arg for k in node.keywords):
        raise fb.refuse("L001", node, "argument unpacking followed by arguments that are "
                        "not plain names or constants")
    shape = ["s" if isinstance(a, ast.Starred) else "p" for a in node.args]
    shape += [f"k_{k.arg}" if k.arg else "d" for k in node.keywords]
    callee = fb.expr(node.func)
    values = [fb.expr(a.value if isinstance(a, ast.Starred) else a) for a in node.args]
    values += [fb.expr(k.value) for k in node.keywords]
    return call(fb, node, "obj.callpath:lesto.runtime.objects.call__" + "__".join(shape),
                [callee] + values)


def zero_arg_super(fb: FunctionBuilder, node: ast.Call) -> Value:
    """`super()`: CPython finds the class and the instance in the calling frame, which compiled
    code does not have, so they are passed: the `__class__` cell of a method and its first
    argument (lesto.runtime.objects.zero_arg_super calls `super(cls, first)` when the name
    still means the builtin, and raises CPython's RuntimeError where it has none)."""
    code = fb.info.func.__code__
    cls = fb.info.namespace.get("__class__") if "__class__" in code.co_freevars else None
    first = fb.expr(ast.copy_location(ast.Name(code.co_varnames[0], ast.Load()), node)) \
        if code.co_argcount else Const(None)
    callee = fb.expr(node.func)
    return call(fb, node, "obj.callpath:lesto.runtime.objects.zero_arg_super",
                [callee, Const(cls), first, Const(code.co_argcount > 0)])


def method_call_with_keywords(fb: FunctionBuilder, node: ast.Call) -> Value:
    assert isinstance(node.func, ast.Attribute)
    obj = fb.expr(node.func.value)
    args = [fb.expr(a) for a in node.args]
    names, values = keywords(fb, node)
    return call(fb, node, f"obj.callmethod:{node.func.attr}[{','.join(names)}]",
                [obj] + args + values)


def unpacking_display(fb: FunctionBuilder, node: ast.expr, kind: str,
                      entries: list[tuple[str, list[ast.expr]]]) -> Value:
    """`[a, *xs]`, `(*xs, b)`, `{*xs}`, `{**d, k: v}`: the items evaluated here, in order,
    then a helper made for this shape (lesto.runtime.objects.display__...) builds the
    container with CPython's own unpacking and messages.  As for calls, what follows the
    first unpacked item must be names or constants (CPython unpacks before evaluating it)."""
    first = next(i for i, (shape, _) in enumerate(entries) if shape in ("s", "d"))
    later = [e for _, exprs in entries[first + 1:] for e in exprs]
    if not all(_plain(e) for e in later):
        raise fb.refuse("L001", node, "unpacking in a display followed by items that are "
                        "not plain names or constants")
    values = [fb.expr(e.value if isinstance(e, ast.Starred) else e)
              for _, exprs in entries for e in exprs]
    shape = "__".join(s for s, _ in entries)
    return call(fb, node, f"obj.callpath:lesto.runtime.objects.display__{kind}__{shape}",
                values)


def _sequence_display(fb: FunctionBuilder, node: ast.List | ast.Set | ast.Tuple,
                      builder: str) -> Value:
    if any(isinstance(e, ast.Starred) for e in node.elts):
        kind = type(node).__name__.lower()
        return unpacking_display(fb, node, kind, [
            ("s" if isinstance(e, ast.Starred) else "p", [e]) for e in node.elts])
    return call(fb, node, builder, [fb.expr(e) for e in node.elts])


def build_list(fb: FunctionBuilder, node: ast.List) -> Value:
    return _sequence_display(fb, node, "obj.list")


def build_set(fb: FunctionBuilder, node: ast.Set) -> Value:
    return _sequence_display(fb, node, "obj.set")


def build_dict(fb: FunctionBuilder, node: ast.Dict) -> Value:
    if any(k is None for k in node.keys):
        return unpacking_display(fb, node, "dict", [
            ("d", [v]) if k is None else ("kv", [k, v]) for k, v in zip(node.keys, node.values)])
    values: list[Value] = []
    for k, v in zip(node.keys, node.values):
        values += [fb.expr(k), fb.expr(v)]
    return call(fb, node, "obj.dict", values)


CONVERSIONS = {ord("s"): "obj.str", ord("r"): "obj.repr", ord("a"): "obj.ascii"}


def formatted(fb: FunctionBuilder, node: ast.FormattedValue) -> Value:
    value = fb.expr(node.value)
    if node.conversion in CONVERSIONS:
        value = call(fb, node, CONVERSIONS[node.conversion], [value])
    spec: Value = Const("")
    if node.format_spec is not None:
        spec = build_joinedstr(fb, node.format_spec)  # type: ignore[arg-type]
    return call(fb, node, "obj.format", [value, spec])


def build_joinedstr(fb: FunctionBuilder, node: ast.JoinedStr) -> Value:
    parts: list[Value] = []
    for v in node.values:
        if isinstance(v, ast.FormattedValue):
            parts.append(formatted(fb, v))
        elif isinstance(v, ast.Constant):
            parts.append(Const(v.value))
        else:
            parts.append(fb.expr(v))
    return call(fb, node, "obj.join", parts)


def store_attribute(fb: FunctionBuilder, target: ast.Attribute, value: Value) -> None:
    obj = fb.expr(target.value)
    fb.b.add(CallBuiltin(fb.loc(target), fb.temp(), f"obj.setattr:{target.attr}", [obj, value]))


def build_delete(fb: FunctionBuilder, node: ast.Delete) -> None:
    from lesto.frontend.cells import delete_cell

    for target in node.targets:
        if isinstance(target, ast.Name) and target.id in fb.cells:
            delete_cell(fb, target.id, fb.loc(target))
            continue
        if not isinstance(target, ast.Subscript):
            raise fb.refuse("L001", target, f"'del {ast.unparse(target)}'")
        obj = fb.expr(target.value)
        index = fb.expr(target.slice)
        fb.b.add(CallBuiltin(fb.loc(target), fb.temp(), "obj.delitem", [obj, index]))


def build_import(fb: FunctionBuilder, node: ast.Import) -> None:
    globs = Const(fb.info.func.__globals__)
    for alias in node.names:
        module = call(fb, node, f"obj.import:{alias.name}:0:", [globs])
        if alias.asname is None:
            fb.b.add(Assign(fb.loc(node), Var(alias.name.split(".")[0]), module))
            continue
        for part in alias.name.split(".")[1:]:
            module = call(fb, node, f"attr.{part}", [module])
        fb.b.add(Assign(fb.loc(node), Var(alias.asname), module))


def build_importfrom(fb: FunctionBuilder, node: ast.ImportFrom) -> None:
    if any(a.name == "*" for a in node.names):
        raise fb.refuse("L001", node, "'from ... import *'")
    names = ",".join(a.name for a in node.names)
    module = call(fb, node, f"obj.import:{node.module or ''}:{node.level}:{names}",
                  [Const(fb.info.func.__globals__)])
    for alias in node.names:
        value = call(fb, node, f"obj.importfrom:{alias.name}", [module])
        fb.b.add(Assign(fb.loc(node), Var(alias.asname or alias.name), value))


def branch_on_object(fb: FunctionBuilder, node: ast.AST, value: Value):
    """Blocks (for objects, for native values) after a branch that the types decide when
    compiling (`obj.is_object`): only one of them is ever typed and emitted."""
    loc = fb.loc(node)
    known = call(fb, node, "obj.is_object", [value])
    test = fb.temp()
    fb.b.add(Truth(loc, test, known))
    obj_block, native_block = fb.b.new_block("forobj"), fb.b.new_block("fornative")
    fb.b.add(Branch(loc, test, obj_block, native_block))
    return obj_block, native_block


def build_object_for(fb: FunctionBuilder, node: ast.For, items: Value) -> None:
    """`for x in obj` over any iterable: iter(), then next() until it is exhausted (an
    exception raised by the iterator propagates; StopIteration ends the loop)."""
    from lesto.frontend.build_loops import finish_loop, mark_arena
    from lesto.frontend.build_stmt import assign_to

    loc = fb.loc(node)
    it = call(fb, node, "obj.getiter", [items])
    head, body, end = fb.b.new_block("iter"), fb.b.new_block("ibody"), fb.b.new_block("iend")
    orelse = fb.b.new_block("ielse") if node.orelse else end
    mark = mark_arena(fb, loc)
    fb.b.goto(head, loc)
    fb.b.position_at(head)
    item = call(fb, node, "obj.iternext", [it])
    more = call(fb, node, "obj.notnull", [item])
    test = fb.temp()
    fb.b.add(Truth(loc, test, more))
    fb.b.add(Branch(loc, test, body, orelse))
    fb.b.position_at(body)
    assign_to(fb, node.target, item, node)
    finish_loop(fb, node, head, orelse, end, mark=mark)


class _Rename(ast.NodeTransformer):
    """Renames the comprehension's own variables (they do not leak into the function)."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping

    def visit_Name(self, node: ast.Name) -> ast.Name:
        if node.id in self.mapping:
            return ast.copy_location(ast.Name(self.mapping[node.id], node.ctx), node)
        return node


def _targets(target: ast.expr) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


def build_comprehension(fb: FunctionBuilder, node: ast.ListComp | ast.SetComp | ast.DictComp
                        ) -> Value:
    """`[e for x in it if c]` (and set / dict comprehensions): a new container filled by
    nested loops, in which the comprehension's variables are hidden names of their own (as in
    CPython, they do not leak); the first iterable is evaluated outside, as in CPython."""
    import copy

    fb.comprehensions += 1
    prefix = f"$comp{fb.comprehensions}."
    names: set[str] = set()
    for gen in node.generators:
        if gen.is_async:
            raise fb.refuse("L001", node, "async comprehension")
        names |= _targets(gen.target)
    mapping = {n: prefix + n for n in names}
    acc = prefix + "result"
    fb.locals |= set(mapping.values()) | {acc}
    rename = _Rename(mapping)
    kind = {ast.ListComp: "obj.list", ast.SetComp: "obj.set", ast.DictComp: "obj.dict"}[
        type(node)]
    fb.b.add(Assign(fb.loc(node), Var(acc), call(fb, node, kind, [])))
    here = copy.deepcopy(node)
    acc_name = ast.copy_location(ast.Name(acc, ast.Load()), node)
    if isinstance(here, ast.DictComp):
        key, value = rename.visit(here.key), rename.visit(here.value)
        target = ast.Subscript(acc_name, key, ast.Store())
        inner: ast.stmt = ast.Assign([target], value)
    else:
        method = "append" if isinstance(here, ast.ListComp) else "add"
        inner = ast.Expr(ast.Call(ast.Attribute(acc_name, method, ast.Load()),
                                  [rename.visit(here.elt)], []))
    body: list[ast.stmt] = [inner]
    for i, gen in reversed(list(enumerate(here.generators))):
        for cond in reversed(gen.ifs):
            body = [ast.If(rename.visit(cond), body, [])]
        it = gen.iter if i == 0 else rename.visit(gen.iter)
        body = [ast.For(rename.visit(gen.target), it, body, [])]
    loop = ast.fix_missing_locations(ast.copy_location(body[0], node))
    fb.stmt(loop)
    return Var(acc)


def _code_objects(code, name: str, line: int) -> list:
    """Code objects named `name` starting on `line`, anywhere in `code`'s constants."""
    import types

    found = []
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            if c.co_name == name and c.co_firstlineno == line:
                found.append(c)
            found += _code_objects(c, name, line)
    return found


def _first_column(code) -> int:
    for _line, _end, col, _endcol in getattr(code, "co_positions", lambda: iter(()))():
        if col is not None:
            return col
    return 0


def _nested_code(fb: FunctionBuilder, node: ast.AST, name: str, what: str):
    """The code object CPython compiled for the lambda, nested def or generator expression
    `node` (found by name, line and position among its kind on that line), its free
    variables checked to keep one value (else the located L032 refusal)."""
    def same_kind(n: ast.AST) -> bool:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            return isinstance(n, type(node)) and n.name == name
        return isinstance(n, type(node))

    def line(n: ast.AST) -> int:   # a decorated def's code starts at its first decorator
        decorators = getattr(n, "decorator_list", None)
        return decorators[0].lineno if decorators else n.lineno  # type: ignore[attr-defined]

    same_line = sorted((n for n in ast.walk(fb.info.tree)
                        if same_kind(n) and line(n) == line(node)),
                       key=lambda n: n.col_offset)
    codes = sorted(_code_objects(fb.info.func.__code__, name, line(node)), key=_first_column)
    where = [n.col_offset for n in same_line]
    if len(codes) != len(same_line) or node.col_offset not in where:
        raise fb.refuse("L001", node, what)   # e.g. in code CPython left out as dead
    code = codes[where.index(node.col_offset)]
    unsafe = [v for v in code.co_freevars
              if v not in fb.cells and not _bound_once_before(fb, v, node)]
    if unsafe:
        raise fb.refuse("L032", node, what, ", ".join(unsafe))
    return code


def _free_values(fb: FunctionBuilder, node: ast.AST, code) -> list[Value]:
    """What the new function's cells are made from, in co_freevars' order: a variable in a
    shared cell gives the cell itself (frontend/cells.py), any other its value, which never
    changes (see _bound_once_before), in a new cell."""
    from lesto.frontend.cells import cell_var

    return [cell_var(v) if v in fb.cells else
            fb.expr(ast.copy_location(ast.Name(v, ast.Load()), node)) for v in code.co_freevars]


def _new_function(fb: FunctionBuilder, node: ast.AST, code, defaults: Value) -> Var:
    """A Python function made now from `code` with the function's globals, `defaults` (a
    tuple or None) and its cells (_free_values); the primitive's key says which cells are
    shared (C) and which are made from a value (V)."""
    kinds = "".join("C" if v in fb.cells else "V" for v in code.co_freevars)
    key = f"obj.makefunc:{kinds}" if "C" in kinds else "obj.makefunc"
    return call(fb, node, key, [Const(code), Const(fb.info.func.__globals__), defaults] +
                _free_values(fb, node, code))


def make_function(fb: FunctionBuilder, node: ast.Lambda | ast.FunctionDef) -> Value:
    """A lambda or nested `def` that uses no variable of the enclosing function: a new
    Python function from its code object (which CPython compiled with the enclosing one),
    the function's globals and its defaults, evaluated now (PyFunction_New)."""
    name = "<lambda>" if isinstance(node, ast.Lambda) else node.name
    what = "lambda" if isinstance(node, ast.Lambda) else "nested function definition"
    if not isinstance(node, ast.Lambda) and node.decorator_list:
        raise fb.refuse("L001", node, f"decorated {what}")
    if node.args.kw_defaults and any(d is not None for d in node.args.kw_defaults):
        raise fb.refuse("L001", node, f"{what} with keyword-only defaults")
    code = _nested_code(fb, node, name, what)
    defaults = [fb.expr(d) for d in node.args.defaults]
    return _new_function(fb, node, code,
                         call(fb, node, "obj.tuple", defaults) if defaults else Const(None))


def build_yield(fb: FunctionBuilder, node: ast.Yield) -> Value:
    """`yield v` (the function is a generator, see backend/lower_generator.py): v boxed and
    handed to the consumer; the value of the expression is what the consumer sends (None for
    next()), or the exception thrown in raised here."""
    value = fb.expr(node.value) if node.value is not None else Const(None)
    return call(fb, node, "obj.yield", [value])


# PEP 380's expansion of `RESULT = yield from EXPR`, built as ordinary statements (with the
# names renamed to hidden ones, EXPR evaluated where the expression stands).
_YIELD_FROM = """
_i = iter(EXPR)
try:
    _y = next(_i)
except StopIteration as _e:
    _r = _e.value
else:
    while True:
        try:
            _s = yield _y
        except GeneratorExit:
            _m = getattr(_i, "close", None)
            if _m is not None:
                _m()
            raise
        except BaseException as _e:
            _m = getattr(_i, "throw", None)
            if _m is None:
                raise
            try:
                _y = _m(_e)
            except StopIteration as _e:
                _r = _e.value
                break
        else:
            try:
                if _s is None:
                    _y = next(_i)
                else:
                    _y = _i.send(_s)
            except StopIteration as _e:
                _r = _e.value
                break
"""


def build_yield_from(fb: FunctionBuilder, node: ast.YieldFrom) -> Value:
    """`yield from it`: PEP 380's expansion (values yielded through, send() and throw()
    delegated, close() closing the subiterator, the result StopIteration's value)."""
    fb.comprehensions += 1
    prefix = f"$yf{fb.comprehensions}."
    names = ("_i", "_y", "_e", "_r", "_s", "_m")
    mapping = {n: prefix + n for n in names}
    fb.locals |= set(mapping.values())
    fb.b.add(Assign(fb.loc(node), Var(mapping["_r"]), Const(None)))
    stmts = ast.parse(_YIELD_FROM).body
    stmts[0].value.args[0] = node.value   # type: ignore[attr-defined]
    renamed = [_Rename(mapping).visit(s) for s in stmts]
    operand = {id(n) for n in ast.walk(node.value)}   # keeps its own locations
    for s in renamed:
        for n in ast.walk(s):
            if hasattr(n, "lineno") and id(n) not in operand:
                ast.copy_location(n, node)
            if isinstance(n, ast.ExceptHandler) and n.name in mapping:
                n.name = mapping[n.name]
    fb.body([ast.fix_missing_locations(s) for s in renamed])
    return Var(mapping["_r"])


def build_genexp(fb: FunctionBuilder, node: ast.GeneratorExp) -> Value:
    """`(expr for x in it ...)`, as CPython makes it: the outermost iterable evaluated and
    iter() taken here (its TypeError raised here), then the generator function CPython
    compiled for the expression, called with that iterator; the generator's own body runs
    in the interpreter, like a lambda's."""
    code = _nested_code(fb, node, "<genexpr>", "generator expression")
    it = call(fb, node, "obj.getiter", [fb.expr(node.generators[0].iter)])
    fn = _new_function(fb, node, code, Const(None))
    return call(fb, node, "obj.call", [fn, it])


def _bound_once_before(fb: FunctionBuilder, name: str, node: ast.AST) -> bool:
    """Whether a variable the new function uses from the enclosing one keeps one value from
    before the function is made to the end (so a cell holding that value is the same as
    CPython's shared cell): a parameter never assigned, or a name assigned by exactly one
    statement directly in the function's body (in no loop, branch or try) that comes before
    the statement making the function; and the new function does not assign it (nonlocal)."""
    from lesto.frontend.scopes import _own_scope

    tree = fb.info.tree
    stores = [n for n in _own_scope(tree) if isinstance(n, ast.Name) and n.id == name and
              isinstance(n.ctx, (ast.Store, ast.Del))]
    stores += [n for n in _own_scope(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))
               and n.name == name]
    params = {a.arg for a in tree.args.args + tree.args.posonlyargs + tree.args.kwonlyargs}
    if any(isinstance(n, ast.Nonlocal) and name in n.names for n in ast.walk(node)):
        return False
    if name in params:
        return not stores
    if len(stores) != 1:
        return False
    for stmt in tree.body:
        if any(n is stores[0] for n in ast.walk(stmt)):
            if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.FunctionDef)):
                return stmt.end_lineno is not None and stmt.end_lineno < node.lineno  # type: ignore[attr-defined]
            return False
    return False


def build_lambda(fb: FunctionBuilder, node: ast.Lambda) -> Value:
    return make_function(fb, node)


def build_nested_def(fb: FunctionBuilder, node: ast.FunctionDef) -> None:
    fb.b.add(Assign(fb.loc(node), Var(node.name), make_function(fb, node)))


def build_classdef(fb: FunctionBuilder, node: ast.ClassDef) -> None:
    """`class C(bases): body` inside the function, as CPython runs it: the decorators
    evaluated, then `builtins.__build_class__` called with a function made from the class
    body's code object (CPython compiled it with the enclosing function), the name and the
    bases (keywords such as metaclass=), then the decorators applied, innermost first."""
    if any(isinstance(b, ast.Starred) for b in node.bases) or \
            any(k.arg is None for k in node.keywords):
        raise fb.refuse("L001", node, "class definition with * or ** bases")
    decorators = [fb.expr(d) for d in node.decorator_list]
    code = _nested_code(fb, node, node.name, "class definition")
    body = _new_function(fb, node, code, Const(None))
    args = [Const(builtins.__build_class__), body, Const(node.name)] + \
        [fb.expr(b) for b in node.bases]
    names = [str(k.arg) for k in node.keywords]
    values = [fb.expr(k.value) for k in node.keywords]
    cls = call(fb, node, call_key(names), args + values)
    for d in reversed(decorators):
        cls = call(fb, node, "obj.call", [d, cls])
    fb.b.add(Assign(fb.loc(node), Var(node.name), cls))
