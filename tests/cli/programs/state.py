"""Module state read by functions: counters, `global`, `nonlocal`, a name bound in a loop;
and plain numeric functions that lesto compiles."""
import math

CALLS = 0
LIMIT = 10
SCALE = 2


def bump():
    global CALLS
    CALLS += 1
    return CALLS


def scaled(x):
    return x * SCALE


def uses_limit(n):
    s = 0
    for i in range(n):
        if i < LIMIT:
            s += i
    return s


def through(x):
    return scaled(x) + 1


def counter():
    count = 0

    def inc():
        nonlocal count
        count += 1

    def get(x):
        return x + count

    return inc, get


def cells_rebound():
    out = []
    step = 1
    def f(x):
        return x + step
    out.append(f(1))
    step = 10
    out.append(f(1))
    return out


def hypot_sum(n):
    s = 0.0
    for i in range(1, n + 1):
        s += math.sqrt(i * i + 1.0)
    return s


def int_poly(x):
    return x * x * x - 2 * x + 7


def big(n):
    p = 1
    for i in range(1, n + 1):
        p *= i
    return p


for SCALE in (2, 3):
    pass


def main():
    global LIMIT
    print(bump(), bump(), CALLS)
    print(scaled(5), through(5), uses_limit(20))
    LIMIT = 3
    print(uses_limit(20))
    inc, get = counter()
    print(get(1), get(1))
    inc()
    print(get(1), cells_rebound())
    print(round(hypot_sum(10000), 6), int_poly(3), int_poly(2**40), big(25), big(5))
    print(int_poly(1.5), int_poly(True), [int_poly(i) for i in range(-3, 4)])


main()
