"""Specializations: compiling (or loading from the disk cache) one signature of a function
into a native builtin, and the native-switch entries of the compiled signatures."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lesto.options import JitOptions
from lesto.runtime.native_dispatch import Entry

if TYPE_CHECKING:
    from lesto.runtime.builtin_fn import Builtin
    from lesto.types.core import LType


class Specialization:
    """A compiled signature: its native builtin and everything that must stay alive with it."""

    def __init__(self, llvm_ir: str | None, typed_ir: str, builtin: "Builtin",
                 address: int) -> None:
        self.llvm_ir = llvm_ir        # None when loaded from the on-disk cache
        self.typed_ir = typed_ir
        self.address = address
        self.builtin = builtin
        self.call = builtin.function
        self.checked = 0              # the checked entry (the builtin's), for binding plans


def cache_opt(options: JitOptions) -> str:
    """The options that change the code, as the cache key's "opt" entry."""
    opt = str(options.opt)
    opt += "-nogil" * options.nogil + "-parallel" * options.parallel
    opt += "-objects" * options.objects
    return opt if options.boundscheck else opt + "-noboundscheck"


def load_cached(py_func: Any, sig: tuple[LType, ...], options: JitOptions, name: str,
                doc: str | None, handlers: Any) -> Specialization | None:
    from lesto.cache.lookup import lookup
    from lesto.runtime.engine import engine

    hit = lookup(py_func, sig, cache_opt(options))
    if hit is None:
        return None
    engine().load(hit.object_code, hit.entry_symbol)
    return wrap(None, hit.typed_ir, hit.entry_symbol, name, doc, handlers)


def wrap(llvm_ir: str | None, typed_ir: str, symbol: str, name: str, doc: str | None,
         handlers: Any) -> Specialization:
    """The builtin for the checked entry (its `self`: the dispatcher's handlers, see
    backend/entry.py); the native switch calls the `.fast` twin."""
    from lesto.backend.entry import FAST_SUFFIX
    from lesto.runtime.builtin_fn import make_builtin
    from lesto.runtime.engine import engine

    eng = engine()
    builtin = make_builtin(name, eng.address(symbol), handlers, doc)
    spec = Specialization(llvm_ir, typed_ir, builtin, eng.address(symbol + FAST_SUFFIX))
    spec.checked = eng.address(symbol)
    return spec


def compiled_entries(specs: dict[tuple[LType, ...], Specialization],
                     handlers: Any) -> list[Entry]:
    """The native-switch entries of compiled signatures.  Array arguments are told apart by
    dtype, ndim, layout and writability too (Entry.arrays)."""
    from lesto.types.core import Array

    entries = []
    for sig, spec in specs.items():
        types = tuple(pytype(t) for t in sig)
        arrays: tuple[tuple[int, ...] | None, ...] = ()
        if any(isinstance(t, Array) for t in sig):
            from lesto.backend.boxing import array_words

            arrays = tuple(array_words(t) if isinstance(t, Array) else None for t in sig)
        entries.append(Entry(types, spec.address, handlers, arrays))
    return entries


# Scalar lesto type (by name) -> the exact Python type the native switch compares against.
_PYTYPE: dict[str, type] = {"int": int, "float": float, "bool": bool, "none": type(None),
                            "complex": complex}


def binding_plan(spec: Specialization, handlers: Any, sources: list[int],
                 defaults: list[Any], star: tuple[int, int, int] = (-1, 0, 0)) -> Any:
    """The plan of a `lesto_bind` entry (backend/forward_ir.py): parameter i is argument
    `sources[i]`, or `defaults[i]` where the source is -1; `star`: (the *args parameter's
    index, its first argument, their count), or -1 first."""
    import ctypes

    from lesto.backend.forward_ir import BIND_DEFAULT, BIND_SOURCE, BIND_STAR, BIND_WORDS

    words = (ctypes.c_int64 * BIND_WORDS)()
    words[BIND_STAR:BIND_WORDS] = list(star)
    words[0] = len(sources)
    words[1] = spec.checked
    words[2] = id(handlers)
    for i, (source, default) in enumerate(zip(sources, defaults)):
        words[BIND_SOURCE + i] = source
        words[BIND_DEFAULT + i] = id(default) if source < 0 else 0
    words.refs = (spec, handlers, defaults)
    return words


def pytype(t: Any) -> type:
    from lesto.types.core import Array, Tuple

    if isinstance(t, Tuple):
        return tuple
    if getattr(t, "pytype", None) is not None:   # a PyObj of an exact Python type
        return t.pytype
    if isinstance(t, Array):
        import numpy

        return numpy.ndarray
    name = str(t)
    if name.startswith("np."):
        import numpy

        return numpy.bool_ if name == "np.bool" else getattr(numpy, name[3:])
    return _PYTYPE[name]
