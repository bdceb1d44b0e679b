"""The native forwarders behind the dispatcher (LLVM IR; compiled once per process, cached).

All three have the vectorcall prototype

    PyObject *f(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)

- `lesto_forward`: tail-calls `self`'s own vectorcall function with the same arguments.  It is
  the target of a table entry that runs the plain Python function (its `self`): a call the
  dispatcher has decided to leave to the interpreter costs a type switch and two tail calls,
  and no frame of lesto's appears in a traceback.
- `lesto_forward_target`: the same for the function stored in the dispatcher object at
  TARGET_OFFSET: the vectorcall function of a dispatcher while lesto is switched off.
- `lesto_resolve_call`: calls `self` (a Python callable with a vectorcall function: the
  dispatcher's resolver) with the arguments; it answers a tuple `(target, args)` or `(target,
  args, kwargs)`, and this function returns `target(*args, **kwargs)` (PyObject_Call).  The
  resolver decides (compile, fall back, deoptimise) without calling user code, so the user's
  call runs from native code: no frame of lesto's between the caller and the callee.  Used
  with METH_FASTCALL | METH_KEYWORDS (the same prototype with nargs plain).
- `lesto_bind`: the target of a table entry for a call shape (positional count, keyword
  names, exact types) whose bound arguments a compiled specialization takes: `self` is a
  binding plan (BIND_* words below) saying, per parameter, which argument it is (an index into
  `args`, keywords after the positional ones) or which default; the function gathers them
  into an array in parameter order and calls the specialization's checked METH_FASTCALL
  entry.  So `f(1, b=2)` and `f(1)` (a default) reach compiled code without Python.
- `lesto_first_call`: the vectorcall function of a dispatcher that has no table yet: calls
  the Python function FIRST_RESOLVER with the dispatcher prepended to the arguments, then the
  call it answers, as `lesto_resolve_call` does.  A new dispatcher costs no table until it has
  decided something, and still no call of it shows a frame of lesto's.
"""
from __future__ import annotations

from typing import Any

from lesto.backend.dispatch_ir import (
    MAX_ARGS, NARGS_MASK, TARGET_OFFSET, TP_VECTORCALL_OFFSET,
)

BIND_DEFAULT = 3 + MAX_ARGS
BIND_STAR = BIND_DEFAULT + MAX_ARGS   # *args: its parameter index (or -1), first argument
BIND_WORDS = BIND_STAR + 3            # and count of the arguments it packs

FORWARD = "lesto_forward"
FORWARD_TARGET = "lesto_forward_target"
RESOLVE_CALL = "lesto_resolve_call"
BIND = "lesto_bind"
FIRST = "lesto_first_call"
FIRST_RESOLVER = "lesto.runtime.dispatcher._first_call"   # a Python function, by name
SYMBOLS = (FORWARD, FORWARD_TARGET, RESOLVE_CALL, BIND, FIRST)
# A binding plan, in 64-bit words: [0] number of parameters n, [1] the entry function,
# [2] its self, then for each parameter i < MAX_ARGS: [BIND_SOURCE + i] the index of its
# argument, or -1 for its default (or the *args tuple), [BIND_DEFAULT + i] that default
# (PyObject *), then the three BIND_STAR words.
BIND_SOURCE = 3


def build_forward_module() -> str:
    from llvmlite import ir

    from lesto.backend.capi import PTR, pyobj
    from lesto.backend.context import I64

    module = ir.Module(name="lesto_forward")
    fnty = ir.FunctionType(PTR, [PTR, PTR, I64, PTR])
    i8 = ir.IntType(8)

    def load_at(b: Any, base: Any, offset: Any, typ: Any) -> Any:
        off = ir.Constant(I64, offset) if isinstance(offset, int) else offset
        return b.load(b.gep(base, [off], source_etype=i8), typ=typ)

    def vectorcall_of(b: Any, obj: Any) -> Any:
        """The vectorcall function of `obj` (its type must declare one)."""
        tp = load_at(b, obj, 8, PTR)
        offset = load_at(b, tp, TP_VECTORCALL_OFFSET, I64)
        vc = load_at(b, obj, offset, PTR)
        return b.inttoptr(b.ptrtoint(vc, I64), ir.PointerType(fnty))

    for name, indirect in ((FORWARD, False), (FORWARD_TARGET, True)):
        fn = ir.Function(module, fnty, name=name)
        self_, args, nargsf, kwnames = fn.args
        b = ir.IRBuilder(fn.append_basic_block("entry"))
        callee = load_at(b, self_, TARGET_OFFSET, PTR) if indirect else self_
        b.ret(b.call(vectorcall_of(b, callee), [callee, args, nargsf, kwnames], tail=True))

    call = ir.Function(module, ir.FunctionType(PTR, [PTR, PTR, PTR]), name="PyObject_Call")
    decref = ir.Function(module, ir.FunctionType(ir.VoidType(), [PTR]), name="Py_DecRef")

    def run_plan(fn: Any, b: Any, plan: Any) -> None:
        """Return plan[0](*plan[1], **plan[2]) (plan: a new reference, or NULL)."""
        got = fn.append_basic_block("got")
        fail = fn.append_basic_block("fail")
        b.cbranch(b.icmp_unsigned("==", plan, ir.Constant(PTR, None)), fail, got)
        b.position_at_end(got)
        size = load_at(b, plan, 16, I64)                  # the tuple's ob_size: 2 or 3
        target = load_at(b, plan, 24, PTR)
        targs = load_at(b, plan, 32, PTR)
        three = b.icmp_unsigned("==", size, ir.Constant(I64, 3))
        kw_at = b.select(three, ir.Constant(I64, 40), ir.Constant(I64, 32))
        kwargs = b.select(three, load_at(b, plan, kw_at, PTR), ir.Constant(PTR, None))
        result = b.call(call, [target, targs, kwargs])
        b.call(decref, [plan])
        b.ret(result)
        b.position_at_end(fail)
        b.ret(ir.Constant(PTR, None))

    fn = ir.Function(module, fnty, name=RESOLVE_CALL)
    self_, args, nargsf, kwnames = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    run_plan(fn, b, b.call(vectorcall_of(b, self_), [self_, args, nargsf, kwnames]))

    # FIRST: the resolver is a module-level Python function; the dispatcher goes first.
    fn = ir.Function(module, fnty, name=FIRST)
    self_, args, nargsf, kwnames = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    resolver = pyobj(module, FIRST_RESOLVER)
    n = b.and_(nargsf, ir.Constant(I64, NARGS_MASK))
    has_kw = b.icmp_unsigned("!=", kwnames, ir.Constant(PTR, None))
    # the keyword count: ob_size of kwnames (a load from the dispatcher when there is none,
    # which is always readable, then discarded)
    nkw = b.select(has_kw, load_at(b, b.select(has_kw, kwnames, self_), 16, I64),
                   ir.Constant(I64, 0))
    total = b.add(n, nkw)
    buf = b.alloca(PTR, size=b.add(total, ir.Constant(I64, 1)))
    b.store(self_, buf)
    i_slot = b.alloca(I64)
    b.store(ir.Constant(I64, 0), i_slot)
    head = fn.append_basic_block("copy.head")
    body = fn.append_basic_block("copy.body")
    done = fn.append_basic_block("copy.done")
    b.branch(head)
    b.position_at_end(head)
    i = b.load(i_slot, typ=I64)
    b.cbranch(b.icmp_signed("<", i, total), body, done)
    b.position_at_end(body)
    item = b.load(b.gep(args, [i], source_etype=PTR), typ=PTR)
    b.store(item, b.gep(buf, [b.add(i, ir.Constant(I64, 1))], source_etype=PTR))
    b.store(b.add(i, ir.Constant(I64, 1)), i_slot)
    b.branch(head)
    b.position_at_end(done)
    plan = b.call(vectorcall_of(b, resolver),
                  [resolver, buf, b.add(n, ir.Constant(I64, 1)), kwnames])
    run_plan(fn, b, plan)
    _build_bind(module, fnty)
    return str(module)


def _build_bind(module: Any, fnty: Any) -> None:
    from llvmlite import ir

    from lesto.backend.capi import PTR
    from lesto.backend.context import I64

    fn = ir.Function(module, fnty, name=BIND)
    plan, args, _nargsf, _kwnames = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    argv = b.alloca(PTR, size=MAX_ARGS)
    count = b.load(plan, typ=I64)
    for i in range(MAX_ARGS):
        here = fn.append_basic_block(f"param{i}")
        done = fn.append_basic_block(f"param{i}.done")
        b.cbranch(b.icmp_signed(">", count, ir.Constant(I64, i)), here, done)
        b.position_at_end(here)
        source = b.load(b.gep(plan, [ir.Constant(I64, BIND_SOURCE + i)], source_etype=I64),
                        typ=I64)
        default = b.load(b.gep(plan, [ir.Constant(I64, BIND_DEFAULT + i)], source_etype=I64),
                         typ=PTR)
        slot = b.gep(argv, [ir.Constant(I64, i)], source_etype=PTR)
        b.store(default, slot)
        passed = fn.append_basic_block(f"param{i}.passed")
        b.cbranch(b.icmp_signed("<", source, ir.Constant(I64, 0)), done, passed)
        b.position_at_end(passed)          # (args is read only where an argument is)
        b.store(b.load(b.gep(args, [source], source_etype=PTR), typ=PTR), slot)
        b.branch(done)
        b.position_at_end(done)
    target = b.load(b.gep(plan, [ir.Constant(I64, 1)], source_etype=I64), typ=PTR)
    target_self = b.load(b.gep(plan, [ir.Constant(I64, 2)], source_etype=I64), typ=PTR)
    fastcall = ir.PointerType(ir.FunctionType(PTR, [PTR, PTR, I64]))
    callee = b.inttoptr(b.ptrtoint(target, I64), fastcall)

    def word(k: int) -> Any:
        return b.load(b.gep(plan, [ir.Constant(I64, k)], source_etype=I64), typ=I64)

    star = word(BIND_STAR)
    packed = fn.append_basic_block("star")
    plain = fn.append_basic_block("plain")
    b.cbranch(b.icmp_signed("<", star, ir.Constant(I64, 0)), plain, packed)
    b.position_at_end(plain)
    b.ret(b.call(callee, [target_self, argv, count]))

    # *args: a new tuple of args[first : first + n], the parameter's value for the call
    b.position_at_end(packed)
    first, n = word(BIND_STAR + 1), word(BIND_STAR + 2)
    new = ir.Function(module, ir.FunctionType(PTR, [I64]), name="PyTuple_New")
    incref = ir.Function(module, ir.FunctionType(ir.VoidType(), [PTR]), name="Py_IncRef")
    decref = module.globals.get("Py_DecRef") or ir.Function(
        module, ir.FunctionType(ir.VoidType(), [PTR]), name="Py_DecRef")
    items = b.call(new, [n])
    made = fn.append_basic_block("star.made")
    failed = fn.append_basic_block("star.failed")
    b.cbranch(b.icmp_unsigned("==", items, ir.Constant(PTR, None)), failed, made)
    b.position_at_end(failed)
    b.ret(ir.Constant(PTR, None))
    b.position_at_end(made)
    j_slot = b.alloca(I64)
    b.store(ir.Constant(I64, 0), j_slot)
    head = fn.append_basic_block("star.head")
    body = fn.append_basic_block("star.body")
    call = fn.append_basic_block("star.call")
    b.branch(head)
    b.position_at_end(head)
    j = b.load(j_slot, typ=I64)
    b.cbranch(b.icmp_signed("<", j, n), body, call)
    b.position_at_end(body)
    item = b.load(b.gep(args, [b.add(first, j)], source_etype=PTR), typ=PTR)
    b.call(incref, [item])
    item_slot = b.gep(items, [ir.Constant(I64, 24 // 8)], source_etype=PTR)  # ob_item[0]
    b.store(item, b.gep(item_slot, [j], source_etype=PTR))
    b.store(b.add(j, ir.Constant(I64, 1)), j_slot)
    b.branch(head)
    b.position_at_end(call)
    b.store(items, b.gep(argv, [star], source_etype=PTR))
    result = b.call(callee, [target_self, argv, count])
    b.call(decref, [items])
    b.ret(result)
