"""A small module for the ARM job's timing: built ahead of time for aarch64 (`lesto build`),
and jitted in the emulated root, so that import + first call can be compared."""
import numpy as np

import lesto


@lesto.jit(signatures=["(float64[:, ::1], int)"])
def smooth(grid, steps):
    """Jacobi steps on a grid: the new value of each inner point is its neighbours' mean."""
    n, m = grid.shape
    out = grid.copy()
    for _ in range(steps):
        for i in range(1, n - 1):
            for j in range(1, m - 1):
                out[i, j] = 0.25 * (grid[i - 1, j] + grid[i + 1, j] + grid[i, j - 1] + grid[i, j + 1])
        grid, out = out, grid
    return grid


@lesto.jit
def collatz_steps(n: int):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps

