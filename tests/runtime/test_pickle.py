"""Pickling dispatchers: by reference for module-level functions, by value for functions of
`__main__` (shipped to other processes: multiprocessing, the on-disk cache shared by the
workers of one machine, a real dask.distributed cluster)."""
from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import textwrap
import types
from concurrent.futures import ProcessPoolExecutor
import multiprocessing

import numpy as np
import pytest

import lesto

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@lesto.jit(boundscheck=False)
def module_level(a):
    return a * 2 + 1


MAIN_SOURCE = '''
import math
import lesto

SCALE = 3.0


def helper(x):
    return math.sqrt(x) * SCALE


@lesto.jit(strict=True{extra})
def kern(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += helper(a[i])
    return s


@lesto.jit
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


def make_adder(k):
    @lesto.jit
    def add(x):
        return x + k
    return add
'''


def as_main(tmp_path, extra: str = "") -> types.SimpleNamespace:
    """The functions of MAIN_SOURCE as a script's `__main__` defines them (from a real file,
    so their source can be read)."""
    path = tmp_path / "script.py"
    path.write_text(MAIN_SOURCE.format(extra=extra))
    ns: dict = {"__name__": "__main__"}
    exec(compile(path.read_text(), str(path), "exec"), ns)
    return types.SimpleNamespace(**ns)


def test_module_level_pickles_by_reference():
    data = pickle.dumps(module_level)
    assert b"module_level" in data and len(data) < 200
    assert pickle.loads(data) is module_level


def test_main_function_round_trips_in_process(tmp_path):
    m = as_main(tmp_path)
    a = np.arange(10.0)
    assert pickle.loads(pickle.dumps(m.kern)) is m.kern   # the original, not a copy
    assert m.kern(a) == pytest.approx(sum(math_sqrt(x) * 3.0 for x in a))


def math_sqrt(x):
    import math

    return math.sqrt(x)


def run_child(payload: bytes, code: str, env: dict | None = None) -> dict:
    """Unpickle `payload` in a fresh interpreter that never saw the functions, run `code`."""
    script = textwrap.dedent('''
        import json, pickle, sys
        import numpy as np
        objs = pickle.loads(sys.stdin.buffer.read())
    ''') + textwrap.dedent(code)
    full_env = {**os.environ, "PYTHONPATH": ROOT, **(env or {})}
    out = subprocess.run([sys.executable, "-c", script], input=payload, capture_output=True,
                         env=full_env, timeout=120, cwd=str(ROOT))
    assert out.returncode == 0, out.stderr.decode()
    return json.loads(out.stdout.decode().strip().splitlines()[-1])


def test_by_value_in_a_fresh_process(tmp_path):
    m = as_main(tmp_path)
    add5 = m.make_adder(5)
    payload = pickle.dumps((m.kern, m.fact, add5))
    got = run_child(payload, '''
        kern, fact, add5 = objs
        stats = lambda d: (d.compile_count, d.cache_hits, len(d.signatures), d.options.strict)
        print(json.dumps({"kern": kern(np.arange(10.0)), "fact": fact(20), "add": add5(2),
                          "stats": stats(kern), "twice": pickle.loads(pickle.dumps(kern)) is kern,
                          "type": type(kern).__name__}))
    ''')
    a = np.arange(10.0)
    assert got["kern"] == m.kern(a)
    assert got["fact"] == m.fact(20) and got["add"] == 7
    assert got["stats"] == [1, 0, 1, True]        # compiled there, strict option kept
    assert got["twice"] and got["type"] == "Dispatcher"


def test_process_pool_maps_a_main_function(tmp_path):
    m = as_main(tmp_path)
    chunks = [np.arange(10.0) + k for k in range(4)]
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as ex:
        got = list(ex.map(m.kern, chunks))
    assert got == [m.kern(c) for c in chunks]


def test_cached_workers_compile_once_between_them(tmp_path):
    """Two processes that need the same signature at the same time: one compiles, the other
    waits for it and loads the stored code."""
    m = as_main(tmp_path, extra=", cache=True")
    payload = tmp_path / "kern.pickle"
    payload.write_bytes(pickle.dumps(m.kern))
    code = textwrap.dedent('''
        import json, pickle, sys, time
        import numpy as np
        with open(sys.argv[2], "rb") as f:
            kern = pickle.load(f)
        import lesto.pipeline, lesto.runtime.engine, lesto.cache.key   # warm: all start together
        lesto.runtime.engine.engine()
        lesto.cache.key.environment(3)
        start = float(sys.argv[1])
        while time.time() < start:
            time.sleep(0.001)
        kern(np.arange(10.0))
        print(json.dumps([kern.compile_count, kern.cache_hits]))
    ''')
    import time

    env = {**os.environ, "PYTHONPATH": ROOT, "LESTO_CACHE_DIR": str(tmp_path / "cache")}
    start = str(time.time() + 4.0)
    procs = [subprocess.Popen([sys.executable, "-c", code, start, str(payload)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
             for _ in range(3)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
        results.append(json.loads(out.decode().splitlines()[-1]))
    assert sum(r[0] for r in results) == 1, results     # compiled once
    assert sum(r[1] for r in results) == 2, results     # loaded twice


@pytest.mark.dask
def test_dask_local_cluster_maps_a_kernel(tmp_path):
    distributed = pytest.importorskip("distributed")
    m = as_main(tmp_path)
    a = np.random.default_rng(0).random(40_000)
    chunks = np.array_split(a, 8)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None,
                                  worker_dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        # Dask may hand a worker a misaligned buffer: strict refuses it (L016), so the
        # task copies it, as README says
        kern = m.kern
        futures = client.map(lambda c: kern(c if c.flags.aligned else c.copy()), chunks)
        got = client.gather(futures)
        counts = client.gather(client.map(lambda d, k: d.compile_count, [m.kern] * 4,
                                          range(4)))
    assert set(counts) == {1}   # each worker compiled the kernel once, natively
    assert got == [m.kern(c) for c in chunks]


def test_one_dispatcher_per_token_in_a_worker(tmp_path):
    """Each task brings its own copy of the function; the worker keeps one dispatcher."""
    m = as_main(tmp_path)
    payload = pickle.dumps([pickle.dumps(m.kern) for _ in range(3)])
    got = run_child(payload, '''
        import gc
        ids, counts = [], []
        for data in objs:
            f = pickle.loads(data)
            f(np.arange(5.0))
            ids.append(id(f))
            counts.append(f.compile_count)
            del f
            gc.collect()
        print(json.dumps({"same": len(set(ids)) == 1, "counts": counts}))
    ''')
    assert got == {"same": True, "counts": [1, 1, 1]}
