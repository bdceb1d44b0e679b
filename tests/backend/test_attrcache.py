"""backend/lower_attrcache.py and objlayout.py: the layout probe holds on the interpreters
it claims (3.11-3.13), compiled attribute access uses the cache there, and reference counts
stay exact through cached reads and writes (the replaced value released at once)."""
from __future__ import annotations

import sys

import lesto
from lesto.backend import lower_attrcache, objlayout


class Holder:
    def __init__(self, v):
        self.v = v
        self.n = 0


class Tracked:
    deleted: list[int] = []

    def __init__(self, k):
        self.k = k

    def __del__(self):
        Tracked.deleted.append(self.k)


def bump(h, k):
    for i in range(k):
        h.n = h.n + 1
        h.v = h.v
    return h.n


def replace(h, k):
    for i in range(k):
        h.v = Tracked(i)
    return h.v.k


def test_layout_probe_matches_version():
    expected = (3, 11) <= sys.version_info[:2] <= (3, 13) and bool(
        __import__("lesto.backend.capi", fromlist=["x"]).REFCOUNT_SCHEME)
    assert lower_attrcache.enabled() is expected
    if expected:
        Holder(1)   # (an instance's attributes fill the class's shared keys)
        assert objlayout.LAYOUT.key_index(Holder, "n") == 1
        assert objlayout.LAYOUT.key_index(Holder, "missing") == -1


def test_compiled_access_uses_the_cache():
    f = lesto.jit(bump, objects=True, strict=True)
    h = Holder(1)
    assert f(h, 5) == 5
    ir_text = f.inspect_llvm()
    assert ("lesto.attrcache.get" in ir_text) is lower_attrcache.enabled()
    assert ("lesto.attrcache.set" in ir_text) is lower_attrcache.enabled()


def test_refcounts_flat_through_cached_reads_and_writes():
    f = lesto.jit(bump, objects=True, strict=True)
    value = object()
    h = Holder(value)
    f(h, 10)
    before = sys.getrefcount(value), sys.getrefcount(h)
    assert f(h, 5000) == 5010
    assert (sys.getrefcount(value), sys.getrefcount(h)) == before


def test_replaced_value_released_on_each_write():
    f = lesto.jit(replace, objects=True, strict=True)
    h = Holder(None)
    Tracked.deleted.clear()
    assert f(h, 200) == 199
    assert Tracked.deleted == list(range(199))   # each one freed when the next replaced it
    h.v = None
    assert Tracked.deleted[-1] == 199


class Counter:
    def __init__(self):
        self.n = 0

    def step(self, k):
        self.n += k
        return self


def steps(c, k):
    for i in range(k):
        c.step(1)
    return c.n


def test_cached_method_calls_keep_counts_flat():
    f = lesto.jit(steps, objects=True, strict=True)
    c = Counter()
    f(c, 10)
    if lower_attrcache.enabled():
        assert "lesto.methcache.find" in f.inspect_llvm()
    method = vars(Counter)["step"]
    before = sys.getrefcount(c), sys.getrefcount(method)
    assert f(c, 5000) == 5010
    assert (sys.getrefcount(c), sys.getrefcount(method)) == before
