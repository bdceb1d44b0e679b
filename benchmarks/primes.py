"""Prime counting by trial division: a `while` loop with `%` per candidate divisor and an
early `break`, the way a first-year exercise is written.

Plain Python (no lesto import), so CPython, lesto, Numba and PyPy all run it unchanged.
"""


def is_prime(n):
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


def count_primes(limit):
    count = 0
    for n in range(limit):
        if is_prime(n):
            count += 1
    return count


BENCHMARK = {
    "name": "primes",
    "entry": "count_primes",
    "args": (2000000,),
    "quick_args": (300000,),
    "target": {"vs": "numba", "max_ratio": 1.05},
    "description": "prime counting by trial division: a helper per candidate, % and break",
}
