"""numpy arrays: bounds-checked element loads and stores with numpy's casts, dimensions, and
calls into numpy itself (allocation, reductions, methods) for numpy's exact semantics.

An element address is computed from the layout the type promises: C-contiguous arrays use
the shape (the innermost stride is the item size, a constant LLVM can vectorize with),
Fortran arrays likewise from the other end, any other layout the strides.  Each index is
wrapped once if negative and checked against its dimension; a failed check deopts (the
interpreter raises numpy's IndexError) or, after the function has written to an array, raises

    IndexError: index 10 is out of bounds for axis 0 with size 10

natively.  `@jit(boundscheck=False)` keeps the negative-index wrap and drops the check.
"""
from __future__ import annotations

from llvmlite import ir

from lesto.backend import capi
from lesto.backend.alias import tag
from lesto.backend.boxing import widen
from lesto.backend.capi import PTR
from lesto.backend.context import F32, F64, I32, I64, I8, LowerCtx
from lesto.backend.registry import LOWERINGS, lowering
from lesto.backend.reprs import COMPLEX
from lesto.infer.rules.numpy import DTYPES
from lesto.types.core import COMPLEX as COMPLEX_T
from lesto.types.core import BOOL, FLOAT, INT, NONE, Array, LType, np_dtype

I16 = ir.IntType(16)
STORAGE: dict[str, ir.Type] = {
    "bool": I8, "int8": I8, "uint8": I8, "int16": I16, "uint16": I16, "int32": I32,
    "uint32": I32, "int64": I64, "uint64": I64, "float32": F32, "float64": F64,
    "complex128": COMPLEX,
}
INDEX_MESSAGE = "index %lld is out of bounds for axis %d with size %lld"


def dim(ctx: LowerCtx, a: ir.Value, k: int) -> ir.Value:
    return ctx.builder.extract_value(a, [1, k])


def element_ptr(ctx: LowerCtx, a: ir.Value, t: Array, index: list[ir.Value],
                hints: list | None = None) -> ir.Value:
    """Address of a[index...] after wrapping negative indices and checking the bounds.
    `hints` (opt/bounds.py): per index, the (start, stop, c) of the range loop it walks, or
    None: when the whole range fits the dimension the check is skipped (a loop-invariant
    test, which LLVM hoists)."""
    b = ctx.builder
    zero = ir.Constant(I64, 0)
    fixed = []
    for k, i in enumerate(index):
        n = dim(ctx, a, k)
        j = b.select(b.icmp_signed("<", i, zero), b.add(i, n), i)
        if ctx.boundscheck:
            bad = b.icmp_unsigned(">=", j, n)
            hint = hints[k] if hints else None
            if hint is not None:   # indices start + c .. stop - 1 + c (opt/bounds.py)
                start, stop, c = hint
                fits = b.and_(b.icmp_signed(">=", start, ir.Constant(I64, -c)),
                              b.icmp_signed("<=", stop, b.sub(n, ir.Constant(I64, c))))
                bad = b.and_(bad, b.not_(fits))

            def raise_index(c: LowerCtx, i: ir.Value = i, k: int = k, n: ir.Value = n) -> None:
                c.set_error("PyExc_IndexError", INDEX_MESSAGE, i, ir.Constant(I32, k), n)

            ctx.deopt_if(bad, "index out of bounds", raise_index)
        fixed.append(j)
    size = DTYPES[t.dtype][1]
    if t.layout == "A" or not fixed:
        offset: ir.Value = zero
        for k, j in enumerate(fixed):
            offset = b.add(offset, b.mul(j, b.extract_value(a, [2, k])))
    else:
        order = list(range(len(fixed))) if t.layout == "C" else list(reversed(range(len(fixed))))
        flat: ir.Value = fixed[order[0]]
        for k in order[1:]:
            flat = b.add(b.mul(flat, dim(ctx, a, k), flags=["nsw", "nuw"]), fixed[k],
                         flags=["nsw", "nuw"])
        offset = b.mul(flat, ir.Constant(I64, size), flags=["nsw", "nuw"])
    return b.gep(b.extract_value(a, 0), [offset], source_etype=I8, inbounds=True)


def split_hints(t: Array, args: list[ir.Value], hinted: bool, extra: int = 0
                ) -> tuple[list[ir.Value], list, list[ir.Value]]:
    """(indices, hints or [], the other arguments) of an array access's arguments."""
    index = args[1:1 + t.ndim]
    rest = args[1 + t.ndim:len(args) - (3 * t.ndim if hinted else 0)]
    hints: list = []
    if hinted:
        raw = args[len(args) - 3 * t.ndim:]
        for k in range(t.ndim):
            start, stop, c = raw[3 * k], raw[3 * k + 1], raw[3 * k + 2]
            none = isinstance(start, ir.Constant) and start.type == I8
            hints.append(None if none else (start, stop, c.constant))
    return index, hints, rest


@lowering("array.getitem", "array.getitem.hinted")
def array_getitem(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    t = ctx.arg_types[0]
    assert isinstance(t, Array)
    b = ctx.builder
    index, hints, _ = split_hints(t, args, ctx.prim_key.endswith(".hinted"))
    raw = b.load(element_ptr(ctx, args[0], t, index, hints), typ=STORAGE[t.dtype])
    tag(raw, ctx.alias)
    return widen(b, raw, t.dtype)   # a numpy scalar of the array's dtype


def _int_range(dtype: str) -> tuple[int, int]:
    bits = DTYPES[dtype][1] * 8
    if dtype.startswith("u"):
        return 0, 2**bits - 1
    return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1


def convert_for_store(ctx: LowerCtx, v: ir.Value, vt: LType, dtype: str) -> ir.Value:
    """A Python scalar as numpy stores it into a `dtype` element (numpy 2's rules: a Python
    int out of the dtype's range raises OverflowError)."""
    b = ctx.builder
    store_t = STORAGE[dtype]
    src = np_dtype(vt)
    if dtype == "complex128":
        if src == "complex128" or vt == COMPLEX_T:
            return v
        real = convert_for_store(ctx, v, vt, "float64")
        pair = b.insert_value(ir.Constant(store_t, ir.Undefined), real, 0)
        return b.insert_value(pair, ir.Constant(F64, 0.0), 1)
    if src == "complex128":
        raise TypeError("lesto: storing a complex into a real array is refused by typing")
    if src is not None:
        return store_numpy_scalar(ctx, v, src, dtype)
    if dtype == "bool":
        if vt == BOOL:
            return b.zext(v, I8)
        if vt == INT:
            return b.zext(b.icmp_signed("!=", v, ir.Constant(I64, 0)), I8)
        return b.zext(b.fcmp_unordered("!=", v, ir.Constant(F64, 0.0)), I8)
    if dtype.startswith("float"):
        if vt == FLOAT:
            as_double = v
        elif vt == INT:
            as_double = b.sitofp(v, F64)
        else:
            as_double = b.uitofp(v, F64)
        return as_double if dtype == "float64" else b.fptrunc(as_double, F32)
    # integer dtypes
    if vt == BOOL:
        return b.zext(v, store_t)
    if vt == INT:
        lo, hi = _int_range(dtype)
        if (lo, hi) != (-(2**63), 2**63 - 1):
            if dtype == "uint64":
                bad = b.icmp_signed("<", v, ir.Constant(I64, 0))
            else:
                shifted = b.sub(v, ir.Constant(I64, lo))
                bad = b.icmp_unsigned(">", shifted, ir.Constant(I64, hi - lo))

            def raise_overflow(c: LowerCtx, v: ir.Value = v) -> None:
                c.set_error("PyExc_OverflowError",
                            f"Python integer %lld out of bounds for {dtype}", v)

            ctx.deopt_if(bad, "integer out of bounds (overflow)", raise_overflow)
        return v if store_t == I64 else b.trunc(v, store_t)
    # float -> int: numpy 2 converts like Python's int() (nan: ValueError, inf and values
    # beyond the dtype: OverflowError), then stores the int.
    as_int = LOWERINGS["conv.float_to_int"](ctx, [v])
    return convert_for_store(ctx, as_int, INT, dtype)


def store_numpy_scalar(ctx: LowerCtx, v: ir.Value, src: str, dtype: str) -> ir.Value:
    """A numpy scalar (machine form) cast to `dtype`'s storage as numpy's setitem casts it:
    into an unsigned dtype every int wraps (np.int16(300) into uint8 is 44, np.int8(-1) 255);
    into a signed dtype the value must fit (np.uint8(200) into int8 raises OverflowError, as
    the Python int 200 does). Floats truncate toward zero and must fit (out of range, numpy
    casts as the machine's C does: the call deoptimises)."""
    b = ctx.builder
    store_t = STORAGE[dtype]
    if dtype == "bool":
        if src == "bool":
            return b.zext(v, I8)
        if src.startswith("float"):
            return b.zext(b.fcmp_unordered("!=", v, ir.Constant(F64, 0.0)), I8)
        return b.zext(b.icmp_signed("!=", v, ir.Constant(I64, 0)), I8)
    if dtype.startswith("float"):
        if src.startswith("float"):
            return v if dtype == "float64" else b.fptrunc(v, F32)
        if src == "bool":
            as_double = b.uitofp(v, F64)
        elif src == "uint64":
            as_double = b.uitofp(v, F64)
        else:
            as_double = b.sitofp(v, F64)
        return as_double if dtype == "float64" else b.fptrunc(as_double, F32)
    if src == "bool":
        return b.zext(v, store_t)
    if src.startswith("float"):   # outside the dtype's range: C's cast, which differs per
        return convert_for_store(ctx, v, FLOAT, dtype)   # machine: the interpreter decides
    if dtype.startswith("u"):
        return v if store_t == I64 else b.trunc(v, store_t)
    if src == "uint64":   # from 2**63 on, numpy's conversion to a C long fails first
        ctx.deopt_if(b.icmp_signed("<", v, ir.Constant(I64, 0)),
                     "integer out of bounds (overflow)",
                     lambda c: c.set_error("PyExc_OverflowError",
                                           "Python int too large to convert to C long"))
    return convert_for_store(ctx, v, INT, dtype)


@lowering("array.setitem", "array.setitem.hinted")
def array_setitem(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    t = ctx.arg_types[0]
    assert isinstance(t, Array)
    ctx.check_overflow()   # a wrapped int must never reach memory
    hinted = ctx.prim_key.endswith(".hinted")
    index, hints, rest = split_hints(t, args, hinted)
    value_t = ctx.arg_types[1 + t.ndim]
    value = convert_for_store(ctx, rest[0], value_t, t.dtype)
    tag(ctx.builder.store(value, element_ptr(ctx, args[0], t, index, hints)), ctx.alias)
    ctx.mark_dirty()
    return ir.Constant(I8, 0)


@lowering("array.dim")
def array_dim(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    k = args[1]
    assert isinstance(k, ir.Constant)
    return dim(ctx, args[0], int(k.constant))


@lowering("array.size")
def array_size(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    t = ctx.arg_types[0]
    total: ir.Value = ir.Constant(I64, 1)
    for k in range(t.ndim):
        total = ctx.builder.mul(total, dim(ctx, args[0], k))
    return total


# ------------------------------------------------------------------ calls into numpy
def arena_add(ctx: LowerCtx, obj: ir.Value) -> None:
    """Hand a new reference to the function's arena (a list released at every exit)."""
    b = ctx.builder
    slot = ctx.entry_alloca("arena", PTR, ir.Constant(PTR, None))
    arena = b.load(slot, typ=PTR)
    with b.if_then(b.icmp_unsigned("==", arena, ir.Constant(PTR, None)), likely=False):
        b.store(capi.call(b, "PyList_New", [ir.Constant(I64, 0)]), slot)
    capi.call(b, "PyList_Append", [b.load(slot, typ=PTR), obj])
    capi.call(b, "Py_DecRef", [obj])


def box_arguments(ctx: LowerCtx, args: list[ir.Value], types: list[LType]
                  ) -> tuple[list[ir.Value], list[ir.Value]]:
    """The PyObject* of each argument (arrays borrowed, others boxed), and the new
    references among them, to release after the call."""
    from lesto.backend.boxing import box

    b = ctx.builder
    objs, owned = [], []
    for v, t in zip(args, types):
        obj = b.extract_value(v, 3) if isinstance(t, Array) else box(b, v, t)
        if not isinstance(t, Array):
            owned.append(obj)
        objs.append(obj)
    return objs, owned


def with_shape(b: ir.IRBuilder, value: ir.Value, dims: list[ir.Value]) -> ir.Value:
    """An array value whose shape is known from how it was made (numpy.empty((n, 3)) has
    shape (n, 3)): say so, so that LLVM folds constant dimensions and proves `i < n`."""
    for k, d in enumerate(dims):
        value = b.insert_value(value, d, [1, k])
    return value


def unbox_result(ctx: LowerCtx, obj: ir.Value, t: LType) -> ir.Value:
    """Convert the object a numpy call returned (a new reference) to type `t`."""
    from lesto.backend.boxing import unbox_array

    b = ctx.builder
    assert ctx.error_block is not None
    null = ir.Constant(PTR, None)
    with b.if_then(b.icmp_unsigned("==", obj, null), likely=False):
        b.branch(ctx.error_block)
    if isinstance(t, Array):
        bad = b.append_basic_block("numpy.unexpected")
        value = unbox_array(b, obj, t, bad)
        arena_add(ctx, obj)
        here = b.block
        b.position_at_end(bad)
        capi.call(b, "Py_DecRef", [obj])
        ctx.set_error("PyExc_TypeError", f"lesto: numpy returned an array that is not {t}")
        b.branch(ctx.error_block)
        b.position_at_end(here)
        return value
    npd = np_dtype(t)
    if npd == "complex128" or t == COMPLEX_T:   # np.complex128 is a Python complex
        parts = [b.call(ctx.declare(f"PyComplex_{p}AsDouble", F64, [PTR]), [obj])
                 for p in ("Real", "Imag")]
        capi.call(b, "Py_DecRef", [obj])
        pair = b.insert_value(ir.Constant(STORAGE[npd], ir.Undefined), parts[0], 0)
        return b.insert_value(pair, parts[1], 1)
    if npd is not None:   # a reduction's numpy scalar, in machine form
        t = FLOAT if npd.startswith("float") else BOOL if npd == "bool" else INT
        if npd == "uint64":
            index = b.call(ctx.declare("PyNumber_Index", PTR, [PTR]), [obj])
            capi.call(b, "Py_DecRef", [obj])
            with b.if_then(b.icmp_unsigned("==", index, null), likely=False):
                b.branch(ctx.error_block)
            value = b.call(ctx.declare("PyLong_AsUnsignedLongLong", I64, [PTR]), [index])
            capi.call(b, "Py_DecRef", [index])
            with b.if_then(b.icmp_signed("==", value, ir.Constant(I64, -1)), likely=False):
                err = capi.call(b, "PyErr_Occurred", [])
                with b.if_then(b.icmp_unsigned("!=", err, null)):
                    b.branch(ctx.error_block)
            return value
    if t == FLOAT:
        value = capi.call(b, "PyFloat_AsDouble", [obj])
        failed = b.fcmp_ordered("==", value, ir.Constant(F64, -1.0))
    elif t == INT:
        value = capi.call(b, "PyLong_AsLongLong", [obj])
        failed = b.icmp_signed("==", value, ir.Constant(I64, -1))
    elif t == BOOL:
        truth = capi.call(b, "PyObject_IsTrue", [obj])
        value = b.icmp_signed(">", truth, ir.Constant(I32, 0))
        failed = b.icmp_signed("<", truth, ir.Constant(I32, 0))
    else:
        assert t == NONE
        capi.call(b, "Py_DecRef", [obj])
        return ir.Constant(I8, 0)
    capi.call(b, "Py_DecRef", [obj])
    with b.if_then(failed, likely=False):
        err = capi.call(b, "PyErr_Occurred", [])
        with b.if_then(b.icmp_unsigned("!=", err, null)):
            b.branch(ctx.error_block)
    return value


def _call(ctx: LowerCtx, args: list[ir.Value], method: str | None) -> ir.Value:
    """`pycall:<callable path>[:<extra object path>...]` or `pymethod:<name>`."""
    b = ctx.builder
    parts = ctx.prim_key.split(":")
    types = list(ctx.arg_types)
    objs, owned = box_arguments(ctx, args, types)
    if method is None:
        objs += [capi.pyobj(b.module, path) for path in parts[2:]]
        result = capi.vectorcall(b, capi.pyobj(b.module, parts[1]), objs)
    else:
        result = capi.vectorcall(b, capi.pyobj(b.module, "str." + method), objs, method=True)
    for obj in owned:
        capi.call(b, "Py_DecRef", [obj])
    value = unbox_result(ctx, result, ctx.result_type)  # type: ignore[arg-type]
    if method is None and parts[1] in KNOWN_SHAPE:
        shape, shape_t = args[0], types[0]
        dims = ([shape] if shape_t == INT else
                [b.extract_value(shape, k) for k in range(len(shape_t.items))])  # type: ignore
        value = with_shape(b, value, dims)
    return value


KNOWN_SHAPE = ("numpy.empty", "numpy.zeros", "numpy.ones", "numpy.full")


@lowering("pycall")
def pycall(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return _call(ctx, args, None)


@lowering("pymethod")
def pymethod(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    return _call(ctx, args, ctx.prim_key.split(":")[1])


@lowering("dtype.value")
def dtype_constant(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """a.dtype: its type says which; it has no run-time data."""
    return ir.Constant(I8, 0)
