"""Sieve of Eratosthenes on a plain list of bools.

`sieve(n)` crosses out the multiples of every prime up to sqrt(n) in a list of n + 1 flags,
collects the primes with a list comprehension, and returns (how many primes there are up to
n, the largest, their sum).  `check` compares with known values (78498 primes below 10**6,
summing to 37550402023) and, for other n, with trial division.

Plain Python (no lesto import), written the way the task is usually written.
"""


def sieve(n):
    is_prime = [True] * (n + 1)
    is_prime[0] = False
    is_prime[1] = False
    i = 2
    while i * i <= n:
        if is_prime[i]:
            for multiple in range(i * i, n + 1, i):
                is_prime[multiple] = False
        i += 1
    primes = [k for k in range(n + 1) if is_prime[k]]
    return (len(primes), primes[-1], sum(primes))


KNOWN = {100000: (9592, 99991, 454396537), 1000000: (78498, 999983, 37550402023),
         2000000: (148933, 1999993, 142913828922)}


def check(result, n):
    if n in KNOWN:
        assert tuple(result) == KNOWN[n], (result, KNOWN[n])
        return
    primes = [k for k in range(2, n + 1) if all(k % d for d in range(2, int(k ** 0.5) + 1))]
    assert tuple(result) == (len(primes), primes[-1], sum(primes)), result


BENCHMARK = {
    "name": "sieve",
    "entry": "sieve",
    "args": (2000000,),
    "quick_args": (100000,),
    "test_args": (500,),
    "check": "check",
    "description": "sieve of Eratosthenes on a plain list, primes by a comprehension",
}
