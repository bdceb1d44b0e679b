"""`import lesto` stays light: no LLVM, no numpy until they are needed."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_import_loads_neither_llvm_nor_numpy() -> None:
    code = ("import sys, lesto\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('llvmlite', 'numpy', 'numba')))")
    assert run(code) == "[]"


def test_decorating_loads_no_compiler_until_the_first_call() -> None:
    code = ("import sys, lesto\n"
            "f = lesto.jit(lambda x: x)\n"
            "print('llvmlite' in sys.modules, 'lesto.pipeline' in sys.modules)")
    assert run(code) == "False False"
