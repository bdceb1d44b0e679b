"""compile(): the stages in order, from a Python function and argument types to LLVM IR.

    source (frontend.source) -> untyped IR (frontend.build) -> types (infer.infer)
    -> typed IR (infer.specialize) -> overflow checks proven redundant removed, and a fast
    clone for small int arguments (opt.ranges) -> LLVM IR (backend.lower) + entry point
    (backend.entry)

Machine code is produced from the LLVM IR by the runtime (JIT) or by backend.codegen (objects,
assembly, cross targets)."""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any

from lesto.frontend.build import build_function
from lesto.frontend.source import function_source
from lesto.infer.infer import infer_program
from lesto.infer.specialize import specialize_program
from lesto.ir.nodes import Function
from lesto.ir.printer import format_function
from lesto.types.core import BOTTOM, NONE, LType, PyObj

_ir_cache: dict[Any, Function] = {}
_compile_lock = threading.RLock()


@dataclass
class Compiled:
    """One compiled specialization: LLVM IR text plus what inspection needs."""

    argtypes: tuple[LType, ...]
    return_type: LType
    llvm_ir: str
    entry_symbol: str
    typed_ir: str
    sources: list[tuple[Any, dict[str, Any]]]  # every function compiled in, and the globals it read
    cacheable: bool = True   # False when the code refers to objects of this process only
    objects: bool = False    # some function holds a Python object (runtime/tiers: quick codegen)


def untyped_ir(func: Any) -> Function:
    """The untyped IR of a Python function (built once per function object)."""
    fn = _ir_cache.get(func)
    if fn is None:
        fn = build_function(function_source(func))
        _ir_cache[func] = fn
    return fn


def impure_functions(fns: list[Function]) -> set[str]:
    """Names of the functions that write to arrays, directly or through a call."""
    from lesto.infer.rules import WRITE_PREFIXES, WRITES
    from lesto.ir.nodes import CallSpec, Prim

    impure: set[str] = set()
    changed = True
    while changed:
        changed = False
        for fn in fns:
            if fn.name in impure:
                continue
            for block in fn.blocks:
                if any((isinstance(op, Prim) and (op.impl in WRITES or
                                                  op.impl.startswith(WRITE_PREFIXES))) or
                       (isinstance(op, CallSpec) and op.spec in impure) for op in block.ops):
                    impure.add(fn.name)
                    changed = True
                    break
    return impure


def _check_generator(fn: Function) -> None:
    """Refuse (L018, at the def line) a generator function lesto cannot lower."""
    from lesto.backend.lower_generator import refusal_of
    from lesto.messages import refusal

    why = refusal_of(fn)
    if why is not None:
        raise refusal("L018", why, fn.filename, fn.firstlineno, 0)


def compile(func: Any, argtypes: tuple[LType, ...], boundscheck: bool = True,
            nogil: bool = False, parallel: bool = False, objects: bool = False) -> Compiled:
    """Run every stage for `func` specialized on `argtypes`; raises CompileError on refusal.
    `nogil`: the entry releases the GIL around the core (backend/gil.py); `parallel`:
    `prange` loops run on the worker pool (backend/lower_parallel.py); `objects`: Python
    objects compile (else a function using one is refused, L033).  Compilations are
    serialised (one lock per process): LLVM's global context is not thread-safe."""
    with _compile_lock:
        return _compile(func, argtypes, boundscheck, nogil, parallel, objects)


def _compile(func: Any, argtypes: tuple[LType, ...], boundscheck: bool,
             nogil: bool, parallel: bool, objects: bool) -> Compiled:
    from llvmlite import ir

    from lesto.backend.entry import build_entries
    from lesto.backend.lower import lower_functions

    prog = infer_program(func, argtypes, untyped_ir)
    typed = specialize_program(prog)
    if not objects:
        from lesto.infer.objects import require_native

        require_native(list(typed.values()))
    generators = {fn.name for fn in typed.values() if fn.generator}
    for fn in typed.values():
        if fn.generator:
            _check_generator(fn)
            fn.return_type = PyObj(None)   # the generator object (backend/lower_generator)
        if fn.return_type == BOTTOM:
            fn.return_type = NONE  # never returns normally: every call deopts
    from lesto.opt.ranges import (
        ARG_BOUND, callees_first, check_counters_at_polls, remove_overflow_checks,
        version_function,
    )

    from lesto.opt.arena import scope_arena
    from lesto.opt.bounds import hint_index_ranges
    from lesto.opt.short_loops import version_short_loops
    from lesto.opt.fuse import fuse_affine, speculate_affine

    from lesto.opt.parallel import outline_parallel_loops

    impure = impure_functions(list(typed.values())) | generators   # never re-run
    versions = {}
    bodies: list[Function] = []   # outlined prange loop bodies (opt/parallel.py)
    dirty: set[str] = set()
    for fn in typed.values():
        scope_arena(fn)
        if boundscheck:
            hint_index_ranges(fn)
        check_counters_at_polls(fn)
        remove_overflow_checks(fn, {})
        fuse_affine(fn)
        if fn.name not in impure:
            speculate_affine(fn)
        if parallel:
            for body in outline_parallel_loops(fn):
                bodies.append(body)
                if fn.name in impure:
                    dirty.add(body.name)   # the loop's writes forbid re-running the call
    for fn in callees_first(list(typed.values())):   # a clone calls its callees' clones
        small = version_function(fn, set(versions)) if not fn.generator else None
        if small is not None:
            versions[fn.name] = (small, ARG_BOUND)
        # last: the copies repeat already optimised ops (the range analyses above, the
        # costliest passes, run on the original loops only)
        for version in (fn, small):
            if version is not None:
                version_short_loops(version)
    impure |= impure_functions(list(typed.values()) + bodies)
    module = ir.Module(name=f"lesto_{func.__name__}")
    llfns = lower_functions(module, list(typed.values()) + bodies, versions,
                            impure, boundscheck, dirty, frames=objects,
                            qualnames={typed[prog.root].name: func.__qualname__})
    from lesto.backend.inline import mark_inline

    mark_inline(module, {fn.name: fn for fn in typed.values()}, llfns, typed[prog.root].name,
                versions)
    root = typed[prog.root]
    assert root.return_type is not None
    if nogil or bodies:
        from lesto.backend.gil import guard_capi_calls

        guard_capi_calls(module, [f for f in module.functions if not f.is_declaration])
    # unique also across cached objects (os.urandom: `import uuid` costs a cold start ~3 ms)
    entry = f"{root.name}.entry.{os.urandom(16).hex()}"
    build_entries(module, entry, llfns[root.name], argtypes, root.return_type, nogil)
    text = "\n\n".join(format_function(f) for f in list(typed.values()) + bodies)
    funcs = {key[0]: None for key in prog.functions}
    sources = [(f, untyped_ir(f).globals_read) for f in funcs]
    from lesto.backend.capi import uses_pins

    from lesto.types.core import owns_reference

    with_objects = any(owns_reference(t) for fn in typed.values() for t in fn.var_types.values())
    return Compiled(argtypes, root.return_type, str(module), entry, text, sources,
                    not uses_pins(module), with_objects)
