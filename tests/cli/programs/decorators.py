"""Stacked decorators, registries, default arguments holding functions, keyword-only and
**kwargs forwarding, functools helpers."""
import functools
import inspect

REGISTRY = {}


def register(name):
    def deco(fn):
        REGISTRY[name] = fn
        return fn
    return deco


def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        print("call", fn.__name__, args, sorted(kwargs.items()))
        return fn(*args, **kwargs)
    return wrapper


@register("double")
@logged
def double(x):
    """Twice x."""
    return 2 * x


@register("scale")
def scale(x, *, factor=3, offset=0):
    return x * factor + offset


def forward(fn, *args, **kwargs):
    return fn(*args, **kwargs)


def splat(*args, **kwargs):
    return args, kwargs


def pos_only(a, b=2, /, c=3, *rest, d, e=5, **more):
    return a, b, c, rest, d, e, sorted(more.items())


@functools.lru_cache(maxsize=None)
def ways(n):
    return 1 if n < 2 else ways(n - 1) + ways(n - 2)


@functools.singledispatch
def describe(x):
    return f"thing {x!r}"


@describe.register
def _(x: int):
    return f"int {x}"


def apply(x, op=double):
    return op(x)


class Greeter:
    def __init__(self, greeting="hi"):
        self.greeting = greeting

    def greet(self, *names, sep=", ", **extra):
        text = sep.join(f"{self.greeting} {n}" for n in names)
        return text + "".join(f" [{k}={v}]" for k, v in sorted(extra.items()))

    @functools.cached_property
    def loud(self):
        return self.greeting.upper()


class Polite(Greeter):
    def greet(self, *names, **kwargs):
        return super().greet(*names, **kwargs) + "!"


def main():
    print(double(21), double.__name__, double.__doc__, double.__wrapped__.__name__)
    print(sorted(REGISTRY), REGISTRY["scale"](2), REGISTRY["scale"](2, factor=10, offset=1))
    print(forward(scale, 4, offset=1), splat(1, "a"), splat(), splat(x=1))
    print(pos_only(1, d=4), pos_only(1, 2, 3, 4, 5, d=6, e=7, z=8))
    for bad in (lambda: pos_only(1), lambda: pos_only(a=1, d=2), lambda: scale(1, 2),
                lambda: scale(1, factr=2)):
        try:
            bad()
        except TypeError as exc:
            print("TypeError:", exc)
    print(ways(60), ways.cache_info().hits > 0, describe(3), describe("s"), apply(5))
    print(apply(5, op=lambda v: -v))
    g = Polite("hello")
    print(g.greet("ann", "bob", sep=" & ", mood="sunny"), g.loud, g.loud is g.loud)
    print(Greeter().greet(*["x", "y"], **{"n": 1}))
    print(inspect.getsource(scale).splitlines()[:2], inspect.signature(pos_only))
    print(inspect.getsource(Polite.greet).splitlines()[0], inspect.signature(Greeter.greet))


main()
