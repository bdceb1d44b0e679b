"""A whole-array expression, a * b + 2.0 * sqrt(d), over 1-D float64 arrays.

numpy evaluates it one operation at a time, each into a temporary array the size of the
input (four passes over memory: a * b, sqrt(d), 2.0 * that, the sum); a compiler can fuse it
into a single loop that reads each input once and writes the result once.  Under CPython the
entry *is* numpy's own evaluation, so the CPython column is the numpy line, and the
"reference" row repeats it under that name.

The result is the whole array; `lesto bench` compares arrays element by element, exactly:
every element is one multiply, one correctly rounded square root, one multiply and one add,
the same in any implementation that does not contract a * b + c into a fused multiply-add.

`make_inputs` (the BENCHMARK "setup") builds deterministic arrays of n elements from the
literal argument and is not timed.

Plain Python and numpy (no lesto import).
"""
import numpy as np


def make_inputs(n):
    """The benchmark arguments (a, b, d): n float64 values each, d non-negative."""
    x = np.arange(n, dtype=np.float64)
    a = np.sin(x * 0.001)
    b = np.cos(x * 0.0007) + 1.5
    d = (x % 1000.0) * 0.25
    return (a, b, d)


def fused(a, b, d):
    return a * b + 2.0 * np.sqrt(d)


BENCHMARK = {
    "name": "fused_expr",
    "entry": "fused",
    "setup": "make_inputs",
    "args": (1000000,),
    "quick_args": (100000,),
    "reference": {"label": "numpy", "entry": "fused"},
    "target": {"vs": "cpython", "max_ratio": 1.0, "strict": True},
    "description": "a * b + 2.0 * sqrt(d) fused, vs numpy evaluating it (1-D float64)",
}
