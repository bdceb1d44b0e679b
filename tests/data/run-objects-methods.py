# Method calls on receivers of known exact immutable type call the method descriptor directly
# (backend/lower_object.direct_method_path): the same results, exceptions and messages as
# the bound call, keyword arguments included; a subclass receiver keeps the generic lookup.
# %% str_methods
def str_methods(s, sep):
    parts = s.split(sep)
    return [s.strip(), s.upper(), s.replace(sep, "+"), parts, s.startswith("a"),
            s.find(sep), s.count(sep), s.isdigit(), sep.join(parts), s.split(sep=sep)]
# args: ("a,b,,c", ","), ("", ","), ("abc", "b"), ("x", ""), ("12", 3)

# %% str_method_errors
def str_method_errors(s, n):
    if n == 0:
        return s.isdigit(1)
    if n == 1:
        return s.index("zz")
    return s.encode(encoding="no-such-codec")
# args: ("ab", 0), ("ab", 1), ("ab", 2)

# %% list_methods
def list_methods(n, key):
    xs = [3, 1, 2] * n
    xs.append(n)
    xs.extend([7, 8])
    xs.sort(key=key, reverse=True)
    last = xs.pop()
    xs.insert(0, last)
    return xs, xs.index(last), xs.count(3), last
# args: (0, None), (2, None), (1, abs), (1, 5)

# %% list_method_errors
def list_method_errors(n):
    xs = list(range(n))
    if n == 0:
        return xs.pop()
    if n == 1:
        return xs.index(9)
    return xs.append()
# args: (0,), (1,), (2,)

# %% dict_and_set_methods
def dict_and_set_methods(n):
    d = {}
    for k in range(n):
        d[str(k)] = k
    got = [d.get("1"), d.get("zz", -1), d.setdefault("a", 5), sorted(d.keys()),
           sorted(d.items())]
    s = set(d.values())
    s.add(99)
    s.discard(0)
    got.append(sorted(s))
    got.append(d.pop("a"))
    got.append(d.pop("missing"))
    return got
# args: (0,), (3,)

# %% tuple_methods
def tuple_methods(xs, v):
    t = tuple(xs)
    return t.index(v), t.count(v)
# args: ([1, 2, 1], 1), ([2], 2), (["a", "b"], "b"), ([1, 2], 3)

# %% deque_methods
def deque_methods(n):
    from collections import deque
    q = deque()
    for k in range(n):
        q.append(k)
        q.appendleft(-k)
    out = []
    while q:
        out.append(q.popleft())
    out.append(q.pop())
    return out
# args: (0,), (3,)

# %% subclass_receiver
class Loud(list):
    def append(self, v):
        list.append(self, v * 10)


def subclass_receiver(n):
    xs = Loud()
    for k in range(n):
        xs.append(k)
    ys = []
    ys.append(n)
    return list(xs), ys
# args: (0,), (3,)
