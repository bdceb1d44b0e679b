"""Differential cases: arrays created inside the function and returned to Python: np.zeros,
np.ones, np.full, np.arange, np.empty, np.empty_like, np.zeros_like, np.ones_like, with shapes
given as ints, tuples and other arrays' shapes, dtypes given positionally or by `dtype=`
(np.float64, np.int32, np.bool_, ... and the builtins int, float, bool), bad shapes (ValueError),
0-d and empty arrays, and arrays created in loops and returned in tuples.

Format: see tests/support/cases.py. CPython is the oracle; there are no expected values here.
np.empty's contents are undefined, so no case returns or reads them: every np.empty array is
filled before it is returned, or only its shape and size are returned.

numpy facts these cases pin down: np.full(n, 2**63) has dtype uint64; np.arange(300,
dtype=np.int8) wraps silently; np.arange with a zero step raises ZeroDivisionError ("division
by zero", or "float division by zero" for a float step); np.zeros(2**62) raises ValueError
("array is too big; ..."), np.zeros(2**63) ValueError("Maximum allowed dimension exceeded");
np.zeros_like and np.empty_like keep the argument's memory order (Fortran stays Fortran)."""
import math  # noqa: F401  (available to the cases)

import numpy as np

# %% zeros_1d
def zeros_1d(n):
    return np.zeros(n)
# args: (0,), (1,), (5,), (-1,), (2**62,), (2**63,)
# hypothesis: st.integers(0, 50)

# %% zeros_2d_tuple
def zeros_2d_tuple(n, m):
    return np.zeros((n, m)), np.zeros((n, m), dtype=np.int32)
# args: (2, 3), (0, 3), (3, 0), (1, 1), (-1, 2), (2, -1), (2**31, 2**31)
# hypothesis: st.integers(0, 6), st.integers(0, 6)

# %% shape_from_variable
def shape_from_variable(n):
    shape = (n, 2, n + 1)
    a = np.ones(shape)
    b = np.zeros(a.shape, dtype=np.uint8)
    return a, b, a.ndim, b.size
# args: (0,), (1,), (3,)

# %% zeros_0d
def zeros_0d(x):
    a = np.zeros(())
    a[()] = x
    return a
# args: (1.5,), (-0.0,), (7,)

# %% ones_every_dtype
def ones_every_dtype(n):
    return (np.ones(n, dtype=np.bool_), np.ones(n, dtype=np.int8), np.ones(n, dtype=np.int16),
            np.ones(n, dtype=np.int32), np.ones(n, dtype=np.int64), np.ones(n, dtype=np.uint8),
            np.ones(n, dtype=np.uint16), np.ones(n, dtype=np.uint32), np.ones(n, dtype=np.uint64),
            np.ones(n, dtype=np.float32), np.ones(n, dtype=np.float64),
            np.ones(n, dtype=np.complex128))
# args: (0,), (3,)

# %% zeros_positional_and_builtin_dtypes
def zeros_positional_and_builtin_dtypes(n):
    return np.zeros(n, np.int16), np.zeros(n, dtype=int), np.zeros(n, dtype=float), np.ones(n, dtype=bool)
# args: (0,), (2,)

# %% full_values
def full_values(n, x):
    return np.full(n, x)
# args: (3, 7), (3, 7.5), (3, True), (3, -0.0), (3, math.nan), (0, 1), (3, 2**63), (3, -2**63)
# args: (3, np.float32(1.5)), (3, np.int8(-3)), (2, np.uint16(7))
# hypothesis: st.integers(0, 5), st.floats()

# %% full_dtype
def full_dtype(n, x):
    return np.full((n, 2), x, dtype=np.int8), np.full(n, x, dtype=np.float32)
# args: (2, 7), (2, 127), (2, 128), (2, -129), (2, 1.7), (2, -1.7), (0, 1), (2, True)
# hypothesis: st.integers(0, 3), st.integers(-200, 200)

# %% arange_ints
def arange_ints(start, stop, step):
    return np.arange(start, stop, step)
# args: (0, 5, 1), (1, 10, 3), (10, 1, -3), (5, 5, 1), (5, 0, 1), (0, 10, 0), (2**62, 2**62 + 3, 1)
# args: (-2**63, -2**63 + 2, 1), (0, 2**63, 2**62)
# hypothesis: st.integers(-20, 20), st.integers(-20, 20), st.integers(-5, 5)

# %% arange_stop_only
def arange_stop_only(n):
    return np.arange(n), np.arange(n, dtype=np.float32), np.arange(n, dtype=np.int8)
# args: (0,), (5,), (-3,), (300,)

# %% arange_floats
def arange_floats(start, stop, step):
    return np.arange(start, stop, step)
# args: (0.0, 1.0, 0.1), (1, 2, 0.3), (0, 0.3, 0.1), (1.0, 0.0, -0.25), (0.0, 1.0, 0.0)
# args: (0.0, math.nan, 1.0), (0.0, 1.0, 2.0), (-0.0, 1.0, 0.5)
# hypothesis: st.floats(-10, 10), st.floats(-10, 10), st.sampled_from([0.5, -0.5, 0.1, 1.0, -3.0])

# %% empty_filled
def empty_filled(n):
    a = np.empty(n)
    for i in range(n):
        a[i] = i * 0.5
    return a
# args: (0,), (1,), (6,)

# %% empty_2d_filled
def empty_2d_filled(n, m):
    a = np.empty((n, m), dtype=np.int32)
    for i in range(n):
        for j in range(m):
            a[i, j] = i * m + j
    return a
# args: (0, 3), (3, 0), (2, 3), (4, 1)

# %% empty_shape_only
def empty_shape_only(n):
    a = np.empty((n, 3), dtype=np.int16)
    b = np.empty(n)
    return a.shape, a.ndim, a.size, b.shape, len(b)
# args: (0,), (4,), (-2,)

# %% empty_like_filled
def empty_like_filled(a):
    b = np.empty_like(a)
    for i in range(len(a)):
        b[i] = a[i] * 2
    return b
# args: (np.arange(4.0),), (np.arange(5, dtype=np.int8),), (np.arange(10.0)[::3],), (np.zeros(0),)
# args: (np.array([100, -100, 1], dtype=np.int8),), (np.array([True, False]),)

# %% zeros_like_ones_like
def zeros_like_ones_like(a):
    z = np.zeros_like(a)
    o = np.ones_like(a)
    z[0, 0] = 5
    return z, o, a[0, 0]
# args: (np.arange(6.0).reshape(2, 3),), (np.asfortranarray(np.arange(6, dtype=np.int32).reshape(2, 3)),)
# args: (np.arange(12.0).reshape(3, 4)[::-1, ::2],), (np.broadcast_to(np.arange(3.0), (2, 3)),)
# args: (np.zeros((0, 2)),)

# %% zeros_like_dtype
def zeros_like_dtype(a):
    return np.zeros_like(a, dtype=np.int8), np.empty_like(a, dtype=np.float32).shape
# args: (np.arange(3.0),), (np.zeros((2, 2), dtype=np.uint64),), (np.zeros(()),)

# %% created_in_loop
def created_in_loop(n):
    total = 0.0
    last = np.zeros(0)
    for k in range(n):
        last = np.full(k, k * 0.5)
        for i in range(k):
            total += last[i]
    return total, last
# args: (0,), (1,), (5,)
# hypothesis: st.integers(0, 12)

# %% created_2d_and_filled
def created_2d_and_filled(n):
    a = np.zeros((n, n))
    for i in range(n):
        a[i, i] = 1.0
        if i + 1 < n:
            a[i, i + 1] = -0.5
    return a
# args: (0,), (1,), (4,)

# %% create_and_return_tuple
def create_and_return_tuple(n):
    a = np.zeros(n)
    b = np.ones(n, dtype=np.int32)
    return (a, (b, n), a.size)
# args: (0,), (3,)

# %% create_from_argument_shape
def create_from_argument_shape(a):
    n, m = a.shape
    out = np.zeros((m, n), dtype=np.float32)
    for i in range(n):
        for j in range(m):
            out[j, i] = a[i, j]
    return out
# args: (np.arange(6.0).reshape(2, 3),), (np.asfortranarray(np.arange(6.0).reshape(3, 2)),), (np.zeros((0, 3)),)
# args: (np.arange(6, dtype=np.int64).reshape(2, 3) * 2**40,)

# %% like_by_dtype_value
def like_by_dtype_value(a, n):
    b = np.zeros(n, dtype=a.dtype)
    c = np.empty_like(a, dtype=a.dtype)
    c.fill(1)
    return b, a.dtype, c, np.ones((n, 2), dtype=a.dtype)
# args: (np.arange(3, dtype=np.int8), 2), (np.arange(3.0), 0), (np.array([True, False]), 3), (np.zeros(2, dtype=np.complex128), 1)
