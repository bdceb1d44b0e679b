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

The pool is made once per process: `threading.Thread` daemons, each waiting on its own lock
for a job, so a loop costs a few lock hand-offs, not a thread creation.  A loop started while
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


class _Worker:
    """One pool thread: waits for a job, runs chunks of it with the GIL released."""

    def __init__(self, pool: "_Pool") -> None:
        self.pool = pool
        self.go = threading.Lock()
        self.go.acquire()
        self.thread = threading.Thread(target=self.loop, name="lesto-parallel", daemon=True)
        self.thread.start()

    def loop(self) -> None:
        while True:
            self.go.acquire()
            try:
                self.pool.fn(self.pool.ctx, self.pool.job_address)
            except BaseException:  # noqa: BLE001 - not expected; the thread must live on
                pass
            finally:
                self.pool.leave()


class _Pool:
    def __init__(self) -> None:
        self.workers: list[_Worker] = []
        self.cond = threading.Condition(threading.Lock())
        self.active = 0
        self.fn: Any = None
        self.ctx = 0
        self.job_address = 0

    def ensure(self, n: int) -> None:
        while len(self.workers) < n:
            self.workers.append(_Worker(self))

    def leave(self) -> None:
        with self.cond:
            self.active -= 1
            if self.active == 0:
                self.cond.notify_all()

    def wait(self) -> None:
        with self.cond:
            while self.active:
                self.cond.wait()


_pool = _Pool()


def _chunk_fn(address: int) -> Any:
    fn = _chunk_fns.get(address)
    if fn is None:
        fn = _chunk_fns[address] = CHUNK_TYPE(address)
    return fn


def run(chunks: int, ctx: int, n: int, k: int) -> int:
    """Run the n iterations of a parallel loop as k chunks (see the module docstring)."""
    fn = _chunk_fn(chunks)
    excs = (ctypes.c_void_p * k)()
    statuses = (ctypes.c_int32 * k)()
    job = _Job(0, k, n, 0, -1, ctypes.addressof(excs), ctypes.addressof(statuses))
    helpers = min(get_num_threads(), k) - 1
    if helpers <= 0 or not _pool_lock.acquire(blocking=False):
        # Busy (a nested or concurrent loop) or one thread: every chunk here, in order.
        fn(ctx, ctypes.addressof(job))
        return _outcome(job, statuses, excs)
    pool = _pool
    try:
        pool.ensure(helpers)
        pool.fn, pool.ctx, pool.job_address = fn, ctx, ctypes.addressof(job)
        pool.active = helpers + 1
        for w in pool.workers[:helpers]:
            w.go.release()
        try:
            try:
                fn(ctx, ctypes.addressof(job))
            finally:
                pool.leave()
            pool.wait()
        except BaseException:
            # KeyboardInterrupt (or another asynchronous exception) in this thread: stop
            # the loop, let every worker leave it, then raise.
            job.stop = 1
            _wait_uninterrupted(pool)
            _discard(excs)
            raise
        return _outcome(job, statuses, excs)
    finally:
        pool.fn = None
        _pool_lock.release()


def _wait_uninterrupted(pool: _Pool) -> None:
    while True:
        try:
            pool.wait()
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
