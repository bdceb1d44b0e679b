"""Differential cases: int arithmetic with CPython's exact semantics (no wrap-around at 64 bits,
floor division and modulo sign rules, shifts, bitwise operators, comparisons, big ints passed in).

Format: see tests/support/cases.py. CPython is the oracle; there are no expected values here."""
import math  # noqa: F401  (available to the cases)

# %% add
def add(a, b):
    return a + b
# args: (0, 0), (1, 2), (-5, 3), (2**63 - 1, 0), (2**63 - 1, 1), (2**62, 2**62), (-2**63, -1)
# args: (-2**63, -2**63), (2**63 - 1, 2**63 - 1), (2**70, 1), (-2**70, 2**70), (2**64, -2**64)
# args: (True, 1), (True, True), (False, -2**63)
# hypothesis: st.integers(), st.integers()

# %% sub
def sub(a, b):
    return a - b
# args: (0, 0), (5, 7), (-2**63, 1), (-2**63, 2**63 - 1), (2**63 - 1, -1), (0, -2**63)
# args: (2**70, 2**70 - 1), (-1, 2**100), (True, True), (False, True)
# hypothesis: st.integers(min_value=-2**63, max_value=2**63 - 1), st.integers(min_value=-2**63, max_value=2**63 - 1)

# %% mul
def mul(a, b):
    return a * b
# args: (0, 0), (3, -4), (2**32, 2**32), (2**31, 2**32), (2**32, 2**31 - 1), (-2**63, 1)
# args: (-2**63, -1), (-1, -2**63), (2**63 - 1, 2), (3037000499, 3037000499), (3037000500, 3037000500)
# args: (-3037000500, 3037000500), (2**70, 0), (2**70, -3), (True, -7)
# hypothesis: st.integers(min_value=-2**40, max_value=2**40), st.integers(min_value=-2**40, max_value=2**40)

# %% neg_pos
def neg_pos(a):
    return -a, +a
# args: (0,), (1,), (-1,), (2**63 - 1,), (-2**63,), (2**70,), (-2**70,), (True,), (False,)

# %% negate_only
def negate_only(a):
    return -a
# args: (-2**63,), (-2**63 + 1,), (2**64,), (0,), (False,)
# hypothesis: st.integers()

# %% floordiv
def floordiv(a, b):
    return a // b
# args: (7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (0, -3), (6, 3), (-6, 3), (1, 0), (0, 0)
# args: (-2**63, -1), (-2**63, 1), (-2**63, 2), (2**63 - 1, -1), (2**70, 3), (-2**70, 7)
# args: (5, 2**70), (-5, 2**70), (True, True), (7, False), (-2**63, 0)
# hypothesis: st.integers(), st.integers()

# %% modulo
def modulo(a, b):
    return a % b
# args: (7, 2), (-7, 2), (7, -2), (-7, -2), (0, 5), (0, -5), (6, 3), (-6, -3), (3, 0), (0, 0)
# args: (-2**63, -1), (-2**63, 1), (-2**63, 3), (2**63 - 1, -2), (2**70, 3), (-2**70, 7)
# args: (5, 2**70), (-5, 2**70), (5, -2**70), (True, 2), (-1, 2**63 - 1)
# hypothesis: st.integers(), st.integers()

# %% floordiv_mod_identity
def floordiv_mod_identity(a, b):
    q = a // b
    r = a % b
    return q, r, q * b + r == a
# args: (17, 5), (-17, 5), (17, -5), (-17, -5), (-2**63, -1), (2**63 - 1, 2**62), (1, 0)
# hypothesis: st.integers(min_value=-2**63, max_value=2**63 - 1), st.integers(min_value=-2**63, max_value=2**63 - 1).filter(lambda v: v != 0)

# %% truediv_int
def truediv_int(a, b):
    return a / b
# args: (1, 2), (1, 3), (-1, 3), (7, -2), (0, 5), (0, -5), (-0, 1), (1, 0), (0, 0)
# args: (2**53 + 1, 1), (2**63 - 1, 1), (2**63 - 1, 3), (-2**63, 7), (10**18, 3), (2**70, 3)
# args: (3, 2**70), (2**64 + 1, 2**64), (9007199254740993, 9007199254740992), (1, 2**63 - 1)
# args: (10**400, 10**399), (10**400, 1), (True, 2)
# hypothesis: st.integers(), st.integers().filter(lambda v: v != 0)

# %% power_int
def power_int(a, b):
    return a ** b
# args: (2, 10), (2, 62), (2, 63), (2, 64), (-2, 63), (-2, 64), (3, 40), (10, 19), (10, 20)
# args: (0, 0), (0, 5), (1, 10**6), (-1, 10**6 + 1), (7, 0), (2, -1), (-2, -3), (0, -1)
# args: (2**70, 2), (5, 1), (True, 100), (2, True), (-2**63, 1), (3, -40)
# hypothesis: st.integers(min_value=-50, max_value=50), st.integers(min_value=-5, max_value=30)

# %% square_overflow
def square_overflow(a):
    return a * a - a
# args: (0,), (1,), (-1,), (3037000499,), (3037000500,), (-3037000500,), (2**62,), (-2**63,)
# hypothesis: st.integers(min_value=-2**64, max_value=2**64)

# %% lshift
def lshift(a, n):
    return a << n
# args: (1, 0), (1, 1), (1, 62), (1, 63), (1, 64), (1, 100), (-1, 63), (-1, 64), (3, 62)
# args: (0, 1000), (0, 2**70), (2**70, 3), (-2**70, 1), (5, -1), (0, -1), (1, 2**70), (-1, 2**70)
# args: (0, 2**63 - 1), (True, 3), (2**62, 1), (-2**62, 1), (-2**62 - 1, 1)
# hypothesis: st.integers(min_value=-2**64, max_value=2**64), st.integers(min_value=0, max_value=200)

# %% rshift
def rshift(a, n):
    return a >> n
# args: (1, 0), (8, 2), (-8, 2), (-1, 1), (-1, 100), (7, 63), (7, 64), (-7, 64), (2**63 - 1, 62)
# args: (-2**63, 63), (-2**63, 64), (-2**63, 1000), (2**70, 6), (-2**70, 100), (5, 2**70)
# args: (-5, 2**70), (5, -1), (0, -3), (True, 1), (-2**63, 2**63 - 1)
# hypothesis: st.integers(), st.integers(min_value=0, max_value=200)

# %% bitwise
def bitwise(a, b):
    return a & b, a | b, a ^ b, ~a
# args: (0, 0), (12, 10), (-1, 0), (-1, 2**63 - 1), (-2**63, -1), (2**63 - 1, -2**63)
# args: (2**70, 2**70 - 1), (-2**70, 2**64 + 5), (~0, 5), (True, 3), (-6, 11)
# hypothesis: st.integers(), st.integers()

# %% bool_bitwise
def bool_bitwise(a, b):
    return a & b, a | b, a ^ b
# args: (True, False), (True, True), (False, False), (False, True), (True, 2), (3, True)

# %% invert_edge
def invert_edge(a):
    return ~a
# args: (0,), (-1,), (2**63 - 1,), (-2**63,), (2**64,), (-2**64,)

# %% compare_ints
def compare_ints(a, b):
    return a < b, a <= b, a == b, a != b, a > b, a >= b
# args: (0, 0), (1, 2), (2, 1), (-2**63, 2**63 - 1), (2**63 - 1, 2**63), (2**70, 2**70)
# args: (2**70, -2**70), (-2**64, -2**64 + 1), (True, 1), (False, -1)
# hypothesis: st.integers(), st.integers()

# %% compare_int_float
def compare_int_float(a, x):
    return a < x, a <= x, a == x, a != x, a > x, a >= x
# args: (0, 0.0), (0, -0.0), (1, 1.5), (2**53, 9007199254740992.0), (2**53 + 1, 9007199254740992.0)
# args: (2**63 - 1, 9.223372036854776e18), (2**63, 9.223372036854776e18), (-2**63, -9.223372036854776e18)
# args: (-2**63 - 1, -9.223372036854776e18), (5, math.nan), (-5, math.inf), (5, -math.inf)
# args: (2**70, 1.1805916207174113e21), (2**70 + 1, 1.1805916207174113e21), (10**400, math.inf)
# args: (-10**400, -math.inf), (1, 5e-324), (0, 5e-324), (True, 1.0)
# hypothesis: st.integers(), st.floats()

# %% compare_float_int
def compare_float_int(x, a):
    return x < a, x <= a, x == a, x != a, x > a, x >= a
# args: (9007199254740992.0, 2**53 + 1), (9.223372036854776e18, 2**63 - 1), (math.nan, 0)
# args: (-math.inf, -2**63), (0.5, 0), (-0.5, 0), (1e300, 10**300), (1e300, 10**299)
# hypothesis: st.floats(), st.integers(min_value=-2**64, max_value=2**64)

# %% chained_compare
def chained_compare(a, b, c):
    return a < b < c, a <= b == c, a != b != c, a < b > c
# args: (1, 2, 3), (3, 2, 1), (1, 1, 1), (1, 2, 2), (-2**63, 0, 2**63 - 1), (2**70, 2**71, 2**72)
# args: (1, 2, 1), (0, 0, 1)
# hypothesis: st.integers(-3, 3), st.integers(-3, 3), st.integers(-3, 3)

# %% abs_int
def abs_int(a):
    return abs(a)
# args: (0,), (5,), (-5,), (2**63 - 1,), (-2**63,), (-2**63 + 1,), (-2**70,), (True,), (False,)
# hypothesis: st.integers()

# %% aug_assign_int
def aug_assign_int(a, b):
    x = a
    x += b
    x -= 3
    x *= b
    x //= 7
    x %= 1000003
    x **= 2
    x <<= 2
    x >>= 1
    x &= 2**40 - 1
    x |= 5
    x ^= b
    return x
# args: (0, 1), (10, 20), (-10, 20), (2**62, 2**62), (-2**63, -1), (2**70, 5), (7, -9)
# hypothesis: st.integers(min_value=-2**63, max_value=2**63 - 1), st.integers(min_value=-2**63, max_value=2**63 - 1)

# %% aug_div_by_zero
def aug_div_by_zero(a, b):
    x = a
    x //= b
    return x
# args: (1, 0), (0, 0), (-2**63, 0), (2**70, 0), (9, 4)

# %% aug_mod_by_zero
def aug_mod_by_zero(a, b):
    x = a
    x %= b
    return x
# args: (1, 0), (-1, 0), (2**70, 0), (9, 4)

# %% polynomial
def polynomial(x):
    return 3 * x * x * x - 7 * x * x + 11 * x - 13
# args: (0,), (1,), (-1,), (1000,), (2**20,), (2**21,), (-2**21,), (2**22,), (2**40,), (2**70,)
# hypothesis: st.integers(min_value=-2**30, max_value=2**30)

# %% factorial_loop
def factorial_loop(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r
# args: (0,), (1,), (5,), (20,), (21,), (25,), (40,)

# %% sum_squares_overflow
def sum_squares_overflow(n, k):
    total = 0
    for i in range(n):
        total += k * k
    return total
# args: (0, 5), (3, 3037000499), (5, 3037000499), (2, 2**32), (10, -2**31), (4, 2**62)

# %% bool_arith
def bool_arith(a, b):
    return a + b, a - b, a * b, -a, +b
# args: (True, True), (True, False), (False, False), (False, True)

# %% bool_div
def bool_div(a, b):
    return a / b, a // b, a % b
# args: (True, True), (False, True), (True, False), (False, False)

# %% int_literal_edges
def int_literal_edges(a):
    return a + 9223372036854775807, a - 9223372036854775807 - 1, a * 0x7FFFFFFF
# args: (0,), (1,), (-1,), (-2,), (2**62,)

# %% mixed_sign_divmod_ops
def mixed_sign_divmod_ops(a, b):
    return (a // b) * b + (a % b), -a // b, -(a // b)
# args: (7, 3), (-7, 3), (7, -3), (-7, -3), (1, 2**63 - 1), (-1, 2**63 - 1), (-2**63, 3), (-2**63, -1)
# args: (0, 0)

# %% gcd_euclid
def gcd_euclid(a, b):
    while b != 0:
        a, b = b, a % b
    return a
# args: (12, 18), (-12, 18), (12, -18), (0, 0), (0, 5), (2**63 - 1, 2**61 - 1), (2**70, 2**65 * 3)
# hypothesis: st.integers(), st.integers()

# %% collatz_steps
def collatz_steps(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps
# args: (1,), (6,), (27,), (97,), (871,), (2**63 - 1,), (2**70 + 1,)

# %% shift_mixed_count
def shift_mixed_count(a, n):
    return (a << n) >> n, (a >> n) << n
# args: (5, 3), (-5, 3), (1, 63), (-1, 63), (2**62, 2), (3, 64), (-3, 100), (7, 0), (7, -1)

# %% multiply_by_constants
def multiply_by_constants(n):
    # constant factors: the overflow test is a range test on n (and 3 * n + 1 is fused)
    return 3 * n + 1, n * -7, n * 2**40 - 5, -3 * n - 2**62, (n * 5) * 3 + 7
# args: (0,), (1,), (-1,), (3074457345618258602,), (3074457345618258603,), (-3074457345618258602,)
# args: (-3074457345618258603,), (1317624576693539401,), (1317624576693539402,), (-1317624576693539401,)
# args: (8388607,), (8388608,), (-8388608,), (-8388609,), (2**63 - 1,), (-2**63,), (2**62,), (-2**62,)
# hypothesis: st.integers(-2**63, 2**63 - 1)

# %% affine_operand_changes
def affine_operand_changes(n):
    t = 3 * n
    n = n + 5
    u = t + 1
    v = 2 * n
    n = -n
    return u, v - 9, n, t
# args: (0,), (7,), (-7,), (3074457345618258602,), (3074457345618258603,), (2**62,), (-2**62,)
# hypothesis: st.integers(-2**63, 2**63 - 1)
