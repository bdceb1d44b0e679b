"""k-means (Lloyd's algorithm) on 2-D points: the assignment step calls a helper per point.

`nearest(points, i, centroids)` scans every centroid with two nested `range` loops (over
`centroids.shape[0]` and `points.shape[1]`, here 2) and returns `(best, best_d)`, a tuple;
the update step accumulates `sums[c, j] += points[i, j]` with `c = labels[i]`, a
data-dependent index.  Returns the total squared distance of the last assignment and the
centroids' coordinate sum.

`make_points` (the BENCHMARK "setup") builds deterministic points from an LCG and is not
timed; the kernel copies the initial centroids, so every timed call does the same work.

Plain Python and numpy (no lesto import).
"""
import numpy as np


def make_points(n, k, iterations):
    """The benchmark arguments (points, initial centroids, iterations)."""
    points = np.empty((n, 2))
    state = 12345
    for i in range(n):
        for j in range(2):
            state = (state * 1103515245 + 12345) % 2147483648
            points[i, j] = state / 2147483648.0 * 10.0 + (i % k) * 3.0
    centroids = np.empty((k, 2))
    for c in range(k):
        centroids[c, 0] = points[c * 7, 0]
        centroids[c, 1] = points[c * 7, 1]
    return (points, centroids, iterations)


def nearest(points, i, centroids):
    """Index of the centroid nearest to point i, and its squared distance."""
    best = 0
    best_d = 1e300
    for c in range(centroids.shape[0]):
        d = 0.0
        for j in range(points.shape[1]):
            diff = points[i, j] - centroids[c, j]
            d += diff * diff
        if d < best_d:
            best_d = d
            best = c
    return best, best_d


def kmeans(points, initial, iterations):
    n, dim = points.shape
    k = initial.shape[0]
    centroids = np.empty((k, dim))
    for c in range(k):
        for j in range(dim):
            centroids[c, j] = initial[c, j]
    labels = np.zeros(n, dtype=np.int64)
    sums = np.zeros((k, dim))
    counts = np.zeros(k, dtype=np.int64)
    total = 0.0
    for _ in range(iterations):
        total = 0.0
        for i in range(n):
            best, best_d = nearest(points, i, centroids)
            labels[i] = best
            total += best_d
        for c in range(k):
            counts[c] = 0
            for j in range(dim):
                sums[c, j] = 0.0
        for i in range(n):
            c = labels[i]
            counts[c] += 1
            for j in range(dim):
                sums[c, j] += points[i, j]
        for c in range(k):
            if counts[c] > 0:
                for j in range(dim):
                    centroids[c, j] = sums[c, j] / counts[c]
    check = 0.0
    for c in range(k):
        for j in range(dim):
            check += centroids[c, j]
    return total, check


BENCHMARK = {
    "name": "kmeans",
    "entry": "kmeans",
    "setup": "make_points",
    "args": (100000, 8, 10),
    "quick_args": (10000, 8, 5),
    "boundscheck": True,
    "target": {"vs": "numba", "max_ratio": 1.05},
    "description": "k-means on 2-D points: a tuple-returning helper per point, data-dependent sums",
}
