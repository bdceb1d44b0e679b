"""Differential cases: tuples of int, float, bool and None (construct, unpack, swap, index with a
constant or variable index incl. negative and out of range, len, comparison, membership, return,
tuples passed in and returned).

Format: see tests/support/cases.py. CPython is the oracle; there are no expected values here.
Tuple comparisons avoid nan on purpose: CPython compares tuple items by identity first, so
`(x,) == (x,)` is True for a nan object x, which no unboxed representation can reproduce."""
import math  # noqa: F401  (available to the cases)

# %% make_pair
def make_pair(a, b):
    return (a, b)
# args: (1, 2), (1, 2.5), (None, True), (2**70, -0.0), (math.nan, -2**63)
# hypothesis: st.integers(), st.floats()

# %% make_mixed
def make_mixed(a):
    return (a, a * 0.5, a > 0, None, -a)
# args: (0,), (3,), (-3,), (2**63 - 1,), (-2**63,), (2**70,)

# %% empty_and_single
def empty_and_single(a):
    e = ()
    s = (a,)
    return e, s, len(e), len(s)
# args: (1,), (2.5,), (None,)

# %% return_empty
def return_empty(a):
    return ()
# args: (0,), (1.5,)

# %% unpack_pair
def unpack_pair(t):
    a, b = t
    return b - a
# args: ((1, 2),), ((2.5, 1),), ((-2**63, 2**63 - 1),), ((0.0, -0.0),), ((True, False),), ((2**70, 1),)
# hypothesis: st.tuples(st.integers(), st.integers())

# %% unpack_triple_mixed
def unpack_triple_mixed(t):
    a, b, c = t
    if c is None:
        return a
    return a + b * c
# args: ((1, 2.0, None),), ((1, 2.0, 3),), ((1, -0.0, 0),), ((2**62, 2.0, 2**62),)

# %% swap
def swap(a, b):
    a, b = b, a
    return a, b
# args: (1, 2), (1.5, -2), (None, 0), (True, 2**70)
# hypothesis: st.integers(), st.integers()

# %% rotate_three
def rotate_three(a, b, c):
    a, b, c = b, c, a
    a, b, c = b, c, a
    return a, b, c
# args: (1, 2, 3), (1.0, 2, None), (-0.0, False, 2**64)

# %% fib_pair
def fib_pair(n):
    a, b = 0, 1
    for i in range(n):
        a, b = b, a + b
    return a, b
# args: (0,), (1,), (10,), (50,), (90,), (91,), (92,), (93,), (150,)

# %% const_index
def const_index(t):
    return t[0], t[1], t[2], t[-1], t[-2], t[-3]
# args: ((1, 2, 3),), ((1.5, None, True),), ((2**70, -0.0, -2**63),)

# %% var_index
def var_index(t, i):
    return t[i]
# args: ((10, 20, 30), 0), ((10, 20, 30), 2), ((10, 20, 30), -1), ((10, 20, 30), -3)
# args: ((10, 20, 30), 3), ((10, 20, 30), -4), ((10, 20, 30), 2**63 - 1), ((10, 20, 30), -2**63)
# args: ((10, 20, 30), 2**70), ((10, 20, 30), -2**70), ((10, 20, 30), True), ((10, 20, 30), False)
# args: ((1.5, -0.0, math.inf), 1), ((1.5, -0.0, math.inf), -2), ((1.5, -0.0, math.inf), 5), ((), 0)
# hypothesis: st.tuples(st.integers(), st.integers(), st.integers(), st.integers()), st.integers(-6, 6)

# %% var_index_floats
def var_index_floats(t, i):
    return t[i] * 2.0
# args: ((1.5, 2.5), 0), ((1.5, 2.5), -1), ((1.5, 2.5), 2), ((1.5, 2.5), -3)
# hypothesis: st.tuples(st.floats(), st.floats(), st.floats()), st.integers(-4, 4)

# %% index_in_loop
def index_in_loop(t):
    total = 0
    for i in range(len(t)):
        total += t[i] * (i + 1)
    return total
# args: ((),), ((5,),), ((1, 2, 3, 4, 5),), ((2**62, 2**62, 2**62),), ((-2**63, -1),)
# hypothesis: st.tuples(st.integers(), st.integers(), st.integers(), st.integers(), st.integers())

# %% index_negative_loop
def index_negative_loop(t):
    out = 0
    for i in range(-1, -len(t) - 1, -1):
        out = out * 10 + t[i]
    return out
# args: ((1, 2, 3),), ((9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9),), ((),)

# %% index_off_by_one
def index_off_by_one(t):
    total = 0
    for i in range(len(t) + 1):
        total += t[i]
    return total
# args: ((1, 2, 3),), ((),), ((7,),)

# %% guarded_const_out_of_range
def guarded_const_out_of_range(t, flag):
    if flag:
        return t[3]
    return t[0]
# args: ((1, 2, 3), False), ((1, 2, 3), True)

# %% tuple_len
def tuple_len(t, u):
    return len(t), len(u), len(t) + len(u), len(())
# args: ((1, 2), (3.0,)), ((), (None, None, None)), ((True,), ())

# %% tuple_compare_int
def tuple_compare_int(t, u):
    return t < u, t <= u, t == u, t != u, t > u, t >= u
# args: ((1, 2), (1, 2)), ((1, 2), (1, 3)), ((2, 0), (1, 9)), ((-2**63, 0), (2**63 - 1, 0))
# args: ((2**70, 1), (2**70, 2)), ((0, 0), (0, 0))
# hypothesis: st.tuples(st.integers(-2, 2), st.integers(-2, 2)), st.tuples(st.integers(-2, 2), st.integers(-2, 2))

# %% tuple_compare_lengths
def tuple_compare_lengths(t, u):
    return t < u, t == u, t > u, t != u
# args: ((1, 2), (1, 2, 3)), ((1, 2, 3), (1, 2)), ((), ()), ((), (0,)), ((5,), (1, 2, 3))

# %% tuple_compare_mixed_numeric
def tuple_compare_mixed_numeric(t, u):
    return t == u, t < u, t >= u
# args: ((1, 2), (1.0, 2.0)), ((1, 2), (1.0, 2.5)), ((2**53 + 1, 0), (9007199254740992.0, 0))
# args: ((True, 0), (1, 0.0)), ((0.0, 1), (-0.0, 1)), ((1, math.inf), (1, 1e308))

# %% tuple_compare_none
def tuple_compare_none(t, u):
    return t == u, t != u
# args: ((None, 1), (None, 1)), ((None, 1), (None, 2)), ((None,), (0,))

# %% tuple_membership
def tuple_membership(x, t):
    return x in t, x not in t
# args: (1, (1, 2, 3)), (4, (1, 2, 3)), (1.0, (1, 2, 3)), (True, (0, 1)), (0, ()), (-0.0, (0.0,))
# args: (2**70, (1, 2**70)), (None, (1, None)), (None, (0, False))

# %% build_from_loop
def build_from_loop(n):
    lo = n
    hi = n
    for i in range(n):
        v = (i * 7919) % 101
        if v < lo:
            lo = v
        if v > hi:
            hi = v
    return lo, hi
# args: (0,), (1,), (50,), (200,)

# %% divmod_tuple_unpack
def divmod_tuple_unpack(a, b):
    q, r = divmod(a, b)
    return (r, q)
# args: (7, 2), (-7, 2), (7, -2), (1, 0), (-2**63, -1), (2**70, 3), (7.5, 2.0), (-7.5, 2.0)
# args: (1.0, 0.0), (5, 2.5)

# %% tuple_of_bools
def tuple_of_bools(a, b):
    t = (a < b, a == b, a > b)
    return t, t[0] or t[2], len(t)
# args: (1, 2), (2, 2), (3, 2), (math.nan, 1.0)

# %% tuple_passthrough
def tuple_passthrough(t):
    return t
# args: ((),), ((1,),), ((1, 2.5, None, True),), ((2**70, -0.0, math.nan),)

# %% nested_return_tuple
def min_max(a, b):
    if a < b:
        return a, b
    return b, a

def nested_return_tuple(a, b, c):
    lo, hi = min_max(a, b)
    lo2, hi2 = min_max(lo, c)
    return lo2, min_max(hi, hi2)[0], max(hi, hi2)
# args: (1, 2, 3), (3, 2, 1), (2, 3, 1), (1, 1, 1), (2**70, -2**70, 0), (0.5, -0.5, 0.0)
# hypothesis: st.integers(), st.integers(), st.integers()

# %% tuple_hash_like
def tuple_hash_like(t):
    h = 17
    for i in range(len(t)):
        h = h * 31 + t[i]
    return h
# args: ((1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14),), ((),), ((-1, -1),)
# hypothesis: st.tuples(st.integers(), st.integers(), st.integers())

# %% tuple_truthiness
def tuple_truthiness(t):
    if t:
        return 1
    return 0
# args: ((),), ((0,),), ((None,),)

# %% swap_in_loop
def swap_in_loop(n, a, b):
    for i in range(n):
        a, b = b, a - b
    return a, b
# args: (0, 1, 2), (1, 1, 2), (10, 3, -4), (100, 1, 1), (7, 0.5, -0.0)
