# Exact ints in functions that work with objects (backend/lower_xint.py): int arithmetic is
# int64 while it fits and goes on with CPython's Python ints when it overflows, after the
# function had effects (a list appended to), never re-run: results near 2**63, every
# operator's overflow and error (ZeroDivisionError, negative shift counts), the big value
# then used by comparisons, containers, calls, indices and floats.
# %% sum_of_powers_overflows
def sum_of_powers_overflows(n, k, out):
    total = 0
    for i in range(n):
        out.append(i)
        total += i ** 2 * k
    return total, len(out)
# args: (10, 1, []), (10, 2**60, []), (1000, 2**50, []), (0, 3, []), (5, -2**62, [])

# %% each_operator_near_limits
def each_operator_near_limits(a, b, out):
    out.append(a)
    r = []
    r.append(a + b)
    r.append(a - b)
    r.append(a * b)
    r.append(-a)
    r.append(abs(a))
    r.append(+a)
    r.append(~a)
    r.append(a & b)
    r.append(a | b)
    r.append(a ^ b)
    r.append(a >> 3)
    return r
# args: (2**63 - 1, 1, []), (-2**63, -1, []), (-2**63, 2**63 - 1, []), (0, 0, []), (2**62, 2**62, []), (-1, -2**63, []), (True, 2**63 - 1, [])

# %% division_and_modulo
def division_and_modulo(a, b, out):
    out.append(0)
    return a // b, a % b, a / b
# args: (-2**63, -1, []), (7, -2, []), (-7, 2, []), (1, 0, []), (0, 0, []), (2**63 - 1, 3, []), (-2**63, 7, [])

# %% shifts
def shifts(a, n, out):
    out.append(n)
    return a << n, a >> n
# args: (1, 3, []), (1, 62, []), (1, 63, []), (1, 64, []), (3, 200, []), (-1, 63, []), (0, 500, []), (1, -1, []), (-5, 70, [])

# %% big_value_flows_on
def big_value_flows_on(x, items):
    items.append(x)
    y = x * x
    z = y - x * x + 5
    big = y > 2**63
    same = y == x * x
    text = str(y)
    items.append(y)
    return z, big, same, text, y // x, [y, z], {y: 1}, (y, z)
# args: (3, []), (2**40, []), (2**62, []), (-2**62, []), (2**63 - 1, [])

# %% big_value_as_index
def big_value_as_index(x, items):
    items.append(1)
    i = x * 4
    return items[i]
# args: (0, []), (2**61, []), (2**62, []), (-2**62, [])

# %% big_value_in_range
def big_value_in_range(x, items):
    items.append(1)
    n = x * 4
    c = 0
    for i in range(n, n + 2):
        c += 1
    return c
# args: (1, []), (2**60, [])

# %% big_value_with_floats
def big_value_with_floats(x, items):
    items.append(1)
    y = x * 8
    return y < 1.5, y == float(2**64), y > -1e300
# args: (1, []), (2**61, []), (-2**62, [])

# %% counter_loop_with_objects
def counter_loop_with_objects(words):
    counts = {}
    n = 0
    longest = 0
    for w in words:
        n += 1
        counts[w] = counts.get(w, 0) + 1
        if len(w) > longest:
            longest = len(w)
    return n, longest, counts
# args: ([],), (["a", "bb", "a"],), (["x"] * 100,)

# %% accumulate_then_return_big
def accumulate_then_return_big(n, out):
    acc = 1
    for i in range(1, n):
        acc *= i
        out.append(acc % 1000)
    return acc
# args: (5, []), (21, []), (22, []), (40, [])

# %% swap_and_fib
def swap_and_fib(n, out):
    a, b = 0, 1
    for _ in range(n):
        out.append(a)
        a, b = b, a + b
    return a
# args: (10, []), (92, []), (93, []), (150, [])
