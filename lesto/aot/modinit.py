"""The native half of an ahead-of-time module, in LLVM IR: PyInit_<name>, its PyModuleDef, the
PyMethodDef table of every compiled entry, the slots, and three small helpers.

    PyObject *PyInit_name(void)
        m = PyModule_Create2(&def, 1013); d = m.__dict__; d["__builtins__"] = builtins
        exec(compile(LOADER, ...), d)          # lesto/aot/loader.py + the module's data
        return m

The loader calls two methods of the module table, then deletes them:
    _lesto_make(i, self, modname)   PyCFunction_NewEx(&defs[i], self, modname): a builtin
    _lesto_slots(*objs)             stores each object in its slot (lesto_aot_slot.PATH)
and publishes, for each compiled function, a *head* builtin (METH_FASTCALL|METH_KEYWORDS):

    PyObject *head(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)
        kwnames != NULL -> self[2](*args, **kw)   (binds in Python, then calls head again)
        otherwise       -> first_entry(self, args, nargs)

whose `self` is the tuple (next, deopt, bind_keywords): the first specialization's checked
entry (backend/entry.py) reads items 0 and 1 of it as its own (mismatch, deopt) handlers."""
from __future__ import annotations

from dataclasses import dataclass

from llvmlite import ir

from lesto.aot.relocate import SMALL_INTS_PATH, slot_symbol
from lesto.backend.capi import PTR
from lesto.backend.context import I32, I64, cstring

METH_FASTCALL = 0x0080
METH_KEYWORDS = 0x0002
PYTHON_API_VERSION = 1013
PY_FILE_INPUT = 257
TP_VECTORCALL_OFFSET = 56         # offsetof(PyTypeObject, tp_vectorcall_offset), 3.10-3.13
NARGS_MASK = (1 << 63) - 1

METHOD_DEF = ir.LiteralStructType([PTR, PTR, I32, PTR])
MODULE_DEF = ir.LiteralStructType([I64, PTR, PTR, I64, PTR,          # m_base
                                   PTR, PTR, I64, PTR, PTR, PTR, PTR, PTR])
FASTCALL = ir.FunctionType(PTR, [PTR, PTR, I64])
VECTORCALL = ir.FunctionType(PTR, [PTR, PTR, I64, PTR])

_CAPI = {
    "PyModule_Create2": (PTR, [PTR, I32]),
    "PyModule_GetDict": (PTR, [PTR]),
    "PyEval_GetBuiltins": (PTR, []),
    "PyDict_SetItemString": (I32, [PTR, PTR, PTR]),
    "Py_CompileString": (PTR, [PTR, PTR, I32]),
    "PyEval_EvalCode": (PTR, [PTR, PTR, PTR]),
    "PyCFunction_NewEx": (PTR, [PTR, PTR, PTR]),
    "PyLong_AsLongLong": (I64, [PTR]),
    "PyLong_FromLongLong": (PTR, [I64]),
    "Py_IncRef": (ir.VoidType(), [PTR]),
    "Py_DecRef": (ir.VoidType(), [PTR]),
}


@dataclass
class MethodDef:
    """One PyMethodDef: `symbol` is the C function (an entry, or a head made here)."""

    name: str
    symbol: str
    flags: int
    doc: str | None = None


@dataclass
class Head:
    """The published builtin of one function: `first_entry` is its first signature's entry."""

    def_index: int
    symbol: str
    first_entry: str


def _capi(module: ir.Module, name: str) -> ir.Function:
    fn = module.globals.get(name)
    if fn is None:
        ret, args = _CAPI[name]
        fn = ir.Function(module, ir.FunctionType(ret, args), name=name)
    return fn


def _item(b: ir.IRBuilder, tup: ir.Value, index: int) -> ir.Value:
    """A tuple's item `index` (ob_item starts at offset 24)."""
    at = b.gep(tup, [ir.Constant(I64, 24 + 8 * index)], source_etype=ir.IntType(8))
    return b.load(at, typ=PTR)


def _arg(b: ir.IRBuilder, args: ir.Value, index: int) -> ir.Value:
    return b.load(b.gep(args, [ir.Constant(I64, index)], source_etype=PTR), typ=PTR)


def build_init_module(name: str, loader: str, defs: list[MethodDef], heads: list[Head],
                      slots: list[str], python: tuple[int, int]) -> str:
    """The IR text of the module's native glue (linked with the specializations' IR)."""
    module = ir.Module(name=f"lesto_aot_{name}")
    for path in slots:
        g = ir.GlobalVariable(module, PTR, name=slot_symbol(path))
        g.initializer = ir.Constant(PTR, None)   # hidden (below): the specializations'
        g.linkage = "common"     # one slot per path, also with several modules in one object
    for head in heads:
        _build_head(module, head)

    helpers = [MethodDef("_lesto_make", "lesto_aot.make", METH_FASTCALL),
               MethodDef("_lesto_slots", "lesto_aot.slots", METH_FASTCALL)]
    table = _method_table(module, "lesto_aot.defs", defs)
    _build_make(module, "lesto_aot.make", table)
    _build_slots(module, "lesto_aot.slots", slots)
    module_methods = _method_table(module, "lesto_aot.module_methods", helpers, sentinel=True)

    refcnt = 1 if python < (3, 12) else 0xFFFFFFFF      # immortal from 3.12 on
    null = ir.Constant(PTR, None)
    moddef = ir.GlobalVariable(module, MODULE_DEF, name="lesto_aot.moduledef")
    moddef.initializer = ir.Constant(MODULE_DEF, [
        ir.Constant(I64, refcnt), null, null, ir.Constant(I64, 0), null,
        cstring(module, name, "lesto_aot.name"), null, ir.Constant(I64, -1), module_methods,
        null, null, null, null])
    moddef.linkage = "internal"

    init = ir.Function(module, ir.FunctionType(PTR, []), name=f"PyInit_{name}")
    b = ir.IRBuilder(init.append_basic_block("entry"))
    fail = init.append_basic_block("fail")
    error = init.append_basic_block("error")
    m = b.call(_capi(module, "PyModule_Create2"), [moddef, ir.Constant(I32, PYTHON_API_VERSION)])
    created = init.append_basic_block("created")
    b.cbranch(b.icmp_unsigned("==", m, null), error, created)
    b.position_at_end(created)
    d = b.call(_capi(module, "PyModule_GetDict"), [m])
    builtins = b.call(_capi(module, "PyEval_GetBuiltins"), [])
    b.call(_capi(module, "PyDict_SetItemString"),
           [d, cstring(module, "__builtins__", "lesto_aot.builtins"), builtins])
    code = b.call(_capi(module, "Py_CompileString"),
                  [cstring(module, loader, "lesto_aot.loader"),
                   cstring(module, f"<lesto aot loader of {name}>", "lesto_aot.loader_name"),
                   ir.Constant(I32, PY_FILE_INPUT)])
    compiled = init.append_basic_block("compiled")
    b.cbranch(b.icmp_unsigned("==", code, null), fail, compiled)
    b.position_at_end(compiled)
    result = b.call(_capi(module, "PyEval_EvalCode"), [code, d, d])
    b.call(_capi(module, "Py_DecRef"), [code])
    ran = init.append_basic_block("ran")
    b.cbranch(b.icmp_unsigned("==", result, null), fail, ran)
    b.position_at_end(ran)
    b.call(_capi(module, "Py_DecRef"), [result])
    b.ret(m)
    b.position_at_end(fail)
    b.call(_capi(module, "Py_DecRef"), [m])
    b.branch(error)
    b.position_at_end(error)
    b.ret(null)
    # Slots are linked against the specializations' declarations, so not internal; hidden
    # keeps them out of the shared object's exported symbols (llvmlite.ir has no visibility).
    lines = [line.replace(" = common global ptr", " = common hidden global ptr", 1)
             if line.startswith('@"' + slot_symbol("")) else line
             for line in str(module).splitlines()]
    return "\n".join(lines) + "\n"


def _method_table(module: ir.Module, name: str, defs: list[MethodDef],
                  sentinel: bool = False) -> ir.GlobalVariable:
    null = ir.Constant(PTR, None)
    items = []
    for k, d in enumerate(defs):
        fn = module.globals.get(d.symbol)
        if fn is None:   # an entry defined in a specialization's module (linked in later)
            fn = ir.Function(module, FASTCALL, name=d.symbol)
        doc = cstring(module, d.doc, f"{name}.doc.{k}") if d.doc is not None else null
        items.append(ir.Constant(METHOD_DEF, [cstring(module, d.name, f"{name}.name.{k}"), fn,
                                              ir.Constant(I32, d.flags), doc]))
    if sentinel:
        items.append(ir.Constant(METHOD_DEF, [null, null, ir.Constant(I32, 0), null]))
    array = ir.ArrayType(METHOD_DEF, max(len(items), 1))
    if not items:
        items.append(ir.Constant(METHOD_DEF, [null, null, ir.Constant(I32, 0), null]))
    g = ir.GlobalVariable(module, array, name=name)
    g.initializer = ir.Constant(array, items)
    g.linkage = "internal"     # CPython keeps pointers into it: never constant-folded away
    return g


def _build_head(module: ir.Module, head: Head) -> None:
    fn = ir.Function(module, VECTORCALL, name=head.symbol)
    fn.linkage = "internal"
    self_, args, nargsf, kwnames = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    keywords = fn.append_basic_block("keywords")
    plain = fn.append_basic_block("positional")
    b.cbranch(b.icmp_unsigned("!=", kwnames, ir.Constant(PTR, None)), keywords, plain)
    b.position_at_end(plain)
    entry = module.globals.get(head.first_entry)
    if entry is None:
        entry = ir.Function(module, FASTCALL, name=head.first_entry)
    nargs = b.and_(nargsf, ir.Constant(I64, NARGS_MASK))
    b.ret(b.call(entry, [self_, args, nargs], tail=True))
    b.position_at_end(keywords)
    # bind_keywords is a Python function: call it through its type's vectorcall slot
    binder = _item(b, self_, 2)
    i8 = ir.IntType(8)
    tp = b.load(b.gep(binder, [ir.Constant(I64, 8)], source_etype=i8), typ=PTR)
    off = b.load(b.gep(tp, [ir.Constant(I64, TP_VECTORCALL_OFFSET)], source_etype=i8), typ=I64)
    vc = b.load(b.gep(binder, [off], source_etype=i8), typ=PTR)
    callee = b.inttoptr(b.ptrtoint(vc, I64), ir.PointerType(VECTORCALL))
    b.ret(b.call(callee, [binder, args, nargsf, kwnames], tail=True))


def _build_make(module: ir.Module, symbol: str, table: ir.GlobalVariable) -> None:
    fn = ir.Function(module, FASTCALL, name=symbol)
    fn.linkage = "internal"
    _, args, _ = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    index = b.call(_capi(module, "PyLong_AsLongLong"), [_arg(b, args, 0)])
    entry = b.gep(table, [index], source_etype=METHOD_DEF)
    b.ret(b.call(_capi(module, "PyCFunction_NewEx"), [entry, _arg(b, args, 1),
                                                      _arg(b, args, 2)]))


def _build_slots(module: ir.Module, symbol: str, slots: list[str]) -> None:
    fn = ir.Function(module, FASTCALL, name=symbol)
    fn.linkage = "internal"
    _, args, _ = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    for k, path in enumerate(slots):
        if path == SMALL_INTS_PATH:
            obj = b.call(_capi(module, "PyLong_FromLongLong"), [ir.Constant(I64, -5)])
        else:
            obj = _arg(b, args, k)
            b.call(_capi(module, "Py_IncRef"), [obj])
        b.store(obj, module.globals[slot_symbol(path)])
    none = ir.GlobalVariable(module, ir.IntType(8), name="_Py_NoneStruct")
    none.linkage = "external"
    b.call(_capi(module, "Py_IncRef"), [none])
    b.ret(none)
