"""2-D Jacobi relaxation of the heat equation: a 5-point stencil swept over a float64 grid.

The grid is n x n with fixed (Dirichlet) edges: the top edge hot (1.0), the others cold
(0.0), and the interior starting from a deterministic pattern.  Each sweep replaces every
interior point by the mean of its four neighbours, reading one array and writing the other;
the two arrays swap roles every sweep (written as pairs of sweeps, so no array variable is
reassigned).  Returns the sum of the final grid, added up row by row in a loop, so every
implementation does the same float operations in the same order and the checksums are
expected to be equal exactly.

The input grid is only read: the kernel copies it into two arrays of its own, so every timed
call does the same work.  `make_grid` (the BENCHMARK "setup") builds the input from the
literal arguments and is not timed.

Plain Python and numpy (no lesto import): explicit loops, `a.shape`, `a[i, j]` reads and
stores, `np.empty`.
"""
import numpy as np


def make_grid(n, sweeps):
    """The benchmark arguments (grid, sweeps) for an n x n grid."""
    grid = np.zeros((n, n))
    for i in range(1, n - 1):
        for j in range(1, n - 1):
            grid[i, j] = ((i * 7 + j * 3) % 11) / 11.0
    for j in range(n):
        grid[0, j] = 1.0
    return (grid, sweeps)


def jacobi(grid, sweeps):
    """`sweeps` Jacobi sweeps (rounded down to an even number) of `grid`; the final sum."""
    n, m = grid.shape
    u = np.empty((n, m))
    v = np.empty((n, m))
    for i in range(n):
        for j in range(m):
            u[i, j] = grid[i, j]
            v[i, j] = grid[i, j]
    for _ in range(sweeps // 2):
        for i in range(1, n - 1):
            for j in range(1, m - 1):
                v[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1])
        for i in range(1, n - 1):
            for j in range(1, m - 1):
                u[i, j] = 0.25 * (v[i - 1, j] + v[i + 1, j] + v[i, j - 1] + v[i, j + 1])
    total = 0.0
    for i in range(n):
        for j in range(m):
            total += u[i, j]
    return total


BENCHMARK = {
    "name": "jacobi",
    "entry": "jacobi",
    "setup": "make_grid",
    "args": (200, 50),
    "quick_args": (64, 10),
    "boundscheck": True,
    "target": {"vs": "numba", "max_ratio": 1.2},
    "description": "2-D heat diffusion, 5-point Jacobi stencil on a float64 grid",
}
