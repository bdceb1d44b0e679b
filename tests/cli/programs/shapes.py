"""Classes with inheritance and super(), properties, dataclasses, class and static methods."""
import abc
import dataclasses
import math


class Shape(abc.ABC):
    count = 0

    def __init__(self, name):
        self.name = name
        Shape.count += 1

    @abc.abstractmethod
    def area(self):
        ...

    @property
    def label(self):
        return f"{self.name}({self.area():.3f})"

    @classmethod
    def made(cls):
        return cls.count

    @staticmethod
    def unit(x, scale=2):
        return x * scale

    def __repr__(self):
        return f"<{type(self).__name__} {self.label}>"


class Rect(Shape):
    def __init__(self, w, h, name="rect"):
        super().__init__(name)
        self.w, self.h = w, h

    def area(self):
        return self.w * self.h

    def __eq__(self, other):
        return isinstance(other, Rect) and self.area() == other.area()

    __hash__ = None


class Square(Rect):
    def __init__(self, side):
        super().__init__(side, side, name="square")

    @property
    def side(self):
        return self.w

    @side.setter
    def side(self, value):
        self.w = self.h = value


class Circle(Shape):
    def __init__(self, r):
        super(Circle, self).__init__("circle")
        self.r = r

    def area(self):
        return math.pi * self.r ** 2


@dataclasses.dataclass(order=True)
class Point:
    x: float
    y: float = 0.0
    tags: list = dataclasses.field(default_factory=list)

    def norm(self):
        return math.hypot(self.x, self.y)

    def __post_init__(self):
        self.tags.append("made")


@dataclasses.dataclass(frozen=True)
class Frozen:
    a: int

    def double(self):
        return Frozen(self.a * 2)


def total_area(shapes):
    return sum(s.area() for s in shapes)


def main():
    shapes = [Rect(2, 3), Square(4), Circle(1.5)]
    for s in shapes:
        print(s, s.label)
    sq = shapes[1]
    sq.side = 5
    print(sq.side, sq.area(), Rect(5, 5) == sq, Shape.made(), Shape.unit(3), Square.unit(2, 5))
    print(round(total_area(shapes), 6))
    pts = sorted([Point(3, 4), Point(1), Point(0, 2)])
    print(pts, [p.norm() for p in pts])
    print(Frozen(3).double(), dataclasses.asdict(Point(1.0, 2.0)))
    try:
        Shape("abstract")
    except TypeError as exc:
        print("TypeError:", exc)
    try:
        Frozen(1).a = 2
    except dataclasses.FrozenInstanceError as exc:
        print("frozen:", exc)
    print(Rect.area.__name__, Square.side.fget.__name__, Shape.area.__isabstractmethod__)


if __name__ == "__main__":
    main()
