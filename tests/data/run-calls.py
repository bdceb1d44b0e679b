"""Differential cases: calls to plain Python helpers (compiled transitively), to @lesto.jit
functions, recursion and mutual recursion, exceptions raised inside callees, module-level
constants, tuples passed to and returned from callees.

Format: see tests/support/cases.py. CPython is the oracle; there are no expected values here."""
import math  # noqa: F401  (available to the cases)

import lesto

# %% call_helper
def double(x):
    return x * 2

def call_helper(x):
    return double(x) + double(x + 1)
# args: (0,), (5,), (-5,), (2**62,), (2**62 - 1,), (2.5,), (-0.0,), (2**70,), (True,)
# hypothesis: st.integers()

# %% helper_chain
def h3(x):
    return x - 1

def h2(x):
    return h3(x) * 3

def h1(x):
    return h2(x) + h3(x)

def helper_chain(x):
    return h1(h1(x))
# args: (0,), (1,), (-7,), (2**60,), (2**62,), (1.5,)

# %% helper_two_types
def scale(x, k):
    return x * k

def helper_two_types(a, b):
    return scale(a, 2), scale(b, 0.5), scale(a, b)
# args: (3, 1.5), (-3, -0.0), (2**62, 2.0), (0, math.inf), (2**70, 0.5)

# %% helper_raises
def checked_sqrt(x):
    if x < 0:
        raise ValueError("negative input")
    return math.sqrt(x)

def helper_raises(a, b):
    return checked_sqrt(a) + checked_sqrt(b)
# args: (4.0, 9.0), (-1.0, 4.0), (4.0, -1.0), (0.0, -0.0), (math.inf, 1.0), (math.nan, 1.0)

# %% helper_zero_division_propagates
def ratio(a, b):
    return a / b

def helper_zero_division_propagates(a, b):
    return ratio(a, b) + ratio(b, a)
# args: (1, 2), (0, 1), (1, 0), (0, 0), (2**70, 1), (1.5, 0.0)

# %% helper_returns_tuple
def split(x):
    return x // 10, x % 10

def helper_returns_tuple(x):
    q, r = split(x)
    q2, r2 = split(q)
    return r2, r, q2
# args: (0,), (7,), (123,), (-123,), (2**63 - 1,), (-2**63,), (2**70,)
# hypothesis: st.integers()

# %% helper_takes_tuple
def dot(u, v):
    return u[0] * v[0] + u[1] * v[1]

def helper_takes_tuple(a, b, c, d):
    return dot((a, b), (c, d)), dot((a, a), (b, b))
# args: (1, 2, 3, 4), (2**31, 2**31, 2**31, 2**31), (2**32, 2**32, 2**31, 2**31), (1.5, 2, 3, -0.0)
# hypothesis: st.integers(), st.integers(), st.integers(), st.integers()

# %% recursion_fact
def recursion_fact(n):
    if n <= 1:
        return 1
    return n * recursion_fact(n - 1)
# args: (0,), (1,), (5,), (20,), (21,), (30,), (-4,)

# %% recursion_fib
def recursion_fib(n):
    if n < 2:
        return n
    return recursion_fib(n - 1) + recursion_fib(n - 2)
# args: (0,), (1,), (2,), (10,), (20,), (-1,)

# %% recursion_power
def recursion_power(b, e):
    if e == 0:
        return 1
    half = recursion_power(b, e // 2)
    if e % 2 == 0:
        return half * half
    return half * half * b
# args: (2, 10), (2, 62), (2, 63), (2, 64), (3, 41), (-3, 41), (7, 0), (1.5, 20), (-1.0, 7)
# args: (0.5, 1100), (10.0, 309)
# hypothesis: st.integers(-20, 20), st.integers(0, 40)

# %% recursion_ackermann
def recursion_ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return recursion_ackermann(m - 1, 1)
    return recursion_ackermann(m - 1, recursion_ackermann(m, n - 1))
# args: (0, 0), (1, 2), (2, 3), (3, 3)

# %% recursion_gcd
def recursion_gcd(a, b):
    if b == 0:
        return a
    return recursion_gcd(b, a % b)
# args: (12, 18), (-12, 18), (0, 0), (2**63 - 1, 3), (2**70, 2**35), (17.5, 2.5)
# hypothesis: st.integers(), st.integers()

# %% recursion_raise_at_depth
def recursion_raise_at_depth(n):
    if n == 0:
        raise OverflowError("reached the bottom")
    return recursion_raise_at_depth(n - 1) + 1
# args: (0,), (1,), (50,)

# %% mutual_even_odd
def is_odd_m(n):
    if n == 0:
        return False
    return is_even_m(n - 1)

def is_even_m(n):
    if n == 0:
        return True
    return is_odd_m(n - 1)

def mutual_even_odd(n):
    return is_even_m(n), is_odd_m(n)
# args: (0,), (1,), (2,), (7,), (100,), (301,)

# %% mutual_hofstadter
def hof_f(n):
    if n == 0:
        return 1
    return n - hof_m(hof_f(n - 1))

def hof_m(n):
    if n == 0:
        return 0
    return n - hof_f(hof_m(n - 1))

def mutual_hofstadter(n):
    return hof_f(n), hof_m(n)
# args: (0,), (1,), (5,), (12,), (20,)

# %% call_jitted
@lesto.jit
def jit_cube(x):
    return x * x * x

def call_jitted(x):
    return jit_cube(x) - jit_cube(x - 1)
# args: (0,), (3,), (-3,), (2097151,), (2097152,), (2**21 + 5,), (2.5,), (2**70,)
# hypothesis: st.integers(-2**30, 2**30)

# %% call_jitted_strict
@lesto.jit(strict=True)
def jit_clamp(x, lo, hi):
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x

def call_jitted_strict(a):
    return jit_clamp(a, -10, 10), jit_clamp(a * 2, 0, 5)
# args: (0,), (3,), (-30,), (2**63 - 1,), (-2**63,), (2**70,)

# %% call_jitted_raises
@lesto.jit
def jit_inverse(x):
    if x == 0:
        raise ZeroDivisionError("no inverse of zero")
    return 1 / x

def call_jitted_raises(x):
    return jit_inverse(x) * 2
# args: (1,), (4,), (0,), (-0.0,), (2**70,)

# %% module_constants
LIMIT = 100
SCALE = 2.5
OFFSET = -7
ENABLED = True
NOTHING = None
PAIR = (3, 4)
MAXI = 9223372036854775807

def module_constants(x):
    if NOTHING is None and ENABLED:
        y = x * SCALE + OFFSET
    else:
        y = 0.0
    return min(y, LIMIT), PAIR[0] * x + PAIR[1], x + MAXI
# args: (0,), (1,), (-1,), (50,), (2**62,), (-2**63,)
# hypothesis: st.integers()

# %% module_constant_in_helper
THRESHOLD = 0.75
WEIGHTS = (0.5, 0.25, 0.25)

def weigh(a, b, c):
    return a * WEIGHTS[0] + b * WEIGHTS[1] + c * WEIGHTS[2]

def module_constant_in_helper(a, b, c):
    w = weigh(a, b, c)
    return w > THRESHOLD, w
# args: (1.0, 1.0, 1.0), (0.0, 1.0, 1.0), (1, 0, 2), (2**70, 0, 0), (math.nan, 0.0, 0.0)

# %% module_math_constants
def module_math_constants(r):
    return math.pi * r * r, math.tau * r, math.e ** r, math.inf > r, r < math.nan
# args: (0.0,), (1.0,), (2,), (-1.5,), (1e200,), (710.0,)

# %% helper_with_loop_and_early_exit
def first_divisor(n):
    for d in range(2, n):
        if n % d == 0:
            return d
    return n

def helper_with_loop_and_early_exit(n):
    total = 0
    for k in range(2, n):
        total += first_divisor(k)
    return total
# args: (0,), (2,), (3,), (50,), (300,)

# %% helper_assert
def positive(x):
    assert x > 0, "expected a positive number"
    return x

def helper_assert(a, b):
    return positive(a) * positive(b)
# args: (1, 2), (0, 2), (2, -1), (2**62, 4), (0.5, 0.5)

# %% callee_union_result
def maybe_half(x):
    if x % 2 == 0:
        return x // 2
    return x / 2

def callee_union_result(a):
    return maybe_half(a), maybe_half(a + 1)
# args: (0,), (1,), (2**63 - 2,), (-3,), (2**70 + 1,)

# %% no_arguments
def no_arguments():
    return 7 * 6
# args: ()
