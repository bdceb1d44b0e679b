"""The dispatcher: native type switch, signatures, slow paths, threads, Ctrl-C, references."""
from __future__ import annotations

import gc
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import lesto

ROOT = Path(__file__).resolve().parents[2]


def add(a, b):
    return a + b


def test_signatures_and_native_switch() -> None:
    f = lesto.jit(add, strict=True)
    assert f(1, 2) == 3
    assert f(1.5, 2.0) == 3.5
    assert f(True, 2) == 3
    assert [str(s) for s in f.signatures] == ["(int, int)", "(float, float)", "(bool, int)"]
    # calls now go through the native switch; each still returns the exact type
    assert type(f(1, 2)) is int and type(f(1.0, 2.0)) is float
    assert f.compile_count == 3


def test_keywords_defaults_and_arity_errors_match_cpython() -> None:
    def g(a, b=10):
        return a - b

    f = lesto.jit(g, strict=True)
    assert f(5) == g(5) and f(5, b=1) == g(5, b=1) and f(b=1, a=5) == g(b=1, a=5)
    for args, kwargs in (((), {}), ((1, 2, 3), {}), ((1,), {"c": 2}), ((1,), {"a": 2})):
        with pytest.raises(TypeError) as ours:
            f(*args, **kwargs)
        with pytest.raises(TypeError) as theirs:
            g(*args, **kwargs)
        assert str(ours.value) == str(theirs.value)


def test_varargs() -> None:
    def total(first, *rest):
        s = first
        for i in range(len(rest)):
            s = s + rest[i]
        return s

    f = lesto.jit(total, strict=True)
    assert f(1) == 1 and f(1, 2, 3) == 6 and f(1.5, 2) == 3.5


def test_big_ints_run_in_the_interpreter_exactly() -> None:
    f = lesto.jit(add, strict=True)
    assert f(2**70, 1) == 2**70 + 1
    assert f(2**62, 2**62) == 2**63  # overflow past 64 bits: exact, via deoptimisation
    assert f.deopt_count == 2


def test_two_threads_compile_a_new_signature_once() -> None:
    def slow(n):
        s = 0.0
        for i in range(n):
            s += i * 0.5
        return s

    f = lesto.jit(slow, strict=True)
    results: list[float] = []
    barrier = threading.Barrier(4)

    def worker() -> None:
        barrier.wait()
        results.append(f(1000))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [slow(1000)] * 4
    assert f.compile_count == 1


def test_argument_and_result_references_are_exact() -> None:
    def pick(t, x):
        return (t[1], x, t)

    f = lesto.jit(pick, strict=True)
    t = (1.5, 2.5)
    x = 12345.678
    f(t, x)
    before = (sys.getrefcount(t), sys.getrefcount(x))
    for _ in range(10000):
        f(t, x)
    gc.collect()
    assert (sys.getrefcount(t), sys.getrefcount(x)) == before


def test_ctrl_c_interrupts_a_long_native_loop(tmp_path: Path) -> None:
    script = tmp_path / "spin.py"
    script.write_text(
        "import signal, sys, time\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "import lesto\n"
        "@lesto.jit(strict=True)\n"
        "def spin(n):\n"
        "    s = 0\n"
        "    i = 0\n"
        "    while i < n:\n"
        "        s = (s + i) % 1000003\n"
        "        i += 1\n"
        "    return s\n"
        "spin(10)\n"
        "print('ready', flush=True)\n"
        "t = time.perf_counter()\n"
        "try:\n"
        "    spin(10**15)\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted', flush=True)\n")
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    p = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True,
                         env=env)
    assert p.stdout is not None
    assert p.stdout.readline().strip() == "ready"
    time.sleep(0.3)
    p.send_signal(2)
    out, _ = p.communicate(timeout=30)
    assert "interrupted" in out
