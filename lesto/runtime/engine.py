"""The JIT engine: one MCJIT instance per process.  Compiles optimized LLVM IR to object code
(the same bytes the on-disk cache stores) and loads object code, resolving the C-API and libm
symbols it references by name."""
from __future__ import annotations

import ctypes
import threading
from typing import Any

from lesto.backend.codegen import optimized
from lesto.backend.target import llvm_binding, target_machine
from lesto.errors import InternalError
from lesto.runtime.objfile import undefined_symbols

_lock = threading.RLock()
_engine: "Engine | None" = None
_libm: Any = None

_pyobjects: dict[str, Any] = {}   # kept alive: compiled code holds their addresses


def python_object(path: str) -> Any:
    """The object a `lesto_pyobj.<path>` symbol names (see backend/capi.pyobj):
    'numpy.zeros' (a module attribute), 'dtype.int32' (a numpy dtype), 'str.sum' (an
    interned string, for method calls)."""
    import importlib
    import sys

    kind, _, rest = path.partition(".")
    if kind == "dtype":
        import numpy

        return numpy.dtype(rest)
    if kind == "str":
        return sys.intern(rest)
    if kind == "method":   # a method descriptor (backend/lower_object.direct_method_path)
        from lesto.backend.capi import type_lookup

        module, qualname, name = rest.split(":")
        owner: Any = importlib.import_module(module)
        for part in qualname.split("."):
            owner = getattr(owner, part)
        return type_lookup(owner, name)
    if kind == "pin":   # an object the compiler keeps alive (backend/capi.pin_path)
        from lesto.backend.capi import PINNED

        return PINNED[int(rest)]
    module, _, attr = path.rpartition(".")
    return getattr(importlib.import_module(module), attr)


def _address(name: str) -> int | None:
    """Address of a C-API or libm symbol (a function or a data object alike)."""
    global _libm
    from lesto.backend.capi import PYOBJ_PREFIX, VAR_PREFIX

    if name == "lesto_small_ints":  # see backend/boxing.py: CPython's cached int(-5)
        return id(-5)
    if name.startswith("lesto_parallel."):   # words of the parallel-loop runtime
        from lesto.runtime.parallel import symbol_address

        return symbol_address(name)
    if name.startswith(VAR_PREFIX):   # a C variable of the interpreter: its address
        name = name[len(VAR_PREFIX):]
    if name.startswith(PYOBJ_PREFIX):
        path = name[len(PYOBJ_PREFIX):]
        if path not in _pyobjects:
            try:
                _pyobjects[path] = python_object(path)
            except (ImportError, AttributeError, TypeError, KeyError):
                return None
        return id(_pyobjects[path])
    if _libm is None:
        from ctypes.util import find_library   # here: importing it costs a cold start ~3 ms

        _libm = ctypes.CDLL(find_library("m"))
    for lib in (ctypes.pythonapi, _libm):
        try:
            return ctypes.cast(getattr(lib, name), ctypes.c_void_p).value
        except AttributeError:
            continue
    return None


class Engine:
    def __init__(self) -> None:
        self.llvm = llvm_binding()
        self.obj_tm = target_machine(jit=True)       # emits object code; not owned by the engine
        self.ee = self.llvm.create_mcjit_compiler(self.llvm.parse_assembly(""),
                                                  target_machine(jit=True))
        self.objects: list[Any] = []
        self.loaded: dict[str, int] = {}   # entry symbol -> address, for objects loaded once

    def compile(self, ir_text: str, speed: int = 3) -> bytes:
        """Optimize LLVM IR and emit object code for this machine."""
        with _lock:   # LLVM's context and the target machine are shared: one at a time
            _, mod = optimized(ir_text, speed=speed, tm=self.obj_tm)
            return self.obj_tm.emit_object(mod)

    def load(self, obj: bytes, symbol: str) -> int:
        """Load object code (once per entry symbol) and return the address of `symbol`.
        Every undefined symbol of the object is resolved first: LLVM's loader would abort
        the whole process on a missing one."""
        llvm = self.llvm
        with _lock:
            if symbol in self.loaded:
                return self.loaded[symbol]
            for name in undefined_symbols(obj):
                if llvm.address_of_symbol(name) is not None:
                    continue
                addr = _address(name)
                if not addr:
                    raise InternalError(f"compiled code needs symbol {name!r}, which this "
                                        "process does not provide")
                llvm.add_symbol(name, addr)
            ref = llvm.ObjectFileRef.from_data(obj)
            self.ee.add_object_file(ref)
            self.ee.finalize_object()
            self.objects.append(ref)
            self.loaded[symbol] = self.address(symbol)
            return self.loaded[symbol]

    def address(self, name: str) -> int:
        with _lock:   # the tier-up thread may be loading an object meanwhile
            addr = self.ee.get_function_address(name)
        if not addr:
            raise InternalError(f"compiled symbol {name!r} not found")
        return addr


def engine() -> Engine:
    global _engine
    with _lock:
        if _engine is None:
            _engine = Engine()
        return _engine
