# Attribute caches (backend/lower_attrcache.py): `o.x` and `o.x = v` on user-class instances
# read and replace the instance's values slot once a site's cache is filled.  Each case runs
# its accesses in a loop, so later iterations hit the cache the first ones filled, and then
# changes what the cache relies on (the class, the instance's __dict__, its __class__, a
# deleted attribute, more classes than a site has entries): CPython's results and errors.


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class Other:
    def __init__(self, x):
        self.y = -1
        self.x = x


class Fallback:
    x = "class attribute"

    def __init__(self):
        self.x = "instance"


class Dynamic:
    def __getattr__(self, name):
        return "getattr:" + name


class Logged:
    def __init__(self):
        self.log = []
        self.x = 0

    def __setattr__(self, name, value):
        if name != "log":
            self.log.append(name)
        object.__setattr__(self, name, value)


class Slots:
    __slots__ = ("x",)

    def __init__(self):
        self.x = 5


def classes(n):
    """n distinct classes whose instances all have `x`."""
    made = []
    for k in range(n):
        made.append(type(f"C{k}", (), {"__init__": lambda self, k=k: setattr(self, "x", k)}))
    return made


class Greeter:
    def __init__(self, who):
        self.who = who

    def hello(self, punct="!"):
        return "hello " + self.who + punct

    @staticmethod
    def static(x):
        return ("static", x)

    @classmethod
    def klass(cls, x):
        return (cls.__name__, x)

    def fails(self, k):
        return 10 // k


class LoudGreeter(Greeter):
    def hello(self, punct="!"):
        return "HELLO " + self.who + punct


def self_changing():
    """A new class whose method replaces itself in the class when called."""
    def change(self):
        type(self).change = lambda self: "replaced"
        return "original"
    return type("SelfChanging", (), {"change": change})


def fresh_greeter():
    return type("Fresh", (Greeter,), {"hello": lambda self, punct="!": "fresh " + punct})


# %% read_write_loop
def read_write_loop(n):
    p = Point(1, 2)
    total = 0
    for i in range(n):
        p.x = p.x + i
        total += p.y
    return p.x, total
# args: (0,), (1,), (50,)

# %% class_changes_after_fill
def class_changes_after_fill(n):
    got = []
    p = Point(3, 4)
    for i in range(n):
        got.append(p.x)
        if i == 2:
            Point.x = property(lambda self: "property")
        if i == 4:
            delattr(Point, "x")
    return got
# args: (8,)

# %% dict_made_after_fill
def dict_made_after_fill(n):
    p = Point(1, 2)
    got = []
    for i in range(n):
        p.x = i
        got.append(p.x)
        if i == 3:
            got.append(sorted(p.__dict__))
            p.__dict__["y"] = "from dict"
        got.append(p.y)
    return got
# args: (6,)

# %% class_assigned_after_fill
def class_assigned_after_fill(n):
    p = Point(1, 2)
    got = []
    for i in range(n):
        got.append((p.x, p.y))
        if i == 2:
            p.__class__ = Other
        p.x = i
    return got
# args: (5,)

# %% deleted_then_missing
def deleted_then_missing(n):
    f = Fallback()
    got = []
    for i in range(n):
        got.append(f.x)
        if i == 1:
            delattr(f, "x")
        if i == 3:
            f.x = "again"
    p = Point(1, 2)
    delattr(p, "y")
    got.append(p.x)
    return got, p.y
# args: (5,)

# %% many_classes_one_site
def many_classes_one_site(n):
    objs = [c() for c in classes(n)] * 3
    total = 0
    for o in objs:
        o.x = o.x + 1
        total += o.x
    return total
# args: (1,), (4,), (9,)

# %% mixed_receivers
def mixed_receivers(n):
    got = []
    for o in [Point(1, 2), Dynamic(), Slots(), Logged(), Other(7)] * n:
        got.append(o.x)
        o.x = 9
        got.append(o.x)
    return got, Logged().log
# args: (2,)

# %% set_error_messages
def set_error_messages(k):
    s = Slots()
    for i in range(3):
        s.x = i
    if k == 0:
        s.y = 1
    return Point(1, 2).z
# args: (0,), (1,)


# %% method_calls_loop
def method_calls_loop(n):
    out = []
    for g in [Greeter("a"), LoudGreeter("b")] * n:
        out.append(g.hello())
        out.append(g.hello("?"))
        out.append(g.static(1))
        out.append(g.klass(2))
    return out
# args: (0,), (3,)

# %% method_shadowed_by_instance_after_fill
def method_shadowed_by_instance_after_fill(n):
    fresh = fresh_greeter()   # (a new class: CPython's run of this case shadows in its own)
    g = fresh("x")
    other = fresh("y")
    out = []
    for i in range(n):
        out.append(g.hello())
        out.append(other.hello())
        if i == 2:
            g.hello = lambda punct="!": "instance " + punct
    return out
# args: (6,)

# %% method_replaced_in_class_after_fill
def method_replaced_in_class_after_fill(n):
    g = Greeter("x")
    out = []
    for i in range(n):
        out.append(g.hello())
        if i == 1:
            Greeter.hello = lambda self, punct="!": "class lambda " + punct
        if i == 3:
            delattr(Greeter, "hello")
        if i == 4:
            Greeter.hello = lambda self, punct="!": "back"
    return out
# args: (7,)

# %% method_changes_its_class
def method_changes_its_class(n):
    s = self_changing()()
    return [s.change() for i in range(n)]
# args: (3,)

# %% method_errors
def method_errors(k):
    g = Greeter("e")
    total = 0
    for i in range(5):
        total += g.fails(i + 1)
    if k == 1:
        g.missing()
    return total, g.fails(k)
# args: (0,), (1,), (2,)

# %% builtin_methods_on_unknown_receivers
# One call site, receivers of several builtin types (the immutable-type entries of
# runtime/attrcache.fill_method), a str subclass overriding the method, a receiver whose
# type has its own attribute lookup (super), and CPython's errors.
class Shout(str):
    def upper(self):
        return "shout:" + str.upper(self)


class Base:
    def upper(self):
        return "base"


class Derived(Base):
    def upper(self):
        return "derived"

    def via_super(self):
        return super()


def builtin_methods_on_unknown_receivers(n):
    receivers = ["ab", b"cd", bytearray(b"ef"), Shout("gh"), Derived().via_super(), "ij", 5]
    out = []
    for _ in range(n):
        for r in receivers:
            try:
                out.append(r.upper())
            except AttributeError as e:
                out.append(str(e))
            out.append(r.__sizeof__() > 0)
        sup = Derived().via_super()
        out.append(sup.__sizeof__() == Derived().__sizeof__())   # super's lookup, not its type's
    return out
# args: (1,), (20,)

# %% builtin_methods_with_arguments
def builtin_methods_with_arguments(items):
    out = []
    for x in items:
        try:
            out.append(x.count(1))
            out.append(x.index(2))
        except (ValueError, TypeError) as e:
            out.append(type(e).__name__ + ": " + str(e))
    return out
# args: ([[1, 2, 1], (2, 1), "a2", [0], b"\x01\x02", range(3)] * 5,)
