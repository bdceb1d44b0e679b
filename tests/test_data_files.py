"""The one driver for the differential data files tests/data/run-*.py.

Every case (``# %% name``) becomes ``test_case[run-file.py::name]``: its source is imported as a
fresh module from a temporary .py file, and its last function is run in CPython and compiled by
lesto (``strict=True``) for each ``# args:`` tuple and for hypothesis examples drawn from the
``# hypothesis:`` strategies; value, exact type, and exception type + message must match.

``test_case_is_valid[...]`` checks the data itself using CPython only: arity, argument types,
that the code stays inside the language lesto promises to compile, and that CPython's answer is
a supported value or a deliberate exception (not a TypeError/NameError from a broken case).
Files named run-objects-*.py test Python objects: any argument and result values, any syntax
lesto compiles, and the exceptions CPython raises for them (KeyError, TypeError, ...); stdout,
argument mutation and result identity are compared too (tests/support/differential.py).
Files whose preamble says ``import numpy as np`` (run-numpy-*.py) may also use the numpy subset
below: arrays and numpy scalars of the supported dtypes as arguments and results, ``np.X`` for
the listed creation functions, math functions, dtypes and constants (``dtype=`` the one keyword),
and the listed array attributes and methods.
"""
from __future__ import annotations

import ast
import builtins
import collections.abc
import inspect
import math
import time
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.cases import DATA_DIR, Case, collect, data_files, load_case
from tests.support.differential import (assert_precise_equal, compiled, copy_arguments,
                                        drive, precise_equal, run_both)

CASES = collect()
CASE_IDS = [case.id for case in CASES]

# Cases that show a known gap in lesto (README, "Not yet"), as strict xfails: a fix makes them
# XPASS, which fails the run until the entry is removed.  id -> (reason, whether any of the
# case's signatures compiles natively, which the AArch64 test needs).
KNOWN_GAPS: dict[str, tuple[str, bool]] = {
    "run-numpy-store.py::write_then_big_int": (
        "after a write to an array an int beyond 64 bits raises OverflowError instead of "
        "giving the big int", True),
}


def _with_gaps(for_codegen: bool = False) -> list:
    params = []
    for case in CASES:
        gap = KNOWN_GAPS.get(case.id)
        marks = ()
        if gap is not None and not (for_codegen and gap[1]):
            marks = (pytest.mark.xfail(strict=True, reason=gap[0]),)
        params.append(pytest.param(case, marks=marks, id=case.id))
    return params

EXPECTED_FILES = {
    "run-scalar-int.py", "run-scalar-float.py", "run-control.py", "run-tuples.py",
    "run-calls.py", "run-builtins-math.py", "run-unions.py",
    "run-numpy-index.py", "run-numpy-store.py", "run-numpy-create.py", "run-numpy-methods.py",
    "run-numpy-expr.py", "run-numpy-slices.py", "run-complex.py", "run-numpy-complex.py",
    "run-numpy-unions.py", "run-numpy-bits.py",
}

_LOADED: dict[str, tuple] = {}


@pytest.fixture(scope="session")
def case_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("lesto_cases")


def _load(case: Case, directory: Path, *, cpython_only: bool = False):
    """(module, tested function) for `case`, imported once per session (a separate module for
    the CPython-only checks, in which `lesto.jit` is a stub that returns the function)."""
    key = f"{case.id}::cpython" if cpython_only else case.id
    if key not in _LOADED:
        _LOADED[key] = load_case(case, directory, cpython_only=cpython_only)
    return _LOADED[key]


def _case_settings(case: Case):
    if case.max_examples is None:
        return settings()
    return settings(max_examples=min(case.max_examples, settings().max_examples))


# ---------------------------------------------------------------------------- differential

def _jit_kwargs(case: Case) -> dict:
    """The objects files compile with objects=True (Python objects are opt-in)."""
    return {"objects": True} if _objects_file(case) else {}


@pytest.mark.parametrize("case", _with_gaps())
def test_case(case: Case, case_dir: Path) -> None:
    _module, fn = _load(case, case_dir)
    options = _jit_kwargs(case)
    for args in case.arg_tuples():
        run_both(fn, args, jit_kwargs=options)
    strategies = case.strategies()
    if strategies is None:
        return

    def check(args: tuple) -> None:
        run_both(fn, args, jit_kwargs=options)

    # Keep hypothesis' example database separate per case (all cases share this inner code).
    check._hypothesis_internal_add_digest = case.id.encode()  # type: ignore[attr-defined]
    _case_settings(case)(given(st.tuples(*strategies))(check))()


@pytest.mark.parametrize("case", _with_gaps(for_codegen=True))
def test_case_compiles_for_aarch64(case: Case, case_dir: Path) -> None:
    """Every signature the differential test compiled also builds for AArch64 (cross-compiled
    here), so nothing x86-specific creeps into code generation."""
    from lesto.backend.codegen import emit_object
    from lesto.backend.target import AARCH64

    _module, fn = _load(case, case_dir)
    dispatcher = compiled(fn, _jit_kwargs(case))
    if not dispatcher.signatures:
        for args in case.arg_tuples():
            run_both(fn, args, jit_kwargs=_jit_kwargs(case))
    assert dispatcher.signatures, "no signature was compiled natively"
    for sig in dispatcher.signatures:
        obj = emit_object(dispatcher.inspect_llvm(sig), AARCH64)
        assert obj[:4] == b"\x7fELF" and obj[18] == 183  # EM_AARCH64


# ---------------------------------------------------------------------------- data validity

SUPPORTED_ARG_TYPES = (int, float, bool, complex, type(None))
# Exceptions a case may deliberately provoke; anything else from CPython means a broken case.
DELIBERATE_EXCEPTIONS = (
    ZeroDivisionError, OverflowError, ValueError, IndexError, AssertionError,
    UnboundLocalError, ArithmeticError, RuntimeError,
)
# TypeErrors numpy raises for a 0-d array, which cases provoke on purpose (any other TypeError
# still means a broken case).
DELIBERATE_TYPE_ERRORS = {"len() of unsized object", "iteration over a 0-d array"}

# The numpy subset (run-numpy-*.py only).
SUPPORTED_DTYPES = {np.dtype(t) for t in (
    np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64,
    np.float32, np.float64, np.complex128)}
_NUMPY_CREATION = {"empty", "zeros", "ones", "full", "arange", "empty_like", "zeros_like",
                   "ones_like"}
_NUMPY_NAMES = _NUMPY_CREATION | {
    "sqrt", "exp", "sin", "cos", "abs", "floor", "isnan",
    "bool_", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float32", "float64", "complex128", "nan", "inf", "pi",
}
_ARRAY_ATTRIBUTES = {"shape", "ndim", "size", "dtype", "T", "sum", "min", "max", "mean", "copy", "fill",
                     "real", "imag",
                     "reshape"}

# The syntax the supported language consists of (see the issue text); a case that needs more is
# testing the wrong thing.
_ALLOWED_NODES = (
    ast.Module, ast.FunctionDef, ast.arguments, ast.arg, ast.Return, ast.Assign, ast.AugAssign,
    ast.If, ast.While, ast.For, ast.Break, ast.Continue, ast.Pass, ast.Raise, ast.Assert,
    ast.Expr, ast.Import, ast.alias,
    ast.BoolOp, ast.BinOp, ast.UnaryOp, ast.Compare, ast.IfExp, ast.Call, ast.Name,
    ast.Attribute, ast.Constant, ast.Tuple, ast.Subscript, ast.Slice, ast.Load, ast.Store,
    ast.And, ast.Or, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow,
    ast.LShift, ast.RShift, ast.BitOr, ast.BitXor, ast.BitAnd, ast.Invert, ast.Not, ast.UAdd,
    ast.USub, ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Is, ast.IsNot, ast.In,
    ast.NotIn,
    ast.keyword,  # only `dtype=` in a numpy file; checked at the call
)
_ALLOWED_BUILTINS = {"abs", "min", "max", "int", "float", "bool", "complex", "round", "divmod",
                     "pow", "len",
                     "range", "ValueError", "ZeroDivisionError", "OverflowError", "IndexError",
                     "ArithmeticError", "AssertionError", "RuntimeError"}
_BUILTIN_NAMES = set(dir(builtins))


def _imports_numpy(case: Case) -> bool:
    """True when the file's preamble has `import numpy as np` (a numpy data file)."""
    return any(isinstance(node, ast.Import) and any((a.name, a.asname) == ("numpy", "np")
                                                    for a in node.names)
               for node in ast.parse("".join(case.preamble)).body)


def _is_np(node: ast.AST, names: set[str]) -> bool:
    return (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and node.value.id == "np" and node.attr in names)


# The number protocol's attributes, on any number (not only in numpy files).
_NUMBER_ATTRIBUTES = {"real", "imag", "conjugate"}


def _check_attribute(node: ast.Attribute, numpy_ok: bool, where: str) -> None:
    if isinstance(node.value, ast.Name) and node.value.id in ("math", "lesto"):
        return
    if node.attr in _NUMBER_ATTRIBUTES:
        return
    assert numpy_ok, f"{where}: attribute access other than math.X / lesto.jit"
    if isinstance(node.value, ast.Name) and node.value.id == "np":
        assert node.attr in _NUMPY_NAMES, f"{where}: np.{node.attr} is outside the numpy subset"
    else:
        assert node.attr in _ARRAY_ATTRIBUTES, f"{where}: array attribute .{node.attr}"


def _check_subset(case: Case) -> None:
    numpy_ok = _imports_numpy(case)
    tree = ast.parse(case.source)
    defined = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    defined |= {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    defined |= {a.arg for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) for a in n.args.args}
    strings_ok: set[int] = set()
    decorators = {id(n) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)
                  for d in f.decorator_list for n in ast.walk(d)}
    for node in ast.walk(tree):
        # A string is allowed only as the message of `raise E("...")` or `assert c, "..."`.
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            strings_ok.update(id(a) for a in node.exc.args)
        if isinstance(node, ast.Assert) and node.msg is not None:
            strings_ok.add(id(node.msg))
    for node in ast.walk(tree):
        where = f"{case.id} line {case.start_line + getattr(node, 'lineno', 1) - 1}"
        if id(node) in decorators:
            continue  # checked below: only lesto.jit / lesto.jit(strict=True)
        assert isinstance(node, _ALLOWED_NODES), f"{where}: {type(node).__name__} is outside the subset"
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            assert id(node) in strings_ok, f"{where}: string constant outside raise/assert message"
        if (isinstance(node, ast.Name) and node.id in _BUILTIN_NAMES and node.id not in defined):
            assert node.id in _ALLOWED_BUILTINS, f"{where}: builtin {node.id} is not supported"
        if isinstance(node, ast.Call) and id(node) not in decorators:
            assert all(numpy_ok and k.arg == "dtype" and _is_np(node.func, _NUMPY_CREATION)
                       for k in node.keywords), f"{where}: keyword arguments"
        if isinstance(node, ast.For) and isinstance(node.iter, ast.Call):
            call = node.iter
            assert (isinstance(call.func, ast.Name)
                    and call.func.id == "range" and 1 <= len(call.args) <= 3), \
                f"{where}: for loops must iterate over range(...) or a tuple"
        if isinstance(node, ast.Subscript):
            sliced = isinstance(node.slice, ast.Slice) or (
                isinstance(node.slice, ast.Tuple)
                and any(isinstance(e, ast.Slice) for e in node.slice.elts))
            assert numpy_ok or not sliced, f"{where}: slicing (arrays only)"
        if isinstance(node, ast.Import):
            assert all(a.name in ("math", "lesto") or (numpy_ok and (a.name, a.asname)
                                                        == ("numpy", "np"))
                       for a in node.names), f"{where}: import"
        if isinstance(node, ast.Attribute):
            _check_attribute(node, numpy_ok, where)
        if isinstance(node, ast.FunctionDef):
            args = node.args
            assert not (args.defaults or args.kw_defaults or args.vararg or args.kwarg
                        or args.kwonlyargs), f"{where}: only plain positional parameters"
            for deco in node.decorator_list:
                assert ast.unparse(deco) in ("lesto.jit", "lesto.jit(strict=True)"), \
                    f"{where}: decorator {ast.unparse(deco)}"


def _supported_numpy(value) -> bool:
    """An ndarray (exactly) or a numpy scalar, of a supported dtype in native byte order."""
    if type(value) is not np.ndarray and not isinstance(value, np.generic):
        return False
    return value.dtype in SUPPORTED_DTYPES and value.dtype.isnative


def _supported_arg(value) -> bool:
    if isinstance(value, tuple):
        return all(isinstance(v, SUPPORTED_ARG_TYPES) for v in value)
    return isinstance(value, SUPPORTED_ARG_TYPES) or _supported_numpy(value)


def _supported_result(value) -> bool:
    if isinstance(value, tuple):
        return all(_supported_result(v) for v in value)
    if isinstance(value, np.dtype):
        return value in SUPPORTED_DTYPES   # `return a.dtype`
    return isinstance(value, SUPPORTED_ARG_TYPES) or _supported_numpy(value)


# Exceptions an objects file may provoke on purpose, besides DELIBERATE_EXCEPTIONS.
OBJECT_EXCEPTIONS = (KeyError, TypeError, AttributeError, StopIteration, NameError,
                     LookupError, ImportError)


def _objects_file(case: Case) -> bool:
    return case.file.startswith("run-objects-")


def _deliberate(exc: Exception, objects: bool = False) -> bool:
    return isinstance(exc, DELIBERATE_EXCEPTIONS) or (
        type(exc) is TypeError and str(exc) in DELIBERATE_TYPE_ERRORS) or (
        objects and isinstance(exc, OBJECT_EXCEPTIONS))


def _check_call(case: Case, fn, args: tuple) -> None:
    where = f"{case.id}: {fn.__name__}{args!r}"
    objects = _objects_file(case)
    assert objects or all(_supported_arg(a) for a in args), f"{where}: unsupported argument type"
    outcomes = []
    for _ in range(2):  # each run on its own copy: the function may write into its arguments
        run_args = copy_arguments(args)
        start = time.perf_counter()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # numpy's overflow warnings
                value = fn(*run_args)
                if isinstance(value, collections.abc.Generator):
                    value = drive(value)   # as run_both compares it
                outcomes.append(("value", value, run_args))
        except Exception as exc:  # noqa: BLE001
            if not _deliberate(exc, objects):
                pytest.fail(f"{where}: CPython raised {type(exc).__name__}: {exc} (a broken case?)")
            outcomes.append(("raise", (type(exc).__name__, str(exc)), run_args))
        elapsed = time.perf_counter() - start
        assert elapsed < 0.5, f"{where}: CPython took {elapsed:.2f}s; keep cases fast"
    kind, value, _ = outcomes[0]
    if kind == "value" and not objects:
        assert _supported_result(value), f"{where}: CPython returned unsupported {value!r}"
    assert precise_equal(outcomes[0], outcomes[1]), f"{where}: CPython is not deterministic"


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_case_is_valid(case: Case, case_dir: Path) -> None:
    if not _objects_file(case):
        _check_subset(case)
    _module, fn = _load(case, case_dir, cpython_only=True)
    params = inspect.signature(fn).parameters
    assert inspect.getsource(fn)  # lesto reads the source this way
    arg_tuples = case.arg_tuples()
    for args in arg_tuples:
        assert len(args) == len(params), f"{case.id}: {args!r} does not match {list(params)}"
        _check_call(case, fn, args)
    strategies = case.strategies()
    if strategies is None:
        assert arg_tuples, f"{case.id}: no inputs"
        return
    assert len(strategies) == len(params), f"{case.id}: one strategy per parameter"

    @settings(max_examples=10, database=None)
    @given(st.tuples(*strategies))
    def check(args: tuple) -> None:
        _check_call(case, fn, args)

    check()


def test_data_files_present() -> None:
    names = {p.name for p in data_files(DATA_DIR)}
    assert EXPECTED_FILES <= names, f"missing data files: {EXPECTED_FILES - names}"
    per_file = {name: 0 for name in names}
    for case in CASES:
        per_file[case.file] += 1
    assert all(count > 0 for count in per_file.values()), per_file


# ---------------------------------------------------------------------------- the comparator

@pytest.mark.parametrize("a, b", [
    (1, 1), (True, True), (None, None), (0.0, 0.0), (-0.0, -0.0), (math.nan, float("nan")),
    (-math.nan, math.nan), (math.inf, math.inf), (5e-324, 5e-324), (2 ** 70, 2 ** 70),
    ((1, 2.5, None, False), (1, 2.5, None, False)), ((), ()), (1 + 2j, 1 + 2j),
    (complex(math.nan, 1.0), complex(math.nan, 1.0)),
])
def test_precise_equal_accepts(a, b) -> None:
    assert precise_equal(a, b)
    assert_precise_equal(a, b)


@pytest.mark.parametrize("a, b", [
    (1, 1.0), (1, True), (0, False), (0.0, -0.0), (-0.0, 0.0), (0.1 + 0.2, 0.3), (math.nan, 0.0),
    (None, 0), ((1, 2), (1, 2.0)), ((1, 2), (1, 2, 3)), ((0.0,), (-0.0,)), (2 ** 64, 2 ** 64 + 1),
    ((1,), 1), (1 + 0j, 1.0), (complex(0.0, 0.0), complex(0.0, -0.0)), (5e-324, 0.0),
])
def test_precise_equal_rejects(a, b) -> None:
    assert not precise_equal(a, b)
    with pytest.raises(AssertionError):
        assert_precise_equal(a, b)


# ---------------------------------------------------------------------------- the numpy subset check

def _snippet_case(body: str, preamble: str = "import numpy as np\n") -> Case:
    lines = ["# %% snippet\n"] + [line + "\n" for line in body.splitlines()]
    return Case(path=Path("run-snippet.py"), name="snippet", start_line=2, lines=lines,
                preamble=[preamble])


@pytest.mark.parametrize("body", [
    "def f(a):\n    return np.zeros(a.shape, dtype=np.int8), a.T, a.sum(), np.sqrt(a[0, 1])",
    "def f(n):\n    a = np.full((n, 2), np.nan)\n    a.fill(0.5)\n    return a.reshape(2, n)",
])
def test_numpy_subset_accepts(body: str) -> None:
    _check_subset(_snippet_case(body))


@pytest.mark.parametrize("body, preamble", [
    ("def f(a):\n    return np.dot(a, a)", "import numpy as np\n"),
    ("def f(a):\n    return a.astype(np.int8)", "import numpy as np\n"),
    ("def f(t):\n    return t[1:]", "import math\n"),   # slicing: numpy files only
    ("def f(a):\n    return np.zeros(3, order='F')", "import numpy as np\n"),
    ("def f(a):\n    return a.sum(axis=0)", "import numpy as np\n"),
    ("def f(a):\n    return a.shape", "import math\n"),
    ("def f(a):\n    import numpy\n    return a", "import numpy as np\n"),
])
def test_numpy_subset_rejects(body: str, preamble: str) -> None:
    with pytest.raises(AssertionError):
        _check_subset(_snippet_case(body, preamble))
