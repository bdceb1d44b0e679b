"""Dispatcher: what `@lesto.jit` returns.  Maps argument types to compiled entry points,
compiles lazily on the first call of each type signature, and runs the interpreter (with one
NotCompiledWarning per function and reason) whenever a call cannot run natively."""
from __future__ import annotations

import functools
import threading
import warnings
from typing import TYPE_CHECKING, Any

from lesto.errors import CompileError, InternalError, NotCompiledWarning
from lesto.options import JitOptions, jit_disabled
from lesto.runtime.native_dispatch import Entry, NativeBase, enable_vectorcall, install_table

if TYPE_CHECKING:  # the compiler is imported on the first compile, not by `import lesto`
    import inspect

    from lesto.runtime.builtin_fn import Builtin
    from lesto.types.core import LType
    from lesto.types.signature import Signature

CO_VARARGS = 0x04


class Specialization:
    """A compiled signature: its native builtin and everything that must stay alive with it."""

    def __init__(self, llvm_ir: str | None, typed_ir: str, builtin: "Builtin",
                 address: int) -> None:
        self.llvm_ir = llvm_ir        # None when loaded from the on-disk cache
        self.typed_ir = typed_ir
        self.address = address
        self.builtin = builtin
        self.call = builtin.function


class Dispatcher(NativeBase):
    """Calls go to native code through the vectorcall slot of NativeBase (a type switch over
    the compiled signatures); `__call__` below is the slow path behind it."""

    def __init__(self, py_func: Any, options: JitOptions) -> None:
        functools.update_wrapper(self, py_func)
        self.py_func = py_func
        self.options = options
        self.deopt_count = 0       # calls re-run in the interpreter for an exact answer
        self.compile_count = 0     # signatures compiled in this process
        self.cache_hits = 0        # signatures loaded from the on-disk cache
        self._by_type: dict[tuple[type, ...], Any] = {}      # fast path: exact Python types
        self._by_sig: dict[tuple[LType, ...], Any] = {}      # full signatures
        self._specs: dict[tuple[LType, ...], Specialization] = {}
        self._warned: set[str] = set()
        self._lock = threading.RLock()
        self._handlers = (self._mismatch, self._deopt)
        self._slow = self.__call__      # kept alive: the native table points at it
        self._table: Any = None
        self._pending_install = False
        code = py_func.__code__
        self._star = bool(code.co_flags & CO_VARARGS)
        self._nparams = code.co_argcount + code.co_kwonlyargcount + self._star
        self._pysig_cache: "inspect.Signature | None" = None

    # ------------------------------------------------------------------ calls
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._pending_install:
            # The native switch is installed on the second call, not the first: a function
            # called once never pays for it (nor for compiling it, on a cold cache).
            self._pending_install = False
            self._install()
        if kwargs or len(args) != self._nparams or self._star:
            args = self._bind(args, kwargs)
        entry = self._by_type.get(tuple(map(type, args)))
        if entry is not None:
            return entry(*args)
        return self._mismatch(*args)

    @property
    def _pysig(self) -> "inspect.Signature":
        if self._pysig_cache is None:
            import inspect

            self._pysig_cache = inspect.signature(self.py_func)
        return self._pysig_cache

    def _bind(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
        """Keywords and defaults, bound as CPython binds them; on an arity or keyword error
        the interpreter raises CPython's own TypeError."""
        try:
            bound = self._pysig.bind(*args, **kwargs)
        except TypeError:
            self.py_func(*args, **kwargs)
            raise
        bound.apply_defaults()
        if bound.kwargs:
            raise TypeError("lesto: keyword-only and **kwargs parameters are not supported")
        return tuple(bound.arguments.values())  # *args stays packed: one tuple argument

    def __get__(self, obj: Any, objtype: Any = None) -> Any:
        return self if obj is None else functools.partial(self, obj)

    def _deopt(self, *args: Any) -> Any:
        """A compiled call could not give the exact answer natively: the interpreter does."""
        self.deopt_count += 1
        return self._interpret(args)

    def _interpreted(self, *args: Any) -> Any:
        return self._interpret(args)

    def _interpret(self, args: tuple[Any, ...]) -> Any:
        if self._star:
            return self.py_func(*args[:-1], *args[-1])
        return self.py_func(*args)

    def _mismatch(self, *args: Any) -> Any:
        """Slow path: compile this signature if needed, else run the interpreter."""
        from lesto.types.typeof import typeof

        if jit_disabled():
            return self._interpret(args)
        types = tuple(typeof(a) for a in args)
        if any(t is None for t in types):
            # Values with no native representation (e.g. ints beyond 64 bits): CPython's
            # answer, counted like any other run-time deoptimisation.
            return self._deopt(*args)
        sig: tuple[LType, ...] = types  # type: ignore[assignment]
        entry = self._by_sig.get(sig)
        if entry is None:
            entry = self._compile(sig)
        return entry(*args)

    def _compile(self, sig: tuple[LType, ...]) -> Any:
        from lesto.types.core import Array, Tuple

        with self._lock:
            entry = self._by_sig.get(sig)
            if entry is not None:
                return entry
            try:
                spec = self._load_cached(sig) if self.options.cache else None
                if spec is None:
                    spec = self._build(sig)
                    self.compile_count += 1
                else:
                    self.cache_hits += 1
                entry = spec.call
                self._specs[sig] = spec
            except CompileError as e:
                if self.options.strict:
                    raise
                self._warn(str(e), f"{e.code}:{e.lineno}:{e.col_offset}")
                entry = self._interpreted
            except Exception as e:  # a bug in lesto: never the user's fault, never a crash
                if self.options.strict:
                    raise InternalError(f"lesto internal error while compiling "
                                        f"{self.__qualname__}; please report it: {e!r}") from e
                self._warn(f"internal error ({e!r}); please report it", "internal")
                entry = self._interpreted
            self._by_sig[sig] = entry
            if not any(isinstance(t, (Tuple, Array)) for t in sig):
                self._by_type[tuple(_pytype(t) for t in sig)] = entry
            if not self._star:
                if self._table is None:
                    self._pending_install = True   # first signature: see __call__
                else:
                    self._install()
            return entry

    def _build(self, sig: tuple[LType, ...]) -> Specialization:
        """Run the compiler, load the object code, and store it when caching is on."""
        from lesto import pipeline
        from lesto.runtime.engine import engine

        compiled = pipeline.compile(self.py_func, sig, self.options.boundscheck)
        eng = engine()
        obj = eng.compile(compiled.llvm_ir, self.options.opt)
        eng.load(obj, compiled.entry_symbol)
        if self.options.cache and compiled.cacheable:
            from lesto.cache.lookup import save

            save(self.py_func, sig, self._cache_opt, obj, compiled.entry_symbol,
                 compiled.typed_ir, str(compiled.return_type), compiled.sources)
        return self._wrap(compiled.llvm_ir, compiled.typed_ir, compiled.entry_symbol)

    @property
    def _cache_opt(self) -> str:
        """The options that change the code, as the cache key's "opt" entry."""
        opt = str(self.options.opt)
        return opt if self.options.boundscheck else opt + "-noboundscheck"

    def _load_cached(self, sig: tuple[LType, ...]) -> Specialization | None:
        from lesto.cache.lookup import lookup
        from lesto.runtime.engine import engine

        hit = lookup(self.py_func, sig, self._cache_opt)
        if hit is None:
            return None
        engine().load(hit.object_code, hit.entry_symbol)
        return self._wrap(None, hit.typed_ir, hit.entry_symbol)

    def _wrap(self, llvm_ir: str | None, typed_ir: str, symbol: str) -> Specialization:
        """The builtin for the checked entry; the native switch calls the `.fast` twin."""
        from lesto.backend.entry import FAST_SUFFIX
        from lesto.runtime.builtin_fn import make_builtin
        from lesto.runtime.engine import engine

        eng = engine()
        builtin = make_builtin(self.__name__, eng.address(symbol), self._handlers, self.__doc__)
        return Specialization(llvm_ir, typed_ir, builtin, eng.address(symbol + FAST_SUFFIX))

    def _install(self) -> None:
        """Rebuild the native type switch over every compiled signature.  Array arguments
        are told apart by dtype, ndim, layout and writability too (Entry.arrays), so each
        array signature is reached natively."""
        from lesto.types.core import Array

        entries = []
        for sig, spec in self._specs.items():
            types = tuple(_pytype(t) for t in sig)
            arrays: tuple[tuple[int, ...] | None, ...] = ()
            if any(isinstance(t, Array) for t in sig):
                from lesto.backend.boxing import array_words

                arrays = tuple(array_words(t) if isinstance(t, Array) else None for t in sig)
            entries.append(Entry(types, spec.address, self._handlers, arrays))
        self._table = install_table(self, self._slow, entries)

    def _warn(self, reason: str, key: str) -> None:
        """One NotCompiledWarning per function and reason."""
        if key in self._warned:
            return
        self._warned.add(key)
        warnings.warn(f"lesto could not compile {self.__qualname__}; it runs in the "
                      f"interpreter: {reason}", NotCompiledWarning, stacklevel=5)

    # ------------------------------------------------------------------ inspection
    @property
    def signatures(self) -> list[Signature]:
        from lesto.types.signature import Signature

        return [Signature(s) for s in self._specs]

    def _key(self, sig: Any) -> tuple[LType, ...]:
        if sig is None:
            if len(self._specs) != 1:
                raise ValueError("pass one of .signatures")
            return next(iter(self._specs))
        args = getattr(sig, "args", None)
        return tuple(sig) if args is None else args

    def _spec(self, sig: Any) -> Specialization:
        return self._specs[self._key(sig)]

    def inspect_types(self) -> str:
        return "\n\n".join(s.typed_ir for s in self._specs.values())

    def inspect_llvm(self, sig: Any = None) -> str:
        spec = self._spec(sig)
        if spec.llvm_ir is None:  # loaded from the cache: regenerate the IR (not the code)
            from lesto import pipeline

            spec.llvm_ir = pipeline.compile(self.py_func, self._key(sig),
                                            self.options.boundscheck).llvm_ir
        return spec.llvm_ir

    def inspect_asm(self, sig: Any = None, triple: str = "host") -> str:
        from lesto.backend.codegen import emit_assembly

        return emit_assembly(self.inspect_llvm(sig), triple, self.options.opt)

    def __repr__(self) -> str:
        return f"<lesto.jit {self.__qualname__}>"


enable_vectorcall(Dispatcher)


# Scalar lesto type (by name) -> the exact Python type the native switch compares against.
_PYTYPE: dict[str, type] = {"int": int, "float": float, "bool": bool, "none": type(None),
                            "complex": complex}


def _pytype(t: Any) -> type:
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


def jit(fn: Any = None, **options: Any) -> Any:
    """Compile `fn` for the argument types it is called with: `@jit`, `@jit(strict=True)`."""
    opts = JitOptions.from_kwargs(**options)
    if fn is None:
        return lambda f: Dispatcher(f, opts)
    return Dispatcher(fn, opts)
