"""Differential cases: slices and sub-array views inside compiled code (`a[1:n]`, `a[::-1]`,
`a[:, j]`, `a[i]` of a 2-d array, `for row in a`), stores through them (`a[1:3] = x`,
`a[::2] += 1`, `a[0] = a[1]`), and in-place whole-array updates (`a += b`).

Format: see tests/support/cases.py. CPython is the oracle; there are no expected values here.
The views are numpy's own (made by numpy from compiled code), so clipping, negative steps and
errors are numpy's; the cases check that what compiled code does with them matches."""
import math  # noqa: F401  (available to the cases)

import numpy as np

# %% slice_sum
def slice_sum(a, lo, hi):
    t = 0.0
    b = a[lo:hi]
    for i in range(len(b)):
        t += b[i]
    return t, b.shape
# args: (np.arange(10.0), 2, 7), (np.arange(10.0), -3, 100), (np.arange(10.0), 5, 2), (np.arange(10.0), 0, 0)
# hypothesis: hnp.arrays(np.float64, st.integers(0, 12)), st.integers(-15, 15), st.integers(-15, 15)

# %% reversed_and_strided
def reversed_and_strided(a):
    r = a[::-1]
    s = a[1::2]
    return r[0], s.sum(), r, s
# args: (np.arange(7.0),), (np.arange(6, dtype=np.int32),), (np.arange(12.0).reshape(3, 4)[:, 1],)

# %% columns_and_rows
def columns_and_rows(m, j):
    col = m[:, j]
    row = m[j]
    total = 0.0
    for r in m:
        total += r[j]
    return col.sum(), row.sum(), total
# args: (np.arange(12.0).reshape(3, 4), 1), (np.asfortranarray(np.arange(12.0).reshape(3, 4)), -1), (np.arange(12.0).reshape(3, 4), 3)

# %% store_into_slices
def store_into_slices(a, x):
    a[1:3] = x
    a[::2] += 1.0
    a[-1:] = a[:1]
    return a
# args: (np.zeros(6), 2.5), (np.arange(5.0), -1.0), (np.zeros(3, dtype=np.float32), 7)

# %% row_copy
def row_copy(m):
    m[0] = m[1]
    m[2] = 0.5
    return m
# args: (np.arange(9.0).reshape(3, 3),), (np.arange(6, dtype=np.int32).reshape(3, 2),)

# %% inplace_whole_array
def inplace_whole_array(a, b):
    a += b
    a *= 2
    return a
# args: (np.arange(4.0), np.ones(4)), (np.arange(4, dtype=np.int8), np.full(4, 100, dtype=np.int8)), (np.arange(6.0).reshape(2, 3), np.arange(3.0))
# args: (np.arange(4.0), np.ones(5))

# %% inplace_on_view
def inplace_on_view(m):
    m[1:] += m[:-1]
    return m
# args: (np.arange(5.0),), (np.arange(12.0).reshape(4, 3),)
