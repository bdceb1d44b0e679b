"""The implementations `lesto bench` compares: CPython, lesto, Numba and PyPy, each able to
time one benchmark and to say why it could not; and the extra lines some benchmarks ask
for: a reference computation under CPython (e.g. numpy.dot) and lesto without bounds
checks."""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import traceback
import types
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from lesto.cli import harness

HARNESS_FILE = Path(harness.__file__).resolve()
PYPY_TIMEOUT = 900.0   # seconds for one benchmark in the PyPy subprocess


@dataclass(frozen=True)
class Reference:
    """Another way to compute a benchmark's answer (e.g. numpy.dot), timed under CPython."""

    label: str
    entry: str


@dataclass(frozen=True)
class Target:
    """An acceptance target: lesto's time over the time of implementation `vs` (a key:
    "numba", "cpython", ...) must be at most `max_ratio` (below it when `strict`)."""

    vs: str
    max_ratio: float
    strict: bool = False


@dataclass
class Benchmark:
    """One benchmark file, as described by its BENCHMARK dict."""

    name: str
    path: Path
    entry: str
    args: tuple[Any, ...]
    quick_args: tuple[Any, ...]
    description: str = ""
    setup: str | None = None          # function building the call's arguments from `args`
    reference: Reference | None = None
    boundscheck: bool = False         # also time lesto with boundscheck=False
    target: Target | None = None
    imports: tuple[str, ...] = ()     # top-level modules the file imports

    def call_text(self, quick: bool) -> str:
        args = self.quick_args if quick else self.args
        return f"{self.name}({', '.join(map(repr, args))})"


@dataclass
class Policy:
    """How many timed calls to make (see harness.time_calls)."""

    max_runs: int
    min_runs: int
    target: float      # seconds of timed calls to aim for


@dataclass
class Outcome:
    """What one implementation did on one benchmark."""

    status: str                       # "ok", "n/a" (failed), "skipped", "MISMATCH"
    first_call: float | None = None   # seconds, includes compilation
    median: float | None = None       # seconds, steady state
    times: list[float] = field(default_factory=list)
    result: Any = None
    last_result: Any = None
    error: str = ""                   # why n/a, or what mismatched
    notes: list[str] = field(default_factory=list)
    interpreted: bool = False         # lesto: some calls ran in the interpreter
    full_speed: float | None = None   # lesto: seconds from the first call's start until its
                                      # optimised code was in (see runtime/tiers.py)
    first_calls: list[float] = field(default_factory=list)   # the samples of first_call

    @property
    def timed(self) -> bool:
        return self.status in ("ok", "MISMATCH") and self.median is not None

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "first_call_s": self.first_call,
                "median_s": self.median, "times_s": self.times,
                "result": repr(self.result) if self.timed else None,
                "error": self.error, "notes": self.notes,
                "interpreted": self.interpreted, "full_speed_s": self.full_speed,
                "first_calls_s": self.first_calls}


def describe(exc: BaseException, verbose: bool) -> str:
    """One line for an exception (the whole traceback when verbose)."""
    if verbose:
        return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)).rstrip()
    text = f"{type(exc).__name__}: {exc}".splitlines()[0]
    return text if len(text) <= 300 else text[:297] + "..."


def from_timing(timing: dict[str, Any]) -> Outcome:
    return Outcome("ok", timing["first_call"], timing["median"], list(timing["times"]),
                   timing["result"], timing["last_result"])


class Impl:
    """An implementation: `column` is its table heading; `setup` returns None when it can
    run here, else the reason it is skipped; `applies` says whether it has anything to do
    for a benchmark, `skip_reason` why it cannot run that one; `run` times one benchmark,
    called with the literal `args` (the benchmark's setup function, if any, turns them into
    the call's arguments, untimed).  `tolerance` is the relative error its results may show
    against CPython's (0: exact); `peer` is False for the extra lines (a reference, lesto
    without bounds checks), which the header does not list."""

    column = "?"
    key = "?"
    tolerance = 0.0
    peer = True
    compiles = False   # its first call compiles: first_call is the median of FIRST_SAMPLES
    last_call: tuple[Callable[..., Any], tuple[Any, ...]] | None = None   # of the last run

    def setup(self) -> str | None:
        return None

    def version(self) -> str | None:
        return None

    def applies(self, bench: Benchmark) -> bool:
        return True

    def skip_reason(self, bench: Benchmark) -> str | None:
        return None

    def run(self, bench: Benchmark, args: tuple[Any, ...], policy: Policy,
            verbose: bool) -> Outcome:
        self.last_call = None
        try:
            # the extra first calls come first: the timed run below is of a fresh function
            firsts = self.fresh_first_calls(bench, args) if self.compiles else []
            fn = self.prepare(bench)
            call_args = arguments(bench, args)
        except Exception as exc:
            return Outcome("n/a", error=describe(exc, verbose))
        try:
            self.last_call = (fn, call_args)   # for harness.interleave (the objects section)
            outcome = from_timing(harness.time_calls(fn, call_args, policy.max_runs,
                                                     policy.min_runs, policy.target,
                                                     self.after_first))
        except Exception as exc:
            return Outcome("n/a", error=describe(exc, verbose))
        if firsts and outcome.first_call is not None:
            outcome.first_calls = firsts + [outcome.first_call]
            outcome.first_call = harness.median(outcome.first_calls)
        return outcome

    def fresh_first_calls(self, bench: Benchmark, args: tuple[Any, ...]) -> list[float]:
        """FIRST_SAMPLES - 1 more first calls, each of a fresh module and function (one
        sample of a compile on a shared machine moves by up to 2x)."""
        import time

        samples = []
        for _ in range(FIRST_SAMPLES - 1):
            fn = self.prepare(bench)
            call_args = arguments(bench, args)
            start = time.perf_counter()
            fn(*call_args)
            samples.append(time.perf_counter() - start)
            self.settle()
        return samples

    def settle(self) -> None:
        """After an untimed first call: wait for any work it left running."""

    def prepare(self, bench: Benchmark) -> Callable[..., Any]:
        raise NotImplementedError

    def after_first(self, start: float) -> None:
        """Runs right after the first call (which started at perf_counter() == start)."""


def fresh_module(bench: Benchmark, tag: str) -> types.ModuleType:
    return harness.load_module(bench.path, f"_lesto_bench_{tag}_{bench.path.stem}")


def arguments(bench: Benchmark, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """The arguments of the timed calls, built afresh for each implementation (so one that
    wrote into them cannot change another's work) by the benchmark's setup function run
    under CPython."""
    if not bench.setup:
        return tuple(args)
    return harness.setup_args(fresh_module(bench, "setup"), bench.setup, args)


class CPython(Impl):
    """The plain function, run by this interpreter: the reference result."""

    column = "CPython"
    key = "cpython"

    def version(self) -> str:
        return sys.version.split()[0]

    def prepare(self, bench: Benchmark) -> Callable[..., Any]:
        return getattr(fresh_module(bench, "cpython"), bench.entry)


class CPythonReference(CPython):
    """The benchmark's reference function (BENCHMARK["reference"]["entry"], e.g. one that
    calls numpy.dot) run by this interpreter: a line to compare with, not a peer.  Its
    answer comes from other code, so it need only agree with CPython's to rounding."""

    column = "reference"
    key = "reference"
    tolerance = 1e-9
    peer = False

    def applies(self, bench: Benchmark) -> bool:
        return bench.reference is not None

    def prepare(self, bench: Benchmark) -> Callable[..., Any]:
        assert bench.reference is not None
        return getattr(fresh_module(bench, "reference"), bench.reference.entry)


FIRST_SAMPLES = 3


class Lesto(Impl):
    """`lesto.jit` applied to the entry function; lesto compiles the helpers it calls.
    With boundscheck=False it is `lesto.jit(boundscheck=False)`, a separate column that
    runs only the benchmarks flagged "boundscheck" (to show what the checks cost)."""

    column = "lesto"
    key = "lesto"
    compiles = True

    def __init__(self, boundscheck: bool = True) -> None:
        self._dispatcher: Any = None
        self.boundscheck = boundscheck
        if not boundscheck:
            self.column = "lesto boundscheck=False"
            self.key = "lesto_unchecked"
            self.peer = False

    def applies(self, bench: Benchmark) -> bool:
        return self.boundscheck or bench.boundscheck

    def version(self) -> str | None:
        from lesto.version import __version__

        return __version__

    def run(self, bench: Benchmark, args: tuple[Any, ...], policy: Policy,
            verbose: bool) -> Outcome:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            outcome = super().run(bench, args, policy, verbose)
        interpreted = [str(w.message) for w in caught
                       if w.category.__name__ == "NotCompiledWarning"]
        if interpreted and outcome.status == "ok":
            outcome.interpreted = True
            outcome.notes.append("ran (partly) in the interpreter: " + interpreted[0])
        if outcome.status == "ok" and disabled():
            outcome.interpreted = True
            outcome.notes.append("LESTO_DISABLE_JIT is set: every call ran in the interpreter")
        if outcome.status == "ok":
            outcome.full_speed = self._full_speed
        deopts = getattr(self._dispatcher, "deopt_count", 0)
        if deopts and outcome.status == "ok":
            outcome.interpreted = True
            outcome.notes.append(f"{deopts} call(s) deoptimised to the interpreter")
        return outcome

    def after_first(self, start: float) -> None:
        """Wait until the optimised code of every signature compiled so far is in (so the
        timed calls measure it) and note when that was."""
        import time

        from lesto.runtime import tiers

        tiers.wait()
        self._full_speed = time.perf_counter() - start

    def settle(self) -> None:
        from lesto.runtime import tiers

        tiers.wait()

    def prepare(self, bench: Benchmark) -> Callable[..., Any]:
        self._dispatcher = None
        self._full_speed: float | None = None
        import lesto

        fn = getattr(fresh_module(bench, self.key), bench.entry)
        if self.boundscheck:
            self._dispatcher = lesto.jit(fn)      # the default options
        else:
            self._dispatcher = lesto.jit(fn, boundscheck=False)
        return self._dispatcher


def disabled() -> bool:
    try:
        from lesto.options import jit_disabled
    except Exception:
        return False
    return jit_disabled()


class Numba(Impl):
    """numba.njit applied to every function the module defines, in a fresh namespace, so
    that the helpers the entry calls are njit-compiled too."""

    column = "Numba"
    key = "numba"
    compiles = True

    def setup(self) -> str | None:
        if importlib.util.find_spec("numba") is None:
            return "numba is not installed"
        return None

    def version(self) -> str | None:
        try:
            import numba
        except Exception:
            return None
        return str(numba.__version__)

    def prepare(self, bench: Benchmark) -> Callable[..., Any]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import numba
        # A real module object in sys.modules: Numba resolves recursive calls through it.
        name = f"_lesto_bench_numba_{bench.path.stem}"
        module = types.ModuleType(name)
        module.__file__ = str(bench.path)
        sys.modules[name] = module
        namespace = module.__dict__
        source = bench.path.read_text(encoding="utf-8")
        exec(compile(source, str(bench.path), "exec"), namespace)
        for key, value in list(namespace.items()):
            if isinstance(value, types.FunctionType) and value.__globals__ is namespace:
                namespace[key] = numba.njit(value)
        return namespace[bench.entry]

    def run(self, bench: Benchmark, args: tuple[Any, ...], policy: Policy,
            verbose: bool) -> Outcome:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return super().run(bench, args, policy, verbose)


class PyPy(Impl):
    """A `pypy3` subprocess running harness.py on the benchmark file."""

    column = "PyPy"
    key = "pypy"

    def __init__(self, executable: str | None = None) -> None:
        self.requested = executable
        self.executable: str | None = None
        self._version: str | None = None
        self._importable: dict[str, bool] = {}

    def setup(self) -> str | None:
        name = self.requested or "pypy3"
        found = shutil.which(name) or (name if os.path.isfile(name) else None)
        if found is None:
            return f"{name} is not on PATH"
        probe = ("import sys; i = sys.implementation; print('%s (Python %s)' % ("
                 "'.'.join(map(str, i.version[:3])), '.'.join(map(str, sys.version_info[:3]))))")
        try:
            proc = subprocess.run([found, "-c", probe], capture_output=True, text=True,
                                  timeout=60)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"{found} does not run: {describe(exc, False)}"
        if proc.returncode != 0:
            return f"{found} does not run (exit status {proc.returncode})"
        self.executable = found
        self._version = proc.stdout.strip() or None
        return None

    def version(self) -> str | None:
        return self._version

    def skip_reason(self, bench: Benchmark) -> str | None:
        """Why PyPy cannot run `bench`: a module the file imports (numpy, typically) that
        PyPy cannot find.  One quick probe per module, remembered for the run."""
        unknown = [m for m in bench.imports if m not in self._importable]
        if unknown and self.executable is not None:
            probe = ("import importlib.util, sys\n"
                     "for m in sys.argv[1:]:\n"
                     "    print(m, importlib.util.find_spec(m) is not None)")
            try:
                proc = subprocess.run([self.executable, "-c", probe, *unknown],
                                      capture_output=True, text=True, timeout=60)
                found = dict(line.split() for line in proc.stdout.splitlines()
                             if len(line.split()) == 2)
            except (OSError, subprocess.TimeoutExpired, ValueError):
                found = {}
            for module in unknown:     # a failed probe: let the run itself report it
                self._importable[module] = found.get(module, "True") == "True"
        missing = [m for m in bench.imports if not self._importable.get(m, True)]
        if missing:
            return f"{' and '.join(missing)} cannot be imported by {self.column}"
        return None

    def run(self, bench: Benchmark, args: tuple[Any, ...], policy: Policy,
            verbose: bool) -> Outcome:
        assert self.executable is not None
        spec = {"file": str(bench.path), "entry": bench.entry, "setup": bench.setup,
                "args": harness.encode(tuple(args)), "max_runs": policy.max_runs,
                "min_runs": policy.min_runs, "target": policy.target}
        try:
            proc = subprocess.run([self.executable, str(HARNESS_FILE), json.dumps(spec)],
                                  capture_output=True, text=True, timeout=PYPY_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return Outcome("n/a", error=describe(exc, verbose))
        report = parse_report(proc.stdout)
        if report is None:
            tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            return Outcome("n/a", error=f"{self.column} exited with {proc.returncode}: {tail}")
        self._version = report.get("implementation") or None
        if "error" in report:
            return Outcome("n/a", error=str(report["error"]))
        report["result"] = harness.decode(report["result"])
        report["last_result"] = harness.decode(report["last_result"])
        return from_timing(report)


def parse_report(stdout: str) -> dict[str, Any] | None:
    """The JSON line harness.py printed (the last one, if the benchmark printed too)."""
    for line in reversed(stdout.splitlines()):
        if line.startswith(harness.MARKER):
            try:
                return json.loads(line[len(harness.MARKER):])
            except ValueError:
                return None
    return None
