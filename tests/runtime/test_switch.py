"""Issue 15: the run-time switch.  `lesto.disable()` / `enable()` / `disabled()` / `reload()` /
`is_enabled()`: while lesto is off every jitted function runs its plain Python and nothing
compiles; toggling is thread-safe; reload drops the specializations."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest

import lesto
from tests.runtime.slowpath import counting_slow_path

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def switched_on() -> Iterator[None]:
    assert lesto.is_enabled()
    yield
    lesto.enable()
    assert lesto.is_enabled()


@pytest.fixture
def slow_calls() -> Iterator[list[tuple[Any, ...]]]:
    yield from counting_slow_path()


def poly(x, y):
    return x * x + y


def test_disable_runs_python_and_compiles_nothing(slow_calls: list[Any]) -> None:
    f = lesto.jit(poly, strict=True)
    assert f(3, 1) == 10 and f(3, 1) == 10
    assert f.compile_count == 1
    lesto.disable()
    assert not lesto.is_enabled()
    del slow_calls[:]
    assert f(3, 1) == 10 and f(2**70, 0) == 2**140
    assert slow_calls == []                 # the native forwarder, straight to Python
    assert f(1.5, 2.0) == 4.25 and f(1.5, 2.0) == 4.25 and f(2, 0.5) == 4.5
    assert f.compile_count == 1 and len(f.signatures) == 1 and f.deopt_count == 0
    g = lesto.jit(poly, strict=True)        # made while off: runs Python, compiles nothing
    assert g(2, 2) == 6 and g(2, 2) == 6 and g.compile_count == 0
    lesto.enable()
    assert f(1.5, 2.0) == 4.25 and f.compile_count == 2
    assert g(2, 2) == 6 and g.compile_count == 1
    del slow_calls[:]
    assert f(3, 1) == 10 and f(1.5, 2.0) == 4.25
    assert slow_calls == []                 # the compiled entries again


def test_disabled_block_nests_and_restores_on_error() -> None:
    f = lesto.jit(poly, strict=True)
    f(1, 1)
    with lesto.disabled():
        assert not lesto.is_enabled()
        with lesto.disabled():
            assert f(2.5, 0) == 6.25
        assert not lesto.is_enabled()
        with pytest.raises(ZeroDivisionError):
            with lesto.disabled():
                1 // 0
        assert not lesto.is_enabled()
    assert lesto.is_enabled() and f.compile_count == 1
    assert f(2.5, 0) == 6.25 and f.compile_count == 2


def test_toggling_from_two_threads_keeps_results() -> None:
    f = lesto.jit(poly, strict=True)
    f(2, 3)
    f(2, 3)
    stop = threading.Event()
    errors: list[Any] = []

    def toggler() -> None:
        while not stop.is_set():
            with lesto.disabled():
                if f(4, 1) != 17:
                    errors.append("disabled result")
            lesto.disable()
            lesto.enable()

    def caller() -> None:
        for i in range(20_000):
            if f(i, 1) != i * i + 1:
                errors.append(i)

    threads = [threading.Thread(target=toggler), threading.Thread(target=caller)]
    for t in threads:
        t.start()
    threads[1].join()
    stop.set()
    threads[0].join()
    assert errors == [] and lesto.is_enabled()
    assert f.compile_count == 1 and f.deopt_count == 0


def test_reload_drops_specializations_and_rereads_options(monkeypatch) -> None:
    f = lesto.jit(poly, strict=True)
    assert f(2, 1) == 5 and f(2.0, 1.0) == 5.0
    assert len(f.signatures) == 2 and f.options.opt == 3
    monkeypatch.setenv("LESTO_OPT", "1")
    lesto.reload()
    assert f.signatures == [] and f.stats() == [] and f.options.opt == 1
    assert f(2, 1) == 5 and f(2, 1) == 5
    assert len(f.signatures) == 1 and f.compile_count == 3
    monkeypatch.delenv("LESTO_OPT")
    lesto.reload()
    assert f.options.opt == 3 and f(3, 0) == 9


def test_reload_keeps_the_disk_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("LESTO_CACHE_DIR", str(tmp_path))
    module = tmp_path / "lesto_switch_cached.py"
    module.write_text("def cube(x):\n    return x * x * x\n")
    sys.path.insert(0, str(tmp_path))
    try:
        import lesto_switch_cached as m

        f = lesto.jit(m.cube, cache=True, strict=True)
        assert f(3) == 27 and (f.compile_count, f.cache_hits) == (1, 0)
        lesto.reload()
        assert f(3) == 27 and (f.compile_count, f.cache_hits) == (1, 1)
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("lesto_switch_cached", None)


def test_environment_flag_still_disables() -> None:
    script = ("import lesto\n"
              "def f(x):\n    return x + 1\n"
              "g = lesto.jit(f, strict=True)\n"
              "print(g(1), g(1), g(2.5), lesto.is_enabled(), g.compile_count)\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT), LESTO_DISABLE_JIT="1")
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["2", "2", "3.5", "False", "0"]
