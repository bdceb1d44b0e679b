"""Random expressions, compiled and interpreted: value, exact type, and exception must agree.

Each test writes one generated function to a real .py file (lesto reads source with inspect)
and calls it on edge values (ints at +-2**63, -0.0, nan, inf, bools).  Seeds are fixed, so a
failure reproduces; LESTO_FUZZ_PROGRAMS raises the count for a longer local run."""
from __future__ import annotations

import importlib.util
import math
import os
import random
import warnings
from pathlib import Path
from typing import Any

import pytest

import lesto
from tests.support.differential import precise_equal

OPS = ["+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^"]
CMPS = ["<", "<=", "==", "!=", ">", ">="]
LEAVES = ["0", "1", "-1", "2", "7", "2**62", "-2**63", "2**31", "0.0", "-0.0", "0.5", "-1.5",
          "1e308", "math.inf", "math.nan", "True", "False"]
CALLS1 = ["abs", "int", "float", "round", "math.floor", "math.sqrt", "bool"]
CALLS2 = ["max", "min", "divmod"]
VALUES = [0, 1, -1, 3, -7, 2**62, 2**63 - 1, -(2**63), 0.0, -0.0, 0.5, -2.5, 1e300, math.inf,
          math.nan, True, False]
PROGRAMS = int(os.environ.get("LESTO_FUZZ_PROGRAMS", "60"))


def expression(depth: int, r: random.Random) -> str:
    if depth == 0 or r.random() < 0.25:
        return r.choice(["a", "b", "c"]) if r.random() < 0.5 else r.choice(LEAVES)
    k = r.random()
    sub = lambda: expression(depth - 1, r)  # noqa: E731
    if k < 0.5:
        op = r.choice(OPS)
        right = r.choice(["2", "3", "0", "1", "-1"]) if op in ("**", "<<") else sub()
        return f"({sub()} {op} {right})"
    if k < 0.6:
        return f"(-{sub()})"
    if k < 0.66:
        return f"(not {sub()})"
    if k < 0.76:
        return f"({sub()} {r.choice(CMPS)} {sub()} {r.choice(CMPS)} {sub()})"
    if k < 0.84:
        return f"({sub()} {r.choice(['and', 'or'])} {sub()})"
    if k < 0.9:
        return f"({sub()} if {sub()} else {sub()})"
    if k < 0.95:
        return f"{r.choice(CALLS2)}({sub()}, {sub()})"
    return f"{r.choice(CALLS1)}({sub()})"


def outcome(fn: Any, args: tuple) -> tuple:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ("ok", fn(*args))
    except Exception as e:  # noqa: BLE001 - the exception is the outcome being compared
        return ("raised", type(e), str(e))


def loop_program(r: random.Random) -> str:
    """A loop whose variables may change type (unions), with break/continue and loop-else."""
    e = lambda d=2: expression(d, r)  # noqa: E731
    return (f"def f(a, b, c):\n"
            f"    x = {e()}\n"
            f"    for i in range(int(abs({e(1)})) % 6):\n"
            f"        if {e()}:\n"
            f"            x = {e()} + i\n"
            f"        elif {e(1)}:\n"
            f"            continue\n"
            f"        else:\n"
            f"            x {r.choice(['+', '-', '*'])}= {e()}\n"
            f"        if x == {r.choice(LEAVES)}:\n"
            f"            break\n"
            f"    else:\n"
            f"        x = x if {e(1)} else i\n"
            f"    return x\n")


@pytest.mark.parametrize("seed", range(PROGRAMS))
def test_random_expression(seed: int, tmp_path: Path) -> None:
    r = random.Random(seed)
    body = expression(3, r)
    check_program(seed, f"def f(a, b, c):\n    return {body}\n", r, tmp_path)


@pytest.mark.parametrize("seed", range(PROGRAMS))
def test_random_loop(seed: int, tmp_path: Path) -> None:
    r = random.Random(10_000 + seed)
    check_program(10_000 + seed, loop_program(r), r, tmp_path)


def check_program(seed: int, source: str, r: random.Random, tmp_path: Path) -> None:
    body = source
    path = tmp_path / f"fuzz_{seed}.py"
    path.write_text(f"import math\n\n\n{source}")
    spec = importlib.util.spec_from_file_location(f"fuzz_{seed}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    compiled = lesto.jit(module.f)
    for _ in range(8):
        args = tuple(r.choice(VALUES) for _ in range(3))
        expected = outcome(module.f, args)
        got = outcome(compiled, args)
        where = f"f{args} with f = {body}"
        assert expected[0] == got[0], f"{where}: CPython {expected}, lesto {got}"
        if expected[0] == "raised":
            assert expected[1:] == got[1:], f"{where}: CPython {expected}, lesto {got}"
        else:
            assert precise_equal(expected[1], got[1]), f"{where}: CPython {expected}, lesto {got}"
