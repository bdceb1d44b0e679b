"""Matrix multiply C = A @ B with explicit i, j, k loops over float64 arrays.

Each C[i, j] is accumulated in a scalar, k running upwards, then stored; the checksum is the
sum of C added up row by row in a loop.  Every implementation that runs this code does the
same float operations in the same order, so their checksums are expected to be equal exactly.

The reference line is `numpy.dot` (BLAS) on the same matrices, timed under CPython: it adds
in another order (and blocks the loops for the cache), so its checksum agrees only to
rounding and is compared with a relative tolerance.

`make_matrices` (the BENCHMARK "setup") builds deterministic n x n inputs from the literal
argument and is not timed.  The kernel only reads its inputs.

Plain Python and numpy (no lesto import): explicit loops, `n, m = a.shape`, `a[i, j]`, `np.zeros`.
"""
import numpy as np


def make_matrices(n):
    """The benchmark arguments (a, b): two n x n float64 matrices with entries in [-1, 1)."""
    a = np.empty((n, n))
    b = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            a[i, j] = ((i * 37 + j * 11) % 101) / 50.5 - 1.0
            b[i, j] = ((i * 13 + j * 29) % 97) / 48.5 - 1.0
    return (a, b)


def matmul(a, b):
    """Sum of the entries of a @ b, computed with explicit loops."""
    n, m = a.shape
    m, p = b.shape
    c = np.zeros((n, p))
    for i in range(n):
        for j in range(p):
            s = 0.0
            for k in range(m):
                s += a[i, k] * b[k, j]
            c[i, j] = s
    total = 0.0
    for i in range(n):
        for j in range(p):
            total += c[i, j]
    return total


def matmul_numpy(a, b):
    """The reference: the same checksum with the product from numpy.dot."""
    return float(np.dot(a, b).sum())


BENCHMARK = {
    "name": "matmul",
    "entry": "matmul",
    "setup": "make_matrices",
    "args": (150,),
    "quick_args": (48,),
    "boundscheck": True,
    "reference": {"label": "numpy.dot", "entry": "matmul_numpy"},
    "target": {"vs": "numba", "max_ratio": 1.2},
    "description": "C = A @ B by explicit triple loops (float64), numpy.dot as reference",
}
