"""Tiered compilation (runtime/tiers.py): quick code on the first call, the optimised code
switched in by a background thread, with identical results, across threads, with the disk
cache, and at interpreter exit.  (Other tests run with LESTO_TIER=full, see conftest.)"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

import lesto
from lesto.options import JitOptions
from lesto.runtime import tiers

ROOT = Path(__file__).resolve().parents[2]


def poly(n, x):
    s = 0.0
    for i in range(n):
        s = s * x + (i % 7) - 0.5 * i
    return s


def stencil(a, steps):
    n = a.shape[0]
    b = np.empty(n)
    for _ in range(steps):
        for i in range(1, n - 1):
            b[i] = 0.25 * a[i - 1] + 0.5 * a[i] + 0.25 * a[i + 1]
        b[0] = a[0]
        b[n - 1] = a[n - 1]
        for i in range(n):
            a[i] = b[i]
    return a.sum()


def fresh(fn, **options):
    """A dispatcher over a copy of `fn` (its own code objects are shared, its dispatcher not)."""
    return lesto.jit(fn, strict=True, **options)


def test_quick_tier_only() -> None:
    f = fresh(poly, tier="quick")
    assert f(50, 0.5) == poly(50, 0.5)
    assert tiers.tier_of(f) == "quick"
    assert tiers.wait(f, timeout=0)          # nothing was queued
    assert tiers.tier_of(f) == "quick"


def test_full_tier_compiles_before_returning() -> None:
    f = fresh(poly, tier="full")
    assert f(50, 0.5) == poly(50, 0.5)
    assert tiers.tier_of(f) == "full"


def test_auto_switches_to_the_optimised_code() -> None:
    f = fresh(poly, tier="auto")
    assert f(30, 0.25) == poly(30, 0.25)
    first = f._specs[next(iter(f._specs))]
    assert tiers.wait(f, timeout=120)
    assert tiers.tier_of(f) == "full" and not tiers.errors()
    spec = f._specs[next(iter(f._specs))]
    assert spec is not first and spec.address != first.address
    for n, x in ((0, 1.0), (30, 0.25), (1000, -0.999)):
        assert f(n, x) == poly(n, x)        # native switch (installed on the second call)
    assert f.compile_count == 1


def test_arrays_identical_in_both_tiers() -> None:
    quick, full = fresh(stencil, tier="quick"), fresh(stencil, tier="full")
    a = np.linspace(0.0, 1.0, 101) ** 2
    expected = stencil(a.copy(), 7)
    assert quick(a.copy(), 7) == expected == full(a.copy(), 7)
    with pytest.raises(IndexError):
        quick(np.empty(0), 1)


def test_calls_from_threads_during_the_switch() -> None:
    f = fresh(poly, tier="auto")
    expected = {n: poly(n, 0.5) for n in range(0, 200, 7)}
    failures: list[str] = []
    start = threading.Barrier(5)

    def hammer() -> None:
        start.wait()
        for _ in range(300):
            for n, want in expected.items():
                got = f(n, 0.5)
                if got != want:
                    failures.append(f"{n}: {got} != {want}")

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for t in threads:
        t.start()
    start.wait()
    for t in threads:
        t.join()
    assert tiers.wait(f, timeout=120)
    assert not failures and tiers.tier_of(f) == "full"
    assert all(f(n, 0.5) == want for n, want in expected.items())


def test_a_failed_background_compile_keeps_the_quick_code(monkeypatch) -> None:
    import lesto.backend.quick as quick

    def broken(*args, **kwargs):
        raise RuntimeError("no O3 today")

    monkeypatch.setattr(quick, "full_object", broken)
    f = fresh(poly, tier="auto")
    assert f(20, 0.5) == poly(20, 0.5)
    assert tiers.wait(f, timeout=120)
    assert tiers.tier_of(f) == "quick"
    assert any("no O3 today" in e for e in tiers.errors())
    assert f(21, 0.5) == poly(21, 0.5)
    tiers._errors.clear()


def test_environment_and_option_values(monkeypatch) -> None:
    monkeypatch.setenv("LESTO_TIER", "quick")
    assert JitOptions.from_kwargs().tier == "quick"
    assert JitOptions.from_kwargs(tier="full").tier == "full"    # explicit beats the variable
    monkeypatch.delenv("LESTO_TIER")
    assert JitOptions.from_kwargs().tier == "auto"
    with pytest.raises(ValueError, match="tier must be one of auto, quick, full"):
        JitOptions.from_kwargs(tier="fast")
    monkeypatch.setenv("LESTO_TIER", "O2")
    with pytest.raises(ValueError, match="not 'O2'"):
        JitOptions.from_kwargs()


MODULE = """
import lesto

@lesto.jit(cache=True, tier={tier!r})
def work(n):
    s = 0
    for i in range(n):
        s += i * i % 7
    return s
"""

RUNNER = """
import json, sys
sys.path.insert(0, {dir!r})
import mod
from lesto.runtime import tiers
r = mod.work(100)
if {wait!r}:
    tiers.wait()
print(json.dumps({{"result": r, "compiled": mod.work.compile_count, "hits": mod.work.cache_hits,
                  "tier": tiers.tier_of(mod.work)}}))
"""


def run_child(tmp_path: Path, tier: str, wait: bool = True) -> dict:
    import json

    (tmp_path / "mod.py").write_text(MODULE.format(tier=tier))
    env = dict(os.environ, PYTHONPATH=str(ROOT), LESTO_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("LESTO_TIER", None)
    proc = subprocess.run([sys.executable, "-c", RUNNER.format(dir=str(tmp_path), wait=wait)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_cache_stores_the_optimised_code_only(tmp_path: Path) -> None:
    expected = sum(i * i % 7 for i in range(100))
    first = run_child(tmp_path, "quick")          # quick code is never stored
    assert first == {"result": expected, "compiled": 1, "hits": 0, "tier": "quick"}
    second = run_child(tmp_path, "auto")          # stored by the background thread
    assert second == {"result": expected, "compiled": 1, "hits": 0, "tier": "full"}
    third = run_child(tmp_path, "auto")
    assert third == {"result": expected, "compiled": 0, "hits": 1, "tier": None}


def test_cache_is_written_at_exit_without_waiting(tmp_path: Path) -> None:
    first = run_child(tmp_path, "auto", wait=False)     # exits right after the quick call
    assert first["compiled"] == 1 and first["hits"] == 0
    second = run_child(tmp_path, "auto", wait=False)
    assert second["compiled"] == 0 and second["hits"] == 1 and second["tier"] is None


EXITING = """
import sys
sys.path.insert(0, {root!r})
import lesto

def big(n):
    s = 0.0
    for i in range(n):
        for j in range(i % 5):
            s += (i * j) % 3 - 0.5 * j
    return s

fs = [lesto.jit(big, tier="auto") for _ in range(4)]
print(sum(f(100) for f in fs))
"""


def test_exit_while_compiling_in_the_background(tmp_path: Path) -> None:
    script = tmp_path / "exiting.py"
    script.write_text(EXITING.format(root=str(ROOT)))
    env = dict(os.environ, LESTO_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() and not proc.stderr


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_forked_child_tiers_up_on_its_own() -> None:
    f = fresh(poly, tier="auto")
    assert f(5, 0.5) == poly(5, 0.5)
    assert tiers.wait(f, timeout=120)      # no compile in flight while forking
    pid = os.fork()
    if pid == 0:                           # the child: a new signature, its own thread
        ok = False
        try:
            ok = f(7, 2) == poly(7, 2) and tiers.wait(f, timeout=30)
        finally:
            os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0
