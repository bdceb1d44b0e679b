"""Differential cases: values whose type depends on the path taken (variables holding int, float,
bool or None on different paths), `and`/`or` returning an operand, conditional expressions of
mixed types, min/max returning the first of equal arguments (max(1, 1.0) is the int 1), and
type-changing augmented assignment.

Format: see tests/support/cases.py. CPython is the oracle; there are no expected values here."""
import math  # noqa: F401  (available to the cases)

# %% zero_trip_loop_keeps_int
def zero_trip_loop_keeps_int(n):
    x = 0
    for i in range(n):
        x += 0.5
    return x
# args: (0,), (1,), (2,), (-1,), (10,)

# %% zero_trip_while_keeps_int
def zero_trip_while_keeps_int(n):
    x = 1
    while n > 0:
        x = x / 2
        n -= 1
    return x
# args: (0,), (1,), (3,), (-2,)

# %% branch_int_or_float
def branch_int_or_float(flag):
    if flag:
        r = 1
    else:
        r = 2.5
    return r
# args: (True,), (False,), (0,), (7,)

# %% branch_then_arith
def branch_then_arith(flag, a):
    if flag:
        r = a
    else:
        r = a * 0.5
    return r * 2, r // 2, r % 3, -r, r == a
# args: (True, 3), (False, 3), (True, -7), (False, -7), (True, 2**62), (False, 2**62), (True, 2**70)
# hypothesis: st.booleans(), st.integers()

# %% int_or_none
def int_or_none(x):
    if x > 0:
        r = x
    else:
        r = None
    return r
# args: (1,), (0,), (-1,), (2**70,)

# %% none_then_assigned
def none_then_assigned(n):
    best = None
    for i in range(n):
        v = (i * 37) % 11
        if best is None or v > best:
            best = v
    return best
# args: (0,), (1,), (5,), (20,)

# %% is_none_checks
def is_none_checks(x):
    return x is None, x is not None, x == None, x != None  # noqa: E711
# args: (None,), (0,), (0.0,), (False,)

# %% or_returns_operand
def or_returns_operand(a, b):
    return a or b
# args: (0, 5), (3, 5), (0, 0.5), (1, 0.5), (0.0, 7), (-0.0, 7), (math.nan, 7), (None, 2), (None, None)
# args: (False, 0), (False, 0.0), (True, 2.5), (2**70, 1), (0, 2**70), (0, None)

# %% and_returns_operand
def and_returns_operand(a, b):
    return a and b
# args: (0, 5), (3, 5), (0.0, 5), (2.0, 5), (None, 1.5), (1, None), (True, 0.0), (False, 3)
# args: (-0.0, 1), (math.nan, 0), (2**70, -1), (1, 2**70)

# %% and_or_chain
def and_or_chain(a, b, c):
    return a and b or c, a or b and c, (a or b) and c
# args: (0, 1, 2), (1, 0, 2), (1, 2, 0), (0, 0, 0), (0.0, 1.5, 3), (None, 2, 0.5), (True, False, 9)
# hypothesis: st.integers(-1, 1), st.floats(-1.0, 1.0), st.booleans()

# %% or_default_pattern
def or_default_pattern(x):
    y = x or 10
    return y * 2
# args: (0,), (3,), (0.0,), (1.5,), (None,), (False,), (True,)

# %% ternary_mixed_types
def ternary_mixed_types(a):
    return a if a > 0 else 0.0
# args: (5,), (-5,), (0,), (2**70,), (True,)

# %% ternary_bool_or_int
def ternary_bool_or_int(a):
    v = a > 3 if a % 2 == 0 else a
    return v
# args: (4,), (2,), (5,), (-3,), (0,)

# %% max_first_of_equals
def max_first_of_equals(a, x):
    return max(a, x), max(x, a), min(a, x), min(x, a)
# args: (1, 1.0), (0, -0.0), (0, 0.0), (2**53, 9007199254740992.0), (-1, -1.0), (True, 1.0)
# args: (1, 2.0), (3, 2.0)
# hypothesis: st.integers(-3, 3), st.floats(-3.0, 3.0)

# %% max_bool_int
def max_bool_int(a, b):
    return max(a, b), min(a, b), max(b, a), min(b, a)
# args: (True, 1), (False, 0), (True, 0), (False, 1), (True, 2)

# %% max_of_three_mixed
def max_of_three_mixed(a, b, c):
    return max(a, b, c), min(a, b, c)
# args: (1, 1.0, True), (1.0, 1, True), (True, 1, 1.0), (0, -0.0, False), (2, 2.0, 1), (-1, math.nan, 0)

# %% abs_bool
def abs_bool(b):
    return abs(b), -b, +b, b * 1, b * 1.0, b + 0.0
# args: (True,), (False,)

# %% bool_aug_becomes_int
def bool_aug_becomes_int(b, n):
    x = b
    for i in range(n):
        x += 1
    return x
# args: (True, 0), (True, 1), (False, 3), (False, 0)

# %% int_becomes_float_by_division
def int_becomes_float_by_division(a, n):
    x = a
    for i in range(n):
        x /= 2
    return x
# args: (8, 0), (8, 1), (8, 3), (-7, 2), (2**70, 0), (2**70, 1)

# %% float_or_int_accumulator
def float_or_int_accumulator(n):
    acc = 0
    for i in range(n):
        if i % 3 == 0:
            acc += 1
        elif i % 3 == 1:
            acc = acc * 2
        else:
            acc = acc + 0.25
    return acc
# args: (0,), (1,), (2,), (3,), (10,)

# %% alternate_types_in_loop
def alternate_types_in_loop(n):
    v = 0
    for i in range(n):
        if i % 2 == 0:
            v = i
        else:
            v = i * 0.5
    return v
# args: (0,), (1,), (2,), (5,), (6,)

# %% union_compare
def union_compare(flag, y):
    x = 1 if flag else 1.0
    return x == y, x < y, x is None
# args: (True, 1), (False, 1), (True, 1.0), (False, 2**53 + 1), (True, 2**53 + 1), (False, math.nan)

# %% union_to_builtins
def union_to_builtins(flag, a):
    x = a if flag else a + 0.5
    return int(x), float(x), bool(x), abs(x), round(x)
# args: (True, 3), (False, 3), (True, -4), (False, -4), (True, 0), (False, -1), (True, 2**70)

# %% none_or_float_return
def none_or_float_return(x):
    if x < 0.0:
        return None
    if x == 0.0:
        return 0
    return math.sqrt(x)
# args: (-1.0,), (0.0,), (-0.0,), (4.0,), (math.nan,), (2.0,)

# %% returns_bool_or_int
def returns_bool_or_int(a):
    if a > 100:
        return True
    return a
# args: (101,), (100,), (-5,), (2**70,)

# %% union_in_tuple
def union_in_tuple(flag):
    x = 2 if flag else 2.0
    y = None if flag else 0
    return (x, y)
# args: (True,), (False,)

# %% not_returns_bool
def not_returns_bool(a):
    return not a, not not a
# args: (0,), (5,), (0.0,), (math.nan,), (None,), (2**70,)

# %% mixed_while_condition
def mixed_while_condition(x):
    steps = 0
    while x:
        x = x // 2 if steps % 2 == 0 else x / 2
        steps += 1
        if steps > 2000:
            break
    return steps, x
# args: (0,), (1,), (8,), (1024,), (-8,), (0.0,), (2**62,)

# %% chained_compare_mixed
def chained_compare_mixed(a, x, b):
    return a < x < b, a == x == b, a <= x != b
# args: (1, 1.5, 2), (1, 1.0, 1), (2**53, 9007199254740992.0, 2**53 + 1), (0, math.nan, 1), (0, -0.0, 0)
