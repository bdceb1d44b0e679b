"""Conway's game of life on a wrapping grid stored as a list of lists of 0/1 ints.

`make_grid(size, steps, seed)` (setup, not timed) seeds a `size` x `size` grid; `run(grid,
steps)` counts the eight neighbours of every cell with modulo wrap-around, builds each new
generation as a fresh list of lists and returns (live cells at the end, the population after
every step as a tuple).  The version from a first programming course.
"""


def make_grid(size, steps, seed):
    state = seed
    grid = []
    for _ in range(size):
        row = []
        for _ in range(size):
            state = (state * 1103515245 + 12345) % 2147483648
            row.append(1 if (state >> 16) % 3 == 0 else 0)
        grid.append(row)
    return (grid, steps)


def neighbours(grid, r, c):
    n = len(grid)
    total = 0
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            if dr != 0 or dc != 0:
                total += grid[(r + dr) % n][(c + dc) % n]
    return total


def step(grid):
    n = len(grid)
    new = []
    for r in range(n):
        row = []
        for c in range(n):
            k = neighbours(grid, r, c)
            if grid[r][c] == 1:
                row.append(1 if k == 2 or k == 3 else 0)
            else:
                row.append(1 if k == 3 else 0)
        new.append(row)
    return new


def run(grid, steps):
    populations = []
    for _ in range(steps):
        grid = step(grid)
        populations.append(sum(sum(row) for row in grid))
    return (populations[-1] if populations else 0, tuple(populations))


def check(result, size, steps, seed):
    """A set-of-live-cells implementation gives the same populations."""
    grid, steps = make_grid(size, steps, seed)
    live = {(r, c) for r in range(size) for c in range(size) if grid[r][c]}
    pops = []
    for _ in range(steps):
        counts = {}
        for r, c in live:
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    if dr or dc:
                        key = ((r + dr) % size, (c + dc) % size)
                        counts[key] = counts.get(key, 0) + 1
        live = {cell for cell, k in counts.items() if k == 3 or (k == 2 and cell in live)}
        pops.append(len(live))
    assert result == (pops[-1] if pops else 0, tuple(pops)), (result, pops)


BENCHMARK = {
    "name": "life",
    "entry": "run",
    "setup": "make_grid",
    "jit": ["neighbours", "step"],
    "args": (64, 40, 11),
    "quick_args": (24, 10, 11),
    "test_args": (8, 3, 11),
    "check": "check",
    "description": "game of life on a list of lists, modulo wrap, a helper per cell",
}
