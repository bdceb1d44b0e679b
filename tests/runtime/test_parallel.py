"""prange and @jit(parallel=True): the same results as the interpreter (float reductions up to
rounding, deterministically), exceptions raised in the caller with CPython's type and message,
located refusals for bodies that cannot run in parallel, a pool that is reused."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

import lesto
from lesto import prange

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def par(fn):
    return lesto.jit(parallel=True, strict=True)(fn)


def squares(out, n):
    for i in prange(n):
        out[i] = i * i
    return out[n - 1]


def int_sum(a):
    s = 0
    for i in prange(a.shape[0]):
        s += int(a[i])
    return s


def big_sum(n):
    s = 0
    for i in prange(n):
        s += i * 10**15
    return s


def float_sum(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += float(a[i])
    return s


def many_reductions(n):
    p = 1
    lo = n
    hi = -n
    o = 0
    x = 0
    d = 1000
    for i in prange(1, n + 1):
        p *= 1 + (i % 3 == 0)
        lo = min(lo, (i * 7919) % 1000)
        hi = max(hi, (i * 7919) % 1000)
        o |= 1 << (i % 50)
        x ^= i
        d -= i
    return p, lo, hi, o, x, d


def stepped(out, start, stop, step):
    for i in prange(start, stop, step):
        out[i] = i + 0.5
    return out[0]


def stencil(a, b):
    n, m = a.shape
    for i in prange(1, n - 1):
        for j in range(1, m - 1):
            b[i, j] = 0.25 * (a[i - 1, j] + a[i + 1, j] + a[i, j - 1] + a[i, j + 1])
    return b[1, 1]


def nested(out):
    n, m = out.shape
    for i in prange(n):
        for j in prange(m):
            out[i, j] = i * m + j
    return out[n - 1, m - 1]


def test_interpreter_prange_is_range():
    assert lesto.prange(2, 10, 3) == range(2, 10, 3)
    assert squares(np.zeros(5, np.int64), 5) == 16


def test_without_parallel_prange_is_range():
    f = lesto.jit(strict=True)(int_sum)
    a = np.arange(1000)
    assert f(a) == int_sum(a)
    assert "prange.run" not in f.inspect_llvm()


@pytest.mark.parametrize("threads", [1, 2, 3, 7])
def test_array_writes(threads):
    lesto.set_num_threads(threads)
    try:
        f = par(squares)
        out = np.zeros(1001, np.int64)
        assert f(out, 1001) == 1000 ** 2
        assert (out == np.arange(1001) ** 2).all()
        assert "prange.run" in f.inspect_llvm()
    finally:
        lesto.set_num_threads(lesto.runtime.parallel._default_threads())


def test_start_stop_step():
    f = par(stepped)
    for args in ((0, 100, 3), (99, -1, -7), (5, 5, 1), (10, 0, 1)):
        want, got = np.zeros(100), np.zeros(100)
        stepped(want, *args)
        f(got, *args)
        assert (want == got).all(), args


def test_stencil_and_nested_prange():
    a = np.random.default_rng(1).random((60, 70))
    want, got = np.zeros_like(a), np.zeros_like(a)
    assert par(stencil)(a, got) == stencil(a, want)
    assert (want == got).all()
    out = np.zeros((13, 17))
    assert par(nested)(out) == 13 * 17 - 1
    assert (out.ravel() == np.arange(13 * 17)).all()


def test_int_reductions_are_exact():
    a = np.arange(-5000, 10_001)
    assert par(int_sum)(a) == int_sum(a)
    assert par(many_reductions)(2000) == many_reductions(2000)
    f = par(big_sum)
    assert f(100_000) == big_sum(100_000)   # beyond 64 bits: the interpreter's exact answer
    assert f.deopt_count == 1


def test_float_reduction_is_close_and_deterministic():
    a = np.random.default_rng(2).random(100_001)
    f = par(float_sum)
    first = f(a)
    assert first == pytest.approx(float_sum(a), rel=1e-12)
    assert all(f(a) == first for _ in range(20))


def write_then_index(a, k):
    for i in prange(a.shape[0]):
        a[i] = 1.0
        if i == a.shape[0] - 1:
            a[i + k] = 2.0
    return a[0]


def divide(a, k):
    s = 0.0
    for i in prange(a.shape[0]):
        s += float(a[i]) / (i - k)
    return s


def raise_in_body(a, k):
    for i in prange(a.shape[0]):
        if i == k:
            raise ValueError("bad row")
        a[i] = i
    return a[0]


def overflow_after_write(a):
    s = 0
    for i in prange(a.shape[0]):
        a[i] = 1
        s += 2**62
    return s


def test_exceptions_reach_the_caller():
    baseline = threading.active_count()
    for _ in range(3):
        a = np.zeros(1000)
        with pytest.raises(IndexError) as err:
            par(write_then_index)(a, 1)
        with pytest.raises(IndexError) as want:
            write_then_index(np.zeros(1000), 1)
        assert str(err.value) == str(want.value)
        with pytest.raises(ZeroDivisionError, match="float division by zero"):
            par(divide)(np.ones(1000), 500)
        with pytest.raises(ValueError, match="bad row"):
            par(raise_in_body)(np.zeros(1000), 700)
        with pytest.raises(OverflowError):
            par(overflow_after_write)(np.zeros(100, np.int64))
    a = np.zeros(1000)
    assert par(write_then_index)(a, 0) == 1.0     # the pool still works
    assert threading.active_count() <= baseline + lesto.get_num_threads()


def refuse(src: str, tmp_path, code: str) -> lesto.CompileError:
    path = tmp_path / "mod.py"
    path.write_text("import lesto\n" + textwrap.dedent(src))
    ns: dict = {}
    exec(compile(path.read_text(), str(path), "exec"), ns)
    with pytest.raises(lesto.CompileError) as err:
        lesto.jit(parallel=True, strict=True)(ns["f"])(10)
    assert err.value.code == code
    assert str(path) in str(err.value) and "lesto/" not in str(err.value).replace(str(path), "")
    return err.value


def test_refusals(tmp_path):
    e = refuse('''
        def f(n):
            for i in lesto.prange(n):
                if i > 3:
                    break
            return 0
    ''', tmp_path, "L030")
    assert "'break' in a prange loop" in str(e) and e.lineno == 6
    e = refuse('''
        def f(n):
            last = 0
            for i in lesto.prange(n):
                last = i
            return last
    ''', tmp_path, "L031")
    assert "'last'" in str(e) and e.lineno == 6
    e = refuse('''
        def f(n):
            s = 0
            for i in lesto.prange(n):
                s += s + i
            return s
    ''', tmp_path, "L031")
    assert "'s'" in str(e)


def test_num_threads():
    n = lesto.get_num_threads()
    assert n >= 1
    with pytest.raises(ValueError):
        lesto.set_num_threads(0)
    out = subprocess.run([sys.executable, "-c", "import lesto; print(lesto.get_num_threads())"],
                         env={**os.environ, "PYTHONPATH": ROOT, "LESTO_NUM_THREADS": "3"},
                         capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "3", out.stderr


def test_nogil_and_parallel_together():
    f = lesto.jit(parallel=True, nogil=True, strict=True)(float_sum)
    a = np.random.default_rng(3).random(5000)
    assert f(a) == pytest.approx(float_sum(a))


CTRL_C = '''
import sys, time
import numpy as np
import lesto

@lesto.jit(parallel=True, strict=True)
def spin(out, n):
    for i in lesto.prange(out.shape[0]):
        x = 0.0
        for j in range(n):
            x = x * 0.999 + 1.0
        out[i] = x
    return out[0]

out = np.zeros(64)
spin(out, 10)
print("ready", flush=True)
try:
    spin(out, 10**12)          # hours
except KeyboardInterrupt:
    print("interrupted", flush=True)
'''


def test_ctrl_c_stops_a_parallel_loop(tmp_path):
    script = tmp_path / "spin.py"
    script.write_text(CTRL_C)
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": ROOT},
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert proc.stdout.readline().strip() == "ready"
        import time

        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        assert "interrupted" in out, err
    finally:
        proc.kill()
        proc.wait()


def temporaries(a, out):
    for i in prange(a.shape[0]):
        t = np.zeros(50) + a[i]
        out[i] = t.sum()
    return out[0]


def test_arrays_made_in_the_body_are_freed():
    import tracemalloc

    f = par(temporaries)
    a = np.arange(20_000.0)
    out = np.zeros_like(a)
    f(a, out)
    assert (out == a * 50).all()
    tracemalloc.start()
    f(a, out)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2_000_000    # 20_000 arrays of 400 bytes kept alive would be 8 MB


def row_sum(a, i):
    s = 0.0
    for j in prange(a.shape[1]):
        s += float(a[i, j])
    return s


def row_sums(a, out):
    for i in prange(a.shape[0]):
        out[i] = row_sum(a, i)     # its prange runs sequentially inside this one
    return out[0]


def test_prange_in_a_function_called_from_a_prange_body():
    a = np.random.default_rng(5).random((40, 300))
    out = np.zeros(40)
    par(row_sums)(a, out)
    assert np.allclose(out, a.sum(axis=1), rtol=1e-12)


def test_concurrent_parallel_calls_from_threads():
    f = par(float_sum)
    chunks = [np.random.default_rng(k).random(50_000) for k in range(8)]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as ex:
        got = list(ex.map(f, chunks))
    assert got == pytest.approx([float_sum(c) for c in chunks], rel=1e-12)


def test_no_leaks_across_the_boundary():
    from tests.support.refs import assert_memory_flat, assert_refcounts_stable

    a = np.arange(200)
    assert_refcounts_stable(par(int_sum), (a,), calls=2000)
    assert_refcounts_stable(par(stencil), (np.ones((20, 20)), np.zeros((20, 20))), calls=1000)
    assert_memory_flat(par(raise_in_body), (np.zeros(100), 50), calls=2000, warmup=200)
    assert_memory_flat(par(write_then_index), (np.zeros(100), 3), calls=2000, warmup=200)


def numpy_scalar_sum(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i]          # float, then np.float64: a float | np.float64 reduction
    return s


def numpy_int_sum(a):
    s = 0
    for i in prange(a.shape[0]):
        s += a[i]          # int | np.int64: numpy's wrap-around once an np.int64 is added
    return s


def numpy_max(a):
    m = -1.0
    for i in prange(a.shape[0]):
        m = max(m, a[i])
    return m


@pytest.mark.parametrize("fn,a", [
    (numpy_scalar_sum, np.random.default_rng(6).random(10_001)),
    (numpy_scalar_sum, np.zeros(0)),
    (numpy_int_sum, np.arange(-3000, 7001)),
    (numpy_int_sum, np.zeros(0, np.int64)),
    (numpy_int_sum, np.array([2**62] * 4)),
    (numpy_max, np.random.default_rng(7).random(999)),
], ids=lambda x: getattr(x, "__name__", ""))
def test_reductions_of_numpy_scalars_keep_their_type(fn, a):
    got = par(fn)(a)
    with np.errstate(over="ignore"):
        want = fn(a)
    assert type(got) is type(want)
    assert got == pytest.approx(want, rel=1e-12)


def handshake(flags, n):
    for t in prange(2):
        flags[t] = 1
        k = 0
        while flags[1 - t] == 0 and k < n:
            flags[2 + t] = k      # a store to the array: the flag is read again each time
            k += 1
    return flags[2]


def test_chunks_run_at_the_same_time():
    """Two iterations that each wait for the other: run one after the other, the first would
    wait its whole budget (n spins); run at the same time, it sees the second start."""
    lesto.set_num_threads(2)
    try:
        flags = np.zeros(4, np.int64)
        n = 4_000_000_000
        par(handshake)(flags, n)
        assert flags[0] == flags[1] == 1
        assert flags[2] < n - 1, flags
    finally:
        lesto.set_num_threads(lesto.runtime.parallel._default_threads())


def test_many_short_loops_in_a_row_reuse_the_pool():
    """Loops back to back (workers still spinning) and after a pause (workers asleep on the
    futex): every one complete, and no new threads."""
    import time

    from lesto.runtime import parallel

    lesto.set_num_threads(2)
    try:
        f = par(squares)
        out = np.zeros(8, np.int64)
        f(out, 8)
        threads = threading.active_count()
        pool_threads = len(parallel._pool.threads)   # at least one (earlier tests may add)
        for k in range(2000):
            out[:] = 0
            assert f(out, 2 + k % 7) == (1 + k % 7) ** 2
        time.sleep(0.01)   # longer than the pool's spin: the workers sleep, then wake
        assert f(out, 8) == 49 and list(out) == [i * i for i in range(8)]
        assert threading.active_count() == threads
        assert len(parallel._pool.threads) == pool_threads >= 1
    finally:
        lesto.set_num_threads(lesto.runtime.parallel._default_threads())


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_makes_its_own_pool():
    lesto.set_num_threads(2)
    try:
        f = par(int_sum)
        a = np.arange(1000)
        assert f(a) == 499500          # the parent's pool exists now
        pid = os.fork()
        if pid == 0:                   # the child: the parent's threads do not exist here
            try:
                os._exit(0 if f(a) == 499500 and par(squares)(np.zeros(9, np.int64), 9) == 64
                         else 1)
            except BaseException:
                os._exit(2)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert f(a) == 499500
    finally:
        lesto.set_num_threads(lesto.runtime.parallel._default_threads())
