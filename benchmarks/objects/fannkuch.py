"""Fannkuch-redux (the Computer Language Benchmarks Game) on plain lists: for every
permutation of 0..n-1, in the order of the Benchmarks Game's counting scheme, flip the first
perm[0] + 1 elements until 0 comes first, counting the flips.

`fannkuch(n)` returns (checksum, largest number of flips), the checksum adding the flips of
even-numbered permutations and subtracting those of odd ones.  The Benchmarks Game gives
(228, 16) for n = 7, (1616, 22) for n = 8, (8629, 30) for n = 9 and (73196, 38) for n = 10:
`check` asserts those.

Plain Python (no lesto import): lists, slice reversal, index loops.
"""


def fannkuch(n):
    perm = list(range(n))
    count = [0] * n
    max_flips = 0
    checksum = 0
    permutation = 0
    r = n
    while True:
        while r != 1:
            count[r - 1] = r
            r -= 1
        flipped = perm[:]
        flips = 0
        k = flipped[0]
        while k != 0:
            flipped[:k + 1] = flipped[k::-1]
            flips += 1
            k = flipped[0]
        if flips > max_flips:
            max_flips = flips
        if permutation % 2 == 0:
            checksum += flips
        else:
            checksum -= flips
        # The next permutation: rotate the first r + 1 elements until a counter is left.
        while True:
            if r == n:
                return (checksum, max_flips)
            first = perm[0]
            for i in range(r):
                perm[i] = perm[i + 1]
            perm[r] = first
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1
        permutation += 1


KNOWN = {7: (228, 16), 8: (1616, 22), 9: (8629, 30), 10: (73196, 38)}


def check(result, n):
    assert tuple(result) == KNOWN[n], (result, KNOWN[n])


BENCHMARK = {
    "name": "fannkuch",
    "entry": "fannkuch",
    "args": (9,),
    "quick_args": (8,),
    "test_args": (7,),
    "check": "check",
    "description": "fannkuch-redux on plain lists: slice reversal, index loops",
}
