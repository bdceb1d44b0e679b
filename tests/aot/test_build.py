"""x86 round trip of `lesto build`: build a module ahead of time for this machine, import it in
a fresh interpreter where lesto and llvmlite cannot be imported, and compare every call with
CPython running the module's source (value, exact type, exception type and message)."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lesto.aot.build import BuildError, build
from lesto.aot.signatures import SignatureError, parse_signature

MODULE = '''
import math
import numpy as np
import lesto


@lesto.jit
def add(a: int, b: int):
    """Add two ints."""
    return a + b


@lesto.jit(signatures=["(float, int)", "(int, int)"])
def powsum(x, n=3):
    s = 0.0
    for i in range(n):
        s += x ** i
    return s


@lesto.jit(signatures=["(float64[:], int)", "(int32[:, :], int)"])
def get(a, i):
    return a[i]


@lesto.jit(signatures=["(float64[:],)"])
def scaled(a):
    b = a * 2.0 + np.sqrt(a)
    a[0] = b.sum()
    return b


def helper(n):
    if n < 0:
        raise ValueError("negative")
    return n // 3


@lesto.jit(signatures=["(int,)"])
def calls(n):
    return helper(n) + math.factorial(5)


@lesto.jit(strict=True, signatures=["(int,)"])
def strict_square(n):
    return n * n


@lesto.jit(signatures=["(int, float)"])
def divide(a, b):
    return a / b, a // b, a % b


@lesto.jit(signatures=["(tuple[int, float], bool)"])
def pick(t, first):
    return t[0] if first else t[1]
'''

# (function, argument expression) pairs; the expressions are evaluated in the child process
CALLS = [
    ("add", "(2, 3)"), ("add", "(2**62, 2**62)"), ("add", "(-2**63, -1)"), ("add", "(2**70, 1)"),
    ("add", "(True, 2)"), ("add", "(1.5, 2)"),
    ("powsum", "(2.0, 10)"), ("powsum", "(2, 70)"), ("powsum", "(0.5,)"), ("powsum", "('a', 0)"),
    ("get", "(np.arange(5.0), 4)"), ("get", "(np.arange(5.0), 5)"), ("get", "(np.arange(5.0), -6)"),
    ("get", "(np.arange(10.0)[::2], 2)"), ("get", "(np.arange(6, dtype=np.int32).reshape(2, 3), 1)"),
    ("get", "(np.arange(6, dtype=np.int32).reshape(2, 3).T, 2)"),
    ("scaled", "(np.arange(4.0),)"), ("calls", "(10,)"), ("calls", "(-1,)"),
    ("strict_square", "(3,)"), ("strict_square", "(2**40,)"),
    ("divide", "(7, 2.0)"), ("divide", "(7, 0.0)"), ("divide", "(-7, 0.5)"),
    ("pick", "((1, 2.5), True)"), ("pick", "((1, 2.5), False)"),
]

CHILD = r'''
import importlib.abc, importlib.util, json, sys, types, warnings

class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("lesto", "llvmlite"):
            raise ImportError(f"{name} must not be imported here")
        return None

sys.meta_path.insert(0, Blocker())
import numpy as np

so, source, calls = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
spec = importlib.util.spec_from_file_location("aotmod", so)
aot = importlib.util.module_from_spec(spec)
spec.loader.exec_module(aot)

stub = types.ModuleType("lesto")
stub.jit = lambda fn=None, **kw: (lambda f: f) if fn is None else fn
sys.modules["lesto"] = stub
ref = types.ModuleType("ref")
exec(compile(open(source).read(), source, "exec"), ref.__dict__)
del sys.modules["lesto"]

def outcome(fn, args):
    try:
        v = fn(*args)
    except Exception as e:
        return ["raise", type(e).__name__, str(e)]
    if isinstance(v, np.ndarray):
        return ["array", str(v.dtype), v.tolist()]
    return ["value", type(v).__name__, repr(v)]

out = []
for name, expr in calls:
    a1, a2 = eval(expr, {"np": np}), eval(expr, {"np": np})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = outcome(getattr(aot, name), a1)
    want = outcome(getattr(ref, name), a2)
    args_same = repr(a1) == repr(a2)
    out.append([name, expr, want, got, args_same,
                [str(w.category.__name__) for w in caught]])
info = aot.__lesto__
assert info.signatures["pick"] == ["(tuple[int, float], bool)"] and info.python == "%d.%d" % sys.version_info[:2]
assert info.py_functions["add"](2, 3) == 5 and type(info.py_functions["add"]).__name__ == "function"
print(json.dumps({"calls": out, "builtin": type(aot.add).__name__,
                  "imported": sorted(m for m in sys.modules if m.startswith(("lesto", "llvmlite")))}))
'''


def require_linker() -> None:
    from lesto.aot.link import LinkError, find_linker, host_arch

    try:
        find_linker(host_arch())
    except LinkError:
        pytest.skip("no linker here: install a C compiler or pip install ziglang")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    require_linker()
    src_dir = tmp_path_factory.mktemp("aot_src")
    source = src_dir / "aotmod.py"
    source.write_text(MODULE)
    out = tmp_path_factory.mktemp("aot_out")
    result = build(source, out_dir=out, quiet=True)
    assert result.refused == []
    assert result.compiled["get"] == ["(array[float64, 1d, C], int)",
                                      "(array[float64, 1d, A], int)",
                                      "(array[int32, 2d, C], int)", "(array[int32, 2d, F], int)",
                                      "(array[int32, 2d, A], int)"]
    return result.path, source


def run_child(so: Path, source: Path, calls: list) -> dict:
    env = {"PATH": "/usr/bin:/bin", "PYTHONNOUSERSITE": "1"}
    proc = subprocess.run([sys.executable, "-c", CHILD, str(so), str(source), json.dumps(calls)],
                          capture_output=True, text=True, env=env, cwd=str(so.parent))
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_round_trip_matches_cpython(built: tuple[Path, Path]) -> None:
    so, source = built
    assert so.name == f"aotmod.cpython-{sys.version_info[0]}{sys.version_info[1]}-x86_64-linux-gnu.so" \
        or "aarch64" in so.name
    report = run_child(so, source, CALLS)
    assert report["imported"] == []
    assert report["builtin"] == "builtin_function_or_method"   # native, not a Python wrapper
    for name, expr, want, got, args_same, _ in report["calls"]:
        assert got == want, f"{name}{expr}: CPython {want}, built module {got}"
        assert args_same, f"{name}{expr}: arguments differ after the call"


def test_calls_outside_the_signatures_warn_or_raise(built: tuple[Path, Path]) -> None:
    so, source = built
    report = run_child(so, source, [("add", "(1.5, 2)"), ("add", "(2, 3)"), ("add", "(2**70, 1)"),
                                    ("strict_square", "(1.5,)")])
    warned = {expr: cats for _, expr, _, _, _, cats in report["calls"]}
    assert warned["(1.5, 2)"] == ["NotCompiledWarning"]
    assert warned["(2, 3)"] == []
    assert warned["(2**70, 1)"] == []          # a big int runs in the interpreter, silently
    strict = report["calls"][3][3]
    assert strict[0] == "raise" and strict[1] == "TypeError"
    assert "compiled ahead of time for (int,) only" in strict[2]


def test_keywords_and_defaults(built: tuple[Path, Path]) -> None:
    so, source = built
    report = run_child(so, source, [("powsum", "(2.0,)"), ("powsum", "()")])
    for name, expr, want, got, _, cats in report["calls"]:
        assert got == want
    code = ("import importlib.util, sys; spec = importlib.util.spec_from_file_location("
            f"'aotmod', {str(so)!r}); m = importlib.util.module_from_spec(spec); "
            "spec.loader.exec_module(m); import inspect; "
            "print(m.powsum(x=2.0, n=4), m.powsum(2.0, n=2), inspect.signature(m.powsum))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin"})
    assert proc.stdout.split() == ["15.0", "3.0", "(x,", "n=3)"], proc.stderr


def test_strict_function_that_cannot_compile_fails_the_build(tmp_path: Path) -> None:
    require_linker()
    source = tmp_path / "bad.py"
    source.write_text(textwrap.dedent('''
        import lesto

        @lesto.jit(strict=True, signatures=["(int,)"])
        def f(n):
            return [n]
    '''))
    with pytest.raises(BuildError, match=r"f\(int,\) \(strict\).*bad.py:6"):
        build(source, out_dir=tmp_path, quiet=True)


def test_unannotated_function_is_left_to_the_interpreter(tmp_path: Path) -> None:
    require_linker()
    source = tmp_path / "plain.py"
    source.write_text("import lesto\n\n@lesto.jit\ndef f(n):\n    return n + 1\n")
    result = build(source, out_dir=tmp_path, quiet=True)
    assert result.compiled == {"f": []}
    assert "no signatures" in result.refused[0]


def test_signature_spellings() -> None:
    assert [str(t) for t in parse_signature("(float64[:, ::1], np.int8, None)")[0]] == \
        ["array[float64, 2d, C]", "np.int8", "none"]
    assert len(parse_signature("(float64[:, :], tuple[int, bool])")) == 3
    with pytest.raises(SignatureError, match="unknown type 'str'"):
        parse_signature("(str,)")
    with pytest.raises(SignatureError, match="float16"):
        parse_signature("(float16[:],)")


def test_setuptools_build_ext(tmp_path: Path) -> None:
    """The documented wheel-build recipe: build_ext makes the extension beside the package."""
    pytest.importorskip("setuptools")
    require_linker()
    pkg = tmp_path / "src" / "mypkg"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "util.py").write_text("OFFSET = 10\n")
    (pkg / "kernels.py").write_text(textwrap.dedent('''
        import os
        import lesto
        from .util import OFFSET

        HERE = os.path.basename(__file__)

        @lesto.jit
        def shifted(n: int):
            return n + OFFSET
    '''))
    (tmp_path / "setup.py").write_text(textwrap.dedent('''
        from setuptools import setup
        from lesto.aot.setuptools import LestoExtension, build_ext

        setup(name="mypkg", version="0", packages=["mypkg"], package_dir={"": "src"},
              ext_modules=[LestoExtension("mypkg.kernels", "src/mypkg/kernels.py")],
              cmdclass={"build_ext": build_ext})
    '''))
    root = str(Path(__file__).resolve().parents[2])
    proc = subprocess.run([sys.executable, "setup.py", "-q", "build_ext", "--inplace"],
                          cwd=tmp_path, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": root})
    assert proc.returncode == 0, proc.stderr
    built = list(pkg.glob("kernels.cpython-*.so"))
    assert len(built) == 1
    check = ("import sys; sys.path.insert(0, 'src'); import mypkg.kernels as k; "
             "print(k.HERE.endswith('.so'), k.shifted(5), type(k.shifted).__name__, "
             "k.__name__, 'lesto' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", check], cwd=tmp_path, capture_output=True,
                          text=True, env={"PATH": "/usr/bin:/bin"})
    assert proc.stdout.split() == ["True", "15", "builtin_function_or_method", "mypkg.kernels",
                                   "False"], proc.stderr


def test_no_reference_leaks(built: tuple[Path, Path]) -> None:
    """Every path of a built function keeps reference counts and memory flat: the first
    signature, a later one (through the chain of entries), a deopt, a keyword call, and the
    interpreter fallback."""
    import importlib.util
    import warnings

    import numpy as np

    from tests.support.refs import assert_memory_flat, assert_refcounts_stable

    so, _ = built
    spec = importlib.util.spec_from_file_location("aotmod", so)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    big = 2**62
    cases = [(module.add, (big, 7)), (module.add, (big, big)), (module.powsum, (3, 4)),
             (module.get, (np.arange(6, dtype=np.int32).reshape(2, 3).T, 1)),
             (module.scaled, (np.arange(3.0),)), (module.calls, (-1,)),
             (module.pick, ((big, 0.5), True)), (module.add, (0.5, big))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for fn, args in cases:
            assert_refcounts_stable(fn, args, calls=2000)
            assert_memory_flat(fn, args, calls=2000, warmup=200)
        kw = lambda x: module.powsum(x, n=3)  # noqa: E731
        assert_refcounts_stable(kw, (2.5,), calls=2000)


def test_jit_accepts_and_ignores_signatures() -> None:
    import lesto

    def inc(n):
        return n + 1

    f = lesto.jit(signatures="(int,)")(inc)
    assert f.options.signatures == ("(int,)",)
    assert f(1.5) == 2.5 and f.signatures != []      # compiled lazily, for what it is given
    g = lesto.jit(signatures=["(int,)", "(float,)"])(lambda n: n)
    assert g.options.signatures == ("(int,)", "(float,)")


def test_cross_build_for_aarch64_gives_an_arm_shared_object(tmp_path: Path) -> None:
    from lesto.aot.link import LinkError, find_linker

    try:
        find_linker("aarch64")
    except LinkError:
        pytest.skip("no linker for aarch64 here (pip install ziglang); the ARM job runs it")
    source = tmp_path / "armmod.py"
    source.write_text(MODULE)
    result = build(source, target="aarch64-linux-gnu", out_dir=tmp_path, quiet=True)
    assert result.path.name == f"armmod.cpython-{sys.version_info[0]}{sys.version_info[1]}" \
        "-aarch64-linux-gnu.so"
    header = result.path.read_bytes()[:20]
    assert header[:4] == b"\x7fELF" and header[4] == 2                    # ELF64
    assert int.from_bytes(header[16:18], "little") == 3                   # ET_DYN
    assert int.from_bytes(header[18:20], "little") == 183                 # EM_AARCH64
