"""Several numpy-array specializations of one function, all reached by the native type switch:
arrays differing only in dtype, ndim, layout or writability (all of type numpy.ndarray) each
run their own specialization, the one typeof picks, without the Python slow path."""
from __future__ import annotations

import ctypes
import gc
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import pytest

import lesto
from lesto.backend.dispatch_ir import HOT_WORD, TABLE_OFFSET
from lesto.runtime.dispatcher import Dispatcher
from lesto.runtime.native_dispatch import patchable
from lesto.types.typeof import typeof

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def slow_calls() -> Iterator[list[tuple[Any, ...]]]:
    """Every call that reaches the dispatcher's Python code (its __call__, or `_mismatch`,
    where a specialization's entry sends arguments it does not take), for dispatchers made
    after the fixture (both are bound when a dispatcher is made).  Assigning a class's
    __call__ clears its vectorcall flag on CPython 3.12+, so the flag is set again after
    patching and after restoring (or every later dispatcher would run its Python __call__)."""
    calls: list[tuple[Any, ...]] = []
    mismatch, call = Dispatcher._mismatch, Dispatcher._resolve
    inside = [0]

    def counted(method: Any, self: Any, *args: Any, **kwargs: Any) -> Any:
        if not inside[0]:
            calls.append(args)      # one record per call from native code
        inside[0] += 1
        try:
            return method(self, *args, **kwargs)
        finally:
            inside[0] -= 1

    def counted_mismatch(self: Any, *args: Any) -> Any:
        return counted(mismatch, self, *args)

    def counted_call(self: Any, *args: Any, **kwargs: Any) -> Any:
        return counted(call, self, *args, **kwargs)

    with patchable(Dispatcher):
        Dispatcher._mismatch, Dispatcher._resolve = counted_mismatch, counted_call
    try:
        yield calls
    finally:
        with patchable(Dispatcher):
            Dispatcher._mismatch, Dispatcher._resolve = mismatch, call


def hot_address(f: Any, nargs: int) -> int:
    """The fast entry the native switch ran last for `nargs` arguments."""
    table = ctypes.c_void_p.from_address(id(f) + TABLE_OFFSET).value
    hot = ctypes.c_uint64.from_address(table + 8 * (HOT_WORD + nargs)).value
    return ctypes.c_uint64.from_address(hot + 8).value


def readonly(a: np.ndarray) -> np.ndarray:
    a = a.copy(order="K")
    a.setflags(write=False)
    return a


def zoo() -> list[np.ndarray]:
    """Arrays of many lesto types, all of Python type numpy.ndarray (the last two are both C-
    and F-contiguous: typeof's 2-d C float64, as the first 2-d one)."""
    m = np.arange(12.0).reshape(3, 4)
    return [
        np.arange(5.0),                                   # float64, 1-d, C (and F)
        np.arange(5, dtype=np.int32),                     # int32
        np.arange(5, dtype=np.int64),
        np.arange(5, dtype=np.uint8),
        np.arange(5, dtype=np.float32),
        np.array([True, False, True]),
        m,                                                # 2-d C
        np.asfortranarray(m),                             # 2-d F
        m[:, ::2],                                        # 2-d strided: A
        np.arange(10.0)[::3],                             # 1-d strided: A
        readonly(np.arange(5.0)),                         # read-only
        readonly(np.asfortranarray(m)),
        np.array(2.5),                                    # 0-d: C and F, so C
        np.arange(24.0).reshape(2, 3, 4).transpose(1, 0, 2),   # 3-d A
        np.zeros((0, 3), order="F"),                      # empty: C
        np.arange(3.0).reshape(3, 1, order="F"),          # (3, 1) F order: also C
    ]


def total(a):
    return a.sum()


def test_alternating_array_types_run_their_own_specialization_natively(
        slow_calls: list[tuple[Any, ...]]) -> None:
    f = lesto.jit(total, strict=True)
    arrays = zoo()
    # the zoo covers what it claims (if typeof changes, the zoo must follow)
    types = [typeof(a) for a in arrays]
    assert len(set(types)) == len(types) - 2
    assert types[-1] == types[-2] == types[6] and types[6].layout == "C"
    layouts = [(t.ndim, t.layout, t.writable) for t in types]
    assert (0, "C", True) in layouts and (2, "F", True) in layouts
    assert (2, "A", True) in layouts and (2, "F", False) in layouts
    for a in arrays:
        f(a)
        f(a)
    specs = dict(f._specs)
    assert len(specs) == len(arrays) - 2 == f.compile_count
    del slow_calls[:]
    for _ in range(3):
        for a in arrays + arrays[::-1]:
            got = f(a)
            assert got == a.sum() and type(got) is type(a.sum())
            # exactly the specialization typeof picks, reached without the slow path
            assert hot_address(f, 1) == specs[(typeof(a),)].address
    assert slow_calls == []
    assert f.compile_count == len(specs) and f.deopt_count == 0
    assert all(f._specs[k] is v for k, v in specs.items())


def index(a, i):
    return a[i] + i


def test_two_arguments_arrays_and_scalars(slow_calls: list[tuple[Any, ...]]) -> None:
    f = lesto.jit(index, strict=True)
    x, y, z = np.arange(6.0), np.arange(6, dtype=np.int32), np.arange(6, dtype=np.int8)[::2]
    cases = [(x, 2), (y, 3), (z, 1), (x, np.int64(4)), (y, -1)]
    for args in cases:
        f(*args)
        f(*args)
    del slow_calls[:]
    for _ in range(4):
        for a, i in cases:
            got = f(a, i)
            assert got == a[i] + i and type(got) is type(a[i] + i)
            assert hot_address(f, 2) == f._specs[(typeof(a), typeof(i))].address
    assert slow_calls == []


def length(a):
    return len(a)


def test_arrays_beside_a_tuple_entry(slow_calls: list[tuple[Any, ...]]) -> None:
    """A table mixing array entries and another: it passes the array test untouched.  (Two
    tuple signatures would still meet in the slow path: tuples are told apart by their
    specialization's entry, not by the switch.)"""
    f = lesto.jit(length, strict=True)
    cases = [np.arange(3.0), (1, 2), np.arange(4, dtype=np.int32),
             np.arange(6.0).reshape(2, 3)]
    for a in cases:
        f(a)
        f(a)
    del slow_calls[:]
    for _ in range(3):
        for a in cases:
            assert f(a) == len(a)
    assert slow_calls == []


def test_longlong_arrays_are_the_int64_specialization(
        slow_calls: list[tuple[Any, ...]]) -> None:
    """NPY_LONGLONG arrays are int64 for typeof (as NPY_LONG ones): the same specialization,
    natively (the compiled entry used to refuse them, and the slow path recursed forever)."""
    f = lesto.jit(total, strict=True)
    q = np.array([5, 6, 7], dtype=np.longlong)
    uq = np.array([5, 6], dtype=np.ulonglong)
    assert q.dtype.num != np.arange(1).dtype.num and typeof(q) == typeof(np.arange(1))
    assert f(q) == 18 and f(np.arange(4)) == 6 and f(uq) == 11
    assert f(np.array([1], dtype=np.uint64)) == 1
    assert len(f.signatures) == 2
    del slow_calls[:]
    for _ in range(3):
        assert f(q) == 18 and f(np.arange(4)) == 6 and f(uq) == 11 and f(np.arange(3.0)) == 3
    assert len(slow_calls) == 1    # float64: compiled on the slow path, once
    assert f(q) == 18 and hot_address(f, 1) == f._specs[(typeof(q),)].address


def test_arrays_typeof_refuses_go_to_the_interpreter(
        slow_calls: list[tuple[Any, ...]]) -> None:
    """Big-endian, misaligned and unsupported dtypes match no entry (even one of the same
    dtype name and ndim) and run in the interpreter, with one warning each (not counted as
    deoptimisations; strict mode refuses them); the others stay native."""
    f = lesto.jit(total)
    x, y = np.arange(4.0), np.arange(4, dtype=np.int32)
    for a in (x, y, x, y):
        f(a)
    big = x.astype(">f8")
    raw = np.zeros(4 * 8 + 1, dtype=np.uint8)
    misaligned = raw[1:].view(np.float64)
    assert not misaligned.flags.aligned
    half = x.astype(np.float16)
    del slow_calls[:]
    with pytest.warns(lesto.NotCompiledWarning) as caught:
        for a in (big, misaligned, half, big):
            assert typeof(a) is None
            assert f(a) == a.sum()
    assert len(slow_calls) == 4 and f.deopt_count == 0
    assert [str(w.message).split(": total: ")[-1].split(";")[0] for w in caught] == [
        "parameter 'a' is a numpy array of dtype float64 in big-endian byte order",
        "parameter 'a' is a misaligned numpy array",
        "parameter 'a' is a numpy array of dtype float16"]
    strict = lesto.jit(total, strict=True)
    with pytest.raises(lesto.CompileError, match="parameter 'a' is a misaligned numpy array"):
        strict(misaligned)
    del slow_calls[:]
    for _ in range(3):
        assert f(x) == 6.0 and f(y) == 6
    assert slow_calls == []


def test_many_alternating_calls_keep_references_and_memory(
        slow_calls: list[tuple[Any, ...]]) -> None:
    f = lesto.jit(index, strict=True)
    x, y = np.arange(10.0), np.arange(10, dtype=np.int32)
    for _ in range(2):
        f(x, 1)
        f(y, 1)
    del slow_calls[:]
    gc.collect()
    before = (sys.getrefcount(x), sys.getrefcount(y))
    for _ in range(20_000):
        f(x, 1)
        f(y, 2)
    assert slow_calls == []     # (the record would hold references)
    gc.collect()
    assert (sys.getrefcount(x), sys.getrefcount(y)) == before
    tracemalloc.start()
    try:
        for _ in range(2_000):
            f(x, 1)
            f(y, 2)
        gc.collect()
        base = tracemalloc.get_traced_memory()[0]
        for _ in range(20_000):
            f(x, 1)
            f(y, 2)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - base
    finally:
        tracemalloc.stop()
    assert grown < 20_000
    assert slow_calls == []


def test_switches_for_arrays_are_relocatable() -> None:
    """The array switches name nothing outside themselves and hold no address: numpy.ndarray
    and the array types are data in each dispatcher's table."""
    from lesto.backend.dispatch_ir import build_dispatch_module
    from lesto.runtime.engine import engine
    from lesto.runtime.objfile import undefined_symbols

    for nargs in (1, 3, None):
        text = build_dispatch_module(nargs, arrays=True)
        assert "inttoptr (i64 " not in text
        obj = engine().compile(text)
        assert undefined_symbols(obj) == []


CACHED = """
import json, sys
sys.path.insert(0, {dir!r})
import numpy as np
from lesto.runtime.dispatcher import Dispatcher
from lesto.runtime.native_dispatch import patchable
slow = []
mismatch = Dispatcher._mismatch
def counted(self, *args):
    slow.append(1)
    return mismatch(self, *args)
with patchable(Dispatcher):
    Dispatcher._mismatch = counted
import mod
x, y = np.arange(5.0), np.arange(5, dtype=np.int32)
for a in (x, y, x, y):
    mod.total(a)
warm = len(slow)
results = [float(mod.total(a)) for a in (x, y, x, y, x, y)]
print(json.dumps({{"results": results, "compiled": mod.total.compile_count,
                  "hits": mod.total.cache_hits, "slow": len(slow) - warm}}))
"""


def test_cached_array_specializations_are_reached_natively(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "mod.py").write_text("import lesto\n\n@lesto.jit(cache=True)\n"
                                "def total(a):\n    return a.sum()\n")
    env = dict(os.environ, LESTO_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(ROOT),
               PYTHONDONTWRITEBYTECODE="1")

    def run() -> dict[str, Any]:
        import json

        out = subprocess.run([sys.executable, "-c", CACHED.format(dir=str(src))], env=env,
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout.strip().splitlines()[-1])

    first, second = run(), run()
    assert first["results"] == second["results"] == [10.0] * 6
    assert (first["compiled"], first["hits"]) == (2, 0)
    assert (second["compiled"], second["hits"]) == (0, 2)
    assert first["slow"] == second["slow"] == 0
    names = [p.name for p in (tmp_path / "cache").glob("dispatch-arrays-1-*")]
    assert len(names) == 1
