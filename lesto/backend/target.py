"""Target machines: the host (with its CPU features) and cross targets such as AArch64.

llvmlite's binding is imported here, lazily, so `import lesto` never loads LLVM."""
from __future__ import annotations

import functools
from typing import Any

HOST = "host"
AARCH64 = "aarch64-unknown-linux-gnu"


@functools.lru_cache(maxsize=None)
def _init(cross: bool) -> Any:
    import llvmlite.binding as llvm

    llvm.initialize_native_target()
    llvm.initialize_native_asmprinter()
    if cross:
        llvm.initialize_all_targets()
        llvm.initialize_all_asmprinters()
    return llvm


@functools.lru_cache(maxsize=None)
def host_features() -> str:
    """The host CPU's features for LLVM, plus one tuning choice: where AVX-512 is present,
    vectorize with 256-bit registers (what LLVM's own tuning does for several Intel server
    chips).  On Zen 4 a 512-bit operation is two 256-bit halves, so the wider vectors gain
    nothing in a loop body and double the scalar remainder of short loops (a 198-wide
    stencil row: 6 scalar iterations instead of 2 after one 4-wide step); measured, jacobi
    went from 1.16-1.24x Numba's time to 1.04-1.11x and no numpy benchmark got slower."""
    features = _init(False).get_host_cpu_features()
    flat = features.flatten()
    if features.get("avx512f"):
        flat += ",+prefer-256-bit"
    return flat


def llvm_binding(cross: bool = False) -> Any:
    return _init(cross)


def target_machine(triple: str = HOST, opt: int = 3, jit: bool = False) -> Any:
    """A fresh TargetMachine (an MCJIT engine takes ownership of the one it is given)."""
    llvm = _init(triple != HOST)
    if triple == HOST:
        target = llvm.Target.from_default_triple()
        return target.create_target_machine(cpu=llvm.get_host_cpu_name(),
                                            features=host_features(),
                                            opt=opt, reloc="pic" if not jit else "default",
                                            codemodel="jitdefault" if jit else "default",
                                            jit=jit)
    target = llvm.Target.from_triple(triple)
    return target.create_target_machine(opt=opt, reloc="pic", codemodel="default")


def host_description() -> str:
    """Triple, CPU name and features: part of every cache key."""
    llvm = _init(False)
    return f"{llvm.get_process_triple()}|{llvm.get_host_cpu_name()}|" \
           f"{host_features()}"
