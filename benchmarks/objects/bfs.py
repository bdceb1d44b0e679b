"""Breadth-first search over a graph stored as an adjacency dict, with collections.deque
as the queue and a dict of distances.

`make_graph(n, degree, sources, seed)` (the BENCHMARK "setup", not timed) builds a random
undirected graph on the nodes "n0" ... "n{n-1}" (string keys, as graphs read from data
usually have) from a seeded linear congruential generator: every node is joined to `degree`
random others, plus a ring so the graph is connected.  It returns (graph, list of source
nodes).  `bfs_all(graph, sources)` runs one BFS from each source and returns (nodes reached,
sum of all distances, largest distance) over all of them.  `check` recomputes the distances
level by level with sets.

Plain Python (no lesto import), written the way the task is usually written.
"""
from collections import deque


def make_graph(n, degree, sources, seed):
    state = seed
    names = ["n%d" % i for i in range(n)]
    graph = {name: [] for name in names}
    for i in range(n):
        graph[names[i]].append(names[(i + 1) % n])
        graph[names[(i + 1) % n]].append(names[i])
        for _ in range(degree):
            state = (state * 1103515245 + 12345) % 2147483648
            j = (state >> 8) % n
            if j != i and names[j] not in graph[names[i]]:
                graph[names[i]].append(names[j])
                graph[names[j]].append(names[i])
    starts = []
    for _ in range(sources):
        state = (state * 1103515245 + 12345) % 2147483648
        starts.append(names[(state >> 8) % n])
    return (graph, starts)


def bfs(graph, source):
    """Distance from `source` to every node it reaches."""
    distance = {source: 0}
    queue = deque([source])
    while queue:
        node = queue.popleft()
        d = distance[node] + 1
        for neighbour in graph[node]:
            if neighbour not in distance:
                distance[neighbour] = d
                queue.append(neighbour)
    return distance


def bfs_all(graph, sources):
    reached = 0
    total = 0
    deepest = 0
    for source in sources:
        distance = bfs(graph, source)
        reached += len(distance)
        total += sum(distance.values())
        deepest = max(deepest, max(distance.values()))
    return (reached, total, deepest)


def check(result, n, degree, sources, seed):
    """The same distances, level by level."""
    graph, starts = make_graph(n, degree, sources, seed)
    reached = total = deepest = 0
    for source in starts:
        seen = {source}
        level = {source}
        depth = 0
        while level:
            reached += len(level)
            total += depth * len(level)
            deepest = max(deepest, depth)
            level = {m for v in level for m in graph[v]} - seen
            seen |= level
            depth += 1
    assert tuple(result) == (reached, total, deepest), (result, (reached, total, deepest))
    assert reached == n * len(starts)


BENCHMARK = {
    "name": "bfs",
    "entry": "bfs_all",
    "setup": "make_graph",
    "args": (20000, 3, 12, 11),
    "quick_args": (5000, 3, 8, 11),
    "test_args": (60, 2, 3, 11),
    "check": "check",
    "description": "BFS over an adjacency dict with collections.deque",
}
