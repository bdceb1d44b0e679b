"""Enums, NamedTuples, total_ordering, a metaclass, __slots__, operator overloading, the
iterator and context-manager protocols, __call__, __getattr__, __set_name__ descriptors."""
import enum
import functools
from typing import NamedTuple


class Color(enum.Enum):
    RED = 1
    GREEN = 2

    def describe(self):
        return f"{self.name.lower()}={self.value}"

    @classmethod
    def parse(cls, text):
        return cls[text.upper()]


class Pair(NamedTuple):
    a: int
    b: int = 0

    def total(self):
        return self.a + self.b


@functools.total_ordering
class Version:
    __slots__ = ("major", "minor")

    def __init__(self, major, minor=0):
        self.major, self.minor = major, minor

    def __eq__(self, other):
        return (self.major, self.minor) == (other.major, other.minor)

    def __lt__(self, other):
        return (self.major, self.minor) < (other.major, other.minor)

    def __add__(self, n):
        return Version(self.major, self.minor + n)

    def __repr__(self):
        return f"v{self.major}.{self.minor}"


class Registry(type):
    classes = []

    def __new__(mcs, name, bases, ns):
        cls = super().__new__(mcs, name, bases, ns)
        mcs.classes.append(name)
        return cls

    def __call__(cls, *args, **kwargs):
        obj = super().__call__(*args, **kwargs)
        obj.made_by = "Registry"
        return obj


class Plugin(metaclass=Registry):
    def __init__(self, name):
        self.name = name


class Loud(Plugin):
    pass


class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1


class Managed:
    def __init__(self, log):
        self.log = log

    def __enter__(self):
        self.log.append("in")
        return self

    def __exit__(self, kind, value, tb):
        self.log.append(f"out {kind.__name__ if kind else None}")
        return kind is KeyError


class Lazy:
    def __set_name__(self, owner, name):
        self.name = "_" + name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.name, "unset")

    def __set__(self, obj, value):
        setattr(obj, self.name, value * 2)


class Box:
    value = Lazy()

    def __init__(self, **extra):
        self.extra = extra

    def __getattr__(self, name):
        if name in self.extra:
            return self.extra[name]
        raise AttributeError(name)

    def __call__(self, x):
        return x * 10

    def handler(self, x):
        return -x

    table = {"h": handler}


def main():
    print([c.describe() for c in Color], Color.parse("green"), list(Color.__members__))
    p = Pair(3, 4)
    print(p, p.total(), p._replace(b=1).total(), Pair(1)._asdict())
    vs = sorted([Version(1, 2), Version(1), Version(0, 9) + 3])
    print(vs, Version(1) <= Version(1, 1), Version(2) > Version(1, 5))
    print(Loud("x").made_by, Registry.classes, type(Loud).__name__)
    print(list(Countdown(4)), sum(Countdown(10)))
    log = []
    with Managed(log):
        raise KeyError("swallowed")
    try:
        with Managed(log):
            raise ValueError("kept")
    except ValueError as exc:
        log.append(str(exc))
    print(log)
    b = Box(color="red")
    print(b.value, b.color, b(4), Box.table["h"](b, 3))
    b.value = 21
    print(b.value, hasattr(b, "nope"))


main()
