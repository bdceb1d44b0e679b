"""The on-disk cache: a later process loads instead of compiling, and any change to what the
code depends on (source, callee source, frozen globals, argument types, versions, target) gives
a fresh compile.  Damaged entries are recompiled with a warning; concurrent writers are safe."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

MODULE = """
import lesto
SCALE = {scale}

def helper(x):
    return x * SCALE + {offset}

@lesto.jit(cache=True)
def work(n):
    s = 0
    for i in range(n):
        s += helper(i)
    return s
"""

RUNNER = """
import json, sys
sys.path.insert(0, {dir!r})
import mod
r = mod.work({arg})
print(json.dumps({{"result": r, "compiled": mod.work.compile_count, "hits": mod.work.cache_hits,
                  "deopts": mod.work.deopt_count}}))
"""


def write_module(d: Path, scale: int = 3, offset: int = 1) -> None:
    (d / "mod.py").write_text(MODULE.format(scale=scale, offset=offset))
    pyc = d / "__pycache__"
    if pyc.exists():
        for f in pyc.iterdir():
            f.unlink()


def run(d: Path, cache: Path, arg: str = "10", env_extra: dict[str, str] | None = None) -> dict:
    env = dict(os.environ, LESTO_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT),
               PYTHONDONTWRITEBYTECODE="1", **(env_extra or {}))
    out = subprocess.run([sys.executable, "-c", RUNNER.format(dir=str(d), arg=arg)], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def expected(n: int, scale: int = 3, offset: int = 1) -> int:
    return sum(i * scale + offset for i in range(n))


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    d = tmp_path / "src"
    d.mkdir()
    write_module(d)
    return d, tmp_path / "cache"


def test_second_process_loads_from_cache(setup: tuple[Path, Path]) -> None:
    d, cache = setup
    first = run(d, cache)
    assert first == {"result": expected(10), "compiled": 1, "hits": 0, "deopts": 0}
    second = run(d, cache)
    assert second == {"result": expected(10), "compiled": 0, "hits": 1, "deopts": 0}


def test_editing_the_function_recompiles(setup: tuple[Path, Path]) -> None:
    d, cache = setup
    run(d, cache)
    text = (d / "mod.py").read_text().replace("s += helper(i)", "s += helper(i) + 1")
    (d / "mod.py").write_text(text)
    after = run(d, cache)
    assert after["compiled"] == 1 and after["result"] == expected(10) + 10


def test_editing_a_callee_recompiles(setup: tuple[Path, Path]) -> None:
    d, cache = setup
    run(d, cache)
    write_module(d, offset=5)
    after = run(d, cache)
    assert after["compiled"] == 1 and after["result"] == expected(10, offset=5)


def test_changing_a_frozen_global_recompiles(setup: tuple[Path, Path]) -> None:
    d, cache = setup
    run(d, cache)
    write_module(d, scale=7)
    after = run(d, cache)
    assert after["compiled"] == 1 and after["result"] == expected(10, scale=7)


def test_new_argument_types_compile_their_own_entry(setup: tuple[Path, Path]) -> None:
    d, cache = setup
    run(d, cache, "10")
    b = run(d, cache, "True")
    assert b["compiled"] == 1 and b["result"] == expected(1)
    assert run(d, cache, "True")["hits"] == 1
    assert run(d, cache, "10")["hits"] == 1


@pytest.mark.parametrize("field", ["lesto", "llvm", "python", "target", "opt"])
def test_environment_is_part_of_the_key(setup: tuple[Path, Path], field: str) -> None:
    d, cache = setup
    run(d, cache)
    from lesto.cache import key

    env = key.environment(3)
    env[field] = env[field] + "-changed"
    k1 = key.index_key(work_stub, (), key.environment(3))
    k2 = key.index_key(work_stub, (), env)
    assert k1 != k2


def work_stub() -> None:  # a function with source, for index keys
    return None


def test_corrupt_entry_recompiles_with_warning(setup: tuple[Path, Path]) -> None:
    d, cache = setup
    run(d, cache)
    for f in cache.glob("*.lesto"):
        if not f.name.startswith("dispatch-"):
            data = f.read_bytes()
            f.write_bytes(data[: len(data) // 2])  # truncated
    env = dict(os.environ, LESTO_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT))
    code = RUNNER.format(dir=str(d), arg="10")
    out = subprocess.run([sys.executable, "-W", "always", "-c", code], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "damaged" in out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1])["compiled"] == 1
    assert run(d, cache)["hits"] == 1  # and the rewritten entry is good again


def test_concurrent_processes_never_see_partial_entries(setup: tuple[Path, Path]) -> None:
    d, cache = setup
    env = dict(os.environ, LESTO_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT))
    code = RUNNER.format(dir=str(d), arg="50")
    procs = [subprocess.Popen([sys.executable, "-W", "error::UserWarning", "-c", code],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(4)]
    for p in procs:
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
        assert json.loads(out.strip().splitlines()[-1])["result"] == expected(50)
    assert not list(cache.glob(".tmp-*"))
    assert run(d, cache, "50")["hits"] == 1


def test_store_detects_damage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lesto.cache import store

    monkeypatch.setenv("LESTO_CACHE_DIR", str(tmp_path))
    store.write("k", {"a": 1}, b"payload")
    assert store.read("k") == ({"a": 1}, b"payload")
    path = store.entry_path("k")
    blob = bytearray(path.read_bytes())
    blob[len(store.MAGIC) + 12] ^= 0xFF
    path.write_bytes(bytes(blob))
    with pytest.raises(store.CorruptEntry):
        store.read("k")
    assert store.read("missing") is None
    assert store.clear() == 1 and store.entries() == []


def test_cache_dir_is_per_user_and_overridable(monkeypatch: pytest.MonkeyPatch) -> None:
    from lesto.cache import store

    monkeypatch.delenv("LESTO_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/x/y")
    assert store.cache_dir() == Path("/x/y/lesto")
    monkeypatch.setenv("LESTO_CACHE_DIR", "/z")
    assert store.cache_dir() == Path("/z")


