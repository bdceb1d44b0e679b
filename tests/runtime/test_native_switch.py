"""The native type switch (backend/dispatch_ir.py): the hot entry, the scan, the per-arity
switches, the generic switch for tables of mixed arity, and every way to the slow path."""
from __future__ import annotations

import ctypes
import sys
from typing import Any

import pytest

import lesto
from lesto.backend.dispatch_ir import MAX_ARGS, VECTORCALL_OFFSET
from lesto.runtime.native_dispatch import (
    TP_VECTORCALL_OFFSET, TPFLAGS_HAVE_VECTORCALL, NativeBase, dispatch_address,
    enable_vectorcall, install_table,
)


class Recorder:
    """A slow path that records its calls and answers with a marker."""

    def __init__(self) -> None:
        self.calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append((args, kwargs))
        return ("slow", args, kwargs)


def watch_slow_path(f: Any) -> Recorder:
    """Re-point a dispatcher's native table at a recording slow path (which then forwards to
    the real one), so a test can tell native calls from slow ones."""
    recorder = Recorder()
    real = f._slow

    def slow(*args: Any, **kwargs: Any) -> Any:
        recorder.calls.append((args, kwargs))
        return real(*args, **kwargs)

    f._slow = slow
    f._install()
    return recorder


def add(a, b):
    return a + b


def neg(a):
    return -a


def compiled(fn: Any, *calls: tuple[Any, ...]) -> Any:
    f = lesto.jit(fn, strict=True)
    for args in calls:
        f(*args)
        f(*args)          # the second call installs the native switch
    return f


def test_cpython_calls_the_switch_by_vectorcall() -> None:
    """CPython must find the switch through the vectorcall protocol (flag and offset on the
    type, pointer in the instance), not through tp_call and a Python-level __call__."""
    f = compiled(add, (1, 2))
    cls = type(f)
    assert cls.__flags__ & TPFLAGS_HAVE_VECTORCALL
    assert ctypes.c_ssize_t.from_address(id(cls) + TP_VECTORCALL_OFFSET).value \
        == VECTORCALL_OFFSET
    assert ctypes.c_void_p.from_address(id(f) + VECTORCALL_OFFSET).value == dispatch_address(2)


def test_hot_entry_and_scan_with_several_signatures() -> None:
    f = compiled(add, (1, 2), (1.5, 2.0), (True, 2), (2, True))
    slow = watch_slow_path(f)
    cases = [((1, 2), 3), ((1.5, 2.0), 3.5), ((True, 2), 3), ((2, True), 3),
             ((3, 4), 7), ((3, 4), 7), ((0.5, 0.25), 0.75), ((True, 5), 6)]
    for _ in range(3):
        for args, want in cases:
            got = f(*args)
            assert got == want and type(got) is type(want)
    assert slow.calls == []
    # A new signature goes to the slow path once, then runs natively.
    assert f(1, 2.5) == 3.5
    assert len(slow.calls) == 1
    slow = watch_slow_path(f)
    assert f(1, 2.5) == 3.5 and f(1, 2) == 3
    assert slow.calls == []


def test_slow_path_for_keywords_other_counts_and_other_types() -> None:
    f = compiled(add, (1, 2))
    slow = watch_slow_path(f)
    assert f(1, b=2) == 3 and f(a=1, b=2) == 3
    with pytest.raises(TypeError):
        f(1)
    with pytest.raises(TypeError):
        f(1, 2, 3)
    assert f(1.0, 2.0) == 3.0          # compiles (float, float) on the slow path
    with pytest.raises(lesto.CompileError, match="parameter 'a' is a str"):
        f("a", "b")                     # a Python object: strict refuses it (no objects=True)
    assert len(slow.calls) == 6
    assert f(2**70, 1) == 2**70 + 1     # (int, int) but beyond 64 bits: the native entry
    assert len(slow.calls) == 6         # hands it to the interpreter itself
    assert f.deopt_count == 1


def widest(a0, a1, a2, a3, a4, a5, a6, a7):
    return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7


def wider(a0, a1, a2, a3, a4, a5, a6, a7, a8):
    return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8


def test_many_arguments() -> None:
    assert MAX_ARGS == 8
    g = compiled(widest, tuple(range(8)))
    slow = watch_slow_path(g)
    assert g(*range(8)) == sum(range(8))
    assert g(*[0.5] * 8) == 4.0            # compiled on the slow path
    assert g(*[0.5] * 7, 1) == 4.5         # and this one too
    assert g(*[0.5] * 8) == 4.0 and g(*range(8)) == sum(range(8))
    assert len(slow.calls) == 2
    h = compiled(wider, tuple(range(9)))   # beyond MAX_ARGS: no native entry, all slow
    slow = watch_slow_path(h)
    assert h(*range(9)) == sum(range(9))
    assert len(slow.calls) == 1


class Switch(NativeBase):
    """A bare native switch, for tables the dispatcher never builds (mixed arities)."""


enable_vectorcall(Switch)


_keepalive: list[Any] = []


def fast_entry(fn: Any, *args: Any) -> tuple[tuple[type, ...], int, Any]:
    """A compiled specialization's METH_FASTCALL entry, as the dispatcher lists it."""
    f = compiled(fn, args)
    spec = next(iter(f._specs.values()))
    _keepalive.append(f)
    return tuple(map(type, args)), spec.address, f._handlers


FASTCALL = ctypes.CFUNCTYPE(ctypes.py_object, ctypes.py_object, ctypes.c_void_p,
                            ctypes.c_ssize_t)


def c_entry(types: tuple[type, ...], answer: Any) -> tuple[tuple[type, ...], int, Any]:
    """A METH_FASTCALL entry made with ctypes that answers (answer, nargs, self)."""
    entry_self = ("self of", answer)

    def fastcall(self: Any, args: int, nargs: int) -> Any:
        return (answer, nargs, self)

    callback = FASTCALL(fastcall)
    _keepalive.append(callback)
    return types, ctypes.cast(callback, ctypes.c_void_p).value, entry_self


def test_mixed_arity_table_uses_the_generic_switch() -> None:
    entries = [fast_entry(add, 1, 2), fast_entry(neg, 5), c_entry((), "zero"),
               fast_entry(add, 1.0, 2.0), fast_entry(neg, 2.5)]
    switch = Switch()
    slow = Recorder()
    keep = install_table(switch, slow, entries)
    for _ in range(3):
        assert switch(1, 2) == 3 and switch(4) == -4
        assert switch() == ("zero", 0, ("self of", "zero"))
        assert switch(1.0, 2.5) == 3.5 and switch(2.5) == -2.5 and switch(4) == -4
    assert slow.calls == []
    assert switch(1, 2, 3) == ("slow", (1, 2, 3), {})
    assert switch("x") == ("slow", ("x",), {})
    assert switch(1, b=2) == ("slow", (1,), {"b": 2})
    assert switch(*range(MAX_ARGS + 2)) == ("slow", tuple(range(MAX_ARGS + 2)), {})
    assert len(slow.calls) == 4
    del keep


@pytest.mark.parametrize("arity", [0, 1, 2, MAX_ARGS])
def test_empty_table_sends_everything_to_the_slow_path(arity: int) -> None:
    switch = Switch()
    slow = Recorder()
    keep = install_table(switch, slow, [])
    args = tuple(range(arity))
    assert switch(*args) == ("slow", args, {})
    assert switch(*args, k=1) == ("slow", args, {"k": 1})
    del keep


def test_zero_arguments() -> None:
    switch = Switch()
    slow = Recorder()
    keep = install_table(switch, slow, [c_entry((), "none")])
    assert switch() == ("none", 0, ("self of", "none"))
    assert switch(1) == ("slow", (1,), {})
    assert switch(k=1) == ("slow", (), {"k": 1})
    del keep


def test_ctypes_entries_with_types_and_the_hot_entry_moving() -> None:
    entries = [c_entry((int, int), "ii"), c_entry((float, int), "fi"),
               c_entry((int, float), "if"), c_entry((bool, int), "bi")]
    switch = Switch()
    slow = Recorder()
    keep = install_table(switch, slow, entries)
    for _ in range(3):
        for args, answer in (((1, 2), "ii"), ((1.0, 2), "fi"), ((1, 2.0), "if"),
                             ((True, 2), "bi"), ((1, 2), "ii"), ((1, 2), "ii")):
            assert switch(*args) == (answer, 2, ("self of", answer))
    assert switch(2, True) == ("slow", (2, True), {})
    assert len(slow.calls) == 1
    del keep


def test_one_arity_table_with_a_missing_hot_entry_for_other_counts() -> None:
    switch = Switch()
    slow = Recorder()
    keep = install_table(switch, slow, [fast_entry(neg, 3)])
    assert switch(3) == -3
    assert switch() == ("slow", (), {})
    assert switch(1, 2) == ("slow", (1, 2), {})
    assert switch(3.0) == ("slow", (3.0,), {})
    del keep


def test_references_are_unchanged_by_native_calls() -> None:
    f = compiled(add, (1.5, 2.5), (1, 2))
    x, y = 1234.5, 99999
    before = (sys.getrefcount(x), sys.getrefcount(y))
    for _ in range(1000):
        f(x, x)
        f(y, y)
        f(x, 1.0)
    assert (sys.getrefcount(x), sys.getrefcount(y)) == before


def test_keyword_entries_match_names_in_order_and_types() -> None:
    from lesto.runtime.native_dispatch import Entry

    types, address, entry_self = c_entry((int, int), "kw")
    names = ("k",)
    both = ("k", "m")
    entries = [Entry(types, address, entry_self, (), names),
               Entry(*c_entry((int, float, int), "km")[:3], (), both),
               c_entry((int,), "plain")]
    switch = Switch()
    slow = Recorder()
    keep = install_table(switch, slow, entries)
    def answer(got: tuple[Any, int, Any]) -> tuple[Any, int, Any]:
        # keyword entries get nargsf as the caller passed it (vectorcall, the offset flag)
        return got[0], got[1] & (2**63 - 1), got[2]

    for _ in range(2):
        assert answer(switch(1, k=2)) == ("kw", 1, ("self of", "kw"))
        assert answer(switch(1, k=2.0, m=3)) == ("km", 1, ("self of", "km"))
        assert switch(5) == ("plain", 1, ("self of", "plain"))
    assert slow.calls == []
    assert switch(1, j=2) == ("slow", (1,), {"j": 2})           # other name
    assert switch(1, k=2.5) == ("slow", (1,), {"k": 2.5})       # other type
    assert switch(1, m=3, k=2.0) == ("slow", (1,), {"m": 3, "k": 2.0})   # other order
    assert switch(k=1, m=2.0) == ("slow", (), {"k": 1, "m": 2.0})        # other count
    assert switch(1, 2) == ("slow", (1, 2), {})
    assert len(slow.calls) == 5
    del keep
