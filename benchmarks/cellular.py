"""A 1-D cellular automaton (Wolfram's elementary rules, here rule 110) on a uint8 row.

Every generation each cell becomes bit `pattern` of the rule number, where `pattern` is the
3-bit number `left << 2 | cell << 1 | right` of the cell and its neighbours: numpy scalar
shifts and bitwise operators on uint8 array elements, `(rule >> pattern) & 1`.  The row wraps
around: it is kept with a ghost cell at each end (copied from the other end before each
generation).  Two rows swap roles every generation (written as pairs of generations, so no
array variable is reassigned).  Returns the number of live cells at the end and the sum of
their positions, as Python ints.

The input row is only read: the kernel copies it into two arrays of its own, so every timed
call does the same work.  `make_row` (the BENCHMARK "setup") builds the input from the
literal arguments and is not timed.

Plain Python and numpy (no lesto import): explicit loops, `a[i]` reads and stores of uint8,
`np.zeros`.
"""
import numpy as np


def make_row(n, generations, rule):
    """The benchmark arguments (row, generations, rule) for a row of n cells, seeded with a
    deterministic pattern."""
    row = np.zeros(n, dtype=np.uint8)
    for i in range(n):
        row[i] = 1 if (i * 7919) % 13 < 4 else 0
    return (row, generations, rule)


def cellular(row, generations, rule):
    """`generations` (rounded down to an even number) generations of `rule` on `row`; the
    number of live cells at the end and a checksum of where they are."""
    n = len(row)
    a = np.zeros(n + 2, dtype=np.uint8)
    b = np.zeros(n + 2, dtype=np.uint8)
    for i in range(n):
        a[i + 1] = row[i]
    for _ in range(generations // 2):
        a[0] = a[n]
        a[n + 1] = a[1]
        for i in range(1, n + 1):
            b[i] = (rule >> (a[i - 1] << 2 | a[i] << 1 | a[i + 1])) & 1
        b[0] = b[n]
        b[n + 1] = b[1]
        for i in range(1, n + 1):
            a[i] = (rule >> (b[i - 1] << 2 | b[i] << 1 | b[i + 1])) & 1
    live = 0
    checksum = 0
    for i in range(1, n + 1):
        live += int(a[i])
        checksum += i * int(a[i])
    return live, checksum


BENCHMARK = {
    "name": "cellular",
    "entry": "cellular",
    "setup": "make_row",
    "args": (4000, 400, 110),
    "quick_args": (1000, 60, 110),
    "boundscheck": True,
    "target": {"vs": "numba", "max_ratio": 1.2},
    "description": "1-D cellular automaton (rule 110) on a uint8 row: shifts, & and | of "
                   "numpy scalars",
}
