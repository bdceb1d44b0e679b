"""Generator functions: a resumable body behind a generator object.

A generator function `f(args)` becomes three LLVM functions:

    f(args) -> {status, gen}       makes f's frame (every variable's slot and the resume
                                   point, PyMem_Calloc'd), stores the arguments in it and
                                   wraps it in a generator object (GEN_LAYOUT, whose type and
                                   slot functions are generator_ir.py's)
    f.resume(frame, sent) -> {status, value}
                                   runs the body from the frame's resume point: YIELD with the
                                   value yielded, OK with the value returned (both new
                                   references), ERROR with the exception set; after OK or
                                   ERROR the frame holds nothing (its slots are released)
    f.cleanup(frame)               releases what a suspended frame holds (close, dealloc)

The body is lowered as any function is (lower.FunctionLowerer), except that its variables
live in the frame instead of on the stack, so they survive a suspension:

    x = yield v      ->   store k, frame.point ; ret {YIELD, v}
                     resume.k:                  (the entry switches on frame.point)
                          x = sent

Every value lives in a variable's slot between two ops (the lowerer's rule), so nothing else
needs saving.  throw() (and close(), which throws GeneratorExit) resume with `sent` NULL and
the exception set: it is raised at the suspension point, where the enclosing `try` / `with`
handlers see it as CPython's do.  A frame whose variables hold numpy arrays is refused (their
buffers belong to a call's arena).  Deoptimising is impossible once a generator has run: the
body is lowered as a function with effects, whose failed checks raise.
"""
from __future__ import annotations

from types import SimpleNamespace

from llvmlite import ir

from lesto.backend import capi, objrefs
from lesto.backend.capi import PTR
from lesto.backend.context import I32, I64, I8, STATUS_ERROR, STATUS_OK
from lesto.backend.lower import FunctionLowerer, status_result
from lesto.backend.reprs import repr_of
from lesto.ir.nodes import Function, Prim, Return, Var
from lesto.types.core import NONE, UNDEFINED, PyObj, holds_array

STATUS_YIELD = 3
RESUME = ir.FunctionType(ir.LiteralStructType([I32, PTR]), [PTR, PTR])
CLEANUP = ir.FunctionType(ir.VoidType(), [PTR])
# The generator object: PyObject_HEAD, then these fields (byte offsets).
GEN_LAYOUT = {"resume": 16, "cleanup": 24, "frame": 32, "running": 40, "name": 48,
              "qualname": 56}
GEN_SIZE = 64
GENERATOR_TYPE = "lesto.runtime.generators.GENERATOR"   # resolved when the code is loaded


def frame_vars(fn: Function) -> list[Var]:
    """The variables with a slot in `fn`'s frame, in field order (field 0: the resume point)."""
    return [v for v, t in fn.var_types.items() if t not in (NONE, UNDEFINED)]


def frame_type(fn: Function) -> ir.LiteralStructType:
    return ir.LiteralStructType([I64] + [repr_of(fn.var_types[v]) for v in frame_vars(fn)])


def frame_slots(b: ir.IRBuilder, fn: Function, frame: ir.Value) -> dict[Var, ir.Value]:
    ty = frame_type(fn)
    return {v: b.gep(frame, [ir.Constant(I32, 0), ir.Constant(I32, i + 1)], inbounds=True,
                     source_etype=ty)
            for i, v in enumerate(frame_vars(fn))}


def field(b: ir.IRBuilder, gen: ir.Value, name: str) -> ir.Value:
    return b.gep(gen, [ir.Constant(I64, GEN_LAYOUT[name])], source_etype=I8)


def refusal_of(fn: Function) -> str | None:
    """Why `fn` cannot be lowered as a generator (None: it can)."""
    arrays = [v.name for v, t in fn.var_types.items() if holds_array(t)]
    if arrays:
        return f"a generator whose variable {arrays[0]!r} holds a numpy array"
    return None


class GeneratorLowerer(FunctionLowerer):
    """Lowers a generator's body into its resume function (see the module docstring)."""

    registers = False    # every variable lives in the frame

    def __init__(self, module: ir.Module, fn: Function, resume: ir.Function,
                 boundscheck: bool = True, frames: bool = False) -> None:
        self.yields: list[ir.Instruction] = []   # the `ret`s of suspensions: no releases
        super().__init__(module, fn, resume, impure=True, boundscheck=boundscheck,
                         dirty=True, frames=frames)

    def make_slots(self) -> dict[Var, ir.Value]:
        frame = self.llfn.args[0]
        self.point = self.builder.gep(frame, [ir.Constant(I32, 0), ir.Constant(I32, 0)],
                                      inbounds=True, source_etype=frame_type(self.fn))
        return frame_slots(self.builder, self.fn, frame)

    def bind_arguments(self) -> None:
        """The creation function stored them in the frame."""

    def enter(self) -> None:
        """Switch to the resume point; a generator not started yet starts, unless an
        exception is thrown into it (sent is NULL), which leaves it at once."""
        b = self.builder
        start = self.llfn.append_basic_block("start")
        self.switch = b.switch(b.load(self.point, typ=I64), start)
        b.position_at_end(start)
        thrown = b.icmp_unsigned("==", self.llfn.args[1], ir.Constant(PTR, None))
        b.cbranch(thrown, self.ctx.error_block, self.blocks[self.fn.blocks[0]])

    def exits(self) -> list[ir.Instruction]:
        return [t for t in super().exits() if t not in self.yields]

    def op_Prim(self, op: Prim) -> None:
        if op.impl != "obj.yield":
            super().op_Prim(op)
            return
        b = self.builder
        self.ctx.check_overflow()
        value = self.load(op.args[0])
        capi.call(b, "Py_IncRef", [value])     # the consumer's reference
        k = len(self.yields) + 1
        b.store(ir.Constant(I64, k), self.point)
        self.yields.append(b.ret(status_result(b, PyObj(None), STATUS_YIELD, value)))
        resume = self.llfn.append_basic_block(f"resume.{k}")
        self.switch.add_case(ir.Constant(I64, k), resume)
        b.position_at_end(resume)
        sent = self.llfn.args[1]   # NULL: throw() set an exception, raised here
        go_on = self.llfn.append_basic_block(f"resume.{k}.sent")
        b.cbranch(b.icmp_unsigned("==", sent, ir.Constant(PTR, None)), self.ctx.error_block,
                  go_on)
        b.position_at_end(go_on)
        self.store(op.dest, sent, copy=True)

    def op_Return(self, op: Return) -> None:
        """The value returned (StopIteration's), boxed: a new reference."""
        b = self.builder
        self.ctx.check_overflow()
        t = self.type_of(op.value)
        if t == NONE:
            obj, new = objrefs.constant(b, None), False
        else:
            obj, new = objrefs.to_object(self, self.load(op.value), t, PyObj(None))
        if not new:
            capi.call(b, "Py_IncRef", [obj])
        b.ret(status_result(b, PyObj(None), STATUS_OK, obj))


def lower_generator(module: ir.Module, fn: Function, creation: ir.Function, name: str,
                    qualname: str, boundscheck: bool = True, frames: bool = False) -> None:
    """Lower generator function `fn`: its body, its cleanup, and `creation` (declared with
    fn's signature) making the generator object."""
    resume = ir.Function(module, RESUME, name=fn.name + ".resume")
    resume.linkage = "internal"
    GeneratorLowerer(module, fn, resume, boundscheck, frames).lower()
    cleanup = _cleanup_function(module, fn)
    _creation_function(module, fn, creation, resume, cleanup, name, qualname)


def _cleanup_function(module: ir.Module, fn: Function) -> ir.Function:
    f = ir.Function(module, CLEANUP, name=fn.name + ".cleanup")
    f.linkage = "internal"
    b = ir.IRBuilder(f.append_basic_block("entry"))
    view = SimpleNamespace(fn=fn, slots=frame_slots(b, fn, f.args[0]))   # as objrefs reads it
    objrefs.release_all(b, objrefs.owned_slots(view), objrefs.xint_slots(view))
    b.ret_void()
    return f


def _creation_function(module: ir.Module, fn: Function, llfn: ir.Function,
                       resume: ir.Function, cleanup: ir.Function, name: str,
                       qualname: str) -> None:
    b = ir.IRBuilder(llfn.append_basic_block("entry"))
    ty = frame_type(fn)
    size = b.ptrtoint(b.gep(ir.Constant(PTR, None), [ir.Constant(I64, 1)], source_etype=ty),
                      I64)
    frame = capi.call(b, "PyMem_Calloc", [ir.Constant(I64, 1), size])
    failed = llfn.append_basic_block("failed")
    ok = llfn.append_basic_block("frame.ok")
    b.cbranch(b.icmp_unsigned("==", frame, ir.Constant(PTR, None)), failed, ok)
    b.position_at_end(failed)
    capi.call(b, "PyErr_NoMemory", [])
    b.ret(status_result(b, PyObj(None), STATUS_ERROR))
    b.position_at_end(ok)
    objrefs.bind_arguments(SimpleNamespace(fn=fn, slots=frame_slots(b, fn, frame), builder=b,
                                           llfn=llfn))
    gen_type = b.bitcast(capi.pyobj(module, GENERATOR_TYPE), PTR)
    gen = capi.call(b, "PyType_GenericAlloc", [gen_type, ir.Constant(I64, 0)])
    no_gen = llfn.append_basic_block("no_gen")
    made = llfn.append_basic_block("made")
    b.cbranch(b.icmp_unsigned("==", gen, ir.Constant(PTR, None)), no_gen, made)
    b.position_at_end(no_gen)
    b.call(cleanup, [frame])
    capi.call(b, "PyMem_Free", [frame])
    b.ret(status_result(b, PyObj(None), STATUS_ERROR))
    b.position_at_end(made)
    b.store(resume, field(b, gen, "resume"))
    b.store(cleanup, field(b, gen, "cleanup"))
    b.store(frame, field(b, gen, "frame"))
    for key, text in (("name", name), ("qualname", qualname)):
        s = objrefs.constant(b, text)
        capi.call(b, "Py_IncRef", [s])
        b.store(s, field(b, gen, key))
    b.ret(status_result(b, PyObj(None), STATUS_OK, gen))
