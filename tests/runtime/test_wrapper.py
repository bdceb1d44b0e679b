"""Issue 15: the jitted function reads as the function (introspection) and works with the
standard decorators stacked on it or under it, each checked against the plain function."""
from __future__ import annotations

import abc
import asyncio
import contextlib
import dataclasses
import functools
import inspect
import warnings
from typing import Any

import pytest

import lesto

pytestmark = pytest.mark.filterwarnings("ignore::lesto.NotCompiledWarning")


def jit_quiet(fn: Any, **options: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", lesto.NotCompiledWarning)
        return lesto.jit(fn, **options)


def documented(a: int, b: float = 2.0, *rest: int, k: int = 3, **kw: Any) -> float:
    """A documented function."""
    return a + b


documented.tag = "before"


async def coro(x):
    await asyncio.sleep(0)
    return x + 1


def gen(n):
    for i in range(n):
        yield i * i


async def agen(n):
    for i in range(n):
        yield i


def plain(x):
    return x


@pytest.mark.parametrize("fn", [documented, coro, gen, agen, plain],
                         ids=["documented", "coro", "gen", "agen", "plain"])
def test_introspection_reads_as_the_function(fn: Any) -> None:
    f = jit_quiet(fn)
    assert inspect.signature(f) == inspect.signature(fn)
    for check in (inspect.iscoroutinefunction, inspect.isgeneratorfunction,
                  inspect.isasyncgenfunction, asyncio.iscoroutinefunction):
        assert check(f) == check(fn), check.__name__
    for name in ("__name__", "__qualname__", "__doc__", "__module__", "__defaults__",
                 "__kwdefaults__", "__code__", "__globals__", "__annotations__"):
        assert getattr(f, name) == getattr(fn, name), name
    assert f.__wrapped__ is fn


def test_function_attributes_read_through() -> None:
    f = jit_quiet(documented)
    assert f.tag == "before"
    documented.later = 42          # set on the function after decoration
    assert f.later == 42
    assert "py_func" not in f.__dict__ and "_specs" not in f.__dict__


def test_methods_read_as_methods() -> None:
    class A:
        def m(self, x):
            return x

        jm = lesto.jit(m)

    a = A()
    assert inspect.signature(a.jm) == inspect.signature(a.m)
    assert inspect.ismethod(a.jm) and a.jm.__self__ is a and a.jm.__func__ is A.__dict__["jm"]
    assert A.jm is A.__dict__["jm"]


def test_async_and_generator_functions_stay_what_they_are() -> None:
    c, g, ag = jit_quiet(coro), jit_quiet(gen), jit_quiet(agen)
    assert asyncio.run(c(1)) == 2 and asyncio.run(c(2)) == 3 and asyncio.run(c(3)) == 4
    assert list(g(4)) == [0, 1, 4, 9] and list(g(3)) == [0, 1, 4] and list(g(2)) == [0, 1]

    async def collect() -> list[int]:
        return [x async for x in ag(3)]

    assert asyncio.run(collect()) == [0, 1, 2]


def test_async_def_warns_once_and_strict_refuses_it_located() -> None:
    with pytest.warns(lesto.NotCompiledWarning) as caught:
        c = lesto.jit(coro)
        for i in range(3):
            assert asyncio.run(c(i)) == i + 1
    assert len(caught) == 1
    assert "async function" in str(caught[0].message) and "L015" not in str(caught[0].message)
    with pytest.raises(lesto.CompileError) as info:
        lesto.jit(coro, strict=True)(1)
    line = coro.__code__.co_firstlineno + 1                    # the await
    assert f"{__file__}:{line}:5: L018: " in str(info.value)


# ---------------------------------------------------------------- decorators, each order
def square(x):
    return x * x


def test_functools_wraps_on_and_under() -> None:
    jitted = lesto.jit(square)

    @functools.wraps(jitted)
    def outer(x):
        return jitted(x) + 1

    assert outer(3) == 10 and outer.__wrapped__ is jitted and outer.__name__ == "square"
    assert not hasattr(outer, "py_func") or outer.py_func is not square

    @functools.wraps(square)
    def inner(x):
        return square(x) + 1

    j = lesto.jit(inner)
    assert j(3) == 10 and j(3) == 10 and j.__name__ == "square"
    assert inspect.signature(j) == inspect.signature(inner)


def test_lru_cache_on_and_under() -> None:
    cached = functools.lru_cache(lesto.jit(square))
    assert cached(4) == 16 and cached(4) == 16 and cached.cache_info().hits == 1
    with pytest.warns(lesto.NotCompiledWarning, match="lru_cache"):
        under = lesto.jit(functools.lru_cache(square))
    assert under(5) == 25 and under(5) == 25 and under.cache_info().hits == 1
    with pytest.raises(lesto.CompileError):
        lesto.jit(functools.lru_cache(square), strict=True)


def make_class(jit: Any) -> type:
    class Shape:
        def __init__(self, w: float) -> None:
            self.w = w

        @property
        @jit
        def area(self):
            return self.w * self.w

        @staticmethod
        @jit
        def unit(x):
            return x * 2.0

        @jit
        @staticmethod
        def unit2(x):
            return x * 3.0

        @classmethod
        @jit
        def make(cls, w):
            return cls(w)

        @jit
        @classmethod
        def make2(cls, w):
            return cls(w * 2)

        @jit
        def scaled(self, k, *, by=1.0):
            return self.w * k * by

    return Shape


def identity(f: Any) -> Any:
    return f


def test_property_staticmethod_classmethod_both_orders() -> None:
    Shape, Plain = make_class(lambda f: jit_quiet(f)), make_class(identity)
    for cls in (Shape, Plain):
        s = cls(3.0)
        for _ in range(3):
            assert s.area == 9.0 and cls.unit(2.0) == 4.0 and s.unit(2) == 4.0
            assert cls.unit2(1.0) == 3.0 and s.unit2(1.0) == 3.0
            assert type(cls.make(2.0)) is cls and cls.make(2.0).w == 2.0
            assert type(s.make2(2.0)) is cls and s.make2(2.0).w == 4.0
            assert s.scaled(2.0) == 6.0 and s.scaled(2.0, by=0.5) == 3.0


def test_abstractmethod_on_and_under() -> None:
    class Base(abc.ABC):
        @abc.abstractmethod
        @lesto.jit
        def f(self, x):
            ...

        @lesto.jit
        @abc.abstractmethod
        def g(self, x):
            ...

    class Impl(Base):
        def f(self, x):
            return x + 1

        @lesto.jit
        def g(self, x):
            return x + 2

    with pytest.raises(TypeError, match="abstract"):
        Base()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", lesto.NotCompiledWarning)
        assert Impl().f(1) == 2 and Impl().g(1) == 3 and Impl().g(1) == 3
    assert Base.__abstractmethods__ == frozenset({"f", "g"})


def test_singledispatch_on_and_under() -> None:
    @functools.singledispatch
    @lesto.jit
    def on(x):
        return x + 1

    @on.register(float)
    @lesto.jit
    def _(x):
        return x * 2.0

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", lesto.NotCompiledWarning)

        @lesto.jit
        @functools.singledispatch
        def under(x):
            return "any"

        @under.register(int)
        def _(x):
            return "int"

        for _ in range(3):
            assert on(1) == 2 and on(1.5) == 3.0
            assert under(1) == "int" and under("s") == "any"


def test_contextmanager_on_and_under() -> None:
    log: list[str] = []

    def body(tag):
        log.append("enter " + tag)
        yield tag.upper()
        log.append("exit " + tag)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", lesto.NotCompiledWarning)
        on = contextlib.contextmanager(lesto.jit(body))
        under = lesto.jit(contextlib.contextmanager(body))
        for cm in (on, under, on, under):
            with cm("a") as value:
                assert value == "A"
    assert log == ["enter a", "exit a"] * 4


def make_dataclass(jit: Any) -> type:
    @dataclasses.dataclass
    class Vec:
        x: float
        y: float = 0.0

        @jit
        def dot(self, other):
            return self.x * other.x + self.y * other.y

        @jit
        def __post_init__(self):
            self.x = float(self.x)

    return Vec


def test_dataclasses() -> None:
    Vec, PlainVec = make_dataclass(lambda f: jit_quiet(f)), make_dataclass(identity)
    for cls in (Vec, PlainVec):
        a, b = cls(1, 2.0), cls(3.0)
        assert a.dot(b) == 3.0 and a.dot(b) == 3.0 and a == cls(1.0, 2.0)
        assert repr(a) == f"{cls.__qualname__}(x=1.0, y=2.0)"
        assert [f.name for f in dataclasses.fields(cls)] == ["x", "y"]


def test_method_calls_make_no_bound_method(monkeypatch) -> None:
    """`obj.m(x)` passes `obj` straight to the dispatcher (method-descriptor flag): its
    __get__ runs only for `obj.m` used as a value."""
    from lesto.runtime.dispatcher import Dispatcher
    from lesto.runtime.native_dispatch import TPFLAGS_METHOD_DESCRIPTOR, patchable

    assert Dispatcher.__flags__ & TPFLAGS_METHOD_DESCRIPTOR
    gets: list[Any] = []
    real = Dispatcher.__get__

    def counted(self: Any, obj: Any, objtype: Any = None) -> Any:
        gets.append(obj)
        return real(self, obj, objtype)

    with patchable(Dispatcher):
        monkeypatch.setattr(Dispatcher, "__get__", counted)
    try:
        class A:
            @lesto.jit
            def m(self, x):
                return x + 1

            async def c(self):
                return 1

            jc = lesto.jit(c)

        a = A()
        results = [a.m(1) for _ in range(100)]     # (not inside an assert: pytest's
        assert results == [2] * 100                # rewriting reads `a.m` as a value)
        assert gets == []
        bound = a.m
        assert gets == [a] and bound(2) == 3 and bound.__self__ is a
        assert inspect.iscoroutinefunction(a.jc) and inspect.iscoroutinefunction(A.jc)
    finally:
        with patchable(Dispatcher):
            monkeypatch.undo()


def test_implicit_classmethods_and_staticmethod_stay_so() -> None:
    def make(jit: Any) -> tuple[type, type]:
        class Base:
            seen: list[Any] = []

            @jit
            def __init_subclass__(cls, tag=None, **kw):
                cls.tag = tag

            @jit
            def __class_getitem__(cls, item):
                return (cls.__name__, item)

            @jit
            def __new__(cls, *args):
                self = object.__new__(cls)
                self.args = args
                return self

        class Sub(Base, tag="t"):
            pass

        return Base, Sub

    for jit in (identity, jit_quiet):
        Base, Sub = make(jit)
        assert Sub.tag == "t" and Base[int] == ("Base", int) and Sub[str] == ("Sub", str)
        assert Sub(1, 2).args == (1, 2) and type(Sub(3)) is Sub


def test_the_dispatcher_type_is_immutable() -> None:
    """(So that CPython 3.12+ specialises `obj.m` for it as for its own functions.)"""
    from lesto.runtime.dispatcher import Dispatcher

    with pytest.raises(TypeError):
        Dispatcher.anything = 1
