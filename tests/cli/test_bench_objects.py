"""The object-heavy programs of benchmarks/objects/ and `lesto bench --section objects`:
every program is well formed, deterministic, passes its own check, and gives CPython's
result through lesto (non-strict) at tiny sizes; the section's table renders with its
strict=True column and geometric mean, on the bundled programs and on small fake ones.
No timing assertions."""
from __future__ import annotations

import ast
import dataclasses
import io
import json
import warnings
from argparse import Namespace
from pathlib import Path

import pytest

from lesto.cli import bench, bench_objects, harness
from lesto.cli.bench_impls import CPython, Policy
from lesto.cli.bench_objects_table import render
from lesto.cli.main import main

PROGRAMS, PROBLEMS = bench_objects.discover(bench_objects.OBJECTS_DIR)
BY_NAME = {p.bench.name: p for p in PROGRAMS}
EXPECTED = {"richards", "wordfreq", "calc", "bfs", "nqueens", "fannkuch", "sieve",
            "nbody_list"}


def load(program: bench_objects.Program, tag: str):
    return harness.load_module(program.bench.path, f"_test_objects_{tag}_{program.bench.path.stem}")


def call(program: bench_objects.Program, module, args):
    call_args = harness.setup_args(module, program.bench.setup, args)
    return getattr(module, program.bench.entry)(*call_args)


def test_every_program_is_found_and_well_formed() -> None:
    assert not PROBLEMS
    assert set(BY_NAME) == EXPECTED
    for program in PROGRAMS:
        source = program.bench.path.read_text()
        tree = ast.parse(source, feature_version=(3, 9))      # PyPy runs them too
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import)
                    for a in n.names}
        imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not any(m and m.split(".")[0] == "lesto" for m in imported), program.bench.path
        assert ast.get_docstring(tree), program.bench.path
        assert program.check and program.test_args, program.bench.name


def test_the_programs_stay_out_of_the_programs_section() -> None:
    found, _ = bench.discover(bench.DEFAULT_DIR)
    assert not {b.name for b in found} & EXPECTED


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_deterministic_and_checked(name: str) -> None:
    program = BY_NAME[name]
    module = load(program, "cpy")
    first = call(program, module, program.test_args)
    again = call(program, load(program, "cpy2"), program.test_args)
    assert first == again
    getattr(module, program.check)(first, *program.test_args)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_rejects_a_wrong_result(name: str) -> None:
    program = BY_NAME[name]
    module = load(program, "wrong")
    result = call(program, module, program.test_args)
    wrong = (result[0] + 1,) + tuple(result[1:])
    with pytest.raises(AssertionError):
        getattr(module, program.check)(wrong, *program.test_args)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lesto_gives_cpythons_result(name: str) -> None:
    """Every jitted function wrapped (non-strict): compiled or run in the interpreter, the
    result is CPython's, exactly."""
    program = BY_NAME[name]
    expected = call(program, load(program, "ref"), program.test_args)
    module = load(program, "lesto")
    dispatchers = bench_objects.jit_program(module, program)
    assert program.bench.entry in dispatchers
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = call(program, module, program.test_args)
        got_again = call(program, module, program.test_args)
    assert bench.same_result(expected, got), (expected, got)
    assert bench.same_result(expected, got_again)


def test_jit_names_methods_and_whole_classes() -> None:
    program = BY_NAME["richards"]
    module = load(program, "jitnames")
    dispatchers = bench_objects.jit_program(module, program)
    assert {"richards", "run_once", "Packet.__init__", "Packet.append_to",
            "Scheduler.schedule", "HandlerTask.run"} <= set(dispatchers)
    assert vars(module.Scheduler)["schedule"] is dispatchers["Scheduler.schedule"]
    assert module.run_once is dispatchers["run_once"]


FAKE = '''
"""A fake object program."""


class Counter:
    def __init__(self):
        self.n = 0

    def bump(self, k):
        self.n += k


def total(n):
    c = Counter()
    for i in range(n):
        c.bump(i)
    return c.n


def add(n):
    s = 0
    for i in range(n):
        s += i
    return s


def check(result, n):
    assert result == n * (n - 1) // 2


BENCHMARK = {"name": NAME, "entry": ENTRY, "args": (300,), "quick_args": (200,),
             "test_args": (10,), "check": "check", "jit": JIT,
             "description": "fake"}
'''


def write_fake(directory: Path, name: str, entry: str, jit: list[str],
               body: str = FAKE) -> None:
    text = body.replace("NAME", repr(name)).replace("ENTRY", repr(entry))
    (directory / f"{name}.py").write_text(text.replace("JIT", repr(jit)))


def section(directory: Path, **extra) -> tuple[int, str, dict]:
    args = Namespace(dir=directory, only=[], list=False, quick=True, repeat=1,
                     verbose=False, no_numba=True, no_pypy=True, pypy=None, **extra)
    out, err, report = io.StringIO(), io.StringIO(), {}
    status = bench_objects.run_section(args, report, out=out, err=err)
    return status, out.getvalue(), report


def test_section_table_renders_with_strict_column(tmp_path: Path) -> None:
    write_fake(tmp_path, "counter", "total", ["Counter.*"])
    write_fake(tmp_path, "adder", "add", [])
    status, text, report = section(tmp_path)
    assert status == 0, text
    for heading in ("program", "CPython", "lesto", "lesto vs CPython", "PyPy vs CPython",
                    "check", "strict=True"):
        assert heading in text
    lines = {line.split("|")[1].strip(): line for line in text.splitlines()
             if line.startswith("| ") and "(" in line.split("|")[1]}
    assert "strict ok" in lines["adder(200)"]          # an int loop compiles on main
    assert "ok" in lines["counter(200)"].split("|")[-3]
    assert "Geometric mean of lesto vs CPython over 2 object programs" in text
    programs = {p["name"]: p for p in report["objects"]["programs"]}
    assert programs["adder"]["strict"] == "strict ok"
    assert report["objects"]["geomean_lesto_vs_cpython"] > 0


def test_strict_column_names_the_refusal(tmp_path: Path) -> None:
    """A nested `async def` (which the issue lets stay interpreted) is refused: the column
    names the file, line and code, the note has the whole message."""
    body = FAKE.replace("    s = 0\n", "    s = 0\n\n    async def later():\n        return 1\n\n")
    write_fake(tmp_path, "refused", "add", [], body)
    program = bench_objects.discover(tmp_path)[0][0]
    short, full = bench_objects.strict_run(program)
    assert short.startswith("refused.py:"), short
    assert "refused.py:" in full and "async" in full
    status, text, _ = section(tmp_path)
    assert status == 0
    assert "strict=True on refused: " in text and "in 0 of 1 programs" in text


def test_strict_column_flags_calls_that_ran_in_the_interpreter(tmp_path: Path) -> None:
    """A dispatcher that re-ran calls in the interpreter fails the strict column even
    though strict=True raised nothing."""
    write_fake(tmp_path, "counter", "total", ["Counter.*"])
    program = bench_objects.discover(tmp_path)[0][0]
    module = harness.load_module(program.bench.path, "_test_objects_interp")
    dispatchers = bench_objects.jit_program(module, program, strict=True)
    for d in dispatchers.values():
        d.deopt_count = 0
    dispatchers["Counter.bump"].deopt_count = 3
    assert bench_objects.deoptimised(dispatchers) == [("Counter.bump", 3)]


def test_wrong_result_and_failed_check_set_the_status(tmp_path: Path) -> None:
    body = FAKE.replace("assert result == n * (n - 1) // 2", "assert result == -1")
    write_fake(tmp_path, "badcheck", "add", [], body)
    status, text, report = section(tmp_path)
    assert status == 1
    assert "check on badcheck: FAIL" in text
    assert report["objects"]["programs"][0]["check"].startswith("FAIL")


def test_geometric_mean() -> None:
    assert bench_objects.geometric_mean([]) is None
    assert bench_objects.geometric_mean([2.0, 8.0]) == pytest.approx(4.0)


def test_cli_section_objects_list_and_json(tmp_path: Path, capsys) -> None:
    assert main(["bench", "--section", "objects", "--list"]) == 0
    listed = capsys.readouterr().out
    assert all(name in listed for name in EXPECTED)
    write_fake(tmp_path, "adder", "add", [])
    out = tmp_path / "r.json"
    status = main(["bench", "--section", "objects", "--dir", str(tmp_path), "--quick",
                   "--repeat", "1", "--no-numba", "--no-pypy", "--json", str(out)])
    assert status == 0
    data = json.loads(out.read_text())
    assert data["objects"]["programs"][0]["name"] == "adder"
    assert "latency" not in data and "benchmarks" not in data
    assert main(["bench", "--section", "objects", "--dir", str(tmp_path),
                 "--only", "nosuch"]) == 2


def test_bundled_table_renders_from_cpython_alone() -> None:
    """The bundled programs at their test sizes, CPython only: the table still renders,
    every check passes, lesto's columns say n/a / -."""
    programs = [dataclasses.replace(BY_NAME[n], bench=dataclasses.replace(
        BY_NAME[n].bench, quick_args=BY_NAME[n].test_args)) for n in ("sieve", "calc")]
    rows = bench_objects.run_programs(programs, [CPython()], Policy(1, 1, 0.0), True, False,
                                      io.StringIO())
    assert [r.check for r in rows] == ["ok", "ok"]
    text = render(rows, True, {"cpython": "CPython"})
    assert "sieve(500)" in text and "calc(50, 3)" in text
    assert text.count("\n| ") >= 3
    assert "Geometric mean of lesto" not in text      # lesto did not run


SUMSQ = '''
def sum_squares(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


BENCHMARK = {"name": "sumsq", "entry": "sum_squares", "args": (300,), "quick_args": (200,)}
'''


def test_cli_section_all_runs_programs_objects_and_latency(tmp_path: Path, monkeypatch,
                                                            capsys) -> None:
    from lesto.cli import bench_latency

    objects, programs = tmp_path / "objects", tmp_path / "programs"
    objects.mkdir()
    programs.mkdir()
    write_fake(objects, "adder", "add", [])
    (programs / "sumsq.py").write_text(SUMSQ)
    monkeypatch.setattr(bench_objects, "OBJECTS_DIR", objects)
    monkeypatch.setattr(bench_latency, "run_section", lambda **kw: {"stub": True})
    out = tmp_path / "all.json"
    assert main(["bench", "--section", "all", "--quick", "--repeat", "1", "--dir",
                 str(programs), "--no-numba", "--no-pypy", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert text.index("sumsq(200)") < text.index("adder(200)")
    data = json.loads(out.read_text())
    assert [b["name"] for b in data["benchmarks"]] == ["sumsq"]
    assert [p["name"] for p in data["objects"]["programs"]] == ["adder"]
    assert data["latency"] == {"stub": True}


def test_interleave_alternates_the_calls() -> None:
    order: list[str] = []
    times = harness.interleave([(order.append, ("a",)), (order.append, ("b",))], 3)
    assert order == ["a", "b"] * 3
    assert [len(t) for t in times] == [3, 3] and all(x >= 0 for t in times for x in t)


def test_interleaved_replaces_both_medians() -> None:
    from lesto.cli.bench_impls import Outcome

    class Fake:
        def __init__(self, key: str, fn) -> None:
            self.key, self.last_call = key, (fn, ())

    calls: list[str] = []
    impls = [Fake("cpython", lambda: calls.append("c")), Fake("lesto", lambda: calls.append("l"))]
    row = bench_objects.Row(None)  # type: ignore[arg-type]
    row.outcomes = {"cpython": Outcome("ok", 0.1, 5.0), "lesto": Outcome("ok", 0.1, 5.0)}
    bench_objects.interleaved(impls, row, Policy(5, 1, 0.2))  # type: ignore[arg-type]
    assert calls[:4] == ["c", "l", "c", "l"] and len(calls) == 2 * harness.MIN_PAIRS
    assert row.outcomes["lesto"].median < 1.0 and len(row.outcomes["cpython"].times) == 7
    row.outcomes["lesto"] = Outcome("n/a")
    calls.clear()
    bench_objects.interleaved(impls, row, Policy(5, 1, 0.2))  # type: ignore[arg-type]
    assert calls == []   # a failed implementation: nothing re-timed
