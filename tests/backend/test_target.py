"""Code generation stays target-neutral: every module lesto builds also compiles for AArch64."""
from __future__ import annotations

import math

import pytest

from lesto import pipeline
from lesto.backend.codegen import emit_assembly, emit_object
from lesto.backend.target import AARCH64
from lesto.types.core import BOOL, FLOAT, INT, Tuple


def mixed(a, b):
    x = 0
    for i in range(a):
        x += b
    return x, max(a, b), a // 3, a % 7, math.sqrt(abs(b)), round(b), divmod(a, 5)


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def tuples(t, i):
    a, b = t
    return t[i], (b, a) < (a, b), len(t)


CASES = [(mixed, (INT, FLOAT)), (fib, (INT,)), (tuples, (Tuple((INT, INT)), INT)),
         (mixed, (BOOL, INT))]


@pytest.mark.parametrize("func,sig", CASES, ids=lambda x: getattr(x, "__name__", str(x)))
def test_compiles_for_aarch64(func, sig) -> None:
    compiled = pipeline.compile(func, sig)
    obj = emit_object(compiled.llvm_ir, AARCH64)
    assert obj[:4] == b"\x7fELF" and obj[18] == 183  # e_machine = EM_AARCH64
    asm = emit_assembly(compiled.llvm_ir, AARCH64)
    assert "ret" in asm and compiled.entry_symbol in asm
