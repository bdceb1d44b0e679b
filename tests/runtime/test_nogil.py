"""@jit(nogil=True): same answers as with the GIL held, the GIL really released while native
code runs, and thread safety of compilation (many threads, new signatures at once)."""
from __future__ import annotations

import math
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import lesto


def _float_loop(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += math.sqrt(a[i] * a[i] + 1.0)
    return s


def _int_sum(n):
    s = 0
    for i in range(n):
        s += i * i * i
    return s


def _write_then_index(a, k):
    for i in range(a.shape[0]):
        a[i] = i * 2.0
    return a[k]


def _numpy_inside(a):
    b = np.sqrt(a)
    return b.sum() + a.max()


def _raises(x):
    if x < 0:
        raise ValueError("negative")
    return x * 2


CASES = [
    (_float_loop, (np.arange(1000.0),)),
    (_int_sum, (1000,)),
    (_int_sum, (10**7,)),                       # s needs more than 64 bits: deopt
    (_write_then_index, (np.zeros(10), 3)),
    (_numpy_inside, (np.arange(50.0),)),
    (_raises, (3,)),
]


@pytest.mark.parametrize("fn,args", CASES, ids=lambda x: getattr(x, "__name__", ""))
def test_same_results_as_interpreter(fn, args):
    jitted = lesto.jit(nogil=True, strict=True)(fn)
    assert jitted(*[a.copy() if isinstance(a, np.ndarray) else a for a in args]) == fn(*args)


def test_exceptions_come_back_with_the_gil():
    raises = lesto.jit(nogil=True, strict=True)(_raises)
    with pytest.raises(ValueError, match="negative"):
        raises(-1)
    index = lesto.jit(nogil=True, strict=True)(_write_then_index)
    with pytest.raises(IndexError, match="out of bounds"):
        index(np.zeros(10), 11)


def test_int_overflow_deopts_to_the_exact_answer():
    f = lesto.jit(nogil=True, strict=True)(_int_sum)
    assert f(3 * 10**6) == _int_sum(3 * 10**6)
    assert f.deopt_count == 1


def test_entry_releases_the_gil():
    """A Python thread makes progress while one nogil call runs (with the GIL held it could
    not run at all in between)."""
    def spin(n):
        x = 0.5
        for i in range(n):
            x = x * 0.999999 + 0.25
        return x

    held, free = lesto.jit(spin), lesto.jit(nogil=True)(spin)
    n = 150_000_000
    progress = {}
    for name, fn in (("held", held), ("free", free)):
        fn(10)
        fn(10)   # the second call installs the native type switch
        count = [0]
        stop = threading.Event()
        started = threading.Event()

        def tick():
            started.set()
            while not stop.is_set():
                count[0] += 1

        t = threading.Thread(target=tick)
        t.start()
        started.wait()
        before = count[0]
        fn(n)
        progress[name] = count[0] - before
        stop.set()
        t.join()
    # with the GIL held, the thread runs only around the call (a switch interval at most)
    assert progress["held"] * 5 < progress["free"], progress
    assert "PyEval_SaveThread" in free.inspect_llvm()


def test_threads_give_the_sequential_results():
    f = lesto.jit(nogil=True)(_float_loop)
    chunks = [np.random.default_rng(i).random(20_000) for i in range(8)]
    with ThreadPoolExecutor(4) as ex:
        got = list(ex.map(f, chunks))
    assert got == [_float_loop(c) for c in chunks]


def _poly(x, y):
    return x + y


def test_many_threads_compile_each_signature_once():
    """16 threads call two dispatchers with 8 new signatures each, all at once."""
    values = [1, 2.5, True, 1j, np.int32(3), np.float32(1.5), np.arange(3), np.arange(3.0)]
    f = lesto.jit(nogil=True)(_poly)
    g = lesto.jit(_int_sum)
    barrier = threading.Barrier(16)
    errors = []

    def worker(k):
        try:
            barrier.wait()
            for j in range(len(values)):
                v = values[(j + k) % len(values)]
                got = f(v, v)
                want = v + v
                assert np.array_equal(got, want) and type(got) is type(want)
                assert g(k + j) == _int_sum(k + j)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert f.compile_count == len(values) == len(f.signatures)
    assert g.compile_count == 1


def test_many_dispatchers_compile_at_once():
    """Compilations of different dispatchers overlap in time (LLVM's context is shared)."""
    fns = [lesto.jit(nogil=bool(k % 2))(f) for k in range(6)
           for f in (_float_loop, _int_sum, _numpy_inside, _poly)]
    args = {_float_loop: (np.arange(10.0),), _int_sum: (50,),
            _numpy_inside: (np.arange(10.0),), _poly: (1.5, 2)}
    barrier = threading.Barrier(8)
    errors = []

    def worker(k):
        try:
            barrier.wait()
            for j in range(len(fns)):
                d = fns[(j * 5 + k) % len(fns)]
                assert d(*args[d.py_func]) == d.py_func(*args[d.py_func])
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert [d.compile_count for d in fns] == [1] * len(fns)
