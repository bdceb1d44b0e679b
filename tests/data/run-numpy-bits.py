"""Differential cases: numpy scalar shifts and bitwise operators (`<< >> & | ^ ~`) on np.bool,
int8..int64 and uint8..uint64, mixed with Python ints and bools and with other numpy dtypes,
their augmented forms, loads from and stores into arrays, a 1-D cellular automaton, and the
other operators numpy defines on its scalars (`//`, `%`, `**`, `divmod`, `round(x, n)`,
comparisons, unary `-`, `+`, `abs`) for every dtype; the same operators on whole arrays.

Format: see tests/support/cases.py. CPython is the oracle; there are no expected values here.

numpy 2's rules these cases rely on (NEP 50): a Python int operand takes the numpy scalar's
dtype and must fit (np.uint8(1) << 256 and np.uint64(1) >> -1 raise OverflowError("Python
integer 256 out of bounds for uint8")); two numpy dtypes promote (int8 << uint8 is int16;
int64 & uint64 would be float64, which has no bitwise loop: numpy raises TypeError, so no case
asks for it); a shift count at or beyond the width, or negative in a signed dtype (compared as
an unsigned number), shifts every bit out: 0 for <<, the sign (0 or -1) for >>; ~ of np.bool is
logical not, np.bool & | ^ np.bool stay np.bool, np.bool << np.bool is int8. Integer // and %
by zero give 0 with a RuntimeWarning, a negative integer power raises ValueError. Integer
comparisons are exact in numpy 2: np.int64(2**53 + 1) > np.uint64(2**53) (not compared as
float64), np.uint8(1) < 300 (the Python int is not cast to uint8).
"""
import math  # noqa: F401  (available to the cases)
import operator

import numpy as np

INTS = (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64)
# The dtypes the issue names first, then the rest.
MAIN = (np.uint8, np.int16, np.uint64, np.int64, np.int8)
SCALARS = (np.bool_,) + INTS + (np.float32, np.float64)


def width(t):
    return np.iinfo(t).bits


def values(t):
    """Values of dtype `t`: its extremes, 0, 1, a pattern of alternating bits, and -1 when
    signed (np.bool: both)."""
    if t is np.bool_:
        return [np.True_, np.False_]
    info = np.iinfo(t)
    out = [info.min, info.max, 0, 1, info.max // 3, info.min + 1]
    if info.min < 0:
        out.append(-1)
    return [t(v) for v in out]


def counts(t):
    """Shift counts around dtype `t`'s width: 0, 1, width-1, width, width+1, 100 and
    negative ones, each as a Python int and as a `t`; negative Python ints for an unsigned `t`
    raise OverflowError (the count must fit the dtype)."""
    w = width(t)
    plain = [0, 1, w - 1, w, w + 1, 100, -1, -w, -w - 1]
    typed = [t(c) for c in plain if np.iinfo(t).min <= c <= np.iinfo(t).max]
    return plain + typed


def shift_args(types):
    return [(v, c) for t in types for v in values(t) for c in counts(t)]


def defined(op, x, y):
    """numpy has a loop for `op(x, y)` (no TypeError): the case may use the pair."""
    try:
        op(x, y)
    except TypeError:
        return False
    except (OverflowError, ValueError, ZeroDivisionError):
        return True
    return True


def pairs(op):
    """One value of every pair of dtypes (and with Python ints and bools) numpy defines `op`
    for."""
    firsts = [t(3) if t is not np.bool_ else np.True_ for t in SCALARS]
    seconds = firsts + [2, True, False, -3, 0]
    return [(x, y) for x in firsts for y in seconds if defined(op, x, y)] + \
           [(y, x) for x in firsts for y in (2, True, -3) if defined(op, y, x)]


def automaton(n):
    """A uint8 row of `n` cells with one live cell in the middle."""
    cells = np.zeros(n, dtype=np.uint8)
    cells[n // 2] = 1
    return cells

# %% lshift
def lshift(x, y):
    return x << y
# args: *shift_args(MAIN)
# args: *shift_args((np.uint16, np.int32, np.uint32))
# args: (np.uint8(1), 256), (np.int8(1), 128), (np.int8(1), -129), (np.uint64(1), 2**64 - 1)
# args: (np.uint8(1), 2**70), (np.int64(1), -2**70), (np.uint64(3), 2**64)
# args: (np.int64(-1), 2**63 - 1), (np.int64(5), -2**63), (np.uint16(1), 65536)
# hypothesis: st.integers(0, 255).map(np.uint8), st.integers(-10, 300)

# %% rshift
def rshift(x, y):
    return x >> y
# args: *shift_args(MAIN)
# args: *shift_args((np.uint16, np.int32, np.uint32))
# args: (np.uint8(200), 256), (np.int8(-100), 128), (np.int8(-100), -129), (np.uint64(2**63), 2**64 - 1)
# args: (np.int64(-2**63), 2**63 - 1), (np.int64(-5), -2**63), (np.uint64(2**64 - 1), 2**63)
# hypothesis: st.integers(-2**63, 2**63 - 1).map(np.int64), st.integers(-70, 70)

# %% shift_uint64
def shift_uint64(x, y):
    return x << y, x >> y
# hypothesis: st.integers(0, 2**64 - 1).map(np.uint64), st.one_of(st.integers(0, 70), st.integers(2**63, 2**64 - 1)).map(np.uint64)

# %% shift_int16_by_int16
def shift_int16_by_int16(x, y):
    return x << y, x >> y
# hypothesis: st.integers(-2**15, 2**15 - 1).map(np.int16), st.integers(-2**15, 2**15 - 1).map(np.int16)

# %% shift_mixed
def shift_mixed(x, y):
    return x << y, x >> y
# args: *pairs(operator.lshift)
# args: (np.int8(-1), np.uint8(9)), (np.int8(-3), np.uint8(200)), (np.uint8(255), np.int16(-1))
# args: (np.uint8(255), np.int8(7)), (np.int16(-2), np.uint32(20)), (np.True_, np.uint64(63))

# %% python_int_shifted
def python_int_shifted(x):
    return 1 << x, 255 >> x, -1 << x, True << x
# args: *[(c,) for t in MAIN for c in counts(t) if not isinstance(c, int)]
# args: (np.True_,), (np.False_,)

# %% python_int_out_of_range
def python_int_out_of_range(x, y):
    return x << y
# args: (300, np.uint8(1)), (-1, np.uint8(1)), (-1, np.uint64(0)), (128, np.int8(0)), (-129, np.int8(0))
# args: (2**64 - 1, np.uint64(1)), (2**63 - 1, np.int64(1)), (-2**63, np.int64(1)), (256, np.uint16(1))

# %% bitwise
def bitwise(x, y):
    return x & y, x | y, x ^ y
# args: *[(v, w) for t in MAIN for v in values(t) for w in values(t)]
# args: *[(v, c) for t in MAIN for v in values(t) for c in (0, 1, -1, 255, True, False) if defined(operator.and_, v, c)]
# args: (np.uint8(7), 256), (np.uint8(7), -1), (np.int8(7), 128), (np.uint64(7), -1), (np.int64(7), 2**63 - 1)
# hypothesis: st.integers(0, 2**64 - 1).map(np.uint64), st.integers(0, 2**64 - 1).map(np.uint64)

# %% bitwise_mixed
def bitwise_mixed(x, y):
    return x & y, x | y, x ^ y
# args: *pairs(operator.and_)
# hypothesis: st.integers(-128, 127).map(np.int8), st.integers(0, 255).map(np.uint8)

# %% bool_ops
def bool_ops(x, y):
    return x & y, x | y, x ^ y, ~x, x << y, x >> y
# args: (np.True_, np.True_), (np.True_, np.False_), (np.False_, np.True_), (np.False_, np.False_)
# args: (np.True_, True), (np.False_, True), (np.True_, False), (np.True_, 1), (np.False_, 0), (np.True_, 7)
# args: (np.True_, -1), (np.True_, np.int8(-1)), (np.True_, np.uint8(200)), (np.False_, np.uint64(3))

# %% bool_not_and_truth
def bool_not_and_truth(x):
    y = ~x
    if y:
        return y, ~y, abs(x)
    return y, y | x, abs(x)
# args: (np.True_,), (np.False_,)

# %% invert
def invert(x):
    return ~x, ~~x, ~x & x, ~x | x
# args: *[(v,) for t in INTS for v in values(t)]
# hypothesis: st.integers(0, 2**64 - 1).map(np.uint64)

# %% augmented
def augmented(x, n):
    for k in range(n):
        x <<= 1
        x ^= 5
        x >>= 1
        x |= 32
        x &= 0x7D
    return x
# args: *[(v, 9) for t in MAIN for v in values(t)]
# args: (np.True_, 3), (np.uint8(3), 0)

# %% augmented_count
def augmented_count(x, c):
    x <<= c
    y = x
    y >>= c
    return x, y
# args: *[(v, c) for t in (np.uint8, np.int16) for v in values(t) for c in counts(t)]

# %% array_elements
def array_elements(a, i):
    return a[i - 1] << 2 | a[i] << 1 | a[i + 1], a[i] & a[i + 1], ~a[i], a[i] ^ a[-1]
# args: *[(np.array(values(t), dtype=t), 1) for t in SCALARS[:-2]]
# args: (np.array(values(np.uint8), dtype=np.uint8), 7)

# %% array_stores
def array_stores(a, m):
    for i in range(len(a)):
        a[i] ^= m
        a[i] <<= 1
        a[i] = a[i] | (a[i] >> 3)
    return a
# args: *[(np.array(values(t), dtype=t), m) for t in MAIN for m in (0, 1, 3)]
# args: (np.arange(6, dtype=np.uint8), np.int16(300)), (np.arange(6, dtype=np.int8), np.uint8(255))
# args: (np.arange(6, dtype=np.uint8), 256), (np.arange(6, dtype=np.uint64), -1)

# %% array_store_cast
def array_store_cast(a, b):
    for i in range(len(a)):
        a[i] = b[i] << 7
        a[i] ^= b[i] > 1
    return a
# args: (np.zeros(4, dtype=np.uint8), np.array([1, 2, 3, 255], dtype=np.int16))
# args: (np.zeros(4, dtype=np.int8), np.array([1, 2, 3, 255], dtype=np.uint64))
# args: (np.zeros(4, dtype=np.bool_), np.array([0, 1, 2, 3], dtype=np.uint8))

# %% cellular_automaton
def next_generation(cells, rule):
    n = len(cells)
    out = np.zeros(n, dtype=np.uint8)
    for i in range(1, n - 1):
        pattern = cells[i - 1] << 2 | cells[i] << 1 | cells[i + 1]
        out[i] = (rule >> pattern) & 1
    return out


def cellular_automaton(cells, rule, generations):
    live = 0
    for g in range(generations):
        cells = next_generation(cells, rule)
        for i in range(len(cells)):
            live += cells[i]
    return cells, live
# args: (automaton(64), 30, 40), (automaton(64), 110, 40), (automaton(9), 90, 5), (automaton(3), 30, 2)
# args: (automaton(64), np.uint8(30), 20), (automaton(64), 256 + 30, 1)

# %% cellular_wraparound
def cellular_wraparound(cells, rule, generations):
    n = len(cells)
    for g in range(generations):
        out = np.zeros(n, dtype=np.uint8)
        for i in range(n):
            pattern = cells[i - 1] << 2 | cells[i] << 1 | cells[(i + 1) % n]
            out[i] = (rule >> pattern) & 1
        cells = out
    return cells
# args: (automaton(32), 30, 30), (automaton(32), 110, 30), (automaton(5), 150, 4)

# %% floordiv_mod_divmod
def floordiv_mod_divmod(x, y):
    return x // y, x % y, divmod(x, y)
# args: *pairs(operator.floordiv)
# args: *[(v, w) for t in MAIN for v in values(t) for w in values(t)]
# args: (np.float64(7.5), 0.0), (np.float32(-7.5), np.float32(0.0)), (np.float64(-0.0), -1.0)
# args: (np.float64(math.inf), 3.0), (np.float32(1.0), math.nan), (np.int8(-128), -1)
# args: (np.True_, np.True_), (np.False_, np.True_), (np.True_, 2), (np.uint8(7), 300)

# %% powers
def powers(x, y):
    return x ** y, pow(x, y)
# args: *pairs(operator.pow)
# args: *[(v, e) for t in MAIN for v in values(t) for e in (0, 1, 2, 3, 7)]
# args: (np.int8(2), -1), (np.uint8(2), 9), (np.int64(3), 40), (np.float32(2.0), -1), (np.True_, 3)

# %% comparisons
def comparisons(x, y):
    return x < y, x <= y, x == y, x != y, x > y, x >= y
# args: *pairs(operator.lt)
# args: (np.uint64(2**64 - 1), -1), (np.int64(-1), np.uint64(2**64 - 1)), (np.uint8(255), 255)
# args: (np.float32(0.1), 0.1), (np.float64(math.nan), math.nan), (np.True_, 1)
# args: (np.int64(2**62 + 1), np.uint64(2**62 + 2)), (np.int64(2**53 + 1), np.uint64(2**53)), (np.uint64(2**63 + 1), np.int64(2**62))
# args: (np.int8(-1), np.uint64(2**64 - 1)), (np.uint64(2**64 - 1), np.int16(-1)), (np.uint8(1), 300), (np.int8(-1), -129)
# args: (300, np.uint16(7)), (np.uint64(5), 2**63 - 1), (np.uint64(2**64 - 1), -1), (np.int64(2**53 + 1), np.float64(2**53))
# hypothesis: st.integers(-2**63, 2**63 - 1).map(np.int64), st.integers(0, 2**64 - 1).map(np.uint64)

# %% unary
def unary(x):
    return -x, +x, abs(x), -(-x)
# args: *[(v,) for t in INTS for v in values(t)]
# args: (np.float32(-0.0),), (np.float64(-1.5),), (np.float64(math.nan),), (np.float32(-math.inf),)

# %% abs_bool
def abs_bool(x):
    return abs(x), abs(x) & x
# args: (np.True_,), (np.False_,)

# %% round_digits
def round_digits(x, n):
    return round(x, n)
# args: (np.float64(2.675), 2), (np.float32(2.675), 2), (np.float64(1234.5), -1), (np.float64(-0.5), 0)
# args: (np.int8(15), -1), (np.int16(1234), -2), (np.uint8(250), -1), (np.int64(-155), -1), (np.uint64(5), 1)
# args: (np.float64(math.inf), 1), (np.float64(math.nan), 3), (np.float32(1e30), -20)
# args: (2.675, np.int64(2)), (15, np.int8(-1)), (np.float64(1.25), np.int64(1)), (np.float32(0.5), True)

# %% array_bits
def array_bits(a, b):
    return a << 1, a >> b, a & b, a | 3, a ^ b, ~a, (a << 2) | (b << 1)
# args: (np.arange(10, dtype=np.uint8), np.arange(10, dtype=np.uint8)[::-1]), (np.arange(-5, 5, dtype=np.int16), np.int16(3))
# args: (np.arange(10) > 4, np.arange(10) > 2), (np.arange(6, dtype=np.uint64), np.uint64(70)), (np.arange(6, dtype=np.int8), np.arange(6, dtype=np.uint8))
# args: (np.array(values(np.int64)), np.array(counts(np.int64)[:7])), (np.array(values(np.uint8), dtype=np.uint8), 300)
# args: (np.arange(12, dtype=np.int32).reshape(3, 4), np.arange(4, dtype=np.int32)), (np.zeros(0, dtype=np.uint16), 1)

# %% array_bits_inplace
def array_bits_inplace(a, b):
    a <<= 1
    a ^= b
    a &= 0x7F
    a |= b >> 1
    return a
# args: (np.arange(10, dtype=np.uint8), np.arange(10, dtype=np.uint8)[::-1]), (np.arange(-5, 5, dtype=np.int16), np.int16(3))
# args: (np.arange(10, dtype=np.int64), 5), (np.arange(6, dtype=np.uint8), 256)

# %% array_comparisons_exact
def array_comparisons_exact(a, b):
    return a < b, a == b, a >= b
# args: (np.array([2**62 + 1, -1, 2**53 + 1]), np.array([2**62 + 2, 2**64 - 1, 2**53], dtype=np.uint64))
# args: (np.array([2**63 + 1, 5], dtype=np.uint64), np.array([2**62, -3])), (np.array([255, 5], dtype=np.uint64), np.array([-1, 5], dtype=np.int8)), (np.arange(5, dtype=np.uint8), 300)
# args: (np.arange(5, dtype=np.uint8), -1), (np.array([2**64 - 1], dtype=np.uint64), -1), (np.arange(3) > 1, True)

# %% cellular_automaton_arrays
def cellular_automaton_arrays(cells, rule, generations):
    for g in range(generations):
        out = np.zeros(len(cells), dtype=np.uint8)
        out[1:-1] = (rule >> ((cells[:-2] << 2) | (cells[1:-1] << 1) | cells[2:])) & 1
        cells = out
    return cells
# args: (automaton(64), 30, 40), (automaton(64), 110, 40), (automaton(9), 90, 5)

# %% shift_xor_hash
def shift_xor_hash(a):
    h = 0
    for i in range(len(a)):
        h = (h << 1) ^ a[i]
    return h
# args: (np.arange(20, dtype=np.uint8),), (np.zeros(0, dtype=np.uint8),), (np.arange(-9, 9, dtype=np.int16),)
# args: (np.arange(70, dtype=np.uint64),), (np.array([True, False, True]),)

# %% fnv1a
def fnv1a(a, h):
    for i in range(len(a)):
        h ^= a[i]
        h *= 1099511628211
    return h
# args: (np.arange(20, dtype=np.uint8), np.uint64(14695981039346656037)), (np.arange(5, dtype=np.uint64), np.uint64(0))
# hypothesis: hnp.arrays(np.uint8, st.integers(0, 30)), st.integers(0, 2**64 - 1).map(np.uint64)

# %% popcount_loop
def popcount_loop(a):
    total = 0
    for i in range(len(a)):
        x = a[i]
        while x:
            total += int(x & 1)
            x >>= 1
    return total
# args: (np.arange(256, dtype=np.uint8),), (np.array([2**64 - 1, 2**63, 0], dtype=np.uint64),), (np.arange(0, 30000, 7, dtype=np.int16),)

# %% clamp_shifted
def clamp_shifted(a):
    out = np.zeros(len(a), dtype=np.uint8)
    for i in range(len(a)):
        out[i] = min(a[i] << 1, 255)
    return out
# args: (np.arange(256, dtype=np.uint8),), (np.arange(-8, 120, dtype=np.int16),)

# %% nibble_table
def nibble_table(a, table):
    s = 0
    for i in range(len(a)):
        s += table[a[i] >> 4] + table[a[i] & 15]
    return s
# args: (np.arange(256, dtype=np.uint8), np.arange(16)), (np.arange(256, dtype=np.uint8), np.arange(16.0))

# %% gray_code
def gray_code(a):
    for i in range(len(a)):
        a[i] = a[i] ^ (a[i] >> 1)
    return a
# args: (np.arange(300, dtype=np.uint16),), (np.arange(-64, 64, dtype=np.int8),), (np.array(values(np.uint64), dtype=np.uint64),)

# %% parity_fold
def parity_fold(x):
    x ^= x >> 32
    x ^= x >> 16
    x ^= x >> 8
    x ^= x >> 4
    x ^= x >> 2
    x ^= x >> 1
    return x & 1
# args: *[(v,) for t in INTS for v in values(t)]
# hypothesis: st.integers(0, 2**64 - 1).map(np.uint64)
