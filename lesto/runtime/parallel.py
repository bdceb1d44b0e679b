"""The worker pool behind `prange` loops of `@jit(parallel=True)` functions.

Compiled code runs a parallel loop by calling `run(chunks, ctx, n, k)` (backend/lower_parallel.py
emits the call): `chunks` is the address of a native function

    void chunks(void *ctx, Job *job)

which takes chunk after chunk of the job (an atomic counter: the iterations [0, n) split into k
contiguous chunks, a few per thread) and runs the loop body on it, with the loop's captured
values and per-chunk partial results at `ctx`; for each chunk it stores a status (0 done,
1 an exception: the exception object is stored in the chunk's slot, a new reference, the chunk
is recorded as the first failure if none was, and the job's stop word is set; 2 deoptimise:
re-run the whole call in the interpreter).  It returns when no chunk is left or the stop word is
set (the body also reads it at every prange iteration and every 2**20 iterations of an inner
range loop).  The calling thread and the pool's threads each call it once, with the GIL released
(ctypes calls release it), so a thread slowed by other load on its core simply takes fewer
chunks; which thread ran a chunk never changes a result (partial reductions are per chunk).
`run` then raises the first failure's exception or returns the status.

The pool is made once per process: `threading.Thread` daemons that each enter the native
worker loop of backend/pool_ir.py once and stay there (spinning briefly, then sleeping on a
futex, between jobs), so a loop costs a few atomic operations and at most one futex wake: a
few microseconds, not a thread creation or Python lock hand-offs.  A loop started while
the pool is busy (a prange inside a prange body, in a function it calls, or in another Python
thread) runs all its chunks in the calling thread.  KeyboardInterrupt while waiting stops the
loop and is raised after every worker has left the loop's memory."""
from __future__ import annotations

import ctypes
import os
import threading
from typing import Any

CHUNK_TYPE = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)


class _Job(ctypes.Structure):
    """What the threads of one run share (field order: backend/lower_parallel.JOB_*)."""

    _fields_ = [("next", ctypes.c_int64), ("chunks", ctypes.c_int64), ("n", ctypes.c_int64),
                ("stop", ctypes.c_int64), ("first_error", ctypes.c_int64),
                ("excs", ctypes.c_void_p), ("statuses", ctypes.c_void_p)]
STATUS_OK, STATUS_ERROR, STATUS_DEOPT = 0, 1, 2

# Words compiled code reads by symbol (the engine resolves `lesto_parallel.<name>`).
_words = {"threads": ctypes.c_int64(0)}
_chunk_fns: dict[int, Any] = {}
_pool_lock = threading.Lock()
_num_threads: int | None = None


def _default_threads() -> int:
    env = os.environ.get("LESTO_NUM_THREADS")
    if env:
        return max(1, int(env))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def get_num_threads() -> int:
    """How many threads a parallel loop uses (the caller's and the pool's): LESTO_NUM_THREADS,
    else one per core this process may use."""
    global _num_threads
    if _num_threads is None:
        _num_threads = _default_threads()
        _words["threads"].value = _num_threads
    return _num_threads


def set_num_threads(n: int) -> None:
    """Use `n` threads (n >= 1) for the parallel loops started from now on."""
    global _num_threads
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"set_num_threads() needs an int >= 1, not {n!r}")
    _num_threads = n
    _words["threads"].value = n


def symbol_address(name: str) -> int | None:
    """Address of the word `lesto_parallel.<name>` for compiled code."""
    get_num_threads()
    word = _words.get(name.rpartition(".")[2])
    return None if word is None else ctypes.addressof(word)


class _Pool:
    """The pool's threads: Python threads that each enter backend/pool_ir.py's worker loop
    once, with the GIL released, and stay in it; a job is handed over through the pool's
    native words (no Python lock, no GIL hand-off)."""

    def __init__(self) -> None:
        from lesto.backend import pool_ir
        from lesto.runtime.engine import engine
        from lesto.runtime.native_dispatch import load_native

        worker = load_native("pool", pool_ir.WORKER, pool_ir.build_pool_module)
        eng = engine()
        self.words = (ctypes.c_int64 * pool_ir.POOL_WORDS)()
        self.address = ctypes.addressof(self.words)
        self.gen_index = pool_ir.POOL_GEN
        i64, ptr = ctypes.c_int64, ctypes.c_void_p
        self.worker = ctypes.CFUNCTYPE(None, ptr, i64, i64)(worker)
        self.start = ctypes.CFUNCTYPE(ctypes.c_int32, ptr, i64, i64, i64, i64, i64)(
            eng.address(pool_ir.RUN))
        self.wait = ctypes.CFUNCTYPE(ctypes.c_int32, ptr, i64)(eng.address(pool_ir.WAIT))
        self.threads: list[threading.Thread] = []

    def ensure(self, n: int) -> None:
        while len(self.threads) < n:
            t = threading.Thread(target=self.worker, name="lesto-parallel", daemon=True,
                                 args=(self.address, len(self.threads),
                                       self.words[self.gen_index]))
            t.start()
            self.threads.append(t)


_pool: _Pool | None = None
WAIT_NS = 20_000_000      # the caller returns to Python this often while it waits (signals)


def _the_pool() -> _Pool:
    global _pool
    if _pool is None:
        _pool = _Pool()
    return _pool


def _forget_pool() -> None:   # a forked child has none of the parent's threads
    global _pool, _pool_lock
    _pool = None
    _pool_lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def _chunk_fn(address: int) -> Any:
    fn = _chunk_fns.get(address)
    if fn is None:
        fn = _chunk_fns[address] = CHUNK_TYPE(address)
    return fn


def run(chunks: int, ctx: int, n: int, k: int) -> int:
    """Run the n iterations of a parallel loop as k chunks (see the module docstring)."""
    excs = (ctypes.c_void_p * k)()
    statuses = (ctypes.c_int32 * k)()
    job = _Job(0, k, n, 0, -1, ctypes.addressof(excs), ctypes.addressof(statuses))
    helpers = min(get_num_threads(), k) - 1
    if helpers <= 0 or not _pool_lock.acquire(blocking=False):
        # Busy (a nested or concurrent loop) or one thread: every chunk here, in order.
        _chunk_fn(chunks)(ctx, ctypes.addressof(job))
        return _outcome(job, statuses, excs)
    try:
        pool = _the_pool()
        pool.ensure(helpers)
        try:
            done = pool.start(pool.address, chunks, ctx, ctypes.addressof(job), helpers,
                              WAIT_NS)
            while not done:
                done = pool.wait(pool.address, WAIT_NS)
        except BaseException:
            # KeyboardInterrupt (or another asynchronous exception) while waiting: stop the
            # loop, let every worker leave it, then raise.
            job.stop = 1
            _wait_uninterrupted(pool)
            _discard(excs)
            raise
        return _outcome(job, statuses, excs)
    finally:
        _pool_lock.release()


def _wait_uninterrupted(pool: _Pool) -> None:
    while True:
        try:
            if pool.wait(pool.address, WAIT_NS):
                return
        except BaseException:  # noqa: BLE001 - a second Ctrl-C must not abandon the workers
            continue


def _take(excs: Any, tid: int) -> BaseException | None:
    """The exception object chunk `tid` stored (taking over its reference)."""
    address = excs[tid]
    if not address:
        return None
    excs[tid] = None
    obj = ctypes.cast(address, ctypes.py_object).value
    ctypes.pythonapi.Py_DecRef(ctypes.py_object(obj))
    return obj


def _discard(excs: Any) -> None:
    for tid in range(len(excs)):
        _take(excs, tid)


def _outcome(job: _Job, statuses: Any, excs: Any) -> int:
    codes = list(statuses)
    if job.first_error >= 0:
        exc = _take(excs, job.first_error)
        _discard(excs)
        if exc is None:
            raise SystemError("lesto: a parallel loop failed without an exception")
        raise exc.with_traceback(None)
    return STATUS_DEOPT if STATUS_DEOPT in codes else STATUS_OK
