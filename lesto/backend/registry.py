"""The registry of lowering functions, keyed by the impl key named in the typing tables.

`infer/rules/*.py` names each operation's lowering by a string key (infer may not import the
backend); the backend modules register one function per key here with `@lowering(key)`.
A test checks that every key used by a table row has a registered lowering.
"""
from __future__ import annotations

from typing import Callable

from llvmlite import ir

from lesto.backend.context import LowerCtx

LowerFn = Callable[[LowerCtx, list[ir.Value]], ir.Value]

LOWERINGS: dict[str, LowerFn] = {}


def lowering(*keys: str) -> Callable[[LowerFn], LowerFn]:
    """Register `fn` as the lowering of each key in `keys`."""

    def register(fn: LowerFn) -> LowerFn:
        for key in keys:
            if key in LOWERINGS:
                raise ValueError(f"duplicate lowering for {key!r}")
            LOWERINGS[key] = fn
        return fn

    return register


def load_all() -> dict[str, LowerFn]:
    """Import the scalar lowering modules (each registers its keys) and return the registry;
    the numpy ones come with `load_numpy`, when a numpy operation is first lowered."""
    from lesto.backend import (  # noqa: F401
        lower_complex, lower_core, lower_float, lower_int, lower_intmath, lower_math,
        lower_exc, lower_object, lower_objfast, lower_parallel, lower_round, lower_xint,
    )

    return LOWERINGS


def load_numpy() -> dict[str, LowerFn]:
    """Also the lowerings of numpy arrays and scalars."""
    from lesto.backend import lower_array, lower_fused, lower_npscalar  # noqa: F401

    return load_all()
