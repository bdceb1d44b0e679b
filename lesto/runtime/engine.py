"""The JIT engine: one MCJIT instance per process; adds optimized modules and resolves the
C-API and libm symbols they reference by name."""
from __future__ import annotations

import ctypes
import ctypes.util
import threading
from typing import Any

from lesto.backend.codegen import optimize, parse_and_verify
from lesto.backend.target import llvm_binding, target_machine
from lesto.errors import InternalError

_lock = threading.Lock()
_engine: "Engine | None" = None
_libm = ctypes.CDLL(ctypes.util.find_library("m"))


def _address(name: str, is_function: bool) -> int | None:
    for lib in (ctypes.pythonapi, _libm):
        try:
            if is_function:
                return ctypes.cast(getattr(lib, name), ctypes.c_void_p).value
            return ctypes.addressof(ctypes.c_char.in_dll(lib, name))
        except (AttributeError, ValueError):
            continue
    return None


class Engine:
    def __init__(self) -> None:
        self.llvm = llvm_binding()
        self.tm = target_machine(jit=True)
        self.opt_tm = target_machine()
        self.ee = self.llvm.create_mcjit_compiler(self.llvm.parse_assembly(""), self.tm)
        self.modules: list[Any] = []

    def resolve_symbols(self, mod: Any) -> None:
        llvm = self.llvm
        decls = [(f.name, True) for f in mod.functions if f.is_declaration] + \
                [(g.name, False) for g in mod.global_variables if g.is_declaration]
        for name, is_fn in decls:
            if name.startswith("llvm."):
                continue
            if llvm.address_of_symbol(name) is not None:
                continue
            addr = _address(name, is_fn)
            if not addr:
                raise InternalError(f"cannot resolve symbol {name!r} for compiled code")
            llvm.add_symbol(name, addr)

    def add_ir(self, ir_text: str, speed: int = 3) -> None:
        mod = parse_and_verify(ir_text)
        mod.triple = self.tm.triple
        mod.data_layout = str(self.tm.target_data)
        optimize(mod, self.opt_tm, speed)
        self.resolve_symbols(mod)
        with _lock:
            self.ee.add_module(mod)
            self.ee.finalize_object()
            self.modules.append(mod)

    def address(self, name: str) -> int:
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
