"""JitOptions: what `@jit(...)` accepts, and the LESTO_* environment flags."""
from __future__ import annotations

import os
from typing import NamedTuple


TIERS = ("auto", "quick", "full")   # see runtime/tiers.py


class JitOptions(NamedTuple):
    """Options of one dispatcher (a NamedTuple: `import lesto` stays free of dataclasses)."""

    strict: bool = False        # raise CompileError instead of running in the interpreter
    boundscheck: bool = True    # bounds-checked indexing (used by array indexing)
    cache: bool = False         # store and load compiled code on disk
    opt: int = 3                # LLVM optimisation level (0-3)
    # What `python -m lesto build` compiles ahead of time, e.g. ("(float64[:], int)",)
    # (lesto/aot/signatures.py); the JIT itself ignores it and compiles on first call.
    signatures: tuple[str, ...] = ()
    warn: bool = True           # issue NotCompiledWarning (`lesto run` turns it off)
    nogil: bool = False         # release the GIL while compiled code runs (backend/gil.py)
    parallel: bool = False      # run `lesto.prange` loops on the worker pool
    tier: str = "auto"          # "auto": quick code first, O3 in the background; "quick"; "full"
    objects: bool = False       # compile Python objects too (README, "Python objects")

    @staticmethod
    def from_kwargs(**kwargs: object) -> "JitOptions":
        unknown = sorted(set(kwargs) - set(JitOptions._fields))
        if unknown:
            raise TypeError(f"jit() got unexpected options: {', '.join(unknown)}")
        if "opt" not in kwargs and os.environ.get("LESTO_OPT"):
            kwargs["opt"] = int(os.environ["LESTO_OPT"])
        if isinstance(kwargs.get("signatures"), (list, str)):
            sigs = kwargs["signatures"]
            kwargs["signatures"] = (sigs,) if isinstance(sigs, str) else tuple(sigs)
        if "objects" not in kwargs and os.environ.get("LESTO_OBJECTS", "") not in ("", "0"):
            kwargs["objects"] = True
        if "tier" not in kwargs and os.environ.get("LESTO_TIER"):
            kwargs["tier"] = os.environ["LESTO_TIER"]
        if kwargs.get("tier", "auto") not in TIERS:
            raise ValueError(f"jit(): tier must be one of {', '.join(TIERS)} "
                             f"(LESTO_TIER too), not {kwargs['tier']!r}")
        return JitOptions(**kwargs)  # type: ignore[arg-type]


def jit_disabled() -> bool:
    """LESTO_DISABLE_JIT=1 runs every function in the interpreter."""
    return os.environ.get("LESTO_DISABLE_JIT", "") not in ("", "0")
