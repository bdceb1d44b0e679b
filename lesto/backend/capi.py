"""The CPython C-API functions and objects generated code uses: one declared table.

Every reference is by symbol name (never a baked address), so object code can be cached and
loaded into another process; `runtime/engine.py` resolves the names when loading."""
from __future__ import annotations

import sys

from llvmlite import ir

from lesto.backend.context import F64, I32, I64

PTR = ir.PointerType()

# name -> (return type, argument types)
FUNCTIONS: dict[str, tuple[ir.Type, list[ir.Type]]] = {
    "PyLong_AsLongLong": (I64, [PTR]),
    "PyLong_FromLongLong": (PTR, [I64]),
    "PyFloat_FromDouble": (PTR, [F64]),
    "PyErr_Occurred": (PTR, []),
    "PyErr_Clear": (ir.VoidType(), []),
    "PyTuple_New": (PTR, [I64]),
    "PyTuple_SetItem": (I32, [PTR, I64, PTR]),
    "PyTuple_GetItem": (PTR, [PTR, I64]),
    "PyObject_VectorcallDict": (PTR, [PTR, PTR, I64, PTR]),
    "PyObject_Vectorcall": (PTR, [PTR, PTR, I64, PTR]),
    "Py_IncRef": (ir.VoidType(), [PTR]),
    "Py_DecRef": (ir.VoidType(), [PTR]),
    "_Py_Dealloc": (ir.VoidType(), [PTR]),
    "PyErr_CheckSignals": (I32, []),
    "PyList_New": (PTR, [I64]),
    "PyList_Append": (I32, [PTR, PTR]),
    "PyObject_VectorcallMethod": (PTR, [PTR, PTR, I64, PTR]),
    "PyFloat_AsDouble": (F64, [PTR]),
    "PyObject_IsTrue": (I32, [PTR]),
    "PyComplex_FromDoubles": (PTR, [F64, F64]),
    "PyComplex_RealAsDouble": (F64, [PTR]),
    "PyComplex_ImagAsDouble": (F64, [PTR]),
    "PyTraceBack_Here": (I32, [PTR]),
    "PyMem_Calloc": (PTR, [I64, I64]),
    "PyMem_Free": (ir.VoidType(), [PTR]),
    "PyErr_NoMemory": (PTR, []),
    "PyType_GenericAlloc": (PTR, [PTR, I64]),
    "PyObject_Free": (ir.VoidType(), [PTR]),
    "PyErr_SetString": (ir.VoidType(), [PTR, PTR]),
    "PyErr_SetNone": (ir.VoidType(), [PTR]),
    "PyErr_SetObject": (ir.VoidType(), [PTR, PTR]),
    "PyErr_ExceptionMatches": (I32, [PTR]),
    "PyErr_Fetch": (ir.VoidType(), [PTR, PTR, PTR]),
    "PyErr_Restore": (ir.VoidType(), [PTR, PTR, PTR]),
    "PyErr_NormalizeException": (ir.VoidType(), [PTR, PTR, PTR]),
    "PyException_SetTraceback": (I32, [PTR, PTR]),
    "PyException_SetCause": (ir.VoidType(), [PTR, PTR]),
    "PyException_SetContext": (ir.VoidType(), [PTR, PTR]),
    "PyErr_WriteUnraisable": (ir.VoidType(), [PTR]),
    "PyObject_CallFinalizerFromDealloc": (I32, [PTR]),
}

# Variadic functions: name -> (return type, the fixed argument types).
VARIADIC: dict[str, tuple[ir.Type, list[ir.Type]]] = {
    "PyErr_Format": (PTR, [PTR, PTR]),
    "PyObject_CallFunctionObjArgs": (PTR, [PTR]),
    "PyObject_CallMethod": (PTR, [PTR, PTR, PTR]),
}

# Data symbols whose *address* is the object (type objects and singletons).
OBJECTS = ("PyLong_Type", "PyFloat_Type", "PyBool_Type", "PyTuple_Type", "PyComplex_Type", "_Py_TrueStruct",
           "_Py_FalseStruct", "_Py_NoneStruct")


def function(module: ir.Module, name: str) -> ir.Function:
    existing = module.globals.get(name)
    if existing is not None:
        return existing
    if name in VARIADIC:
        ret, args = VARIADIC[name]
        return ir.Function(module, ir.FunctionType(ret, args, var_arg=True), name=name)
    ret, args = FUNCTIONS[name]
    return ir.Function(module, ir.FunctionType(ret, args), name=name)


def external(module: ir.Module, name: str, typ: ir.Type = ir.IntType(8)) -> ir.GlobalVariable:
    """The module's declaration of the external data symbol `name` (made once)."""
    existing = module.globals.get(name)
    if existing is not None:
        return existing
    g = ir.GlobalVariable(module, typ, name=name)
    g.linkage = "external"
    return g


def obj(module: ir.Module, name: str) -> ir.GlobalVariable:
    assert name in OBJECTS
    return external(module, name)


VAR_PREFIX = "lesto_cvar."


def exc_object(builder: ir.IRBuilder, name: str) -> ir.Value:
    """The exception class behind a `PyExc_*` variable (a PyObject * to load).  The symbol is
    lesto's own name for the variable (VAR_PREFIX + name), which the runtime resolves to the
    variable's address: other users of LLVM in the process (Numba) register `PyExc_*` names
    with other meanings."""
    return builder.load(external(builder.module, VAR_PREFIX + name, PTR), typ=PTR)


PYOBJ_PREFIX = "lesto_pyobj."


def frame_path(filename: str, function: str, line: int) -> str:
    """The path of the frame object that stands for a compiled function at `line` in
    tracebacks (runtime/frames.py makes it from the name)."""
    key = "\0".join((filename, function, str(line))).encode("utf-8", "surrogatepass")
    return "lesto.runtime.frames.f" + key.hex()


def pyobj(module: ir.Module, path: str) -> ir.GlobalVariable:
    """A Python object named by `path` ('numpy.zeros', 'dtype.int32', 'str.sum'): its
    address is resolved by the runtime when the code is loaded (never baked in)."""
    return external(module, PYOBJ_PREFIX + path)


def call(builder: ir.IRBuilder, name: str, args: list[ir.Value]) -> ir.Value:
    if name in REFCOUNT_SCHEME:
        return builder.call(refcount_function(builder.module, name), args)
    return builder.call(function(builder.module, name), args)


def _refcount_scheme() -> dict[str, str]:
    """How Py_INCREF / Py_DECREF work in the interpreter that compiles (whose version the code
    is for: `lesto build --python` runs the build under the target version): "plain" (3.10,
    3.11: one 64-bit count), "immortal" (3.12+: a negative low 32-bit half marks an immortal
    object, never counted).  Empty (call Py_IncRef / Py_DecRef) in a debug build, which also
    keeps a total, and in a free-threaded one, whose counts are split between threads."""
    import sys
    import sysconfig

    if hasattr(sys, "gettotalrefcount") or sysconfig.get_config_var("Py_GIL_DISABLED") \
            or sys.byteorder != "little":   # (the immortal test reads the low half first)
        return {}
    scheme = "immortal" if sys.version_info >= (3, 12) else "plain"
    return {"Py_IncRef": scheme, "Py_DecRef": scheme}


REFCOUNT_SCHEME = _refcount_scheme()
INLINE_REFCOUNTS = ("lesto.Py_IncRef", "lesto.Py_DecRef")   # refcount_function's names


def refcount_function(module: ir.Module, name: str) -> ir.Function:
    """The module's own NULL-safe Py_IncRef / Py_DecRef, which O3 inlines where it is called:
    what the C macros do, instead of a call into libpython per reference (richards spent 16%
    of its time in the two calls).  Reaching zero calls _Py_Dealloc, as the macros do."""
    own = "lesto." + name
    existing = module.globals.get(own)
    if existing is not None:
        return existing
    fn = ir.Function(module, ir.FunctionType(ir.VoidType(), [PTR]), name=own)
    fn.linkage = "internal"   # not alwaysinline: the quick tier calls it (inlined there,
    fn.attributes.add("inlinehint")  # richards' methods took 5 s instead of 1 to compile),
    fn.attributes.add("nounwind")    # O3 inlines it
    obj = fn.args[0]
    entry, work, done = (fn.append_basic_block(n) for n in ("entry", "work", "done"))
    b = ir.IRBuilder(entry)
    b.cbranch(b.icmp_unsigned("==", obj, ir.Constant(PTR, None)), done, work)
    b.position_at_end(work)
    immortal = REFCOUNT_SCHEME[name] == "immortal"
    if name == "Py_IncRef":
        if immortal:   # the low half (little-endian): an immortal's wraps to 0, left as is
            low = b.load(obj, typ=I32)
            new = b.add(low, ir.Constant(I32, 1))
            keep = b.append_basic_block("count")
            b.cbranch(b.icmp_unsigned("==", new, ir.Constant(I32, 0)), done, keep)
            b.position_at_end(keep)
            b.store(new, obj)
        else:
            b.store(b.add(b.load(obj, typ=I64), ir.Constant(I64, 1)), obj)
        b.branch(done)
    else:
        count = b.load(obj, typ=I64)
        if immortal:
            mortal = b.append_basic_block("mortal")
            b.cbranch(b.icmp_signed("<", b.trunc(count, I32), ir.Constant(I32, 0)), done,
                      mortal)
            b.position_at_end(mortal)
        left = b.sub(count, ir.Constant(I64, 1))
        b.store(left, obj)
        dealloc = b.append_basic_block("dealloc")
        b.cbranch(b.icmp_unsigned("==", left, ir.Constant(I64, 0)), dealloc, done)
        b.position_at_end(dealloc)
        b.call(function(module, "_Py_Dealloc"), [obj])
        b.branch(done)
    b.position_at_end(done)
    b.ret_void()
    return fn


# With no keywords, PyObject_Vectorcall (exported from 3.11) calls the callee's vectorcall
# slot directly; PyObject_VectorcallDict goes through _PyObject_FastCallDictTstate first.
PLAIN_CALL = "PyObject_Vectorcall" if sys.version_info >= (3, 11) else "PyObject_VectorcallDict"


def vectorcall(builder: ir.IRBuilder, callee: ir.Value, objs: list[ir.Value],
               method: bool = False) -> ir.Value:
    """callee(*objs) through PLAIN_CALL (or, with `method`, the method named by
    the str `callee` of objs[0] through PyObject_VectorcallMethod): a new reference, or NULL
    with an exception set.  The argument array lives in the function's entry block."""
    b = builder
    with b.goto_entry_block():
        argv = b.alloca(PTR, size=max(len(objs), 1))
    for i, obj in enumerate(objs):
        if obj.type != PTR:
            obj = b.bitcast(obj, PTR)
        b.store(obj, b.gep(argv, [ir.Constant(I64, i)], source_etype=PTR))
    name = "PyObject_VectorcallMethod" if method else PLAIN_CALL
    return call(b, name, [callee, argv, ir.Constant(I64, len(objs)), ir.Constant(PTR, None)])


# Objects compiled code refers to that no path names (a module's globals, a user class, a
# default argument, a string constant): kept alive here, named `pin.<id>` (see pinned).
PINNED: dict[int, object] = {}


def type_lookup(t: type, name: str) -> object:
    """What `_PyType_Lookup` finds: `name` in the first class of t's MRO that defines it
    (None if none does)."""
    return next((vars(k)[name] for k in t.__mro__ if name in vars(k)), None)


def pin_path(value: object) -> str:
    """The `pyobj` path of a Python object: `builtins.<name>` for the builtins, `str.<name>`
    for identifier strings (interned, as CPython interns them in code), else `pin.<id>` (the
    object is kept alive for the process; code using one is not cached on disk)."""
    import builtins
    import sys

    if type(value) is str and value.isidentifier() and value.isascii():
        return "str." + sys.intern(value)
    name = getattr(value, "__name__", None)
    if isinstance(name, str) and getattr(builtins, name, None) is value:
        return "builtins." + name
    if value is builtins.__dict__:
        return "builtins.__dict__"
    PINNED[id(value)] = value
    return f"pin.{id(value)}"


def pinned(module: ir.Module, value: object) -> ir.GlobalVariable:
    """A borrowed reference to `value` (see pin_path)."""
    return pyobj(module, pin_path(value))


def uses_pins(module: ir.Module) -> bool:
    """Whether the module refers to objects only this process has (it cannot be cached)."""
    return any(name.startswith(PYOBJ_PREFIX + "pin.") for name in module.globals)
