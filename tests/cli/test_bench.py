"""`python -m lesto bench`, run in-process on tiny benchmark files written to tmp_path: the
table names every benchmark, a wrong or failing implementation is flagged, the PyPy and
Numba paths work, and the bundled benchmarks are well formed.  No timing assertions."""
from __future__ import annotations

import ast
import json
import sys
import textwrap
from pathlib import Path

import pytest

from lesto.cli import bench, harness
from lesto.cli.bench_impls import CPython, Impl
from lesto.cli.main import main

SUMSQ = '''
def square(x):
    return x * x


def sum_squares(n):
    total = 0
    for i in range(n):
        total += square(i)
    return total


BENCHMARK = {"name": "sumsq", "entry": "sum_squares", "args": (3000,),
             "quick_args": (2000,), "description": "int loop with a helper"}
'''

LEIBNIZ = '''
def term(k):
    return 1.0 / (2 * k + 1)


def leibniz(n):
    s = 0.0
    sign = 1.0
    for k in range(n):
        s += sign * term(k)
        sign = -sign
    return (4.0 * s, n)


BENCHMARK = {"name": "leibniz", "entry": "leibniz", "args": (5000,), "quick_args": (4000,),
             "description": "float series, tuple result"}
'''


@pytest.fixture
def bench_dir(tmp_path: Path) -> Path:
    (tmp_path / "sumsq.py").write_text(SUMSQ)
    (tmp_path / "leibniz.py").write_text(LEIBNIZ)
    (tmp_path / "_helper.py").write_text("X = 1\n")                  # skipped: leading _
    (tmp_path / "notes.py").write_text('"""no BENCHMARK here"""\n')  # skipped: no dict
    return tmp_path


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    rc = main(["bench", "--quick", "--repeat", "2", *argv])
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def table_lines(out: str) -> dict[str, list[str]]:
    """Table rows by benchmark name -> cells."""
    rows = {}
    for line in out.splitlines():
        if line.startswith("| ") and "(" in line:
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0].split("(")[0]] = cells
    return rows


def test_table_names_every_benchmark(bench_dir: Path, tmp_path: Path, capsys) -> None:
    report = tmp_path / "out.json"
    rc, out, _ = run_cli(capsys, "--dir", str(bench_dir), "--no-numba", "--no-pypy",
                         "--json", str(report))
    assert rc == 0, out
    rows = table_lines(out)
    assert set(rows) == {"sumsq", "leibniz"}
    assert "sumsq(2000)" in out and "leibniz(4000)" in out
    assert rows["sumsq"][1].endswith("s")        # a CPython time
    assert rows["sumsq"][3] == "-"                # Numba not run
    assert "MISMATCH" not in out
    data = json.loads(report.read_text())
    assert data["mode"] == "quick"
    names = [b["name"] for b in data["benchmarks"]]
    assert sorted(names) == ["leibniz", "sumsq"]
    cpython = data["benchmarks"][names.index("sumsq")]["results"]["cpython"]
    assert cpython["status"] == "ok"
    assert cpython["result"] == repr(sum(i * i for i in range(2000)))
    assert 1 <= len(cpython["times_s"]) <= 2
    assert cpython["first_calls_s"] == []         # the interpreter compiles nothing


def test_lesto_compiles_the_fake_benchmarks(bench_dir: Path, tmp_path: Path, capsys) -> None:
    """Needs a working compiler: lesto must run both benchmarks natively and agree."""
    report = tmp_path / "out.json"
    rc, out, _ = run_cli(capsys, "--dir", str(bench_dir), "--no-numba", "--no-pypy",
                         "--json", str(report))
    assert rc == 0, out
    for entry in json.loads(report.read_text())["benchmarks"]:
        lesto = entry["results"]["lesto"]
        assert lesto["status"] == "ok", (entry["name"], lesto["error"])
        assert not lesto["interpreted"], (entry["name"], lesto["notes"])
        assert lesto["result"] == entry["results"]["cpython"]["result"]
        firsts = lesto["first_calls_s"]               # each of a fresh compile
        assert len(firsts) == 3 and lesto["first_call_s"] == sorted(firsts)[1]


class OffByOne(CPython):
    """An implementation that gets every answer wrong."""

    column = "lesto"
    key = "lesto"

    def prepare(self, b):
        fn = super().prepare(b)
        return lambda *args: fn(*args) + 1


class Broken(Impl):
    column = "Numba"
    key = "numba"

    def prepare(self, b):
        raise RuntimeError("this implementation cannot compile anything")


def test_mismatch_is_flagged(bench_dir: Path, capsys) -> None:
    rc = bench.run_suite(bench_dir, [CPython(), OffByOne()], quick=True, only=["sumsq"],
                         repeat=2)
    out = capsys.readouterr().out
    assert rc == 1
    assert table_lines(out)["sumsq"][2] == "MISMATCH"
    assert "!!! MISMATCH: lesto on sumsq returned" in out
    assert "leibniz" not in out                   # --only


def test_failing_implementation_is_na(bench_dir: Path, capsys) -> None:
    rc = bench.run_suite(bench_dir, [CPython(), Broken()], quick=True, only=["sumsq"],
                         repeat=1)
    out = capsys.readouterr().out
    assert rc == 0
    assert table_lines(out)["sumsq"][3] == "n/a"
    assert "cannot compile anything" in out


def test_pypy_path_with_this_python_standing_in(bench_dir: Path, capsys) -> None:
    """The subprocess harness, run by this interpreter instead of pypy3."""
    rc, out, _ = run_cli(capsys, "--dir", str(bench_dir), "--only", "leibniz", "--no-numba",
                         "--pypy", sys.executable)
    assert rc == 0, out
    pypy_cell = table_lines(out)["leibniz"][4]
    assert pypy_cell.endswith("s"), out


def test_numba_path(bench_dir: Path, capsys) -> None:
    pytest.importorskip("numba")
    rc, out, _ = run_cli(capsys, "--dir", str(bench_dir), "--only", "sumsq", "--no-pypy")
    assert rc == 0, out
    cells = table_lines(out)["sumsq"]
    assert cells[3].endswith("s") and cells[6].endswith("s"), out


def test_unknown_benchmark_name_is_a_usage_error(bench_dir: Path, capsys) -> None:
    rc, _, err = run_cli(capsys, "--dir", str(bench_dir), "--only", "nosuch")
    assert rc == 2 and "nosuch" in err


def test_same_result_is_exact() -> None:
    assert bench.same_result((1, 2.5), [1, 2.5])
    assert bench.same_result(float("nan"), float("nan"))
    assert not bench.same_result(1, 1.0)
    assert not bench.same_result(True, 1)
    assert not bench.same_result(0.1 + 0.2, 0.3)
    assert not bench.same_result((1, 2), (1, 2, 3))


def test_harness_round_trips_results() -> None:
    value = (1, 2.5, True, None, float("inf"), (3, -0.0))
    assert harness.decode(json.loads(json.dumps(harness.encode(value)))) == value


def test_bundled_benchmarks_are_well_formed() -> None:
    """Every bundled benchmark: a BENCHMARK dict, no lesto import, Python 3.9 syntax (PyPy)."""
    found, problems = bench.discover(bench.DEFAULT_DIR)
    assert not problems
    assert {b.name for b in found} >= {"fib", "mandelbrot", "spectral_norm", "collatz",
                                       "float_loop"}
    for b in found:
        source = b.path.read_text()
        tree = ast.parse(source, feature_version=(3, 9))
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not any(m and m.split(".")[0] == "lesto" for m in imported), b.path
        module = harness.load_module(b.path, f"_test_bench_{b.path.stem}")
        assert callable(getattr(module, b.entry))
        assert ast.get_docstring(tree), b.path
    ast.parse(Path(harness.__file__).read_text(), feature_version=(3, 9))


def test_harness_script_reports_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text(textwrap.dedent('''
        def f(n):
            return 1 // n
    '''))
    report = harness.run_spec({"file": str(tmp_path / "bad.py"), "entry": "f", "args": [0]})
    assert report["error"].startswith("ZeroDivisionError")


def test_lesto_and_numba_are_retimed_interleaved() -> None:
    """After each ran alone, lesto's and Numba's calls alternate, and their medians come from
    those calls; CPython (slow, and the reference) keeps its own timing."""
    from lesto.cli.bench_impls import Outcome, Policy

    calls: list[str] = []

    class Fake(Impl):
        def __init__(self, key: str) -> None:
            self.key = key
            self.last_call = (lambda: calls.append(key), ())

    impls = [Fake("cpython"), Fake("lesto"), Fake("numba")]
    row = {k: Outcome("ok", 0.0, 5.0, [5.0], None, None) for k in ("cpython", "lesto", "numba")}
    bench.retime_interleaved(impls, row, Policy(max_runs=3, min_runs=1, target=0.0))
    assert calls[:4] == ["lesto", "numba", "lesto", "numba"]
    assert len(calls) == 2 * harness.MIN_PAIRS and "cpython" not in calls
    assert row["lesto"].median < 1.0 and row["numba"].median < 1.0
    assert row["cpython"].median == 5.0
    row["numba"] = Outcome("n/a", error="failed")   # one peer failed: nothing to pair
    calls.clear()
    bench.retime_interleaved(impls, row, Policy(max_runs=3, min_runs=1, target=0.0))
    assert calls == []
