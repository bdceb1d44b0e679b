"""The slot functions of lesto's generator type, as LLVM IR (one module, built once per
process by runtime/generators.py, which makes the type from them):

    lesto_gen_iternext(gen)        tp_iternext: next(gen); NULL without an exception when
                                   the generator returns None or is exhausted
    lesto_gen_send(gen, value)     gen.send(value): StopIteration(value) when it returns
    lesto_gen_throw(gen, exc)      exception instance `exc` raised where gen is suspended
                                   (throw() and close() are Python, runtime/generators.py)
    lesto_gen_finalize(gen)        tp_finalize (PEP 442): close() a suspended generator, so
                                   that its `finally` blocks and `with` exits run
    lesto_gen_dealloc(gen)         tp_dealloc

A generator object is GEN_LAYOUT (backend/lower_generator.py): its resume function, cleanup
function, frame (NULL once finished), whether it is running, and its names.  As CPython's
generators: a generator already running raises ValueError; sending a value other than None
to one not started raises TypeError; a StopIteration raised in the body becomes
RuntimeError("generator raised StopIteration") (PEP 479) with the StopIteration as cause.
"""
from __future__ import annotations

import sys

from llvmlite import ir

from lesto.backend import capi
from lesto.backend.capi import PTR
from lesto.backend.context import I1, I32, I64, I8, STATUS_OK, cstring
from lesto.backend.lower_generator import CLEANUP, RESUME, STATUS_YIELD, field
from lesto.backend.lower_objfast import OB_TYPE

SYMBOLS = ("lesto_gen_iternext", "lesto_gen_send", "lesto_gen_throw", "lesto_gen_finalize",
           "lesto_gen_dealloc")


def _raise(b: ir.IRBuilder, exc: str, text: str) -> None:
    capi.call(b, "PyErr_SetString", [capi.exc_object(b, exc), cstring(b.module, text)])


def _none(b: ir.IRBuilder) -> ir.Value:
    return b.bitcast(capi.obj(b.module, "_Py_NoneStruct"), PTR)


def _typed(b: ir.IRBuilder, fn: ir.Value, fnty: ir.FunctionType) -> ir.Value:
    """A function pointer loaded from a generator, typed for an indirect call."""
    return b.inttoptr(b.ptrtoint(fn, I64), ir.PointerType(fnty))


def _null() -> ir.Constant:
    return ir.Constant(PTR, None)


def support_module() -> ir.Module:
    module = ir.Module(name="lesto_generators")
    send_ex = _send_ex(module)
    f = ir.Function(module, ir.FunctionType(PTR, [PTR]), name="lesto_gen_iternext")
    b = ir.IRBuilder(f.append_basic_block("entry"))
    b.ret(b.call(send_ex, [f.args[0], _none(b), ir.Constant(I1, 1)]))
    f = ir.Function(module, ir.FunctionType(PTR, [PTR, PTR]), name="lesto_gen_send")
    b = ir.IRBuilder(f.append_basic_block("entry"))
    b.ret(b.call(send_ex, [f.args[0], f.args[1], ir.Constant(I1, 0)]))
    _throw(module, send_ex)
    _finalize(module)
    _dealloc(module)
    return module


def _refuse_if_running(b: ir.IRBuilder, gen: ir.Value) -> None:
    """CPython's ValueError for a generator entered again while it runs (returns NULL)."""
    running = b.load(field(b, gen, "running"), typ=I8)
    with b.if_then(b.icmp_unsigned("!=", running, ir.Constant(I8, 0)), likely=False):
        _raise(b, "PyExc_ValueError", "generator already executing")
        b.ret(_null())


def _ob_type(b: ir.IRBuilder, obj: ir.Value) -> ir.Value:
    return b.load(b.gep(obj, [ir.Constant(I64, OB_TYPE)], source_etype=I8), typ=PTR)


def _release_frame(b: ir.IRBuilder, gen: ir.Value, frame: ir.Value) -> None:
    """The frame's references released, its memory freed, the generator finished."""
    cleanup = b.load(field(b, gen, "cleanup"), typ=PTR)
    b.call(_typed(b, cleanup, CLEANUP), [frame])
    capi.call(b, "PyMem_Free", [frame])
    b.store(_null(), field(b, gen, "frame"))


def _send_ex(module: ir.Module) -> ir.Function:
    f = ir.Function(module, ir.FunctionType(PTR, [PTR, PTR, I1]), name="lesto_gen_send_ex")
    f.linkage = "internal"
    gen, arg, is_next = f.args
    blocks = {n: f.append_basic_block(n) for n in (
        "entry", "exhausted", "stop", "null", "go", "bad_send", "run", "yielded", "finished",
        "returned", "none_null", "stop_value", "error", "convert", "deopted")}
    b = ir.IRBuilder(blocks["entry"])
    _refuse_if_running(b, gen)
    frame = b.load(field(b, gen, "frame"), typ=PTR)
    b.cbranch(b.icmp_unsigned("==", frame, _null()), blocks["exhausted"], blocks["go"])
    b.position_at_end(blocks["exhausted"])
    b.cbranch(is_next, blocks["null"], blocks["stop"])
    b.position_at_end(blocks["stop"])
    capi.call(b, "PyErr_SetNone", [capi.exc_object(b, "PyExc_StopIteration")])
    b.ret(_null())
    b.position_at_end(blocks["null"])
    b.ret(_null())
    b.position_at_end(blocks["go"])
    fresh = b.icmp_unsigned("==", b.load(frame, typ=I64), ir.Constant(I64, 0))
    sent = b.and_(b.icmp_unsigned("!=", arg, _none(b)), b.icmp_unsigned("!=", arg, _null()))
    bad = b.and_(fresh, sent)
    b.cbranch(bad, blocks["bad_send"], blocks["run"])
    b.position_at_end(blocks["bad_send"])
    _raise(b, "PyExc_TypeError", "can't send non-None value to a just-started generator")
    b.ret(_null())
    b.position_at_end(blocks["run"])
    b.store(ir.Constant(I8, 1), field(b, gen, "running"))
    resume = b.load(field(b, gen, "resume"), typ=PTR)
    result = b.call(_typed(b, resume, RESUME), [frame, arg])
    b.store(ir.Constant(I8, 0), field(b, gen, "running"))
    status, value = b.extract_value(result, 0), b.extract_value(result, 1)
    b.cbranch(b.icmp_unsigned("==", status, ir.Constant(I32, STATUS_YIELD)), blocks["yielded"],
              blocks["finished"])
    b.position_at_end(blocks["yielded"])
    b.ret(value)
    b.position_at_end(blocks["finished"])   # the body released the frame's references
    capi.call(b, "PyMem_Free", [frame])
    b.store(_null(), field(b, gen, "frame"))
    sw = b.switch(status, blocks["deopted"])
    sw.add_case(ir.Constant(I32, STATUS_OK), blocks["returned"])
    sw.add_case(ir.Constant(I32, 1), blocks["error"])
    b.position_at_end(blocks["returned"])
    none_next = b.and_(is_next, b.icmp_unsigned("==", value, _none(b)))
    b.cbranch(none_next, blocks["none_null"], blocks["stop_value"])
    b.position_at_end(blocks["none_null"])
    capi.call(b, "Py_DecRef", [value])
    b.ret(_null())
    b.position_at_end(blocks["stop_value"])
    _set_stop_iteration(b, value)
    b.ret(_null())
    b.position_at_end(blocks["error"])
    stop = capi.exc_object(b, "PyExc_StopIteration")
    matches = capi.call(b, "PyErr_ExceptionMatches", [stop])
    b.cbranch(b.icmp_unsigned("!=", matches, ir.Constant(I32, 0)), blocks["convert"],
              blocks["null"])
    b.position_at_end(blocks["convert"])
    _stop_iteration_to_runtime_error(b)
    b.ret(_null())
    b.position_at_end(blocks["deopted"])
    _raise(b, "PyExc_SystemError", "lesto: a compiled generator needed the interpreter")
    b.ret(_null())
    return f


def _set_stop_iteration(b: ir.IRBuilder, value: ir.Value) -> None:
    """StopIteration(value) raised (an instance: a tuple value stays one argument); the
    reference to `value` is consumed."""
    stop = capi.exc_object(b, "PyExc_StopIteration")
    exc = capi.call(b, "PyObject_CallFunctionObjArgs", [stop, value, _null()])
    capi.call(b, "Py_DecRef", [value])
    with b.if_then(b.icmp_unsigned("!=", exc, _null())):
        capi.call(b, "PyErr_SetObject", [stop, exc])
        capi.call(b, "Py_DecRef", [exc])


def _stop_iteration_to_runtime_error(b: ir.IRBuilder) -> None:
    """PEP 479: the StopIteration being raised becomes the cause and context of a
    RuntimeError("generator raised StopIteration")."""
    slots = [b.alloca(PTR) for _ in range(6)]
    capi.call(b, "PyErr_Fetch", slots[:3])
    capi.call(b, "PyErr_NormalizeException", slots[:3])
    t, v, tb = (b.load(s, typ=PTR) for s in slots[:3])
    with b.if_then(b.icmp_unsigned("!=", tb, _null())):
        capi.call(b, "PyException_SetTraceback", [v, tb])
    _raise(b, "PyExc_RuntimeError", "generator raised StopIteration")
    capi.call(b, "PyErr_Fetch", slots[3:])
    capi.call(b, "PyErr_NormalizeException", slots[3:])
    t2, v2, tb2 = (b.load(s, typ=PTR) for s in slots[3:])
    capi.call(b, "Py_IncRef", [v])
    capi.call(b, "PyException_SetCause", [v2, v])     # steals one reference
    capi.call(b, "PyException_SetContext", [v2, v])   # and the other
    capi.call(b, "PyErr_Restore", [t2, v2, tb2])
    capi.call(b, "Py_DecRef", [t])
    capi.call(b, "Py_DecRef", [tb])


def _throw(module: ir.Module, send_ex: ir.Function) -> None:
    f = ir.Function(module, ir.FunctionType(PTR, [PTR, PTR]), name="lesto_gen_throw")
    gen, exc = f.args
    b = ir.IRBuilder(f.append_basic_block("entry"))
    _refuse_if_running(b, gen)
    capi.call(b, "PyErr_SetObject", [_ob_type(b, exc), exc])
    frame = b.load(field(b, gen, "frame"), typ=PTR)
    with b.if_then(b.icmp_unsigned("==", frame, _null())):   # finished: raised as it is
        b.ret(_null())
    if sys.version_info >= (3, 12):
        # not started: 3.12's generators raise it before their body's PEP 479 handler
        with b.if_then(b.icmp_unsigned("==", b.load(frame, typ=I64), ir.Constant(I64, 0))):
            _release_frame(b, gen, frame)
            b.ret(_null())
    b.ret(b.call(send_ex, [gen, _null(), ir.Constant(I1, 0)]))


def _finalize(module: ir.Module) -> None:
    """close() if suspended (started, not finished); its error is unraisable, and the
    exception being handled when the generator died is kept."""
    f = ir.Function(module, ir.FunctionType(ir.VoidType(), [PTR]), name="lesto_gen_finalize")
    gen = f.args[0]
    b = ir.IRBuilder(f.append_basic_block("entry"))
    frame = b.load(field(b, gen, "frame"), typ=PTR)
    with b.if_then(b.icmp_unsigned("==", frame, _null())):
        b.ret_void()
    with b.if_then(b.icmp_unsigned("==", b.load(frame, typ=I64), ir.Constant(I64, 0))):
        b.ret_void()   # not started: close() has nothing to run
    saved = [b.alloca(PTR) for _ in range(3)]
    capi.call(b, "PyErr_Fetch", saved)
    r = capi.call(b, "PyObject_CallMethod", [gen, cstring(module, "close"), _null()])
    with b.if_else(b.icmp_unsigned("==", r, _null())) as (failed, done):
        with failed:
            capi.call(b, "PyErr_WriteUnraisable", [gen])
        with done:
            capi.call(b, "Py_DecRef", [r])
    capi.call(b, "PyErr_Restore", [b.load(s, typ=PTR) for s in saved])
    b.ret_void()


def _dealloc(module: ir.Module) -> None:
    f = ir.Function(module, ir.FunctionType(ir.VoidType(), [PTR]), name="lesto_gen_dealloc")
    gen = f.args[0]
    b = ir.IRBuilder(f.append_basic_block("entry"))
    with b.if_then(b.icmp_signed("<", capi.call(b, "PyObject_CallFinalizerFromDealloc", [gen]),
                                 ir.Constant(I32, 0))):
        b.ret_void()   # resurrected by its finalizer
    frame = b.load(field(b, gen, "frame"), typ=PTR)
    with b.if_then(b.icmp_unsigned("!=", frame, _null())):
        _release_frame(b, gen, frame)
    for key in ("name", "qualname"):
        capi.call(b, "Py_DecRef", [b.load(field(b, gen, key), typ=PTR)])
    tp = _ob_type(b, gen)
    capi.call(b, "PyObject_Free", [gen])
    capi.call(b, "Py_DecRef", [tp])
    b.ret_void()
