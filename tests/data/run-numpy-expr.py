"""Differential cases: whole-array expressions (`a * b + 2.0 * np.sqrt(d)`), broadcasting
(a 2-D array with a 1-D row, a column, a scalar, a 0-d array; shapes that do not broadcast),
result dtypes (int32 array + float -> float64, int8 + int8 -> int8 wrapping silently, uint8 - 1
wrapping, bool + bool -> logical or, numpy scalars vs Python scalars), comparisons giving bool
arrays, in-place `a += b` on arguments (also overlapping `a += a.T`), and empty arrays.

Format: see tests/support/cases.py. CPython is the oracle; there are no expected values here.
Results are compared by dtype, shape and bits of every element, not by layout: an expression
may return a C-ordered array where numpy returns a Fortran-ordered one.

numpy 2 promotion (NEP 50) as these cases rely on it: a Python int or float adapts to the array
(int8 array + 1 stays int8, float32 array + 0.1 stays float32) but must fit (int8 array + 300
raises OverflowError("Python integer 300 out of bounds for int8")); a numpy scalar does not
adapt (int8 array + np.int64(1) is int64, float32 array + np.float64(1) is float64); uint64 with
int64 gives float64. Array arithmetic wraps without a warning; integer floor division by zero
gives 0 with a RuntimeWarning. `a += a.T` reads the original values (numpy copies when the
operands overlap)."""
import math  # noqa: F401  (available to the cases)

import numpy as np


def floats(n, seed):
    """n deterministic float64 values in [-2, 2) (a fixed generator per seed)."""
    return np.random.default_rng(seed).uniform(-2.0, 2.0, n)

# %% fused
def fused(a, b, d):
    return a * b + 2.0 * np.sqrt(d)
# args: (np.arange(5.0), np.arange(5.0)[::-1], np.arange(5.0)), (floats(100, 1), floats(100, 2), np.abs(floats(100, 3)))
# args: (np.zeros(0), np.zeros(0), np.zeros(0)), (np.arange(3.0), np.arange(3.0), np.array([-1.0, -0.0, math.inf]))
# args: (np.arange(10.0)[::2], np.asfortranarray(np.arange(5.0)), np.arange(15.0)[::-3])
# hypothesis: hnp.arrays(np.float64, 6), hnp.arrays(np.float64, 6), hnp.arrays(np.float64, 6)

# %% fused_2d
def fused_2d(a, b, d):
    return a * b + 2.0 * np.sqrt(d)
# args: (floats(12, 4).reshape(3, 4), floats(12, 5).reshape(3, 4), np.abs(floats(12, 6)).reshape(3, 4))
# args: (np.asfortranarray(floats(12, 4).reshape(3, 4)), floats(12, 5).reshape(4, 3).T, np.abs(floats(24, 6)).reshape(6, 4)[::2])

# %% broadcast_row
def broadcast_row(a, row):
    return a + row
# args: (np.arange(6.0).reshape(2, 3), np.arange(3.0)), (np.arange(6.0).reshape(2, 3), np.arange(2.0).reshape(2, 1))
# args: (np.arange(6.0).reshape(2, 3), np.arange(2.0)), (np.zeros((0, 3)), np.ones(3)), (np.arange(6.0).reshape(3, 2).T, np.ones(3, dtype=np.int32))
# args: (np.arange(3.0), np.arange(3.0).reshape(3, 1)), (np.arange(6.0).reshape(2, 3), np.array(10.0))

# %% broadcast_scalar
def broadcast_scalar(a, x):
    return a + x, a * x, x - a
# args: (np.arange(3.0), 1.5), (np.arange(3.0), 2), (np.arange(6.0).reshape(2, 3), -0.0), (np.zeros(0), 1.0)
# args: (np.arange(3, dtype=np.int32), 1.5), (np.arange(3, dtype=np.int32), 1), (np.arange(3, dtype=np.int32), 2**40)
# args: (np.arange(3, dtype=np.int8), 100), (np.arange(3, dtype=np.int8), 300), (np.arange(3, dtype=np.float32), 0.1)
# args: (np.arange(3, dtype=np.uint8), -1), (np.arange(3, dtype=np.uint64), 1), (np.array([True, False]), 2)
# args: (np.arange(3, dtype=np.int8), np.int64(1)), (np.arange(3, dtype=np.float32), np.float64(0.1)), (np.arange(3.0), np.int8(2))

# %% zero_d_operands
def zero_d_operands(a, b):
    return a + 1.0, a * b, a - b
# args: (np.array(2.0), np.array(1.0)), (np.array(2.0), np.arange(2.0)), (np.array(3, dtype=np.int8), np.array(100, dtype=np.int8))

# %% result_dtypes
def result_dtypes(a, b):
    return a + b, a * b, a - b
# args: (np.array([100, -100], dtype=np.int8), np.array([100, -100], dtype=np.int8)), (np.array([0, 1], dtype=np.uint8), np.array([1, 1], dtype=np.uint8))
# args: (np.arange(3, dtype=np.int32), np.arange(3.0)), (np.ones(2, dtype=np.uint64), np.ones(2, dtype=np.int64)), (np.ones(2, dtype=np.float32), np.ones(2))
# args: (np.arange(3, dtype=np.int16), np.arange(3, dtype=np.uint8)), (np.array([2**31 - 1], dtype=np.int32), np.array([2], dtype=np.int32))
# hypothesis: hnp.arrays(np.int8, 4), hnp.arrays(np.int8, 4)

# %% bool_arrays
def bool_arrays(a, b):
    return a + b, a * b, a > b, a == b
# args: (np.array([True, False, True]), np.array([True, True, False])), (np.array([True, False]), np.array([0.5, 1.5]))

# %% division
def division(a, b):
    return a / b, a // b, a % b
# args: (np.arange(-3, 3), np.full(6, 2)), (np.arange(-3, 3), np.full(6, -3)), (np.arange(3, dtype=np.int32), np.arange(3, dtype=np.int32))
# args: (np.arange(3.0), np.zeros(3)), (np.array([-0.0, 5.0, -5.0]), np.array([1.0, -3.0, 3.0])), (np.array([-128], dtype=np.int8), np.array([-1], dtype=np.int8))
# hypothesis: hnp.arrays(np.float64, 3), hnp.arrays(np.float64, 3)

# %% unary_and_power
def unary_and_power(a):
    return -a, abs(a), np.abs(a), a ** 2
# args: (np.array([-128, 5, 16], dtype=np.int8),), (np.array([-0.0, -1.5, math.nan]),), (np.array([1, 0], dtype=np.uint8),), (np.zeros(0),)
# args: (np.array([1 - 2j, -3j]),)

# %% comparisons
def comparisons(a, b):
    return a > b, a <= b, a == b, a != b
# args: (np.arange(3.0), np.array([0.0, math.nan, 5.0])), (np.arange(4, dtype=np.uint8), np.arange(4, dtype=np.int8) - 2), (np.arange(3.0), 1.0)
# args: (np.array([-0.0]), np.array([0.0])), (np.arange(6.0).reshape(2, 3), np.arange(3.0))

# %% math_on_arrays
def math_on_arrays(a):
    return np.sqrt(a), np.floor(a), np.isnan(a), np.exp(a), np.sin(a), np.cos(a)
# args: (np.array([4.0, -1.0, -0.0, math.inf, math.nan, 22.478994077353363]),), (floats(40, 7) * 100,)
# args: (np.array([4.0, -1.0, 1e4], dtype=np.float32),), (np.arange(4, dtype=np.int32),), (np.arange(6.0).reshape(2, 3).T,), (np.zeros(0),)
# hypothesis: hnp.arrays(np.float64, 5, elements=st.floats(-800, 800))

# %% in_place_add
def in_place_add(a, b):
    a += b
    a *= 2.0
    return a
# args: (np.arange(3.0), np.ones(3)), (np.arange(6.0).reshape(2, 3), np.arange(3.0)), (np.arange(6.0)[::2], np.ones(3))
# args: (np.arange(3.0), np.ones((2, 3))), (np.asfortranarray(np.arange(6.0).reshape(2, 3)), np.ones((2, 3)))

# %% in_place_add_overlap
def in_place_add_overlap(a):
    a += a.T
    return a
# args: (np.arange(4.0).reshape(2, 2),), (np.arange(9.0).reshape(3, 3),), (np.asfortranarray(np.arange(9, dtype=np.int32).reshape(3, 3)),)

# %% in_place_int_wraps
def in_place_int_wraps(a, b):
    a += b
    return a
# args: (np.array([100, -100], dtype=np.int8), np.array([100, -100], dtype=np.int8)), (np.array([250], dtype=np.uint8), 10)
# args: (np.array([1], dtype=np.int8), 300)

# %% expression_then_sum
def expression_then_sum(a, b):
    c = a * b - 1.0
    return c.sum(), c.max(), c.shape
# args: (floats(50, 8), floats(50, 9)), (np.arange(6.0).reshape(2, 3), np.arange(3.0)), (np.zeros(0), np.zeros(0))

# %% expression_in_loop
def expression_in_loop(a, n):
    for k in range(n):
        a = a * 0.5 + 1.0
    return a
# args: (np.arange(4.0), 0), (np.arange(4.0), 3), (np.arange(4, dtype=np.int32), 2), (np.zeros((2, 0)), 2)

# %% mixed_layout_operands
def mixed_layout_operands(a, b):
    return a - b.T, (a * 2.0).T
# args: (np.arange(6.0).reshape(2, 3), np.asfortranarray(np.arange(6.0).reshape(3, 2))), (np.arange(12.0).reshape(4, 3)[::2], np.arange(6.0).reshape(3, 2)[::-1])

# %% augmented_with_0d_expression
def augmented_with_0d_expression(a, b):
    c = a + b * 2
    c += a
    c -= b * a
    return c
# args: (np.array(1.0), np.array(2.0)), (np.arange(3.0), np.arange(3.0)), (np.array(3, dtype=np.int8), np.array(100, dtype=np.int8))
