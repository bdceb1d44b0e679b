"""backend/capi.refcount_function: compiled object code counts references inline, as
CPython's macros do (no call per reference into libpython), for the interpreter's scheme: immortal objects
(3.12+) are never counted, a count reaching zero deallocates."""
from __future__ import annotations

import sys

import pytest

import lesto
from lesto.backend import capi


class Tracked:
    deleted: list[int] = []

    def __init__(self, n):
        self.n = n

    def __del__(self):
        Tracked.deleted.append(self.n)


def make_and_drop(n):
    t = Tracked(n)
    items = [t, t, None, 7]
    t = None
    items = None
    return n


def keep_none(k):
    out = []
    for i in range(k):
        out.append(None)
        out.append(True)
        out.append(i)
    return len(out)


@pytest.fixture
def jit():
    return lambda f: lesto.jit(objects=True, strict=True)(f)


def test_scheme_follows_the_interpreter():
    if hasattr(sys, "gettotalrefcount"):
        assert capi.REFCOUNT_SCHEME == {}
    else:
        want = "immortal" if sys.version_info >= (3, 12) else "plain"
        assert set(capi.REFCOUNT_SCHEME.values()) == {want}


def test_no_refcount_calls_in_object_code(jit):
    f = jit(make_and_drop)
    assert f(1) == 1
    text = f.inspect_llvm()
    if capi.REFCOUNT_SCHEME:
        assert "call void @Py_DecRef" not in text and "call void @Py_IncRef" not in text
        assert 'define internal void @"lesto.Py_DecRef"' in text
        assert 'call void @"_Py_Dealloc"' in text


def test_last_reference_released_deallocates(jit):
    f = jit(make_and_drop)
    Tracked.deleted.clear()
    for n in range(50):
        assert f(n) == n
    assert Tracked.deleted == list(range(50))    # each object freed in its own call


def test_immortal_and_shared_objects_keep_their_counts(jit):
    f = jit(keep_none)
    f(10)
    counts = lambda: [sys.getrefcount(x) for x in (None, True, 5)]   # noqa: E731
    before = counts()
    for _ in range(2000):
        assert f(10) == 30
    after = counts()
    if sys.version_info >= (3, 12):
        assert after == before                  # immortal: never counted, never changed
    else:   # mortal, shared with the rest of the process: a leak would add 2000 or more
        assert all(abs(a - b) < 100 for a, b in zip(after, before)), (before, after)
