"""Python objects in compiled code: reference counts over many calls (each construct, and
exceptions raised out of compiled code), globals read at run time, the never-re-run rule for
functions with effects, identity of returned arguments, and the refusals that remain located.

The differential semantics of each construct are in tests/data/run-objects-*.py."""
from __future__ import annotations

import contextlib
import inspect
import io
import os
import types

import pytest

import lesto
from tests.support.refs import assert_memory_flat, assert_refcounts_stable

THIS_FILE = os.path.abspath(__file__)


class Box:
    def __init__(self, v):
        self.v = v

    def get(self):
        return self.v


def concat(a, b):
    return a + b


def word_count(text):
    counts = {}
    for w in text.split():
        counts[w] = counts.get(w, 0) + 1
    return counts


def list_ops(xs, i):
    ys = [xs[i], xs[-1], len(xs)]
    ys.append(xs[0:2])
    return ys


def displays(a, b):
    return [a, b], (a, b), {a: b}, {a, b}, f"{a}-{b!r}"


def user_objects(v):
    b = Box(v)
    b.w = b.get()
    return b.w


def key_error(d, k):
    return d[k]


def index_error(xs, i):
    return xs[i]


def type_error(a, b):
    return a + b


def iterate(xs):
    total = 0
    for x in xs:
        total += x
    return total


def unpack(pair):
    a, b = pair
    return b, a


def caught(d, k):
    try:
        return d[k]
    except KeyError as e:
        return e.args
    finally:
        d["seen"] = k


class Quiet:
    def __enter__(self):
        return self

    def __exit__(self, t, v, tb):
        return True


def with_block(xs, i):
    with Quiet() as q:
        return xs[i], type(q).__name__
    return None


LEAK_CASES = [
    (caught, ({"a": [1]}, "b")),
    (caught, ({"a": [1]}, "a")),
    (with_block, ([1, 2], 0)),
    (with_block, ([1, 2], 10**6)),
    (concat, ("ab", "cd")),
    (concat, ([1], [2, 3])),
    (word_count, ("a b a c b a " * 5,)),
    (list_ops, ([1, "x", 2.5], 1)),
    (displays, ("k", [1])),
    (user_objects, ("v",)),
    (iterate, ([1, 2, 3],)),
    (iterate, ((1, 2.5),)),
    (unpack, ([1, "a"],)),
    # exceptions raised out of compiled code
    (key_error, ({"a": [1]}, "b")),
    (index_error, (["a"], 5)),
    (type_error, ("a", 1)),
    (unpack, ([1, 2, 3],)),
]


@pytest.mark.parametrize("fn, args", LEAK_CASES,
                         ids=[f"{f.__name__}-{i}" for i, (f, _) in enumerate(LEAK_CASES)])
def test_no_leaks(fn, args) -> None:
    compiled = lesto.jit(strict=True, objects=True)(fn)
    try:
        want = ("value", fn(*args))
    except Exception as e:  # noqa: BLE001
        want = ("raise", type(e), str(e))
    try:
        got = ("value", compiled(*args))
    except Exception as e:  # noqa: BLE001
        got = ("raise", type(e), str(e))
    assert got == want
    assert compiled.signatures, "not compiled"
    assert_refcounts_stable(compiled, args, calls=3000)
    assert_memory_flat(compiled, args, calls=3000, warmup=300)


def test_argument_reference_counts_exact() -> None:
    import sys

    compiled = lesto.jit(strict=True, objects=True)(list_ops)
    xs = [10**12, "".join(["x", "y"]), 2.5, object()]
    before = [sys.getrefcount(x) for x in xs]
    for _ in range(1000):
        compiled(xs, 1)
    assert [sys.getrefcount(x) for x in xs] == before


SETTING = 1


def reads_global(x):
    return SETTING + x


def test_rebound_global_is_seen() -> None:
    global SETTING
    compiled = lesto.jit(strict=True, objects=True)(reads_global)
    SETTING = "a"
    try:
        assert compiled("b") == "ab"
        SETTING = "c"
        assert compiled("b") == "cb"
    finally:
        SETTING = 1


def reads_missing(x):
    return NOT_DEFINED_ANYWHERE + x  # noqa: F821


def test_missing_global_raises_name_error_when_run() -> None:
    compiled = lesto.jit(strict=True, objects=True)(reads_missing)
    with pytest.raises(NameError) as info:
        compiled("x")
    assert str(info.value) == "name 'NOT_DEFINED_ANYWHERE' is not defined"
    assert compiled.signatures


def returns_argument(xs):
    xs.append(0)
    return xs


def test_returned_argument_is_the_same_object() -> None:
    compiled = lesto.jit(strict=True, objects=True)(returns_argument)
    xs = []
    assert compiled(xs) is xs and xs == [0]


def print_then_overflow(n):
    print("once")
    return n * n * n


def test_effects_are_never_repeated() -> None:
    """A function that printed is never re-run in the interpreter: an int beyond 64 bits
    is computed as a Python int instead."""
    compiled = lesto.jit(strict=True, objects=True)(print_then_overflow)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert compiled(2**30) == 2**90
    assert out.getvalue() == "once\n"
    assert compiled.deopt_count == 0


def uses_string(n):
    return "ab" * n


def uses_print(x):
    print(x)
    return x


def uses_class_call(x):
    return Box(x).get()


def ns_yield_sum(n):
    total = 0
    for v in ns_gen(n):
        total += v
    return total


def ns_gen(n):
    for i in range(n):
        yield i * 2


def loop_closure(xs, k):
    for k in range(2):
        xs = sorted(xs, key=lambda v: v * k)
    return xs


def genexp_over_loop_variable(xs):
    out = []
    for t in xs:
        out.append(any(x > t for x in xs))
    return out


def del_name(x):
    y = x
    del y
    return x


def local_class(xs):
    class Local:
        size = len(xs)
    return Local.size


def helper_with_try(x):
    try:
        return 10 // x
    except ZeroDivisionError:
        return -1


def calls_bad_helper(x):
    return helper_with_try(x) + 1


def uses_listcomp(n):
    return [i * i for i in range(n)], {i: [i] for i in range(n)}, {i % 2 for i in range(n)}


def uses_lambda(xs):
    return sorted(xs, key=lambda v: -v)


def uses_nested(xs):
    def inner(v):
        return v
    return inner(xs)


def uses_try(x):
    try:
        return 1 // x
    except ZeroDivisionError:
        return 0


@pytest.mark.parametrize("fn, args", [(uses_string, (3,)), (uses_print, (1,)),
                                      (uses_try, (0,)), (uses_try, (2,)),
                                      (uses_lambda, ([1, 3, 2],)), (uses_nested, ([1],)),
                                      (uses_listcomp, (4,)), (calls_bad_helper, (0,)),
                                      (uses_class_call, (2,)), (ns_yield_sum, (5,)),
                                      (ns_gen, (4,)), (local_class, ([1, 2],)),
                                      (loop_closure, ([3, 1, 2], 0)),
                                      (genexp_over_loop_variable, ([3, 1, 2],)),
                                      (del_name, (1,))])
def test_formerly_refused_now_compile(fn, args) -> None:
    """Functions tests/test_errors.py used to list as refusals."""
    compiled = lesto.jit(strict=True, objects=True)(fn)
    with contextlib.redirect_stdout(io.StringIO()):
        got, expected = compiled(*args), fn(*args)
        if inspect.isgenerator(expected):   # a generator function: the generator's items
            got, expected = list(got), list(expected)
        assert got == expected
    assert compiled.signatures


def still_match(x):
    match x:  #! match match
        case 1:
            return 1
    return 0




def still_unpacking_then_call(xs):
    return max(*xs, len(xs))  #! unpacking max


def still_unpacking_then_item(xs):
    return [*xs, len(xs)]  #! display [


REFUSED = {"match": (still_match, (1,)),
           "unpacking": (still_unpacking_then_call, ([1],)),
           "display": (still_unpacking_then_item, ([1],))}


def _marker(key: str) -> tuple[int, int]:
    """(line, column) of the line of this file marked `#! KEY TOKEN` (column of TOKEN)."""
    with open(THIS_FILE, encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            code, sep, mark = line.rstrip().partition("  #! ")
            if sep and mark.split()[0] == key:
                return lineno, code.index(mark.split()[1])
    raise AssertionError(key)


@pytest.mark.parametrize("key", sorted(REFUSED))
def test_refusals_stay_located(key: str) -> None:
    fn, args = REFUSED[key]
    with pytest.raises(lesto.CompileError) as info:
        lesto.jit(strict=True, objects=True)(fn)(*args)
    err = info.value
    assert os.path.abspath(err.filename) == THIS_FILE
    assert (err.lineno, err.col_offset) == _marker(key), str(err)
    assert "; " in str(err)   # the hint after the message


# ---------------------------------------------------------------------------- opt-in
def pairs_of(n):
    twice = n * 2
    return [n, twice]            # the list: the first object


def test_objects_are_opt_in_and_the_refusal_is_located(recwarn) -> None:
    """Without objects=True a function making an object is refused at that line (L033),
    naming the type and the option; non-strict it warns once and runs as itself."""
    line = pairs_of.__code__.co_firstlineno + 2
    with pytest.raises(lesto.CompileError) as info:
        lesto.jit(strict=True)(pairs_of)(3)
    e = info.value
    assert (e.code, e.filename, e.lineno) == ("L033", THIS_FILE, line)
    assert "'return [n, twice]'" in str(e) and "(list)" in str(e)
    assert "objects=True" in str(e) and "LESTO_OBJECTS=1" in str(e)
    plain = lesto.jit(pairs_of)
    with pytest.warns(lesto.NotCompiledWarning, match="L033"):
        assert plain(3) == [3, 6]
    assert plain(4) == [4, 8] and plain.stats()[0].compiled is False
    assert lesto.jit(strict=True, objects=True)(pairs_of)(3) == [3, 6]


def test_object_parameters_are_refused_without_objects() -> None:
    with pytest.raises(lesto.CompileError, match=r"parameter 'a' is a str; .*objects=True"):
        lesto.jit(strict=True)(concat)("a", "b")
    with pytest.raises(lesto.CompileError, match="parameter 'a' is a tuple containing a str"):
        lesto.jit(strict=True)(concat)(("a",), ("b",))
    assert lesto.jit(strict=True, objects=True)(concat)("a", "b") == "ab"


def test_lesto_objects_environment_variable(monkeypatch) -> None:
    from lesto.options import JitOptions
    from lesto.runtime.specialization import cache_opt

    monkeypatch.setenv("LESTO_OBJECTS", "1")
    assert JitOptions.from_kwargs().objects is True
    assert JitOptions.from_kwargs(objects=False).objects is False
    assert lesto.jit(strict=True)(concat)("a", "b") == "ab"
    monkeypatch.setenv("LESTO_OBJECTS", "0")
    assert JitOptions.from_kwargs().objects is False
    assert cache_opt(JitOptions(objects=True)) != cache_opt(JitOptions())


class OnlyEnter:
    def __enter__(self):
        return 1


def with_manager(m):
    with m:
        return 2


@pytest.mark.parametrize("manager", [1, OnlyEnter()], ids=["no-enter", "no-exit"])
def test_with_on_a_non_manager_raises_cpythons_error(manager) -> None:
    """AttributeError before 3.11, TypeError (with "missed __exit__ method") since."""
    with pytest.raises(Exception) as expected:
        with_manager(manager)
    with pytest.raises(type(expected.value)) as got:
        lesto.jit(strict=True, objects=True)(with_manager)(manager)
    assert str(got.value) == str(expected.value)


class Shape:
    def __init__(self, name):
        self.name = name

    def describe(self):
        return f"shape {self.name}"


class Square(Shape):
    @lesto.jit(objects=True, strict=True)
    def __init__(self, side):
        super().__init__("square")
        self.side = side

    @lesto.jit(objects=True, strict=True)
    def describe(self):
        return super().describe() + f" of side {self.side}"


@lesto.jit(objects=True, strict=True)
def super_outside_a_class(x):
    return super().f(x)


@lesto.jit(objects=True, strict=True)
def super_without_arguments(*args):
    return super()


class CallsFromAMethod(Shape):
    def call(self, fn, *args):
        super().describe()       # this frame has a __class__ cell and a first argument
        return fn(*args)


def test_zero_argument_super_uses_the_methods_class_and_first_argument() -> None:
    sq = Square(3)
    assert (sq.name, sq.side, sq.describe()) == ("square", 3, "shape square of side 3")


@pytest.mark.parametrize("fn, args, message", [
    (super_outside_a_class, (1,), "super(): __class__ cell not found"),
    (super_without_arguments, (), "super(): no arguments"),
])
def test_zero_argument_super_outside_a_method_raises_cpythons_error(fn, args, message) -> None:
    """Not the class of whichever Python frame called the compiled function."""
    for call in (lambda: fn(*args), lambda: CallsFromAMethod("c").call(fn, *args)):
        with pytest.raises(RuntimeError) as compiled:
            call()
        with pytest.raises(RuntimeError) as plain:
            fn.py_func(*args)
        assert str(compiled.value) == str(plain.value) == message


def returns_super(self):
    return super()


def test_a_rebound_super_is_called_plainly() -> None:
    plain = types.FunctionType(returns_super.__code__, {**globals(), "super": lambda: "mine"})
    assert lesto.jit(objects=True, strict=True)(plain)(1) == plain(1) == "mine"
