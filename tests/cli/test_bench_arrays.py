"""`python -m lesto bench` on benchmarks over numpy arrays: the optional BENCHMARK keys
"setup" (arguments built untimed), "reference" (an extra CPython row such as numpy.dot),
"boundscheck" (an extra lesto row with boundscheck=False) and "target" (PASS/FAIL below
the table); array results compared exactly; PyPy skipped, not failed, on a benchmark whose
imports it lacks; and the bundled numpy benchmarks are deterministic and leave their inputs
alone.  Small sizes, no timing assertions."""
from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from lesto.cli import bench, harness
from lesto.cli.bench_impls import CPython, CPythonReference, Lesto, Numba, PyPy, arguments

ARRSUM = '''
"""Sum of an array by a loop; numpy.sum as the reference."""
import numpy as np


def make(n):
    return (np.arange(n, dtype=np.float64) * 0.5, 3)


def total(a, times):
    s = 0.0
    for _ in range(times):
        for i in range(len(a)):
            s += a[i]
    return s


def total_numpy(a, times):
    return float(a.sum()) * times


BENCHMARK = {"name": "arrsum", "entry": "total", "setup": "make", "args": (300,),
             "quick_args": (200,), "boundscheck": True,
             "reference": {"label": "numpy.sum", "entry": "total_numpy"},
             "target": {"vs": "cpython", "max_ratio": 1e9}}
'''

SCALED = '''
import numpy as np


def make(n):
    return (np.linspace(0.0, 1.0, n),)


def scaled(a):
    return a * 2.0 + 1.0


BENCHMARK = {"name": "scaled", "entry": "scaled", "setup": "make", "args": (1000,),
             "quick_args": (100,), "reference": {"label": "numpy", "entry": "scaled"}}
'''

WRONG_REFERENCE = ARRSUM.replace("float(a.sum()) * times", "float(a.sum()) * times + 1.0")

NEEDS_MISSING = '''
try:
    import no_such_module_for_lesto_tests
except ImportError:
    pass


def f(n):
    return n + 1


BENCHMARK = {"name": "needs_missing", "entry": "f", "args": (1,)}
'''

NUMPY_BENCHMARKS = ("jacobi", "matmul", "nbody_np", "fused_expr", "cellular")


def write(directory: Path, **files: str) -> Path:
    for stem, text in files.items():
        (directory / f"{stem}.py").write_text(textwrap.dedent(text))
    return directory


def rows(out: str) -> dict[str, list[str]]:
    """Rows of the first table in `out` by their first cell."""
    found = {}
    for line in out.splitlines():
        if line.startswith("| ") and "(" in line:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            found.setdefault(cells[0], cells)
        elif found and not line.startswith("|"):
            break
    return found


def spec_of(path: Path) -> bench.Benchmark:
    found, problems = bench.discover(path.parent)
    assert not problems
    return next(b for b in found if b.path == path.resolve())


# ------------------------------------------------------------------ the BENCHMARK keys
def test_new_keys_are_read(tmp_path: Path) -> None:
    b = spec_of(write(tmp_path, arrsum=ARRSUM) / "arrsum.py")
    assert (b.setup, b.boundscheck, b.imports) == ("make", True, ("numpy",))
    assert (b.reference.label, b.reference.entry) == ("numpy.sum", "total_numpy")
    assert (b.target.vs, b.target.max_ratio, b.target.strict) == ("cpython", 1e9, False)
    assert b.call_text(True) == "arrsum(200)"          # the literal args, not the arrays
    plain = spec_of(write(tmp_path, scaled=SCALED) / "scaled.py")
    assert not plain.boundscheck and plain.target is None


@pytest.mark.parametrize("bad", [
    '"setup": 3', '"boundscheck": "yes"', '"reference": {"label": "x"}', '"reference": "f"',
    '"target": {"vs": "numba"}', '"target": {"vs": "gcc", "max_ratio": 1.0}',
    '"target": {"vs": "numba", "max_ratio": 1.2, "x": 1}',
])
def test_malformed_keys_are_reported(tmp_path: Path, bad: str) -> None:
    (tmp_path / "bad.py").write_text(
        f'def f(n):\n    return n\n\nBENCHMARK = {{"entry": "f", "args": (1,), {bad}}}\n')
    found, problems = bench.discover(tmp_path)
    assert not found and len(problems) == 1 and "bad.py" in problems[0]


def test_setup_builds_fresh_arguments(tmp_path: Path) -> None:
    b = spec_of(write(tmp_path, arrsum=ARRSUM) / "arrsum.py")
    first, second = arguments(b, (5,)), arguments(b, (5,))
    assert first[1] == 3 and np.array_equal(first[0], np.arange(5) * 0.5)
    assert first[0] is not second[0]                    # one set per implementation
    assert arguments(spec_of(write(tmp_path, scaled=SCALED) / "scaled.py"), (4,))[0].shape \
        == (4,)


def test_setup_must_return_a_tuple(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("def make(n):\n    return n\n")
    module = harness.load_module(tmp_path / "m.py", "_test_bench_arrays_m")
    with pytest.raises(TypeError, match="not a tuple"):
        harness.setup_args(module, "make", (3,))
    assert harness.setup_args(module, None, [3]) == (3,)


def test_harness_round_trips_numpy_results() -> None:
    value = (np.array([[1.5, np.nan], [np.inf, -0.0]]), np.float64(0.1), np.int64(7))
    back = harness.decode(json.loads(json.dumps(harness.encode(value))))
    assert bench.same_result(value, back)
    assert back[0].dtype == np.float64 and type(back[2]) is int


def test_harness_script_runs_the_setup(tmp_path: Path) -> None:
    """The PyPy path: harness.py builds the arguments itself from the literal ones."""
    write(tmp_path, arrsum=ARRSUM)
    report = harness.run_spec({"file": str(tmp_path / "arrsum.py"), "entry": "total",
                               "setup": "make", "args": [10], "max_runs": 1})
    assert "error" not in report, report
    assert report["result"] == 3 * sum(i * 0.5 for i in range(10))


# ------------------------------------------------------------------ comparing results
def test_arrays_compare_exactly() -> None:
    a = np.array([1.0, np.nan, 3.0])
    assert bench.same_result(a, a.copy())
    assert not bench.same_result(a, a + 1e-15)
    assert bench.same_result(a, a * (1 + 1e-12), rel=1e-9)
    assert not bench.same_result(a, a.astype(np.float32))
    assert not bench.same_result(a, a[:2])
    assert not bench.same_result(a, [1.0, float("nan"), 3.0])
    assert bench.same_result((a, 1), (a.copy(), 1))
    assert bench.same_result(np.arange(3), np.arange(3))
    assert bench.same_result(np.float64(0.5), 0.5)      # a numpy scalar is a float
    assert not bench.same_result(0.1 + 0.2, 0.3) and bench.same_result(0.1 + 0.2, 0.3, 1e-9)


# ------------------------------------------------------------------ the run
def test_table_has_reference_and_unchecked_rows(tmp_path: Path, capsys) -> None:
    write(tmp_path, arrsum=ARRSUM, scaled=SCALED)
    report = tmp_path / "out.json"
    impls = [CPython(), CPythonReference(), Lesto(), Lesto(boundscheck=False)]
    rc = bench.run_suite(tmp_path, impls, quick=True, repeat=2, json_path=str(report))
    out = capsys.readouterr().out
    assert rc == 0, out
    table = rows(out)
    assert set(table) == {"arrsum(200)", "arrsum(200) [boundscheck=False]",
                          "arrsum(200) [numpy.sum]", "scaled(100)", "scaled(100) [numpy]"}
    assert table["arrsum(200) [boundscheck=False]"][2].rstrip("*").endswith("s")
    assert table["arrsum(200) [boundscheck=False]"][1] == ""
    assert table["arrsum(200) [numpy.sum]"][1].endswith("s")
    assert table["arrsum(200) [numpy.sum]"][2] == ""
    assert table["scaled(100)"][2].rstrip("*").endswith("s")   # array result checked, equal
    assert "[boundscheck=False]: lesto compiled with @lesto.jit(boundscheck=False)" in out
    assert "On scaled the reference is the benchmark function itself" in out
    assert "Cost of bounds checks (lesto time / lesto boundscheck=False time): arrsum" in out
    assert "| arrsum: lesto / CPython" in out and "MISMATCH" not in out
    assert "the targets are set for the full sizes" in out     # run with quick=True
    data = json.loads(report.read_text())
    entry = next(b for b in data["benchmarks"] if b["name"] == "arrsum")
    assert set(entry["results"]) == {"cpython", "reference", "lesto", "lesto_unchecked"}
    assert entry["setup"] == "make" and entry["boundscheck"] is True
    assert entry["reference"] == {"label": "numpy.sum", "entry": "total_numpy"}
    assert [t["criterion"] for t in data["targets"]] == ["arrsum: lesto / CPython"]
    assert data["targets"][0]["result"] in ("PASS", "FAIL")


def test_unchecked_lesto_gets_boundscheck_false(tmp_path: Path) -> None:
    b = spec_of(write(tmp_path, arrsum=ARRSUM) / "arrsum.py")
    checked, unchecked = Lesto(), Lesto(boundscheck=False)
    assert checked.prepare(b).options.boundscheck is True
    assert unchecked.prepare(b).options.boundscheck is False
    assert unchecked.applies(b) and not unchecked.applies(
        spec_of(write(tmp_path, scaled=SCALED) / "scaled.py"))
    assert unchecked.key != checked.key and not unchecked.peer


def test_wrong_reference_is_a_mismatch(tmp_path: Path, capsys) -> None:
    write(tmp_path, arrsum=WRONG_REFERENCE)
    rc = bench.run_suite(tmp_path, [CPython(), CPythonReference()], quick=True, repeat=1)
    out = capsys.readouterr().out
    assert rc == 1
    assert rows(out)["arrsum(200) [numpy.sum]"][1] == "MISMATCH"
    assert "!!! MISMATCH: reference on arrsum returned" in out and "relative 1e-09" in out


def test_pypy_skips_a_benchmark_whose_imports_it_lacks(tmp_path: Path, capsys) -> None:
    """This interpreter stands in for pypy3: it lacks the module, so no subprocess run."""
    write(tmp_path, needs_missing=NEEDS_MISSING, scaled=SCALED)
    pypy = PyPy(sys.executable)
    rc = bench.run_suite(tmp_path, [CPython(), pypy], quick=True, repeat=1)
    out = capsys.readouterr().out
    assert rc == 0, out
    assert rows(out)["needs_missing(1)"][4] == "-"
    assert rows(out)["scaled(100)"][4].endswith("s")            # numpy is importable here
    assert ("PyPy on needs_missing: not run (no_such_module_for_lesto_tests cannot be "
            "imported by PyPy)") in out


def test_numba_runs_the_setup_arguments(tmp_path: Path, capsys) -> None:
    pytest.importorskip("numba")
    write(tmp_path, arrsum=ARRSUM)
    rc = bench.run_suite(tmp_path, [CPython(), Numba()], quick=True, repeat=1)
    out = capsys.readouterr().out
    assert rc == 0, out
    assert rows(out)["arrsum(200)"][3].endswith("s")


# ------------------------------------------------------------------ the bundled ones
@pytest.mark.parametrize("name", NUMPY_BENCHMARKS)
def test_bundled_numpy_benchmark_is_deterministic_and_pure(name: str) -> None:
    """Setup is repeatable, the entry gives the same answer twice and leaves its inputs as
    they were, and the reference (if any) agrees within its tolerance: all under CPython
    at the quick size."""
    found, _ = bench.discover(bench.DEFAULT_DIR)
    b = next(x for x in found if x.name == name)
    assert b.setup and b.imports and "numpy" in b.imports
    assert b.target is not None
    args, again = arguments(b, b.quick_args), arguments(b, b.quick_args)
    assert bench.same_result(args, again)
    module = harness.load_module(b.path, f"_test_bench_arrays_{name}")
    fn = getattr(module, b.entry)
    first = fn(*args)
    assert bench.same_result(args, again), "the benchmark wrote into its inputs"
    assert bench.same_result(first, fn(*args))
    if b.reference is not None:
        reference = getattr(module, b.reference.entry)(*args)
        assert bench.same_result(first, reference, CPythonReference.tolerance)


def test_nbody_energies_match_the_benchmarks_game() -> None:
    module = harness.load_module(bench.DEFAULT_DIR / "nbody_np.py", "_test_bench_nbody_np")
    e0, e1 = module.nbody(*module.make_system(1000))
    assert (f"{e0:.9f}", f"{e1:.9f}") == ("-0.169075164", "-0.169087605")
