"""Dispatcher: what `@lesto.jit` returns.  Maps argument types to compiled entry points,
compiles lazily on the first call of each type signature, and leaves to the plain Python
function every call it cannot run natively, deciding once per type signature.

Every call goes through the native type switch (runtime/native_dispatch.py) once one exists:
a compiled signature runs its specialization; a signature decided "interpreted" (a parameter
with no native form, or a construct lesto refuses) has an entry too, whose target forwards the
vectorcall to the Python function (backend/forward_ir.py), with or without keywords.  The
Python code below only decides (`_resolve`, `_mismatch`, `_deopt` answer what to call), and
native code makes the call, so tracebacks hold the user's frames only.  With `strict=True`
every refusal raises CompileError; the exactness deoptimisations (an int beyond 64 bits, an
exception a compiled function leaves to CPython) are counted in `deopt_count` and nowhere
else.  See runtime/reasons.py for the wording, runtime/stats.py for `stats()`."""
from __future__ import annotations

import functools
import itertools
import sys
import threading
import warnings
from types import FunctionType, MethodType
from typing import TYPE_CHECKING, Any

from lesto.errors import CompileError, InternalError, NotCompiledWarning
from lesto.options import JitOptions
from lesto.runtime import switch
from lesto.runtime.binding import CO_VARKEYWORDS, Parameters
from lesto.runtime.reasons import (
    CO_ASYNC_GENERATOR, CO_COROUTINE, CO_GENERATOR, CO_ITERABLE_COROUTINE,
)
from lesto.runtime.native_dispatch import (
    Entry, NativeBase, enable_vectorcall, forward_address, install_table, native_ready,
    ready_hooks, resolve_call_builtin, set_immutable, set_target, set_vectorcall,
)
from lesto.runtime.specialization import (
    Specialization, binding_plan, cache_opt, compiled_entries, load_cached, pytype, wrap,
)
from lesto.runtime.stats import Record, SignatureStats, signature_text

if TYPE_CHECKING:  # the compiler is imported on the first compile, not by `import lesto`
    from lesto.types.core import LType
    from lesto.types.signature import Signature

NEVER_COMPILED = (CO_GENERATOR | CO_COROUTINE | CO_ITERABLE_COROUTINE | CO_ASYNC_GENERATOR
                  | CO_VARKEYWORDS)   # generators, coroutines, **kw
MAX_FALLBACKS = 64          # native entries for "interpreted" call shapes, per dispatcher
INTERPRETED = "interpreted"  # a decision: run the Python function
DEOPT = "deopt"              # a decision for one call: the interpreter, counted
DEOPT_REASON = "an int beyond 64 bits: CPython's exact answer (deoptimised)"
_serials = itertools.count()
_HERE = __file__.rsplit("/", 1)[0]


class Dispatcher(NativeBase):
    """Calls go to native code through the vectorcall slot of NativeBase (a type switch over
    the decided signatures); `__call__` below serves until the switch is installed.  State
    lives in slots: the instance `__dict__` holds only what functools.update_wrapper copies
    (and function attributes), and unknown attributes are read from the function."""

    __slots__ = ("py_func", "options", "deopt_count", "compile_count", "cache_hits",
                 "_option_kwargs", "_by_type", "_by_sig", "_specs", "_fallbacks", "_records",
                 "_warned", "_binders", "_lock", "_handler_objs", "_slow", "_table",
                 "_pending_install", "_params", "_never", "_serial", "__dict__", "__weakref__")

    def __init__(self, py_func: Any, options: JitOptions,
                 option_kwargs: dict[str, Any] | None = None) -> None:
        functools.update_wrapper(self, py_func)
        self.py_func = py_func
        self.options = options
        self._option_kwargs = dict(option_kwargs or options._asdict())
        self.deopt_count = 0       # calls re-run in the interpreter for an exact answer
        self.compile_count = 0     # signatures compiled in this process
        self.cache_hits = 0        # signatures loaded from the on-disk cache
        self._by_type: dict[tuple[type, ...], Any] = {}      # fast path: exact Python types
        self._by_sig: dict[tuple[LType, ...], Any] = {}      # full signatures
        self._specs: dict[tuple[LType, ...], Specialization] = {}
        self._fallbacks: dict[tuple[Any, ...], tuple[str, ...] | None] = {}
        self._records: dict[str, Record] = {}
        self._warned: set[str] = set()
        self._binders: dict[tuple[Any, ...], Any] = {}   # call shape -> binding plan
        self._lock = threading.RLock()
        self._handler_objs: tuple[Any, ...] | None = None
        self._slow = self._resolve      # the native switch's slow path (see _install)
        self._table: Any = None
        self._pending_install = False
        # generator functions compile with objects (their values are Python objects)
        never = NEVER_COMPILED & ~CO_GENERATOR if self.options.objects else NEVER_COMPILED
        self._never = bool(py_func.__code__.co_flags & never)
        self._params = Parameters(py_func, self._never)
        self._serial = next(_serials)
        switch.register(self)
        if native_ready():
            self._first_native()    # every call native, the first one too

    def __getattr__(self, name: str) -> Any:
        """Attributes lesto does not define read as the function's (__code__, __defaults__,
        __kwdefaults__, __globals__, attributes set on it later, ...)."""
        if name in Dispatcher.__slots__ or (name[:1] == "_" and name[:2] != "__"):
            raise AttributeError(name)
        return getattr(object.__getattribute__(self, "py_func"), name)

    def __get__(self, obj: Any, objtype: Any = None) -> Any:
        # `obj.m(x)` does not come here (see native_dispatch: METHOD_DESCRIPTOR)
        return self if obj is None else MethodType(self, obj)

    # ------------------------------------------------------------------ calls
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Before the native switch exists: decide, then call (one frame of lesto's)."""
        plan = self._resolve(*args, **kwargs)
        if len(plan) == 2:
            return plan[0](*plan[1])
        return plan[0](*plan[1], **plan[2])

    def _resolve(self, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        """The slow path: what to call for these arguments, as (callable, args) or
        (callable, args, kwargs).  Compiles a new signature, or decides (once per signature)
        to run the Python function; never calls user code."""
        if self._pending_install:
            # The native switch is installed on the second call, not the first: a function
            # called once never pays for it (nor for compiling it, on a cold cache).
            self._pending_install = False
            self._install()
        py = self.py_func
        if not switch.is_enabled():
            return py, args, kwargs
        if not kwargs and len(args) == self._params.nparams:
            entry = self._by_type.get(tuple(map(type, args)))
            if entry is not None:
                return (py, args) if entry is INTERPRETED else (entry, args)
        if self._never:
            from lesto.runtime.reasons import kind_refusal

            error = kind_refusal(py, self.__qualname__)
            assert error is not None
            self._refuse(error, "kind", "(any)")
            self._remember_fallback(args, kwargs)
            return py, args, kwargs
        bound = self._params.bind(args, kwargs)
        if bound is None:          # CPython raises its own TypeError
            return py, args, kwargs
        entry = self._decide(bound)
        if entry is INTERPRETED:
            self._remember_fallback(args, kwargs)
            return py, args, kwargs
        if entry is DEOPT:
            return py, args, kwargs
        if kwargs or len(args) != len(bound) or self._params.star:
            self._remember_binding(args, kwargs, bound)
        return entry, bound

    def _mismatch(self, *bound: Any) -> tuple[Any, ...]:
        """A specialization's entry got arguments it does not take (an int beyond 64 bits,
        other tuple items, another array type): decide for them."""
        entry = self._decide(bound) if switch.is_enabled() else INTERPRETED
        if entry is INTERPRETED or entry is DEOPT:
            return (self.py_func, *self._params.unbind(bound))
        return entry, bound

    def _deopt(self, *bound: Any) -> tuple[Any, ...]:
        """A compiled call could not give the exact answer natively: the interpreter does."""
        from lesto.types.typeof import typeof

        label = signature_text(bound, tuple(typeof(v) for v in bound))
        self._count_deopt(label)
        return (self.py_func, *self._params.unbind(bound))

    def _count_deopt(self, label: str) -> None:
        with self._lock:
            self.deopt_count += 1
            record = self._records.get(label)
            if record is None:
                record = self._records[label] = Record(False, DEOPT_REASON, None)
            record.deopts += 1

    def _decide(self, bound: tuple[Any, ...]) -> Any:
        """The compiled entry for these (bound) arguments, INTERPRETED or DEOPT."""
        from lesto.types.core import PyObj
        from lesto.types.typeof import typeof

        types = tuple(typeof(v) for v in bound)
        native = self.options.objects or not any(isinstance(t, PyObj) for t in types)
        if native and None not in types:
            entry = self._by_sig.get(types)
            return entry if entry is not None else self._compile(types)
        from lesto.runtime.reasons import describe, parameter_refusal

        label = signature_text(bound, types)
        for name, value, t in zip(self._params.names, bound, types):
            what = describe(value) if t is None or isinstance(t, PyObj) else None
            if what is not None:
                error = parameter_refusal(self.py_func, self.__qualname__, name, what)
                self._refuse(error, f"param:{name}:{what}", label)
                return INTERPRETED
        self._count_deopt(label)   # only ints beyond 64 bits: the documented deopt
        return DEOPT

    def _refuse(self, error: CompileError, key: str, label: str) -> None:
        """Strict: raise `error`.  Otherwise warn once per reason and record the decision."""
        if self.options.strict:
            raise error
        with self._lock:
            if label not in self._records:
                self._records[label] = Record(False, str(error), None)
        self._warn(str(error), key)

    def _remember_fallback(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """Give this call shape (exact types, keyword names) a native entry that forwards to
        the Python function.  Not for arrays, whose type alone does not decide.  A tuple's
        does not either, but the first decision for a tuple stands (a function called with
        tuples of strs stays as fast as without lesto; one first called so and later with
        tuples of ints keeps running in the interpreter), unless a compiled signature takes
        the same exact types (see _install)."""
        if type(self.py_func) is not FunctionType:
            return
        values = args + tuple(kwargs.values()) if kwargs else args
        types = tuple(map(type, values))
        if any(t.__name__ == "ndarray" and t.__module__ == "numpy" for t in types):
            return
        names = tuple(kwargs) if kwargs else None
        key = (types, names)
        with self._lock:
            if key in self._fallbacks or len(self._fallbacks) >= MAX_FALLBACKS:
                return
            from lesto.backend.dispatch_ir import MAX_ARGS

            if len(types) > MAX_ARGS:
                return
            self._fallbacks[key] = names
            if self._table is None:
                self._pending_install = True
            else:
                self._install()

    def _remember_binding(self, args: tuple[Any, ...], kwargs: dict[str, Any],
                          bound: tuple[Any, ...]) -> None:
        """Give this call shape a native entry that binds it as `bound` was bound (defaults,
        keywords) and calls the compiled specialization (see forward_ir.lesto_bind)."""
        from lesto.backend.dispatch_ir import MAX_ARGS
        from lesto.types.typeof import typeof

        values = args + tuple(kwargs.values()) if kwargs else args
        types = tuple(map(type, values))
        names = tuple(kwargs) if kwargs else None
        if (len(types) > MAX_ARGS or len(bound) > MAX_ARGS
                or (types, names) in self._binders or len(self._binders) >= MAX_FALLBACKS
                or any(t is tuple or t.__name__ == "ndarray" for t in types)):
            return
        spec = self._specs.get(tuple(typeof(v) for v in bound))
        if spec is None:
            return
        sources, star = self._params.sources(args, kwargs)
        with self._lock:
            defaults = [v if s < 0 and i != star[0] else None
                        for i, (s, v) in enumerate(zip(sources, bound))]
            self._binders[types, names] = binding_plan(spec, self._handlers, sources, defaults,
                                                       star)
            if self._table is None:
                self._pending_install = True
            else:
                self._install()

    # ------------------------------------------------------------------ compiling
    def _compile(self, sig: tuple[LType, ...]) -> Any:
        from lesto.types.core import Array, Tuple
        from lesto.types.signature import Signature

        with self._lock:
            entry = self._by_sig.get(sig)
            if entry is not None:
                return entry
            label = str(Signature(sig))
            try:
                with self._cache_guard(sig):   # processes of a machine compile it once
                    spec = self._load_cached(sig) if self.options.cache else None
                    if spec is None:
                        spec = self._build(sig)
                        self.compile_count += 1
                    else:
                        self.cache_hits += 1
                entry = spec.call
                self._specs[sig] = spec
                record = self._records.setdefault(label, Record(True, None, None))
                record.compiled, record.reason = True, None
            except CompileError as e:
                self._refuse(e, f"{e.code}:{e.lineno}:{e.col_offset}", label)
                entry = INTERPRETED
            except Exception as e:  # a bug in lesto: never the user's fault, never a crash
                if self.options.strict:
                    raise InternalError(f"lesto internal error while compiling "
                                        f"{self.__qualname__}; please report it: {e!r}") from e
                reason = f"internal error ({e!r}); please report it"
                self._records.setdefault(label, Record(False, reason, None))
                self._warn(reason, "internal")
                entry = INTERPRETED
            self._by_sig[sig] = entry
            if not any(isinstance(t, (Tuple, Array)) for t in sig):
                self._by_type[tuple(pytype(t) for t in sig)] = entry
            if entry is not INTERPRETED and self._params.plain:
                if self._table is None:
                    self._pending_install = True   # first signature: see _resolve
                else:
                    self._install()
            return entry

    def _build(self, sig: tuple[LType, ...]) -> Specialization:
        """Run the compiler, load the object code, and store it when caching is on."""
        from lesto import pipeline
        from lesto.runtime import tiers

        compiled = pipeline.compile(self.py_func, sig, self.options.boundscheck,
                                    self.options.nogil, self.options.parallel,
                                    self.options.objects)
        return tiers.build(self, sig, compiled)   # quick code now, O3 later (runtime/tiers)

    def _wrap(self, llvm_ir: str | None, typed_ir: str, symbol: str) -> Specialization:
        return wrap(llvm_ir, typed_ir, symbol, self.__name__, self.__doc__, self._handlers)

    def _cache_guard(self, sig: tuple[LType, ...]) -> Any:
        from lesto.cache.lookup import guard

        return guard(self.py_func, sig, cache_opt(self.options), self.options.cache)

    def _load_cached(self, sig: tuple[LType, ...]) -> Specialization | None:
        return load_cached(self.py_func, sig, self.options, self.__name__, self.__doc__,
                           self._handlers)

    @property
    def _handlers(self) -> tuple[Any, Any]:
        """`self` of every specialization's entry: (mismatch, deopt), native callables that
        ask `_mismatch` / `_deopt` what to call and then call it (backend/entry.py)."""
        if self._handler_objs is None:
            keep = (resolve_call_builtin(self._mismatch), resolve_call_builtin(self._deopt))
            self._handler_objs = ((keep[0].function, keep[1].function), keep)
        return self._handler_objs[0]

    def _install(self) -> None:
        """Rebuild the native type switch over every compiled signature (plain positional
        functions only: the others bind their arguments in `_resolve`) and every call shape
        decided "interpreted".  Array arguments are told apart by dtype, ndim, layout and
        writability too (Entry.arrays), so each array signature is reached natively."""
        from lesto.backend.forward_ir import BIND, FORWARD, FORWARD_TARGET

        with self._lock:
            entries = compiled_entries(self._specs, self._handlers) if self._params.plain else []
            forward = forward_address(FORWARD)
            taken = {e.types for e in entries}
            for (types, _), names in self._fallbacks.items():
                if names is not None or types not in taken:
                    entries.append(Entry(types, forward, self.py_func, (), names))
            bind = forward_address(BIND)
            for (types, names), plan in self._binders.items():
                entries.append(Entry(types, bind, plan, (), names))
            slow = resolve_call_builtin(self._slow)
            with switch.lock:
                table = install_table(self, slow.function, entries, vectorcall=False)
                table.slow = slow
                self._table = table
                set_target(self, self.py_func)
                on = switch.is_enabled()
                set_vectorcall(self, table.switch if on else forward_address(FORWARD_TARGET))

    def _first_native(self) -> None:
        """Until it has a table, a dispatcher's calls go to `lesto_first_call`, which asks
        `_first_call` below (its `_resolve`) and makes the call from native code."""
        from lesto.backend.forward_ir import FIRST

        if self._table is None:
            set_target(self, self.py_func)
            set_vectorcall(self, forward_address(FIRST))

    def _apply_switch(self, on: bool) -> None:
        """lesto was switched on or off (runtime/switch.py)."""
        table = self._table
        if table is not None:
            from lesto.backend.forward_ir import FORWARD_TARGET

            set_vectorcall(self, table.switch if on else forward_address(FORWARD_TARGET))

    def _reload(self) -> None:
        """Forget every specialization and decision; read the options again."""
        with self._lock:
            self.options = JitOptions.from_kwargs(**self._option_kwargs)
            for memo in (self._by_type, self._by_sig, self._specs, self._fallbacks,
                         self._binders, self._records):
                memo.clear()
            self._warned.clear()
            set_vectorcall(self, None)
            self._table = None
            self._pending_install = False
            if native_ready():
                self._first_native()

    def _promote(self, sig: tuple[LType, ...], spec: Specialization) -> Specialization | None:
        """Switch signature `sig` to `spec` (its optimised code, see runtime/tiers.py); the
        replaced Specialization, which the caller keeps alive, or None if `sig` has none."""
        with self._lock:
            old = self._specs.get(sig)
            if old is None:
                return None
            self._specs[sig] = spec
            self._by_sig[sig] = spec.call
            key = tuple(pytype(t) for t in sig)
            if self._by_type.get(key) is old.call:
                self._by_type[key] = spec.call
            for plan in self._binders.values():   # binding entries call the new code too
                if plan.refs[0] is old:
                    plan[1] = spec.checked       # one aligned word: safe while calls run
                    plan.refs = (spec, *plan.refs[1:])
            if self._table is not None:
                self._install()
            return old

    def _warn(self, reason: str, key: str) -> None:
        """One NotCompiledWarning per function and reason, shown at the user's call."""
        if key in self._warned:
            return
        self._warned.add(key)
        if not self.options.warn:
            return
        level, frame = 2, sys._getframe(1)
        while frame is not None and frame.f_code.co_filename.startswith(_HERE):
            level, frame = level + 1, frame.f_back
        warnings.warn(f"lesto could not compile {self.__qualname__}; it runs in the "
                      f"interpreter: {reason}", NotCompiledWarning, stacklevel=level)

    # ------------------------------------------------------------------ inspection
    def stats(self) -> list[SignatureStats]:
        """One row per argument-type signature seen: compiled or not and why, deopts."""
        with self._lock:
            return [r.row(label) for label, r in self._records.items()]

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
                                            self.options.boundscheck, self.options.nogil,
                                            self.options.parallel,
                                            self.options.objects).llvm_ir
        return spec.llvm_ir

    def inspect_asm(self, sig: Any = None, triple: str = "host") -> str:
        from lesto.backend.codegen import emit_assembly

        return emit_assembly(self.inspect_llvm(sig), triple, self.options.opt)

    def __reduce__(self) -> Any:
        """Pickled like a function: by reference when importable (copy and deepcopy return
        self), else by value (a `__main__` function sent to workers): runtime/pickling.py."""
        from lesto.runtime.pickling import reduce_dispatcher

        return reduce_dispatcher(self)

    def __copy__(self) -> "Dispatcher":      # copy treats functions as atoms
        return self

    def __deepcopy__(self, memo: Any) -> "Dispatcher":
        return self

    def __repr__(self) -> str:
        return f"<lesto.jit {self.__qualname__}>"


enable_vectorcall(Dispatcher, method=True)
set_immutable(Dispatcher)      # (patch it in tests within native_dispatch.patchable)


def _give_every_dispatcher_a_switch() -> None:
    """Once the forwarders are loaded, calls of dispatchers made before (and not called
    twice yet) go native too: no Python frame of lesto's in any call, the first included."""
    for d in switch.live_dispatchers():
        d._first_native()


def _first_call(dispatcher: Dispatcher, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
    """The resolver of `lesto_first_call` (backend/forward_ir.py), found by its name."""
    return dispatcher._slow(*args, **kwargs)


ready_hooks.append(_give_every_dispatcher_a_switch)


def live_dispatchers() -> list[Dispatcher]:
    """Every dispatcher still alive (a weak registry), oldest first."""
    return switch.live_dispatchers()


def jit(fn: Any = None, **options: Any) -> Any:
    """Compile `fn` for the argument types it is called with: `@jit`, `@jit(strict=True)`."""
    opts = JitOptions.from_kwargs(**options)
    if fn is None:
        return lambda f: _wrap_callable(f, opts, options)
    return _wrap_callable(fn, opts, options)


# Methods a class statement turns into a classmethod / staticmethod when they are functions
# (type.__new__ checks for a function object): a dispatcher gets the same wrapper.
IMPLICIT: dict[str, Any] = {"__init_subclass__": classmethod,
                            "__class_getitem__": classmethod, "__new__": staticmethod}


def _wrap_callable(fn: Any, opts: JitOptions, options: dict[str, Any]) -> Any:
    """A Dispatcher for a function; staticmethod / classmethod keep their kind around one;
    any other callable (a functools.lru_cache wrapper, a partial, a builtin, a property)
    has no code lesto could compile: it is returned unchanged (strict: CompileError)."""
    if isinstance(fn, (staticmethod, classmethod)):
        return type(fn)(_wrap_callable(fn.__func__, opts, options))
    if isinstance(fn, FunctionType):
        kind = IMPLICIT.get(fn.__name__) if "." in fn.__qualname__ else None
        dispatcher = Dispatcher(fn, opts, options)
        return dispatcher if kind is None else kind(dispatcher)
    what = type(fn).__qualname__
    message = (f"lesto.jit got a {what}, not a Python function; it is left as it is "
               "(apply @lesto.jit to the function itself, under the other decorator)")
    if opts.strict:
        raise CompileError(message, construct=what, code="L018")
    warnings.warn(f"lesto could not compile {getattr(fn, '__qualname__', what)}: {message}",
                  NotCompiledWarning, stacklevel=3)
    return fn
