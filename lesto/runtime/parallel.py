"""The worker pool behind `prange` loops of `@jit(parallel=True)` functions.

Compiled code runs a parallel loop by calling `run(chunk, ctx, n, k)` (backend/lower_parallel.py
emits the call): `chunk` is the address of a native function

    int32 chunk(void *ctx, int64 lo, int64 hi, int64 index, PyObject **exc, int64 *stop)

that runs the iterations [lo, hi) of the loop whose captured values and per-chunk partial
results live at `ctx`; it returns 0 (done), 1 (an exception: the exception object is stored in
*exc, a new reference) or 2 (deoptimise: re-run the whole call in the interpreter).  `run` splits
[0, n) into k contiguous chunks (a few per thread); the calling thread and the pool's threads
each take the next chunk not yet taken until none is left (a thread slowed by other load on
its core takes fewer), all with the GIL released during a chunk (ctypes calls release it); then
it raises the first exception (by time: the one that stopped the loop) or returns the status.
Which thread ran a chunk never changes a result: partial reductions are per chunk.

The pool is made once per process: `threading.Thread` daemons, each waiting on its own lock
for a job, so a loop costs a few lock hand-offs, not a thread creation.  Each run has a stop
word (*stop, which the body reads at every prange iteration and every 2**20 iterations of an
inner range loop): it is set as soon as a chunk fails, and the other chunks return early.  A loop started while the pool
is busy (a prange inside a prange body, in a function it calls, or in another Python thread)
runs all its iterations in the calling thread.  KeyboardInterrupt while waiting stops the loop
and is raised after every worker has left the loop's memory."""
from __future__ import annotations

import ctypes
import os
import threading
from typing import Any

CHUNK_TYPE = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_int64,
                              ctypes.c_int64, ctypes.c_int64, ctypes.c_void_p, ctypes.c_void_p)
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
                self.pool.work()
            except BaseException:  # noqa: BLE001 - not expected; the thread must live on
                self.pool.stop.value = 1
            finally:
                self.pool.leave()


class _Pool:
    """The job being run: chunk bounds, the next chunk to take, statuses, first failure."""

    def __init__(self) -> None:
        self.workers: list[_Worker] = []
        self.cond = threading.Condition(threading.Lock())
        self.active = 0
        self.fn: Any = None
        self.ctx = 0
        self.bounds: list[int] = []
        self.excs: Any = None
        self.next = iter(())
        self.statuses: list[int] = []
        self.first_error: int | None = None
        self.stop = ctypes.c_int64(0)

    def ensure(self, n: int) -> None:
        while len(self.workers) < n:
            self.workers.append(_Worker(self))

    def work(self) -> None:
        """Take chunks until none is left or the loop stops (any thread, the caller too)."""
        slot = ctypes.sizeof(ctypes.c_void_p)
        base = ctypes.addressof(self.excs)
        stop = self.stop
        for i in self.next:   # an iterator shared by the threads (its steps hold the GIL)
            if i >= len(self.statuses) or stop.value:
                return
            status = self.fn(self.ctx, self.bounds[i], self.bounds[i + 1], i, base + slot * i,
                             ctypes.addressof(stop))
            self.statuses[i] = status
            if status == STATUS_ERROR and self.first_error is None:
                self.first_error = i
                stop.value = 1

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


def run(chunk: int, ctx: int, n: int, k: int) -> int:
    """Run the n iterations of a parallel loop as k chunks (see the module docstring)."""
    fn = _chunk_fn(chunk)
    excs = (ctypes.c_void_p * k)()
    bounds = [n * t // k for t in range(k + 1)]
    helpers = min(get_num_threads(), k) - 1
    if helpers <= 0 or not _pool_lock.acquire(blocking=False):
        # Busy (a nested or concurrent loop) or one thread: every chunk here, in order.
        base = ctypes.addressof(excs)
        stop = ctypes.c_int64(0)   # its own: never set by another loop
        statuses = []
        for i in range(k):
            statuses.append(fn(ctx, bounds[i], bounds[i + 1], i, base + 8 * i,
                               ctypes.addressof(stop)))
            if statuses[-1] == STATUS_ERROR:
                return _outcome(statuses, excs, i)
        return _outcome(statuses, excs, None)
    pool = _pool
    try:
        pool.ensure(helpers)
        pool.fn, pool.ctx, pool.bounds, pool.excs = fn, ctx, bounds, excs
        pool.next = iter(range(k))
        pool.statuses = [STATUS_OK] * k
        pool.first_error = None
        pool.stop = ctypes.c_int64(0)
        pool.active = helpers + 1
        for w in pool.workers[:helpers]:
            w.go.release()
        try:
            try:
                pool.work()
            finally:
                pool.leave()
            pool.wait()
        except BaseException:
            # KeyboardInterrupt (or another asynchronous exception) in this thread: stop
            # the loop, let every worker leave it, then raise.
            pool.stop.value = 1
            _wait_uninterrupted(pool)
            _discard(excs)
            raise
        return _outcome(pool.statuses, excs, pool.first_error)
    finally:
        pool.fn = pool.excs = None
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


def _outcome(statuses: list[int], excs: Any, first_error: int | None) -> int:
    if first_error is not None:
        exc = _take(excs, first_error)
        _discard(excs)
        if exc is None:
            raise SystemError("lesto: a parallel loop failed without an exception")
        raise exc.with_traceback(None)
    if STATUS_ERROR in statuses:   # failures after a stop: their exceptions are dropped
        _discard(excs)
    return STATUS_DEOPT if STATUS_DEOPT in statuses else STATUS_OK
