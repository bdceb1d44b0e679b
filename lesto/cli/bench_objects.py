"""`python -m lesto bench --section objects`: the object-heavy programs of benchmarks/objects/
(classes, str, list, dict, set, deque, generators) timed under CPython, lesto, Numba and PyPy,
each result checked, and whether every jitted function of a program compiles with
strict=True.

A program is a file with the BENCHMARK dict of `lesto bench` (lesto.cli.bench) and three
more optional keys:
  "jit": ["helper", "Class.method", "Class.*"]
                    functions lesto.jit wraps besides the entry ("Class.*": every function
                    defined in the class body), as a user decorating them would; each is
                    replaced in its module or class by its dispatcher.
  "check": "check"  a function check(result, *args) asserting that the result is right
                    (known values, or an independent recomputation); it is run on CPython's
                    result, and every other implementation must return CPython's result.
  "test_args": (...)
                    tiny arguments, for the strict=True run and the tests.

The strict column runs the program once more at the test_args with every jitted function
compiled `strict=True`: "strict ok", or the first refusal (shortened; in full below the
table), or the function whose calls ran in the interpreter anyway (arguments with no native
form, a deoptimisation).  Numba compiles most of these programs not at all: "n/a".
"""
from __future__ import annotations

import math
import sys
import types
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from lesto.cli.bench_impls import (CPython, Impl, Numba, Outcome, Policy, PyPy, Benchmark,
                                   arguments, describe, fresh_module)

OBJECTS_DIR = Path(__file__).resolve().parent.parent.parent / "benchmarks" / "objects"
STRICT_OK = "strict ok"


@dataclass
class Program:
    """One object-heavy benchmark: the common Benchmark plus the keys of this section."""

    bench: Benchmark
    jit: tuple[str, ...] = ()
    check: str | None = None
    test_args: tuple[Any, ...] = ()
    bench_args: tuple[Any, ...] = ()    # the arguments of this run, for `check`


@dataclass
class Row:
    """Everything measured on one program."""

    program: Program
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    check: str = "-"            # "ok", "FAIL: ..." or "-" (no check / CPython failed)
    strict: str = "-"           # STRICT_OK or the first refusal, shortened
    strict_full: str = ""       # the refusal in full
    refusals: list[str] = field(default_factory=list)   # every NotCompiledWarning


# ------------------------------------------------------------------ discovery
def to_program(path: Path, spec: dict[str, Any], imports: tuple[str, ...]) -> Program:
    from lesto.cli.bench import to_benchmark

    jit = spec.get("jit", ())
    if not isinstance(jit, (list, tuple)) or not all(isinstance(n, str) for n in jit):
        raise ValueError(f"{path}: BENCHMARK 'jit' must be a list of names")
    check = spec.get("check")
    if check is not None and not isinstance(check, str):
        raise ValueError(f"{path}: BENCHMARK 'check' must name a function")
    bench = to_benchmark(path, spec, imports)
    return Program(bench, tuple(jit), check, tuple(spec.get("test_args", bench.quick_args)))


def discover(directory: Path) -> tuple[list[Program], list[str]]:
    """The programs in `directory` (files named _* skipped), and the problems found."""
    from lesto.cli import bench

    return bench.discover(directory, to_program)


# ------------------------------------------------------------------ jitting a program
def jit_program(module: types.ModuleType, program: Program,
                **options: Any) -> dict[str, Any]:
    """Wrap the entry and every function named by "jit" with lesto.jit(**options), in place
    (module globals and class attributes now hold the dispatchers); returns them by name."""
    import lesto

    wrapped: dict[str, Any] = {}
    for name in (program.bench.entry,) + program.jit:
        owner_name, _, attr = name.rpartition(".")
        owner: Any = getattr(module, owner_name) if owner_name else module
        names = ([a for a, v in vars(owner).items() if isinstance(v, types.FunctionType)]
                 if attr == "*" else [attr])
        for each in names:
            qualified = f"{owner_name}.{each}" if owner_name else each
            if qualified in wrapped:
                continue
            fn = vars(owner)[each] if owner_name else getattr(module, each)
            if not isinstance(fn, types.FunctionType):
                raise TypeError(f"{program.bench.path.name}: {qualified} is not a function")
            dispatcher = lesto.jit(fn, **options)
            setattr(owner, each, dispatcher)
            wrapped[qualified] = dispatcher
    return wrapped


def deoptimised(dispatchers: dict[str, Any]) -> list[tuple[str, int]]:
    return [(name, d.deopt_count) for name, d in dispatchers.items()
            if getattr(d, "deopt_count", 0)]


class ProgramLesto(Impl):
    """lesto.jit on the entry and on every function the program's "jit" key names."""

    column = "lesto"
    key = "lesto"

    def __init__(self, programs: dict[str, Program]) -> None:
        self.programs = programs
        self.dispatchers: dict[str, Any] = {}

    def version(self) -> str | None:
        from lesto.version import __version__

        return __version__

    def after_first(self, start: float) -> None:
        """Time the optimised code: wait until every signature compiled by the first call
        has its O3 code in (runtime/tiers.py), as the programs section does."""
        from lesto.runtime import tiers

        tiers.wait()

    def prepare(self, bench: Benchmark) -> Any:
        module = fresh_module(bench, "objects_lesto")
        self.dispatchers = jit_program(module, self.programs[bench.name])
        return self.dispatchers[bench.entry]

    def run(self, bench: Benchmark, args: tuple[Any, ...], policy: Policy,
            verbose: bool) -> Outcome:
        from lesto.cli.bench_impls import disabled

        self.dispatchers = {}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            outcome = super().run(bench, args, policy, verbose)
        messages = list(dict.fromkeys(str(w.message) for w in caught
                                      if w.category.__name__ == "NotCompiledWarning"))
        if outcome.status != "ok":
            return outcome
        if messages:
            outcome.interpreted = True
            outcome.notes += [f"not compiled: {m}" for m in messages]
        if disabled():
            outcome.interpreted = True
            outcome.notes.append("LESTO_DISABLE_JIT is set: every call ran in the interpreter")
        slow = deoptimised(self.dispatchers)
        if slow:
            outcome.interpreted = True
            outcome.notes.append(
                "calls ran in the interpreter (arguments with no native form, or "
                "deoptimised): " + ", ".join(f"{name} {count}x" for name, count in slow))
        return outcome


def strict_run(program: Program) -> tuple[str, str]:
    """(short, full): STRICT_OK when the program runs at its test_args with every jitted
    function compiled strict=True and no call in the interpreter; else the first refusal."""
    from lesto.errors import CompileError

    bench = program.bench
    try:
        module = fresh_module(bench, "objects_strict")
        dispatchers = jit_program(module, program, strict=True)
        call_args = arguments(bench, program.test_args)
    except Exception as exc:
        text = describe(exc, False)
        return shorten(text), text
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dispatchers[bench.entry](*call_args)
    except CompileError as exc:
        full = str(exc)
        where = f"{Path(exc.filename).name}:{exc.lineno}:{exc.col_offset + 1}"
        return shorten(f"{where} {exc.code}: {exc.detail}"), full
    except Exception as exc:
        text = describe(exc, False)
        return shorten(text), text
    slow = deoptimised(dispatchers)
    if slow:
        name, count = slow[0]
        full = (f"{name}: {count} call(s) ran in the interpreter (arguments with no native "
                f"form, or deoptimised); strict=True did not refuse them")
        return shorten(f"{name}: ran in the interpreter"), full
    return STRICT_OK, STRICT_OK


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def run_check(program: Program, result: Any) -> str:
    """"ok", "-" (no check function) or "FAIL: why"."""
    if program.check is None:
        return "-"
    try:
        module = fresh_module(program.bench, "objects_check")
        getattr(module, program.check)(result, *program.bench_args)
    except Exception as exc:
        return "FAIL: " + shorten(describe(exc, False), 200)
    return "ok"


def quiet_numba_error(outcome: Outcome) -> None:
    """Numba's refusals run over many lines: keep the exception type and its first words."""
    if outcome.status == "n/a":
        outcome.error = shorten(outcome.error, 120)


# ------------------------------------------------------------------ the run
def run_programs(programs: list[Program], impls: list[Impl], policy: Policy, quick: bool,
                 verbose: bool, err: TextIO) -> list[Row]:
    """Time every program under every implementation (impls[0] is CPython, the reference),
    check the results, and run the strict=True pass."""
    from lesto.cli.bench import check as compare

    skipped = {impl.key: impl.setup() for impl in impls}
    rows = []
    for index, program in enumerate(programs, 1):
        bench = program.bench
        args = bench.quick_args if quick else bench.args
        program.bench_args = args           # what `check` is called with
        print(f"[{index}/{len(programs)}] {bench.call_text(quick)}:", end="", file=err,
              flush=True)
        row = Row(program)
        for impl in impls:
            why = skipped[impl.key] or impl.skip_reason(bench)
            if why is not None:
                row.outcomes[impl.key] = Outcome("skipped", error=str(why))
                continue
            outcome = impl.run(bench, args, policy, verbose)
            if impl.key == "numba":
                quiet_numba_error(outcome)
            row.outcomes[impl.key] = outcome
            if impl is impls[0]:
                if outcome.status == "ok":
                    row.check = run_check(program, outcome.result)
            else:
                compare(row.outcomes[impls[0].key], outcome, impl.column, bench)
            print(f" {impl.column} {progress(outcome)}", end="", file=err, flush=True)
        interleaved(impls[:2], row, policy)
        row.strict, row.strict_full = strict_run(program)
        print(f" strict: {row.strict}", file=err, flush=True)
        rows.append(row)
    return rows


def interleaved(impls: list[Impl], row: Row, policy: Policy) -> None:
    """CPython's and lesto's steady-state times again, from calls alternating between the
    two (after each was timed alone): the ratio then sees the same machine.  Replaces both
    outcomes' times and medians; an implementation that failed keeps its own."""
    from lesto.cli import harness

    outcomes = [row.outcomes.get(impl.key) for impl in impls]
    if any(o is None or o.status != "ok" or o.median is None or impl.last_call is None
           for o, impl in zip(outcomes, impls)):
        return
    slowest = max(o.median for o in outcomes if o is not None and o.median is not None)
    pairs = harness.pairs_for(slowest, policy.target)
    try:
        times = harness.interleave([impl.last_call for impl in impls], pairs)  # type: ignore[misc]
    except Exception:   # the separate timings stand
        return
    for outcome, t in zip(outcomes, times):
        assert outcome is not None
        outcome.times = t
        outcome.median = harness.median(t)


def progress(outcome: Outcome) -> str:
    from lesto.cli.bench import progress as one

    return one(outcome)


def default_impls(with_numba: bool = True, with_pypy: bool = True,
                  pypy: str | None = None,
                  programs: dict[str, Program] | None = None) -> list[Impl]:
    impls: list[Impl] = [CPython(), ProgramLesto(programs or {})]
    if with_numba:
        impls.append(Numba())
    if with_pypy:
        impls.append(PyPy(pypy))
    return impls


def run_section(args: Any, report: dict[str, Any] | None = None,
                out: TextIO | None = None, err: TextIO | None = None,
                impls: list[Impl] | None = None) -> int:
    """The section for `lesto bench` (args: its argparse namespace).  Returns the exit
    status: 1 when a result is wrong (a check failed or a result differs from CPython's),
    2 on usage errors."""
    from lesto.cli import bench_objects_table as table
    from lesto.cli.bench import FULL, QUICK, select

    out = out or sys.stdout
    err = err or sys.stderr
    directory = getattr(args, "dir", None) or OBJECTS_DIR
    if not Path(directory).is_dir():
        print(f"lesto bench: no benchmark directory {directory}", file=err)
        return 2
    programs, problems = discover(Path(directory))
    for problem in problems:
        print(f"lesto bench: skipping {problem}", file=err)
    chosen, unknown = select([p.bench for p in programs], getattr(args, "only", []) or [])
    if unknown:
        print(f"lesto bench: no object benchmark named {', '.join(unknown)}", file=err)
        return 2
    programs = [p for p in programs if p.bench in chosen]
    if not programs:
        print(f"lesto bench: no benchmarks in {directory}", file=err)
        return 2
    if getattr(args, "list", False):
        for p in programs:
            print(f"{p.bench.name:16} {p.bench.path.name:20} {p.bench.description}", file=out)
        return 0
    quick = bool(getattr(args, "quick", False))
    mode = QUICK if quick else FULL
    max_runs = getattr(args, "repeat", None) or mode["repeat"]
    policy = Policy(max_runs=max_runs, min_runs=min(mode["min_runs"], max_runs),
                    target=mode["target"])
    by_name = {p.bench.name: p for p in programs}
    if impls is None:
        impls = default_impls(not getattr(args, "no_numba", False),
                              not getattr(args, "no_pypy", False),
                              getattr(args, "pypy", None), by_name)
    print(f"lesto bench, object-heavy programs ({'quick' if quick else 'full'}; up to "
          f"{policy.max_runs} timed calls, ~{policy.target:g} s each)", file=err)
    rows = run_programs(programs, impls, policy, quick, getattr(args, "verbose", False), err)
    print(file=out)
    print(table.render(rows, quick, {impl.key: impl.column for impl in impls}), file=out)
    out.flush()
    if report is not None:
        report["objects"] = table.json_data(rows, quick)
    wrong = [r for r in rows if r.check.startswith("FAIL")
             or any(o.status == "MISMATCH" for o in r.outcomes.values())]
    return 1 if wrong else 0


def geometric_mean(values: list[float]) -> float | None:
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


__all__ = ["OBJECTS_DIR", "Program", "Row", "discover", "jit_program", "run_section",
           "strict_run", "geometric_mean"]
