"""Differential cases: the builtins abs min max int float bool round divmod pow len, and the math
module's functions and constants, including their domain and range errors.

Format: see tests/support/cases.py. CPython is the oracle; there are no expected values here."""
import math  # noqa: F401  (available to the cases)

# %% abs_float
def abs_float(x):
    return abs(x)
# args: (0.0,), (-0.0,), (-1.5,), (-math.inf,), (math.nan,), (-5e-324,)
# hypothesis: st.floats()

# %% min_max_ints
def min_max_ints(a, b, c):
    return min(a, b), max(a, b), min(a, b, c), max(a, b, c)
# args: (1, 2, 3), (3, 2, 1), (2, 2, 2), (-2**63, 2**63 - 1, 0), (2**70, -2**70, 2**71)
# args: (True, 1, 0), (1, True, False)
# hypothesis: st.integers(), st.integers(), st.integers()

# %% min_max_floats
def min_max_floats(x, y):
    return min(x, y), max(x, y)
# args: (0.0, -0.0), (-0.0, 0.0), (math.nan, 1.0), (1.0, math.nan), (math.inf, -math.inf), (1.5, 1.5)
# args: (5e-324, 0.0)
# hypothesis: st.floats(), st.floats()

# %% min_max_mixed
def min_max_mixed(a, x):
    return min(a, x), max(a, x), min(x, a), max(x, a)
# args: (1, 1.0), (0, -0.0), (1, 1.5), (2, 1.5), (2**53 + 1, 9007199254740992.0), (5, math.nan)
# args: (-2**63, -9.223372036854776e18), (2**70, math.inf), (True, 1.0), (False, -0.0)
# hypothesis: st.integers(), st.floats()

# %% int_builtin
def int_builtin(a, b, x):
    return int(a), int(b), int(x)
# args: (5, True, 2.7), (-5, False, -2.7), (2**70, True, -0.0), (0, False, 1e19), (1, True, 2.0**63)
# args: (1, True, math.inf), (1, True, math.nan)

# %% float_builtin
def float_builtin(a, b, x):
    return float(a), float(b), float(x)
# args: (5, True, 2.7), (-0, False, -0.0), (2**70 + 1, True, math.nan), (2**53 + 1, False, 5e-324)
# args: (10**309, True, 1.0)

# %% bool_builtin
def bool_builtin(a, x, n):
    return bool(a), bool(x), bool(n), bool(a) + bool(x)
# args: (0, 0.0, None), (1, -0.0, None), (-2**63, math.nan, None), (2**70, 5e-324, None)

# %% round_one_arg
def round_one_arg(x):
    return round(x)
# args: (0.5,), (1.5,), (2.5,), (-0.5,), (-1.5,), (-2.5,), (0.49999999999999994,), (2.675,)
# args: (-0.0,), (1e300,), (-1e300,), (4503599627370497.0,), (9.223372036854776e18,), (math.inf,)
# args: (-math.inf,), (math.nan,), (5,), (-2**63,), (2**70,), (True,)
# hypothesis: st.floats()

# %% round_ndigits_float
def round_ndigits_float(x, n):
    return round(x, n)
# args: (2.675, 2), (1.005, 2), (0.5, 0), (-0.5, 0), (1.5, 0), (2.5, 0), (12345.678, -2), (15.0, -1)
# args: (25.0, -1), (-25.0, -1), (1.2345, 10), (1e300, 5), (1e-300, 5), (-1e-300, 5)
# args: (math.inf, 2), (math.nan, 2), (0.125, 2), (0.375, 2), (123.456, -400), (123.456, 400)
# hypothesis: st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12), st.integers(-12, 12)

# %% round_ndigits_int
def round_ndigits_int(a, n):
    return round(a, n)
# args: (25, -1), (35, -1), (-25, -1), (15, -1), (149, -2), (150, -2), (250, -2), (12345, 2)
# args: (2**63 - 1, -1), (-2**63, -3), (2**70, -5), (5, -1), (0, -5), (7, 0), (True, 0)
# hypothesis: st.integers(), st.integers(-25, 3)

# %% divmod_builtin
def divmod_builtin(a, b):
    return divmod(a, b)
# args: (7, 2), (-7, 2), (7, -2), (-7, -2), (0, 5), (5, 0), (-2**63, -1), (2**70, -3), (True, 2)
# args: (7, 2.0), (7.0, -0.0), (-0.0, 3.0), (math.inf, 1.0), (5, math.inf)
# hypothesis: st.integers(), st.integers()

# %% pow_two_args
def pow_two_args(a, b):
    return pow(a, b)
# args: (2, 10), (2, 64), (-2, 63), (2, -2), (0, -1), (2.0, 0.5), (-8.0, 1.0 / 3.0), (0.0, -1.0)
# args: (2.0, 5000), (10, 0), (True, -1)

# %% pow_three_args
def pow_three_args(a, b, m):
    return pow(a, b, m)
# args: (2, 10, 1000), (3, 200, 13), (2, 10, -7), (-2, 3, 5), (5, 0, 1), (5, 0, -1), (2, 3, 0)
# args: (3, -1, 7), (2, -1, 4), (2**70, 2**70, 2**61 - 1), (2**63 - 1, 2**63 - 1, 2**63 - 25)
# args: (7, 2**64, 2**64 + 13), (0, 0, 7)
# hypothesis: st.integers(-2**64, 2**64), st.integers(0, 2**64), st.integers(1, 2**64)

# %% len_builtin
def len_builtin(t):
    return len(t)
# args: ((),), ((1,),), ((1, 2.0, None, True, -0.0),)

# %% math_sqrt
def math_sqrt(x):
    return math.sqrt(x)
# args: (4.0,), (2.0,), (0.0,), (-0.0,), (-1.0,), (-5e-324,), (math.inf,), (-math.inf,), (math.nan,)
# args: (4,), (-1,), (2**70,), (10**400,), (True,), (5e-324,)
# hypothesis: st.floats()

# %% math_exp_log
def math_exp_log(x):
    return math.exp(x), math.log(x)
# args: (1.0,), (0.5,), (0.0,), (-1.0,), (1000.0,), (709.0,), (710.0,), (-1000.0,), (math.inf,)
# args: (math.nan,), (5e-324,), (1,), (0,), (-0.0,)
# hypothesis: st.floats(min_value=1e-300, max_value=700.0)

# %% math_log_variants
def math_log_variants(x):
    return math.log2(x), math.log10(x), math.log1p(x), math.log(x, 3.0)
# args: (1.0,), (8.0,), (1000.0,), (0.5,), (5e-324,), (math.inf,), (0.0,), (-0.5,), (-1.0,)
# args: (2**70,), (10**400,)

# %% math_log_big_int
def math_log_big_int(a):
    return math.log(a), math.log2(a), math.log10(a)
# args: (1,), (2**63 - 1,), (2**64,), (10**400,), (2**10000,), (0,), (-5,), (True,)

# %% math_expm1
def math_expm1(x):
    return math.expm1(x)
# args: (0.0,), (-0.0,), (1e-10,), (1.0,), (-800.0,), (709.0,), (710.0,), (math.nan,)

# %% math_trig
def math_trig(x):
    return math.sin(x), math.cos(x), math.tan(x), math.atan(x)
# args: (0.0,), (-0.0,), (1.0,), (math.pi,), (math.pi / 2,), (1e22,), (-3.5,), (math.nan,)
# args: (math.inf,), (2,)
# hypothesis: st.floats(min_value=-1e6, max_value=1e6)

# %% math_inverse_trig
def math_inverse_trig(x):
    return math.asin(x), math.acos(x)
# args: (0.0,), (-0.0,), (1.0,), (-1.0,), (0.5,), (1.0000000000000002,), (-2.0,), (math.nan,)
# args: (math.inf,)

# %% math_hyperbolic
def math_hyperbolic(x):
    return math.sinh(x), math.cosh(x), math.tanh(x)
# args: (0.0,), (-0.0,), (1.0,), (-20.0,), (710.0,), (-710.0,), (math.inf,), (math.nan,)

# %% math_atan2_hypot
def math_atan2_hypot(y, x):
    return math.atan2(y, x), math.hypot(x, y)
# args: (0.0, 0.0), (-0.0, 0.0), (0.0, -0.0), (-0.0, -0.0), (1.0, 0.0), (1.0, -1.0), (-1.0, -1.0)
# args: (math.inf, math.inf), (math.inf, math.nan), (math.nan, 1.0), (1e308, 1e308), (3, 4)
# hypothesis: st.floats(), st.floats()

# %% math_floor_ceil_trunc
def math_floor_ceil_trunc(x):
    return math.floor(x), math.ceil(x), math.trunc(x)
# args: (0.5,), (-0.5,), (-0.0,), (2.0,), (1e20,), (-1e20,), (9.223372036854776e18,), (math.inf,)
# args: (-math.inf,), (math.nan,), (7,), (-2**70,), (True,)
# hypothesis: st.floats(allow_nan=False, allow_infinity=False)

# %% math_fabs_copysign
def math_fabs_copysign(x, y):
    return math.fabs(x), math.copysign(x, y), math.copysign(1.0, y)
# args: (1.5, -0.0), (-1.5, 0.0), (0.0, -1.0), (math.nan, -1.0), (math.inf, math.nan), (-3, 2)
# args: (2**70, -1.0)
# hypothesis: st.floats(), st.floats()

# %% math_fmod
def math_fmod(x, y):
    return math.fmod(x, y)
# args: (7.0, 2.0), (-7.0, 2.0), (7.0, -2.0), (-0.0, 1.0), (1.0, 0.0), (math.inf, 1.0), (1.0, math.inf)
# args: (math.nan, 1.0), (7, 3), (-7, 3)
# hypothesis: st.floats(), st.floats()

# %% math_pow
def math_pow(x, y):
    return math.pow(x, y)
# args: (2.0, 10.0), (-8.0, 1.0 / 3.0), (0.0, -1.0), (-0.0, -1.0), (2.0, 2000.0), (1.0, math.nan)
# args: (math.nan, 0.0), (-1.0, math.inf), (2, 3), (-2.0, -1.0), (10.0, -400.0)
# hypothesis: st.floats(min_value=-100.0, max_value=100.0), st.floats(min_value=-50.0, max_value=50.0)

# %% math_predicates
def math_predicates(x):
    return math.isnan(x), math.isinf(x), math.isfinite(x)
# args: (0.0,), (math.nan,), (math.inf,), (-math.inf,), (1e308,), (5e-324,), (3,), (2**70,)

# %% math_degrees_radians
def math_degrees_radians(x):
    return math.degrees(x), math.radians(x)
# args: (0.0,), (math.pi,), (180.0,), (-90,), (1e308,), (math.nan,)

# %% math_int_functions
def math_int_functions(a, b):
    return math.gcd(a, b), math.isqrt(abs(a)), math.factorial(abs(b) % 30)
# args: (12, 18), (0, 0), (-12, 18), (2**63 - 1, 2**62), (2**70, 2**40), (1, 29), (10**18, 25)
# hypothesis: st.integers(-2**70, 2**70), st.integers(-2**70, 2**70)

# %% math_factorial_errors
def math_factorial_errors(n):
    return math.factorial(n)
# args: (0,), (1,), (20,), (21,), (-1,)

# %% math_isqrt_errors
def math_isqrt_errors(n):
    return math.isqrt(n)
# args: (0,), (15,), (16,), (2**63 - 1,), (2**126,), (-1,)

# %% math_constants
def math_constants(k):
    return math.pi * k, math.e * k, math.tau * k, math.inf * k, math.nan * k
# args: (0,), (1,), (-1,), (0.5,), (2**70,)

# %% builtin_combo
def builtin_combo(a, b):
    return abs(min(a, b) - max(a, b)), round(a / b if b else 0.0), int(max(a, b, 0) ** 0.5)
# args: (3, 4), (-3, 4), (10, 0), (-10, -3), (2**62, 3), (2**70, 7)
# hypothesis: st.integers(-10**9, 10**9), st.integers(-10**9, 10**9)
