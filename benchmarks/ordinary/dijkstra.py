"""Shortest paths with Dijkstra's algorithm: heapq over an adjacency dict of dicts.

`make_graph(n, degree, seed)` (setup, not timed) builds a random directed graph with integer
weights as {node: {neighbour: weight}}; `shortest(graph, source)` runs Dijkstra with a binary
heap of (distance, node) tuples and lazy deletion, and returns (nodes reached, sum of the
distances, the farthest node and its distance).
"""
import heapq


def make_graph(n, degree, seed):
    state = seed
    graph = {}
    for u in range(n):
        edges = {}
        for _ in range(degree):
            state = (state * 1103515245 + 12345) % 2147483648
            v = (state >> 8) % n
            if v != u:
                edges[v] = 1 + (state >> 4) % 20
        graph[u] = edges
    return (graph, 0)


def shortest(graph, source):
    dist = {source: 0}
    heap = [(0, source)]
    done = set()
    while heap:
        d, u = heapq.heappop(heap)
        if u in done:
            continue
        done.add(u)
        for v, w in graph[u].items():
            nd = d + w
            if v not in dist or nd < dist[v]:
                dist[v] = nd
                heapq.heappush(heap, (nd, v))
    far = max(dist, key=lambda node: (dist[node], -node))
    return (len(dist), sum(dist.values()), far, dist[far])


def check(result, n, degree, seed):
    """Bellman-Ford relaxation rounds give the same distances."""
    graph, source = make_graph(n, degree, seed)
    inf = float("inf")
    dist = [inf] * n
    dist[source] = 0
    changed = True
    while changed:
        changed = False
        for u in range(n):
            if dist[u] < inf:
                for v, w in graph[u].items():
                    if dist[u] + w < dist[v]:
                        dist[v] = dist[u] + w
                        changed = True
    reached = [d for d in dist if d < inf]
    assert result[0] == len(reached), (result[0], len(reached))
    assert result[1] == sum(reached)
    assert result[3] == max(reached)


BENCHMARK = {
    "name": "dijkstra",
    "entry": "shortest",
    "setup": "make_graph",
    "args": (60000, 6, 2),
    "quick_args": (5000, 6, 2),
    "test_args": (40, 3, 2),
    "check": "check",
    "description": "Dijkstra: heapq of tuples, dict of dicts, a set, max with a key",
}
