"""Compiled generator functions as Python sees them (runtime/generators.py,
backend/generator_ir.py): throw(), close(), finalisation of suspended generators, re-entry,
the type's face, reference counts, and the refusals.  Each behaviour is run on the plain
generator function and on the compiled one, and the two transcripts compared."""
from __future__ import annotations

import collections.abc
import gc
import sys
import tracemalloc

import pytest

import lesto


def guarded(log, n):
    for i in range(n):
        try:
            got = yield i
            log.append(("sent", got))
        except ValueError as e:
            log.append(("caught", str(e)))
            yield "recovered"
        finally:
            log.append(("finally", i))
    return "end"


def unguarded(n):
    for i in range(n):
        yield i * 10


def ignores_exit(log):
    while True:
        try:
            yield 1
        except GeneratorExit:
            log.append("exit")
            yield 2


def jit(fn):
    return lesto.jit(fn, objects=True, strict=True)


def transcript(make, script):
    """Run `script` (("next",), ("send", v), ("throw", exc), ("close",)) on make()'s
    generator; every result or exception (type, message) in order."""
    log: list = []
    gen = make(log)
    out = []
    for step in script:
        try:
            if step[0] == "next":
                out.append(("value", next(gen)))
            elif step[0] == "send":
                out.append(("value", gen.send(step[1])))
            elif step[0] == "throw":
                out.append(("value", gen.throw(step[1])))
            else:
                out.append(("value", gen.close()))
        except BaseException as e:  # noqa: BLE001 - compared
            value = getattr(e, "value", None) if isinstance(e, StopIteration) else None
            cause = type(e.__cause__).__name__ if e.__cause__ is not None else None
            out.append(("raise", type(e).__name__, str(e), value, cause))
    del gen
    gc.collect()
    return out, log


SCRIPTS = [
    [("next",), ("send", 5), ("throw", ValueError("boom")), ("next",), ("next",), ("next",)],
    [("next",), ("close",), ("next",), ("close",)],
    [("close",), ("next",)],
    [("throw", ValueError("early")), ("next",)],
    [("next",), ("throw", KeyError("k")), ("next",)],
    [("next",), ("throw", StopIteration(3)), ("next",)],
    [("throw", StopIteration(4))],
    [("next",), ("next",), ("next",), ("next",), ("throw", ValueError("late"))],
    [("send", 1)],
    [("next",)],          # left suspended: finalised when dropped, finally runs
]


@pytest.mark.parametrize("script", SCRIPTS, ids=range(len(SCRIPTS)))
def test_throw_close_and_finally_as_cpython(script):
    compiled = jit(guarded)
    assert transcript(lambda log: guarded(log, 3), script) == \
        transcript(lambda log: compiled(log, 3), script)


@pytest.mark.parametrize("script", SCRIPTS[:4], ids=range(4))
def test_unguarded_generator_as_cpython(script):
    compiled = jit(unguarded)
    assert transcript(lambda log: unguarded(3), script) == \
        transcript(lambda log: compiled(3), script)


def test_close_of_a_generator_that_yields_again():
    compiled = jit(ignores_exit)
    script = [("next",), ("close",), ("next",)]
    assert transcript(ignores_exit, script) == transcript(compiled, script)


def test_throw_argument_forms():
    compiled = jit(unguarded)
    for make in (unguarded, compiled):
        g = make(2)
        next(g)
        with pytest.raises(TypeError, match="exceptions must be classes or instances"):
            g.throw(3)
        g = make(2)
        with pytest.raises(ValueError, match="v"):
            g.throw(ValueError, "v")


def reenter(box):
    yield next(box[0])


def test_running_generator_cannot_be_reentered():
    for make in (reenter, jit(reenter)):
        box = []
        g = make(box)
        box.append(g)
        with pytest.raises(ValueError, match="generator already executing"):
            next(g)


def test_face_of_the_generator_object():
    g = jit(unguarded)(2)
    assert type(g).__name__ == "generator"
    assert g.__name__ == "unguarded" and g.__qualname__ == "unguarded"
    assert repr(g).startswith("<generator object unguarded at 0x")
    assert isinstance(g, collections.abc.Generator) and iter(g) is g
    assert g.gi_running is False
    with pytest.raises(TypeError):
        type(g)()
    assert list(g) == [0, 10]


def big_items(items):
    for i, x in enumerate(items):
        yield [x, i * 2**70]


def test_references_exact_over_many_runs():
    compiled = jit(big_items)
    items = [object() for _ in range(3)]
    before = [sys.getrefcount(x) for x in items + [items]]
    list(compiled(list(range(5))))
    tracemalloc.start()
    for _ in range(50):
        assert len(list(compiled(list(range(100))))) == 100
        g = compiled(items)     # left suspended, then dropped
        next(g)
        del g
        compiled(items)         # never started
    gc.collect()
    first = tracemalloc.get_traced_memory()[0]
    for _ in range(200):
        list(compiled(list(range(100))))
        g = compiled(items)
        next(g)
        del g
        compiled(items)
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - first
    tracemalloc.stop()
    assert grown < 64 * 1024, grown
    assert [sys.getrefcount(x) for x in items + [items]] == before


def test_generators_need_objects():
    with pytest.raises(lesto.CompileError, match="use objects=True, or set LESTO_OBJECTS=1"):
        lesto.jit(unguarded, strict=True)(3)


def holds_array(a):
    for i in range(a.shape[0]):
        yield a[i]


def test_generator_holding_an_array_is_refused_with_its_location():
    import numpy as np

    with pytest.raises(lesto.CompileError) as err:
        jit(holds_array)(np.arange(3.0))
    assert "holds a numpy array" in str(err.value)
    assert err.value.lineno == holds_array.__code__.co_firstlineno


def test_traceback_names_the_generator_line():
    import traceback

    def fails(n):
        yield 1
        yield n // 0

    g = jit(fails)(1)
    next(g)
    with pytest.raises(ZeroDivisionError) as err:
        next(g)
    lines = traceback.format_tb(err.value.__traceback__)
    assert any("in fails" in line and "yield n // 0" in line for line in lines), lines


def delegating(log, n):
    r = yield from guarded(log, n)
    log.append(("result", r))
    yield "tail"


@pytest.mark.parametrize("script", SCRIPTS, ids=range(len(SCRIPTS)))
def test_yield_from_delegates_send_throw_close(script):
    """`yield from` (PEP 380's expansion): send, throw and close reach the subgenerator (a
    CPython one here), its return value is the expression's."""
    compiled = jit(delegating)
    assert transcript(lambda log: delegating(log, 3), script) == \
        transcript(lambda log: compiled(log, 3), script)
