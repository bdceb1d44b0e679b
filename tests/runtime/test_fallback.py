"""Issue 9: no silent slow path.  A parameter with no native form is a refusal (strict raises,
otherwise one warning per reason), decided once per call shape and then run natively as the
plain Python function; only ints beyond 64 bits are deoptimisations."""
from __future__ import annotations

import warnings
from collections import deque
from typing import Any, Iterator

import pytest

import lesto
from tests.runtime.slowpath import counting_slow_path

HERE = __file__
NATIVE = "lesto compiles int, float, bool, complex, None, tuples and numpy values"


@pytest.fixture
def slow_calls() -> Iterator[list[tuple[Any, ...]]]:
    yield from counting_slow_path()


def normalize(word):
    return word.lower()


NORMALIZE_LINE = normalize.__code__.co_firstlineno


class Point:
    def __init__(self, x: float) -> None:
        self.x = x


def length(v):
    return len(v)


@pytest.mark.parametrize("value, what", [
    ("Hello", "a str"), ([1, 2], "a list"), ({"a": 1}, "a dict"), ({1}, "a set"),
    (deque([1]), "a deque"), (Point(1.0), "a Point"), (("a", 1), "a tuple containing a str"),
], ids=["str", "list", "dict", "set", "deque", "object", "tuple"])
def test_strict_raises_naming_function_parameter_and_type(value: Any, what: str) -> None:
    f = lesto.jit(length, strict=True)
    with pytest.raises(lesto.CompileError) as info:
        f(value)
    err = info.value
    assert f"length: parameter 'v' is {what}; {NATIVE}" in str(err)
    assert err.filename == HERE and err.lineno == length.__code__.co_firstlineno
    assert str(err).startswith(f"{HERE}:{err.lineno}:1: L016: ")
    with pytest.raises(lesto.CompileError):   # every such call, not just the first
        f(value)
    assert f.deopt_count == 0


def test_nonstrict_warns_once_per_reason_with_strict_text() -> None:
    f = lesto.jit(normalize)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        results = [f("Ab"), f("Cd"), f("Ef"), f(b"Gh"), f(b"Ij"), f("Kl")]
    assert results == [normalize(w) for w in ("Ab", "Cd", "Ef", b"Gh", b"Ij", "Kl")]
    ours = [w for w in caught if issubclass(w.category, lesto.NotCompiledWarning)]
    assert len(ours) == 2
    with pytest.raises(lesto.CompileError) as strict:
        lesto.jit(normalize, strict=True)("x")
    assert str(strict.value) in str(ours[0].message)
    assert "parameter 'word' is a bytes" in str(ours[1].message)
    assert ours[0].filename == HERE          # shown at the user's call
    assert f.deopt_count == 0


def test_the_decision_is_reused_natively(slow_calls: list[tuple[Any, ...]]) -> None:
    f = lesto.jit(normalize)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert f("A") == "a" and f("B") == "b"     # decides, then installs the switch
        del slow_calls[:]
        for word in ("C", "D", "E") * 100:
            assert f(word) == word.lower()
        assert f(word="F") == "f"                  # a new call shape: decided once
        assert f(word="G") == "g" and f(word="H") == "h"
    assert len(slow_calls) == 1
    assert f.deopt_count == 0
    (row,) = f.stats()
    assert row.signature == "(str)" and not row.compiled and row.deopts == 0
    assert "parameter 'word' is a str" in row.reason


def pad(word, width=6, fill="."):
    return fill * (width - len(word)) + word


def clip(text, n, *, suffix="...", upper=False):
    out = text[:n] + suffix if len(text) > n else text
    return out.upper() if upper else out


@pytest.mark.parametrize("call", [
    lambda f: f("ab"), lambda f: f("ab", 4), lambda f: f("ab", fill="-"),
    lambda f: f(width=3, word="abc"), lambda f: f("abc", 5, "*"), lambda f: f(*["a", 2]),
    lambda f: f(**{"word": "x", "fill": "#"}),
])
def test_keywords_and_defaults_on_the_fallback_path(call: Any) -> None:
    f = lesto.jit(pad)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(3):
            assert call(f) == call(pad)
    assert f.deopt_count == 0


def test_keyword_only_defaults_on_the_fallback_path(slow_calls: list[tuple[Any, ...]]) -> None:
    f = lesto.jit(clip)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(3):
            assert f("abcdef", 3) == clip("abcdef", 3)
            assert f("abcdef", 3, upper=True) == clip("abcdef", 3, upper=True)
            assert f("abcdef", n=2, suffix="!") == clip("abcdef", n=2, suffix="!")
        del slow_calls[:]
        assert f("xyzxyz", 3) == "xyz..." and f("xyzxyz", 3, upper=True) == "XYZ..."
        assert f("xyzxyz", n=2, suffix="!") == "xy!"
    assert slow_calls == []


def uses_a_list(n):
    items = [n, n + 1]
    return items[0] + n


def test_a_refused_construct_is_remembered(slow_calls: list[tuple[Any, ...]]) -> None:
    f = lesto.jit(uses_a_list)
    with pytest.warns(lesto.NotCompiledWarning) as caught:
        assert f(1) == 2 and f(2) == 4
    assert len([w for w in caught if issubclass(w.category, lesto.NotCompiledWarning)]) == 1
    del slow_calls[:]
    assert f(3) == 6 and f(4) == 8
    assert slow_calls == []
    (row,) = f.stats()
    assert row.signature == "(int)" and not row.compiled and f"{HERE}:" in row.reason
    with pytest.raises(lesto.CompileError):
        lesto.jit(uses_a_list, strict=True)(1)


def add(a, b):
    return a + b


def test_big_int_arguments_are_the_documented_deopt() -> None:
    f = lesto.jit(add, strict=True)           # strict: exact answers, counted, no error
    assert f(2**70, 1) == 2**70 + 1
    assert f(1, 2) == 3 and f(1, 2) == 3
    assert f(2**70, 2) == 2**70 + 2 and f((1 << 64), -1) == (1 << 64) - 1
    assert f.deopt_count == 3
    rows = {r.signature: r for r in f.stats()}
    assert rows["(int, int)"].compiled and rows["(int, int)"].deopts == 3


def test_strict_mixed_refusal_and_big_int_is_a_refusal() -> None:
    f = lesto.jit(add, strict=True)
    with pytest.raises(lesto.CompileError, match="parameter 'b' is a str"):
        f(2**70, "x")
    assert f.deopt_count == 0


def first(t):
    return t[0]


def test_tuples_of_strs_fall_back_natively(slow_calls: list[tuple[Any, ...]]) -> None:
    f = lesto.jit(first)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert f(("a", "b")) == "a" and f(("c",)) == "c"
        del slow_calls[:]
        assert f(("x", "y")) == "x" and f((1, 2)) == 1    # the first decision stands
    assert slow_calls == []
    g = lesto.jit(first)
    assert g((1, 2)) == 1 and g((1, 2)) == 1           # compiled first: stays compiled
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert g(("a",)) == "a" and g(("b",)) == "b"   # and tuples of strs still work
    assert g.stats()[0].compiled and g.compile_count == 1
