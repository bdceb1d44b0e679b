"""llvmlite.binding steps: parse and verify LLVM IR text, optimize it with the new pass
manager, and emit assembly or object code for a target."""
from __future__ import annotations

import threading
from typing import Any

from lesto.backend.target import HOST, llvm_binding, target_machine


def parse_and_verify(ir_text: str, triple: str = HOST) -> Any:
    llvm = llvm_binding(triple != HOST)
    mod = llvm.parse_assembly(ir_text)
    mod.verify()
    return mod


# LLVM options for lesto's own pipeline runs (global in LLVM, so set around each run and
# restored afterwards; other LLVM users in the process, Numba, keep the defaults):
# vectorized loops are interleaved twice (LLVM picked one for lesto's stencil loops, ~10%
# slower), and a branch whose two arms are short becomes a select (collatz's `n // 2` or
# `3 * n + 1` with its overflow test: LLVM's default of 4 instructions keeps the branch),
# and the SLP vectorizer packs scalars only for a gain of more than 2 in its cost model: it
# packed the two `int -> float` conversions of Monte-Carlo's LCG steps (gain 1), whose
# vector operands kept the integer chain 64 bits wide and sequential; scalar, the backend
# narrows it to 32 bits and computes the unrolled steps from one state (6.1 -> 2.8 ms).
_options_lock = threading.Lock()
LLVM_OPTIONS = (("-force-vector-interleave=2", "-force-vector-interleave=0"),
                ("-two-entry-phi-node-folding-threshold=8",
                 "-two-entry-phi-node-folding-threshold=4"),
                ("-slp-threshold=2", "-slp-threshold=0"))


def tuning(speed: int) -> Any:
    """The pipeline tuning options of lesto's optimisation at `speed` (0-3)."""
    pto = llvm_binding().create_pipeline_tuning_options(speed_level=speed)
    pto.loop_vectorization = speed >= 2
    pto.slp_vectorization = speed >= 2
    return pto


def optimize(mod: Any, tm: Any, speed: int = 3) -> None:
    llvm = llvm_binding()
    pb = llvm.create_pass_builder(tm, tuning(speed))
    mpm = pb.getModulePassManager()
    with _options_lock:   # LLVM's option parser is not thread-safe, and the options global
        if speed >= 2:
            for option, _ in LLVM_OPTIONS:
                llvm.set_option("", option)
        try:
            mpm.run(mod, pb)
        finally:
            if speed >= 2:
                for _, default in LLVM_OPTIONS:
                    llvm.set_option("", default)


def optimized(ir_text: str, triple: str = HOST, speed: int = 3,
              tm: Any = None) -> tuple[Any, Any]:
    """(target machine, module parsed, verified, retargeted and optimized for `triple`);
    `tm` reuses a target machine (the JIT's) instead of making one."""
    tm = tm if tm is not None else target_machine(triple)
    mod = parse_and_verify(ir_text, triple)
    mod.triple = tm.triple
    mod.data_layout = str(tm.target_data)
    optimize(mod, tm, speed)
    return tm, mod


def emit_assembly(ir_text: str, triple: str = HOST, speed: int = 3) -> str:
    tm, mod = optimized(ir_text, triple, speed)
    return tm.emit_assembly(mod)


def emit_object(ir_text: str, triple: str = HOST, speed: int = 3) -> bytes:
    tm, mod = optimized(ir_text, triple, speed)
    return tm.emit_object(mod)
