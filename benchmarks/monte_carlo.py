"""Monte-Carlo estimate of pi with a linear congruential generator written out in Python:
integer multiply, add and modulo, conversion to float, and a branch per sample.

Plain Python (no lesto import), so CPython, lesto, Numba and PyPy all run it unchanged.
"""


def monte_carlo_pi(samples, seed):
    state = seed
    inside = 0
    for _ in range(samples):
        state = (state * 1103515245 + 12345) % 2147483648
        x = state / 2147483648.0
        state = (state * 1103515245 + 12345) % 2147483648
        y = state / 2147483648.0
        if x * x + y * y < 1.0:
            inside += 1
    return 4.0 * inside / samples


BENCHMARK = {
    "name": "monte_carlo",
    "entry": "monte_carlo_pi",
    "args": (20000000, 1),
    "quick_args": (2000000, 1),
    "target": {"vs": "numba", "max_ratio": 1.05},
    "description": "Monte-Carlo pi with an LCG: int multiply/modulo, float compare",
}
