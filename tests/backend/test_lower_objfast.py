"""Direct paths on containers of known exact type (backend/lower_objfast.py): the compiled
code uses them (no generic C-API call left) and keeps reference counts exact."""
from __future__ import annotations

import re

import lesto
from tests.support.refs import assert_memory_flat, assert_refcounts_stable


def _calls(dispatcher) -> set[str]:
    return set(re.findall(r'call [^@]*@"?([A-Za-z_0-9.]+)', dispatcher.inspect_llvm()))


def store_twice(xs, v, w):
    xs[0] = v
    xs[0] = w
    xs[-1] = v
    return xs


def store_out_of_range(xs, v):
    xs[len(xs)] = v


def test_list_setitem_is_direct():
    f = lesto.jit(objects=True, strict=True)(store_twice)
    assert f([1, 2], "a", "b") == ["b", "a"]
    calls = _calls(f)
    assert "PyObject_SetItem" not in calls
    assert "PyLong_FromLongLong" not in calls


def test_list_setitem_refcounts():
    f = lesto.jit(objects=True, strict=True)(store_twice)
    args = ([object(), object(), object()], object(), object())
    assert_refcounts_stable(f, args)
    assert_memory_flat(f, ([0, 0], "x" * 50, "y" * 50))


def test_list_setitem_error_refcounts():
    f = lesto.jit(objects=True, strict=True)(store_out_of_range)
    args = ([object()], object())
    assert_refcounts_stable(f, args)
    assert_memory_flat(f, args)
