"""Differential cases: Python complex numbers with CPython's semantics (the parts' signs incl.
-0.0, nan and inf parts, Smith's division and its ZeroDivisionError, ** by small integers and
by anything else with its ZeroDivisionError / OverflowError, abs() overflow, mixing with
int/float/bool in either order, equality with exact int comparison, complex(), .real, .imag,
.conjugate()).

Format: see tests/support/cases.py. CPython is the oracle; there are no expected values here."""
import math  # noqa: F401  (available to the cases)

# %% cadd
def cadd(a, b):
    return a + b, b + a
# args: (1 + 2j, 3 - 4j), (0j, -0j), (complex(-0.0, -0.0), complex(-0.0, -0.0)), (-0j, 0.0)
# args: (complex(1.0, -0.0), 1.0), (complex(1.0, -0.0), -0.0), (complex(-0.0, -0.0), 0)
# args: (complex(math.inf, 1.0), complex(-math.inf, 2.0)), (complex(math.nan, 0.0), 1j)
# args: (complex(1e308, 1e308), complex(1e308, 1e308)), (2j, True), (2j, 2**62 + 1), (1j, -7)
# hypothesis: st.complex_numbers(), st.complex_numbers()

# %% csub
def csub(a, b):
    return a - b, b - a
# args: (1 + 2j, 3 - 4j), (0j, 0j), (complex(-0.0, -0.0), 0j), (complex(1.0, -0.0), 1.0)
# args: (complex(1.0, -0.0), -0.0), (complex(-0.0, 0.0), 0.0), (1j, 3), (1j, False)
# args: (complex(math.inf, math.inf), complex(math.inf, math.inf)), (complex(math.nan, 1), 2.5)
# hypothesis: st.complex_numbers(), st.complex_numbers()

# %% cmul
def cmul(a, b):
    return a * b, b * a
# args: (1 + 2j, 3 - 4j), (complex(1.0, -0.0), 2.0), (complex(-0.0, 1.0), -1.0), (1j, 1j)
# args: (complex(math.inf, 0.0), complex(math.inf, 0.0)), (complex(math.inf, 1.0), 0.0)
# args: (complex(math.nan, 0.0), 0j), (complex(1e308, 1e308), 3 + 3j), (1e200j, 1e200j)
# args: (complex(5e-324, 5e-324), 0.5), (2 + 3j, True), (2 + 3j, 0), (-0j, -3), (0j, -0.0)
# hypothesis: st.complex_numbers(), st.complex_numbers()

# %% cdiv
def cdiv(a, b):
    return a / b
# args: (1 + 2j, 3 - 4j), (1.0, 1j), (1 + 1j, 1e-300j), (1 + 1j, 1e300 + 1e300j)
# args: (1 + 1j, complex(1e308, 1e308)), (complex(1e308, 1e308), complex(1e-308, 1e-308))
# args: (1j, complex(math.inf, 1.0)), (1j, complex(1.0, math.inf)), (1j, complex(math.nan, 1.0))
# args: (1j, complex(1.0, math.nan)), (complex(math.inf, math.inf), 2 + 2j), (1 + 2j, 2.0)
# args: (complex(1.0, -0.0), 2.0), (3, 1 + 1j), (True, 2j), (-0.0, 1j), (0j, -1 - 1j)
# args: (1 + 2j, 0j), (1 + 2j, -0j), (1 + 2j, complex(-0.0, -0.0)), (0j, 0j), (1j, 0.0)
# args: (1j, 0), (1j, False), (complex(math.nan, math.nan), 0j), (5, 0j), (0.0, 0j)
# args: (complex(5e-324, 1.0), complex(5e-324, 5e-324)), (1 + 1j, complex(1.0, -0.0))
# hypothesis: st.complex_numbers(), st.complex_numbers()

# %% cdiv_by_zero_in_loop
def cdiv_by_zero_in_loop(z, n):
    total = 0j
    for i in range(n):
        total += z / (n - 1 - i)
    return total
# args: (1 + 1j, 3), (2j, 1), (1j, 0)

# %% cpow_int
def cpow_int(z, n):
    return z ** n
# args: (1 + 2j, 2), (1 + 2j, 3), (1 + 2j, 0), (1 + 2j, -1), (1 + 2j, -2), (1 + 2j, 100)
# args: (1 + 2j, 101), (1 + 2j, -100), (1 + 2j, -101), (0.5 + 0.5j, 7), (2j, 17), (-1j, 5)
# args: (0j, 0), (0j, 1), (0j, 2), (0j, -1), (-0j, -3), (complex(-0.0, -0.0), 3)
# args: (complex(1e308, 1e308), 2), (complex(math.inf, 0.0), 2), (complex(math.inf, 0.0), 1)
# args: (complex(math.nan, 0.0), 0), (complex(math.nan, 1.0), 2), (2 + 0j, 1025), (2 + 0j, 1024)
# args: (2 + 0j, -1075), (1e-200 + 0j, 2), (1e-200j, -2), (1.0001 + 1j, 99)
# hypothesis: st.complex_numbers(max_magnitude=10.0), st.integers(-120, 120)

# %% cpow_general
def cpow_general(z, w):
    return z ** w, pow(z, w)
# args: (1 + 2j, 0.5), (1 + 2j, 1j), (1 + 2j, 2 - 1j), (-1 + 0j, 0.5), (1j, 1j), (2, 0.5 + 0j)
# args: (1 + 2j, 2.0), (1 + 2j, -2.0), (1 + 2j, 2.5), (1 + 2j, 1e20), (1 + 2j, 100.0)
# args: (1 + 2j, 100.5), (1 + 2j, -100.0), (0j, 0.5), (0j, 0j), (0j, -0.5), (0j, 1j)
# args: (0j, 2 + 1j), (0j, -0.0), (-0j, complex(0.0, -0.0)), (1e200 + 0j, 2.5)
# args: (1e-300 + 1e-300j, 1.5), (complex(math.nan, 1.0), 0.5), (complex(math.inf, 1.0), 0.5)
# args: (1 + 1j, complex(math.nan, 0.0)), (1 + 1j, complex(0.0, math.inf)), (2.0, 1j)
# args: (-8.0, 1 / 3 + 0j), (3, 2 + 0j), (1 + 1j, True), (1 + 1j, 3)
# hypothesis: st.complex_numbers(max_magnitude=10.0), st.complex_numbers(max_magnitude=5.0)

# %% cabs
def cabs(z):
    return abs(z)
# args: (3 + 4j,), (0j,), (-0j,), (complex(-0.0, -0.0),), (complex(math.inf, math.nan),)
# args: (complex(math.nan, -math.inf),), (complex(math.nan, 1.0),), (complex(1.0, math.nan),)
# args: (complex(1e308, 1e308),), (complex(1.5e308, 1.5e308),), (complex(-1.7e308, 1e308),)
# args: (complex(5e-324, 5e-324),), (complex(1e-310, -1e-310),), (complex(math.inf, 0.0),)
# hypothesis: st.complex_numbers()

# %% cunary
def cunary(z):
    return -z, +z, -(-z), z.conjugate(), z.real, z.imag, not z, bool(z)
# args: (1 + 2j,), (0j,), (-0j,), (complex(-0.0, -0.0),), (complex(0.0, -0.0),)
# args: (complex(math.nan, 0.0),), (complex(0.0, math.nan),), (complex(-math.inf, 5e-324),)
# hypothesis: st.complex_numbers()

# %% ceq
def ceq(a, b):
    return a == b, a != b, b == a, b != a
# args: (1 + 0j, 1), (1 + 0j, 1.0), (1 + 0j, True), (0j, False), (0j, -0.0), (-0j, 0)
# args: (1 + 1e-300j, 1), (complex(2.0**53, 0.0), 2**53 + 1), (complex(2.0**63, 0.0), 2**63 - 1)
# args: (complex(-2.0**63, 0.0), -2**63), (complex(math.nan, 0.0), complex(math.nan, 0.0))
# args: (complex(math.nan, 0.0), 0), (complex(1.0, math.nan), 1.0), (1 + 2j, 1 + 2j)
# args: (1 + 2j, 1 - 2j), (complex(math.inf, 0.0), math.inf), (complex(0.0, -0.0), 0j)
# hypothesis: st.complex_numbers(), st.integers(-3, 3)

# %% cmixed_scalars
def cmixed_scalars(n, x, flag):
    z = 2 + 3j
    return n + z, z - n, x * z, z / x, flag * z, z ** n, n - 1j, x + 1j, -1j, 1j * 1j
# args: (2, 0.5, True), (0, -0.0, False), (-3, math.inf, True), (7, 0.0, False)
# hypothesis: st.integers(-10, 10), st.floats(), st.booleans()

# %% cconstruct
def cconstruct(x, y):
    return complex(x, y), complex(x), complex(y, x), complex(), complex(1, -0.0), complex(True)
# args: (1.5, -2.5), (0.0, -0.0), (-0.0, -0.0), (math.nan, math.inf), (3, 4), (True, False)
# hypothesis: st.floats(), st.floats()

# %% cconstruct_from_complex
def cconstruct_from_complex(z, w, x):
    return complex(z), complex(z, w), complex(z, x), complex(x, w), complex(z.real, z.imag)
# args: (1 + 2j, 3 + 4j, 0.5), (complex(-0.0, -0.0), complex(-0.0, -0.0), -0.0)
# args: (complex(1.0, -0.0), complex(0.0, -0.0), 0.0), (complex(math.nan, 1.0), 1j, math.inf)
# hypothesis: st.complex_numbers(), st.complex_numbers(), st.floats()

# %% real_number_attributes
def real_number_attributes(n, x, flag):
    return n.real, n.imag, n.conjugate(), x.real, x.imag, x.conjugate(), flag.real, flag.imag
# args: (3, -0.0, True), (-2**63, math.nan, False)

# %% accumulate
def accumulate(n):
    z = 1 + 0j
    w = 0.5 + 0.5j
    total = 0j
    for k in range(n):
        z = z * w + 1
        total += z / (k + 1)
        if abs(total) > 1e6:
            break
    return z, total
# args: (0,), (1,), (10,), (1000,)
# hypothesis: st.integers(0, 200)

# %% mandelbrot
def escape(c, limit):
    z = 0j
    for i in range(limit):
        z = z * z + c
        if z.real * z.real + z.imag * z.imag > 4.0:
            return i
    return limit


def mandelbrot(x, y, limit):
    return escape(complex(x, y), limit)
# args: (0.0, 0.0, 50), (-0.75, 0.1, 100), (0.3, 0.5, 100), (2.0, 2.0, 10), (-2.0, 0.0, 20)
# hypothesis: st.floats(-2.0, 1.0), st.floats(-1.5, 1.5), st.integers(0, 60)

# %% maybe_complex
def maybe_complex(z, flag):
    w = None
    if flag:
        w = z * 2
    if w is None:
        return z
    return w + 1
# args: (1j, True), (1j, False), (complex(-0.0, -0.0), True)

# %% complex_in_tuples
def swap(t):
    return t[1], t[0]


def complex_in_tuples(a, b):
    p = swap((a, b))
    return p, (a * b, a.conjugate()), p[0] == a
# args: (1 + 2j, 3j), (0j, complex(math.nan, 1.0))

# %% rounding_accumulation
def rounding_accumulation(z, n):
    w = z
    for i in range(n):
        w = w * z / (1 + 1j) - z ** 2 + 1 / (w + 1)
    return w
# args: (0.3 + 0.4j, 5), (1j, 3), (-1 - 1j, 4)
# hypothesis: st.complex_numbers(max_magnitude=2.0), st.integers(0, 6)

# %% membership_and_tuple_equality
def membership_and_tuple_equality(z, w):
    t = (z, 1j)
    return z in t, w in t, w not in t, t == (z, 1j), t != (w, 1j), (z, 2) == (w, 2)
# args: (complex(math.nan, 1.0), complex(math.nan, 1.0)), (1 + 2j, 1 + 2j), (1j, 2j)
# args: (complex(0.0, math.nan), 0j)
# hypothesis: st.complex_numbers(), st.complex_numbers()
