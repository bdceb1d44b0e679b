"""Tiered compilation: a new signature's first call runs code from a quick compile, while a
background thread compiles the same LLVM IR at full optimisation and then switches the
dispatcher to that code, between two calls, with no visible effect but speed.

    @lesto.jit                      # tier="auto": quick now, O3 in the background
    def f(n): ...
    f(10)                           # ~10 ms of LLVM instead of ~30-400 ms
    lesto.runtime.tiers.wait(f)     # (tests, benchmarks) until the O3 code is in

`@jit(tier="quick")` keeps the quick code, `tier="full"` compiles at full optimisation before
the first call returns (the behaviour without tiers); `LESTO_TIER=auto|quick|full` sets the
default of every dispatcher made afterwards.  A dispatcher whose `opt` is 1 or less has
nothing quicker to offer and compiles once.  With `cache=True` only the optimised code is
stored on disk: the background thread writes it when it is done (a cache hit loads it, and no
quick compile happens).

Switching is safe while calls run: the engine never frees code, so a call still inside the
quick code (in this thread or another) finishes there, and the replaced Specialization is kept
here for the life of the process.  The optimised code's entry symbols get their own names
(`FULL_SUFFIX`), so both objects load into the one JIT engine.  At interpreter exit the
queued jobs are dropped, except those of `cache=True` dispatchers (whose optimised code the
next process should load), and the one in progress is waited for (LLVM must not be torn down
under it)."""
from __future__ import annotations

import atexit
import os
import queue
import threading
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lesto.pipeline import Compiled
    from lesto.runtime.dispatcher import Dispatcher, Specialization

AUTO, QUICK, FULL = "auto", "quick", "full"
TIERS = (AUTO, QUICK, FULL)
FULL_SUFFIX = ".o3"

_lock = threading.Condition()
_jobs: "queue.Queue[Job | None]" = queue.Queue()
_worker: threading.Thread | None = None
_pending: dict[int, int] = {}              # id(dispatcher) -> jobs queued or running
_closing = False
_retired: list[Any] = []                  # replaced Specializations: their code stays alive
_tiers: "weakref.WeakKeyDictionary[Any, dict[Any, str]]" = weakref.WeakKeyDictionary()
_errors: list[str] = []                   # background compiles that failed (quick code kept)
_quick_tms: dict[int, Any] = {}   # codegen level -> target machine (quick_target)


@dataclass
class Job:
    """Compile `compiled` at full optimisation and install it for `sig` of a dispatcher."""

    dispatcher: "weakref.ref[Dispatcher]"
    key: int
    sig: tuple[Any, ...]
    compiled: "Compiled"


def tier_of(dispatcher: Any, sig: Any = None) -> str | None:
    """The tier of the code a signature of `dispatcher` runs now ("quick" or "full"; None
    when it was loaded from the disk cache or is not compiled); `sig` as for inspect_llvm."""
    known = _tiers.get(dispatcher, {})
    key = dispatcher._key(sig)
    return known.get(key)


def build(dispatcher: "Dispatcher", sig: tuple[Any, ...], compiled: "Compiled") -> "Specialization":
    """Object code for a freshly compiled signature, loaded; the Specialization to call."""
    from lesto.runtime.engine import engine

    options = dispatcher.options
    tier = options.tier
    eng = engine()
    if tier == FULL or options.opt <= 1:
        obj = eng.compile(compiled.llvm_ir, options.opt)
        eng.load(obj, compiled.entry_symbol)
        if options.cache and compiled.cacheable:
            _save(dispatcher, sig, compiled, obj, compiled.entry_symbol)
        _record(dispatcher, sig, FULL)
        return dispatcher._wrap(compiled.llvm_ir, compiled.typed_ir, compiled.entry_symbol)
    from lesto.backend.quick import quick_object

    eng.load(quick_object(compiled.llvm_ir, quick_target(compiled.objects)),
             compiled.entry_symbol)
    spec = dispatcher._wrap(compiled.llvm_ir, compiled.typed_ir, compiled.entry_symbol)
    _record(dispatcher, sig, QUICK)
    if tier == AUTO:
        _submit(Job(weakref.ref(dispatcher), id(dispatcher), sig, compiled))
    return spec


def quick_target(objects: bool = False) -> Any:
    """The quick tier's target machine (every use of it is a locked llvmlite call); for code
    with Python objects, the one at backend.quick.QUICK_OBJECT_CODEGEN."""
    from lesto.backend.quick import QUICK_CODEGEN, QUICK_OBJECT_CODEGEN
    from lesto.backend.target import target_machine

    level = QUICK_OBJECT_CODEGEN if objects else QUICK_CODEGEN
    if level not in _quick_tms:
        _quick_tms[level] = target_machine(jit=True, opt=level)
    return _quick_tms[level]


def wait(dispatcher: Any = None, timeout: float | None = None) -> bool:
    """Block until the background compiles of `dispatcher` (of every dispatcher if None) are
    done; False if `timeout` seconds passed first."""
    with _lock:
        return _lock.wait_for(lambda: not (_pending.get(id(dispatcher)) if dispatcher is not None
                                          else any(_pending.values())), timeout)


def errors() -> list[str]:
    """Messages of the background compiles that failed (their quick code stays in use)."""
    return list(_errors)


def _record(dispatcher: Any, sig: tuple[Any, ...], tier: str) -> None:
    _tiers.setdefault(dispatcher, {})[sig] = tier


def _save(dispatcher: Any, sig: tuple[Any, ...], compiled: "Compiled", obj: bytes,
          symbol: str) -> None:
    from lesto.cache.lookup import save
    from lesto.runtime.specialization import cache_opt

    save(dispatcher.py_func, sig, cache_opt(dispatcher.options), obj, symbol,
         compiled.typed_ir, str(compiled.return_type), compiled.sources)


def _submit(job: Job) -> None:
    global _worker
    with _lock:
        if _closing:
            return
        _pending[job.key] = _pending.get(job.key, 0) + 1
        if _worker is None:
            _worker = threading.Thread(target=_work, name="lesto-tier-up", daemon=True)
            _worker.start()
    _jobs.put(job)


def _work() -> None:
    from lesto.backend.target import target_machine

    tm = target_machine(jit=True)        # this thread's own: full_object runs unlocked
    while True:
        job = _jobs.get()
        if job is None:
            return
        try:
            if not _closing or _caches(job):
                _tier_up(job, tm)
        except Exception as e:   # keep the quick code; never disturb the program
            _errors.append(f"{job.compiled.entry_symbol}: {e!r}")
        finally:
            _done(job)


def _done(job: Job | None) -> None:
    """Count a job as finished (wait() returns once a dispatcher has none left)."""
    if job is None:
        return
    with _lock:
        left = _pending.get(job.key, 1) - 1
        if left:
            _pending[job.key] = left
        else:
            _pending.pop(job.key, None)
        _lock.notify_all()


def _tier_up(job: Job, tm: Any) -> None:
    from lesto.backend.quick import full_object
    from lesto.runtime.engine import engine

    compiled = job.compiled
    dispatcher = job.dispatcher()
    if dispatcher is None:
        return
    speed = dispatcher.options.opt
    del dispatcher               # not kept alive by the compile
    symbol = compiled.entry_symbol + FULL_SUFFIX
    obj = full_object(compiled.llvm_ir.replace(f'"{compiled.entry_symbol}', f'"{symbol}'),
                      tm, speed)
    dispatcher = job.dispatcher()
    if dispatcher is None:
        return
    if dispatcher.options.cache and compiled.cacheable:
        _save(dispatcher, job.sig, compiled, obj, symbol)
    if _closing:
        return
    engine().load(obj, symbol)
    spec = dispatcher._wrap(compiled.llvm_ir, compiled.typed_ir, symbol)
    old = dispatcher._promote(job.sig, spec)
    if old is not None:
        _retired.append(old)
        _record(dispatcher, job.sig, FULL)


def _caches(job: Job) -> bool:
    """Whether the job's dispatcher stores its code on disk (cache=True)."""
    dispatcher = job.dispatcher()
    return (dispatcher is not None and bool(dispatcher.options.cache)
            and job.compiled.cacheable)


def _after_fork() -> None:
    """A forked child has no tier-up thread: start afresh (its jobs are the parent's)."""
    global _worker, _jobs, _lock
    _worker = None
    _jobs = queue.Queue()
    _lock = threading.Condition()
    _pending.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


@atexit.register
def _shutdown() -> None:
    """Drop the queued jobs, except those whose optimised code goes to the disk cache (the
    next process loads it instead of compiling), and wait for them and the one in progress."""
    global _closing
    with _lock:
        _closing = True
        worker = _worker
    kept = []
    while True:
        try:
            job = _jobs.get_nowait()
        except queue.Empty:
            break
        if job is not None and _caches(job):
            kept.append(job)
        else:
            _done(job)
    if worker is not None:
        for job in kept:
            _jobs.put(job)
        _jobs.put(None)
        worker.join()
