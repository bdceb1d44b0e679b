"""Releasing the GIL in compiled code (`@jit(nogil=True)`, and the bodies of parallel loops).

Two pieces:

- `release_around(b, call)`: the entry point releases the GIL (PyEval_SaveThread) after it has
  unboxed the arguments and takes it back (PyEval_RestoreThread) as soon as the core function
  returns, before it boxes the result, raises, or deopts.
- `guard_capi_calls(module)`: inside the core functions, every call that touches Python objects
  (the CPython C-API: boxing, numpy called from native code, setting an exception, a signal
  check, the arena of arrays) is bracketed by PyGILState_Ensure / PyGILState_Release, so it
  runs holding the GIL whichever thread calls it and whether or not the GIL was released;
  LLVM intrinsics and libm functions run without it.  Code that makes no such call (numeric
  loops, array element reads and writes) thus runs with the GIL released, and code that does
  is still correct, paying for one GIL acquisition per call.

    def f(a):  s = 0.0 ; for i in range(len(a)): s += a[i] ; return s
    ->  entry: unbox a ; %ts = PyEval_SaveThread() ; %r = core(a) ; PyEval_RestoreThread(%ts)
        core:  the loop (no C-API call: runs in parallel with other threads) ; ...
               %g = PyGILState_Ensure() ; PyErr_CheckSignals() ; PyGILState_Release(%g)
"""
from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache
from typing import Callable

from llvmlite import ir

from lesto.backend.capi import INLINE_REFCOUNTS, PTR

I32 = ir.IntType(32)
GIL_FUNCTIONS = ("PyGILState_Ensure", "PyGILState_Release", "PyEval_SaveThread",
                 "PyEval_RestoreThread")


@lru_cache(maxsize=None)
def _in_libm(name: str) -> bool:
    path = ctypes.util.find_library("m")
    if path is None:
        return False
    return hasattr(ctypes.CDLL(path), name)


def needs_gil(callee: ir.Value) -> bool:
    """Whether a call of `callee` must hold the GIL: calls of C-API functions and indirect
    calls do, and so do the module's own inline Py_IncRef / Py_DecRef (capi.refcount_function:
    a count changed without the GIL races with other threads' changes to the same object);
    LLVM intrinsics, libm and the other functions defined in the module (guarded themselves)
    do not."""
    if not isinstance(callee, ir.Function):
        return True
    name = callee.name
    if name in GIL_FUNCTIONS:
        return False
    if name in INLINE_REFCOUNTS:
        return True
    if not callee.is_declaration:
        return False
    if name.startswith("llvm."):
        return False
    if name.startswith(("Py", "_Py")):
        return True
    return not _in_libm(name)


def _declare(module: ir.Module, name: str, ret: ir.Type, args: list[ir.Type]) -> ir.Function:
    existing = module.globals.get(name)
    if existing is not None:
        return existing
    return ir.Function(module, ir.FunctionType(ret, args), name=name)


def guard_capi_calls(module: ir.Module, functions: list[ir.Function]) -> int:
    """Bracket every GIL-needing call in `functions` by PyGILState_Ensure/Release; returns
    how many calls were guarded."""
    ensure = _declare(module, "PyGILState_Ensure", I32, [])
    release = _declare(module, "PyGILState_Release", ir.VoidType(), [I32])
    b = ir.IRBuilder()
    count = 0
    for fn in functions:
        for block in fn.blocks:
            for instr in list(block.instructions):
                if not isinstance(instr, ir.CallInstr) or not needs_gil(instr.callee):
                    continue
                b.position_before(instr)
                state = b.call(ensure, [])
                b.position_after(instr)
                b.call(release, [state])
                count += 1
    return count


def release_around(b: ir.IRBuilder, emit_call: Callable[[], ir.Value]) -> ir.Value:
    """emit_call() with the GIL released around it (see the module docstring)."""
    module = b.module
    save = _declare(module, "PyEval_SaveThread", PTR, [])
    restore = _declare(module, "PyEval_RestoreThread", ir.VoidType(), [PTR])
    state = b.call(save, [])
    result = emit_call()
    b.call(restore, [state])
    return result
