"""backend/gil.py: which calls take the GIL inside nogil code, and the bracketing itself."""
from __future__ import annotations

from llvmlite import ir

from lesto.backend.gil import guard_capi_calls, needs_gil

F64 = ir.DoubleType()
PTR = ir.PointerType()


def module_with_calls() -> tuple[ir.Module, ir.Function]:
    m = ir.Module()
    fn = ir.Function(m, ir.FunctionType(F64, [F64, PTR]), name="core")
    b = ir.IRBuilder(fn.append_basic_block())
    sqrt = ir.Function(m, ir.FunctionType(F64, [F64]), name="llvm.sqrt.f64")
    sin = ir.Function(m, ir.FunctionType(F64, [F64]), name="sin")
    decref = ir.Function(m, ir.FunctionType(ir.VoidType(), [PTR]), name="Py_DecRef")
    x = b.call(sin, [b.call(sqrt, [fn.args[0]])])
    b.call(decref, [fn.args[1]])
    b.ret(x)
    return m, fn


def test_only_capi_calls_are_bracketed():
    m, fn = module_with_calls()
    assert guard_capi_calls(m, [fn]) == 1
    lines = [ln.strip() for ln in str(fn).splitlines() if "call" in ln]
    names = [ln.split("@")[1].split("(")[0].strip('"') for ln in lines]
    assert names == ["llvm.sqrt.f64", "sin", "PyGILState_Ensure", "Py_DecRef",
                     "PyGILState_Release"]


def test_needs_gil():
    m = ir.Module()
    declared = {n: ir.Function(m, ir.FunctionType(ir.VoidType(), []), name=n)
                for n in ("PyErr_CheckSignals", "_Py_Dealloc", "llvm.fma.f64", "hypot",
                          "some_unknown_symbol", "PyEval_SaveThread")}
    assert needs_gil(declared["PyErr_CheckSignals"]) and needs_gil(declared["_Py_Dealloc"])
    assert needs_gil(declared["some_unknown_symbol"])          # unknown: assume it does
    assert not needs_gil(declared["llvm.fma.f64"]) and not needs_gil(declared["hypot"])
    assert not needs_gil(declared["PyEval_SaveThread"])


def test_inline_refcounts_are_bracketed():
    """The module's own Py_IncRef / Py_DecRef (inlined refcounting) change a count in place:
    in nogil code they must hold the GIL like the C calls they replace (8 threads changing
    the count of one shared array without it crashed CI in test_nogil)."""
    from lesto.backend import capi

    m = ir.Module()
    fn = ir.Function(m, ir.FunctionType(ir.VoidType(), [PTR]), name="core")
    b = ir.IRBuilder(fn.append_basic_block())
    capi.call(b, "Py_IncRef", [fn.args[0]])
    capi.call(b, "Py_DecRef", [fn.args[0]])
    b.ret_void()
    assert guard_capi_calls(m, [fn]) == 2
    names = [ln.split("@")[1].split("(")[0].strip('"') for ln in str(fn).splitlines()
             if "call" in ln]
    inc, dec = ("lesto.Py_IncRef", "lesto.Py_DecRef") if capi.REFCOUNT_SCHEME else \
        ("Py_IncRef", "Py_DecRef")
    assert names == ["PyGILState_Ensure", inc, "PyGILState_Release",
                     "PyGILState_Ensure", dec, "PyGILState_Release"]
