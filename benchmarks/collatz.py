"""Longest Collatz chain below a limit: an integer loop of %, // and * with a helper call.

Returns (start of the longest chain, its length, total steps over all starts) so that a
wrong step anywhere changes the answer.

Plain Python (no lesto import), so CPython, lesto, Numba and PyPy all run it unchanged.
"""


def chain_length(n):
    """Steps for n to reach 1 under n -> n/2 (n even), n -> 3n + 1 (n odd)."""
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


def longest_collatz(limit):
    best_start = 1
    best_len = 0
    total = 0
    for start in range(1, limit):
        length = chain_length(start)
        total += length
        if length > best_len:
            best_len = length
            best_start = start
    return (best_start, best_len, total)


BENCHMARK = {
    "name": "collatz",
    "entry": "longest_collatz",
    "args": (300000,),
    "quick_args": (50000,),
    "description": "longest Collatz chain below N (integer %, //, *)",
}
