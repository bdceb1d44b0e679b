"""Differential cases: control flow (if/elif/else, while, for over range with 1-3 arguments incl.
negative, zero and huge steps, break/continue, loop else, early return, pass, raise, assert,
conditional expressions, short-circuit evaluation, possibly unbound locals).

Format: see tests/support/cases.py. CPython is the oracle; there are no expected values here."""
import math  # noqa: F401  (available to the cases)

# %% sign
def sign(x):
    if x > 0:
        return 1
    elif x < 0:
        return -1
    else:
        return 0
# args: (5,), (-5,), (0,), (2**70,), (-2**63,), (0.0,), (-0.0,), (math.nan,), (-math.inf,)

# %% classify
def classify(n):
    if n % 15 == 0:
        r = 15
    elif n % 5 == 0:
        r = 5
    elif n % 3 == 0:
        r = 3
    else:
        r = n
    return r
# args: (0,), (3,), (5,), (15,), (7,), (-9,), (-10,), (-30,), (2**70,), (2**63 - 1,)
# hypothesis: st.integers()

# %% nested_if
def nested_if(a, b):
    if a > 0:
        if b > 0:
            return 1
        else:
            if b == 0:
                return 2
            return 3
    else:
        if b > a:
            pass
        else:
            return 4
    return 5
# args: (1, 1), (1, 0), (1, -1), (-1, 0), (-1, -1), (-1, -2), (0, 0)
# hypothesis: st.integers(-3, 3), st.integers(-3, 3)

# %% range_one
def range_one(n):
    total = 0
    for i in range(n):
        total += i
    return total
# args: (0,), (1,), (10,), (-5,), (1000,), (-2**63,)

# %% range_two
def range_two(a, b):
    total = 0
    count = 0
    for i in range(a, b):
        total += i * i
        count += 1
    return total, count
# args: (0, 0), (0, 10), (5, 3), (-5, 5), (-10, -3), (2**63 - 3, 2**63 - 1), (2**63 - 2, 2**63 + 2)
# args: (2**70, 2**70 + 3), (-2**63 - 2, -2**63 + 2)
# hypothesis: st.integers(-50, 50), st.integers(-50, 50)

# %% range_three
def range_three(a, b, s):
    total = 0
    last = 0
    for i in range(a, b, s):
        total += i
        last = i
    return total, last
# args: (0, 10, 2), (0, 10, 3), (10, 0, -1), (10, 0, -3), (0, 10, -1), (10, 0, 1), (0, 0, 1)
# args: (0, 10, 0), (5, 5, -1), (-10, 10, 7), (10, -10, -7), (0, 10, 100), (0, 10, -100)
# args: (0, 1, 2**63 - 1), (0, -1, -2**63), (2**63 - 5, 2**63 - 1, 2), (-2**63 + 4, -2**63, -2)
# args: (0, 2**64, 2**62), (2**70, 2**70 + 10, 3), (0, 10, 2**70), (1, 2, True)
# hypothesis: st.integers(-30, 30), st.integers(-30, 30), st.integers(-7, 7)

# %% range_zero_step
def range_zero_step(n, s):
    total = 0
    for i in range(0, n, s):
        total += 1
    return total
# args: (10, 0), (0, 0), (-5, 0), (10, 3), (10, False)

# %% range_negative_step_count
def range_negative_step_count(n):
    count = 0
    for i in range(n, -n, -1):
        count += 1
    return count, n
# args: (0,), (1,), (5,), (-5,), (100,)

# %% loop_var_after_loop
def loop_var_after_loop(n):
    for i in range(n):
        pass
    return i
# args: (5,), (1,), (0,), (-3,)

# %% loop_var_reassigned_in_body
def loop_var_reassigned_in_body(n):
    total = 0
    for i in range(n):
        total += i
        i = 100
        total += i
    return total
# args: (0,), (1,), (5,)

# %% while_countdown
def while_countdown(n):
    steps = 0
    while n > 0:
        n -= 3
        steps += 1
    return steps, n
# args: (0,), (1,), (3,), (10,), (-4,), (100,), (-2**70,)
# hypothesis: st.integers(-100, 1000)

# %% while_true_break
def while_true_break(n):
    i = 0
    while True:
        i += 1
        if i * i > n:
            break
    return i
# args: (0,), (1,), (15,), (16,), (10**6,), (-1,)

# %% continue_skips
def continue_skips(n):
    total = 0
    for i in range(n):
        if i % 3 == 0:
            continue
        if i % 7 == 0:
            continue
        total += i
    return total
# args: (0,), (10,), (22,), (100,)

# %% for_else_no_break
def for_else_no_break(n, target):
    for i in range(n):
        if i == target:
            found = i
            break
    else:
        found = -1
    return found
# args: (10, 3), (10, 10), (0, 0), (10, -1), (5, 4)
# hypothesis: st.integers(-3, 12), st.integers(-3, 12)

# %% while_else
def while_else(n, stop):
    i = 0
    while i < n:
        if i == stop:
            break
        i += 1
    else:
        return -i
    return i
# args: (5, 2), (5, 7), (0, 0), (3, 3), (-1, 0)

# %% nested_loops_break
def nested_loops_break(n):
    count = 0
    for i in range(n):
        for j in range(n):
            if j > i:
                break
            count += 1
        if count > 20:
            break
    return count
# args: (0,), (1,), (3,), (5,), (10,)

# %% early_return_in_loop
def early_return_in_loop(n, k):
    for i in range(n):
        if i * k > 50:
            return i
    return -1
# args: (100, 7), (100, 0), (0, 5), (10, 6), (10, -1)

# %% prime_count
def is_prime(n):
    if n < 2:
        return False
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True

def prime_count(n):
    c = 0
    for k in range(n):
        if is_prime(k):
            c += 1
    return c
# args: (0,), (2,), (3,), (100,), (1000,)

# %% raise_value_error
def raise_value_error(x):
    if x < 0:
        raise ValueError("x must be non-negative")
    return x * 2
# args: (1,), (0,), (-1,), (-2**70,), (2**70,)

# %% raise_without_message
def raise_without_message(x):
    if x == 0:
        raise ZeroDivisionError
    if x == 1:
        raise ArithmeticError()
    return x
# args: (0,), (1,), (2,)

# %% raise_kinds
def raise_kinds(k):
    if k == 0:
        raise OverflowError("too big")
    elif k == 1:
        raise IndexError("bad index")
    elif k == 2:
        raise RuntimeError("runtime")
    elif k == 3:
        raise AssertionError("explicit")
    return k
# args: (0,), (1,), (2,), (3,), (4,)

# %% assert_plain
def assert_plain(x):
    assert x > 0
    return x
# args: (1,), (0,), (-5,), (2**70,)

# %% assert_with_message
def assert_with_message(x, y):
    assert x != y, "x and y must differ"
    return x - y
# args: (1, 2), (2, 2), (0.0, -0.0), (math.nan, math.nan)

# %% ternary
def ternary(x):
    return x if x > 0 else -x
# args: (3,), (-3,), (0,), (-2**63,), (1.5,), (-0.0,), (math.nan,)

# %% nested_ternary
def nested_ternary(a, b):
    return 1 if a > b else 2 if a == b else 3
# args: (1, 0), (0, 0), (0, 1), (math.nan, 0.0)

# %% short_circuit_guard
def short_circuit_guard(a, b):
    if b != 0 and a // b > 2:
        return 1
    if b == 0 or a % b == 1:
        return 2
    return 3
# args: (10, 0), (10, 3), (10, 2), (1, 5), (7, 2)

# %% not_operator
def not_operator(a, b):
    return not a, not (a and b), not a or not b
# args: (0, 0), (1, 0), (0, 1), (1, 1), (0.0, -0.0), (math.nan, 0), (None, 1), (True, False)

# %% pass_only
def pass_only(x):
    pass
# args: (1,), (2.5,)

# %% returns_none_implicitly
def returns_none_implicitly(x):
    if x > 0:
        return x
# args: (1,), (0,), (-1,)

# %% bare_return
def bare_return(x):
    if x:
        return
    return 7
# args: (0,), (1,)

# %% deep_loop_sum
def deep_loop_sum(n):
    total = 0
    for i in range(n):
        for j in range(i, n):
            for k in range(j, n, 2):
                total += i ^ j ^ k
    return total
# args: (0,), (1,), (7,), (30,)

# %% countdown_negative_step_big
def countdown_negative_step_big(n):
    total = 0
    for i in range(n, n - 10, -3):
        total += i
    return total
# args: (0,), (2**63 - 1,), (-2**63 + 5,), (-2**63 + 20,), (2**70,)

# %% loop_overflow_accumulate
def loop_overflow_accumulate(n):
    x = 1
    for i in range(n):
        x = x * 3 + 1
    return x
# args: (0,), (10,), (39,), (40,), (41,), (100,)

# %% for_over_tuple
def for_over_tuple(t):
    s = 0
    for x in t:
        if x < 0:
            break
        s += x
    else:
        s -= 1
    return s
# args: ((1, 2, 3),), ((),), ((1.5, True),), ((1, -1, 5),), ((2**62, 2**62),)

# %% for_over_mixed_tuple
def for_over_mixed_tuple(n):
    for x in (1, 2.5, n, None):
        if x is None:
            return -1
        if x > 2:
            return x
    return 0
# args: (0,), (3,), (-5,), (True,)
