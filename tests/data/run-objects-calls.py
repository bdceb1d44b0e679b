# User objects and calls: attributes, methods, operators on objects (dunder methods), calls
# of classes, keyword arguments, builtins, imports inside the function, globals read at run time.
import math


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm2(self):
        return self.x * self.x + self.y * self.y

    def __add__(self, other):
        return Point(self.x + other.x, self.y + other.y)

    def __eq__(self, other):
        return isinstance(other, Point) and self.x == other.x and self.y == other.y

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


class Counter:
    def __init__(self):
        self.n = 0

    def bump(self, by=1):
        self.n += by
        return self.n


SCALE = 3
TABLE = {"a": 1, "b": 2}


def takes_all(a, b=0, *rest, c=1, **more):
    return (a, b, rest, c, sorted(more.items()))


# %% make_point
def make_point(x, y):
    p = Point(x, y)
    return p.norm2(), p.x, repr(p)
# args: (1, 2), (0, 0), (2.5, -1), ("a", "b")

# %% add_points
def add_points(a, b):
    p = Point(a, b)
    q = p + Point(b, a)
    return q.x, q.y, p == q, p == Point(a, b)
# args: (1, 2), (3, 3)

# %% mutate_object
def mutate_object(c, k):
    for i in range(k):
        c.bump()
    c.bump(by=10)
    c.extra = k
    return c.n
# args: (Counter(), 0), (Counter(), 3)

# %% missing_attribute
def missing_attribute(p):
    return p.z
# args: (Point(1, 2),)

# %% globals_and_builtins
def globals_and_builtins(k):
    return TABLE[k] * SCALE, len(TABLE), sorted(TABLE), max(TABLE.values())
# args: ("a",), ("b",), ("c",)

# %% keyword_calls
def keyword_calls(s):
    return int(s, base=16), sorted([3, 1, 2], reverse=True), "x".join(s.split(sep="a", maxsplit=1))
# args: ("ff",), ("a0",), ("zz",)

# %% import_inside
def import_inside(x):
    import math as m
    from math import sqrt
    import os.path
    return m.floor(x), sqrt(abs(x)), os.path.basename("/a/b.txt")
# args: (2.5,), (-4.0,)

# %% module_attribute
def module_attribute(x):
    return math.pi * x, math.sqrt(x), math.prod([x, x])
# args: (2.0,), (0.0,), (-1.0,)

# %% isinstance_checks
def isinstance_checks(x):
    return isinstance(x, int), isinstance(x, (str, list)), type(x) is list, callable(x)
# args: (1,), ("a",), ([],), (None,), (Point(1, 2),)

# %% callable_argument
def callable_argument(f, x):
    return f(x), f(x) + f(x)
# args: (abs, -3), (str, 5), (len, "abc")

# %% native_meets_object
def native_meets_object(n, xs):
    total = n * 2
    for x in xs:
        total = total + x
    return total, n + len(xs)
# args: (1, [1, 2]), (2**62, [2**62]), (5, []), (0, [0.5])

# %% effects_then_overflow
def effects_then_overflow(xs, n):
    xs.append(1)
    k = n * n
    return k
# args: ([], 3), ([], 2**40)

# %% raise_after_print
def raise_after_print(x):
    print("before")
    if x > 0:
        raise ValueError("positive")
    return x
# args: (0,), (1,)

# %% lambdas_and_nested_defs
def lambdas_and_nested_defs(words, k):
    key = lambda w: (-len(w), w)
    def twice(v, n=2):
        return v * n
    return (sorted(words, key=key), twice(k), twice(k, 3),
            sorted(words, key=lambda w: w[-1]), [(lambda q: q + 1)(i) for i in range(3)],
            twice.__name__)
# args: (["bb", "a", "ccc", "dd"], "x"), ([], 2)

# %% closures_over_fixed_values
def closures_over_fixed_values(xs, k):
    scale = k * 2
    key = lambda v: v * scale
    def add(v):
        return v + k
    out = []
    def push(v):
        out.append(add(v))
    for x in xs:
        push(x)
    return sorted(xs, key=key), out
# args: ([3, -1, 2], -1), ([], 5), (["a"], 2)

# %% generator_expressions
def generator_expressions(grid, k):
    scale = k * 2
    lazy = (v * scale for row in grid for v in row if v != k)
    first = next(lazy, None)
    return (sum(sum(row) for row in grid), first, list(lazy),
            max((len(row) for row in grid), default=-1),
            sorted((-v for v in grid[0]), reverse=True) if grid else [],
            tuple(x for x in (y * k for y in range(3))),
            any(v == k for row in grid for v in row))
# args: ([[1, 2], [3, 4]], 2), ([], 1), ([[]], 0), ([["a"], ["b", "c"]], "b")

# %% generator_expression_errors
def generator_expression_errors(xs, d):
    gen = (1 / v for v in xs)          # iter(xs) now: a TypeError raised on this line
    return "made", sum(gen), list(d[v] for v in xs)
# args: ([1, 2], {1: "a", 2: "b"}), (5, {}), ([1, 0], {}), ([2], {}), ([True], {1: 1})

# %% generator_expressions_kept
def generator_expressions_kept(xs, k):
    gens = [(x + k for x in xs), (x * 2 for x in xs)]
    xs = None            # each generator already holds iter(xs)
    return [list(g) for g in gens], xs, [list(g) for g in gens]
# args: ([1, 2], 1), ("ab", "!"), ([], 0), ([1], "x")

# %% unpacking_calls
def unpacking_calls(m, xs, d):
    # the errors name the callee, module included: a builtin's name is the same everywhere
    return ([list(col) for col in zip(*m)], max(*xs, 0), dict(**d, c=2),
            sorted([*xs], **{"reverse": True}), "".join(map(str, xs)),
            takes_all(*[*xs, 0]), takes_all(1, *[0, *xs], c=5, **d))
# args: ([[1, 2], [3, 4]], [7, 8, 9], {"z": 1}), ([], [1], {"a": 0}), ([[1]], 5, {})
# args: ([[1]], [1], 3), ([[1]], [1], {"c": 2}), ([[1]], [], {}), ([[1]], (), {1: 2})
# args: ([[1]], "ab", {"a": 1, "b": 2})

TOTAL = 0

# %% global_statement_and_walrus
def global_statement_and_walrus(xs):
    global TOTAL
    TOTAL = 0
    for x in xs:
        TOTAL += x
    if (n := len(xs)) > 2:
        return n, TOTAL
    return -n, TOTAL
# args: ([1, 2, 3],), ([],), ([5],), (["a"],)

# %% globals_rebound_inside_the_loop
# Global lookups are cached per site while the module's and the builtins' dicts are
# unchanged (lower_object.lower_global): a global rebound, deleted, or shadowing a builtin
# in the middle of the loop is seen at the next lookup.
SCALE = 1


def rebind(k):
    global SCALE, sorted
    if k == 2:
        SCALE = 10
    if k == 3:
        sorted = lambda x: -1   # noqa: E731
    if k == 4:
        del sorted
    if k == 5:
        del SCALE


def globals_rebound_inside_the_loop(n):
    global SCALE
    out = []
    for k in range(n):
        try:
            out.append(SCALE * k)
        except NameError as e:
            out.append(str(e))
        out.append(sorted("cab"))
        rebind(k)
    SCALE = 1
    return out
# args: (0,), (3,), (8,)

# %% class_defined_inside
# A class statement in the function: builtins.__build_class__ with the body CPython compiled,
# bases, keywords (metaclass=), decorators, a class attribute from the enclosing function's
# variable, methods using super(); a bad base raises CPython's TypeError.
def tag_class(c):
    c.tag = "tagged"
    return c


class Meta(type):
    def __new__(mcs, name, bases, ns, **kw):
        ns["kw"] = sorted(kw.items())
        return super().__new__(mcs, name, bases, ns)


def class_defined_inside(n, base):
    k = n * 2

    class Point:
        scale = k

        def __init__(self, x):
            self.x = x

        def get(self):
            return self.x * self.scale

        def __repr__(self):
            return "Point(" + str(self.x) + ")"

    @tag_class
    class Sub(base):
        def __init__(self):
            super().__init__()
            self.y = n

    class WithMeta(metaclass=Meta, flag=3):
        pass

    p = Point(n)
    return p.get(), repr(p), Point.__qualname__, Sub.tag, Sub().y, WithMeta.kw, type(WithMeta).__name__
# args: (3, object), (0, Exception), (2, 5), (1, int)

# %% closures_share_cells
# Variables a lambda or nested def uses and that change afterwards (a loop variable, a
# rebinding, `nonlocal` in the nested function) live in a cell shared by both sides, as in
# CPython: late binding in loops, writes seen both ways, an unbound read's UnboundLocalError.
def closures_share_cells(xs, n, flag):
    k = 1
    key = lambda v: v * k
    k = -1
    ordered = sorted(xs, key=key)
    total = 0

    def add(v):
        nonlocal total
        total += v
        return total

    for i in range(n):
        add(i * k)
    late = []
    for j in range(n):
        late.append(lambda: j * 10)
    if flag:
        y = n
    get_y = lambda: y
    return ordered, total, [f() for f in late], get_y(), y
# args: ([3, 1, 2], 4, True), ([], 0, True), ([5, 5, 1], 2, False)

# %% closure_in_generator
def closure_in_generator(n):
    acc = []
    push = lambda v: acc.append(v * step)
    step = 1
    for i in range(n):
        push(i)
        step += 1
        yield list(acc)
# args: (0,), (4,)

# %% cell_read_before_assignment
def cell_read_before_assignment(flag):
    if flag:
        x = 5
    f = lambda: 1 + x
    return x, f()
# args: (True,), (False,)

# %% cell_read_in_evaluation_order
def cell_read_in_evaluation_order(n):
    k = n

    def bump():
        nonlocal k
        k += 1
        return k
    return k, bump(), k, [k, bump()], k
# args: (0,), (-5,)
