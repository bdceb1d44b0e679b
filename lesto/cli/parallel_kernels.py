"""The kernels of `python -m lesto bench --section parallel` (lesto.cli.bench_parallel).

Plain functions in a module of their own: lesto reads their source, Numba gets the same code
with `prange` bound to numba.prange, and Dask workers import `dask_kernel` by reference."""
from __future__ import annotations

import math

import lesto

prange = lesto.prange


def mandelbrot(out, maxit):
    h, w = out.shape
    for y in prange(h):
        ci = -1.5 + 3.0 * y / h
        for x in range(w):
            cr = -2.0 + 3.0 * x / w
            zr = 0.0
            zi = 0.0
            k = 0
            while k < maxit and zr * zr + zi * zi < 4.0:
                t = zr * zr - zi * zi + cr
                zi = 2.0 * zr * zi + ci
                zr = t
                k += 1
            out[y, x] = k
    return out[0, 0]


def stencil(a, b):
    n, m = a.shape
    for i in prange(1, n - 1):
        for j in range(1, m - 1):
            b[i, j] = 0.2 * (a[i, j] + a[i - 1, j] + a[i + 1, j] + a[i, j - 1] + a[i, j + 1])
    return b[1, 1]


def float_sum(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += math.sqrt(float(a[i]))
    return s


def histogram(data, hist):
    n = data.shape[0]
    for b in prange(hist.shape[0]):
        c = 0
        for i in range(n):
            if data[i] == b:
                c += 1
        hist[b] = c
    return hist[0]


def nogil_kernel(a):
    s = 0.0
    for i in range(a.shape[0]):
        x = float(a[i])
        for _ in range(20):
            x = math.sqrt(x * x + 1.0)
        s += x
    return s


dask_kernel = lesto.jit(cache=True, nogil=True)(nogil_kernel)


def dask_task(a):
    """What Dask workers run: arrays Dask deserialises may sit in misaligned buffers, which
    lesto hands to the interpreter; a copy is aligned."""
    if not a.flags.aligned:
        a = a.copy()
    return dask_kernel(a)
