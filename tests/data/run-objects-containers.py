# Lists, dicts, sets and tuples of objects: displays, indexing, mutation of arguments,
# iteration, aliasing, empty containers, and CPython's KeyError / IndexError / StopIteration.
# %% list_sum
def list_sum(xs):
    total = 0
    for x in xs:
        total += x
    return total
# args: ([1, 2, 3],), ([],), ([1.5, 2],), ([2**62, 2**62, 2**62],), ([1, "a"],)

# %% list_index
def list_index(xs, i):
    return xs[i], xs[-1]
# args: ([1, 2, 3], 0), ([1, 2, 3], -3), ([1, 2, 3], 3), ([1, 2, 3], -4), ([], 0), ([1], True)

# %% list_append_mutates
def list_append_mutates(xs, v):
    xs.append(v)
    xs.append(len(xs))
    return len(xs)
# args: ([], 1), ([1, 2], "x"), ([None], None)

# %% same_list_twice
def same_list_twice(a, b):
    a.append(1)
    b.append(2)
    return len(a) + len(b), a == b
# args: *[(l, l) for l in [[], [0]]], ([], [])

# %% returns_argument
def returns_argument(xs, flag):
    if flag:
        return xs
    return list(xs)
# args: ([1, 2], True), ([1, 2], False), ({"a": 1}, True)

# %% setitem_and_delitem
def setitem_and_delitem(d, k, v):
    d[k] = v
    d["x"] = d.get("x", 0) + 1
    del d[k]
    return d
# args: ({}, "a", 1), ({"x": 5}, "b", [1]), ({"a": 1}, "x", 2)

# %% key_error
def key_error(d, k):
    return d[k]
# args: ({"a": 1}, "a"), ({"a": 1}, "b"), ({}, 0), ({(1, 2): "t"}, (1, 2)), ({}, [1])

# %% displays
def displays(a, b):
    return [a, b, [a]], (a, b), {a: b, "k": [b]}, {a, b}, [], {}, ()
# args: (1, 2), ("x", "y"), (1, 1.0), (None, "é")

# %% unhashable
def unhashable(a):
    return {a}
# args: (1,), ([1],), ({},)

# %% nested_lists
def nested_lists(n):
    grid = []
    for i in range(n):
        row = []
        for j in range(n):
            row.append(i * j)
        grid.append(row)
    return grid, grid[n - 1][n - 1] if n else None
# args: (0,), (1,), (4,)

# %% dict_iteration
def dict_iteration(d):
    keys = []
    total = 0
    for k in d:
        keys.append(k)
        total += d[k]
    for k, v in d.items():
        total += v
    return keys, total
# args: ({},), ({"a": 1, "b": 2},), ({3: 1, 1: 2, 2: 3},)

# %% set_ops
def set_ops(a, b):
    s = set(a)
    t = set(b)
    return s | t, s & t, s - t, 3 in s, len(s ^ t)
# args: ([1, 2, 3], [2, 3, 4]), ([], []), ("abc", "bcd")

# %% membership
def membership(x, xs):
    return x in xs, x not in xs
# args: (1, [1, 2]), (3, [1, 2]), ("a", "abc"), ("k", {"k": 1}), (1, ())

# %% unpack_list
def unpack_list(xs):
    a, b = xs
    return b, a
# args: ([1, 2],), ((3, "x"),), ([1],), ([1, 2, 3],), ("ab",)

# %% unpack_starred
def unpack_starred(xs):
    first, *rest = xs
    *init, last = xs
    a, *mid, b = xs
    [p, *q] = rest or [None]
    pairs = []
    for h, *t in [xs, list(reversed(xs))]:
        pairs.append((h, t))
    return first, rest, init, last, a, mid, b, p, q, pairs
# args: ([1, 2, 3],), ("ab",), ((1, "x"),), ([1],), ([],), (5,), ({"k": 1, "j": 2},)

# %% unpacking_displays
def unpacking_displays(xs, d, k):
    return ([*xs, k], (*xs,), sorted({*xs, k}, key=repr), {**d, "k": k}, {"a": 1, **d},
            [0, *xs, *xs], (k, *xs))
# args: ([1, 2], {"z": 1}, 3), ("ab", {}, "c"), (5, {}, 1), ([1], 5, 1), ([[1]], {}, 1)
# args: ([], {"k": 0, "a": 2}, None), (range(3), {1: 2}, 1.5)

# %% slices_of_lists
def slices_of_lists(xs, i, j):
    ys = xs[i:j]
    ys[0:1] = [9, 9]
    return ys, xs[::-1], xs[i:]
# args: ([1, 2, 3, 4], 1, 3), ([], 0, 0), ([5], -5, 5)

# %% stop_iteration
def stop_iteration(xs):
    it = iter(xs)
    first = next(it)
    return first, next(it)
# args: ([1, 2],), ([1],), ([],)

# %% enumerate_zip_sorted
def enumerate_zip_sorted(words):
    out = []
    for i, w in enumerate(sorted(words, key=len)):
        out.append((i, w))
    pairs = list(zip(words, range(3)))
    return out, pairs, sorted(words, reverse=True)
# args: (["ccc", "a", "bb"],), ([],), (["b", "a"],)

# %% big_ints
def big_ints(d):
    x = d["a"] ** 30
    y = x * x + 1
    return x, y % 1000, y // x
# args: ({"a": 3},), ({"a": -7},), ({"a": 0},)

# %% none_checks
def none_checks(d, k):
    v = d.get(k)
    if v is None:
        return "missing"
    return v
# args: ({"a": 1}, "a"), ({"a": 1}, "b"), ({"a": None}, "a")

# %% tuple_with_objects
def tuple_with_objects(s, n):
    t = (s, n)
    u = t + (s,)
    return t, u[2], len(u), t[0] is s
# args: ("a", 1), ("", 0)

# %% while_pop
def while_pop(xs):
    out = []
    while xs:
        out.append(xs.pop())
    return out, xs
# args: ([1, 2, 3],), ([],)

# %% comprehensions
def comprehensions(xs, n):
    x = "outer"
    squares = [v * v for v in xs if v % 2 == 0]
    table = {k: [k] * 2 for k in range(n)}
    pairs = [(i, j) for i in range(n) for j in range(i) if i + j > 1]
    letters = {c.upper() for c in "abca"}
    return squares, table, pairs, letters, x
# args: ([1, 2, 3, 4], 3), ([], 0), ([2], 1)

# %% comprehension_error
def comprehension_error(xs):
    return [10 // v for v in xs]
# args: ([1, 2],), ([1, 0],)
