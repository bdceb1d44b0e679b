"""Issue 15: a jitted function is the function.  Every parameter kind x every call shape gives
CPython's result or CPython's TypeError (message included), compiled (int arguments, where
lesto compiles the function) and on the fallback path (str arguments); the first call, the
one that installs the native switch, and the native calls after it alike."""
from __future__ import annotations

import warnings
from typing import Any, Callable

import pytest

import lesto


def pos(a, b):
    return (a, b)


def defaults(a, b=2):
    return (a, b)


def posonly(a, b, /, c=3):
    return (a, b, c)


def star(a, *args):
    return (a, args)


def only_star(*args):
    return args


def kwonly(a, *, k):
    return (a, k)


def kwonly_default(a, *, k=5):
    return (a, k)


def kwonly_mixed(a, b=2, *, k, m=6):
    return (a, b, k, m)


def kwargs(a, **kw):
    return (a, kw)


def star_kwargs(*args, **kwargs):
    return args


def mixed(a, b=2, /, c=3, *args, k, m=6, **kw):
    return (a, b, c, args, k, m, kw)


KINDS = [pos, defaults, posonly, star, only_star, kwonly, kwonly_default, kwonly_mixed, kwargs,
         star_kwargs, mixed]

# (name, call): each call gets the function and two values x, y of one type
SHAPES: list[tuple[str, Callable[..., Any]]] = [
    ("none", lambda f, x, y: f()),
    ("one", lambda f, x, y: f(x)),
    ("two", lambda f, x, y: f(x, y)),
    ("three", lambda f, x, y: f(x, y, x)),
    ("five", lambda f, x, y: f(x, y, x, y, x)),
    ("keywords", lambda f, x, y: f(a=x, b=y)),
    ("keyword_b", lambda f, x, y: f(x, b=y)),
    ("keyword_k", lambda f, x, y: f(x, k=y)),
    ("keyword_km", lambda f, x, y: f(x, y, k=y, m=x)),
    ("star_seq", lambda f, x, y: f(*[x, y])),
    ("star_map", lambda f, x, y: f(**{"a": x, "k": y})),
    ("both", lambda f, x, y: f(x, *(y,), **{"k": x})),
    ("duplicate", lambda f, x, y: f(x, a=y)),
    ("unknown", lambda f, x, y: f(x, zz=y)),
    ("extra_kw", lambda f, x, y: f(x, y, k=x, m=y, zz=x)),
    ("posonly_by_kw", lambda f, x, y: f(x, y, b=x)),
]


def outcome(call: Callable[..., Any], f: Any, x: Any, y: Any) -> tuple[str, Any]:
    try:
        return ("value", call(f, x, y))
    except Exception as e:  # the comparison is the point: type and message
        return (type(e).__name__, str(e))


@pytest.mark.parametrize("values", [(1, 2), ("p", "q")], ids=["ints", "strs"])
@pytest.mark.parametrize("shape", SHAPES, ids=[s[0] for s in SHAPES])
@pytest.mark.parametrize("fn", KINDS, ids=[k.__name__ for k in KINDS])
def test_calling_convention_matrix(fn: Any, shape: tuple[str, Any], values: Any) -> None:
    _, call = shape
    x, y = values
    f = lesto.jit(fn)
    want = outcome(call, fn, x, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", lesto.NotCompiledWarning)
        got = [outcome(call, f, x, y) for _ in range(4)]
    assert got == [want] * 4


def test_star_args_kwargs_returns_args() -> None:
    """The wrong answer of issue 15: ((1, 'a'),) instead of (1, 'a')."""
    h = lesto.jit(star_kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", lesto.NotCompiledWarning)
        assert h(1, "a") == (1, "a") and h(1, "a") == (1, "a") and h(1, k=2) == (1,)


def test_keyword_only_with_defaults_compiles() -> None:
    f = lesto.jit(kwonly_mixed, strict=True)
    assert f(1, k=3) == (1, 2, 3, 6) and f(1, 2, k=3, m=4) == (1, 2, 3, 4)
    assert f(1, k=3) == (1, 2, 3, 6)
    assert len(f.signatures) == 1 and f.stats()[0].compiled


def test_a_bad_signature_attribute_does_not_break_binding() -> None:
    def g(a, b=2):
        return a + b

    g.__signature__ = "not a signature"
    f = lesto.jit(g)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", lesto.NotCompiledWarning)
        for _ in range(3):
            assert f(1) == 3 and f(1, b=5) == 6 and f("x", b="y") == "xy"
