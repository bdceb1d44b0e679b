"""Wrap a native METH_FASTCALL entry point as a builtin function object (PyCFunction_NewEx).

CPython copies neither the PyMethodDef nor its strings: `Builtin.keepalive` holds them, and the
owner must keep the Builtin as long as the function object can be called."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any

METH_FASTCALL = 0x80
METH_KEYWORDS = 0x02


class PyMethodDef(ctypes.Structure):
    _fields_ = [("ml_name", ctypes.c_char_p), ("ml_meth", ctypes.c_void_p),
                ("ml_flags", ctypes.c_int), ("ml_doc", ctypes.c_char_p)]


_new_ex = ctypes.pythonapi.PyCFunction_NewEx
_new_ex.restype = ctypes.py_object
_new_ex.argtypes = [ctypes.c_void_p, ctypes.py_object, ctypes.c_void_p]


@dataclass
class Builtin:
    function: Any
    keepalive: tuple[Any, ...]


def make_builtin(name: str, address: int, self_obj: Any, doc: str | None = None,
                 flags: int = METH_FASTCALL) -> Builtin:
    name_b = name.encode()
    doc_b = doc.encode() if doc else None
    mdef = PyMethodDef(name_b, address, flags, doc_b)
    fn = _new_ex(ctypes.addressof(mdef), self_obj, None)
    return Builtin(fn, (mdef, name_b, doc_b, self_obj))
