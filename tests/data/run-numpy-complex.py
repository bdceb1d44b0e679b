"""Differential cases: np.complex128 scalars (elements of complex arrays) with numpy's rules:
arithmetic with Python scalars (weak, NEP 50) and other numpy scalars, numpy's division
(a zero divisor gives inf/nan, no exception), `**`, abs(), np.abs, np.sqrt, np.exp, `.real`,
`.imag`, `.conjugate()`, `==`/`!=`, truth, and results stored back into complex arrays.

Format: see tests/support/cases.py. CPython (running numpy) is the oracle."""
import math  # noqa: F401  (available to the cases)

import numpy as np

# %% element_arithmetic
def element_arithmetic(a, i, j):
    x, y = a[i], a[j]
    return x + y, x - y, x * y, x / y, -x, +x, x == y, x != y, bool(x)
# args: (np.array([1 + 2j, 3 - 4j, 0j, complex(-0.0, -0.0)]), 0, 1)
# args: (np.array([1 + 2j, 3 - 4j, 0j, complex(-0.0, -0.0)]), 0, 2)
# args: (np.array([1 + 2j, 3 - 4j, 0j, complex(-0.0, -0.0)]), 2, 3)
# args: (np.array([complex(math.inf, 1.0), complex(math.nan, 0.0), 1e308 + 1e308j]), 0, 1)
# args: (np.array([complex(math.inf, 1.0), complex(math.nan, 0.0), 1e308 + 1e308j]), 2, 2)
# args: (np.array([complex(math.inf, 1.0), complex(math.nan, 0.0), 1e308 + 1e308j]), 2, 0)
# hypothesis: hnp.arrays(np.complex128, 4), st.integers(0, 3), st.integers(0, 3)

# %% with_python_scalars
def with_python_scalars(a, n, x, flag):
    z = a[0]
    return z + n, n - z, z * x, x / z, z / n, z + 1j, 2j * z, flag * z, z == n, x != z
# args: (np.array([1 + 2j]), 3, 0.5, True), (np.array([complex(1.0, -0.0)]), 0, -0.0, False)
# args: (np.array([0j]), 0, 0.0, False), (np.array([complex(math.nan, 1)]), -2, math.inf, True)
# hypothesis: hnp.arrays(np.complex128, 1), st.integers(-5, 5), st.floats(), st.booleans()

# %% with_numpy_scalars
def with_numpy_scalars(a, f, i):
    z = a[0]
    x, n = f[0], i[0]
    return z + x, x * z, z / n, n - z, z == x, z + n * 1j
# args: (np.array([1 + 2j]), np.array([0.5], dtype=np.float32), np.array([3], dtype=np.int8))
# args: (np.array([1 + 2j]), np.array([-0.0]), np.array([0], dtype=np.uint64))
# args: (np.array([complex(-0.0, 1.0)]), np.array([math.nan]), np.array([-1], dtype=np.int64))

# %% division_by_zero_gives_inf
def division_by_zero_gives_inf(a):
    z = a[0]
    return z / 0, z / 0.0, z / 0j, z / a[1], 1 / a[1]
# args: (np.array([1 + 1j, 0j]),), (np.array([0j, -0j]),), (np.array([-1 + 0j, complex(-0.0, 0.0)]),)
# args: (np.array([complex(math.nan, 1.0), complex(0.0, -0.0)]),)

# %% power
def power(a, n):
    z = a[0]
    return z ** 2, z ** n, z ** 0.5, z ** a[1], pow(z, 3)
# args: (np.array([1 + 2j, 0.5 - 1j]), 3), (np.array([0j, -1 + 0j]), -1)
# args: (np.array([1e200 + 1e200j, 2j]), 2)

# %% magnitude_and_parts
def magnitude_and_parts(a):
    z = a[0]
    return abs(z), np.abs(z), z.real, z.imag, z.conjugate(), np.sqrt(z), np.exp(z)
# args: (np.array([3 + 4j]),), (np.array([complex(1.5e308, 1.5e308)]),), (np.array([-0j]),)
# args: (np.array([complex(math.inf, math.nan)]),), (np.array([complex(-4.0, -0.0)]),)
# hypothesis: hnp.arrays(np.complex128, 1)

# %% real_scalar_parts
def real_scalar_parts(a, b):
    return a[0].real, a[0].imag, a[0].conjugate(), b[0].real, b[0].imag, b[0].conjugate()
# args: (np.array([1.5, 2.0]), np.array([-3, 4], dtype=np.int8))

# %% sum_of_squares
def sum_of_squares(a):
    s = 0j
    for i in range(len(a)):
        s += a[i] * a[i].conjugate()
    return s
# args: (np.array([1 + 2j, 3 - 4j]),), (np.zeros(0, dtype=np.complex128),)
# hypothesis: hnp.arrays(np.complex128, st.integers(0, 6))

# %% store_complex_results
def store_complex_results(a, z):
    out = np.zeros(len(a), dtype=np.complex128)
    for i in range(len(a)):
        out[i] = a[i] * z + 1j
    out[0] = z
    return out
# args: (np.array([1 + 2j, 3 - 4j]), 2 - 1j), (np.array([0j]), complex(-0.0, -0.0))
# hypothesis: hnp.arrays(np.complex128, st.integers(1, 5)), st.complex_numbers()

# %% rotate
def rotate(a, n):
    w = 1 + 0j
    for k in range(n):
        w = w * a[k % len(a)] / abs(a[k % len(a)])
    return w, w.real
# args: (np.array([1 + 1j, 1 - 2j, -3j]), 5), (np.array([2 + 0j]), 0)

# %% whole_array_fused
def whole_array_fused(a, b):
    return a + b, a - 2.0, -a, +b, a == b, a != b, a + 1j, 1 - b, (a + b) - a
# args: (np.array([1 + 2j, complex(-0.0, -0.0), complex(math.inf, 1.0)]), np.array([3 - 4j, 0j, 1j]))
# args: (np.array([[1 + 2j], [complex(math.nan, 0.0)]]), np.array([3 - 4j, -0j]))
# args: (np.array([1 + 2j, 3j])[::-1], np.array(2 + 0j))
# hypothesis: hnp.arrays(np.complex128, 3), hnp.arrays(np.complex128, 3)

# %% whole_array_numpy_kernels
def whole_array_numpy_kernels(a, b):
    return a * b, a / b, a ** 2, abs(a), np.abs(a), np.sqrt(a), (a + b) * 2.0, a.real, b.imag
# args: (np.array([1 + 2j, complex(-0.0, -0.0), 1e308 + 1e308j]), np.array([3 - 4j, 0j, 3 + 3j]))
# args: (np.array([[1 + 2j], [complex(math.nan, 0.0)]]), np.array([3 - 4j, -0j]))
# hypothesis: hnp.arrays(np.complex128, 3), hnp.arrays(np.complex128, 3)

# %% real_array_times_complex
def real_array_times_complex(x, z):
    return x * z, x + z, x / z, x + 1j
# args: (np.array([0.5, -0.0, math.inf]), 2 - 1j), (np.arange(3), 1j)

# %% in_place_complex
def in_place_complex(a, b):
    a += b
    a -= 1j
    return a
# args: (np.array([1 + 2j, 3j]), np.array([0.5 - 1j, complex(-0.0, -0.0)]))
