"""Spectral norm of the infinite matrix A(i, j) = 1 / ((i+j)(i+j+1)/2 + i + 1), after the
Computer Language Benchmarks Game `spectralnorm`.

How it differs from the Benchmarks Game version: that program keeps the vectors u and v in
arrays and runs ten rounds of the power method (v = A^T A u; u = A^T A v), then prints
sqrt(u.v / v.v).  lesto cannot compile lists yet, so this version keeps no vectors: every
element is recomputed from scalar helpers when it is needed.  Storage-free power iteration
costs a factor n per round, so it stops after one round: starting from u = (1, ..., 1) it
forms v = A^T A u element by element (`ata_times_u_i`, which itself recomputes the entries of
A u with `a_times_u_i`) and returns sqrt(v.v / u.v), the ratio of the second to the first
moment of A^T A at u.  The kernel is the Benchmarks Game one (eval_A, A u, A^T (A u)); the
work is O(n^3) instead of O(n^2) per round, and after one round the answer is a coarser
estimate of the norm: 1.24057... for n = 100, where the Benchmarks Game prints 1.274219991.

Plain Python (no lesto import), so CPython, lesto, Numba and PyPy all run it unchanged.
"""
import math


def eval_A(i, j):
    """Entry (i, j) of the matrix A."""
    ij = i + j
    return 1.0 / (ij * (ij + 1) // 2 + i + 1)


def a_times_u_i(i, n):
    """Element i of A u, for u = (1, ..., 1) of length n."""
    s = 0.0
    for j in range(n):
        s += eval_A(i, j)
    return s


def ata_times_u_i(i, n):
    """Element i of A^T (A u), for u = (1, ..., 1): recomputes A u as it goes."""
    s = 0.0
    for j in range(n):
        s += eval_A(j, i) * a_times_u_i(j, n)
    return s


def spectral_norm(n):
    """sqrt(v.v / u.v) with u = (1, ..., 1) and v = A^T A u, both of length n."""
    vv = 0.0
    uv = 0.0
    for i in range(n):
        v = ata_times_u_i(i, n)
        vv += v * v
        uv += v
    return math.sqrt(vv / uv)


BENCHMARK = {
    "name": "spectral_norm",
    "entry": "spectral_norm",
    "args": (200,),
    "quick_args": (100,),
    "description": "Benchmarks Game spectralnorm kernel, vectors recomputed (no lists)",
}
