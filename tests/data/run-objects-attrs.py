# Augmented assignment to attributes (`o.x += v`: `o` evaluated once, CPython's order, the
# in-place operator of the value) and values whose types have no native union (a tuple or
# None): they become Python objects instead of a refusal.


class Box:
    def __init__(self, x):
        self.x = x


class Slotted:
    __slots__ = ("n",)

    def __init__(self, n):
        self.n = n


class Prop:
    def __init__(self):
        self._v = 1
        self.log = []

    @property
    def v(self):
        self.log.append("get")
        return self._v

    @v.setter
    def v(self, value):
        self.log.append("set")
        self._v = value


def boxes(log, b):
    log.append("obj")
    return b


# %% attr_iadd
def attr_iadd(x, y):
    b = Box(x)
    b.x += y
    b.x *= 2
    b.x -= y
    return b.x
# args: (1, 2), (2.5, 1), ("a", "b")

# %% attr_iadd_list_in_place
def attr_iadd_list_in_place(k):
    b = Box([1])
    keep = b.x
    b.x += [k]
    return keep is b.x, b.x
# args: (3,), ("z",)

# %% attr_iadd_evaluates_once
def attr_iadd_evaluates_once(k):
    log = []
    b = Box(0)
    boxes(log, b).x += k
    return b.x, log
# args: (4,)

# %% attr_iadd_slots_and_property
def attr_iadd_slots_and_property(k):
    s = Slotted(1)
    s.n += k
    p = Prop()
    p.v += k
    return s.n, p.v, p.log
# args: (2,), (-1,)

# %% attr_iadd_missing
def attr_iadd_missing(k):
    b = Box(0)
    b.y += k
    return b.y
# args: (1,)

# %% attr_iadd_type_error
def attr_iadd_type_error(k):
    b = Box("s")
    b.x += k
    return b.x
# args: (1,)

# %% tuple_or_none_return
def tuple_or_none_return(n):
    for i in range(n):
        if i * i > n:
            return (i, i * i)
    return None
# args: (10,), (0,), (1,)

# %% tuple_or_int_variable
def tuple_or_int_variable(n):
    v = 0
    if n > 2:
        v = (n, n + 1)
    return v, n
# args: (1,), (5,)
