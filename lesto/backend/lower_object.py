"""Lowering of the `obj.*` primitives: each one a row naming the CPython C-API function that
implements it, its error convention and its effect, and one generic emitter for the rows.

Error conventions (`ret` of a row):
  "new"    PyObject* new reference, NULL with an exception set;
  "bool"   int: -1 with an exception set, else 0 / 1 (result i1);
  "status" int: -1 with an exception set, else 0 (result None);
  "size"   Py_ssize_t: -1 with an exception set (result i64).
On error the primitive branches to the function's error exit (objrefs releases what the frame
owns; the entry returns NULL with CPython's exception, type and message, set).

Effects: a function whose primitives may run arbitrary Python code or change a value the
caller sees must not be re-run by a deoptimisation once that happened; every such primitive
marks the function dirty (LowerCtx.mark_dirty), after which a deopt raises instead.  "builtin"
rows have no effect when every operand is a builtin value (`str + str`, `d[k]` with a str key).
"""
from __future__ import annotations

from dataclasses import dataclass

from llvmlite import ir

from lesto.backend import capi
from lesto.backend import lower_attrcache as attrcache
from lesto.backend.capi import PTR
from lesto.backend.context import I32, I64, I8, LowerCtx
from lesto.backend.registry import lowering as register
from lesto.infer.rules.objects import BUILTIN_VALUES, is_pure_method
from lesto.types.core import NONE, XINT, LType, is_object, python_type_of


def lowering(*keys: str):
    """Register an object primitive.  Each first checks the sticky overflow flag
    (LowerCtx.overflow_if): a wrapped int must never reach an object or a call, and a
    deoptimisation must happen before, not after, the call's effects."""
    def wrap(fn):
        def lower(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
            ctx.check_overflow()
            return fn(ctx, args)
        register(*keys)(lower)
        return fn
    return wrap


@dataclass(frozen=True)
class CRow:
    func: str      # the C-API function; operands are passed as PyObject* in order
    ret: str       # "new", "bool", "status" or "size" (see the module docstring)
    effect: str    # "never", "always", or "builtin" (none when every operand is builtin)


NUMBER = {"add": "Add", "sub": "Subtract", "mul": "Multiply", "truediv": "TrueDivide",
           "floordiv": "FloorDivide", "mod": "Remainder", "lshift": "Lshift",
           "rshift": "Rshift", "and": "And", "or": "Or", "xor": "Xor",
           "matmult": "MatrixMultiply"}
ROWS: dict[str, CRow] = {}
FAST_ROWS = ("obj.getitem",)   # lowered in lower_objfast: a direct path, then this row
for _op, _c in NUMBER.items():
    ROWS[f"obj.binop.{_op}"] = CRow(f"PyNumber_{_c}", "new", "builtin")
    ROWS[f"obj.inplace.{_op}"] = CRow(f"PyNumber_InPlace{_c}", "new", "builtin")
for _op, _c in (("neg", "Negative"), ("pos", "Positive"), ("invert", "Invert")):
    ROWS[f"obj.unary.{_op}"] = CRow(f"PyNumber_{_c}", "new", "builtin")
ROWS.update({
    "obj.getitem": CRow("PyObject_GetItem", "new", "builtin"),
    "obj.setitem": CRow("PyObject_SetItem", "status", "always"),
    "obj.delitem": CRow("PyObject_DelItem", "status", "always"),
    "obj.len": CRow("PyObject_Size", "size", "builtin"),
    "obj.truth": CRow("PyObject_IsTrue", "bool", "builtin"),
    "obj.contains": CRow("PySequence_Contains", "bool", "builtin"),
    "obj.list_append": CRow("PyList_Append", "status", "always"),
    "obj.getiter": CRow("PyObject_GetIter", "new", "builtin"),
    "obj.format": CRow("PyObject_Format", "new", "builtin"),
    "obj.str": CRow("PyObject_Str", "new", "builtin"),
    "obj.repr": CRow("PyObject_Repr", "new", "builtin"),
    "obj.ascii": CRow("PyObject_ASCII", "new", "builtin"),
})
_RET_TYPES = {"new": PTR, "bool": I32, "status": I32, "size": I64}
RICH = {"lt": 0, "le": 1, "eq": 2, "ne": 3, "gt": 4, "ge": 5}


def builtin_value(t: LType) -> bool:
    """A value of a builtin type (its operations run no Python code of the user's)."""
    if not is_object(t):
        return True
    return python_type_of(t) in BUILTIN_VALUES


def note_effect(ctx: LowerCtx, effect: str) -> None:
    if effect == "always" or (effect == "builtin" and
                              not all(builtin_value(t) for t in ctx.arg_types)):
        ctx.mark_dirty()


def fail_if(ctx: LowerCtx, cond: ir.Value) -> None:
    """Go to the error exit (an exception is set) when `cond`."""
    b = ctx.builder
    ok = b.append_basic_block("obj.ok")
    assert ctx.error_block is not None
    b.cbranch(cond, ctx.error_block, ok)
    b.position_at_end(ok)


def check_new(ctx: LowerCtx, obj: ir.Value) -> ir.Value:
    fail_if(ctx, ctx.builder.icmp_unsigned("==", obj, ir.Constant(PTR, None)))
    return obj


def check_int(ctx: LowerCtx, r: ir.Value) -> ir.Value:
    fail_if(ctx, ctx.builder.icmp_signed("<", r, ir.Constant(r.type, 0)))
    return r


def decref(ctx: LowerCtx, obj: ir.Value) -> None:
    capi.call(ctx.builder, "Py_DecRef", [obj])


def incref(ctx: LowerCtx, obj: ir.Value) -> None:
    capi.call(ctx.builder, "Py_IncRef", [obj])


def none_result(ctx: LowerCtx, obj: ir.Value) -> ir.Value:
    """A call's result where the row types it None: release it, give the native None."""
    decref(ctx, obj)
    return ir.Constant(I8, 0)


def finish(ctx: LowerCtx, obj: ir.Value) -> ir.Value:
    """A checked new reference, as the primitive's result type wants it."""
    check_new(ctx, obj)
    if ctx.result_type == NONE:
        return none_result(ctx, obj)
    return obj


def c_call(ctx: LowerCtx, name: str, ret: ir.Type, args: list[ir.Value]) -> ir.Value:
    return ctx.call_c(name, ret, args)


def emit_row(ctx: LowerCtx, row: CRow, args: list[ir.Value]) -> ir.Value:
    r = c_call(ctx, row.func, _RET_TYPES[row.ret], args)
    note_effect(ctx, row.effect)
    if row.ret == "new":
        return finish(ctx, r)
    check_int(ctx, r)
    if row.ret == "bool":
        return ctx.builder.icmp_signed("!=", r, ir.Constant(I32, 0))
    if row.ret == "status":
        return ir.Constant(I8, 0)
    return r


@lowering(*(key for key in ROWS if key not in FAST_ROWS))
def lower_row(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return emit_row(ctx, ROWS[ctx.prim_key], args)


# ----------------------------------------------------------------------------- special rows
@lowering("obj.box")
def lower_box(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    from lesto.backend.boxing import box
    from lesto.types.core import Array

    t = ctx.arg_types[0]
    if isinstance(t, Array):
        obj = ctx.builder.extract_value(args[0], 3)
        incref(ctx, obj)
        return obj
    if t == XINT:
        from lesto.backend.objrefs import box_xint

        return check_new(ctx, box_xint(ctx.builder, args[0], new_reference=True))
    return check_new(ctx, box(ctx.builder, args[0], t))


@lowering("obj.binop.pow", "obj.inplace.pow")
def lower_pow(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """a ** b: PyNumber_Power with no modulus (None)."""
    name = "PyNumber_InPlacePower" if "inplace" in ctx.prim_key else "PyNumber_Power"
    none = ctx.builder.bitcast(capi.obj(ctx.module, "_Py_NoneStruct"), PTR)
    r = c_call(ctx, name, PTR, [args[0], args[1], none])
    note_effect(ctx, "builtin")
    return finish(ctx, r)


@lowering("obj.is", "obj.isnot")
def lower_is(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    op = "==" if ctx.prim_key == "obj.is" else "!="
    return ctx.builder.icmp_unsigned(op, args[0], args[1])


@lowering("obj.notnull")
def lower_notnull(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return ctx.builder.icmp_unsigned("!=", args[0], ir.Constant(PTR, None))


@lowering(*(f"obj.richcmp.{op}" for op in RICH if op not in ("eq", "ne")))  # see lower_objfast
def lower_richcmp(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """a < b (...): PyObject_RichCompare's result, or its truth for `obj.richcmp_bool.*`
    (registered in lower_objfast, which tries two small ints first)."""
    kind, op = ctx.prim_key.split(".")[1:]
    r = check_new(ctx, c_call(ctx, "PyObject_RichCompare", PTR,
                              [args[0], args[1], ir.Constant(I32, RICH[op])]))
    note_effect(ctx, "builtin")
    if kind == "richcmp":
        return r
    truth = c_call(ctx, "PyObject_IsTrue", I32, [r])
    decref(ctx, r)
    check_int(ctx, truth)
    return ctx.builder.icmp_signed("!=", truth, ir.Constant(I32, 0))


def param(ctx: LowerCtx) -> str:
    """The parameter of a primitive key: `NAME` in `obj.getattr:NAME`."""
    return ctx.prim_key.split(":", 1)[1]


def name_object(ctx: LowerCtx, name: str) -> ir.Value:
    """The interned str `name` (a borrowed reference)."""
    return ctx.builder.bitcast(capi.pinned(ctx.module, name), PTR)


@lowering("obj.getattr")
def lower_getattr(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    name = name_object(ctx, param(ctx))
    if attrcache.enabled() and not builtin_value(ctx.arg_types[0]):
        r = attrcache.cached_getattr(ctx.builder, args[0], name)
    else:
        r = c_call(ctx, "PyObject_GetAttr", PTR, [args[0], name])
    note_effect(ctx, "builtin")
    return finish(ctx, r)


@lowering("obj.setattr")
def lower_setattr(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    name = name_object(ctx, param(ctx))
    if attrcache.enabled() and not builtin_value(ctx.arg_types[0]):
        r = attrcache.cached_setattr(ctx.builder, args[0], name, args[1])
    else:
        r = c_call(ctx, "PyObject_SetAttr", I32, [args[0], name, args[1]])
    ctx.mark_dirty()
    check_int(ctx, r)
    return ir.Constant(I8, 0)


@lowering("obj.setglobal")
def lower_setglobal(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """An assignment to a name declared `global`: the module's globals dict."""
    r = c_call(ctx, "PyDict_SetItem", I32, [args[0], name_object(ctx, param(ctx)), args[1]])
    ctx.mark_dirty()
    check_int(ctx, r)
    return ir.Constant(I8, 0)


def kwargs_dict(ctx: LowerCtx, names: list[str], values: list[ir.Value]) -> ir.Value:
    """A new dict {name: value} for keyword arguments (NULL constant when there are none)."""
    if not names:
        return ir.Constant(PTR, None)
    d = check_new(ctx, c_call(ctx, "PyDict_New", PTR, []))
    for name, value in zip(names, values):
        r = c_call(ctx, "PyDict_SetItem", I32, [d, name_object(ctx, name), value])
        failed = ctx.builder.icmp_signed("<", r, ir.Constant(I32, 0))
        with ctx.builder.if_then(failed, likely=False):
            decref(ctx, d)
        fail_if(ctx, failed)
    return d


def call_object(ctx: LowerCtx, callee: ir.Value, args: list[ir.Value],
                kwnames: list[str]) -> ir.Value:
    """callee(*positional, **keywords) through PyObject_VectorcallDict: a checked new
    reference (or None when the row says so)."""
    b = ctx.builder
    npos = len(args) - len(kwnames)
    kw = kwargs_dict(ctx, kwnames, args[npos:])
    with b.goto_entry_block():
        argv = b.alloca(PTR, size=max(npos, 1))
    for i, obj in enumerate(args[:npos]):
        b.store(obj, b.gep(argv, [ir.Constant(I64, i)], source_etype=PTR))
    r = c_call(ctx, "PyObject_VectorcallDict", PTR, [callee, argv, ir.Constant(I64, npos), kw])
    if kwnames:
        decref(ctx, kw)
    return finish(ctx, r)


def split_kwnames(text: str) -> tuple[str, list[str]]:
    """'name[a,b]' -> ('name', ['a', 'b']); 'name' -> ('name', [])."""
    if "[" not in text:
        return text, []
    head, rest = text.split("[", 1)
    names = rest[:-1]
    return head, names.split(",") if names else []


@lowering("obj.call")
def lower_call(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    _, kwnames = split_kwnames(ctx.prim_key[len("obj.call"):].lstrip(":"))
    ctx.mark_dirty()
    return call_object(ctx, args[0], args[1:], kwnames)


@lowering("obj.callpath")
def lower_callpath(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """A builtin (`builtins.abs`, `math.sqrt`) called with objects."""
    callee = ctx.builder.bitcast(capi.pyobj(ctx.module, param(ctx)), PTR)
    note_effect(ctx, "builtin")
    return call_object(ctx, callee, args, [])


@lowering("obj.callmethod")
def lower_callmethod(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    name, kwnames = split_kwnames(param(ctx))
    if not is_pure_method(ctx.arg_types[0], name):
        ctx.mark_dirty()
    path = direct_method_path(ctx.arg_types[0], name)
    if path is not None:   # the descriptor itself, called with the receiver first
        callee = ctx.builder.bitcast(capi.pyobj(ctx.module, path), PTR)
        return call_object(ctx, callee, args, kwnames)
    if kwnames:
        method = finish_plain(ctx, c_call(ctx, "PyObject_GetAttr", PTR,
                                          [args[0], name_object(ctx, name)]))
        result = call_object(ctx, method, args[1:], kwnames)
        decref(ctx, method)
        return result
    if attrcache.enabled() and not builtin_value(ctx.arg_types[0]):
        r = attrcache.cached_method_call(ctx.builder, name_object(ctx, name), args)
    else:
        r = capi.vectorcall(ctx.builder, name_object(ctx, name), args, method=True)
    return finish(ctx, r)


IMMUTABLETYPE = 1 << 8   # Py_TPFLAGS_IMMUTABLETYPE (3.10+): the type's attributes are fixed


def direct_method_path(receiver: LType, name: str) -> str | None:
    """`recv.name(...)` as a call of the method descriptor the lookup finds, when lesto knows
    the receiver's exact type, that type is immutable and its instances have no __dict__
    (str, list, dict, set, bytes, int, float, tuple, collections.deque, ...): the lookup
    then gives that descriptor on every call, so `s.strip()` is `str.strip(s)`, with the
    same results and messages, minus the lookup per call (_PyObject_GetMethod and
    _PyType_Lookup, which CPython's specialising interpreter also skips).  The descriptor is
    named by a `method.<module>:<type>:<name>` path (runtime/engine.python_object)."""
    import types

    t = python_type_of(receiver)
    if t is None or not t.__flags__ & IMMUTABLETYPE or t.__dictoffset__ != 0:
        return None
    if type(capi.type_lookup(t, name)) is not types.MethodDescriptorType:
        return None
    return f"method.{t.__module__}:{t.__qualname__}:{name}"


def finish_plain(ctx: LowerCtx, obj: ir.Value) -> ir.Value:
    return check_new(ctx, obj)


@lowering("obj.global")
def lower_global(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """A module global, else a builtin, looked up on every call (CPython's LOAD_GLOBAL):
    a rebound global is seen; a missing name raises NameError.  Where dicts have version
    tags (objlayout.DICT_VERSIONS) a site keeps the value it found with both dicts' versions
    and gives it again while neither dict has changed, as LOAD_GLOBAL's cache does."""
    from lesto.backend.objlayout import DICT_VERSION, DICT_VERSIONS

    b = ctx.builder
    if not DICT_VERSIONS:
        value = _lookup_global(ctx, args[0])
        incref(ctx, value)
        return value
    site = attrcache.new_site(ctx.module, ir.ArrayType(I64, 3), "lesto.gsite")
    words = [b.gep(site, [ir.Constant(I32, 0), ir.Constant(I32, k)]) for k in range(3)]
    builtins = b.bitcast(capi.pyobj(ctx.module, "builtins.__dict__"), PTR)
    versions = [field(ctx, d, DICT_VERSION, I64) for d in (args[0], builtins)]
    cached = b.load(words[2], typ=I64)
    cached_ptr = b.inttoptr(cached, PTR)
    hit = b.and_(b.and_(b.icmp_unsigned("==", versions[0], b.load(words[0], typ=I64)),
                        b.icmp_unsigned("==", versions[1], b.load(words[1], typ=I64))),
                 b.icmp_unsigned("!=", cached, ir.Constant(I64, 0)))
    start = b.block
    miss = b.append_basic_block("gsite.miss")
    done = b.append_basic_block("gsite.done")
    b.cbranch(hit, done, miss)
    b.position_at_end(miss)
    found = _lookup_global(ctx, args[0])
    for word, v in zip(words, versions + [b.ptrtoint(found, I64)]):
        b.store(v, word)
    miss_end = b.block
    b.branch(done)
    b.position_at_end(done)
    phi = b.phi(PTR)
    phi.add_incoming(cached_ptr, start)
    phi.add_incoming(found, miss_end)
    incref(ctx, phi)
    return phi


def _lookup_global(ctx: LowerCtx, globals_dict: ir.Value) -> ir.Value:
    """The name in the module's dict, else in the builtins' (borrowed), else NameError."""
    b = ctx.builder
    name = name_object(ctx, param(ctx))
    found = c_call(ctx, "PyDict_GetItemWithError", PTR, [globals_dict, name])
    start = b.block
    in_builtins = b.append_basic_block("global.builtins")
    done = b.append_basic_block("global.done")
    b.cbranch(b.icmp_unsigned("==", found, ir.Constant(PTR, None)), in_builtins, done)
    b.position_at_end(in_builtins)
    fail_if(ctx, b.icmp_unsigned("!=", c_call(ctx, "PyErr_Occurred", PTR, []),
                                 ir.Constant(PTR, None)))
    builtins = b.bitcast(capi.pyobj(ctx.module, "builtins.__dict__"), PTR)
    builtin = c_call(ctx, "PyDict_GetItemWithError", PTR, [builtins, name])
    missing = b.icmp_unsigned("==", builtin, ir.Constant(PTR, None))
    with b.if_then(missing, likely=False):
        with b.if_then(b.icmp_unsigned("==", c_call(ctx, "PyErr_Occurred", PTR, []),
                                       ir.Constant(PTR, None))):
            ctx.set_error("PyExc_NameError", "name '%U' is not defined", name)
        b.branch(ctx.error_block)
    after = b.block
    b.branch(done)
    b.position_at_end(done)
    phi = b.phi(PTR)
    phi.add_incoming(found, start)
    phi.add_incoming(builtin, after)
    return phi


@lowering("obj.tuple", "obj.list")
def lower_sequence(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """A tuple or list display: the new container takes a new reference to each item,
    stored straight into its item array (a new tuple's inline items, a new list's ob_item,
    both NULL-filled), as CPython's BUILD_TUPLE / BUILD_LIST do."""
    b = ctx.builder
    kind = "Tuple" if ctx.prim_key == "obj.tuple" else "List"
    seq = check_new(ctx, c_call(ctx, f"Py{kind}_New", PTR, [ir.Constant(I64, len(args))]))
    if not args:
        return seq
    items = (b.gep(seq, [ir.Constant(I64, TUPLE_ITEMS)], source_etype=ir.IntType(8))
             if kind == "Tuple" else field(ctx, seq, LIST_ITEMS, PTR))
    for i, item in enumerate(args):
        incref(ctx, item)
        b.store(item, b.gep(items, [ir.Constant(I64, i)], source_etype=PTR))
    return seq


@lowering("obj.set", "obj.dict")
def lower_mapping(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """A set or dict display, items added left to right (an unhashable key: TypeError)."""
    b = ctx.builder
    if ctx.prim_key == "obj.set":
        made = c_call(ctx, "PySet_New", PTR, [ir.Constant(PTR, None)])
        steps = [("PySet_Add", [x]) for x in args]
    else:
        made = c_call(ctx, "PyDict_New", PTR, [])
        steps = [("PyDict_SetItem", [args[i], args[i + 1]]) for i in range(0, len(args), 2)]
    check_new(ctx, made)
    note_effect(ctx, "builtin")
    for func, operands in steps:
        r = c_call(ctx, func, I32, [made] + operands)
        failed = b.icmp_signed("<", r, ir.Constant(I32, 0))
        with b.if_then(failed, likely=False):
            decref(ctx, made)
        fail_if(ctx, failed)
    return made


@lowering("obj.join")
def lower_join(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """The pieces of an f-string joined: ''.join((a, b, ...))."""
    parts = lower_sequence_of(ctx, args)
    empty = ctx.builder.bitcast(capi.pinned(ctx.module, ""), PTR)
    r = c_call(ctx, "PyUnicode_Join", PTR, [empty, parts])
    decref(ctx, parts)
    return check_new(ctx, r)


def lower_sequence_of(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    key = ctx.prim_key
    ctx.prim_key = "obj.tuple"
    try:
        return lower_sequence(ctx, args)
    finally:
        ctx.prim_key = key


def iternext_generic(ctx: LowerCtx, it: ir.Value) -> ir.Value:
    """PyIter_Next: the next item (a new reference), or NULL when the iterator is exhausted;
    an error inside `__next__` (an exception other than StopIteration) goes to the error
    exit."""
    b = ctx.builder
    r = c_call(ctx, "PyIter_Next", PTR, [it])
    note_effect(ctx, "builtin")
    with b.if_then(b.icmp_unsigned("==", r, ir.Constant(PTR, None)), likely=False):
        fail_if(ctx, b.icmp_unsigned("!=", c_call(ctx, "PyErr_Occurred", PTR, []),
                                     ir.Constant(PTR, None)))
    return r


@lowering("obj.index")
def lower_index(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """An object used where an int64 is needed (range() arguments): __index__, then the
    value (OverflowError beyond 64 bits)."""
    b = ctx.builder
    i = check_new(ctx, c_call(ctx, "PyNumber_Index", PTR, [args[0]]))
    v = c_call(ctx, "PyLong_AsLongLong", I64, [i])
    decref(ctx, i)
    with b.if_then(b.icmp_signed("==", v, ir.Constant(I64, -1)), likely=False):
        fail_if(ctx, b.icmp_unsigned("!=", c_call(ctx, "PyErr_Occurred", PTR, []),
                                     ir.Constant(PTR, None)))
    return v


@lowering("obj.slice")
def lower_slice(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """slice(start, stop, step) with the parts not written as None (NULL)."""
    given = iter(args)
    parts = [next(given) if flag == "1" else ir.Constant(PTR, None) for flag in param(ctx)]
    return check_new(ctx, c_call(ctx, "PySlice_New", PTR, parts))


# ----------------------------------------------------------------------------- known types
LIST_SIZE, LIST_ITEMS = 16, 24   # PyListObject / PyTupleObject: ob_size, ob_item
TUPLE_ITEMS = 24   # PyTupleObject.ob_item (inline)


def field(ctx: LowerCtx, obj: ir.Value, offset: int, typ: ir.Type) -> ir.Value:
    b = ctx.builder
    return b.load(b.gep(obj, [ir.Constant(I64, offset)], source_etype=ir.IntType(8)), typ=typ)


@lowering("obj.list_len", "obj.tuple_len")
def lower_list_len(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return field(ctx, args[0], LIST_SIZE, I64)


@lowering("obj.list_getitem")
def lower_list_getitem(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """lst[i] on an exact list: negative indices from the end, IndexError outside."""
    b = ctx.builder
    lst, i = args
    n = field(ctx, lst, LIST_SIZE, I64)
    j = b.select(b.icmp_signed("<", i, ir.Constant(I64, 0)), b.add(i, n), i)
    bad = b.icmp_unsigned(">=", j, n)
    with b.if_then(bad, likely=False):
        ctx.set_error("PyExc_IndexError", "list index out of range")
    fail_if(ctx, bad)
    items = field(ctx, lst, LIST_ITEMS, PTR)
    item = b.load(b.gep(items, [j], source_etype=PTR), typ=PTR)
    incref(ctx, item)
    return item

