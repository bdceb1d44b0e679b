"""The CPython C-API functions and objects generated code uses: one declared table.

Every reference is by symbol name (never a baked address), so object code can be cached and
loaded into another process; `runtime/engine.py` resolves the names when loading."""
from __future__ import annotations

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
    "Py_IncRef": (ir.VoidType(), [PTR]),
    "Py_DecRef": (ir.VoidType(), [PTR]),
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
}

# Data symbols whose *address* is the object (type objects and singletons).
OBJECTS = ("PyLong_Type", "PyFloat_Type", "PyBool_Type", "PyTuple_Type", "PyComplex_Type", "_Py_TrueStruct",
           "_Py_FalseStruct", "_Py_NoneStruct")


def function(module: ir.Module, name: str) -> ir.Function:
    existing = module.globals.get(name)
    if existing is not None:
        return existing
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
    return builder.call(function(builder.module, name), args)


def vectorcall(builder: ir.IRBuilder, callee: ir.Value, objs: list[ir.Value],
               method: bool = False) -> ir.Value:
    """callee(*objs) through PyObject_VectorcallDict (or, with `method`, the method named by
    the str `callee` of objs[0] through PyObject_VectorcallMethod): a new reference, or NULL
    with an exception set.  The argument array lives in the function's entry block."""
    b = builder
    with b.goto_entry_block():
        argv = b.alloca(PTR, size=max(len(objs), 1))
    for i, obj in enumerate(objs):
        if obj.type != PTR:
            obj = b.bitcast(obj, PTR)
        b.store(obj, b.gep(argv, [ir.Constant(I64, i)], source_etype=PTR))
    name = "PyObject_VectorcallMethod" if method else "PyObject_VectorcallDict"
    return call(b, name, [callee, argv, ir.Constant(I64, len(objs)), ir.Constant(PTR, None)])


# Objects compiled code refers to that no path names (a module's globals, a user class, a
# default argument, a string constant): kept alive here, named `pin.<id>` (see pinned).
PINNED: dict[int, object] = {}


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
