"""The native base type of dispatchers, and the type-switch tables behind each of them.

`NativeBase` is a heap type made with PyType_FromSpec whose instances carry a vectorcall
function pointer and a table pointer (see backend/dispatch_ir.py).  `Dispatcher` subclasses it
in Python; `enable_vectorcall(cls)` sets the subclass's vectorcall flag and offset (CPython
3.10/3.11 do not inherit them into mutable classes), so calling a dispatcher goes straight
into native code: ~30 ns, like a C builtin, instead of a Python-level `__call__`.

Until its first signature is compiled a dispatcher has no vectorcall pointer, and CPython calls
its Python `__call__` instead; so `import lesto` loads no LLVM."""
from __future__ import annotations

import ctypes
from ctypes import POINTER, Structure, c_char_p, c_int, c_ssize_t, c_uint, c_void_p, py_object
from typing import Any

from lesto.backend.dispatch_ir import (
    ENTRY_WORDS, HEADER_WORDS, MAX_ARGS, SYMBOL, TABLE_OFFSET, VECTORCALL_OFFSET, type_key,
)

Py_tp_call, Py_tp_new, Py_tp_members = 50, 65, 72
T_PYSSIZET, READONLY = 19, 1
TPFLAGS_BASETYPE, TPFLAGS_HAVE_VECTORCALL = 1 << 10, 1 << 11
TP_VECTORCALL_OFFSET, TP_FLAGS = 56, 168   # offsets in PyTypeObject, CPython 3.10-3.13


class _Slot(Structure):
    _fields_ = [("slot", c_int), ("pfunc", c_void_p)]


class _Spec(Structure):
    _fields_ = [("name", c_char_p), ("basicsize", c_int), ("itemsize", c_int),
                ("flags", c_uint), ("slots", POINTER(_Slot))]


class _Member(Structure):
    _fields_ = [("name", c_char_p), ("type", c_int), ("offset", c_ssize_t), ("flags", c_int),
                ("doc", c_char_p)]


def _make_base() -> tuple[type, tuple[Any, ...]]:
    api = ctypes.pythonapi
    members = (_Member * 2)(_Member(b"__vectorcalloffset__", T_PYSSIZET, VECTORCALL_OFFSET,
                                    READONLY, None), _Member())
    slots = (_Slot * 4)(_Slot(Py_tp_call, ctypes.cast(api.PyVectorcall_Call, c_void_p)),
                        _Slot(Py_tp_new, ctypes.cast(api.PyType_GenericNew, c_void_p)),
                        _Slot(Py_tp_members, ctypes.addressof(members)), _Slot(0, None))
    name = b"lesto.NativeBase"
    spec = _Spec(name, TABLE_OFFSET + 8, 0, TPFLAGS_BASETYPE | TPFLAGS_HAVE_VECTORCALL, slots)
    from_spec = api.PyType_FromSpec
    from_spec.restype = py_object
    from_spec.argtypes = [c_void_p]
    base = from_spec(ctypes.addressof(spec))
    return base, (members, slots, name, spec)


NativeBase, _keepalive = _make_base()


def enable_vectorcall(cls: type) -> None:
    """Give a Python subclass of NativeBase the vectorcall protocol of its base."""
    ctypes.c_ssize_t.from_address(id(cls) + TP_VECTORCALL_OFFSET).value = VECTORCALL_OFFSET
    flags = ctypes.c_ulong.from_address(id(cls) + TP_FLAGS)
    flags.value |= TPFLAGS_HAVE_VECTORCALL


_dispatch_address: int | None = None


def dispatch_address() -> int:
    """Address of the native type switch: loaded from the cache, else compiled (once)."""
    global _dispatch_address
    if _dispatch_address is None:
        _dispatch_address = _load_dispatch()
    return _dispatch_address


def _load_dispatch() -> int:
    import hashlib
    import json

    from lesto.backend.dispatch_ir import build_dispatch_module
    from lesto.cache import store
    from lesto.cache.key import environment
    from lesto.runtime.engine import engine

    eng = engine()
    env = environment(3)
    key = "dispatch-" + hashlib.sha256(json.dumps(env, sort_keys=True).encode()).hexdigest()[:32]
    try:
        found = store.read(key)
    except (store.CorruptEntry, OSError):
        found = None
    if found is not None and found[0].get("env") == env:
        return eng.load(found[1], SYMBOL)
    obj = eng.compile(build_dispatch_module())
    try:
        store.write(key, {"env": env}, obj)
    except OSError:
        pass
    return eng.load(obj, SYMBOL)


def install_table(obj: Any, slow: Any, entries: list[tuple[tuple[type, ...], int, Any]],
                  ) -> Any:
    """Point `obj` at a fresh table of (exact argument types, FASTCALL address, entry self)
    entries; returns the buffer, which the caller must keep alive with `obj`."""
    usable = [e for e in entries if len(e[0]) <= MAX_ARGS]
    n_entries = len(usable)
    words = (ctypes.c_uint64 * (HEADER_WORDS + (1 + ENTRY_WORDS) * n_entries))()
    words[0] = n_entries
    words[1] = id(slow)
    for n, (types, address, entry_self) in enumerate(usable):
        words[HEADER_WORDS + n] = type_key([id(t) for t in types])
        base = HEADER_WORDS + n_entries + n * ENTRY_WORDS
        words[base] = len(types)
        words[base + 1] = address
        words[base + 2] = id(entry_self)
        for i, t in enumerate(types):
            words[base + 3 + i] = id(t)
    ctypes.c_void_p.from_address(id(obj) + TABLE_OFFSET).value = ctypes.addressof(words)
    ctypes.c_void_p.from_address(id(obj) + VECTORCALL_OFFSET).value = dispatch_address()
    return words
