"""`python -m lesto bench --section parallel`: prange loops, nogil threads and a Dask map.

Rows (kernels in lesto.cli.parallel_kernels), each timed as the median of several runs after
a warm-up call, every result checked against the serial lesto run:
- mandelbrot, stencil: serial lesto, `@jit(parallel=True)` lesto, Numba `parallel=True`;
  targets: parallel >= 1.7x serial and <= 1.1x Numba's time.
- float sum reduction, int histogram: the same three columns (no target).
- nogil: one thread running the kernel over two chunks vs ThreadPoolExecutor(2) (target
  >= 1.8x), with Numba `nogil=True` beside it.
- dask: a jitted kernel mapped over chunks placed evenly on a LocalCluster of 2 worker
  processes vs the same calls in this process (target >= 1.6x); skipped when
  dask.distributed is not installed.
The machine's other load changes these figures: run it when the machine is quiet (the line
"cores this process got" says how much CPU the parallel runs actually had)."""
from __future__ import annotations

import statistics
import sys
import time
import types
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, TextIO

import numpy as np

import lesto
from lesto.cli import parallel_kernels as K

SIZES = {"quick": {"mandel": (300, 300, 100), "stencil": 1000, "sum": 2_000_000,
                   "hist": (400_000, 16), "nogil": 400_000, "dask": (8, 300_000),
                   "runs": 3, "prange runs": 5},
         "full": {"mandel": (800, 800, 200), "stencil": 2000, "sum": 20_000_000,
                  "hist": (2_000_000, 16), "nogil": 2_000_000, "dask": (16, 1_000_000),
                  "runs": 7, "prange runs": 21}}


_cores_used: list[float] = []   # process CPU time / wall time of each timed run


def median_time(fn: Callable[[], Any], runs: int) -> float:
    """Median wall time of `runs` calls, timed once the optimised code is in: the first call
    runs the quick tier while O3 compiles in a background thread, which would take a core
    from the parallel runs (runtime/tiers.py)."""
    from lesto.runtime import tiers

    fn()
    tiers.wait()
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        c = time.process_time()
        fn()
        times.append(time.perf_counter() - t)
        _cores_used.append((time.process_time() - c) / max(times[-1], 1e-9))
    return statistics.median(times)


_use_numba = True


def numba_version(func: Any, **options: Any) -> Any:
    """Numba's njit of `func`, with `prange` meaning numba.prange (None without Numba)."""
    if not _use_numba:
        return None
    try:
        import numba
    except ImportError:
        return None
    glb = {**func.__globals__, "prange": numba.prange}
    clone = types.FunctionType(func.__code__, glb, func.__name__, func.__defaults__)
    return numba.njit(**options)(clone)


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return bool(np.isclose(a, b, rtol=1e-9))
    return bool(np.all(a == b))


def prange_row(name: str, func: Any, make_args: Callable[[], tuple[Any, ...]], runs: int,
               target: bool) -> dict[str, Any]:
    """Serial lesto, parallel lesto and Numba parallel on the same arguments."""
    row: dict[str, Any] = {"name": name, "target": target}
    results = {}
    # One set of arguments for all three: every kernel here rewrites its whole output, and a
    # fresh output array per implementation made memory-bound rows depend on how its pages
    # happened to be mapped (huge pages or not), up to 1.5x.
    args = make_args()
    for label, jitted in (("serial", lesto.jit(strict=True)(func)),
                          ("parallel", lesto.jit(parallel=True, strict=True)(func)),
                          ("numba", numba_version(func, parallel=True))):
        if jitted is None:
            row[label] = None
            continue
        _cores_used.clear()
        row[label] = median_time(lambda: jitted(*args), runs)
        row[label + " cores"] = statistics.median(_cores_used)
        results[label] = (jitted(*args), [np.copy(a) if isinstance(a, np.ndarray) else a
                                          for a in args])
    serial = results["serial"]
    row["ok"] = all(same(r[0], serial[0]) and all(same(x, y) for x, y in zip(r[1], serial[1]))
                    for r in results.values())
    return row


def nogil_row(n: int, runs: int) -> dict[str, Any]:
    rng = np.random.default_rng(0)
    chunks = [rng.random(n), rng.random(n)]
    row: dict[str, Any] = {"name": f"nogil kernel, 2 chunks of {n}", "target": True}
    with ThreadPoolExecutor(2) as pool:
        for label, jitted in (("lesto", lesto.jit(nogil=True, strict=True)(K.nogil_kernel)),
                              ("numba", numba_version(K.nogil_kernel, nogil=True))):
            if jitted is None:
                continue
            one = median_time(lambda: [jitted(c) for c in chunks], runs)
            two = median_time(lambda: list(pool.map(jitted, chunks)), runs)
            row[f"{label} 1 thread"], row[f"{label} 2 threads"] = one, two
            row.setdefault("ok", list(pool.map(jitted, chunks)) == [jitted(c) for c in chunks])
    return row


def dask_row(n_chunks: int, n: int, runs: int) -> dict[str, Any]:
    row: dict[str, Any] = {"name": f"dask map, {n_chunks} chunks of {n}", "target": True}
    try:
        import distributed
    except ImportError:
        row["skipped"] = "dask.distributed is not installed"
        return row
    rng = np.random.default_rng(1)
    chunks = [rng.random(n) for _ in range(n_chunks)]
    kernel = K.dask_task
    row["one process"] = median_time(lambda: [kernel(c) for c in chunks], runs)
    want = [kernel(c) for c in chunks]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        # Chunk i lives on, and runs on, worker i % 2: left to place tasks by itself, Dask's
        # scheduler gives one worker 9 of the 16 tasks and the other 7 (distributed 2026.8), so
        # the row measured Dask's placement, not how a jitted kernel scales over workers.
        workers = sorted(client.scheduler_info()["workers"])
        placed = [(w, client.scatter(chunks[k::len(workers)], workers=[w]))
                  for k, w in enumerate(workers)]

        def run() -> list[Any]:
            futures = [client.map(kernel, remote, pure=False, workers=[w],
                                  allow_other_workers=False) for w, remote in placed]
            results = client.gather(futures)
            return [results[k % len(workers)][k // len(workers)] for k in range(len(chunks))]

        row["2 workers"] = median_time(run, runs)
        row["ok"] = run() == want
    return row


def ratio(a: float | None, b: float | None) -> str:
    return "-" if not a or not b else f"{a / b:.2f}x"


def seconds(t: float | None) -> str:
    return f"{'-':>12}" if t is None else f"{t * 1e3:9.1f} ms"


def run_section(quick: bool = False, out: TextIO | None = None,
                with_numba: bool = True) -> dict[str, Any]:
    global _use_numba
    _use_numba = with_numba
    out = out or sys.stdout
    size = SIZES["quick" if quick else "full"]
    runs, loop_runs = size["runs"], size["prange runs"]   # prange rows are ms each: more
    w, h, maxit = size["mandel"]
    m = size["stencil"]
    grid = np.random.default_rng(2).random((m, m))
    data = np.random.default_rng(3).integers(0, size["hist"][1], size["hist"][0])
    big = np.random.default_rng(4).random(size["sum"])
    rows = [
        prange_row(f"mandelbrot {w}x{h}", K.mandelbrot,
                   lambda: (np.zeros((h, w), np.int64), maxit), loop_runs, True),
        prange_row(f"stencil {m}x{m}", K.stencil, lambda: (grid, np.zeros_like(grid)),
                   loop_runs, True),
        prange_row(f"float sum of {big.size}", K.float_sum, lambda: (big,), loop_runs, False),
        prange_row(f"int histogram, {data.size} values", K.histogram,
                   lambda: (data, np.zeros(size["hist"][1], np.int64)), loop_runs, False),
        nogil_row(size["nogil"], runs),
        dask_row(*size["dask"], runs),
    ]
    print(f"parallel ({'quick' if quick else 'full'}; {lesto.get_num_threads()} threads, "
          f"median of {loop_runs} runs of each loop, {runs} of the others)", file=out)
    print(f"{'':36} {'serial lesto':>12} {'parallel':>12} {'Numba par.':>12} "
          f"{'speed-up':>9} {'vs Numba':>9}  target", file=out)
    for r in rows[:4]:
        verdict = ""
        if r["target"]:
            good = (r["serial"] / r["parallel"] >= 1.7 and
                    (r["numba"] is None or r["parallel"] / r["numba"] <= 1.1))
            verdict = "PASS" if good else "FAIL"
        print(f"{r['name']:36} {seconds(r['serial'])} {seconds(r['parallel'])} "
              f"{seconds(r['numba'])} {ratio(r['serial'], r['parallel']):>9} "
              f"{ratio(r['parallel'], r['numba']):>9}  {verdict}"
              f"{'' if r['ok'] else '  RESULTS DIFFER'}", file=out)
    g = rows[4]
    speed = g["lesto 1 thread"] / g["lesto 2 threads"]
    print(f"{g['name']:36} 1 thread {seconds(g['lesto 1 thread'])}, 2 threads "
          f"{seconds(g['lesto 2 threads'])}: {speed:.2f}x (Numba nogil "
          f"{ratio(g.get('numba 1 thread'), g.get('numba 2 threads'))})  "
          f"{'PASS' if speed >= 1.8 else 'FAIL'}{'' if g['ok'] else '  RESULTS DIFFER'}",
          file=out)
    d = rows[5]
    if "skipped" in d:
        print(f"{d['name']:36} skipped: {d['skipped']}", file=out)
    else:
        speed = d["one process"] / d["2 workers"]
        print(f"{d['name']:36} one process {seconds(d['one process'])}, 2 workers "
              f"{seconds(d['2 workers'])}: {speed:.2f}x  {'PASS' if speed >= 1.6 else 'FAIL'}"
              f"{'' if d['ok'] else '  RESULTS DIFFER'}", file=out)
    m = rows[0]
    print(f"cores this process got: {m['serial cores']:.2f} in the serial mandelbrot, "
          f"{m['parallel cores']:.2f} in the parallel one (CPU time / wall time; 2.00 on an "
          "idle 2-core machine, less when other load takes the cores)", file=out)
    print("targets: prange >= 1.7x serial and <= 1.1x Numba parallel; nogil threads >= 1.8x; "
          "dask >= 1.6x (set for a quiet 2-core machine at the full sizes)", file=out)
    return {"rows": rows}
