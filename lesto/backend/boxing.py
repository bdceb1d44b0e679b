"""Box and unbox values at the Python boundary, one small function per type.

`unbox(b, obj, t, fail)` checks that a PyObject* has exactly type `t` (an int must also fit 64
bits) and returns its native value, branching to `fail` otherwise; `box(b, v, t)` returns a new
reference (NULL with an exception set on failure).  Object layout used: ob_type at offset 8,
ob_size / ob_fval / a complex's two doubles at 16, tuple items from 24 (stable in CPython 3.10-3.13 release builds)."""
from __future__ import annotations

from llvmlite import ir

from lesto.backend import capi
from lesto.backend.capi import PTR
from lesto.backend.context import F64, I8, I64
from lesto.backend.reprs import from_union, repr_of
from lesto.types.core import (
    BOOL, COMPLEX, FLOAT, INT, NONE, Array, LType, PyObj, Tuple, Union, dtype_value, np_dtype,
    tag_of, XINT,
)

I8T = ir.IntType(8)


def field_ptr(b: ir.IRBuilder, obj: ir.Value, offset: int) -> ir.Value:
    return b.gep(obj, [ir.Constant(I64, offset)], source_etype=I8T)


def type_is(b: ir.IRBuilder, obj: ir.Value, type_name: str) -> ir.Value:
    tp = b.load(field_ptr(b, obj, 8), typ=PTR)
    return b.icmp_unsigned("==", tp, capi.obj(b.module, type_name))


def guard(b: ir.IRBuilder, cond: ir.Value, fail: ir.Block) -> None:
    ok = b.append_basic_block("unbox.ok")
    b.cbranch(cond, ok, fail)
    b.position_at_end(ok)


def unbox(b: ir.IRBuilder, obj: ir.Value, t: LType, fail: ir.Block,
          type_known: bool = False, big: ir.Block | None = None) -> ir.Value:
    """`type_known`: the caller (the native type switch) has already checked Py_TYPE(obj),
    and for an array its dtype, ndim, layout and writability (emit_array_test).
    `big`: where an int of more than one digit goes (default: read with PyLong_AsLongLong).
    An object (PyObj) is the pointer itself, borrowed; its exact type is checked unless
    `type_known`."""
    if isinstance(t, PyObj):
        if not type_known and t.pytype is not None:
            tp = b.load(field_ptr(b, obj, 8), typ=PTR)
            guard(b, b.icmp_unsigned("==", tp, capi.pinned(b.module, t.pytype)), fail)
        return obj
    if t == INT:
        if not type_known:
            guard(b, type_is(b, obj, "PyLong_Type"), fail)
        return unbox_int(b, obj, fail, big)
    if t == FLOAT:
        if not type_known:
            guard(b, type_is(b, obj, "PyFloat_Type"), fail)
        return b.load(field_ptr(b, obj, 16), typ=F64)
    if t == COMPLEX:
        if not type_known:
            guard(b, type_is(b, obj, "PyComplex_Type"), fail)
        return b.load(field_ptr(b, obj, 16), typ=repr_of(COMPLEX))
    if t == BOOL:
        if not type_known:
            guard(b, type_is(b, obj, "PyBool_Type"), fail)
        return b.icmp_unsigned("==", obj, capi.obj(b.module, "_Py_TrueStruct"))
    if t == NONE:
        guard(b, b.icmp_unsigned("==", obj, capi.obj(b.module, "_Py_NoneStruct")), fail)
        return ir.Constant(I8, 0)
    if isinstance(t, Tuple):
        guard(b, type_is(b, obj, "PyTuple_Type"), fail)
        size = b.load(field_ptr(b, obj, 16), typ=I64)
        guard(b, b.icmp_signed("==", size, ir.Constant(I64, len(t.items))), fail)
        value: ir.Value = ir.Constant(repr_of(t), ir.Undefined)
        for i, item_t in enumerate(t.items):
            item = b.load(field_ptr(b, obj, 24 + 8 * i), typ=PTR)
            value = b.insert_value(value, unbox(b, item, item_t, fail), i)
        return value
    if isinstance(t, Array):
        return unbox_array(b, obj, t, fail, "none" if type_known else "exact")
    if np_dtype(t) is not None:
        return unbox_npscalar(b, obj, t, fail, type_known)
    raise TypeError(f"cannot unbox {t}")


def unbox_npscalar(b: ir.IRBuilder, obj: ir.Value, t: LType, fail: ir.Block,
                   type_known: bool) -> ir.Value:
    """A numpy scalar object (np.float64, np.int8, ...): its value sits right after the
    object header, in the dtype's own width."""
    from lesto.backend.lower_array import STORAGE

    d = np_dtype(t)
    assert d is not None
    if not type_known:
        tp = b.load(field_ptr(b, obj, 8), typ=PTR)
        guard(b, b.icmp_unsigned("==", tp, capi.pyobj(b.module, numpy_type_path(d))), fail)
    raw = b.load(field_ptr(b, obj, 16), typ=STORAGE[d])
    return widen(b, raw, d)


def numpy_type_path(d: str) -> str:
    """The numpy scalar type of dtype `d`, as a capi.pyobj path (np.bool_ in numpy 1 and 2)."""
    return "numpy.bool_" if d == "bool" else f"numpy.{d}"


def widen(b: ir.IRBuilder, raw: ir.Value, d: str) -> ir.Value:
    """An element of dtype `d`, as stored, in lesto's machine form (i64, double or i1)."""
    if d == "bool":
        return b.icmp_unsigned("!=", raw, ir.Constant(raw.type, 0))
    if d in ("float64", "int64", "uint64", "complex128"):
        return raw
    if d == "float32":
        return b.fpext(raw, F64)
    return b.zext(raw, I64) if d.startswith("u") else b.sext(raw, I64)


# PyArrayObject and PyArray_Descr fields (the same in numpy 1.x and 2.x).
NP_DATA, NP_ND, NP_DIMS, NP_STRIDES, NP_DESCR, NP_FLAGS = 16, 24, 32, 40, 56, 64
DESCR_BYTEORDER, DESCR_TYPE_NUM = 26, 28
NPY_C_CONTIGUOUS, NPY_F_CONTIGUOUS, NPY_ALIGNED, NPY_WRITEABLE = 0x1, 0x2, 0x100, 0x400
LAYOUT_FLAGS = NPY_C_CONTIGUOUS | NPY_F_CONTIGUOUS | NPY_ALIGNED | NPY_WRITEABLE
# NPY_LONGLONG / NPY_ULONGLONG: on the LP64 targets lesto runs on, the same dtypes as NPY_LONG /
# NPY_ULONG (numpy names both 'int64' / 'uint64', and so does typeof).
LONGLONG = 9


def array_flags(t: Array) -> tuple[int, int]:
    """(mask, want): an aligned array has exactly typeof's layout and writability of `t` iff
    `flags & mask == want`.  Layout C: C-contiguous (F does not matter: an array both C- and
    F-contiguous, such as a 1-d, 0-d or empty one, is C); F: F- but not C-contiguous; A:
    neither."""
    layout = {"C": NPY_C_CONTIGUOUS, "F": NPY_F_CONTIGUOUS, "A": 0}[t.layout]
    want = NPY_ALIGNED | (NPY_WRITEABLE if t.writable else 0) | layout
    mask = LAYOUT_FLAGS & ~(NPY_F_CONTIGUOUS if t.layout == "C" else 0)
    return mask, want


def canonical_type_num(b: ir.IRBuilder, type_num: ir.Value) -> ir.Value:
    """A descriptor's type number, with NPY_LONGLONG / NPY_ULONGLONG read as their twins."""
    alias = b.icmp_unsigned("<", b.sub(type_num, ir.Constant(type_num.type, LONGLONG)),
                            ir.Constant(type_num.type, 2))
    return b.select(alias, b.sub(type_num, ir.Constant(type_num.type, 2)), type_num)


def array_words(t: Array) -> tuple[int, int, int]:
    """Array type `t` as the three 64-bit words, of two i32 each, that the native type switch
    tests (see emit_array_test): (ndim, type number), (flags mask, flags wanted) and
    (the other type number of the same dtype, or the type number again, unused)."""
    from lesto.infer.rules.numpy import DTYPES

    mask, want = array_flags(t)
    num = DTYPES[t.dtype][2]
    alias = {LONGLONG - 2: LONGLONG, LONGLONG - 1: LONGLONG + 1}.get(num, num)
    return t.ndim | num << 32, mask | want << 32, alias


def emit_array_test(b: ir.IRBuilder, obj: ir.Value, words: ir.Value, fail: ir.Block) -> None:
    """Branch to `fail` unless the exact numpy.ndarray `obj` has the type described by the
    words at `words` (array_words): what unbox_array's "exact" check tests, field by field
    against the table (NPY_LONGLONG / NPY_ULONGLONG are tried only when the type number is
    not the usual one, so the common case costs what unbox_array's checks did)."""
    i32 = ir.IntType(32)

    def half(k: int) -> ir.Value:
        return b.load(field_ptr(b, words, 4 * k), typ=i32)

    guard(b, b.icmp_unsigned("==", b.load(field_ptr(b, obj, NP_ND), typ=i32), half(0)), fail)
    descr = b.load(field_ptr(b, obj, NP_DESCR), typ=PTR)
    type_num = b.load(field_ptr(b, descr, DESCR_TYPE_NUM), typ=i32)
    same = b.append_basic_block("array.type_num")
    other = b.append_basic_block("array.alias")
    b.cbranch(b.icmp_unsigned("==", type_num, half(1)), same, other)
    b.position_at_end(other)
    guard(b, b.icmp_unsigned("==", type_num, half(4)), fail)
    b.branch(same)
    b.position_at_end(same)
    byteorder = b.load(field_ptr(b, descr, DESCR_BYTEORDER), typ=I8T)
    guard(b, b.icmp_unsigned("!=", byteorder, ir.Constant(I8T, ord(">"))), fail)
    flags = b.load(field_ptr(b, obj, NP_FLAGS), typ=i32)
    guard(b, b.icmp_unsigned("==", b.and_(flags, half(2)), half(3)), fail)


def unbox_array(b: ir.IRBuilder, obj: ir.Value, t: Array, fail: ir.Block,
                check: str = "loose") -> ir.Value:
    """A numpy.ndarray of t's dtype and ndim as {data, shape, strides, obj}; anything else
    branches to `fail`.  `check` says what else must hold: "exact" (an argument: exactly the
    arrays typeof gives type `t`), "loose" (an array numpy returned: aligned, native byte
    order, at least as contiguous and as writable as `t`), or "none" (the native type switch
    has just made the "exact" checks: emit_array_test)."""
    from lesto.backend.reprs import array_repr
    from lesto.infer.rules.numpy import DTYPES

    if check != "none":
        i32 = ir.IntType(32)
        ndarray = capi.pyobj(b.module, "numpy.ndarray")
        guard(b, b.icmp_unsigned("==", b.load(field_ptr(b, obj, 8), typ=PTR), ndarray), fail)
        nd = b.load(field_ptr(b, obj, NP_ND), typ=i32)
        descr = b.load(field_ptr(b, obj, NP_DESCR), typ=PTR)
        type_num = canonical_type_num(b, b.load(field_ptr(b, descr, DESCR_TYPE_NUM), typ=i32))
        byteorder = b.load(field_ptr(b, descr, DESCR_BYTEORDER), typ=I8T)
        flags = b.load(field_ptr(b, obj, NP_FLAGS), typ=i32)
        mask, want = array_flags(t)
        if check == "loose":
            mask = want
        flags_ok = b.icmp_unsigned("==", b.and_(flags, ir.Constant(i32, mask)),
                                   ir.Constant(i32, want))
        ok = b.icmp_signed("==", nd, ir.Constant(i32, t.ndim))
        ok = b.and_(ok, b.icmp_signed("==", type_num, ir.Constant(i32, DTYPES[t.dtype][2])))
        ok = b.and_(ok, b.icmp_unsigned("!=", byteorder, ir.Constant(I8T, ord(">"))))
        guard(b, b.and_(ok, flags_ok), fail)
    value: ir.Value = ir.Constant(array_repr(t.ndim), ir.Undefined)
    value = b.insert_value(value, b.load(field_ptr(b, obj, NP_DATA), typ=PTR), 0)
    dims = b.load(field_ptr(b, obj, NP_DIMS), typ=PTR)
    strides = b.load(field_ptr(b, obj, NP_STRIDES), typ=PTR)
    for k in range(t.ndim):
        at = ir.Constant(I64, k)
        value = b.insert_value(value, b.load(b.gep(dims, [at], source_etype=I64), typ=I64),
                               [1, k])
        value = b.insert_value(value, b.load(b.gep(strides, [at], source_etype=I64), typ=I64),
                               [2, k])
    return b.insert_value(value, obj, 3)


def unbox_int(b: ir.IRBuilder, obj: ir.Value, fail: ir.Block,
              big: ir.Block | None = None) -> ir.Value:
    """An exact int as i64: ints of one 30-bit digit are read inline (the object layout of
    the running CPython: `ob_size` before 3.12, `lv_tag` from 3.12 on), others go through
    PyLong_AsLongLong (beyond 64 bits -> `fail`), or to `big` when it is given."""
    import sys

    header = b.load(field_ptr(b, obj, 16), typ=I64)
    if sys.version_info >= (3, 12):
        compact = b.icmp_unsigned("<", header, ir.Constant(I64, 2 << 3))
        sign = b.sub(ir.Constant(I64, 1), b.and_(header, ir.Constant(I64, 3)))
    else:
        compact = b.icmp_unsigned("<=", b.add(header, ir.Constant(I64, 1)),
                                  ir.Constant(I64, 2))
        sign = header
    small = b.append_basic_block("int.small")
    if big is not None:
        b.cbranch(compact, small, big)
        b.position_at_end(small)
        digit = b.zext(b.load(field_ptr(b, obj, 24), typ=ir.IntType(32)), I64)
        return b.mul(sign, digit)
    big = b.append_basic_block("int.big")
    done = b.append_basic_block("int.done")
    b.cbranch(compact, small, big)
    b.position_at_end(small)
    digit = b.zext(b.load(field_ptr(b, obj, 24), typ=ir.IntType(32)), I64)
    fast = b.mul(sign, digit)
    b.branch(done)
    b.position_at_end(big)
    slow = capi.call(b, "PyLong_AsLongLong", [obj])
    with b.if_then(b.icmp_signed("==", slow, ir.Constant(I64, -1)), likely=False):
        err = capi.call(b, "PyErr_Occurred", [])
        is_err = b.icmp_unsigned("!=", err, ir.Constant(PTR, None))
        with b.if_then(is_err):
            capi.call(b, "PyErr_Clear", [])
            b.branch(fail)
    slow_end = b.block
    b.branch(done)
    b.position_at_end(done)
    phi = b.phi(I64)
    phi.add_incoming(fast, small)
    phi.add_incoming(slow, slow_end)
    return phi


def new_ref(b: ir.IRBuilder, obj: ir.Value) -> ir.Value:
    capi.call(b, "Py_IncRef", [obj])
    return obj


SMALL_INTS_SYMBOL = "lesto_small_ints"   # resolved by the runtime: address of int(-5)


def small_int_layout() -> tuple[int, int, bool] | None:
    """(first, stride, immortal) of CPython's static small-int objects -5..256, when they are
    one contiguous array (3.11 on); None otherwise."""
    import sys

    if sys.version_info < (3, 11):
        return None
    ids = [id(i) for i in range(-5, 257)]
    strides = {b - a for a, b in zip(ids, ids[1:])}
    if len(strides) != 1:
        return None
    return -5, strides.pop(), sys.version_info >= (3, 12)


def box_int(b: ir.IRBuilder, v: ir.Value) -> ir.Value:
    """PyLong_FromLongLong, with CPython's cached small ints (-5..256) returned inline."""
    layout = small_int_layout()
    if layout is None:
        return capi.call(b, "PyLong_FromLongLong", [v])
    first, stride, immortal = layout
    index = b.sub(v, ir.Constant(I64, first))
    small = b.icmp_unsigned("<", index, ir.Constant(I64, 257 - first))
    fast = b.append_basic_block("box.smallint")
    slow = b.append_basic_block("box.int")
    done = b.append_basic_block("box.int.done")
    b.cbranch(small, fast, slow)
    b.position_at_end(fast)
    table = b.module.globals.get(SMALL_INTS_SYMBOL)
    if table is None:
        table = ir.GlobalVariable(b.module, I8T, name=SMALL_INTS_SYMBOL)
        table.linkage = "external"
    offset = b.mul(index, ir.Constant(I64, stride))
    obj = b.inttoptr(b.add(b.ptrtoint(table, I64), offset), PTR)
    if not immortal:  # 3.11: a plain reference count (the GIL is held)
        count = b.load(obj, typ=I64)
        b.store(b.add(count, ir.Constant(I64, 1)), obj)
    b.branch(done)
    b.position_at_end(slow)
    made = capi.call(b, "PyLong_FromLongLong", [v])
    b.branch(done)
    b.position_at_end(done)
    phi = b.phi(PTR)
    phi.add_incoming(obj, fast)
    phi.add_incoming(made, slow)
    return phi


def box(b: ir.IRBuilder, v: ir.Value, t: LType) -> ir.Value:
    if isinstance(t, PyObj):
        return v   # the core function returned a new reference
    if t == INT:
        return box_int(b, v)
    if t == FLOAT:
        return capi.call(b, "PyFloat_FromDouble", [v])
    if t == COMPLEX:
        return box_complex(b, v)
    if t == BOOL:
        m = b.module
        return new_ref(b, b.select(v, capi.obj(m, "_Py_TrueStruct"),
                                   capi.obj(m, "_Py_FalseStruct")))
    if t == NONE:
        return new_ref(b, capi.obj(b.module, "_Py_NoneStruct"))
    if isinstance(t, Tuple):
        return box_tuple(b, v, t)
    if t == XINT:   # a returned XINT: its PyLong was increfed for the caller
        from lesto.backend.objrefs import box_xint

        return box_xint(b, v, new_reference=False)
    if isinstance(t, Union):
        return box_union(b, v, t)
    if isinstance(t, Array):
        return b.extract_value(v, 3)   # the core function returned a new reference
    d = np_dtype(t)
    if d is not None:
        return box_npscalar(b, v, d)
    d = dtype_value(t)
    if d is not None:   # a.dtype returned: numpy's dtype object
        return new_ref(b, b.bitcast(capi.pyobj(b.module, f"dtype.{d}"), PTR))
    raise TypeError(f"cannot box {t}")


def box_npscalar(b: ir.IRBuilder, v: ir.Value, d: str) -> ir.Value:
    """numpy.<dtype>(the Python value): a new numpy scalar (NULL with an error set)."""
    if d == "uint64":
        fn = b.module.globals.get("PyLong_FromUnsignedLongLong") or ir.Function(
            b.module, ir.FunctionType(PTR, [I64]), name="PyLong_FromUnsignedLongLong")
        py = b.call(fn, [v])
    elif d == "complex128":
        py = box_complex(b, v)
    else:
        py = box(b, v, BOOL if d == "bool" else FLOAT if d.startswith("float") else INT)
    obj = capi.vectorcall(b, capi.pyobj(b.module, numpy_type_path(d)), [py])
    capi.call(b, "Py_DecRef", [py])
    return obj


def box_complex(b: ir.IRBuilder, v: ir.Value) -> ir.Value:
    """A Python complex from {real, imag}."""
    return capi.call(b, "PyComplex_FromDoubles", [b.extract_value(v, 0), b.extract_value(v, 1)])


def box_tuple(b: ir.IRBuilder, v: ir.Value, t: Tuple) -> ir.Value:
    null = ir.Constant(PTR, None)
    tup = capi.call(b, "PyTuple_New", [ir.Constant(I64, len(t.items))])
    done = b.append_basic_block("box.tuple.done")
    start = b.block
    failed_blocks = [start]
    ok = b.append_basic_block("box.tuple.ok")
    b.cbranch(b.icmp_unsigned("==", tup, null), done, ok)
    b.position_at_end(ok)
    for i, item_t in enumerate(t.items):
        item = box(b, b.extract_value(v, i), item_t)
        bad = b.icmp_unsigned("==", item, null)
        with b.if_then(bad, likely=False):
            capi.call(b, "Py_DecRef", [tup])
            failed_blocks.append(b.block)
            b.branch(done)
        capi.call(b, "PyTuple_SetItem", [tup, ir.Constant(I64, i), item])
    last = b.block
    b.branch(done)
    b.position_at_end(done)
    phi = b.phi(PTR)
    phi.add_incoming(null, failed_blocks[0])
    for blk in failed_blocks[1:]:
        phi.add_incoming(null, blk)
    phi.add_incoming(tup, last)
    return phi


def box_union(b: ir.IRBuilder, v: ir.Value, t: Union) -> ir.Value:
    tag = b.extract_value(v, 0)
    done = b.append_basic_block("box.union.done")
    switch = b.switch(tag, done)
    default_block = b.block
    incoming = []
    for m in t.members:
        case = b.append_basic_block(f"box.{m}")
        switch.add_case(ir.Constant(I8, tag_of(m)), case)
        b.position_at_end(case)
        incoming.append((box(b, from_union(b, v, m), m), b.block))
        b.branch(done)
    b.position_at_end(done)
    phi = b.phi(PTR)
    phi.add_incoming(ir.Constant(PTR, None), default_block)
    for value, block in incoming:
        phi.add_incoming(value, block)
    return phi
