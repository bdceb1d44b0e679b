"""Naive doubly recursive Fibonacci: measures the cost of a function call.

Plain Python (no lesto import), so CPython, lesto, Numba and PyPy all run it unchanged.
"""


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


BENCHMARK = {
    "name": "fib",
    "entry": "fib",
    "args": (32,),
    "quick_args": (30,),
    "description": "naive recursive fib(n): call overhead and integer adds",
}
