"""Numpy arrays crossing the boundary of compiled code must neither leak nor be freed early.

Written against the public API only (`lesto.jit(strict=True)`):

* arrays passed in (C, Fortran and strided views, and the base a view keeps alive) and returned
  (the argument itself, a view of it, an element, a tuple holding it, an IndexError raised):
  ``sys.getrefcount`` of every argument, of a view's base and of the dtype object is unchanged
  after 1000 calls;
* a variable that holds the argument and then arrays of another dtype, or an int and then
  arrays (a tagged union with an array member), returned after zero or more iterations;
* arrays created inside compiled code and returned: traced memory (numpy reports its data
  buffers to tracemalloc) stays flat over many calls; the returned array is writable, owns its
  data or has a base, and it and its base are freed once the caller drops it; two calls never
  share one buffer.

Each scenario first runs through run_both, so the answer is right before references are counted.
"""
from __future__ import annotations

import gc
import sys
import weakref

import numpy as np
import pytest

import lesto
from tests.support.differential import run_both
from tests.support.refs import assert_memory_flat, assert_refcounts_stable


def first(a):
    return a[0]


def ident(a):
    return a


def transposed(a):
    return a.T


def with_total(a):
    s = 0.0
    for i in range(len(a)):
        s += a[i]
    return a, s


def store_and_return(a, x):
    a[0] = x
    return a


def read_past_end(a):
    return a[len(a)]


def corner(a):
    n, m = a.shape
    return a[n - 1, m - 1]


def make_zeros(n):
    return np.zeros(n)


def make_filled(n):
    a = np.empty((n, 3), dtype=np.int32)
    for i in range(n):
        for j in range(3):
            a[i, j] = i + j
    return a


def make_pair(n):
    return np.ones(n), np.arange(n)


def make_and_drop(n):
    total = 0.0
    for k in range(n):
        b = np.full(k, 0.5)
        total += b.sum()
    return total


def masked_and_taken(a, idx):
    b = a[a > 0.5]
    a[idx] = 1.0
    return b, a[idx].sum()


def halve_in_loop(a, n):
    for k in range(n):
        a = a * 0.5 + 1.0
    return a


def sum_rows(a):
    s = 0
    for row in a:
        s += row
    return s


def halve_via_call(a, n):
    b = halve_in_loop(a, n)
    return b, halve_in_loop(b, 1)


def _c(n: int) -> np.ndarray:
    return np.arange(float(n))


def _fortran() -> np.ndarray:
    return np.asfortranarray(np.arange(12.0).reshape(3, 4))


def _strided() -> np.ndarray:
    return np.arange(40.0)[::-2]


PASSED_IN = {
    "first_c": (first, lambda: (_c(1000),)),
    "first_strided": (first, lambda: (_strided(),)),
    "ident_c": (ident, lambda: (_c(1000),)),
    "ident_view": (ident, lambda: (_strided(),)),
    "transposed_fortran": (transposed, lambda: (_fortran(),)),
    "tuple_with_array": (with_total, lambda: (_c(100),)),
    "store_and_return": (store_and_return, lambda: (_c(10), 2.5)),
    "index_error": (read_past_end, lambda: (_c(10),)),
    "corner_fortran": (corner, lambda: (_fortran(),)),
    "mask_and_index_array": (masked_and_taken, lambda: (_c(100), np.array([3, -1, 7]))),
    "union_kept_argument": (halve_in_loop, lambda: (np.arange(50, dtype=np.int32), 0)),
    "union_of_dtypes": (halve_in_loop, lambda: (np.arange(50, dtype=np.int32), 3)),
    "union_int_then_rows": (sum_rows, lambda: (np.arange(12).reshape(4, 3),)),
    "union_no_rows": (sum_rows, lambda: (np.zeros((0, 3)),)),
    "union_from_callee": (halve_via_call, lambda: (np.arange(50, dtype=np.int16), 2)),
}

CREATED = {
    "zeros": (make_zeros, (1000,)),
    "empty_filled": (make_filled, (50,)),
    "pair": (make_pair, (100,)),
    "created_and_dropped": (make_and_drop, (20,)),
    "mask_and_index_array": (masked_and_taken, (np.arange(200.0), np.array([3, 5]))),
    "union_of_dtypes": (halve_in_loop, (np.arange(1000, dtype=np.int32), 4)),
    "union_int_then_rows": (sum_rows, (np.arange(3000.0).reshape(3, 1000),)),
    "union_from_callee": (halve_via_call, (np.arange(1000, dtype=np.int16), 3)),
}


def _watched(args: tuple) -> list:
    """The objects whose reference counts must not move: the arguments, the bases of views among
    them, and their dtype objects."""
    out: list = []
    for a in args:
        out.append(a)
        if isinstance(a, np.ndarray):
            out.append(a.dtype)
            if a.base is not None:
                out.append(a.base)
    return out


def _compiled(fn, args: tuple):
    run_both(fn, args)  # the answer is right before we count references
    return lesto.jit(strict=True)(fn)


@pytest.mark.parametrize("name", sorted(PASSED_IN))
def test_arrays_passed_in_keep_their_refcounts(name: str) -> None:
    fn, make_args = PASSED_IN[name]
    args = make_args()
    dispatcher = _compiled(fn, args)
    assert_refcounts_stable(dispatcher, args, calls=1000)
    watched = _watched(args)
    before = [sys.getrefcount(o) for o in watched]
    for _ in range(1000):
        try:
            dispatcher(*args)
        except IndexError:
            pass
    gc.collect()
    assert [sys.getrefcount(o) for o in watched] == before


@pytest.mark.parametrize("name", sorted(PASSED_IN))
def test_arrays_passed_in_leak_no_memory(name: str) -> None:
    fn, make_args = PASSED_IN[name]
    args = make_args()
    dispatcher = _compiled(fn, args)
    assert_memory_flat(dispatcher, args, calls=5000, warmup=500, slack=100_000)


@pytest.mark.parametrize("name", sorted(CREATED))
def test_created_arrays_leak_no_memory(name: str) -> None:
    fn, args = CREATED[name]
    dispatcher = _compiled(fn, args)
    # 5000 calls each creating >= 8 kB: a leak of the data buffer would grow by > 40 MB.
    assert_memory_flat(dispatcher, args, calls=5000, warmup=500, slack=200_000)


@pytest.mark.parametrize("name", ["zeros", "empty_filled"])
def test_created_array_is_a_normal_array(name: str) -> None:
    fn, args = CREATED[name]
    dispatcher = _compiled(fn, args)
    result = dispatcher(*args)
    assert type(result) is np.ndarray
    assert result.flags.writeable and result.flags.aligned
    assert result.flags.owndata or result.base is not None
    result[0] = 1  # writable in fact, not only by flag
    other = dispatcher(*args)
    assert not np.shares_memory(result, other), "two calls returned one buffer"
    assert other[0].sum() == fn(*args)[0].sum()  # the write did not reach the next result


@pytest.mark.parametrize("name", ["zeros", "empty_filled", "pair"])
def test_created_array_is_freed_when_dropped(name: str) -> None:
    fn, args = CREATED[name]
    dispatcher = _compiled(fn, args)
    result = dispatcher(*args)
    arrays = list(result) if isinstance(result, tuple) else [result]
    refs = [weakref.ref(a) for a in arrays]
    base_refs = []
    for a in arrays:
        if a.base is not None:
            try:
                base_refs.append(weakref.ref(a.base))
            except TypeError:  # not weak-referenceable: count its references instead
                base = a.base
                assert sys.getrefcount(base) == 3, "the base is referenced from elsewhere"
                del base
    del result, arrays, a
    gc.collect()
    assert all(r() is None for r in refs), "a returned array outlived its last reference"
    assert all(r() is None for r in base_refs), "a returned array's base was not freed"


def test_argument_views_keep_their_base_alive() -> None:
    """A view passed in and returned keeps working after every other reference to its base
    is gone (the compiled code must not drop the base's reference)."""
    dispatcher = _compiled(ident, (_strided(),))
    view = dispatcher(np.arange(40.0)[::-2])
    gc.collect()
    assert view.base is not None
    assert view[0] == 39.0 and view[-1] == 1.0
