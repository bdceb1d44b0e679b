import numpy as np

# Variables whose values have no common native form become one Python object
# (infer.union_or_object): arrays of different ndim (`a = a[0]` in a loop), a complex and an
# int, a tuple and an array, a tuple and None; the operations on them are CPython's (numpy's
# own indexing errors, complex arithmetic), results and exceptions compared exactly.
# %% peel_dimensions
def peel_dimensions(a, n):
    for i in range(n):
        a = a[0]
    return a
# args: (np.arange(8.0).reshape(2, 2, 2), 0), (np.arange(8.0).reshape(2, 2, 2), 1), (np.arange(8.0).reshape(2, 2, 2), 3), (np.arange(8.0).reshape(2, 2, 2), 4), (np.arange(6).reshape(3, 2), 2)

# %% sum_rows_then_scalar
def sum_rows_then_scalar(m, k):
    acc = m
    if k > 0:
        acc = m.sum(axis=0)
    if k > 1:
        acc = acc.sum()
    return acc * 2
# args: (np.arange(6.0).reshape(2, 3), 0), (np.arange(6.0).reshape(2, 3), 1), (np.arange(6.0).reshape(2, 3), 2)

# %% complex_or_int
def complex_or_int(x, flag):
    v = 3
    if flag:
        v = complex(x, -1.0)
    return v * 2, v + 1, v == 3
# args: (2.0, True), (2.0, False), (0.0, True), (-0.0, True)

# %% tuple_or_array
def tuple_or_array(a, flag):
    r = (1, 2.5)
    if flag:
        r = a * 2
    return r, len(r)
# args: (np.ones(3), True), (np.ones(3), False), (np.zeros(0), True)

# %% tuple_or_none_in_loop
def tuple_or_none_in_loop(xs):
    best = None
    for x in xs:
        if best is None or x > best[0]:
            best = (x, x * x)
    return best
# args: ([],), ([3, 1, 4, 1, 5],), ([-2.5],)
