"""The native base type of dispatchers, and the type-switch tables behind each of them.

`NativeBase` is a heap type made with PyType_FromSpec whose instances carry a vectorcall
function pointer and a table pointer (see backend/dispatch_ir.py).  `Dispatcher` subclasses it
in Python; `enable_vectorcall(cls)` sets the subclass's vectorcall flag and offset (CPython
3.10/3.11 do not inherit them into mutable classes), so calling a dispatcher goes straight
into native code, like a C builtin, instead of a Python-level `__call__`: `add(1, 2)` costs
about 1.35x `operator.add` on CPython 3.11 (which specialises calls to builtins, not to
other callables), and less than `operator.add` on 3.10 and 3.13.

Until its first decision (a compiled signature, or a call left to the interpreter) a dispatcher
has no vectorcall pointer, and CPython calls its Python `__call__` instead; so `import lesto`
loads no LLVM.

The type also has Py_TPFLAGS_METHOD_DESCRIPTOR: a dispatcher stored in a class is called as
`obj.m(x)` with `obj` as its first vectorcall argument, without a bound-method object (as
CPython's own functions are).  The dispatcher's `__get__` still gives a bound method for
`obj.m` used as a value."""
from __future__ import annotations

import contextlib
import ctypes
from ctypes import POINTER, Structure, c_char_p, c_int, c_ssize_t, c_uint, c_void_p, py_object
from types import MethodType
from typing import Any, Iterator, NamedTuple

from lesto.backend.dispatch_ir import (
    ARRAY_WORD, ARRAY_WORDS, ENTRY_WORDS, HEADER_WORDS, HOT_WORD, KW_FLAG, KW_WORD, MASK_WORD,
    MAX_ARGS, TABLE_OFFSET, TARGET_OFFSET, TYPE_WORD, VECTORCALL_OFFSET, dispatch_symbol,
)

Py_tp_call, Py_tp_new, Py_tp_members = 50, 65, 72
T_PYSSIZET, READONLY = 19, 1
TPFLAGS_BASETYPE, TPFLAGS_HAVE_VECTORCALL = 1 << 10, 1 << 11
TPFLAGS_METHOD_DESCRIPTOR = 1 << 17
TPFLAGS_IMMUTABLETYPE = 1 << 8
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
    spec = _Spec(name, TARGET_OFFSET + 8, 0, TPFLAGS_BASETYPE | TPFLAGS_HAVE_VECTORCALL, slots)
    from_spec = api.PyType_FromSpec
    from_spec.restype = py_object
    from_spec.argtypes = [c_void_p]
    base = from_spec(ctypes.addressof(spec))
    return base, (members, slots, name, spec)


NativeBase, _keepalive = _make_base()


def enable_vectorcall(cls: type, method: bool = False) -> None:
    """Give a Python subclass of NativeBase the vectorcall protocol of its base, and with
    `method` the method-descriptor flag (see the module docstring)."""
    ctypes.c_ssize_t.from_address(id(cls) + TP_VECTORCALL_OFFSET).value = VECTORCALL_OFFSET
    flags = ctypes.c_ulong.from_address(id(cls) + TP_FLAGS)
    flags.value |= TPFLAGS_HAVE_VECTORCALL | (TPFLAGS_METHOD_DESCRIPTOR if method else 0)


def set_immutable(cls: type, immutable: bool = True) -> None:
    """Set or clear Py_TPFLAGS_IMMUTABLETYPE.  CPython 3.12+ specialises `obj.m` into
    LOAD_ATTR_METHOD_* only for descriptors of immutable types (about 40 ns a method call on
    3.13); tests that patch the class clear it while they do (see `patchable`)."""
    flags = ctypes.c_ulong.from_address(id(cls) + TP_FLAGS)
    if immutable:
        flags.value |= TPFLAGS_IMMUTABLETYPE
    else:
        flags.value &= ~TPFLAGS_IMMUTABLETYPE


@contextlib.contextmanager
def patchable(cls: type) -> Iterator[None]:
    """`with patchable(Dispatcher): Dispatcher.x = ...`: the class made mutable for the block,
    then immutable again with its vectorcall and method-descriptor flags (assigning some
    attributes clears them on CPython 3.12+)."""
    set_immutable(cls, False)
    try:
        yield
    finally:
        enable_vectorcall(cls, method=True)
        set_immutable(cls, True)


def set_vectorcall(obj: Any, address: int | None) -> None:
    """Point `obj`'s vectorcall function at `address` (None: its Python `__call__`)."""
    ctypes.c_void_p.from_address(id(obj) + VECTORCALL_OFFSET).value = address


def set_target(obj: Any, target: Any) -> None:
    """Store `target` (borrowed: the caller keeps it alive) for lesto_forward_target."""
    ctypes.c_void_p.from_address(id(obj) + TARGET_OFFSET).value = id(target)


def has_vectorcall(obj: Any) -> bool:
    return bool(type(obj).__flags__ & TPFLAGS_HAVE_VECTORCALL)


_dispatch_addresses: dict[tuple[int | None, bool], int] = {}


def dispatch_address(nargs: int | None = None, arrays: bool = False) -> int:
    """Address of the native type switch for tables whose entries all take `nargs`
    arguments (None: any table), comparing array keys too if `arrays`; loaded from the cache,
    else compiled (once per process)."""
    address = _dispatch_addresses.get((nargs, arrays))
    if address is None:
        address = _dispatch_addresses[nargs, arrays] = _load_dispatch(nargs, arrays)
    return address


def _load_dispatch(nargs: int | None, arrays: bool) -> int:
    from lesto.backend.dispatch_ir import build_dispatch_module

    key = f"dispatch-{'arrays-' if arrays else ''}{'any' if nargs is None else nargs}"
    return load_native(key, dispatch_symbol(nargs, arrays),
                        lambda: build_dispatch_module(nargs, arrays))


_forward_addresses: dict[str, int] = {}


def forward_address(symbol: str) -> int:
    """Address of one of backend/forward_ir.py's functions (the module is loaded once)."""
    if not _forward_addresses:
        from lesto.backend.forward_ir import SYMBOLS, build_forward_module
        from lesto.runtime.engine import engine

        # No IR optimisation: the forwarders are straight-line shims (O3's object is 2792
        # bytes, O0's 2752; keyword calls through lesto_bind 42.6 ns against 41.5), and a
        # cold first call waits for this compile (8.5 ms against 16-24 ms at O3)
        first = load_native("forward", SYMBOLS[0], build_forward_module, speed=0)
        addresses = {SYMBOLS[0]: first}
        for name in SYMBOLS[1:]:
            addresses[name] = engine().address(name)
        _forward_addresses.update(addresses)
        for hook in ready_hooks:
            hook()
    return _forward_addresses[symbol]


ready_hooks: list[Any] = []   # run once, when the forwarders are first loaded


def native_ready() -> bool:
    """True once the forwarders are loaded (and with them LLVM): a dispatcher made now can
    run every call, its first one included, through a native switch."""
    return bool(_forward_addresses)


def resolve_call_builtin(resolver: Any) -> Any:
    """A builtin (METH_FASTCALL | METH_KEYWORDS) that calls `resolver` and then, from native
    code, the call it answers (see backend/forward_ir.py): returns the Builtin to keep."""
    from lesto.backend.forward_ir import RESOLVE_CALL
    from lesto.runtime.builtin_fn import METH_FASTCALL, METH_KEYWORDS, make_builtin

    if not has_vectorcall(resolver):
        resolver = MethodType(_call_self, resolver)
    return make_builtin("lesto_resolve", forward_address(RESOLVE_CALL), resolver, None,
                        METH_FASTCALL | METH_KEYWORDS)


def load_native(name: str, symbol: str, build: Any, speed: int = 3) -> int:
    """Load the object code of a native helper module from the on-disk cache, else compile
    `build()` (at optimisation level `speed`) and store it; returns the address of
    `symbol`."""
    import hashlib
    import json

    from lesto.cache import store
    from lesto.cache.key import environment
    from lesto.runtime.engine import engine

    eng = engine()
    env = environment(speed)   # the level is part of the environment, hence of the key
    digest = hashlib.sha256(json.dumps(env, sort_keys=True).encode()).hexdigest()[:32]
    key = f"{name}-{digest}"
    try:
        found = store.read(key)
    except (store.CorruptEntry, OSError):
        found = None
    if found is not None and found[0].get("env") == env:
        return eng.load(found[1], symbol)
    obj = eng.compile(build(), speed=speed)
    try:
        store.write(key, {"env": env}, obj)
    except OSError:
        pass
    return eng.load(obj, symbol)


def _call_self(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Bound to a slow-path callable that is not a bound method (see install_table)."""
    return fn(*args, **kwargs)


class Entry(NamedTuple):
    """One specialization in a table: the exact Python type of each argument, the address of
    its METH_FASTCALL entry, that entry's `self`, and per argument its Array type as the
    words of backend/boxing.array_words (None for an argument that is not an array; no
    `arrays` at all for an entry without them).  An entry with arrays is reached only through
    the switches that test them: its fast entry does not check the arrays again."""

    types: tuple[type, ...]
    address: int
    entry_self: Any
    arrays: tuple[tuple[int, ...] | None, ...] = ()
    kwnames: tuple[str, ...] | None = None    # a keyword entry: `types` are positional
                                              # then keyword values


def install_table(obj: Any, slow: Any, entries: list[Entry] | list[tuple[Any, ...]],
                  vectorcall: bool = True) -> Any:
    """Point `obj` at a fresh table of entries (Entry, or a tuple of its fields); returns the
    buffer, which the caller must keep alive with `obj`.  For each argument count the last
    entry starts hot (a dispatcher adds last the signature it has just been called with).
    The switch is installed as `obj`'s vectorcall function unless `vectorcall` is False
    (the caller then sets it: see Dispatcher._install); `words.switch` is its address."""
    if not has_vectorcall(slow):
        # The native slow path calls through the vectorcall pointer of its callable.
        slow = MethodType(_call_self, slow)
    usable = [Entry(*e) for e in entries if len(e[0]) <= MAX_ARGS]
    n_entries = len(usable)
    words = (ctypes.c_uint64 * (HEADER_WORDS + ENTRY_WORDS * (n_entries + 1)))()
    words.refs = (slow, [(e.entry_self, e.kwnames) for e in usable])  # alive with the table
    first = ctypes.addressof(words) + 8 * HEADER_WORDS
    words[0] = n_entries
    words[1] = id(slow)
    sentinel = first + 8 * ENTRY_WORDS * n_entries
    words[HEADER_WORDS + ENTRY_WORDS * n_entries] = 2**64 - 1     # nargs -1, types 0
    hot = [sentinel] * (MAX_ARGS + 1)
    arrays = False
    for n, (types, address, entry_self, array_types, kwnames) in enumerate(usable):
        base = HEADER_WORDS + n * ENTRY_WORDS
        if kwnames is not None:
            words[base] = (len(types) - len(kwnames)) | KW_FLAG
            words[base + KW_WORD] = id(kwnames)
        else:
            words[base] = len(types)
        words[base + 1] = address
        # (a ctypes array, e.g. a binding plan, is passed as its buffer)
        words[base + 2] = (ctypes.addressof(entry_self) if isinstance(entry_self, ctypes.Array)
                           else id(entry_self))
        for i, t in enumerate(types):
            words[base + TYPE_WORD + i] = id(t)
        for i, array_words in enumerate(array_types):
            if array_words is not None:
                # the switch reads the fields of exact numpy.ndarray arguments only
                assert types[i].__module__ == "numpy" and types[i].__name__ == "ndarray"
                words[base + MASK_WORD] |= 1 << i
                assert len(array_words) == ARRAY_WORDS
                for k, w in enumerate(array_words):
                    words[base + ARRAY_WORD + ARRAY_WORDS * i + k] = w
                arrays = True
        if kwnames is None:
            hot[len(types)] = first + 8 * ENTRY_WORDS * n
    for k, address in enumerate(hot):
        words[HOT_WORD + k] = address
    # One argument count: its own switch.  Several: the generic one.  None (no entry): any
    # switch sends every call to the slow path; the one for no argument is the smallest.
    arities = {len(e.types) for e in usable if e.kwnames is None}
    switch = dispatch_address(arities.pop() if len(arities) == 1 else None if arities else 0,
                              arrays)
    ctypes.c_void_p.from_address(id(obj) + TABLE_OFFSET).value = ctypes.addressof(words)
    words.switch = switch
    if vectorcall:
        set_vectorcall(obj, switch)
    return words
