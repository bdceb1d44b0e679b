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


def guarded_paths(rows, i, v):
    row = rows[0]
    row[i] = v
    x = row[i] + row[-1]
    x -= row[0]
    return x * row[1] / row[1]


def test_guarded_paths_are_direct_and_refcounts_flat():
    f = lesto.jit(objects=True, strict=True)(guarded_paths)
    assert f([[1.0, 2.0]], 0, 3.0) == guarded_paths([[1.0, 2.0]], 0, 3.0)
    calls = _calls(f)
    # the generic calls stay only as the guarded fallbacks, next to the direct paths
    assert "PyFloat_FromDouble" in calls
    assert "objfast.fast" in f.inspect_llvm()
    for args in (([[1.0, 2.0]], 0, 3.0), ([[1, 2]], 1, 5), ([{0: 1.0, 1: 2.0, -1: 0.5}], 0, 2.0),
                 ([[1.0, 2.0]], 5, 1.0), ([[1.0, 0.0]], 0, 1.0)):
        assert_refcounts_stable(f, args, calls=2000)
        assert_memory_flat(f, args, calls=2000)
