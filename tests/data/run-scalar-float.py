"""Differential cases: float arithmetic with CPython's semantics (IEEE values incl. -0.0, nan,
inf and subnormals; ZeroDivisionError for every form of division by zero; float ** errors and
complex results; mixed int/float operations; conversions).

Format: see tests/support/cases.py. CPython is the oracle; there are no expected values here."""
import math  # noqa: F401  (available to the cases)

# %% fadd
def fadd(x, y):
    return x + y
# args: (0.1, 0.2), (0.0, -0.0), (-0.0, -0.0), (-0.0, 0.0), (math.inf, -math.inf), (math.nan, 1.0)
# args: (1e308, 1e308), (5e-324, 5e-324), (5e-324, -5e-324), (1.0, 2**-53), (-math.inf, -1e308)
# hypothesis: st.floats(), st.floats()

# %% fsub
def fsub(x, y):
    return x - y
# args: (0.0, 0.0), (-0.0, 0.0), (0.0, -0.0), (-0.0, -0.0), (math.inf, math.inf), (1.0, 1e-17)
# args: (-1e308, 1e308), (5e-324, 5e-324)
# hypothesis: st.floats(), st.floats()

# %% fmul
def fmul(x, y):
    return x * y
# args: (0.0, -1.0), (-0.0, -0.0), (math.inf, 0.0), (1e200, 1e200), (-1e200, 1e200), (5e-324, 0.5)
# args: (5e-324, -0.5), (1e-200, 1e-200), (math.nan, 0.0), (3.0, 0.1)
# hypothesis: st.floats(), st.floats()

# %% fdiv
def fdiv(x, y):
    return x / y
# args: (1.0, 2.0), (1.0, 3.0), (-1.0, 3.0), (1.0, 0.0), (1.0, -0.0), (0.0, 0.0), (math.nan, 0.0)
# args: (math.inf, 0.0), (0.0, -1.0), (-0.0, 1.0), (math.inf, math.inf), (1.0, math.inf)
# args: (-1.0, math.inf), (1e308, 1e-10), (5e-324, 2.0), (5e-324, 1e300)
# hypothesis: st.floats(), st.floats()

# %% ffloordiv
def ffloordiv(x, y):
    return x // y
# args: (7.0, 2.0), (-7.0, 2.0), (7.0, -2.0), (-7.0, -2.0), (7.5, 0.5), (1.0, 0.0), (0.0, 0.0)
# args: (0.0, -1.0), (-0.0, 1.0), (1.0, math.inf), (-1.0, math.inf), (1.0, -math.inf)
# args: (math.inf, 1.0), (math.nan, 1.0), (1e308, 1e-308), (-1e-300, 1e300), (0.1, 0.01)
# hypothesis: st.floats(), st.floats()

# %% fmod_op
def fmod_op(x, y):
    return x % y
# args: (7.0, 2.0), (-7.0, 2.0), (7.0, -2.0), (-7.0, -2.0), (0.0, 2.0), (-0.0, 2.0), (0.0, -2.0)
# args: (-0.0, -2.0), (1.0, 0.0), (1.0, -0.0), (5.0, math.inf), (-5.0, math.inf), (5.0, -math.inf)
# args: (-5.0, -math.inf), (math.inf, 3.0), (math.nan, 3.0), (3.0, math.nan), (1e308, 3.0)
# args: (-1e-300, 1e300), (0.3, 0.1), (5e-324, 1.0), (-5e-324, 1.0)
# hypothesis: st.floats(), st.floats()

# %% fdivmod
def fdivmod(x, y):
    return divmod(x, y)
# args: (7.0, 2.0), (-7.0, 2.0), (7.0, -2.0), (-7.0, -2.0), (0.0, -1.0), (-0.0, 1.0), (1.0, 0.0)
# args: (5.0, math.inf), (-5.0, math.inf), (math.inf, 2.0), (math.nan, 2.0), (-1e-300, 1e300)
# hypothesis: st.floats(), st.floats()

# %% fneg_pos
def fneg_pos(x):
    return -x, +x, -(-x)
# args: (0.0,), (-0.0,), (1.5,), (math.inf,), (-math.inf,), (math.nan,), (5e-324,)

# %% fpow
def fpow(x, y):
    return x ** y
# args: (2.0, 10.0), (2.0, 0.5), (2.0, -1.0), (0.0, 0.0), (0.0, 1.0), (-0.0, 1.0), (-0.0, 3.0)
# args: (-0.0, 2.0), (0.0, -1.0), (-0.0, -1.0), (0.0, -0.5), (2.0, 10000.0), (-2.0, 10001.0)
# args: (10.0, -400.0), (math.nan, 0.0), (1.0, math.nan), (-1.0, math.inf), (-1.0, -math.inf)
# args: (0.5, math.inf), (2.0, math.inf), (2.0, -math.inf), (math.inf, -1.0), (-math.inf, 3.0)
# args: (-math.inf, 2.0), (-math.inf, -3.0), (-8.0, 1.0 / 3.0), (-2.0, 0.5), (-1.0, 0.5)
# args: (-2.0, 3.0), (-2.0, -3.0), (-0.5, 1.5), (1e308, 2.0), (5e-324, 0.5), (-5e-324, 0.5)
# hypothesis: st.floats(min_value=-1e3, max_value=1e3), st.floats(min_value=-40.0, max_value=40.0)

# %% fpow_int_exponent
def fpow_int_exponent(x, n):
    return x ** n
# args: (2.0, 10), (2.0, -2), (-2.0, 3), (-2.0, -3), (0.0, -1), (-0.0, -1), (-0.0, -2), (1.5, 0)
# args: (2.0, 1024), (2.0, 1023), (10.0, 400), (10.0, -400), (math.nan, 0), (math.inf, -1)
# args: (-math.inf, 3), (2.0, 2**70), (0.5, 2**70), (-1.0, 2**70 + 1), (1.0, -2**70)
# hypothesis: st.floats(min_value=-100.0, max_value=100.0), st.integers(min_value=-60, max_value=60)

# %% int_pow_float
def int_pow_float(a, y):
    return a ** y
# args: (2, 0.5), (-8, 1.0 / 3.0), (-8, 0.5), (0, -1.0), (0, 0.0), (-1, math.inf), (2, 1024.0)
# args: (2**70, 2.0), (10, -2.5), (-3, 2.0)

# %% mixed_int_float_arith
def mixed_int_float_arith(a, x):
    return a + x, a - x, a * x, x - a
# args: (1, 0.5), (0, -0.0), (-0, -0.0), (2**53 + 1, 0.0), (2**63 - 1, 1.0), (-2**63, -1.0)
# args: (2**70, 1.5), (10**400, 0.0), (3, math.inf), (3, math.nan), (True, 0.25)
# hypothesis: st.integers(min_value=-2**64, max_value=2**64), st.floats()

# %% mixed_division
def mixed_division(a, x):
    return a / x, x / a
# args: (1, 2.0), (3, -0.0), (0, 1.0), (-0, -1.0), (2**70, 3.0), (7, math.inf), (1, 0.0)
# args: (0, 0.5), (True, 2.0), (False, 2.0)

# %% mixed_floordiv_mod
def mixed_floordiv_mod(a, x):
    return a // x, a % x
# args: (7, 2.0), (-7, 2.0), (7, -2.0), (0, -3.0), (1, 0.0), (5, math.inf), (-5, math.inf)
# args: (2**70, 3.0), (-2**63, 0.5)

# %% float_from_int
def float_from_int(a):
    return float(a)
# args: (0,), (-0,), (1,), (-1,), (2**53,), (2**53 + 1,), (2**53 + 3,), (2**63 - 1,), (-2**63,)
# args: (2**64 - 1,), (2**70 + 1,), (2**1023,), (2**1024 - 2**970,), (2**1024 - 2**970 - 1,)
# args: (2**1024,), (-10**400,), (True,), (False,)
# hypothesis: st.integers()

# %% int_from_float
def int_from_float(x):
    return int(x)
# args: (0.0,), (-0.0,), (0.5,), (-0.5,), (1.9999999999999998,), (-2.5,), (9.223372036854776e18,)
# args: (-9.223372036854776e18,), (1e20,), (-1e300,), (1.7976931348623157e308,), (math.inf,)
# args: (-math.inf,), (math.nan,), (5e-324,)
# hypothesis: st.floats()

# %% compare_floats
def compare_floats(x, y):
    return x < y, x <= y, x == y, x != y, x > y, x >= y
# args: (0.0, -0.0), (math.nan, math.nan), (math.nan, 1.0), (math.inf, math.inf), (-math.inf, 1e308)
# args: (5e-324, 0.0), (1.0, 1.0000000000000002)
# hypothesis: st.floats(), st.floats()

# %% float_truthiness
def float_truthiness(x):
    return bool(x), not x
# args: (0.0,), (-0.0,), (math.nan,), (math.inf,), (5e-324,), (-1.0,)

# %% float_aug_assign
def float_aug_assign(x, y):
    r = x
    r += y
    r *= 1.5
    r -= y
    r /= 3.0
    r **= 2
    r //= 0.75
    r %= 10.0
    return r
# args: (1.0, 2.0), (-1.0, 0.5), (0.0, -0.0), (1e154, 1e154), (1e200, 1.0), (math.inf, 1.0)
# args: (math.nan, 1.0), (2.0, -2.0)
# hypothesis: st.floats(min_value=-1e10, max_value=1e10), st.floats(min_value=-1e10, max_value=1e10)

# %% float_aug_div_zero
def float_aug_div_zero(x, y):
    r = x
    r /= y
    return r
# args: (1.0, 0.0), (0.0, -0.0), (math.nan, 0.0), (1.0, 4.0)

# %% float_overflow_mul_is_inf
def float_overflow_mul_is_inf(x):
    y = x
    for i in range(12):
        y = y * y
    return y
# args: (1.0,), (1.1,), (2.0,), (-2.0,), (0.5,), (1e-5,), (1.0000001,)

# %% harmonic
def harmonic(n):
    s = 0.0
    for k in range(1, n + 1):
        s += 1.0 / k
    return s
# args: (0,), (1,), (10,), (1000,), (-3,)

# %% kahan_sum
def kahan_sum(n, x):
    s = 0.0
    c = 0.0
    for i in range(n):
        y = x - c
        t = s + y
        c = (t - s) - y
        s = t
    return s, c
# args: (0, 0.1), (10, 0.1), (1000, 0.1), (100, 1e-20), (50, -3.3)

# %% float_int_ops_promote
def float_int_ops_promote(a, b):
    return a * 0.5 + b, a / 2, b // 2.0, a % 2.5
# args: (1, 2), (-7, 3), (2**53 + 1, 0), (2**63 - 1, -2**63), (2**70, 1), (0, 0)
# hypothesis: st.integers(min_value=-2**63, max_value=2**63 - 1), st.integers(min_value=-2**63, max_value=2**63 - 1)

# %% subnormal_steps
def subnormal_steps(x):
    n = 0
    while x > 0.0:
        x = x / 2.0
        n += 1
    return n, x
# args: (1.0,), (5e-324,), (1e-310,), (1e308,), (0.0,), (-1.0,)

# %% float_literals
def float_literals(x):
    return x * 1e-320 + 1.7976931348623157e308 * x, x - 2.2250738585072014e-308
# args: (0.0,), (1.0,), (-1.0,), (0.5,), (2.0,)
