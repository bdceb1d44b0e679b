"""The differential harness itself, for numpy values (tests/support/arrays.py and run_both):

* the comparator accepts precisely equal arrays and numpy scalars and catches a dtype, shape,
  type, sign-of-zero or one-element difference, also inside tuples;
* copy_preserving_layout keeps strides, flags and the sharing between arguments for C, Fortran,
  sliced, reversed, transposed, broadcast, empty, 0-d and buffer-backed arrays, and the copy is
  independent of the original;
* run_both runs each side on its own copy, reports a difference in a mutated argument (also
  after both raised), in the result, and in whether the result aliases an argument, and leaves
  the caller's arguments untouched. A stand-in for the compiled function (monkeypatched
  `compiled`) plays lesto here, so these tests do not depend on the compiler.
"""
from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.support import differential
from tests.support.arrays import alias_pattern, copy_preserving_layout
from tests.support.differential import assert_precise_equal, copy_arguments, precise_equal, run_both

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------- the comparator

@pytest.mark.parametrize("a, b", [
    (np.arange(5.0), np.arange(5.0)),
    (np.array([math.nan, -0.0, math.inf]), np.array([-math.nan, -0.0, math.inf])),
    (np.arange(6.0).reshape(2, 3), np.asfortranarray(np.arange(6.0).reshape(2, 3))),
    (np.arange(10.0)[::2], np.array([0.0, 2.0, 4.0, 6.0, 8.0])),
    (np.zeros((3, 0)), np.zeros((3, 0))),
    (np.array(2.5), np.array(2.5)),
    (np.array([1 + 2j, complex(math.nan, -0.0)]), np.array([1 + 2j, complex(math.nan, -0.0)])),
    (np.array([True, False]), np.array([True, False])),
    (np.array([2**64 - 1], dtype=np.uint64), np.array([2**64 - 1], dtype=np.uint64)),
    (np.float64(-0.0), np.float64(-0.0)), (np.float32(math.nan), np.float32(math.nan)),
    (np.int8(-128), np.int8(-128)), (np.bool_(True), np.bool_(True)),
    ((np.arange(3), (1.5, np.int32(2))), (np.arange(3), (1.5, np.int32(2)))),
])
def test_numpy_values_accepted(a, b) -> None:
    assert precise_equal(a, b)
    assert_precise_equal(a, b)


@pytest.mark.parametrize("a, b, words", [
    (np.arange(3.0), np.arange(3.0, dtype=np.float32), "dtype"),
    (np.arange(3), np.arange(3, dtype=np.int32), "dtype"),
    (np.zeros(6), np.zeros((2, 3)), "shape"),
    (np.zeros((0, 3)), np.zeros((3, 0)), "shape"),
    (np.array([0.0, 1.0]), np.array([-0.0, 1.0]), "value[0]"),
    (np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, 2.0], [3.0, 4.0000000000000001e0 + 1e-15]]),
     "value[1, 1]"),
    (np.arange(5), np.array([0, 1, 2, 3, 5]), "value[4]"),
    (np.array([math.nan]), np.array([0.0]), "value[0]"),
    (np.array([1 + 0j]), np.array([complex(1.0, -0.0)]), "value[0]"),
    (np.array(1.0), np.array(-1.0), "value"),
    (np.array([True]), np.array([False]), "value[0]"),
    (np.float64(1.0), 1.0, "type"), (np.float64(0.0), np.float64(-0.0), "value"),
    (np.int32(1), np.int64(1), "type"), (np.bool_(True), True, "type"),
    (np.float64(2.0), np.array(2.0), "type"), (np.array([1.0]), (1.0,), "type"),
    ((1, np.zeros(2)), (1, np.ones(2)), "value[1][0]"),
])
def test_numpy_differences_caught(a, b, words) -> None:
    assert not precise_equal(a, b)
    with pytest.raises(AssertionError) as err:
        assert_precise_equal(a, b)
    assert words in str(err.value)


def test_strides_are_not_compared() -> None:
    c = np.arange(12.0).reshape(3, 4)
    assert precise_equal(c, np.asfortranarray(c))
    assert precise_equal(c[::-1], c[::-1].copy())


# ---------------------------------------------------------------------------- layout-preserving copy

def _base_of(n: int) -> np.ndarray:
    return np.arange(float(n))


LAYOUTS = {
    "c": lambda: np.arange(12.0).reshape(3, 4),
    "fortran": lambda: np.asfortranarray(np.arange(12.0).reshape(3, 4)),
    "owner": lambda: np.arange(12, dtype=np.int16),
    "strided": lambda: np.arange(20.0)[::2],
    "reversed": lambda: np.arange(10, dtype=np.int8)[::-1],
    "column": lambda: np.arange(12.0).reshape(3, 4)[:, 1],
    "block": lambda: np.arange(30.0).reshape(5, 6)[1:4:2, ::-2],
    "transposed": lambda: np.arange(24.0).reshape(2, 3, 4).T,
    "broadcast": lambda: np.broadcast_to(np.arange(3.0), (4, 3)),
    "empty": lambda: np.zeros((3, 0)),
    "empty_view": lambda: np.arange(6.0)[3:3],
    "zero_d": lambda: np.array(2.5),
    "zero_d_view": lambda: np.arange(6.0).reshape(2, 3)[1, 2, ...],
    "from_bytes": lambda: np.frombuffer(bytes(range(16)), dtype=np.uint16)[1::3],
    "read_only": lambda: _read_only(np.arange(4.0)),
    "misaligned": lambda: np.frombuffer(bytearray(17), dtype=np.uint8)[1:].view(np.int32)[::2],
}


def _read_only(x: np.ndarray) -> np.ndarray:
    x.flags.writeable = False
    return x


FLAGS = ("c_contiguous", "f_contiguous", "writeable", "aligned")


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_copy_preserves_layout(name: str) -> None:
    x = LAYOUTS[name]()
    y = copy_preserving_layout(x)
    assert type(y) is np.ndarray and y is not x
    assert y.dtype == x.dtype and y.shape == x.shape and y.strides == x.strides
    for flag in FLAGS:
        assert getattr(y.flags, flag) == getattr(x.flags, flag), flag
    if x.base is None:
        assert y.flags.owndata
    assert precise_equal(x, y)
    assert not np.shares_memory(x, y)
    assert alias_pattern(y, (x,)) == [("result", None, ())]


@pytest.mark.parametrize("name", ["c", "fortran", "strided", "reversed", "column", "block",
                                  "transposed", "zero_d", "zero_d_view"])
def test_copy_is_independent(name: str) -> None:
    x = LAYOUTS[name]()
    before = x.copy()
    y = copy_preserving_layout(x)
    y[...] = 7
    assert precise_equal(x, before)
    assert bool(np.all(y == 7))


def test_deepcopy_would_lose_the_layout() -> None:
    """Why the helper exists: copy.deepcopy makes a strided view contiguous."""
    import copy

    x = np.arange(20.0)[::2]
    assert copy.deepcopy(x).strides != x.strides
    assert copy_preserving_layout(x).strides == x.strides


def test_copy_keeps_sharing_between_arguments() -> None:
    base = np.arange(8.0)
    args = (base, base[::2], base[::-1].reshape(2, 4), base, (base[1:3], 5))
    copied = copy_arguments(args)
    new_base, every_other, reversed_2d, again, (middle, five) = copied
    assert again is new_base and five == 5
    assert all(np.shares_memory(new_base, v) for v in (every_other, reversed_2d, middle))
    assert not np.shares_memory(new_base, base)
    every_other[1] = -1.0
    assert new_base[2] == -1.0 and base[2] == 2.0
    assert reversed_2d[1, 1] == new_base[2]
    assert [v.strides for v in (every_other, reversed_2d, middle)] == \
        [v.strides for v in (args[1], args[2], args[4][0])]


def test_copy_leaves_scalars_alone() -> None:
    args = (1, 2.5, None, True, np.float64(1.5), np.int8(3), (1, (2.0,)))
    copied = copy_arguments(args)
    assert all(a is b for a, b in zip(args[:-1], copied[:-1]))
    assert copied[-1] == args[-1]


# ---------------------------------------------------------------------------- run_both

def write_one(a):
    a[0] = 1.0
    return a


def write_two(a):
    a[0] = 2.0
    return a


def store(a, x):
    a[0] = x


def store_twice(a, x):
    a[0] = x
    a[1] = x


def write_one_return_copy(a):
    a[0] = 1.0
    return a.copy()


def write_then_raise(a):
    a[0] = 1.0
    raise IndexError("boom")


def write_nothing_then_raise(a):
    raise IndexError("boom")


def total(a):
    return a.sum()


def total_as_float(a):
    return float(a.sum())


def layout_of(a):
    return a.strides, a.flags.c_contiguous, a.flags.writeable


@pytest.fixture
def fake_lesto(monkeypatch: pytest.MonkeyPatch):
    """`use(stand_in)`: run_both then calls `stand_in` where it would call the compiled code."""
    def use(stand_in):
        monkeypatch.setattr(differential, "compiled", lambda fn, jit_kwargs=None: stand_in)
    return use


def test_run_both_passes_on_identical_behaviour(fake_lesto) -> None:
    fake_lesto(write_one)
    a = np.zeros(3)
    result = run_both(write_one, (a,))
    assert precise_equal(result, np.array([1.0, 0.0, 0.0]))
    assert a[0] == 0.0  # the caller's argument is never written


def test_run_both_reports_a_mutation_difference(fake_lesto) -> None:
    fake_lesto(store_twice)  # both return None; only the written argument differs
    with pytest.raises(AssertionError, match=r"argument 0 after the call\[1\]"):
        run_both(store, (np.zeros(3)[::-1], 1.0))


def test_run_both_reports_a_result_difference(fake_lesto) -> None:
    fake_lesto(write_two)
    with pytest.raises(AssertionError, match=r"result\[0\]: np.float64\(1.0\)"):
        run_both(write_one, (np.zeros(3),))


def test_run_both_reports_a_mutation_difference_after_both_raised(fake_lesto) -> None:
    fake_lesto(write_nothing_then_raise)
    with pytest.raises(AssertionError, match=r"arguments differ after the call"):
        run_both(write_then_raise, (np.zeros(3),))


def test_run_both_reports_aliasing(fake_lesto) -> None:
    fake_lesto(write_one_return_copy)
    with pytest.raises(AssertionError, match=r"result is argument 0.*result is a new array"):
        run_both(write_one, (np.zeros(3),))


def test_run_both_reports_a_numpy_scalar_type(fake_lesto) -> None:
    fake_lesto(total_as_float)
    with pytest.raises(AssertionError, match=r"type numpy.float64 != float"):
        run_both(total, (np.arange(4.0),))


def test_run_both_gives_each_side_the_same_layout(fake_lesto) -> None:
    fake_lesto(layout_of)
    for x in (np.arange(10.0)[::-3], np.asfortranarray(np.ones((2, 3))),
              np.broadcast_to(np.ones(3), (2, 3))):
        assert run_both(layout_of, (x,)) == (x.strides, x.flags.c_contiguous,
                                             x.flags.writeable)


# ---------------------------------------------------------------------------- no numpy needed

def test_harness_does_not_import_numpy_for_plain_values() -> None:
    code = ("import sys\n"
            "from tests.support.differential import precise_equal, copy_arguments\n"
            "from tests.support.cases import collect\n"
            "assert precise_equal((1, 2.5, None), (1, 2.5, None))\n"
            "assert not precise_equal(0.0, -0.0)\n"
            "copy_arguments((1, (2.0, True)))\n"
            "cases = [c for c in collect() if not c.file.startswith('run-numpy')\n"
            "         and 'import numpy' not in ''.join(c.preamble)]\n"
            "for c in cases:\n"
            "    c.arg_tuples()\n"
            "assert 'numpy' not in sys.modules, 'numpy was imported'\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
