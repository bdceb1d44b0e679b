"""Differential cases: array methods and attributes (a.sum(), a.min(), a.max(), a.mean(),
a.copy(), a.fill(x), a.reshape(...), a.T, `for row in a`) over dtypes, layouts, empty and 0-d
arrays; numpy math on scalars (np.sqrt, np.exp, np.sin, np.cos, np.abs, np.floor, np.isnan on
Python floats and ints and on numpy scalars); numpy scalar arguments (np.float64(1.5),
np.int32(7), ...) in arithmetic with each other and with Python numbers.

Format: see tests/support/cases.py. CPython is the oracle; there are no expected values here.

What the oracle demands, measured with numpy 2.4 on x86-64 with AVX-512: a.sum() of floats is
numpy's pairwise summation (blocks of 8 partial sums), not a left-to-right loop, and C, Fortran
and transposed layouts of the same values give the same sum while a reversed view does not;
a.mean() is that sum divided by the size (nan with a RuntimeWarning when empty); a.min()/a.max()
raise ValueError on empty arrays and return nan if any item is nan; np.exp, and np.sin/np.cos
on float32, are numpy's own SIMD routines and differ from the C library in the last bit for
some inputs. Numpy scalar arithmetic wraps (int32 overflow, int8 negation) with a
RuntimeWarning, and integer division by zero gives 0 (with a RuntimeWarning) where Python
raises ZeroDivisionError; np.float64(1.0) / 0.0 is inf. np.sqrt of a bool or an int8 is an np.float16 (no case
returns one: float16 is not a supported dtype)."""
import math  # noqa: F401  (available to the cases)

import numpy as np

INT_DTYPES = (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64)
DTYPES = (np.bool_,) + INT_DTYPES + (np.float32, np.float64)


def ramp(n, dtype):
    """0, 1, ..., n - 1 as `dtype` (False, True, True, ... for bool)."""
    return np.arange(n).astype(dtype)


def wavy(n, dtype=np.float64):
    """n values whose float sum depends on the order of the additions."""
    return (np.sin(np.arange(float(n))) * 1e3).astype(dtype)


def layouts(x):
    """`x` (2-D) in every layout: C, Fortran, transposed, every other row, reversed rows, a
    strided block, a broadcast row (stride 0, read-only)."""
    return [x, np.asfortranarray(x), x.T, x[::2], x[::-1], x[1:, ::-2],
            np.broadcast_to(x[0], x.shape)]

# %% sum_every_dtype
def sum_every_dtype(a):
    return a.sum()
# args: *[(ramp(7, t),) for t in DTYPES], *[(np.zeros(0, dtype=t),) for t in DTYPES]
# args: (np.full(300, 100, dtype=np.int8),), (np.array([2**64 - 1, 1], dtype=np.uint64),), (np.array([2**63 - 1, 1]),)
# args: (np.array([1 + 1j, 2 - 3j, complex(0.0, -0.0)]),), (np.array([1.0, math.inf, -math.inf]),)

# %% sum_pairwise
def sum_pairwise(a):
    return a.sum()
# args: (wavy(7),), (wavy(9),), (wavy(17),), (wavy(200),), (wavy(200)[::-1],), (wavy(200)[::2],), (wavy(300, np.float32),)
# args: *[(v,) for v in layouts(wavy(200).reshape(10, 20))]
# hypothesis: hnp.arrays(np.float64, st.integers(0, 40), elements=st.floats(-1e6, 1e6))

# %% min_max
def min_max(a):
    return a.min(), a.max()
# args: *[(ramp(7, t)[::-1],) for t in DTYPES]
# args: (np.array([1.0, math.nan, 0.0]),), (np.array([0.0, -0.0]),), (np.array([-0.0, 0.0]),), (np.zeros(0),), (np.zeros((3, 0)),)
# args: (np.array([1 + 1j, 2 - 3j, 1 - 1j]),), (np.array([math.inf, -math.inf]),)
# args: *[(v,) for v in layouts(np.arange(12, dtype=np.int32).reshape(3, 4) - 5)]
# hypothesis: hnp.arrays(np.float64, st.integers(1, 20))

# %% mean
def mean(a):
    return a.mean()
# args: (np.arange(5.0),), (wavy(200),), (np.array([True, False, True]),), (np.array([100, 100], dtype=np.int8),)
# args: (np.array([1, 2], dtype=np.float32),), (np.zeros(0),), (np.array([2**63 - 1, 2**63 - 1]),), (np.array([1 + 1j, 2 - 3j]),)
# args: *[(v,) for v in layouts(wavy(20).reshape(4, 5))]
# hypothesis: hnp.arrays(np.float64, st.integers(1, 20), elements=st.floats(-1e300, 1e300))

# %% copy_then_write
def copy_then_write(a):
    b = a.copy()
    b[0] = 99
    return a[0], b
# args: (np.arange(4.0),), (np.arange(8, dtype=np.int8)[::-2],), (np.broadcast_to(np.arange(1.0), (3,)),)

# %% copy_2d
def copy_2d(a):
    b = a.copy()
    b[0, 0] = -1
    return b, a
# args: *[(v,) for v in layouts(np.arange(12, dtype=np.int16).reshape(3, 4))]

# %% fill
def fill(a, x):
    a.fill(x)
    return a
# args: (np.zeros(3), 1.5), (np.zeros(3, dtype=np.int8), 300), (np.zeros(3, dtype=np.int8), 2.7), (np.zeros(3, dtype=np.int32), math.nan)
# args: (np.zeros(3), 2**70), (np.zeros((2, 3))[:, ::2], -0.0), (np.zeros(0), 1.0), (np.zeros(()), 4), (np.zeros(3, dtype=np.bool_), 0.5)
# args: (np.broadcast_to(np.zeros(3), (3,)), 1.0), (np.asfortranarray(np.zeros((2, 3), dtype=np.uint16)), 65535)

# %% fill_returns_none
def fill_returns_none(a):
    return a.fill(7)
# args: (np.zeros(2),)

# %% reshape
def reshape(a):
    b = a.reshape(3, 4)
    b[0, 1] = -1.0
    return b, a
# args: (np.arange(12.0),), (np.arange(12.0).reshape(2, 6),), (np.asfortranarray(np.arange(12.0).reshape(2, 6)),)
# args: (np.arange(24.0)[::2],), (np.arange(12.0)[::-1],), (np.arange(10.0),)

# %% reshape_tuple_and_unknown
def reshape_tuple_and_unknown(a, n):
    return a.reshape((n, -1)), a.reshape(-1)
# args: (np.arange(6.0), 2), (np.arange(6.0), 3), (np.arange(6.0), 4), (np.arange(6.0).reshape(2, 3).T, 1), (np.zeros(0), 5)

# %% reshape_0d
def reshape_0d(a):
    return a.reshape(1), a.reshape(()), a.reshape(1, 1, 1)
# args: (np.array(5.0),), (np.array(7, dtype=np.int8),), (np.arange(1.0),), (np.arange(2.0),)

# %% transpose
def transpose(a):
    t = a.T
    n, m = t.shape
    s = 0.0
    for i in range(n):
        for j in range(m):
            s += t[i, j] * (i * m + j)
    return s, t
# args: *[(v,) for v in layouts(np.arange(12.0).reshape(3, 4))]

# %% transpose_write
def transpose_write(a):
    a.T[0, 1] = 5.0
    return a
# args: (np.zeros((2, 3)),), (np.asfortranarray(np.zeros((3, 2))),), (np.zeros((4, 3))[::2],)

# %% transpose_1d_and_0d
def transpose_1d_and_0d(a):
    return a.T, a.T.shape
# args: (np.arange(3.0),), (np.zeros(()),), (np.zeros((2, 3, 4), dtype=np.int8),)

# %% iterate_rows
def iterate_rows(a):
    s = 0.0
    for row in a:
        s += row[0] * row[len(row) - 1]
    return s
# args: *[(v,) for v in layouts(np.arange(12.0).reshape(3, 4))], (np.zeros((0, 3)),)
# args: (np.zeros((3, 0)),)

# %% iterate_items
def iterate_items(a):
    s = 0
    for x in a:
        s += x
    return s
# args: *[(ramp(5, t),) for t in DTYPES], (np.zeros(0),), (np.arange(10.0)[::-3],)
# args: (np.zeros(()),), (np.arange(6).reshape(2, 3),)

# %% method_on_0d
def method_on_0d(a):
    return a.sum(), a.min(), a.max(), a.mean(), a.ndim, a.copy()
# args: (np.array(5.0),), (np.array(-3, dtype=np.int8),), (np.array(True),), (np.array(math.nan),)

# %% sum_of_expression_results
def sum_of_expression_results(a, b):
    return a.sum() + b.sum() * 2, a.max() - b.min()
# args: (np.arange(5.0), np.arange(3, dtype=np.int32)), (np.arange(5, dtype=np.int8), np.arange(3, dtype=np.uint8))
# args: (np.array([127], dtype=np.int8), np.array([1], dtype=np.int8))

# %% scalar_math_python_floats
def scalar_math_python_floats(x):
    return np.sqrt(x), np.abs(x), np.floor(x), np.isnan(x)
# args: (2.0,), (-0.0,), (-0.5,), (-1.0,), (math.inf,), (-math.inf,), (math.nan,), (1e-320,)
# args: (4,), (-3,), (0,), (2**63 - 1,), (-2**63,)
# hypothesis: st.floats()

# %% scalar_math_transcendental
def scalar_math_transcendental(x):
    return np.exp(x), np.sin(x), np.cos(x)
# args: (0.0,), (-0.0,), (1.0,), (710.0,), (-745.2,), (math.inf,), (-math.inf,), (math.nan,), (1e22,)
# args: (22.478994077353363,), (12.348975553750044,), (2,), (np.float32(1.0),), (np.float32(1e4),)
# hypothesis: st.floats(-800, 800)

# %% scalar_math_numpy_scalars
def scalar_math_numpy_scalars(x):
    return np.sqrt(x), np.abs(x), np.floor(x), np.isnan(x), np.exp(x)
# args: (np.float64(2.0),), (np.float64(-0.0),), (np.float32(2.0),), (np.float32(-1.5),), (np.float64(math.nan),)
# args: (np.int32(4),), (np.int64(-7),), (np.uint64(2**64 - 1),), (np.uint32(7),)
# hypothesis: st.floats(width=32).map(np.float32)

# %% scalar_math_small_ints
def scalar_math_small_ints(x):
    return np.abs(x), np.floor(x), np.isnan(x)
# args: (np.int8(-128),), (np.int8(5),), (np.uint8(200),), (np.int16(-3),), (np.bool_(True),), (True,)

# %% numpy_scalar_arguments
def numpy_scalar_arguments(x, y):
    return x + y, x - y, x * y, x / y, x > y, x == y
# args: (np.float64(1.5), np.float64(2.0)), (np.float64(1.5), 2), (np.float64(1.5), 2.0), (1.5, np.float64(2.0))
# args: (np.int32(7), np.int32(2)), (np.int32(7), 2), (np.int32(7), 1.5), (np.int32(7), np.int64(2))
# args: (np.float32(1.5), 0.1), (np.float32(1.5), np.float64(0.1)), (np.int8(100), np.int8(-100)), (np.uint8(1), np.int8(2))
# args: (np.int32(2**31 - 1), np.int32(1)), (np.int32(7), 2**31), (np.int32(7), 2**70), (np.uint8(1), -1)
# args: (np.float64(1.0), 0.0), (1.0, np.float64(0.0)), (np.int32(1), np.int32(0)), (np.bool_(True), 1)
# hypothesis: st.integers(-2**31, 2**31 - 1).map(np.int32), st.integers(-2**31, 2**31 - 1).map(np.int32)

# %% numpy_scalar_division
def numpy_scalar_division(x, y):
    return x // y, x % y
# args: (np.int32(-7), np.int32(2)), (np.int32(-7), 2), (np.int32(7), np.int32(0)), (np.int8(-128), np.int8(-1))
# args: (np.int64(-2**63), -1), (np.float64(5.0), -3.0), (np.float64(1.5), 0.0), (np.float64(-0.0), 1.0)
# hypothesis: st.integers(-100, 100).map(np.int16), st.integers(-10, 10).map(np.int16)

# %% numpy_scalar_unary_and_power
def numpy_scalar_unary_and_power(x, n):
    return -x, abs(x), x ** n
# args: (np.int8(-128), 2), (np.int32(2), 40), (np.int32(3), 3), (np.uint8(1), 1), (np.float64(-2.0), 3), (np.float32(1.5), 2)
# args: (np.int32(2), -1), (np.float64(-8.0), 0.5), (np.float64(10.0), 400)

# %% numpy_scalar_conversions
def numpy_scalar_conversions(x):
    return int(x), float(x), bool(x), round(x), math.floor(x)
# args: (np.float64(2.5),), (np.float32(-2.5),), (np.int32(7),), (np.uint64(2**64 - 1),), (np.int8(-3),)
# args: (np.float64(math.nan),), (np.float64(math.inf),)

# %% numpy_scalar_loop
def numpy_scalar_loop(x, n):
    for i in range(n):
        x = x * 3 + 1
    return x
# args: (np.int32(1), 10), (np.int32(1), 30), (np.int8(1), 5), (np.uint16(1), 12), (np.float32(1.0), 100), (np.float64(1.0), 700)
# args: (np.int64(1), 45), (np.uint64(1), 45)
