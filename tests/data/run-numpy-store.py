"""Differential cases: writing into numpy arrays (a[i] = x, a[i, j] = x, a[i] += x) in every
layout, numpy's casting of the stored value (ints into int8/int32/uint8 arrays, floats into int
arrays, bools into float arrays), out-of-range and read-only writes, writes through a view that
another argument sees, functions that write and return None or the array itself, and writes
followed by an exception or by an int result past 64 bits.

Format: see tests/support/cases.py. CPython is the oracle; there are no expected values here.
The driver runs CPython and lesto each on its own layout-preserving copy of the arguments and
compares the arguments after the call too, also when both raised: writes made before an
exception must match (a compiled function that re-runs in the interpreter after writing would
write twice).

numpy 2 casting, as this file relies on it: storing a Python int out of the dtype's range raises
OverflowError("Python integer 300 out of bounds for int8"), and so does storing an np.int64 or a
float whose truncation is out of range; a float beyond int64 gives OverflowError("Python int too
large to convert to C long"), nan a ValueError; in-range floats truncate toward zero. But
`a[0] = a[0] + 100` computes in np.int8 and wraps (with a RuntimeWarning, which the driver does
not compare), while `a[0] += 300` raises, since 300 does not fit int8 (NEP 50). A numpy
int scalar stored into an *unsigned* array wraps instead (np.int16(300) into uint8 is 44,
np.int8(-1) 255), while into a signed array it must fit (np.uint8(200) into int8 raises
OverflowError("Python integer 200 out of bounds for int8"); np.uint64(2**63) into any signed
array "Python int too large to convert to C long"). A numpy float out of an unsigned dtype's
range is stored by the machine's C cast (np.float64(-1.5) into uint8 is 255 on x86-64)."""
import math  # noqa: F401  (available to the cases)

import numpy as np

INT_DTYPES = (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64)
DTYPES = (np.bool_,) + INT_DTYPES + (np.float32, np.float64)


def layouts(x):
    """`x` (2-D) in the writable layouts: C, Fortran, transposed, every other row, reversed
    rows, a strided block."""
    return [x, np.asfortranarray(x), x.T, x[::2], x[::-1], x[1:, ::-2]]


def base_and_view(n):
    """(base, base[::2]): two arguments sharing memory."""
    base = np.arange(float(n))
    return base, base[::2]

# %% store_1d
def store_1d(a, i, x):
    a[i] = x
# args: (np.zeros(4), 0, 1.5), (np.zeros(4), -1, -0.0), (np.zeros(4), 3, math.nan), (np.zeros(4), 2, 7)
# args: (np.zeros(4), 4, 1.0), (np.zeros(4), -5, 1.0), (np.zeros(0), 0, 1.0), (np.zeros(4)[::-2], 1, 2.5)
# args: *[(np.zeros(3, dtype=t), 1, 1) for t in DTYPES], *[(np.zeros(3, dtype=t), -1, True) for t in DTYPES]
# args: (np.zeros(3, dtype=np.complex128), 0, np.complex128(1 - 2j)), (np.zeros(3, dtype=np.complex128), 1, 2.5)
# hypothesis: hnp.arrays(np.float64, st.integers(0, 5)), st.integers(-6, 6), st.floats()

# %% store_2d_return_array
def store_2d_return_array(a, i, j, x):
    a[i, j] = x
    return a
# args: *[(v, 1, 0, -1.0) for v in layouts(np.zeros((4, 3)))]
# args: (np.zeros((4, 3)), 4, 0, 1.0), (np.zeros((4, 3)), 0, -4, 1.0), (np.zeros((0, 3)), 0, 0, 1.0)
# args: (np.zeros((2, 2), dtype=np.int32), 1, 1, 2**31 - 1), (np.zeros((2, 2), dtype=np.uint8), -1, -2, 255)
# hypothesis: st.just(np.zeros((3, 4))), st.integers(-4, 4), st.integers(-5, 5), st.floats()

# %% store_3d
def store_3d(a, x):
    n, m, p = a.shape
    for i in range(n):
        for j in range(m):
            for k in range(p):
                a[i, j, k] = x * (i * 100 + j * 10 + k)
    return a[n - 1, m - 1, p - 1]
# args: (np.zeros((2, 3, 4)), 1.0), (np.zeros((2, 3, 4)).transpose(2, 0, 1), 0.5)
# args: (np.asfortranarray(np.zeros((2, 3, 4), dtype=np.int32)), 1), (np.zeros((4, 3, 4))[::2, ::-1, 1:], 1.0)

# %% augmented_store
def augmented_store(a, i, x):
    a[i] += x
    return a[i]
# args: (np.arange(4.0), 1, 0.5), (np.arange(4.0), -1, math.inf), (np.arange(4.0), 4, 1.0)
# args: (np.full(3, 100, dtype=np.int8), 0, 100), (np.full(3, 100, dtype=np.int8), 0, 300)
# args: (np.full(3, 100, dtype=np.int8), 0, 1.5), (np.full(3, 100, dtype=np.int8), 0, 30.5)
# args: (np.zeros(3, dtype=np.uint8), 0, -1), (np.zeros(3, dtype=np.int32), 0, 3000000000)
# args: (np.full(2, 2**63 - 1), 1, 1), (np.full(2, 2**64 - 1, dtype=np.uint64), 1, 1)
# args: (np.zeros(2, dtype=np.float32), 0, 0.1), (np.zeros(2, dtype=np.bool_), 0, True)
# hypothesis: st.just(np.arange(5, dtype=np.int16)), st.integers(-6, 6), st.integers(-40000, 40000)

# %% augmented_store_2d
def augmented_store_2d(a):
    n, m = a.shape
    for i in range(n):
        for j in range(m):
            a[i, j] += i - j
            a[i, j] *= 2
    return a
# args: *[(v,) for v in layouts(np.ones((4, 3)))]
# args: *[(v,) for v in layouts(np.full((4, 3), 60, dtype=np.int8))]

# %% store_python_int_out_of_range
def store_python_int_out_of_range(a, x):
    a[0] = x
    return a[0]
# args: (np.zeros(2, dtype=np.int8), 127), (np.zeros(2, dtype=np.int8), -128), (np.zeros(2, dtype=np.int8), 128)
# args: (np.zeros(2, dtype=np.int8), 300), (np.zeros(2, dtype=np.int8), -129), (np.zeros(2, dtype=np.uint8), -1)
# args: (np.zeros(2, dtype=np.uint8), 256), (np.zeros(2, dtype=np.int32), 2**31), (np.zeros(2, dtype=np.uint32), 2**32 - 1)
# args: (np.zeros(2), 2**70), (np.zeros(2, dtype=np.int64), 2**63), (np.zeros(2, dtype=np.int64), -2**63)
# args: (np.zeros(2, dtype=np.uint64), 2**64 - 1), (np.zeros(2, dtype=np.uint64), 2**64), (np.zeros(2, dtype=np.int8), 2**70)
# args: (np.zeros(2, dtype=np.float32), 2**70), (np.zeros(2, dtype=np.float32), 2**200), (np.zeros(2), 2**1024)
# hypothesis: st.sampled_from([np.zeros(2, dtype=t) for t in INT_DTYPES]), st.integers(-2**65, 2**65)

# %% store_wraps_through_int8_arithmetic
def store_wraps_through_int8_arithmetic(a):
    a[0] = a[0] + 100
    a[1] = a[1] * a[1]
    a[2] = -a[2]
    a[3] -= a[4]
    return a
# args: (np.array([100, 16, -128, -100, 100], dtype=np.int8),), (np.array([1, 2, 3, 4, 5], dtype=np.int8),)
# args: (np.array([200, 16, 0, 0, 1], dtype=np.uint8),), (np.array([2**31 - 1, 2**16, -2**31, -2**31, 1], dtype=np.int32),)
# hypothesis: hnp.arrays(np.int8, 5)

# %% store_floats_into_ints
def store_floats_into_ints(a, x):
    a[0] = x
    a[1] = -x
    return a
# args: (np.zeros(2, dtype=np.int32), 2.9), (np.zeros(2, dtype=np.int32), 0.5), (np.zeros(2, dtype=np.int64), 1e18)
# args: (np.zeros(2, dtype=np.int8), 127.9), (np.zeros(2, dtype=np.int16), -0.0), (np.zeros(2, dtype=np.int32), 2147483647.5)
# args: (np.zeros(2, dtype=np.int64), 9.2e18), (np.zeros(2, dtype=np.bool_), 0.25), (np.zeros(2, dtype=np.bool_), math.nan)
# hypothesis: st.sampled_from([np.zeros(2, dtype=np.int32), np.zeros(2, dtype=np.int64)]), st.floats(-2e9, 2e9)

# %% store_float_out_of_int_range
def store_float_out_of_int_range(a, x):
    a[1] = x
    return a
# args: (np.zeros(2, dtype=np.uint8), 255.9), (np.zeros(2, dtype=np.uint8), -0.5), (np.zeros(2, dtype=np.uint8), 256.0)
# args: (np.zeros(2, dtype=np.uint8), -1.0), (np.zeros(2, dtype=np.int32), 2.0**31), (np.zeros(2, dtype=np.int32), 1e20)
# args: (np.zeros(2, dtype=np.int64), 2.0**63), (np.zeros(2, dtype=np.int64), -2.0**63), (np.zeros(2, dtype=np.int32), math.inf)
# args: (np.zeros(2, dtype=np.int32), math.nan), (np.zeros(2, dtype=np.int8), np.float64(300.7)), (np.zeros(2, dtype=np.int8), np.float64(-2.7))

# %% store_numpy_scalars_across_dtypes
def store_numpy_scalars_across_dtypes(a, b):
    for i in range(len(a)):
        a[i] = b[i]
    return a
# args: (np.zeros(3, dtype=np.int8), np.array([1, -1, 127])), (np.zeros(3, dtype=np.int8), np.array([1, 2, 300]))
# args: (np.zeros(3, dtype=np.uint8), np.array([1, -1, -56], dtype=np.int8)), (np.zeros(3), np.array([1, 2, 3], dtype=np.uint64))
# args: (np.zeros(3, dtype=np.float32), np.array([0.1, 1e300, -0.0])), (np.zeros(3, dtype=np.int32), np.array([True, False, True]))
# args: (np.zeros(3, dtype=np.complex128), np.array([1.5, -0.0, math.nan])), (np.zeros(3, dtype=np.int16), np.array([1.9, -1.9, 3.5]))

# %% store_bools_into_floats
def store_bools_into_floats(a, x):
    a[0] = True
    a[1] = False
    a[2] = x > 0.0
    a[3] = x
    return a
# args: (np.zeros(4), 1.5), (np.zeros(4), -1.5), (np.zeros(4, dtype=np.float32), math.nan), (np.zeros(4), True)
# args: (np.zeros(4, dtype=np.int8), 7.0), (np.zeros(4, dtype=np.bool_), 0.0), (np.zeros(4, dtype=np.complex128), -0.0)

# %% store_readonly
def store_readonly(a):
    a[0] = 1.0
# args: (np.broadcast_to(np.zeros(3), (3,)),), (np.broadcast_to(np.zeros(3), (2, 3))[0],)

# %% write_return_none
def write_return_none(a, x):
    for i in range(len(a)):
        a[i] = x * i
# args: (np.zeros(5), 0.5), (np.zeros(6)[::2], -1.0), (np.zeros(5)[::-1], 2.0), (np.zeros(0), 1.0)
# args: (np.zeros(5, dtype=np.int16), 1000), (np.zeros(5, dtype=np.int16), 10000)

# %% write_return_self
def write_return_self(a):
    for i in range(len(a)):
        a[i] = a[i] * 2 + 1
    return a
# args: (np.arange(5.0),), (np.arange(12.0)[1::3],), (np.arange(5, dtype=np.uint8)[::-1],), (np.zeros(0),)
# args: (np.arange(4.0).reshape(2, 2),), (np.asfortranarray(np.arange(6.0).reshape(2, 3)),)

# %% write_return_self_and_value
def write_return_self_and_value(a, i):
    a[i] = 42
    return a, a[i], len(a)
# args: (np.zeros(3), 1), (np.zeros(3, dtype=np.int8), -1), (np.zeros(3), 3)

# %% write_through_view
def write_through_view(base, view):
    view[1] = -1.0
    view[-1] += 0.5
    return base[2], base[len(base) - 1]
# args: base_and_view(6), base_and_view(7), base_and_view(3)

# %% same_array_twice
def same_array_twice(a, b):
    a[0] = 5.0
    return b[0]
# args: *[(x, x) for x in [np.zeros(3)]], (np.zeros(3), np.zeros(3))

# %% swap_elements
def swap_elements(a, i, j):
    a[i], a[j] = a[j], a[i]
    return a
# args: (np.arange(4.0), 0, 3), (np.arange(4.0), -1, 1), (np.arange(4.0), 1, 1), (np.arange(4.0), 0, 4)
# hypothesis: st.just(np.arange(5, dtype=np.int32)), st.integers(-6, 6), st.integers(-6, 6)

# %% reverse_in_place
def reverse_in_place(a):
    n = len(a)
    for i in range(n // 2):
        t = a[i]
        a[i] = a[n - 1 - i]
        a[n - 1 - i] = t
    return a
# args: (np.arange(5.0),), (np.arange(6)[::-1],), (np.arange(12, dtype=np.int8)[::3],), (np.zeros(0),)
# hypothesis: hnp.arrays(np.float64, st.integers(0, 7))

# %% store_0d
def store_0d(a, x):
    a[()] = x
    return a[()], a
# args: (np.zeros(()), 1.5), (np.zeros((), dtype=np.int8), 127), (np.zeros((), dtype=np.int8), 128), (np.array(True), 0.0)

# %% partial_writes_then_index_error
def partial_writes_then_index_error(a, n):
    for i in range(n):
        a[i] += 1.0
    return a
# args: (np.zeros(3), 3), (np.zeros(3), 5), (np.zeros(3)[::-1], 4), (np.zeros((0,)), 1)

# %% partial_writes_then_overflow
def partial_writes_then_overflow(a, x):
    for i in range(len(a)):
        a[i] = x * (i + 1)
    return a
# args: (np.zeros(4, dtype=np.int8), 30), (np.zeros(4, dtype=np.int8), 50), (np.zeros(3, dtype=np.uint8), 100)

# %% write_then_zero_division
def write_then_zero_division(a, d):
    a[0] += 1.0
    return 1 // d
# args: (np.zeros(2), 1), (np.zeros(2), 0)

# %% write_then_big_int
def write_then_big_int(a, n):
    a[0] += 1.0
    return n * n
# args: (np.zeros(2), 3), (np.zeros(2), 2**40), (np.zeros(2), 2**62)

# %% write_then_affine
def write_then_affine(a, n):
    a[0] += 1.0
    return 3 * n + 1, -2 * n - 5
# args: (np.zeros(2), 7), (np.zeros(2), 2**61 + 5), (np.zeros(2), -(2**61) - 7)

# %% write_then_assert
def write_then_assert(a, x):
    a[0] = x
    assert x > 0, "x must be positive"
    a[1] = x
    return a
# args: (np.zeros(2), 1.0), (np.zeros(2), -1.0)

# %% store_through_mask
def store_through_mask(a, x):
    a[a < 0] = x
    a[a > 100] = a[a > 100] // 2
    return a
# args: (np.array([1.0, -2.0, 300.0, -0.0]), 0.5), (np.array([-1, 500, 3], dtype=np.int16), 7), (np.zeros(0), 1.0)
# args: (np.array([255, 200], dtype=np.uint8).view(np.int8), -1), (np.array([-5.0, 7.0]), np.nan)

# %% store_through_index_array
def store_through_index_array(a, idx, v):
    a[idx] = v
    a[idx] += 1
    return a
# args: (np.zeros(4), np.array([0, 3, -1]), 2.5), (np.zeros(4), np.array([4]), 1.0), (np.zeros((3, 2)), np.array([2]), np.array([1.0, 2.0]))
# args: (np.zeros(4, dtype=np.int32), np.array([1, 2]), np.array([7.9, -7.9])), (np.zeros(4), np.array([1, 2]), np.array([1.0, 2.0, 3.0]))

# %% store_numpy_ints_across_widths
def store_numpy_ints_across_widths(a, b):
    for i in range(len(b)):
        a[i] = b[i]
    return a
# args: *[(np.zeros(4, dtype=d), np.array([1, 300, 2**40, 2**63 - 1], dtype=np.int64).astype(s)) for d in INT_DTYPES for s in INT_DTYPES]
# args: *[(np.zeros(3, dtype=d), np.array([200, -1, 7]).astype(s)) for d in INT_DTYPES for s in INT_DTYPES]
# args: *[(np.zeros(3, dtype=d), np.array([2**63, 2**64 - 1, 5], dtype=np.uint64)) for d in INT_DTYPES]

# %% store_float_scalar_into_unsigned
def store_float_scalar_into_unsigned(a, x):
    a[0] = x
    return a
# args: *[(np.zeros(2, dtype=d), x) for d in (np.uint8, np.uint16, np.uint64) for x in (np.float64(-1.5), np.float64(255.9), np.float32(-0.5), np.float64(1e10))]

# %% store_computed_into_narrower
def store_computed_into_narrower(a, b):
    for i in range(len(a)):
        a[i] = b[i] * 128
        a[i] += b[i] > 1
    return a
# args: (np.zeros(4, dtype=np.uint8), np.array([1, 2, 3, 255], dtype=np.int16))
# args: (np.zeros(4, dtype=np.int8), np.array([1, 2, 3, 255], dtype=np.int16))
# args: (np.zeros(4, dtype=np.uint16), np.array([1, 2, -3, 255], dtype=np.int64))
