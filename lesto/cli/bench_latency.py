"""The "calls and start-up" section of `python -m lesto bench`: measure lesto's per-call
overhead and its start-up costs next to plain CPython and Numba, judge them against the
acceptance targets, and print the tables (PASS/FAIL per target).

Call overhead: `add(a, b)` called in a tight loop (a local reference to the callable, ten calls
per loop iteration, the same loop with an empty body subtracted), repeated and reduced to the
median, in ns per call, for `operator.add`, the plain Python function, `lesto.jit(add)` and
`numba.njit(add)`; lesto and Numba also with 4 and 8 compiled signatures on one dispatcher (the
other signatures compiled first, so the measured int signature is the last one added).
Fallback calls (see lesto.cli.bench_fallback): functions lesto cannot compile (a str argument),
run through their dispatchers, next to the plain functions and methods.
Start-up (see lesto.cli.bench_startup): `import lesto` / `import numba` and the first call of a
10-line scalar function, import included, with cold and with warm caches, each the median over
several fresh processes.
"""
from __future__ import annotations

import gc
import itertools
import operator
import platform
import sys
import time
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, TextIO

from lesto.cli import bench_fallback, bench_startup
from lesto.cli.bench_startup import Probe
from lesto.cli.bench_table import format_ratio, format_seconds, render_table
from lesto.cli.harness import median

QUICK = {"calls": 100_000, "repeat": 7, "runs": 5}
FULL = {"calls": 400_000, "repeat": 15, "runs": 9}
UNROLL = 10                     # calls per loop iteration in the timing loop

# The acceptance targets: ratios are "at most", the import time is "below".
TARGET_CALL_VS_OPERATOR = 1.5
TARGET_CALL_VS_NUMBA = 0.25
TARGET_IMPORT_S = 0.030
TARGET_FIRST_CALL_VS_NUMBA = 0.2
TARGET_WARM_CALL_VS_NUMBA = 0.2

# Argument tuples compiled before the measured one, for the 4- and 8-signature rows.
OTHER_SIGNATURES = [(1.0, 2.0), (True, False), (1, 2.0), (2.0, 1), (True, 1), (1, True),
                    (1.0, True)]
CALL_COLUMNS = ["operator", "python", "lesto", "numba"]
CALL_HEADINGS = ["add(a, b), ns per call", "operator.add", "Python def", "lesto", "Numba",
                 "lesto/operator.add", "lesto/Numba"]
STARTUP_HEADINGS = ["fresh process", "CPython", "lesto", "Numba", "lesto/Numba"]
CHECK_HEADINGS = ["acceptance criterion", "measured", "target", "result"]


def add(a, b):
    return a + b


def numba_missing() -> str | None:
    """None when Numba can be imported here, else why not (tests monkeypatch this)."""
    import importlib.util

    try:
        found = importlib.util.find_spec("numba") is not None
    except (ImportError, ValueError):
        found = False
    return None if found else "numba is not installed"


# ------------------------------------------------------------------ call overhead
@dataclass
class CallRow:
    """One row of the call-overhead table: ns per call by column key."""

    label: str
    args: tuple[Any, ...]
    signatures: int
    ns: dict[str, float] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)     # column -> why n/a
    samples: dict[str, list[float]] = field(default_factory=dict)

    def ratio(self, num: str, den: str) -> float | None:
        if num in self.ns and den in self.ns and self.ns[den] > 0:
            return self.ns[num] / self.ns[den]
        return None

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "args": list(self.args), "signatures": self.signatures,
                "ns_per_call": self.ns, "samples_ns": self.samples, "failed": self.failed,
                "lesto_vs_operator": self.ratio("lesto", "operator"),
                "lesto_vs_numba": self.ratio("lesto", "numba")}


def call_rows() -> list[CallRow]:
    return [CallRow("add(1, 2)", (1, 2), 1), CallRow("add(1.0, 2.0)", (1.0, 2.0), 1),
            CallRow("add(1, 2), 4 signatures", (1, 2), 4),
            CallRow("add(1, 2), 8 signatures", (1, 2), 8)]


def make_loop(body: str) -> Callable[..., float]:
    """A timing loop: `UNROLL` copies of `body` per iteration over `it`; returns seconds."""
    source = ("def timed(it, fn, a, b, clock):\n"
              "    start = clock()\n"
              "    for _ in it:\n"
              f"        {body}\n"
              "    return clock() - start\n")
    namespace: dict[str, Any] = {}
    exec(compile(source, "<lesto bench latency loop>", "exec"), namespace)
    return namespace["timed"]


CALL_LOOP = make_loop("; ".join(["fn(a, b)"] * UNROLL))
EMPTY_LOOP = make_loop("pass")


def ns_per_call(fn: Callable[..., Any], args: tuple[Any, ...], calls: int) -> float:
    """One sample: (time of the call loop - time of the empty loop) per call, in ns."""
    iterations = max(1, calls // UNROLL)
    a, b = args
    clock = time.perf_counter
    empty = EMPTY_LOOP(itertools.repeat(None, iterations), fn, a, b, clock)
    full = CALL_LOOP(itertools.repeat(None, iterations), fn, a, b, clock)
    return (full - empty) / (iterations * UNROLL) * 1e9


def compiled(make: Callable[[Callable[..., Any]], Any], args: tuple[Any, ...],
             signatures: int) -> Any:
    """A fresh dispatcher for `add` with `signatures` compiled signatures, `args`' last."""
    dispatcher = make(add)
    for other in OTHER_SIGNATURES[:signatures - 1]:
        dispatcher(*other)
    dispatcher(*args)
    return dispatcher


def lesto_jit() -> Callable[[Callable[..., Any]], Any]:
    import lesto

    return lesto.jit


def numba_njit() -> Callable[[Callable[..., Any]], Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import numba
    return numba.njit


def measure_calls(calls: int, repeat: int, with_numba: bool,
                  notes: list[str]) -> list[CallRow]:
    """The call-overhead rows; every (row, column) sample is taken once per round, rounds
    repeated `repeat` times, and the median kept."""
    rows = call_rows()
    makers: dict[str, Callable[[], Callable[..., Any]]] = {"lesto": lesto_jit}
    if with_numba:
        makers["numba"] = numba_njit
    entries: list[tuple[CallRow, str, Callable[..., Any]]] = []
    dispatchers: dict[tuple[str, int], Any] = {}
    for index, row in enumerate(rows):
        entries.append((row, "operator", operator.add))
        entries.append((row, "python", add))
        for column, maker in makers.items():
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    fn = compiled(maker(), row.args, row.signatures)
                    got = fn(*row.args)
            except Exception as exc:
                row.failed[column] = f"{type(exc).__name__}: {exc}".splitlines()[0]
                continue
            if got != add(*row.args) or type(got) is not type(add(*row.args)):
                notes.append(f"{column} add{row.args!r} returned {got!r}")
            entries.append((row, column, fn))
            dispatchers[(column, index)] = fn
    counts = {key: len(getattr(d, "signatures", ())) for key, d in dispatchers.items()}

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            for row, column, fn in entries:          # one untimed round of warm-up
                ns_per_call(fn, row.args, min(calls, 1000))
            for _ in range(repeat):
                for row, column, fn in entries:
                    row.samples.setdefault(column, []).append(
                        ns_per_call(fn, row.args, calls))
        finally:
            if gc_was_enabled:
                gc.enable()
    for row in rows:
        row.ns = {column: median(values) for column, values in row.samples.items()}
    check_dispatchers(rows, dispatchers, counts, caught, notes)
    return rows


def check_dispatchers(rows: list[CallRow], dispatchers: dict[tuple[str, int], Any],
                      counts: dict[tuple[str, int], int], caught: list[Any],
                      notes: list[str]) -> None:
    """Notes when a dispatcher did not have the intended signatures, compiled during the
    timing, deoptimised, or ran in the interpreter."""
    for (column, index), dispatcher in dispatchers.items():
        row = rows[index]
        if counts[(column, index)] != row.signatures:
            notes.append(f"{column} on {row.label}: {counts[(column, index)]} compiled "
                         f"signatures, not {row.signatures}")
        if len(getattr(dispatcher, "signatures", ())) != counts[(column, index)]:
            notes.append(f"{column} on {row.label}: compiled again while being timed")
        if getattr(dispatcher, "deopt_count", 0):
            notes.append(f"{column} on {row.label}: {dispatcher.deopt_count} call(s) "
                         f"deoptimised to the interpreter")
    interpreted = {str(w.message) for w in caught
                   if w.category.__name__ == "NotCompiledWarning"}
    for message in sorted(interpreted):
        notes.append(f"lesto ran add in the interpreter: {message}")


# ------------------------------------------------------------------ acceptance checks
@dataclass
class Check:
    criterion: str
    value: float | None        # the ratio, or seconds for the import time
    measured: str              # how the value is shown
    target: str
    result: str                # "PASS", "FAIL", "-" (not measured: no Numba) or "n/a"

    def to_json(self) -> dict[str, Any]:
        return {"criterion": self.criterion, "value": self.value, "measured": self.measured,
                "target": self.target, "result": self.result}


def judge(value: float | None, target: float, strict: bool, missing: str) -> str:
    if value is None:
        return missing
    return "PASS" if (value < target if strict else value <= target) else "FAIL"


def worst_ratio(rows: list[CallRow], den: str, with_numba: bool) -> Check:
    name = "operator.add" if den == "operator" else "Numba"
    target = TARGET_CALL_VS_OPERATOR if den == "operator" else TARGET_CALL_VS_NUMBA
    criterion = f"call overhead, lesto / {name} (worst row)"
    ratios = [(row.ratio("lesto", den), row.label) for row in rows]
    if den == "numba" and not with_numba:
        return Check(criterion, None, "-", f"<= {target:g}", "-")
    if not ratios or any(r is None for r, _ in ratios):
        return Check(criterion, None, "n/a", f"<= {target:g}", "n/a")
    value, label = max((r, label) for r, label in ratios if r is not None)
    return Check(criterion, value, f"{format_ratio(value)} ({label})", f"<= {target:g}",
                 judge(value, target, False, "n/a"))


def startup_ratio(criterion: str, probes: dict[str, Probe], measure: str, target: float,
                  with_numba: bool) -> Check:
    if not with_numba:
        return Check(criterion, None, "-", f"<= {target:g}", "-")
    lesto, numba = probes.get(f"{measure}:lesto"), probes.get(f"{measure}:numba")
    if lesto is None or numba is None or lesto.median is None or not numba.median:
        return Check(criterion, None, "n/a", f"<= {target:g}", "n/a")
    value = lesto.median / numba.median
    shown = (f"{format_ratio(value)} ({format_seconds(lesto.median)} / "
             f"{format_seconds(numba.median)})")
    return Check(criterion, value, shown, f"<= {target:g}", judge(value, target, False, "n/a"))


def acceptance(rows: list[CallRow], probes: dict[str, Probe], with_numba: bool) -> list[Check]:
    checks = [worst_ratio(rows, "operator", with_numba), worst_ratio(rows, "numba", with_numba)]
    imported = probes.get("import:lesto")
    seconds = imported.median if imported is not None else None
    checks.append(Check("import lesto, fresh process", seconds,
                        "n/a" if seconds is None else format_seconds(seconds),
                        f"< {format_seconds(TARGET_IMPORT_S)}",
                        judge(seconds, TARGET_IMPORT_S, True, "n/a")))
    checks.append(startup_ratio("first call, fresh process, cold caches: lesto / Numba",
                                probes, "cold", TARGET_FIRST_CALL_VS_NUMBA, with_numba))
    checks.append(startup_ratio("first call, fresh process, warm caches: lesto / Numba",
                                probes, "warm", TARGET_WARM_CALL_VS_NUMBA, with_numba))
    return checks


# ------------------------------------------------------------------ rendering
def ns_cell(row: CallRow, column: str) -> str:
    if column in row.ns:
        value = row.ns[column]
        return f"{value:.0f}" if abs(value) >= 100 else f"{value:.1f}"
    return "n/a" if column in row.failed else "-"


def ratio_cell(value: float | None) -> str:
    return "-" if value is None else format_ratio(value)


def call_table(rows: list[CallRow]) -> str:
    lines = [[row.label] + [ns_cell(row, c) for c in CALL_COLUMNS]
             + [ratio_cell(row.ratio("lesto", "operator")),
                ratio_cell(row.ratio("lesto", "numba"))] for row in rows]
    return render_table(lines, CALL_HEADINGS)


def probe_cell(probe: Probe | None) -> str:
    if probe is None:
        return "-"
    if probe.median is None:
        return "n/a"
    return format_seconds(probe.median)


STARTUP_ROWS = [("import lesto / import numba", "import"),
                ("first call, cold caches (import + compile + call)", "cold"),
                ("first call, warm caches (import + load + call)", "warm")]


def startup_table(probes: dict[str, Probe]) -> str:
    lines = []
    for label, measure in STARTUP_ROWS:
        cpython = probes.get("cold:cpython") if measure != "import" else None
        lesto, numba = probes.get(f"{measure}:lesto"), probes.get(f"{measure}:numba")
        ratio = None
        if lesto is not None and numba is not None and lesto.median and numba.median:
            ratio = lesto.median / numba.median
        lines.append([label, probe_cell(cpython), probe_cell(lesto), probe_cell(numba),
                      ratio_cell(ratio)])
    return render_table(lines, STARTUP_HEADINGS)


def check_table(checks: list[Check]) -> str:
    return render_table([[c.criterion, c.measured, c.target, c.result] for c in checks],
                        CHECK_HEADINGS)


def legend(calls: int, repeat: int, runs: int) -> str:
    return (f"Call overhead: median of {repeat} rounds of {calls} calls each, an empty loop's\n"
            f"cost subtracted; 'N signatures': the dispatcher holds N compiled signatures and\n"
            f"the (int, int) one was compiled last. Start-up: median of {runs} fresh processes\n"
            f"(after one untimed process that fills the warm caches), timed inside the process\n"
            f"from before the import to after the first call of a 10-line scalar function;\n"
            f"CPython is the same function without a JIT. -: not run; n/a: failed (see notes).")


def render(rows: list[CallRow], probes: list[Probe], checks: list[Check], notes: list[str],
           calls: int, repeat: int, runs: int,
           fallback: list[bench_fallback.FallbackRow] | None = None) -> str:
    by_key = {p.key: p for p in probes}
    parts = ["Calls and start-up", "", call_table(rows), "", startup_table(by_key), "",
             check_table(checks), ""]
    if fallback:
        parts += [bench_fallback.table(fallback), ""]
    parts.append(legend(calls, repeat, runs))
    remarks = list(notes)
    for probe in probes:
        if probe.error:
            remarks.append(f"{probe.impl} {probe.measure}: n/a: {probe.error}")
        remarks += [f"{probe.impl} {probe.measure}: {n}" for n in probe.notes]
    for row in rows:
        remarks += [f"{column} on {row.label}: n/a: {why}" for column, why in row.failed.items()]
    if remarks:
        parts += ["", "Notes:"] + [f"  {line}" for line in remarks]
    return "\n".join(parts)


# ------------------------------------------------------------------ the section
def run_section(quick: bool = False, with_numba: bool = True, out: TextIO | None = None,
                err: TextIO | None = None, *, calls: int | None = None,
                repeat: int | None = None, runs: int | None = None) -> dict[str, Any]:
    """Measure everything, print the section to `out` (progress to `err`) and return the
    results as JSON-ready data.  The counts default to the quick or full settings."""
    out = out or sys.stdout
    err = err or sys.stderr
    mode = QUICK if quick else FULL
    calls = calls or mode["calls"]
    repeat = repeat or mode["repeat"]
    runs = runs or mode["runs"]
    notes: list[str] = []
    if with_numba:
        missing = numba_missing()
        if missing:
            notes.append(f"Numba: not run ({missing})")
            with_numba = False
    else:
        notes.append("Numba: not run (--no-numba)")

    started = time.perf_counter()
    print(f"latency ({'quick' if quick else 'full'}): call overhead, {repeat} x {calls} calls",
          end="", file=err, flush=True)
    rows = measure_calls(calls, repeat, with_numba, notes)
    fallback = bench_fallback.measure(calls, repeat)
    print(f"; start-up, {runs} fresh processes per row:", end="", file=err, flush=True)
    probes = bench_startup.measure_startup(
        runs, with_numba,
        progress=lambda step: print(f" {step}", end="", file=err, flush=True))
    elapsed = time.perf_counter() - started
    print(f" ({elapsed:.1f} s)", file=err, flush=True)

    checks = acceptance(rows, {p.key: p for p in probes}, with_numba)
    print(file=out)
    print(render(rows, probes, checks, notes, calls, repeat, runs, fallback), file=out)
    out.flush()
    return {"mode": "quick" if quick else "full", "calls_per_sample": calls,
            "rounds": repeat, "processes": runs, "seconds": elapsed,
            "numba": numba_version() if with_numba else None,
            "platform": {"system": platform.system(), "machine": platform.machine(),
                         "python": sys.version},
            "calls": [row.to_json() for row in rows],
            "fallback": [row.to_json() for row in fallback],
            "startup": [probe.to_json() for probe in probes],
            "checks": [check.to_json() for check in checks], "notes": notes}


def numba_version() -> str | None:
    try:
        import numba
    except Exception:
        return None
    return str(numba.__version__)
