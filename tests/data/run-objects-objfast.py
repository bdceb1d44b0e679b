# Direct paths for containers of known exact type (backend/lower_objfast.py): `lst[i] = v`
# with an int index on a list built in the function, negative indices, IndexError outside,
# bool indices, replaced items released, mixed values stored.
# %% list_setitem_local
def list_setitem_local(n, i, v):
    xs = [0] * n
    xs[i] = v
    xs[-1] = i
    return xs
# args: (3, 0, "a"), (3, -3, 1.5), (3, 2, None), (3, 3, 1), (3, -4, 1), (0, 0, 1), (2, True, [1])

# %% list_setitem_loop
def list_setitem_loop(n):
    flags = [True] * (n + 1)
    for k in range(0, n + 1, 2):
        flags[k] = False
    flags[n] = 2**70
    return flags
# args: (0,), (1,), (10,)

# %% list_setitem_replaces
def list_setitem_replaces(n):
    xs = [[k] for k in range(n)]
    for k in range(n):
        xs[k] = str(k)
        xs[-k - 1] = xs[k]
    return xs
# args: (0,), (1,), (5,)

# %% list_setitem_after_effect
def list_setitem_after_effect(n):
    xs = []
    for k in range(n):
        xs.append(k)
    ys = [0] * n
    ys[n] = 1
    return xs
# args: (0,), (3,)

# %% getitem_int_unknown
def getitem_int_unknown(rows, i):
    row = rows[0]
    return row[i], row[-1], row[True]
# args: ([[1, 2, 3]], 0), ([(1, 2, 3)], -3), ([[1, 2]], 2), ([(1, 2)], -3), ([{0: "a", -1: "b", 1: "c"}], 0), (["abc"], 1), ([range(5)], 4), ([{}], 0), ([()], 0), ([5], 0)

# %% setitem_int_unknown
def setitem_int_unknown(rows, i, v):
    row = rows[0]
    row[i] = v
    row[-1] = v
    return rows
# args: ([[1, 2, 3]], 0, "x"), ([[1, 2]], 2, 0), ([[1]], -2, 0), ([{}], 5, 1), ([(1, 2)], 0, 1), ([bytearray(b"ab")], 0, 65)

# %% float_binop_unknown
def float_binop_unknown(pairs):
    out = []
    for p in pairs:
        a = p[0]
        b = p[1]
        out.append((a + b, a - b, a * b))
        a -= b
        out.append(a)
        out.append(p[0] / b)
    return out
# args: ([[1.5, 2.0], [-0.0, 0.0], [float("nan"), 1.0], [1e308, 1e308]],), ([[1, 2.0]],), ([[3, 4]],), ([[2.0, 0.0]],), ([[1.0, 0]],), ([["a", "b"]],), ([[[1], [2]]],), ([[True, 2.5]],)

# %% float_subclass_operands
class Meters(float):
    def __add__(self, other):
        return "meters"


def float_subclass_operands(first):
    p = [Meters(1.0), 2.0] if first else [2.0, Meters(1.0)]
    q = [p]
    r = q[0]
    return r[0] + r[1], r[1] + r[0], r[0] - r[1]
# args: (True,), (False,)

# %% nbody_like_loop
def nbody_like_loop(bodies, steps):
    for _ in range(steps):
        for k in range(len(bodies)):
            b = bodies[k]
            b[0] += 0.5 * b[1]
            b[1] -= b[0] / 3.0
    return bodies
# args: ([[1.0, 2.0], [0.5, -1.0]], 3), ([[1, 2]], 2), ([], 1)

# %% iterate_lists_and_tuples_in_place
# `for x in xs` on list and tuple iterators advances them in place (lower_objfast
# .lower_iternext): the list's length is read on every step, so appending or removing while
# iterating behaves as in CPython; an iterator partly consumed outside goes on from there.
def iterate_lists_and_tuples_in_place(xs, extra):
    out = []
    for x in xs:
        out.append(x)
        if len(out) < 5 and extra:
            xs.append(extra)
    for y in tuple(xs):
        out.append(y)
    it = iter(xs)
    next(it, None)
    for z in it:
        out.append(z)
    shrinking = list(xs)
    for w in shrinking:
        if shrinking:
            shrinking.pop()
        out.append(w)
    for t in ():
        out.append(t)
    return out, xs
# args: ([], 0), ([1, 2, 3], 0), ([1, 2], "x"), ([None], 7)

# %% small_int_fast_paths
# Two exact ints of one 30-bit digit are added, subtracted, multiplied and compared in place
# (lower_objfast.small_ints); bools, big ints, floats, int subclasses and other objects take
# PyNumber_* / PyObject_RichCompare.
class Count(int):
    def __add__(self, other):
        return "count+"


def small_int_fast_paths(xs, k):
    out = []
    for x in xs + [Count(2)]:
        try:
            out.append((x + k, x - k, x * k, k - x, k * x, x < k, x >= k, x == k, x != k))
        except TypeError as e:
            out.append(str(e))
        acc = x
        acc += k
        out.append(acc)
    return out
# args: ([0, 1, -1, 5, 2**30 - 1, 2**30, -(2**30 - 1), -(2**30), 2**62, -2**64, True, False, 3.5, -0.0, "s", None], 0), ([0, 1, -1, 2**30 - 1, -(2**30 - 1)], 2**30 - 1), ([7, -7, 2**31], -(2**30 - 1)), ([1, 2], 2**40), ([3], True)

# %% str_equality_fast_path
# == and != of two exact strs compare natively (identity, then PyUnicode_Compare); a str
# subclass with its own __eq__, and non-strs, take the rich comparison.
class LoudStr(str):
    def __eq__(self, other):
        return "custom eq"

    def __ne__(self, other):
        return "custom ne"

    __hash__ = str.__hash__


def str_equality_fast_path(items, key, loud):
    if loud == 1:
        items = [LoudStr(x) if isinstance(x, str) else x for x in items]
    if loud == 2:
        key = LoudStr(key)
    out = []
    twice = key + key     # equal to the joined item, a different object
    for x in items + ["".join([key, key])]:
        out.append(x == twice)
        out.append(x == key)
        out.append(x != key)
        if x == key:
            out.append("hit")
        if x != key:
            out.append("miss")
    return out
# args: (["a", "b", "", "é", "ab", 1, None, 2.5], "a", 0), (["x", "", "€uro"], "", 0), (["q", "qq"], "q", 1), (["q", "r"], "q", 2), ([], "a", 0)

# %% index_objects_read_from_containers
# x[i] where both are objects (the index read from a tuple): an exact list or tuple with an
# exact one-digit int index is read in place; big ints, bools, int subclasses, dicts and
# strs take PyObject_GetItem (CPython's IndexError / TypeError / KeyError messages).
class Idx(int):
    pass


def index_objects_read_from_containers(pairs, seqs, wrap):
    out = []
    for k, i in pairs:
        if wrap:
            i = Idx(i)
        try:
            out.append(seqs[k][i])
        except (IndexError, KeyError, TypeError) as e:
            out.append((type(e).__name__, str(e)))
    return out
# args: ([(0, 0), (0, -1), (0, 3), (0, -4), (1, 1), (1, -2), (1, 5), (2, "a"), (2, 7), (3, 2), (0, True), (1, False), (0, 2**40), (0, -2**31), (4, 0)], [[10, 20, 30], (1.5, "x"), {"a": 1, 7: 2}, "héllo", []], False), ([(0, 1), (1, -1), (0, 9)], [[1, 2], (3, 4)], True), ([], [], False)
