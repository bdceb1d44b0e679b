"""Histogram of float64 samples: `for x in data`, a bin index from `int((x - lo) / width)`,
a clamp, and `counts[b] += 1` on an int64 array (a data-dependent index).

`make_data` (the BENCHMARK "setup") builds deterministic samples (numpy's seeded generator) (a few of them
outside [lo, hi), so the clamp matters) and is not timed.  Returns the number of samples
below and above the range and a checksum of the counts.

Plain Python and numpy (no lesto import).
"""
import numpy as np


def make_data(n, bins):
    """The benchmark arguments (data, lo, hi, bins)."""
    data = np.random.default_rng(42).uniform(-1.0, 11.0, n)
    return (data, 0.0, 10.0, bins)


def histogram(data, lo, hi, bins):
    counts = np.zeros(bins, dtype=np.int64)
    width = (hi - lo) / bins
    below = 0
    above = 0
    for x in data:
        b = int((x - lo) / width)
        if b < 0:
            b = 0
            below += 1
        elif b >= bins:
            b = bins - 1
            above += 1
        counts[b] += 1
    check = 0
    for i in range(bins):
        check = (check * 31 + counts[i]) % 1000000007
    return below, above, check


BENCHMARK = {
    "name": "histogram",
    "entry": "histogram",
    "setup": "make_data",
    "args": (4000000, 100),
    "quick_args": (400000, 100),
    "boundscheck": True,
    "target": {"vs": "numba", "max_ratio": 1.05},
    "description": "histogram: for x in a float64 array, int() of a quotient, counts[b] += 1",
}
