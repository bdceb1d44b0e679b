"""LU decomposition without pivoting (Doolittle, in place) of a diagonally dominant matrix,
then the determinant from the diagonal.

`make_matrix` (the BENCHMARK "setup") builds a deterministic diagonally dominant n x n
matrix and is not timed; the kernel factors a copy.  Returns log|det| and a checksum of L+U.

Plain Python and numpy (no lesto import).
"""
import math

import numpy as np


def make_matrix(n):
    """The benchmark argument (a,): n x n, entries in [0, 1) and n on the diagonal."""
    a = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            a[i, j] = ((i * 31 + j * 17) % 101) / 101.0
        a[i, i] += n
    return (a,)


def lu(a):
    n = a.shape[0]
    m = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            m[i, j] = a[i, j]
    for k in range(n):
        pivot = m[k, k]
        for i in range(k + 1, n):
            factor = m[i, k] / pivot
            m[i, k] = factor
            for j in range(k + 1, n):
                m[i, j] -= factor * m[k, j]
    logdet = 0.0
    check = 0.0
    for i in range(n):
        logdet += math.log(abs(m[i, i]))
        for j in range(n):
            check += m[i, j]
    return logdet, check


BENCHMARK = {
    "name": "lu",
    "entry": "lu",
    "setup": "make_matrix",
    "args": (300,),
    "quick_args": (120,),
    "boundscheck": True,
    "target": {"vs": "numba", "max_ratio": 1.05},
    "description": "LU decomposition without pivoting, in place on a float64 matrix",
}
