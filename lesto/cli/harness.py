"""Time one benchmark function: the timing loop shared by `lesto bench` (imported in-process)
and by other interpreters such as PyPy (run as a script, printing one JSON line).

This file must stay importable and runnable on its own by any Python >= 3.9: it imports
nothing from lesto and uses no newer syntax, because `pypy3 harness.py SPEC` runs it with
PyPy's standard library only.

Script use:  python harness.py '{"file": PATH, "entry": NAME, "args": [...],
                                 "setup": NAME or null,
                                 "max_runs": 5, "min_runs": 1, "target": 0.2}'
prints one line  `LESTO-BENCH-JSON: {...}`  with the fields of `time_calls` plus
"python" (sys.version) and "implementation", or with "error" when loading or calling failed.
"""
from __future__ import annotations

import gc
import importlib.util
import json
import math
import sys
import time

MARKER = "LESTO-BENCH-JSON: "
WARMUP_BELOW = 1.0   # seconds: a first call faster than this is followed by one untimed call


def load_module(path, name):
    """Import the file at `path` as a fresh module called `name` (registered in sys.modules,
    so that `inspect.getsource` and Numba's recursion support can find it)."""
    spec = importlib.util.spec_from_file_location(name, str(path))
    if spec is None or spec.loader is None:
        raise ImportError("cannot load %s" % (path,))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def setup_args(module, setup, args):
    """The arguments of the timed calls: `args` itself, or, when the benchmark names a
    `setup` function, the tuple that module.setup(*args) returns (not timed)."""
    if not setup:
        return tuple(args)
    built = getattr(module, setup)(*args)
    if not isinstance(built, (tuple, list)):
        raise TypeError("setup function %s() returned %s, not a tuple of arguments"
                        % (setup, type(built).__name__))
    return tuple(built)


def median(values):
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return float("nan")
    mid = n // 2
    if n % 2:
        return ordered[mid]
    return 0.5 * (ordered[mid - 1] + ordered[mid])


def time_calls(fn, args, max_runs, min_runs, target, after_first=None):
    """Call fn(*args): once for the first-call latency (which includes any compilation),
    once more untimed as warm-up when that was quick, then timed calls until `target` seconds
    have been spent and at least `min_runs` calls made, but never more than `max_runs` calls.
    `after_first(start)`, if given, runs (untimed) right after the first call, which started at
    clock value `start` (lesto waits there for its optimised code).

    Returns a dict: result (of the first call), last_result (of the last timed call),
    first_call (s), times (s, one per timed call), median (s)."""
    max_runs = max(1, int(max_runs))
    min_runs = max(1, min(int(min_runs), max_runs))
    clock = time.perf_counter
    start = clock()
    result = fn(*args)
    first = clock() - start
    if after_first is not None:
        after_first(start)
    if first < WARMUP_BELOW:
        fn(*args)
    times = []
    last = result
    spent = 0.0
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        while len(times) < max_runs and (len(times) < min_runs or spent < target):
            start = clock()
            last = fn(*args)
            elapsed = clock() - start
            times.append(elapsed)
            spent += elapsed
    finally:
        if gc_was_enabled:
            gc.enable()
    return {"result": result, "last_result": last, "first_call": first,
            "times": times, "median": median(times)}


MIN_PAIRS, MAX_PAIRS = 7, 41


def pairs_for(slowest, target):
    """Rounds of `interleave` for calls of which the slowest takes `slowest` s: about
    `target` s of that one's calls, within [MIN_PAIRS, MAX_PAIRS]."""
    return max(MIN_PAIRS, min(MAX_PAIRS, math.ceil(target / max(slowest, 1e-9))))


def interleave(calls, pairs):
    """Time the calls of `calls` (a list of (fn, args)) in turn, `pairs` rounds, with the
    garbage collector off: drift of a shared machine then weighs on each alike.  Returns one
    list of times (s) per call."""
    clock = time.perf_counter
    times = [[] for _ in calls]
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(pairs):
            for (fn, args), out in zip(calls, times):
                start = clock()
                fn(*args)
                out.append(clock() - start)
    finally:
        if gc_was_enabled:
            gc.enable()
    return times


def encode(value):
    """A JSON-safe form of a benchmark result: tuples become lists; numpy scalars become
    Python ones and numpy arrays {"array": nested lists, "dtype": name}; anything else that
    is not int/float/bool/None/tuple/list is sent as {"repr": repr(value)}."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return {"float": repr(value)}
        return float(value)
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    if type(value).__module__ == "numpy" and hasattr(value, "tolist"):
        if getattr(value, "ndim", 0) == 0:
            return encode(value.item())
        return {"array": value.tolist(), "dtype": str(value.dtype)}
    return {"repr": repr(value)}


def decode(value):
    """Inverse of `encode` as far as lesto bench needs: lists come back as tuples, arrays
    as numpy arrays (NaN and infinities inside arrays travel as JSON's NaN / Infinity)."""
    if isinstance(value, list):
        return tuple(decode(v) for v in value)
    if isinstance(value, dict):
        if "float" in value:
            return float(value["float"])
        if "array" in value:
            import numpy

            return numpy.array(value["array"], dtype=value["dtype"])
        return Opaque(value.get("repr", "?"))
    return value


class Opaque(object):
    """A result known only by its repr (it did not survive JSON): compares by repr."""

    def __init__(self, text):
        self.text = text

    def __eq__(self, other):
        return self.text == (other.text if isinstance(other, Opaque) else repr(other))

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self.text)

    def __repr__(self):
        return self.text


def run_spec(spec):
    """Load spec["file"], time spec["entry"](*spec["args"]); return the JSON-ready report."""
    impl = sys.implementation
    report = {"python": sys.version,
              "implementation": "%s %s (Python %s)" % (
                  impl.name, ".".join(str(v) for v in impl.version[:3]),
                  ".".join(str(v) for v in sys.version_info[:3]))}
    try:
        module = load_module(spec["file"], "_lesto_bench_harness_%s" % (spec["entry"],))
        fn = getattr(module, spec["entry"])
        args = setup_args(module, spec.get("setup"), decode(spec["args"]))
        timing = time_calls(fn, args, spec.get("max_runs", 5), spec.get("min_runs", 1),
                            spec.get("target", 0.2))
    except Exception as exc:  # reported to the parent process, which shows it as n/a
        report["error"] = "%s: %s" % (type(exc).__name__, exc)
        return report
    timing["result"] = encode(timing["result"])
    timing["last_result"] = encode(timing["last_result"])
    report.update(timing)
    return report


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        sys.stderr.write("usage: harness.py SPEC_JSON\n")
        return 2
    report = run_spec(json.loads(argv[0]))
    sys.stdout.write(MARKER + json.dumps(report) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
