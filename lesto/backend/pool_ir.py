"""The native side of the prange worker pool (LLVM IR; compiled once per process, cached).

The pool is eight 64-bit words (runtime/parallel.py allocates them, zeroed):

    POOL_GEN      job generation; its low 32 bits are a futex word the workers sleep on
    POOL_ACTIVE   workers still running the current job (low 32 bits: a futex word)
    POOL_QUIT     nonzero: workers return (a forked child's pool, tests)
    POOL_FN       the job's `void chunks(ctx, job)` (backend/lower_parallel.chunk_function)
    POOL_CTX      its context
    POOL_JOB      its job
    POOL_HELPERS  how many workers take part (worker i does when i < helpers)
    POOL_SLEEPERS workers sleeping in the futex (a job start wakes them only if some are)

- `lesto_pool_worker(pool, index, gen)`: a pool thread's whole life, entered once (from a
  Python thread, with the GIL released): wait for a generation after `gen` (spinning, then
  sleeping on the futex), run `chunks(ctx, job)` if it takes part, count itself out (the last
  one wakes the caller), repeat.
- `lesto_pool_run(pool, fn, ctx, job, helpers, timeout_ns)`: publish the job, wake the
  sleepers, run `chunks` in the calling thread too, then wait for the workers as
  `lesto_pool_wait` does.
- `lesto_pool_wait(pool, timeout_ns)`: 1 once every worker has left the job; 0 if `timeout_ns`
  passed first (the caller, in Python, then handles signals and waits again).
So a parallel loop costs two stores, an atomic add and (only when workers sleep) a futex wake,
instead of Python lock hand-offs: microseconds, not a tenth of a millisecond."""
from __future__ import annotations

import platform
from typing import Any

from llvmlite import ir

I32 = ir.IntType(32)
I64 = ir.IntType(64)
PTR = ir.PointerType()
CHUNKS = ir.FunctionType(ir.VoidType(), [PTR, PTR])   # void chunks(ctx, job)

POOL_GEN, POOL_ACTIVE, POOL_QUIT, POOL_FN, POOL_CTX, POOL_JOB, POOL_HELPERS, POOL_SLEEPERS = \
    range(8)
POOL_WORDS = 8
WORKER, RUN, WAIT = "lesto_pool_worker", "lesto_pool_run", "lesto_pool_wait"
SYMBOLS = (WORKER, RUN, WAIT)

SPIN_NS = 1_000_000       # a worker (or the waiting caller) spins this long before it sleeps
FUTEX_WAIT, FUTEX_WAKE = 128, 129   # the _PRIVATE operations
SYS_FUTEX = {"x86_64": 202, "amd64": 202, "aarch64": 98, "arm64": 98}


class _Builder:
    def __init__(self, module: ir.Module, fn: ir.Function) -> None:
        self.fn = fn
        self.b = ir.IRBuilder(fn.append_basic_block("entry"))
        self.module = module

    def word(self, pool: ir.Value, i: int) -> ir.Value:
        return self.b.gep(pool, [ir.Constant(I64, i)], source_etype=I64)

    def block(self, name: str) -> ir.Block:
        return self.fn.append_basic_block(name)


def _futex(module: ir.Module) -> ir.Function:
    existing = module.globals.get("syscall")
    return existing or ir.Function(module, ir.FunctionType(I64, [I64], var_arg=True),
                                   name="syscall")


def _futex_call(b: ir.IRBuilder, addr: ir.Value, op: int, val: ir.Value,
                timeout: ir.Value) -> None:
    number = SYS_FUTEX.get(platform.machine().lower(), 202)
    b.call(_futex(b.module), [ir.Constant(I64, number), addr, ir.Constant(I32, op), val,
                              timeout, ir.Constant(PTR, None), ir.Constant(I32, 0)])


def _now_ns(b: ir.IRBuilder) -> ir.Value:
    """CLOCK_MONOTONIC in nanoseconds (clock_gettime; the vDSO makes it cheap)."""
    module = b.module
    clock = module.globals.get("clock_gettime") or ir.Function(
        module, ir.FunctionType(I32, [I32, PTR]), name="clock_gettime")
    with b.goto_entry_block():
        ts = b.alloca(I64, size=2)      # struct timespec {tv_sec, tv_nsec}
    b.call(clock, [ir.Constant(I32, 1), ts])
    sec = b.load(ts, typ=I64)
    nsec = b.load(b.gep(ts, [ir.Constant(I64, 1)], source_etype=I64), typ=I64)
    return b.add(b.mul(sec, ir.Constant(I64, 1_000_000_000)), nsec)


def _wait_until(g: _Builder, word: ir.Value, done: Any, sleepers: ir.Value | None,
                timeout_ns: ir.Value | None) -> tuple[ir.Value, ir.Block | None]:
    """Spin until done(current value of word) for up to SPIN_NS, then sleep on the futex
    (with the timeout, if any); returns the value read that was done, and the block where
    the timeout passed (None without a timeout)."""
    b = g.b
    spin, check, clock, sleep, out = (g.block(n) for n in ("spin", "check", "clock", "sleep",
                                                           "out"))
    ts = None
    if timeout_ns is not None:
        with b.goto_entry_block():
            ts = b.alloca(I64, size=2)
        billion = ir.Constant(I64, 1_000_000_000)
        b.store(b.sdiv(timeout_ns, billion), ts)
        b.store(b.srem(timeout_ns, billion), b.gep(ts, [ir.Constant(I64, 1)], source_etype=I64))
    deadline = b.add(_now_ns(b), ir.Constant(I64, SPIN_NS))
    start = b.block
    b.branch(spin)
    b.position_at_end(spin)
    count = b.phi(I64)
    count.add_incoming(ir.Constant(I64, 0), start)
    value = b.load_atomic(word, "seq_cst", 8, typ=I64)
    b.cbranch(done(value), out, check)
    b.position_at_end(check)
    more = b.add(count, ir.Constant(I64, 1))
    count.add_incoming(more, check)
    count.add_incoming(more, clock)
    b.cbranch(b.icmp_unsigned("==", b.and_(more, ir.Constant(I64, 255)), ir.Constant(I64, 0)),
              clock, spin)
    b.position_at_end(clock)   # every 256 loads: let a thread waiting for this core run
    yield_ = b.module.globals.get("sched_yield") or ir.Function(
        b.module, ir.FunctionType(I32, []), name="sched_yield")
    b.call(yield_, [])
    b.cbranch(b.icmp_signed(">", _now_ns(b), deadline), sleep, spin)
    b.position_at_end(sleep)
    if sleepers is not None:
        b.atomic_rmw("add", sleepers, ir.Constant(I64, 1), "seq_cst")
    _futex_call(b, word, FUTEX_WAIT, b.trunc(value, I32),
                ts if ts is not None else ir.Constant(PTR, None))
    if sleepers is not None:
        b.atomic_rmw("sub", sleepers, ir.Constant(I64, 1), "seq_cst")
    if timeout_ns is None:
        b.branch(spin)
        count.add_incoming(ir.Constant(I64, 0), b.block)
        b.position_at_end(out)
        return value, None
    after = b.load_atomic(word, "seq_cst", 8, typ=I64)
    timed_out = g.block("timed_out")
    b.cbranch(done(after), out, timed_out)
    sleep_end = b.block
    b.position_at_end(out)
    result = b.phi(I64)
    result.add_incoming(value, spin)
    result.add_incoming(after, sleep_end)
    return result, timed_out


def _worker(module: ir.Module) -> None:
    fn = ir.Function(module, ir.FunctionType(ir.VoidType(), [PTR, I64, I64]), name=WORKER)
    pool, index, first = fn.args
    g = _Builder(module, fn)
    b = g.b
    gen_word = g.word(pool, POOL_GEN)
    top = g.block("top")
    entry = b.block
    b.branch(top)
    b.position_at_end(top)
    seen = b.phi(I64)
    seen.add_incoming(first, entry)
    gen, _ = _wait_until(g, gen_word, lambda v: b.icmp_unsigned("!=", v, seen),
                      g.word(pool, POOL_SLEEPERS), None)
    quit_, work, skip = g.block("quit"), g.block("work"), g.block("skip")
    stop = b.load_atomic(g.word(pool, POOL_QUIT), "seq_cst", 8, typ=I64)
    b.cbranch(b.icmp_unsigned("!=", stop, ir.Constant(I64, 0)), quit_, skip)
    b.position_at_end(skip)
    helpers = b.load(g.word(pool, POOL_HELPERS), typ=I64)
    done = g.block("done")
    b.cbranch(b.icmp_signed("<", index, helpers), work, done)
    b.position_at_end(work)
    chunks = b.inttoptr(b.load(g.word(pool, POOL_FN), typ=I64), ir.PointerType(CHUNKS))
    ctx = b.inttoptr(b.load(g.word(pool, POOL_CTX), typ=I64), PTR)
    job = b.inttoptr(b.load(g.word(pool, POOL_JOB), typ=I64), PTR)
    b.call(chunks, [ctx, job])
    active = g.word(pool, POOL_ACTIVE)
    left = b.atomic_rmw("sub", active, ir.Constant(I64, 1), "seq_cst")
    with b.if_then(b.icmp_unsigned("==", left, ir.Constant(I64, 1))):
        _futex_call(b, active, FUTEX_WAKE, ir.Constant(I32, 1), ir.Constant(PTR, None))
    b.branch(done)
    b.position_at_end(done)
    b.branch(top)
    seen.add_incoming(gen, done)
    b.position_at_end(quit_)
    b.ret_void()


def _wait_body(g: _Builder, pool: ir.Value, timeout_ns: ir.Value) -> None:
    b = g.b
    _, timed_out = _wait_until(g, g.word(pool, POOL_ACTIVE),
                               lambda v: b.icmp_unsigned("==", b.trunc(v, I32),
                                                         ir.Constant(I32, 0)),
                               None, timeout_ns)
    b.ret(ir.Constant(I32, 1))
    assert timed_out is not None
    b.position_at_end(timed_out)
    b.ret(ir.Constant(I32, 0))


def _wait(module: ir.Module) -> None:
    fn = ir.Function(module, ir.FunctionType(I32, [PTR, I64]), name=WAIT)
    _wait_body(_Builder(module, fn), *fn.args)


def _run(module: ir.Module) -> None:
    fn = ir.Function(module, ir.FunctionType(I32, [PTR, I64, I64, I64, I64, I64]), name=RUN)
    pool, chunks, ctx, job, helpers, timeout_ns = fn.args
    g = _Builder(module, fn)
    b = g.b
    for i, v in ((POOL_FN, chunks), (POOL_CTX, ctx), (POOL_JOB, job), (POOL_HELPERS, helpers)):
        b.store(v, g.word(pool, i))
    b.atomic_rmw("xchg", g.word(pool, POOL_ACTIVE), helpers, "seq_cst")
    gen_word = g.word(pool, POOL_GEN)
    b.atomic_rmw("add", gen_word, ir.Constant(I64, 1), "seq_cst")
    sleeping = b.load_atomic(g.word(pool, POOL_SLEEPERS), "seq_cst", 8, typ=I64)
    with b.if_then(b.icmp_unsigned("!=", sleeping, ir.Constant(I64, 0))):
        _futex_call(b, gen_word, FUTEX_WAKE, ir.Constant(I32, 2**31 - 1),
                    ir.Constant(PTR, None))
    b.call(b.inttoptr(chunks, ir.PointerType(CHUNKS)),
           [b.inttoptr(ctx, PTR), b.inttoptr(job, PTR)])
    _wait_body(g, pool, timeout_ns)


def build_pool_module() -> str:
    module = ir.Module(name="lesto_pool")
    _worker(module)
    _run(module)
    _wait(module)
    return str(module)
