"""The METH_FASTCALL entry point: how a Python call gets into a compiled specialization.

    PyObject *entry(PyObject *self, PyObject *const *args, Py_ssize_t nargs)

checks the argument count and exact types (an int must fit 64 bits), unboxes, calls the core
function and boxes its result.  `self` is a tuple (mismatch, deopt) of Python callables:
arguments of other types go to `mismatch` (the dispatcher's slow path, which compiles a new
specialization or runs the interpreter); a DEOPT status goes to `deopt`, which re-runs the call
in the interpreter for CPython's exact result or exception."""
from __future__ import annotations

from llvmlite import ir

from lesto.backend import capi
from lesto.backend.boxing import box, unbox
from lesto.backend.capi import PTR
from lesto.backend.context import I32, I64, STATUS_DEOPT, STATUS_OK
from lesto.types.core import LType


FAST_SUFFIX = ".fast"


def build_entries(module: ir.Module, name: str, core: ir.Function,
                  argtypes: tuple[LType, ...], ret: LType, nogil: bool = False) -> None:
    """The checked entry `name` (for the builtin and any caller) and `name + FAST_SUFFIX`,
    which skips the argument-count and top-level type checks that the native type switch
    has just made (for an array argument: dtype, ndim, layout, writability too), and hands ints of more than one digit to the checked entry (so its own
    path makes no calls but tail calls, and needs no stack frame)."""
    checked = build_entry(module, name, core, argtypes, ret, checked=True, nogil=nogil)
    build_entry(module, name + FAST_SUFFIX, core, argtypes, ret, checked=False,
                general=checked, nogil=nogil)


def build_entry(module: ir.Module, name: str, core: ir.Function, argtypes: tuple[LType, ...],
                ret: LType, checked: bool = True,
                general: ir.Function | None = None, nogil: bool = False) -> ir.Function:
    fnty = ir.FunctionType(PTR, [PTR, PTR, I64])
    fn = ir.Function(module, fnty, name=name)
    self_, args, nargs = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    mismatch = fn.append_basic_block("mismatch")
    deopt = fn.append_basic_block("deopt")
    error = fn.append_basic_block("error")

    check = fn.append_basic_block("check")
    big = None
    if general is not None:
        big = fn.append_basic_block("general")
        b.position_at_end(big)
        b.ret(b.call(general, [self_, args, nargs], tail=True))
        b.position_at_end(fn.entry_basic_block)
    if checked:
        b.cbranch(b.icmp_signed("==", nargs, ir.Constant(I64, len(argtypes))), check, mismatch)
    else:
        b.branch(check)
    b.position_at_end(check)
    values = []
    for i, t in enumerate(argtypes):
        obj = b.load(b.gep(args, [ir.Constant(I64, i)], source_etype=PTR), typ=PTR)
        values.append(unbox(b, obj, t, mismatch, type_known=not checked, big=big))
    if len(core.args) == len(values) + 1:   # a recursive core's depth (backend/lower.py)
        values.append(ir.Constant(I64, 0))
    if nogil:   # the GIL is released while the core runs (backend/gil.py)
        from lesto.backend.gil import release_around

        result = release_around(b, lambda: b.call(core, values))
    else:
        result = b.call(core, values)
    status = b.extract_value(result, 0)
    ok = fn.append_basic_block("ok")
    switch = b.switch(status, error)
    switch.add_case(ir.Constant(I32, STATUS_OK), ok)
    switch.add_case(ir.Constant(I32, STATUS_DEOPT), deopt)
    b.position_at_end(ok)
    b.ret(box(b, b.extract_value(result, 1), ret))

    for block, index in ((mismatch, 0), (deopt, 1)):
        b.position_at_end(block)
        # `self` is the (mismatch, deopt) tuple: its items are read in place (ob_item).
        item = b.gep(self_, [ir.Constant(I64, 24 + 8 * index)], source_etype=ir.IntType(8))
        target = b.load(item, typ=PTR)
        b.ret(capi.call(b, "PyObject_VectorcallDict",
                        [target, args, nargs, ir.Constant(PTR, None)]))
    b.position_at_end(error)
    b.ret(ir.Constant(PTR, None))
    return fn
