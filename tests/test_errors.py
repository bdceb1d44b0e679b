"""Refusals: what lesto says about code it cannot compile, and where it says it.

With ``strict=True`` the first call raises ``lesto.CompileError`` located at the offending node of
this very file; without it the call runs in the interpreter (CPython's answer) and lesto emits
exactly one ``lesto.NotCompiledWarning`` naming file:line.

Expected locations come from this file's own text: a line ending in ``#! KEY TOKEN`` is where the
refusal for KEY must point, and the column is where TOKEN starts on that line (several marked
lines for one KEY mean any of them is acceptable).
"""
from __future__ import annotations

import os
import re
import warnings

import numpy as np
import pytest

import lesto

THIS_FILE = os.path.abspath(__file__)
BASENAME = os.path.basename(__file__)


_MARKER = re.compile(r"^(?P<code>.*\S)\s+#! (?P<key>\w+) (?P<token>\S+)(\s+#.*)?$")


def _marked_locations() -> dict[str, list[tuple[int, int]]]:
    """KEY -> [(line, column)] for every line of this file marked `#! KEY TOKEN`."""
    with open(THIS_FILE, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    found: dict[str, list[tuple[int, int]]] = {}
    for lineno, line in enumerate(lines, start=1):
        match = _MARKER.match(line)
        if not match:
            continue
        code, key, token = match.group("code"), match.group("key"), match.group("token")
        assert token in code, f"line {lineno}: token {token!r} not in {code!r}"
        found.setdefault(key, []).append((lineno, code.index(token)))
    return found


def test_markers_are_consistent() -> None:
    found = _marked_locations()
    assert set(STRICT_CASES) | set(NONSTRICT_CASES) == set(found), sorted(found)


# ------------------------------------------------------------------ functions lesto must refuse

class Point:
    def __init__(self, x):
        self.x = x


COUNTER = 0


def uses_with(x):
    with x:
        return 1


def uses_lambda(x):
    x = x + 1
    f = lambda y: y + x  #! lambda lambda  # noqa: E731  (a closure over a changed x)
    return f(x)


def uses_listcomp(n):
    return [i * i for i in range(n)]


def uses_string(n):
    return "ab" * n


def uses_try(x):
    try:
        return 1 // x
    except ZeroDivisionError:
        return 0


def uses_global(x):
    global COUNTER
    COUNTER = x
    return x


def uses_yield(n):
    yield n  #! yield yield


def uses_print(x):
    print(x)
    return x


def uses_open(x):
    return open(x)


def uses_class_call(x):
    return Point(x)


def helper_with_lambda(x):
    g = lambda v: v * 2  # noqa: E731
    return g(x)


def calls_bad_helper(x):
    return helper_with_lambda(x) + 1


def complex_ordering(z, w):
    return z < w  #! corder z


def complex_max(z, w):
    return max(z, w)  #! cmax max


def complex_floordiv(z):
    return z // 2  #! cfloordiv z


def complex_to_float(z):
    return float(z)  #! cfloat float


def complex_store(a, z):
    a[0] = z  #! cstore a
    return a


def np_float_shift(x):
    return x << 1  #! npfshift x


def np_bool_negative(x):
    return -x  #! npbneg -x


def np_float_invert_store(a):
    a[0] = ~a[1]  #! npfinvert ~a[1]
    return a


def row_then_item(grid, n):
    for k in range(n):  #! ndimmix for
        grid = grid[0]
    return grid


# key -> (function, argument tuple for the first call, words one of which `.construct` contains)
# (uses_string, uses_print, uses_open, uses_class_call, uses_listcomp, ns_string, ns_listcomp,
# ns_yield_sum, uses_try, uses_with, uses_global, ns_try and calls_bad_helper compile now, the helper called as a
# Python function:
# tests/test_objects.py checks that they do.)
STRICT_CASES = {
    "lambda": (uses_lambda, (1,), ("lambda",)),
    "yield": (uses_yield, (1,), ("yield", "generator")),
    "corder": (complex_ordering, (1j, 2j), ("lt",)),
    "cmax": (complex_max, (1j, 2.0), ("max",)),
    "cfloordiv": (complex_floordiv, (1j,), ("floordiv",)),
    "cfloat": (complex_to_float, (1j,), ("float",)),
    "cstore": (complex_store, (np.zeros(2), 1j), ("complex",)),
    "ndimmix": (row_then_item, (np.zeros((2, 2)), 1), ("grid",)),
    "npfshift": (np_float_shift, (np.float64(1.0),), ("lshift",)),
    "npbneg": (np_bool_negative, (np.True_,), ("neg",)),
    "npfinvert": (np_float_invert_store, (np.zeros(2, dtype=np.float32),), ("invert",)),
}


def test_complex_ordering_refusal_says_why() -> None:
    with pytest.raises(lesto.CompileError) as info:
        lesto.jit(strict=True)(complex_ordering)(1j, 2j)
    assert "complex numbers have no ordering" in str(info.value)
    assert info.value.code == "L020"
    assert "TypeError" in str(info.value)


@pytest.mark.parametrize("fn, args, numpy_call", [
    (np_float_shift, (np.float64(1.0),), lambda: np.float64(1.0) << 1),
    (np_bool_negative, (np.True_,), lambda: -np.True_),
])
def test_numpy_type_error_refusal_quotes_numpy(fn, args, numpy_call) -> None:
    """An operator numpy has no loop for (it raises TypeError) is refused when compiling,
    with numpy's own words and the operand types."""
    with pytest.raises(lesto.CompileError) as info:
        lesto.jit(strict=True)(fn)(*args)
    with pytest.raises(TypeError) as numpy_error:
        numpy_call()
    assert info.value.code == "L021"
    assert "numpy raises TypeError" in str(info.value)
    assert str(numpy_error.value) in str(info.value)
    assert f"on np.{type(args[0]).__name__}" in str(info.value)

_ADVICE = re.compile(r"\b(use|instead|rewrite|move|keep|call|pass|define|convert|loop|replace|"
                     r"write|remove|make|assign|unpack|index)\b", re.IGNORECASE)


def _assert_no_internal_path(message: str) -> None:
    cleaned = message.replace(THIS_FILE, "<test file>")
    package_dir = os.path.dirname(os.path.abspath(lesto.__file__))
    assert package_dir not in cleaned, message
    assert "lesto/" not in cleaned and "lesto\\" not in cleaned, message
    assert "Traceback" not in cleaned, message


@pytest.mark.parametrize("key", sorted(STRICT_CASES))
def test_strict_refusal_is_located(key: str) -> None:
    fn, args, construct_words = STRICT_CASES[key]
    allowed = _marked_locations()[key]
    dispatcher = lesto.jit(strict=True)(fn)  # decorating never compiles: no error yet
    with pytest.raises(lesto.CompileError) as info:
        dispatcher(*args)
    err = info.value
    message = str(err)

    assert os.path.abspath(err.filename) == THIS_FILE, err.filename
    assert (err.lineno, err.col_offset) in allowed, (
        f"refusal at line {err.lineno} col {err.col_offset}, expected one of {allowed}: {message}")
    assert isinstance(err.construct, str) and err.construct
    assert any(w in err.construct.lower() for w in construct_words), (
        f".construct {err.construct!r} does not name the construct ({construct_words})")

    match = re.search(re.escape(BASENAME) + r":(\d+):(\d+): (L\d{3}): (.+)", message, re.DOTALL)
    assert match, f"message is not 'path:line:col: Lxxx: ...': {message}"
    assert int(match.group(1)) == err.lineno, message
    assert int(match.group(2)) in (err.col_offset, err.col_offset + 1), message
    assert _ADVICE.search(match.group(4)), f"message gives no advice: {message}"
    _assert_no_internal_path(message)


def test_strict_refusal_repeats_on_later_calls() -> None:
    dispatcher = lesto.jit(strict=True)(uses_lambda)
    for _ in range(2):
        with pytest.raises(lesto.CompileError):
            dispatcher(1)


def test_strict_py_func_still_runs() -> None:
    dispatcher = lesto.jit(strict=True)(uses_lambda)
    with pytest.raises(lesto.CompileError):
        dispatcher(0)
    assert dispatcher.py_func(0) == 2


# ------------------------------------------------------------------ falling back without strict
# Each function here is used by exactly one test, so lesto's warn-once state starts fresh.

def ns_try(x):
    try:
        return 10 // x
    except ZeroDivisionError:
        return -1


def ns_listcomp(n):
    return len([i * i for i in range(n)])


def ns_lambda(x):
    x = x * 2
    sq = lambda v: v * x  #! ns_lambda lambda  # noqa: E731  (a closure over a changed x)
    return sq(x) + 1


def ns_string(n):
    return len("abc" * n)


def ns_yield_sum(n):
    total = 0
    for v in ns_gen(n):
        total += v
    return total


def ns_gen(n):
    for i in range(n):
        yield i * 2


NONSTRICT_CASES = {
    "ns_lambda": (ns_lambda, [(3,), (-2,), (2.5,)]),
}


@pytest.mark.parametrize("key", sorted(NONSTRICT_CASES))
def test_fallback_warns_once(key: str) -> None:
    fn, calls = NONSTRICT_CASES[key]
    lines = {line for line, _col in _marked_locations()[key]}
    with warnings.catch_warnings(record=True) as caught:
        # "always": the once-only behaviour must be lesto's own, not the warnings registry's.
        warnings.simplefilter("always")
        dispatcher = lesto.jit(fn)
        results = [dispatcher(*args) for args in calls]
    expected = [fn(*args) for args in calls]
    for got, want in zip(results, expected):
        assert type(got) is type(want) and got == want, (results, expected)

    ours = [w for w in caught if issubclass(w.category, lesto.NotCompiledWarning)]
    assert len(ours) == 1, [str(w.message) for w in ours]
    message = str(ours[0].message)
    assert any(f"{BASENAME}:{line}" in message for line in lines), (
        f"warning does not name {BASENAME}:{sorted(lines)}: {message}")
    _assert_no_internal_path(message)


def test_fallback_warning_is_a_warning() -> None:
    assert issubclass(lesto.NotCompiledWarning, Warning)
    assert issubclass(lesto.CompileError, Exception)


def test_every_catalog_code_is_written_once() -> None:
    """A code written twice in messages.CATALOG's dict display silently loses one entry
    (two branches once both took L021)."""
    import ast
    import inspect

    from lesto import messages

    tree = ast.parse(inspect.getsource(messages))
    display = next(node.value for node in ast.walk(tree)
                   if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "CATALOG")
    codes = [key.value for key in display.keys]
    assert len(codes) == len(set(codes)), sorted(c for c in codes if codes.count(c) > 1)
    assert len(codes) == len(messages.CATALOG)
