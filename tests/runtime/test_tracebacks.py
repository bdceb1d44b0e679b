"""Issue 15: an exception through jitted functions has CPython's traceback frames (file, line,
function), with no frame of lesto's: through two and three jitted calls, compiled (a deopt
re-runs the call in the interpreter) and on the fallback path (Fraction arguments)."""
from __future__ import annotations

import importlib.util
import sys
import traceback
import warnings
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import lesto

SOURCE = """\
{jit_line}


@jit
def inner(x):
    return 10 // x


@jit
def middle(x):
    return inner(x) + x


@jit
def outer(x):
    return middle(x) * 2


def two(x):
    return middle(x)


def three(x):
    return outer(x)
"""


def load(tmp_path: Path, name: str, jit_line: str) -> Any:
    path = tmp_path / f"{name}.py"
    path.write_text(SOURCE.format(jit_line=jit_line))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _double(x):
    return 2 * x


def frames(fn: Any, x: Any) -> list[tuple[str, int, str]]:
    with pytest.raises(Exception) as info:
        fn(x)
    return [(Path(f.filename).stem, f.lineno, f.name)
            for f in traceback.extract_tb(info.value.__traceback__)]


@pytest.mark.parametrize("good, bad", [(1, 0), (Fraction(1), Fraction(0))],
                         ids=["compiled", "fallback"])
@pytest.mark.parametrize("entry", ["two", "three"])
@pytest.mark.parametrize("warm", [True, False], ids=["warm", "cold"])
def test_traceback_frames_are_cpythons(tmp_path: Path, good: Any, bad: Any, entry: str,
                                       warm: bool) -> None:
    mod_jit = f"tb_jit_{entry}_{warm}_{type(good).__name__}"
    mod_plain = f"tb_plain_{entry}_{warm}_{type(good).__name__}"
    jitted = load(tmp_path, mod_jit, "import lesto; jit = lesto.jit")
    plain = load(tmp_path, mod_plain, "jit = lambda f: f      # plain Python")
    try:
        lesto.jit(_double)(1)    # a first compile in the process loads the native helpers
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", lesto.NotCompiledWarning)
            if warm:
                for _ in range(2):
                    getattr(jitted, entry)(good)
            want = frames(getattr(plain, entry), bad)
            for _ in range(3):
                got = frames(getattr(jitted, entry), bad)
                assert got == [(mod_jit if stem == mod_plain else stem, line, name)
                               for stem, line, name in want]
    finally:
        sys.modules.pop(mod_jit, None)
        sys.modules.pop(mod_plain, None)


def test_a_new_dispatcher_has_no_table_yet_and_its_first_call_is_native() -> None:
    import ctypes

    from lesto.backend.dispatch_ir import VECTORCALL_OFFSET
    from lesto.backend.forward_ir import FIRST
    from lesto.runtime.native_dispatch import forward_address

    lesto.jit(_double)(1)

    def fails(x):
        return 1 // x

    f = lesto.jit(fails)
    assert f._table is None
    assert ctypes.c_void_p.from_address(id(f) + VECTORCALL_OFFSET).value == \
        forward_address(FIRST)
    with pytest.raises(ZeroDivisionError) as info:
        f(0)
    names = [frame.name for frame in traceback.extract_tb(info.value.__traceback__)]
    assert names == ["test_a_new_dispatcher_has_no_table_yet_and_its_first_call_is_native",
                     "fails"]
