"""Fresh-process start-up timings for the "calls and start-up" section of `lesto bench`: the
time of `import lesto` / `import numba`, and of the first call of a small scalar function
(import + compile + call) with cold and with warm caches, each measured inside new Python
processes and reported as the list of per-process times.

Every child process times itself with time.perf_counter around the work (so interpreter
start-up is not counted) and prints one line `LESTO-LATENCY-JSON: {...}`.  The function is
written to .py files in a temporary directory (lesto needs real source files); lesto's cold runs
each get a fresh empty LESTO_CACHE_DIR, its warm runs share one that an untimed process filled
first; Numba's warm runs use `cache=True` (its cache lives in __pycache__ next to the module),
filled the same way.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from lesto.cli.harness import median

MARKER = "LESTO-LATENCY-JSON: "
REPO_ROOT = Path(__file__).resolve().parent.parent.parent   # the directory holding lesto/
CHILD_TIMEOUT = 300.0                                       # seconds for one child process

KERNEL_ARGS = (1000, 0.5)
KERNEL = '''
def kernel(n, x):
    total = 0.0
    k = 0
    while k < n:
        y = x * k + 1.0
        if k % 3 == 0:
            total += y / (k + 1)
        else:
            total -= y * 0.5
        k += 1
    return total
'''
# How each implementation's module starts: (import line, decorator line) by (impl, measure).
MODULE_HEADS = {
    ("cpython", "cold"): ("", ""),
    ("lesto", "cold"): ("import lesto\n\n", "@lesto.jit"),
    ("lesto", "warm"): ("import lesto\n\n", "@lesto.jit(cache=True)"),
    ("numba", "cold"): ("import numba\n\n", "@numba.njit"),
    ("numba", "warm"): ("import numba\n\n", "@numba.njit(cache=True)"),
}

IMPORT_CHILD = '''\
import time
_t0 = time.perf_counter()
import {module}
_t1 = time.perf_counter()
import json, sys
print({marker!r} + json.dumps({{"seconds": _t1 - _t0, "loaded": sorted(
    m for m in ("llvmlite", "numpy") if m in sys.modules)}}))
'''

FIRST_CALL_CHILD = '''\
import time
_t0 = time.perf_counter()
import {module} as _m
_r = _m.kernel{args!r}
_t1 = time.perf_counter()
import json
_f = _m.kernel
_info = {{"seconds": _t1 - _t0, "result": repr(_r)}}
for _name in ("compile_count", "cache_hits", "deopt_count"):
    if isinstance(getattr(_f, _name, None), int):
        _info[_name] = getattr(_f, _name)
_stats = getattr(_f, "stats", None)
if _stats is not None and hasattr(_stats, "cache_hits"):
    _info["cache_hits"] = sum(_stats.cache_hits.values())
    _info["cache_misses"] = sum(_stats.cache_misses.values())
print({marker!r} + json.dumps(_info))
'''


@dataclass
class Probe:
    """One kind of fresh-process measurement, and what the processes reported."""

    impl: str                  # "cpython", "lesto" or "numba"
    measure: str               # "import", "cold" (first call, cold caches) or "warm"
    times: list[float] = field(default_factory=list)      # seconds, one per timed process
    reports: list[dict[str, Any]] = field(default_factory=list)
    error: str = ""            # set when a process failed: the probe is then n/a
    notes: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.measure}:{self.impl}"

    @property
    def median(self) -> float | None:
        return median(self.times) if self.times and not self.error else None

    def to_json(self) -> dict[str, Any]:
        return {"impl": self.impl, "measure": self.measure, "times_s": self.times,
                "median_s": self.median, "error": self.error, "notes": self.notes,
                "reports": self.reports}


class ProbeError(Exception):
    """A child process failed or printed no report."""


def probes(with_numba: bool) -> list[Probe]:
    """The measurements to make, in the order each round runs them."""
    kinds = [("lesto", "import"), ("cpython", "cold"), ("lesto", "cold"), ("lesto", "warm")]
    if with_numba:
        kinds[1:1] = [("numba", "import")]
        kinds += [("numba", "cold"), ("numba", "warm")]
    return [Probe(impl, measure) for impl, measure in kinds]


def module_name(probe: Probe) -> str:
    return f"_lesto_latency_{probe.impl}_{probe.measure}"


def write_modules(workdir: Path, selected: list[Probe]) -> None:
    """The kernel module each first-call probe imports, as a real file in `workdir`."""
    for probe in selected:
        if probe.measure == "import":
            continue
        head, decorator = MODULE_HEADS[(probe.impl, probe.measure)]
        text = f'"""lesto bench latency kernel ({probe.impl}, {probe.measure})."""\n' + head
        text += ("\n" + decorator + "\n" + KERNEL.lstrip("\n")) if decorator else KERNEL
        (workdir / f"{module_name(probe)}.py").write_text(text, encoding="utf-8")


def child_code(probe: Probe) -> str:
    if probe.measure == "import":
        return IMPORT_CHILD.format(module=probe.impl, marker=MARKER)
    return FIRST_CALL_CHILD.format(module=module_name(probe), args=KERNEL_ARGS, marker=MARKER)


def base_env(workdir: Path) -> dict[str, str]:
    """This environment, with the kernel directory and this lesto first on the path, and
    every cache kept inside `workdir`."""
    env = dict(os.environ)
    paths = [str(workdir), str(REPO_ROOT)]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env["LESTO_CACHE_DIR"] = str(workdir / "lesto-cache-unused")
    env.pop("NUMBA_CACHE_DIR", None)      # Numba's cache stays in __pycache__ next to the kernel
    # Installed packages (Numba here) have their bytecode compiled by pip; a checkout of lesto
    # gets it on first import.  Without this, a PYTHONDONTWRITEBYTECODE setting would make
    # every fresh process recompile lesto's source, and only lesto's.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def probe_env(probe: Probe, workdir: Path, env: dict[str, str]) -> dict[str, str]:
    env = dict(env)
    if probe.impl == "lesto" and probe.measure == "cold":
        env["LESTO_CACHE_DIR"] = tempfile.mkdtemp(prefix="cold-cache-", dir=workdir)
    elif probe.impl == "lesto" and probe.measure == "warm":
        env["LESTO_CACHE_DIR"] = str(workdir / "lesto-warm-cache")
    return env


def run_child(code: str, env: dict[str, str], cwd: Path,
              executable: str | None = None) -> dict[str, Any]:
    """Run `code` in a fresh interpreter; its report line as a dict."""
    try:
        proc = subprocess.run([executable or sys.executable, "-c", code], capture_output=True,
                              text=True, env=env, cwd=str(cwd), timeout=CHILD_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ProbeError(f"{type(exc).__name__}: {exc}") from None
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(MARKER):
            try:
                return dict(json.loads(line[len(MARKER):]))
            except ValueError:
                break
    tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
    raise ProbeError(f"exit status {proc.returncode}: {tail}")


def run_probe(probe: Probe, workdir: Path, env: dict[str, str], timed: bool) -> None:
    """One fresh process for `probe`; its time is kept when `timed` (the untimed first run
    fills the warm caches, writes the kernels' .pyc files and warms the file cache)."""
    if probe.error:
        return
    try:
        report = run_child(child_code(probe), probe_env(probe, workdir, env), workdir)
        seconds = float(report["seconds"])
    except (ProbeError, KeyError, TypeError, ValueError) as exc:
        probe.error = str(exc) or type(exc).__name__
        return
    if timed:
        probe.times.append(seconds)
        probe.reports.append(report)


def measure_startup(runs: int, with_numba: bool,
                    progress: Callable[[str], None] | None = None) -> list[Probe]:
    """All probes: one untimed warm-up process each, then `runs` rounds in which every probe
    runs one timed process (interleaved, so slow drift affects all alike)."""
    selected = probes(with_numba)
    workdir = Path(tempfile.mkdtemp(prefix="lesto-bench-latency-"))
    try:
        write_modules(workdir, selected)
        env = base_env(workdir)
        for index in range(runs + 1):
            for probe in selected:
                run_probe(probe, workdir, env, timed=index > 0)
            if progress is not None:
                progress("warm-up" if index == 0 else f"{index}/{runs}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    check_reports(selected)
    return selected


def check_reports(selected: list[Probe]) -> None:
    """Notes on anything that makes a timing mean less than it says: a cache that was (not)
    hit, a result that differs from CPython's, heavy modules loaded by `import lesto`."""
    reference = next((p for p in selected if p.impl == "cpython" and p.reports), None)
    expected = reference.reports[0].get("result") if reference else None
    for probe in selected:
        count = len(probe.reports)
        if probe.measure == "import":
            loaded = sorted({m for r in probe.reports for m in r.get("loaded", [])})
            if probe.impl == "lesto" and loaded:
                probe.notes.append(f"import lesto also imported {', '.join(loaded)}")
            continue
        if probe.impl == "cpython":
            continue
        results = {r.get("result") for r in probe.reports}
        if expected is not None and results - {expected}:
            probe.notes.append(f"returned {', '.join(sorted(map(str, results)))}; "
                               f"CPython returned {expected}")
        hits = [int(r.get("cache_hits", 0)) for r in probe.reports]
        if probe.measure == "warm":
            missed = sum(1 for r, h in zip(probe.reports, hits)
                         if h < 1 or r.get("compile_count", 0) or r.get("cache_misses", 0))
            if missed:
                probe.notes.append(f"the cache was not (only) used in {missed} of {count} "
                                   f"runs: those runs compiled")
        else:
            if any(hits):
                probe.notes.append(f"a cache was hit in {sum(1 for h in hits if h)} of "
                                   f"{count} cold runs")
        deopts = sum(int(r.get("deopt_count", 0)) for r in probe.reports)
        if deopts:
            probe.notes.append(f"{deopts} call(s) deoptimised to the interpreter")
