"""benchmarks/ordinary/: programs written the way students and scientists write them (not
tuned for lesto), run through `lesto bench --section objects --dir benchmarks/ordinary`.
Each is well formed, deterministic and checked; lesto with objects=True gives CPython's
result; and every jitted function compiles with strict=True, or the test is a strict xfail
naming the construct that still holds it back (a fix makes it pass and must remove the mark).
No timing assertions: the speed is in the bench section."""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from lesto.cli import bench, bench_objects, harness

DIRECTORY = Path(bench_objects.OBJECTS_DIR).parent / "ordinary"
PROGRAMS, PROBLEMS = bench_objects.discover(DIRECTORY)
BY_NAME = {p.bench.name: p for p in PROGRAMS}
NAMES = sorted(BY_NAME)

# What stops a program compiling strict, as `lesto bench` reports it (lesto's "Not yet").
STRICT_GAPS: dict[str, str] = {}


def load(program: bench_objects.Program, tag: str):
    return harness.load_module(program.bench.path, f"_test_ordinary_{tag}_{program.bench.path.stem}")


def call(program: bench_objects.Program, module, args):
    return getattr(module, program.bench.entry)(*harness.setup_args(module, program.bench.setup,
                                                                     args))


def test_the_programs_are_found() -> None:
    assert not PROBLEMS
    assert len(NAMES) >= 10
    assert set(STRICT_GAPS) <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_deterministic_checked_and_the_check_can_fail(name: str) -> None:
    program = BY_NAME[name]
    module = load(program, "cpy")
    first = call(program, module, program.test_args)
    assert first == call(program, load(program, "cpy2"), program.test_args)
    getattr(module, program.check)(first, *program.test_args)
    with pytest.raises(AssertionError):
        getattr(module, program.check)((first[0] + 1,) + tuple(first[1:]), *program.test_args)


@pytest.mark.parametrize("name", NAMES)
def test_lesto_with_objects_gives_cpythons_result(name: str) -> None:
    program = BY_NAME[name]
    expected = call(program, load(program, "ref"), program.test_args)
    module = load(program, "lesto")
    bench_objects.jit_program(module, program, objects=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = call(program, module, program.test_args)
    assert bench.same_result(expected, got), (expected, got)


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=STRICT_GAPS[n]))
    if n in STRICT_GAPS else n for n in NAMES])
def test_every_function_compiles_strict(name: str, monkeypatch) -> None:
    monkeypatch.setenv("LESTO_OBJECTS", "1")
    short, full = bench_objects.strict_run(BY_NAME[name])
    assert short == bench_objects.STRICT_OK, full


@pytest.mark.parametrize("name", sorted(STRICT_GAPS))
def test_the_gap_is_the_one_named(name: str, monkeypatch) -> None:
    monkeypatch.setenv("LESTO_OBJECTS", "1")
    _, full = bench_objects.strict_run(BY_NAME[name])
    assert STRICT_GAPS[name] in full, full
