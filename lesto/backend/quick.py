"""Object code for the two tiers of compilation (see runtime/tiers.py): the quick tier's short
pass pipeline and cheap machine code, and the full tier's O3 built in an LLVM context of its
own, so that it can run in a background thread while the main thread goes on compiling.

The quick pipeline turns lesto's one-alloca-per-variable IR into registers (SROA), folds and
simplifies it (instcombine, simplifycfg, GVN) and inlines what is marked alwaysinline; machine
code comes from a target machine at codegen level `QUICK_CODEGEN`.  Measured on jacobi's IR:
the O3 pipeline ~240 ms and O3 machine code ~160 ms, against ~11 ms and ~40 ms here; the quick
code runs 1.1-5x slower than O3's (no vectorizer, no LICM, no unrolling).

llvmlite serialises every LLVM call behind one process-wide lock (its global LLVM context is
not thread-safe).  The full tier's module lives in a context of its own and its target machine
is used by its thread alone, so its two long calls (the pass pipeline and machine-code
emission) run outside that lock (`_unlocked`): otherwise the main thread's quick compiles would
wait for the background O3 runs."""
from __future__ import annotations

import ctypes
from typing import Any

from lesto.backend.codegen import LLVM_OPTIONS, _options_lock, tuning
from lesto.backend.target import llvm_binding

# Codegen level of the quick tier's target machine.  0 (FastISel, the fast register allocator)
# halves machine-code time again but its code ran 2-3.5x slower than level 1 on kmeans, lu and
# jacobi (measured: quick-tier calls of kmeans 9.5 ms against 2.6 ms), and a first call runs
# that code.
QUICK_CODEGEN = 1
# Code with Python objects: mostly C-API calls, and its big functions (error exits, guards,
# fallbacks) made level 1's register allocation the whole of a first call (nbody_list's
# `advance`, 10000 lines of IR: 4.1 s against 0.5 s at level 0).
QUICK_OBJECT_CODEGEN = 0


def quick_passes(mod: Any, tm: Any) -> None:
    """The quick tier's pass pipeline, run on `mod` in place."""
    llvm = llvm_binding()
    pto = llvm.create_pipeline_tuning_options(speed_level=0)
    pb = llvm.create_pass_builder(tm, pto)
    mpm = llvm.create_new_module_pass_manager()
    mpm.add_always_inliner_pass()
    mpm.add_sroa_pass()
    mpm.add_instruction_combine_pass()
    mpm.add_simplify_cfg_pass()
    mpm.add_new_gvn_pass()          # loads of array fields and repeated index arithmetic
    mpm.add_instruction_combine_pass()
    mpm.run(mod, pb)


def parse_for(ir_text: str, tm: Any, context: Any = None) -> Any:
    """`ir_text` parsed (in `context`, LLVM's global one if None), verified and retargeted."""
    llvm = llvm_binding()
    mod = llvm.parse_assembly(ir_text, context=context)
    mod.verify()
    mod.triple = tm.triple
    mod.data_layout = str(tm.target_data)
    return mod


def quick_object(ir_text: str, tm: Any) -> bytes:
    """Object code of the quick tier (`tm`: a target machine at codegen level QUICK_CODEGEN,
    used by one thread at a time)."""
    mod = parse_for(ir_text, tm)
    quick_passes(mod, tm)
    return bytes(tm.emit_object(mod))


def _unlocked(name: str) -> Any:
    """The raw ctypes function behind llvmlite's locked wrapper `ffi.lib.<name>` (the
    wrapper itself where a llvmlite version has no such attribute)."""
    from llvmlite.binding import ffi

    fn = getattr(ffi.lib, name)
    return getattr(fn, "_cfn", fn)


def full_object(ir_text: str, tm: Any, speed: int = 3) -> bytes:
    """Object code of the full tier (the pipeline of backend.codegen.optimize), built in a
    fresh LLVM context with `tm`, a target machine no other thread uses."""
    from llvmlite.binding import ffi

    llvm = llvm_binding()
    mod = parse_for(ir_text, tm, llvm.create_context())   # the module keeps its context
    pb = llvm.create_pass_builder(tm, tuning(speed))
    mpm = pb.getModulePassManager()
    with _options_lock:   # the LLVM options are global: see backend/codegen.py
        if speed >= 2:
            for option, _ in LLVM_OPTIONS:
                llvm.set_option("", option)
        try:
            _unlocked("LLVMPY_RunNewModulePassManager")(mpm, mod, pb)
        finally:
            if speed >= 2:
                for _, default in LLVM_OPTIONS:
                    llvm.set_option("", default)
    with ffi.OutputString() as err:
        buffer = _unlocked("LLVMPY_TargetMachineEmitToMemory")(tm, mod, 1, err)
        if not buffer:
            raise RuntimeError(str(err))
    try:
        start = ffi.lib.LLVMPY_GetBufferStart(buffer)
        return ctypes.string_at(start, ffi.lib.LLVMPY_GetBufferSize(buffer))
    finally:
        ffi.lib.LLVMPY_DisposeMemoryBuffer(buffer)
