"""Differential cases: reading numpy arrays (a[i], a[i, j], a[i, j, k], negative and
out-of-range indices, loops over range(len(a)) and range(a.shape[0]), `n, m = a.shape`,
sum-by-loop over every dtype, every layout (C, Fortran, strided, transposed, negative strides,
zero strides), empty and 0-d arrays, and the attributes ndim, size, shape and len).

Format: see tests/support/cases.py. CPython is the oracle; there are no expected values here.
The preamble's helpers build arguments only (the tested functions never call them); the driver
hands CPython and lesto each a copy of every argument with the same strides.

Things numpy does that plain Python does not, all deliberate here: `a[i]` of an integer array
is a numpy scalar (np.int64, np.uint8, ...), and `s = 0; s += a[i]` keeps the array's dtype
(int8 sums wrap around, with a RuntimeWarning); an index past the end raises
IndexError("index 3 is out of bounds for axis 0 with size 3"); an index beyond 64 bits raises
OverflowError or IndexError with numpy's own messages; `a[True]` is a mask, not `a[1]`."""
import math  # noqa: F401  (available to the cases)

import numpy as np

INT_DTYPES = (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64)
FLOAT_DTYPES = (np.float32, np.float64)
DTYPES = (np.bool_,) + INT_DTYPES + FLOAT_DTYPES


def extremes(dtype):
    """A 1-D array of `dtype` holding its extremes (and, for floats, -0.0, inf and nan)."""
    if np.dtype(dtype).kind == "b":
        return np.array([True, False, True, True])
    if np.dtype(dtype).kind in "iu":
        info = np.iinfo(dtype)
        return np.array([info.max, info.min, 1, info.max // 3, 0, info.max], dtype=dtype)
    info = np.finfo(dtype)
    return np.array([1.5, -0.0, info.max, info.max, -info.tiny, 0.25], dtype=dtype)


def layouts(x):
    """`x` (2-D) in every layout: C, Fortran, transposed, every other row, reversed rows, a
    strided block, a broadcast row (stride 0, read-only), and the empty shapes (0, n), (n, 0)."""
    return [x, np.asfortranarray(x), x.T, x[::2], x[::-1], x[1:, ::-2],
            np.broadcast_to(x[0], x.shape), x[:0], x[:, :0]]


def layouts_1d(x):
    """`x` (1-D) contiguous, every other item, reversed, stride 0 (read-only), and a column of a
    2-D array, plus the empty array."""
    return [x, x[::2], x[::-1], x[1::3], np.broadcast_to(x[:1], x.shape),
            np.column_stack([x, x])[:, 1], x[:0]]

# %% read_1d
def read_1d(a, i):
    return a[i]
# args: (np.arange(5.0), 0), (np.arange(5.0), 4), (np.arange(5.0), -1), (np.arange(5.0), -5)
# args: (np.arange(5.0), 5), (np.arange(5.0), -6), (np.arange(5.0), 2**31), (np.zeros(0), 0)
# args: (np.arange(5), 3), (np.arange(5, dtype=np.int8), -2), (np.array([True, False]), 1)
# args: (np.array([-0.0, math.nan, math.inf]), 0), (np.array([-0.0, math.nan, math.inf]), 1)
# args: (np.arange(5.0), np.int64(2)), (np.arange(5.0), np.int32(-1)), (np.arange(5.0), np.uint8(7))
# hypothesis: hnp.arrays(np.float64, st.integers(0, 6)), st.integers(-8, 8)

# %% read_every_dtype
def read_every_dtype(a):
    return a[0], a[1], a[-1], a[len(a) - 2]
# args: *[(extremes(t),) for t in DTYPES]
# args: (np.array([1 + 2j, -0.0 - 0.0j, complex(math.nan, 1.0)]),)

# %% read_big_index
def read_big_index(a, i):
    return a[i]
# args: (np.arange(3.0), 2**63), (np.arange(3.0), -2**63 - 1), (np.arange(3.0), 2**70)
# args: (np.arange(3.0), 2**63 - 1), (np.arange(3.0), -2**63)

# %% read_bool_index
def read_bool_index(a, i):
    return a[i]
# args: (np.arange(3.0), True), (np.arange(3.0), False)

# %% read_2d
def read_2d(a, i, j):
    return a[i, j]
# args: (np.arange(12.0).reshape(3, 4), 0, 0), (np.arange(12.0).reshape(3, 4), 2, 3)
# args: (np.arange(12.0).reshape(3, 4), -1, -4), (np.arange(12.0).reshape(3, 4), 3, 0)
# args: (np.arange(12.0).reshape(3, 4), 0, 4), (np.arange(12.0).reshape(3, 4), -4, 0)
# args: (np.arange(12.0).reshape(3, 4), 1, -5), (np.arange(12.0).reshape(3, 4), 5, 9)
# args: *[(v, 1, 0) for v in layouts(np.arange(12.0).reshape(3, 4))]
# args: *[(v, -1, -1) for v in layouts(np.arange(12, dtype=np.int16).reshape(4, 3))]
# hypothesis: st.sampled_from(layouts(np.arange(20.0).reshape(4, 5))), st.integers(-6, 6), st.integers(-6, 6)

# %% read_3d
def read_3d(a, i, j, k):
    return a[i, j, k]
# args: (np.arange(24.0).reshape(2, 3, 4), 1, 2, 3), (np.arange(24.0).reshape(2, 3, 4), -2, -3, -4)
# args: (np.arange(24.0).reshape(2, 3, 4), 0, 0, 4), (np.arange(24.0).reshape(2, 3, 4), 0, 3, 0)
# args: (np.arange(24.0).reshape(2, 3, 4), 2, 0, 0), (np.arange(24.0).reshape(2, 3, 4).transpose(2, 0, 1), 3, 1, 2)
# args: (np.asfortranarray(np.arange(24, dtype=np.int32).reshape(2, 3, 4)), 1, 1, 1)
# args: (np.arange(48.0).reshape(4, 3, 4)[::2, ::-1, 1:], 1, 0, 2)
# hypothesis: st.just(np.arange(24, dtype=np.uint16).reshape(2, 3, 4)), st.integers(-3, 3), st.integers(-4, 4), st.integers(-5, 5)

# %% too_many_indices
def too_many_indices(a):
    return a[0, 0]
# args: (np.arange(3.0),), (np.zeros(()),)

# %% row_of_2d
def row_of_2d(a, i):
    r = a[i]
    return r[0] + r[-1]
# args: *[(v, 0) for v in layouts(np.arange(12.0).reshape(3, 4))[:6]]
# args: (np.arange(12.0).reshape(3, 4), 3), (np.arange(12.0).reshape(3, 4), -4)

# %% sum_loop_len
def sum_loop_len(a):
    s = 0
    for i in range(len(a)):
        s += a[i]
    return s
# args: *[(extremes(t),) for t in DTYPES]
# args: *[(v,) for v in layouts_1d(np.arange(10.0))]
# args: (np.zeros(0),), (np.zeros(0, dtype=np.int8),), (np.full(5, 100, dtype=np.int8),)
# hypothesis: hnp.arrays(np.float64, st.integers(0, 10))

# %% sum_loop_int_dtypes
def sum_loop_int_dtypes(a):
    s = 0
    for i in range(a.shape[0]):
        s += a[i]
    return s
# args: *[(np.full(7, np.iinfo(t).max // 2 + 1, dtype=t),) for t in INT_DTYPES]
# args: *[(np.full(7, np.iinfo(t).min, dtype=t),) for t in INT_DTYPES]
# hypothesis: hnp.arrays(np.int8, st.integers(0, 12))

# %% sum_loop_float_start
def sum_loop_float_start(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * 0.5
    return s
# args: *[(extremes(t),) for t in DTYPES]
# args: (np.zeros(0, dtype=np.float32),), (np.array([1e38, 1e38, -1e38], dtype=np.float32),)
# hypothesis: hnp.arrays(np.float32, st.integers(0, 8))

# %% sum_complex
def sum_complex(a):
    s = 0j
    for i in range(len(a)):
        s += a[i] * a[i]
    return s
# args: (np.array([1 + 2j, -0.0 - 0.0j, complex(math.nan, 1.0)]),)
# args: (np.array([1 + 2j, 3 - 4j, 1e300j, complex(0.0, -0.0)])[::-1],)
# hypothesis: hnp.arrays(np.complex128, st.integers(1, 6))

# %% sum_2d
def sum_2d(a):
    n, m = a.shape
    s = 0.0
    for i in range(n):
        for j in range(m):
            s += a[i, j] * (i + 1) - j
    return s
# args: *[(v,) for v in layouts(np.arange(12.0).reshape(3, 4))]
# args: *[(v,) for v in layouts(np.arange(20, dtype=np.int32).reshape(5, 4))]
# args: *[(v,) for v in layouts(np.linspace(-1.0, 1.0, 30, dtype=np.float32).reshape(6, 5))]
# args: (np.zeros((3, 0)),), (np.zeros((0, 3)),), (np.zeros((0, 0), dtype=np.uint8),)
# hypothesis: hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, min_side=0, max_side=4))

# %% sum_3d
def sum_3d(a):
    n, m, p = a.shape
    s = 0
    for i in range(n):
        for j in range(m):
            for k in range(p):
                s += a[i, j, k]
    return s
# args: (np.arange(24).reshape(2, 3, 4),), (np.arange(24).reshape(2, 3, 4).transpose(1, 2, 0),)
# args: (np.asfortranarray(np.arange(24.0).reshape(2, 3, 4)),), (np.zeros((2, 0, 3)),)
# args: (np.arange(60, dtype=np.int16).reshape(3, 4, 5)[::-1, 1::2, ::3],)

# %% dot_loop
def dot_loop(a, b):
    s = 0.0
    for i in range(len(a)):
        s += a[i] * b[i]
    return s
# args: (np.arange(5.0), np.arange(5.0)[::-1]), (np.arange(10.0)[::2], np.arange(5, dtype=np.int32))
# args: (np.arange(5.0), np.arange(3.0)), (np.zeros(0), np.zeros(0))
# hypothesis: hnp.arrays(np.float64, 6), hnp.arrays(np.float64, 6)

# %% argmax_loop
def argmax_loop(a):
    best = 0
    for i in range(1, len(a)):
        if a[i] > a[best]:
            best = i
    return best, a[best]
# args: *[(extremes(t),) for t in DTYPES]
# args: (np.array([math.nan, 1.0, 2.0]),), (np.array([1.0, math.nan, 2.0]),), (np.zeros(0),)
# hypothesis: hnp.arrays(np.int32, st.integers(1, 9))

# %% gather
def gather(a, idx):
    s = 0.0
    for k in range(len(idx)):
        s += a[idx[k]]
    return s
# args: (np.arange(5.0), np.array([0, 4, -1, -5], dtype=np.int32))
# args: (np.arange(5.0), np.array([1, 2, 250], dtype=np.uint8)), (np.arange(5.0), np.array([5], dtype=np.int64))
# args: (np.arange(5.0)[::-1], np.array([3, -3, 0], dtype=np.int8))
# hypothesis: st.just(np.arange(6.0)), hnp.arrays(np.int16, 4, elements=st.integers(-8, 8))

# %% attributes
def attributes(a):
    return a.ndim, a.size, a.shape, len(a)
# args: (np.zeros(0),), (np.zeros(7),), (np.zeros((3, 0)),), (np.zeros((0, 3)),)
# args: (np.zeros((2, 3, 4), dtype=np.int8),), (np.zeros((2, 3, 4)).T,), (np.zeros((5, 6))[::2, 1:],)
# args: (np.broadcast_to(np.zeros(3), (4, 3)),), (np.asfortranarray(np.zeros((2, 5))),)

# %% attributes_0d
def attributes_0d(a):
    return a.ndim, a.size, a.shape
# args: (np.zeros(()),), (np.array(7, dtype=np.int8),), (np.array(True),)

# %% len_0d
def len_0d(a):
    return len(a)
# args: (np.zeros(()),), (np.array(-0.0),)

# %% read_0d
def read_0d(a):
    return a[()]
# args: (np.array(-0.0),), (np.array(7, dtype=np.int8),), (np.array(True),), (np.array(2**64 - 1, dtype=np.uint64),)
# args: (np.array(1 - 1j),), (np.array(1.5, dtype=np.float32),)

# %% index_0d
def index_0d(a):
    return a[0]
# args: (np.zeros(()),)

# %% index_last_of_empty
def index_last_of_empty(a):
    return a[len(a) - 1]
# args: (np.zeros(0),), (np.zeros((0, 4)),), (np.zeros(1),)

# %% loop_bounds_from_shape
def loop_bounds_from_shape(a, b):
    n = a.shape[0]
    m = b.shape[1]
    s = 0.0
    for i in range(n):
        for j in range(m):
            s += a[i, 0] * b[0, j]
    return s
# args: (np.ones((3, 2)), np.ones((2, 4))), (np.ones((3, 2)).T, np.ones((1, 4))), (np.ones((0, 1)), np.ones((1, 3)))
# args: (np.ones((3, 0)), np.ones((2, 4)))

# %% mask_select
def mask_select(a):
    return a[a > 0], a[a != a]
# args: (np.array([1.0, -2.0, 3.0, -0.0, np.nan]),), (np.zeros(0),)
# args: (np.arange(-3, 9, dtype=np.int8).reshape(3, 4),), (np.arange(12.0).reshape(3, 4).T,)
# hypothesis: hnp.arrays(np.float64, st.integers(0, 8))

# %% mask_argument
def mask_argument(a, mask):
    b = a[mask]
    return b, b.sum(), len(b)
# args: (np.arange(4.0), np.array([True, False, True, True])), (np.arange(4.0), np.array([True, False]))
# args: (np.arange(6).reshape(2, 3), np.array([False, True])), (np.arange(6).reshape(2, 3), np.ones((2, 3), dtype=bool))
# args: (np.arange(6).reshape(2, 3), np.ones((2, 3, 1), dtype=bool)), (np.arange(3.0), np.array(True))

# %% take_rows
def take_rows(a, idx):
    return a[idx]
# args: (np.arange(5.0), np.array([4, 0, -1, 0])), (np.arange(5.0), np.array([5])), (np.arange(5.0), np.array([-6]))
# args: (np.arange(5.0), np.zeros(0, dtype=np.int64)), (np.arange(12).reshape(4, 3), np.array([[3, 0], [1, 1]]))
# args: (np.arange(12).reshape(4, 3)[::-1], np.array([0, 2], dtype=np.uint8)), (np.arange(5.0)[::2], np.array([2, 1], dtype=np.int32))
# hypothesis: st.just(np.arange(7.0)), hnp.arrays(np.int64, st.integers(0, 5), elements=st.integers(-9, 9))

# %% bool_scalar_index_then_read
def bool_scalar_index_then_read(a, flag):
    b = a[flag]
    return b.shape, b.sum()
# args: (np.arange(3.0), True), (np.arange(3.0), False), (np.arange(6).reshape(2, 3), True)
