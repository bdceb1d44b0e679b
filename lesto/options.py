"""JitOptions: what `@jit(...)` accepts, and the LESTO_* environment flags."""
from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class JitOptions:
    strict: bool = False        # raise CompileError instead of running in the interpreter
    boundscheck: bool = True    # accepted now; used by array indexing
    cache: bool = False         # accepted now; on-disk cache comes with the cache stage
    opt: int = 3                # LLVM optimisation level (0-3)

    @staticmethod
    def from_kwargs(**kwargs: object) -> "JitOptions":
        known = {k: kwargs.pop(k) for k in list(kwargs) if k in JitOptions.__dataclass_fields__}
        if kwargs:
            raise TypeError(f"jit() got unexpected options: {', '.join(sorted(kwargs))}")
        opts = JitOptions(**known)  # type: ignore[arg-type]
        env_opt = os.environ.get("LESTO_OPT")
        if env_opt is not None and "opt" not in known:
            opts = JitOptions(opts.strict, opts.boundscheck, opts.cache, int(env_opt))
        return opts


def jit_disabled() -> bool:
    """LESTO_DISABLE_JIT=1 runs every function in the interpreter."""
    return os.environ.get("LESTO_DISABLE_JIT", "") not in ("", "0")
