"""Direct lowering of operations on containers of known exact type (`list`, ...): the fields
of CPython's objects read and written in place, where the generic C-API row (backend/
lower_object.py) would box an int64 index and go through the type's slots.

Each key here is chosen by infer/objects.py only when the operand's exact type is proven
(a literal, a constructor, the dispatcher's argument types), so no guard is needed; results,
exceptions and messages are CPython's (Objects/listobject.c).
"""
from __future__ import annotations

from llvmlite import ir

from lesto.backend.boxing import box_int
from lesto.backend import capi
from lesto.backend.capi import PTR, external
from lesto.backend.context import I32, I64, I8, LowerCtx
from lesto.backend.lower_object import (
    LIST_ITEMS, LIST_SIZE, RICH, TUPLE_ITEMS, call_object, check_new, decref, fail_if, field, incref,
    iternext_generic, lower_richcmp, lowering, none_result, note_effect, param)
from lesto.types.core import NONE


@lowering("obj.list_setitem")
def lower_list_setitem(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """lst[i] = v on an exact list with an int64 index: negative indices from the end,
    IndexError('list assignment index out of range') outside; the new item is stored before
    the old one is released (its __del__ sees the list already changed, as in CPython)."""
    b = ctx.builder
    lst, i, value = args
    note_effect(ctx, "always")
    n = field(ctx, lst, LIST_SIZE, I64)
    j = b.select(b.icmp_signed("<", i, ir.Constant(I64, 0)), b.add(i, n), i)
    bad = b.icmp_unsigned(">=", j, n)
    with b.if_then(bad, likely=False):
        ctx.set_error("PyExc_IndexError", "list assignment index out of range")
    fail_if(ctx, bad)
    items = field(ctx, lst, LIST_ITEMS, PTR)
    slot = b.gep(items, [j], source_etype=PTR)
    old = b.load(slot, typ=PTR)
    incref(ctx, value)
    b.store(value, slot)
    decref(ctx, old)
    return ir.Constant(I8, 0)


# ----------------------------------------------------------------------------- guarded paths
# On an object of unknown type, a cheap exact-type guard picks the direct path; anything else
# runs the generic C-API call, so results and errors stay CPython's.
OB_TYPE, FLOAT_VALUE = 8, 16   # PyObject.ob_type, PyFloatObject.ob_fval


def type_is(ctx: LowerCtx, obj: ir.Value, type_name: str) -> ir.Value:
    b = ctx.builder
    return b.icmp_unsigned("==", field(ctx, obj, OB_TYPE, PTR),
                           external(ctx.module, type_name))


def _fast_or_generic(ctx: LowerCtx, cond: ir.Value, fast, generic) -> ir.Value:
    """`fast()` when `cond`, else `generic()`; both give a value of one type (a phi)."""
    b = ctx.builder
    fast_bb = b.append_basic_block("objfast.fast")
    slow_bb = b.append_basic_block("objfast.generic")
    done = b.append_basic_block("objfast.done")
    b.cbranch(cond, fast_bb, slow_bb)
    b.position_at_end(fast_bb)
    r_fast = fast()
    fast_end = b.block
    b.branch(done)
    b.position_at_end(slow_bb)
    r_slow = generic()
    slow_end = b.block
    b.branch(done)
    b.position_at_end(done)
    phi = b.phi(r_fast.type)
    phi.add_incoming(r_fast, fast_end)
    phi.add_incoming(r_slow, slow_end)
    return phi


def _boxed_index_call(ctx: LowerCtx, name: str, ret: ir.Type, obj: ir.Value, i: ir.Value,
                      rest: list[ir.Value]) -> ir.Value:
    index = check_new(ctx, box_int(ctx.builder, i))
    r = ctx.call_c(name, ret, [obj, index, *rest])
    decref(ctx, index)
    return r


@lowering("obj.getitem_int")
def lower_getitem_int(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """x[i] with an int64 index on an object of unknown type: an exact list or tuple is read
    in place (negative indices, CPython's IndexError), anything else PyObject_GetItem."""
    obj, i = args
    b = ctx.builder
    note_effect(ctx, "builtin")

    def tuple_or_generic() -> ir.Value:
        return _fast_or_generic(
            ctx, type_is(ctx, obj, "PyTuple_Type"),
            lambda: _item(ctx, obj, i, TUPLE_ITEMS, "tuple index out of range"),
            lambda: check_new(ctx, _boxed_index_call(ctx, "PyObject_GetItem", PTR, obj, i,
                                                     [])))
    return _fast_or_generic(ctx, type_is(ctx, obj, "PyList_Type"),
                            lambda: _list_item(ctx, obj, i), tuple_or_generic)


@lowering("obj.getitem")
def lower_getitem(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """x[i] on objects: an exact list or tuple indexed by an exact int of one digit (an int
    read from a container, a tuple, an attribute) is read in place as with an int64 index
    (lower_getitem_int); anything else PyObject_GetItem."""
    from lesto.backend.lower_object import ROWS, emit_row

    if not _int_fast_path():
        return emit_row(ctx, ROWS["obj.getitem"], args)
    obj, index = args
    generic = lambda: emit_row(ctx, ROWS["obj.getitem"], args)  # noqa: E731
    small, i = small_ints(ctx, index)

    def sequence() -> ir.Value:
        return _fast_or_generic(
            ctx, type_is(ctx, obj, "PyList_Type"), lambda: _list_item(ctx, obj, i),
            lambda: _fast_or_generic(
                ctx, type_is(ctx, obj, "PyTuple_Type"),
                lambda: _item(ctx, obj, i, TUPLE_ITEMS, "tuple index out of range"), generic))
    return _fast_or_generic(ctx, small, sequence, generic)


def _index(ctx: LowerCtx, obj: ir.Value, i: ir.Value, message: str) -> ir.Value:
    b = ctx.builder
    n = field(ctx, obj, LIST_SIZE, I64)
    j = b.select(b.icmp_signed("<", i, ir.Constant(I64, 0)), b.add(i, n), i)
    bad = b.icmp_unsigned(">=", j, n)
    with b.if_then(bad, likely=False):
        ctx.set_error("PyExc_IndexError", message)
    fail_if(ctx, bad)
    return j


def _list_item(ctx: LowerCtx, lst: ir.Value, i: ir.Value) -> ir.Value:
    b = ctx.builder
    j = _index(ctx, lst, i, "list index out of range")
    items = field(ctx, lst, LIST_ITEMS, PTR)
    item = b.load(b.gep(items, [j], source_etype=PTR), typ=PTR)
    incref(ctx, item)
    return item


def _item(ctx: LowerCtx, tup: ir.Value, i: ir.Value, offset: int, message: str) -> ir.Value:
    b = ctx.builder
    j = _index(ctx, tup, i, message)
    base = b.gep(tup, [ir.Constant(I64, offset)], source_etype=ir.IntType(8))
    item = b.load(b.gep(base, [j], source_etype=PTR), typ=PTR)
    incref(ctx, item)
    return item


@lowering("obj.setitem_int")
def lower_setitem_int(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """x[i] = v with an int64 index on an object of unknown type: an exact list is written in
    place, anything else PyObject_SetItem."""
    obj, i, value = args
    note_effect(ctx, "always")

    def generic() -> ir.Value:
        r = _boxed_index_call(ctx, "PyObject_SetItem", I32, obj, i, [value])
        fail_if(ctx, ctx.builder.icmp_signed("<", r, ir.Constant(I32, 0)))
        return ir.Constant(I8, 0)
    return _fast_or_generic(ctx, type_is(ctx, obj, "PyList_Type"),
                            lambda: lower_list_setitem(ctx, args), generic)


FLOAT_OPS = {"add": ("fadd", "Add"), "sub": ("fsub", "Subtract"), "mul": ("fmul", "Multiply"),
             "truediv": ("fdiv", "TrueDivide")}
INT_OPS = {"add": "add", "sub": "sub", "mul": "mul"}   # on 30-bit values: never overflow


def small_ints(ctx: LowerCtx, *xs: ir.Value) -> tuple[ir.Value, ...]:
    """(all of `xs` are exact ints of one digit, then each one's value): the values are
    read only behind the type check (objlayout.SMALL_INTS says how); undefined when the
    flag is 0."""
    from lesto.backend.objlayout import LONG_DIGIT, LONG_WORD, SMALL_INTS

    b = ctx.builder
    start = b.block
    read = b.append_basic_block("objfast.ints")
    done = b.append_basic_block("objfast.ints.done")
    both = type_is(ctx, xs[0], "PyLong_Type")
    for x in xs[1:]:
        both = b.and_(both, type_is(ctx, x, "PyLong_Type"))
    b.cbranch(both, read, done)
    b.position_at_end(read)
    oks, values = [], []
    for v in xs:
        word = field(ctx, v, LONG_WORD, I64)
        digit = b.zext(field(ctx, v, LONG_DIGIT, I32), I64)
        if SMALL_INTS == "size":   # ob_size in -1..1
            oks.append(b.icmp_unsigned("<=", b.add(word, ir.Constant(I64, 1)),
                                       ir.Constant(I64, 2)))
            values.append(b.mul(word, digit))
        else:                      # lv_tag: digits << 3 | sign bits (0 +, 1 zero, 2 -)
            oks.append(b.icmp_unsigned("<", word, ir.Constant(I64, 16)))
            sign = b.sub(ir.Constant(I64, 1), b.and_(word, ir.Constant(I64, 3)))
            values.append(b.mul(sign, digit))
    ok = oks[0]
    for o in oks[1:]:
        ok = b.and_(ok, o)
    read_end = b.block
    b.branch(done)
    b.position_at_end(done)
    flag = b.phi(ir.IntType(1))
    flag.add_incoming(ir.Constant(ir.IntType(1), 0), start)
    flag.add_incoming(ok, read_end)
    out = []
    for v in values:
        phi = b.phi(I64)
        phi.add_incoming(ir.Constant(I64, 0), start)
        phi.add_incoming(v, read_end)
        out.append(phi)
    return (flag, *out)


def _int_fast_path() -> bool:
    from lesto.backend.objlayout import SMALL_INTS

    return SMALL_INTS is not None


@lowering(*(f"obj.fbinop.{op}" for op in FLOAT_OPS), *(f"obj.finplace.{op}" for op in FLOAT_OPS))
def lower_float_binop(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """a + b (- * /) on objects that may be floats: two exact floats are computed in place
    (a division only by a nonzero float), anything else PyNumber_<op> (its errors)."""
    kind, op = ctx.prim_key.split(".")[1:]
    instr, cname = FLOAT_OPS[op]
    cname = ("PyNumber_InPlace" if kind == "finplace" else "PyNumber_") + cname
    x, y = args
    b = ctx.builder
    note_effect(ctx, "builtin")
    both = b.and_(type_is(ctx, x, "PyFloat_Type"), type_is(ctx, y, "PyFloat_Type"))
    fy = ir.Constant(ir.DoubleType(), 0.0)

    if op == "truediv":
        # The float value is read only behind the type check (select keeps it branch-free
        # but the load must not run on a non-float: do the check in two steps).
        pre = b.append_basic_block("objfast.fdiv.check")
        out = b.append_basic_block("objfast.fdiv.guard")
        start = b.block
        b.cbranch(both, pre, out)
        b.position_at_end(pre)
        nonzero = b.fcmp_unordered("!=", field(ctx, y, FLOAT_VALUE, ir.DoubleType()), fy)
        b.branch(out)
        b.position_at_end(out)
        guard = b.phi(ir.IntType(1))
        guard.add_incoming(ir.Constant(ir.IntType(1), 0), start)
        guard.add_incoming(nonzero, pre)
        both = guard

    def fast() -> ir.Value:
        fx = field(ctx, x, FLOAT_VALUE, ir.DoubleType())
        fv = field(ctx, y, FLOAT_VALUE, ir.DoubleType())
        r = getattr(b, instr)(fx, fv)
        return check_new(ctx, ctx.call_c("PyFloat_FromDouble", PTR, [r]))

    def generic() -> ir.Value:
        return check_new(ctx, ctx.call_c(cname, PTR, [x, y]))

    def floats_or_generic() -> ir.Value:
        return _fast_or_generic(ctx, both, fast, generic)

    if op in INT_OPS and _int_fast_path():   # two exact one-digit ints: CPython's fast path
        ints, vx, vy = small_ints(ctx, x, y)
        r = _fast_or_generic(
            ctx, ints,
            lambda: check_new(ctx, box_int(b, getattr(b, INT_OPS[op])(vx, vy))),
            floats_or_generic)
    else:
        r = floats_or_generic()
    if ctx.result_type == NONE:
        return none_result(ctx, r)
    return r


@lowering("obj.unpack")
def lower_unpack(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """`a, b = x`: a tuple of exactly n items.  An exact tuple of n items is itself (one more
    reference); anything else goes to a small helper run by the interpreter, CPython's own
    unpacking (any iterable, its errors and messages)."""
    n = int(param(ctx))
    (x,) = args
    b = ctx.builder
    note_effect(ctx, "builtin")

    def same() -> ir.Value:
        incref(ctx, x)
        return x

    def helper() -> ir.Value:
        fn = b.bitcast(capi.pyobj(ctx.module, f"lesto.runtime.objects.unpack_{n}"), PTR)
        return call_object(ctx, fn, [x], [])

    def tuple_check() -> ir.Value:
        size_ok = b.icmp_unsigned("==", field(ctx, x, LIST_SIZE, I64), ir.Constant(I64, n))
        return _fast_or_generic(ctx, size_ok, same, helper)

    return _fast_or_generic(ctx, type_is(ctx, x, "PyTuple_Type"), tuple_check, helper)


UNICODE_LENGTH = 16   # PyASCIIObject.length


@lowering("obj.ord")
def lower_ord(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """ord(x): an exact str of one character read in place (PyUnicode_ReadChar), anything
    else builtins.ord (bytes, its TypeError), whose int result is unboxed."""
    (x,) = args
    b = ctx.builder

    def char() -> ir.Value:
        return b.zext(ctx.call_c("PyUnicode_ReadChar", I32, [x, ir.Constant(I64, 0)]), I64)

    def one_char() -> ir.Value:
        return _fast_or_generic(ctx, b.icmp_unsigned("==", field(ctx, x, UNICODE_LENGTH, I64),
                                                     ir.Constant(I64, 1)), char, generic)

    def generic() -> ir.Value:
        fn = b.bitcast(capi.pyobj(ctx.module, "builtins.ord"), PTR)
        r = check_new(ctx, call_object(ctx, fn, [x], []))
        v = ctx.call_c("PyLong_AsLongLong", I64, [r])
        decref(ctx, r)
        return v

    return _fast_or_generic(ctx, type_is(ctx, x, "PyUnicode_Type"), one_char, generic)


@lowering("obj.chr")
def lower_chr(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """chr(i) for an int64: PyUnicode_FromOrdinal in range (CPython's cached one-character
    strings below 256), else builtins.chr for its ValueError / OverflowError."""
    (i,) = args
    b = ctx.builder

    def ordinal() -> ir.Value:
        return check_new(ctx, ctx.call_c("PyUnicode_FromOrdinal", PTR, [b.trunc(i, I32)]))

    def generic() -> ir.Value:
        fn = b.bitcast(capi.pyobj(ctx.module, "builtins.chr"), PTR)
        boxed = check_new(ctx, box_int(b, i))
        r = check_new(ctx, call_object(ctx, fn, [boxed], []))
        decref(ctx, boxed)
        return r

    ok = b.icmp_unsigned("<=", i, ir.Constant(I64, 0x10FFFF))
    return _fast_or_generic(ctx, ok, ordinal, generic)


ITER_INDEX, ITER_SEQ = 16, 24   # list / tuple iterators: it_index, it_seq (NULL once done)


@lowering("obj.iternext")
def lower_iternext(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """The next item of an iterator (a new reference), or NULL when it is exhausted.  A list
    or tuple iterator with an item left is advanced in place, as listiter_next does
    (the list's current length checked on every step); anything else, and the end of the
    sequence, PyIter_Next (lower_object.iternext_generic)."""
    (it,) = args
    b = ctx.builder

    def step(items_inline: bool) -> ir.Value:
        index = field(ctx, it, ITER_INDEX, I64)
        seq = field(ctx, it, ITER_SEQ, PTR)
        live = b.icmp_unsigned("!=", seq, ir.Constant(PTR, None))

        def left() -> ir.Value:
            n = field(ctx, seq, LIST_SIZE, I64)
            return _fast_or_generic(ctx, b.icmp_signed("<", index, n), take,
                                    lambda: iternext_generic(ctx, it))

        def take() -> ir.Value:
            base = (b.gep(seq, [ir.Constant(I64, TUPLE_ITEMS)], source_etype=ir.IntType(8))
                    if items_inline else field(ctx, seq, LIST_ITEMS, PTR))
            item = b.load(b.gep(base, [index], source_etype=PTR), typ=PTR)
            incref(ctx, item)
            slot = b.gep(it, [ir.Constant(I64, ITER_INDEX)], source_etype=ir.IntType(8))
            b.store(b.add(index, ir.Constant(I64, 1)), slot)
            return item

        return _fast_or_generic(ctx, live, left, lambda: iternext_generic(ctx, it))

    def tuple_or_generic() -> ir.Value:
        return _fast_or_generic(ctx, type_is(ctx, it, "PyTupleIter_Type"),
                                lambda: step(True), lambda: iternext_generic(ctx, it))

    return _fast_or_generic(ctx, type_is(ctx, it, "PyListIter_Type"), lambda: step(False),
                            tuple_or_generic)


_ICMP = {"lt": "<", "le": "<=", "eq": "==", "ne": "!=", "gt": ">", "ge": ">="}


@lowering(*(f"obj.richcmp_bool.{op}" for op in RICH))
def lower_richcmp_bool(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """a < b (...) as a bool on builtin values: two exact one-digit ints compared in place;
    a == b / a != b of two exact strs by identity, else PyUnicode_Compare (CPython's
    COMPARE_OP_STR); anything else PyObject_RichCompare and its truth
    (lower_object.lower_richcmp)."""
    op = ctx.prim_key.split(".")[2]
    b = ctx.builder
    def generic() -> ir.Value:
        rich = lambda: lower_richcmp(ctx, args)  # noqa: E731
        return _str_equal_or(ctx, args, op, rich) if op in ("eq", "ne") else rich()

    if not _int_fast_path():
        return generic()
    ints, vx, vy = small_ints(ctx, args[0], args[1])
    return _fast_or_generic(ctx, ints, lambda: b.icmp_signed(_ICMP[op], vx, vy), generic)


def _both_strs(ctx: LowerCtx, x: ir.Value, y: ir.Value) -> ir.Value:
    b = ctx.builder
    return b.and_(type_is(ctx, x, "PyUnicode_Type"), type_is(ctx, y, "PyUnicode_Type"))


def _str_compare(ctx: LowerCtx, x: ir.Value, y: ir.Value, op: str) -> ir.Value:
    """`x == y` (op "eq") or `x != y` of two exact strs, as an i1: identity, else
    PyUnicode_Compare (which cannot fail on two strs)."""
    b = ctx.builder
    same = b.icmp_unsigned("==", x, y)
    equal = _fast_or_generic(ctx, same, lambda: ir.Constant(ir.IntType(1), 1),
                             lambda: b.icmp_signed("==", ctx.call_c(
                                 "PyUnicode_Compare", I32, [x, y]), ir.Constant(I32, 0)))
    return equal if op == "eq" else b.not_(equal)


def _str_equal_or(ctx: LowerCtx, args: list[ir.Value], op: str, generic) -> ir.Value:
    """`x == y` / `x != y` as an i1 when both are exact strs, else `generic()`."""
    x, y = args
    return _fast_or_generic(ctx, _both_strs(ctx, x, y), lambda: _str_compare(ctx, x, y, op),
                            generic)


@lowering("obj.richcmp.eq", "obj.richcmp.ne")
def lower_richcmp_equal(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """a == b / a != b of objects of unknown types (the result an object): two exact strs
    give True or False natively, anything else PyObject_RichCompare."""
    b = ctx.builder
    x, y = args
    op = ctx.prim_key.split(".")[2]

    def fast() -> ir.Value:
        r = b.select(_str_compare(ctx, x, y, op),
                     b.bitcast(external(ctx.module, "_Py_TrueStruct"), PTR),
                     b.bitcast(external(ctx.module, "_Py_FalseStruct"), PTR))
        incref(ctx, r)
        return r

    return _fast_or_generic(ctx, _both_strs(ctx, x, y), fast, lambda: lower_richcmp(ctx, args))
