"""`python -m lesto bench`: find the benchmark programs, time each one under CPython, lesto,
Numba and PyPy, check every result against CPython's, and print the comparison table.

A benchmark is a plain Python file in the benchmark directory (by default `benchmarks/` next to
the `lesto` package) with a literal dict

    BENCHMARK = {"name": ..., "entry": "function_name", "args": (...), "quick_args": (...),
                 "description": ...}

Every implementation runs the same arguments (`quick_args` with --quick), so the ratios in
the table compare like with like.  Numba and PyPy are optional: a peer that is not installed
shows as "-", and so does PyPy on a benchmark importing a module it lacks (numpy).

Optional keys, for benchmarks on arrays:
  "setup": "make_args"   a function in the file, called (untimed, under CPython, afresh for
                         each implementation) with the literal args; it returns the tuple of
                         arguments the entry is timed on (e.g. deterministic numpy arrays).
  "reference": {"label": "numpy.dot", "entry": "other_function"}
                         another way to get the answer, timed under CPython only; shown as
                         the row "name(args) [numpy.dot]", checked to a relative 1e-9.
  "boundscheck": True    also time `lesto.jit(boundscheck=False)`: the row
                         "name(args) [boundscheck=False]", and the cost of the checks.
  "target": {"vs": "numba", "max_ratio": 1.2, "strict": False}
                         an acceptance target, judged PASS/FAIL below the table: lesto's time
                         over the time of `vs` ("numba", "cpython", "pypy" or
                         "reference").
Results are compared exactly (numpy arrays element by element, same shape and dtype).

After the table comes the "calls and start-up" section (lesto.cli.bench_latency): call
overhead of a trivial function, `import lesto` time and the first call in a fresh process,
next to CPython and Numba, each judged PASS/FAIL against its target.  Then the "lesto run"
section (lesto.cli.bench_run): an object-heavy program run as a whole process under `python`
and `python -m lesto run`.  --section chooses the parts (default: both, meaning programs,
latency and run; --only, --dir and --list concern the programs, so without an explicit
--section they select the programs alone).  `--section objects` runs the object-heavy
programs of benchmarks/objects/ instead (lesto.cli.bench_objects), `--section parallel`
prange, nogil threads and Dask (lesto.cli.bench_parallel), `--section all` every part.

The exit status is 1 when any result differs from CPython's, 2 on usage errors; the latency
targets do not change it.
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import sys
from pathlib import Path
from typing import Any, TextIO

from lesto.cli import bench_latency, bench_run, harness
from lesto.cli.bench_impls import (CPython, CPythonReference, Impl, Lesto, Numba, Outcome,
                                   Policy, PyPy, Benchmark, Reference, Target)
from lesto.cli.bench_table import (describe_value, first_calls, format_seconds, legend,
                                   mismatch_banner, notes, render_table, table_rows,
                                   target_checks, target_table, unchecked_cost)

DEFAULT_DIR = Path(__file__).resolve().parent.parent.parent / "benchmarks"
QUICK = {"repeat": 5, "min_runs": 1, "target": 0.2}     # per implementation and benchmark
FULL = {"repeat": 20, "min_runs": 3, "target": 1.0}
SECTIONS = ("programs", "objects", "latency", "run", "both", "parallel", "all")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quick", action="store_true",
                        help="small sizes and about 0.2 s of timed calls per implementation")
    parser.add_argument("--only", nargs="+", action="extend", metavar="NAME", default=[],
                        help="run only these benchmarks (name or file stem; repeatable)")
    parser.add_argument("--repeat", type=int, metavar="N",
                        help=f"at most N timed calls per implementation (default "
                             f"{QUICK['repeat']} with --quick, else {FULL['repeat']})")
    parser.add_argument("--json", metavar="FILE", help="also write all results as JSON")
    parser.add_argument("--dir", metavar="DIR", type=Path,
                        help=f"benchmark directory (default {DEFAULT_DIR})")
    parser.add_argument("--no-numba", action="store_true", help="do not run Numba")
    parser.add_argument("--no-pypy", action="store_true", help="do not run PyPy")
    parser.add_argument("--pypy", metavar="EXE", help="PyPy executable (default pypy3)")
    parser.add_argument("--list", action="store_true",
                        help="list the benchmarks and exit")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="full tracebacks for failures")
    parser.add_argument("--section", choices=SECTIONS,
                        help="programs: the benchmark table; objects: the object-heavy "
                             "programs (benchmarks/objects/, lesto.cli.bench_objects; --only, "
                             "--dir and --list then apply to them); latency: call overhead and "
                             "start-up; run: a whole program under `lesto run` next to "
                             "python; both (the default: programs, latency and run, but "
                             "programs alone when --only, --dir or --list is given); "
                             "parallel: prange, nogil threads and Dask; all: every part")


def run(args: argparse.Namespace) -> int:
    """Entry point of the subcommand (called by lesto.cli.main)."""
    section = chosen_section(args)
    report: dict[str, Any] = {}
    status = 0
    if section == "objects":
        from lesto.cli import bench_objects

        status = bench_objects.run_section(args, report)
        if status == 2 or args.list:
            return status
    if section in ("programs", "both", "all"):
        impls: list[Impl] = [CPython(), CPythonReference(), Lesto(), Lesto(boundscheck=False)]
        if not args.no_numba:
            impls.append(Numba())
        if not args.no_pypy:
            impls.append(PyPy(args.pypy))
        status = run_suite(args.dir or DEFAULT_DIR, impls, quick=args.quick, only=args.only,
                           repeat=args.repeat, verbose=args.verbose, list_only=args.list,
                           report=report)
        if status == 2 or args.list:
            return status
    if section == "all":
        from lesto.cli import bench_objects

        whole = argparse.Namespace(**{**vars(args), "dir": None, "only": [], "list": False})
        status = max(status, bench_objects.run_section(whole, report))
    if section in ("latency", "both", "all"):
        report.setdefault("mode", "quick" if args.quick else "full")
        report["latency"] = bench_latency.run_section(quick=args.quick,
                                                      with_numba=not args.no_numba)
    if section in ("run", "both", "all"):
        report["run"] = bench_run.run_section(quick=args.quick)
        status = status or (0 if report["run"]["same_output"] else 1)
    if section in ("parallel", "all"):   # prange, nogil threads, Dask (lesto.cli.bench_parallel)
        from lesto.cli import bench_parallel

        report["parallel"] = bench_parallel.run_section(quick=args.quick,
                                                        with_numba=not args.no_numba)
    if args.json:
        write_json(args.json, report)
    return status


def chosen_section(args: argparse.Namespace) -> str:
    """--section if given; else "programs" when an option about the programs table
    (--only, --dir, --list) was given, otherwise "both"."""
    section = getattr(args, "section", None)
    if section:
        return str(section)
    if getattr(args, "only", None) or getattr(args, "dir", None) or getattr(args, "list", False):
        return "programs"
    return "both"


# ------------------------------------------------------------------ discovery
def read_spec(path: Path) -> dict[str, Any] | None:
    """The literal BENCHMARK dict of a file, read without running the file (None if absent)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "BENCHMARK" for t in node.targets):
            try:
                value = ast.literal_eval(node.value)
            except ValueError as exc:
                raise ValueError(f"{path}: BENCHMARK must be a literal dict ({exc})") from None
            if not isinstance(value, dict):
                raise ValueError(f"{path}: BENCHMARK must be a dict")
            return value
    return None


def module_imports(path: Path) -> tuple[str, ...]:
    """The top-level modules a file imports (`import numpy as np` -> "numpy"), in order."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module.split(".")[0])
    return tuple(dict.fromkeys(m for m in found if m != "__future__"))


def to_benchmark(path: Path, spec: dict[str, Any],
                 imports: tuple[str, ...] = ()) -> Benchmark:
    for key in ("entry", "args"):
        if key not in spec:
            raise ValueError(f"{path}: BENCHMARK has no {key!r}")
    args = tuple(spec["args"])
    quick = tuple(spec.get("quick_args", args))
    setup = spec.get("setup")
    if setup is not None and not isinstance(setup, str):
        raise ValueError(f"{path}: BENCHMARK 'setup' must name a function")
    boundscheck = spec.get("boundscheck", False)
    if not isinstance(boundscheck, bool):
        raise ValueError(f"{path}: BENCHMARK 'boundscheck' must be True or False")
    return Benchmark(name=str(spec.get("name", path.stem)), path=path.resolve(),
                     entry=str(spec["entry"]), args=args, quick_args=quick,
                     description=str(spec.get("description", "")), setup=setup or None,
                     reference=to_reference(path, spec.get("reference")),
                     boundscheck=boundscheck, target=to_target(path, spec.get("target")),
                     imports=tuple(imports))


def to_reference(path: Path, value: Any) -> Reference | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("entry"), str):
        raise ValueError(f"{path}: BENCHMARK 'reference' must be a dict with an 'entry'")
    return Reference(label=str(value.get("label", value["entry"])), entry=value["entry"])


def to_target(path: Path, value: Any) -> Target | None:
    if value is None:
        return None
    keys = ("vs", "max_ratio", "strict")
    if (not isinstance(value, dict) or set(value) - set(keys)
            or value.get("vs") not in ("cpython", "numba", "pypy", "reference")
            or not isinstance(value.get("max_ratio"), (int, float))
            or not isinstance(value.get("strict", False), bool)):
        raise ValueError(f"{path}: BENCHMARK 'target' must be a dict like "
                         f"{{'vs': 'numba', 'max_ratio': 1.2, 'strict': False}}")
    return Target(vs=value["vs"], max_ratio=float(value["max_ratio"]),
                  strict=value.get("strict", False))


def discover(directory: Path, make: Any = None) -> tuple[list[Any], list[str]]:
    """Benchmarks in `directory` (files named _* are skipped), and problems found on the way;
    `make(path, spec, imports)` builds each (to_benchmark by default)."""
    make = make or to_benchmark
    found: list[Any] = []
    problems: list[str] = []
    for path in sorted(directory.glob("*.py")):
        if path.name.startswith("_"):
            continue
        try:
            spec = read_spec(path)
            if spec is not None:
                found.append(make(path, spec, module_imports(path)))
        except (SyntaxError, ValueError, OSError) as exc:
            problems.append(str(exc))
    return found, problems


def select(benchmarks: list[Benchmark], only: list[str]) -> tuple[list[Benchmark], list[str]]:
    """The benchmarks named in `only` (all if empty), and the names that matched nothing."""
    if not only:
        return benchmarks, []
    wanted = set(only)
    chosen = [b for b in benchmarks if b.name in wanted or b.path.stem in wanted]
    known = {b.name for b in benchmarks} | {b.path.stem for b in benchmarks}
    return chosen, sorted(wanted - known)


# ------------------------------------------------------------------ checking
def same_result(expected: Any, actual: Any, rel: float = 0.0) -> bool:
    """Equal value and the same kind (bool / int / float / sequence / array) at every level;
    NaN equals NaN.  Tuples and lists compare alike (results from PyPy come back through
    JSON); numpy arrays need the same shape and dtype and equal elements.  With `rel`,
    floats need only agree to that relative error."""
    if isinstance(expected, (tuple, list)) or isinstance(actual, (tuple, list)):
        return (isinstance(expected, (tuple, list)) and isinstance(actual, (tuple, list))
                and len(expected) == len(actual)
                and all(same_result(e, a, rel) for e, a in zip(expected, actual)))
    if is_array(expected) or is_array(actual):
        return same_array(expected, actual, rel)
    if kind(expected) != kind(actual):
        return False
    if kind(expected) == "float" and expected != expected:
        return actual != actual
    if kind(expected) == "float" and rel:
        import math

        return math.isclose(expected, actual, rel_tol=rel)
    try:
        return bool(expected == actual)
    except Exception:
        return False


def is_array(value: Any) -> bool:
    """A numpy array of one or more dimensions (numpy scalars count as scalars)."""
    return type(value).__module__ == "numpy" and getattr(value, "ndim", 0) > 0


def same_array(expected: Any, actual: Any, rel: float) -> bool:
    if not (is_array(expected) and is_array(actual) and expected.shape == actual.shape
            and expected.dtype == actual.dtype):
        return False
    import numpy

    floating = expected.dtype.kind in "fc"
    if rel and floating:
        return bool(numpy.allclose(actual, expected, rtol=rel, atol=0.0, equal_nan=True))
    return bool(numpy.array_equal(expected, actual, equal_nan=floating))


def kind(value: Any) -> str:
    import numbers

    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "bool"
    if isinstance(value, numbers.Integral):
        return "int"
    if isinstance(value, numbers.Real):
        return "float"
    return "other"


def check(reference: Outcome, outcome: Outcome, column: str, bench: Benchmark,
          rel: float = 0.0) -> str | None:
    """Mark `outcome` MISMATCH (and return a message) when it disagrees with CPython (beyond
    the relative error `rel`, when given)."""
    if outcome.status != "ok":
        return None
    if reference.status != "ok":
        outcome.notes.append("result not checked: the CPython run failed")
        return None
    for label, value in (("returned", outcome.result), ("then returned", outcome.last_result)):
        if not same_result(reference.result, value, rel):
            outcome.status = "MISMATCH"
            beyond = f" (beyond a relative {rel:g})" if rel else ""
            outcome.error = (f"{column} on {bench.name} {label} {describe_value(value)}; "
                             f"CPython returned {describe_value(reference.result)}{beyond}")
            return outcome.error
    return None


# ------------------------------------------------------------------ the run
def run_suite(directory: Path, impls: list[Impl], *, quick: bool = False,
              only: list[str] | None = None, repeat: int | None = None,
              json_path: str | None = None, verbose: bool = False, list_only: bool = False,
              out: TextIO | None = None, err: TextIO | None = None,
              report: dict[str, Any] | None = None) -> int:
    """Run the benchmarks in `directory` under `impls` (the first is the reference) and print
    the table to `out`, progress to `err`.  Returns the exit status.  The JSON results go to
    the file `json_path` and are also merged into `report` when given."""
    out = out or sys.stdout
    err = err or sys.stderr
    if not directory.is_dir():
        print(f"lesto bench: no benchmark directory {directory} (pass --dir)", file=err)
        return 2
    benchmarks, problems = discover(directory)
    for problem in problems:
        print(f"lesto bench: skipping {problem}", file=err)
    benchmarks, unknown = select(benchmarks, only or [])
    if unknown:
        print(f"lesto bench: no benchmark named {', '.join(unknown)}", file=err)
        return 2
    if not benchmarks:
        print(f"lesto bench: no benchmarks in {directory}", file=err)
        return 2
    if list_only:
        for bench in benchmarks:
            print(f"{bench.name:16} {bench.path.name:20} {bench.description}", file=out)
        return 0
    if repeat is not None and repeat < 1:
        print("lesto bench: --repeat must be at least 1", file=err)
        return 2

    mode = QUICK if quick else FULL
    max_runs = repeat or mode["repeat"]
    policy = Policy(max_runs=max_runs, min_runs=min(mode["min_runs"], max_runs),
                    target=mode["target"])
    skipped = {impl.key: impl.setup() for impl in impls}
    columns = {impl.key: impl.column for impl in impls}
    results: dict[str, dict[str, Outcome]] = {}
    mismatches: list[str] = []

    print(header(impls, skipped, quick, policy), file=err)
    for index, bench in enumerate(benchmarks, 1):
        args = bench.quick_args if quick else bench.args
        print(f"[{index}/{len(benchmarks)}] {bench.call_text(quick)}:", end="", file=err,
              flush=True)
        row: dict[str, Outcome] = {}
        for impl in impls:
            if not impl.applies(bench):
                continue
            why = skipped[impl.key] or impl.skip_reason(bench)
            if why is not None:
                row[impl.key] = Outcome("skipped", error=str(why))
                continue
            outcome = impl.run(bench, args, policy, verbose)
            row[impl.key] = outcome
            if impl is not impls[0]:
                message = check(row[impls[0].key], outcome, impl.column, bench,
                                impl.tolerance)
                if message:
                    mismatches.append(message)
            print(f" {impl.column} {progress(outcome)}", end="", file=err, flush=True)
        retime_interleaved(impls, row, policy)
        print(file=err, flush=True)
        results[bench.name] = row

    print(file=out)
    print(render_table(table_rows(benchmarks, results, quick)), file=out)
    print(file=out)
    print(legend(benchmarks), file=out)
    checks = target_checks(benchmarks, results, columns)
    if checks:
        print("\n" + target_table(checks), file=out)
        if quick:
            print("--quick: these ran at the small quick_args sizes, where per-call and per-row "
                  "costs weigh more;\nthe targets are set for the full sizes (run without "
                  "--quick to judge them).", file=out)
    firsts = first_calls(benchmarks, results)
    if firsts:
        print("\n" + firsts, file=out)
    costs = unchecked_cost(benchmarks, results)
    if costs:
        print("\n" + costs, file=out)
    remarks = notes(benchmarks, results, columns)
    if remarks:
        print("\nNotes:", file=out)
        for line in remarks:
            print(f"  {line}", file=out)
    if mismatches:
        print("\n" + mismatch_banner(mismatches), file=out)
    out.flush()
    if json_path or report is not None:
        data = json_data(benchmarks, results, impls, quick, policy, mismatches)
        data["targets"] = [c.to_json() for c in checks]
        if report is not None:
            report.update(data)
        if json_path:
            write_json(json_path, data)
    return 1 if mismatches else 0


INTERLEAVED = ("lesto", "lesto_unchecked", "numba")   # in-process, compiled: comparable


def retime_interleaved(impls: list[Impl], row: dict[str, Outcome], policy: Policy) -> None:
    """The steady-state times of lesto (both rows) and Numba again, from calls alternating
    between them after each was timed alone: a shared machine's drift (these machines' runs
    differ by up to 1.5x minute to minute) then weighs on each alike, and the ratios compare
    like with like.  Replaces their times and medians; one that failed keeps its own."""
    chosen = [impl for impl in impls if impl.key in INTERLEAVED and impl.last_call is not None
              and impl.key in row and row[impl.key].status == "ok"
              and row[impl.key].median is not None]
    if len(chosen) < 2:
        return
    slowest = max(row[impl.key].median or 0.0 for impl in chosen)
    try:
        times = harness.interleave([impl.last_call for impl in chosen],
                                   harness.pairs_for(slowest, policy.target))
    except Exception:   # the separate timings stand
        return
    for impl, t in zip(chosen, times):
        row[impl.key].times = t
        row[impl.key].median = harness.median(t)


def progress(outcome: Outcome) -> str:
    if outcome.status == "ok":
        return format_seconds(outcome.median) + ("*" if outcome.interpreted else "")
    return outcome.status


def header(impls: list[Impl], skipped: dict[str, str | None], quick: bool,
           policy: Policy) -> str:
    peers = []
    for impl in impls:
        if not impl.peer:
            continue
        if skipped[impl.key] is not None:
            peers.append(f"{impl.column} -")
        else:
            try:
                version = impl.version()
            except Exception:
                version = None
            peers.append(f"{impl.column} {version or '?'}" if version else impl.column)
    return (f"lesto bench ({'quick' if quick else 'full'}; up to {policy.max_runs} timed calls, "
            f"~{policy.target:g} s each) on {platform.system()} {platform.machine()}, "
            f"{os.cpu_count()} CPUs: " + ", ".join(peers))


def write_json(path: str, data: dict[str, Any]) -> None:
    Path(path).write_text(json.dumps(data, indent=2, default=repr) + "\n", encoding="utf-8")


def json_data(benchmarks: list[Benchmark], results: dict[str, dict[str, Outcome]],
              impls: list[Impl], quick: bool, policy: Policy,
              mismatches: list[str]) -> dict[str, Any]:
    versions = {}
    for impl in impls:
        try:
            versions[impl.key] = impl.version()
        except Exception:
            versions[impl.key] = None
    data = {
        "mode": "quick" if quick else "full",
        "policy": {"max_runs": policy.max_runs, "min_runs": policy.min_runs,
                   "target_s": policy.target},
        "platform": {"system": platform.system(), "machine": platform.machine(),
                     "cpus": os.cpu_count(), "python": sys.version},
        "versions": versions,
        "benchmarks": [
            {"name": b.name, "file": str(b.path), "entry": b.entry, "setup": b.setup,
             "args": list(b.quick_args if quick else b.args), "description": b.description,
             "reference": None if b.reference is None else {"label": b.reference.label,
                                                            "entry": b.reference.entry},
             "boundscheck": b.boundscheck,
             "results": {k: o.to_json() for k, o in results.get(b.name, {}).items()}}
            for b in benchmarks],
        "mismatches": mismatches,
    }
    return data
