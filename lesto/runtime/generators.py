"""lesto's generator type: what calling a compiled generator function returns.

Made once per process, on first use (compiled code names it `lesto_pyobj.` + GENERATOR_TYPE,
resolved when the code is loaded): a heap type from PyType_FromSpec whose tp_iternext,
tp_finalize, tp_dealloc and send are the native functions of backend/generator_ir.py, and whose
throw() and close() (on the native `_lesto_throw`), __repr__ and registration as a
collections.abc.Generator are Python.

    >>> g = compiled_gen(3)
    >>> type(g).__name__, next(g), g.send(None), list(g)
    ('generator', 0, 1, [2])

Differences from CPython's generators: `isinstance(g, types.GeneratorType)` is False (it is
a collections.abc.Generator), and there is no gi_frame / gi_code / gi_yieldfrom.
"""
from __future__ import annotations

import ctypes
from typing import Any

from lesto.backend.lower_generator import GEN_LAYOUT, GEN_SIZE

_type: Any = None
_keep: list[Any] = []   # the spec's strings and tables: the type points into them

# typeslots.h, structmember.h, methodobject.h, object.h
TP_DEALLOC, TP_ITER, TP_ITERNEXT, TP_METHODS, TP_MEMBERS, TP_FINALIZE = 52, 62, 63, 64, 72, 80
T_OBJECT, T_BOOL, T_PYSSIZET, READONLY = 6, 14, 19, 1
METH_O, METH_NOARGS = 0x0008, 0x0004
TPFLAGS_DEFAULT = 1 << 18
TPFLAGS_DISALLOW_INSTANTIATION = 1 << 7


class _Slot(ctypes.Structure):
    _fields_ = [("slot", ctypes.c_int), ("pfunc", ctypes.c_void_p)]


class _Spec(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("basicsize", ctypes.c_int),
                ("itemsize", ctypes.c_int), ("flags", ctypes.c_uint),
                ("slots", ctypes.POINTER(_Slot))]


class _Method(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("meth", ctypes.c_void_p),
                ("flags", ctypes.c_int), ("doc", ctypes.c_char_p)]


class _Member(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("type", ctypes.c_int),
                ("offset", ctypes.c_ssize_t), ("flags", ctypes.c_int),
                ("doc", ctypes.c_char_p)]


def __getattr__(name: str) -> Any:
    if name == "GENERATOR":
        return generator_type()
    raise AttributeError(name)


def generator_type() -> type:
    """The type (made on the first call)."""
    from lesto.runtime import engine as eng

    global _type
    with eng._lock:   # the loader may be asking for it (engine.load resolves the name)
        if _type is None:
            _type = _make_type(_addresses(eng.engine()))
        return _type


def _addresses(engine: Any) -> dict[str, int]:
    from lesto.backend.generator_ir import SYMBOLS, support_module

    obj = engine.compile(str(support_module()), 2)
    engine.load(obj, SYMBOLS[0])
    return {name: engine.address(name) for name in SYMBOLS}


def _make_type(addr: dict[str, int]) -> type:
    methods = (_Method * 3)(
        _Method(b"send", addr["lesto_gen_send"], METH_O,
                b"send(arg) -> send 'arg' into generator,\nreturn next yielded value or "
                b"raise StopIteration."),
        _Method(b"_lesto_throw", addr["lesto_gen_throw"], METH_O,
                b"_lesto_throw(exception) -> raise it where the generator is suspended."),
        _Method(None, None, 0, None))
    members = (_Member * 5)(
        _Member(b"__name__", T_OBJECT, GEN_LAYOUT["name"], READONLY, None),
        _Member(b"__qualname__", T_OBJECT, GEN_LAYOUT["qualname"], READONLY, None),
        _Member(b"gi_running", T_BOOL, GEN_LAYOUT["running"], READONLY, None),
        _Member(b"_lesto_frame", T_PYSSIZET, GEN_LAYOUT["frame"], READONLY, None),
        _Member(None, 0, 0, 0, None))
    self_iter = ctypes.cast(ctypes.pythonapi.PyObject_SelfIter, ctypes.c_void_p).value
    slots = (_Slot * 7)(
        _Slot(TP_DEALLOC, addr["lesto_gen_dealloc"]), _Slot(TP_ITER, self_iter),
        _Slot(TP_FINALIZE, addr["lesto_gen_finalize"]),
        _Slot(TP_ITERNEXT, addr["lesto_gen_iternext"]),
        _Slot(TP_METHODS, ctypes.cast(methods, ctypes.c_void_p).value),
        _Slot(TP_MEMBERS, ctypes.cast(members, ctypes.c_void_p).value), _Slot(0, None))
    name = b"lesto.generator"
    spec = _Spec(name, GEN_SIZE, 0, TPFLAGS_DEFAULT | TPFLAGS_DISALLOW_INSTANTIATION, slots)
    _keep.extend((methods, members, slots, name, spec))
    from_spec = ctypes.pythonapi.PyType_FromSpec
    from_spec.restype = ctypes.py_object
    from_spec.argtypes = [ctypes.POINTER(_Spec)]
    t = from_spec(ctypes.byref(spec))
    t.throw = _throw
    t.close = _close
    t.__repr__ = lambda self: f"<generator object {self.__qualname__} at {id(self):#x}>"
    t.__doc__ = "A generator of a function compiled by lesto."
    import collections.abc

    collections.abc.Generator.register(t)
    return t


def _throw(gen: Any, typ: Any = None, val: Any = None, tb: Any = None) -> Any:
    """throw(value) / throw(type[, value[, tb]]): the exception raised where the generator is
    suspended (CPython's argument rules); what it yields next, or its exception."""
    if isinstance(typ, type) and issubclass(typ, BaseException):
        exc = val if isinstance(val, typ) else \
            typ() if val is None else typ(*val) if isinstance(val, tuple) else typ(val)
    elif isinstance(typ, BaseException):
        if val is not None:
            raise TypeError("instance exception may not have a separate value")
        exc = typ
    else:
        raise TypeError("exceptions must be classes or instances deriving from "
                        f"BaseException, not {type(typ).__name__}")
    if tb is not None:
        import types

        if not isinstance(tb, types.TracebackType):
            raise TypeError("throw() third argument must be a traceback object")
        exc = exc.with_traceback(tb)
    return gen._lesto_throw(exc)


def _close(gen: Any) -> Any:
    """close(): GeneratorExit raised where the generator is suspended; None if it leaves
    (3.13: the value it returns), RuntimeError if it yields instead."""
    import sys

    if gen._lesto_frame == 0 and not gen.gi_running:
        return None
    try:
        gen._lesto_throw(GeneratorExit())
    except GeneratorExit:
        return None
    except StopIteration as e:
        return e.value if sys.version_info >= (3, 13) else None
    raise RuntimeError("generator ignored GeneratorExit")
