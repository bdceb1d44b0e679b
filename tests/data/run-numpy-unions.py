"""Differential cases: variables that hold an array and then an array of another dtype (`a = a *
0.5 + 1.0` on an int array), an int and then arrays (`s = 0; for row in m: s += row`), None and
then an array, or an array and then a numpy scalar (a 0-d array's expression), in loops that
run zero, one or more times (the variable keeps its first value and type when the loop does not
run), over several dtypes, layouts and 0-d arrays; operations, methods, indexing and calls on
such a variable; numpy's ValueError from a method on the array it holds.

Format: see tests/support/cases.py. CPython is the oracle; there are no expected values here."""
import math  # noqa: F401  (available to the cases)

import numpy as np

DTYPES = (np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint32, np.uint64,
          np.float32, np.float64)


def ramp(shape, dtype):
    """0, 1, 2, ... in `shape` as `dtype`."""
    return np.arange(int(np.prod(shape))).reshape(shape).astype(dtype)

# %% dtype_changes_in_loop
def dtype_changes_in_loop(a, n):
    for k in range(n):
        a = a * 0.5 + 1.0
    return a
# args: *[(ramp(4, t), n) for t in DTYPES for n in (0, 1, 3)]
# args: (ramp((2, 3), np.int16), 2), (ramp((3, 4), np.int32)[::2, ::-1], 2), (np.asfortranarray(ramp((2, 3), np.uint8)), 1)
# args: (np.array(3, dtype=np.int32), 0), (np.array(3, dtype=np.int32), 2), (np.array(2.5), 1), (np.zeros(0, dtype=np.int8), 2)

# %% int_then_rows
def int_then_rows(a):
    s = 0
    for row in a:
        s += row
    return s
# args: *[(ramp((3, 4), t),) for t in DTYPES], (np.zeros((0, 3)),), (ramp((2, 3, 2), np.int8),)
# args: (np.asfortranarray(ramp((3, 2), np.float32)),), (ramp((4, 3), np.int64)[::-2],), (np.broadcast_to(np.arange(3.0), (2, 3)),)
# args: (np.array(5.0),), (ramp(4, np.int16),), (np.zeros(0),)

# %% int_then_rows_plain_add
def int_then_rows_plain_add(a):
    s = 0
    for row in a:
        s = s + row * 2
    return s, len(a)
# args: (ramp((3, 2), np.int32),), (np.zeros((0, 2)),), (ramp((2, 2), np.bool_),)

# %% none_then_array
def none_then_array(a, n):
    r = None
    for i in range(n):
        r = a + i
    return r
# args: (ramp(3, np.int8), 0), (ramp(3, np.int8), 2), (ramp((2, 2), np.float64), 1)

# %% branch_picks_array_or_int
def branch_picks_array_or_int(a, flag):
    if flag:
        x = a * 2
    else:
        x = 7
    y = x + 1
    return y, x
# args: (ramp(3, np.int32), True), (ramp(3, np.int32), False), (ramp(3, np.float32), True)

# %% use_after_loop
def use_after_loop(a, n):
    for k in range(n):
        a = a / 2
    return a.sum(), a[0], a.shape, a.dtype
# args: (ramp(4, np.int64), 0), (ramp(4, np.int64), 1), (ramp(4, np.uint8), 3), (ramp(4, np.float32), 2)

# %% method_after_loop_raises
def method_after_loop_raises(a):
    s = 0
    for row in a:
        s = s + row
    return s.max()
# args: (ramp((2, 3), np.int64),), (np.zeros((2, 0)),)

# %% passed_to_callee
def total(x):
    return x * 3

def passed_to_callee(a, n):
    s = 0
    for i in range(n):
        s = s + a[i]
    return total(s)
# args: (ramp((3, 2), np.int16), 0), (ramp((3, 2), np.int16), 2), (ramp((3, 2), np.float64), 3)

# %% while_until_large
def while_until_large(a):
    while a.max() < 20:
        a = a * 2.5
    return a
# args: (ramp(3, np.int32),), (ramp(3, np.int32) + 30,), (ramp(3, np.float32) + 1,)

# %% zero_d_expression_in_loop
def zero_d_expression_in_loop(a, n):
    for k in range(n):
        a = a + 1
    return a
# args: (np.array(4, dtype=np.int8), 0), (np.array(4, dtype=np.int8), 3), (np.array(1.5), 2), (np.array(True), 1)

# %% halve_random_arrays
def halve_random_arrays(a, n):
    for k in range(n):
        a = a * 0.5 + 1.0
    return a
# hypothesis: hnp.arrays(np.int32, st.integers(0, 5)), st.integers(0, 4)
# max-examples: 30

# %% sum_random_rows
def sum_random_rows(a):
    s = 0
    for row in a:
        s += row
    return s
# hypothesis: hnp.arrays(st.sampled_from([np.int16, np.uint8, np.float64]), st.tuples(st.integers(0, 4), st.integers(0, 3)))
# max-examples: 30

# %% none_then_last_row
def none_then_last_row(a):
    last = None
    for row in a:
        last = row
    return last, 1
# args: (ramp((3, 2), np.float64),), (np.zeros((0, 2)),), (ramp((2, 3, 2), np.int8),)

# %% store_into_union
def store_into_union(a, n):
    for k in range(n):
        a = a + 0.5
    a[0] = 7
    return a[0], a
# args: (ramp(3, np.int64), 0), (ramp(3, np.int64), 1), (ramp(3, np.uint16), 2)

# %% conditional_expression_of_arrays
def conditional_expression_of_arrays(a, c):
    x = a * 2 if c else a
    y = a * 2.5 if c else 0
    return x, y
# args: (ramp(3, np.int64), True), (ramp(3, np.int64), False), (ramp((2, 2), np.float32), True), (ramp(4, np.int8)[::2], False)
