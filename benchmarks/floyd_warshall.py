"""Floyd-Warshall all-pairs shortest paths on a dense float64 distance matrix.

`d_ik = dist[i, k]`, `continue` when it is `math.inf`, then the inner loop computes
`candidate = d_ik + dist[k, j]` and stores it into `dist[i, j]` when it is shorter.
`make_graph` (the BENCHMARK "setup") builds a deterministic sparse graph (inf where there is
no edge) and is not timed; the kernel works on a copy.  Returns the sum of the finite
distances and the number of unreachable pairs.

Plain Python and numpy (no lesto import).
"""
import math

import numpy as np


def make_graph(n):
    """The benchmark argument (graph,): an n x n matrix, ~1 in 8 edges present."""
    graph = np.full((n, n), math.inf)
    state = 7
    for i in range(n):
        graph[i, i] = 0.0
        for j in range(n):
            state = (state * 1103515245 + 12345) % 2147483648
            if i != j and state % 8 == 0:
                graph[i, j] = 1.0 + (state >> 8) % 100
    return (graph,)


def floyd_warshall(graph):
    n = graph.shape[0]
    dist = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            dist[i, j] = graph[i, j]
    for k in range(n):
        for i in range(n):
            d_ik = dist[i, k]
            if d_ik == math.inf:
                continue
            for j in range(n):
                candidate = d_ik + dist[k, j]
                if candidate < dist[i, j]:
                    dist[i, j] = candidate
    total = 0.0
    unreachable = 0
    for i in range(n):
        for j in range(n):
            if dist[i, j] == math.inf:
                unreachable += 1
            else:
                total += dist[i, j]
    return total, unreachable


BENCHMARK = {
    "name": "floyd_warshall",
    "entry": "floyd_warshall",
    "setup": "make_graph",
    "args": (300,),
    "quick_args": (120,),
    "boundscheck": True,
    "target": {"vs": "numba", "max_ratio": 1.05},
    "description": "Floyd-Warshall shortest paths, continue on inf, conditional store",
}
