"""Matrices as lists of lists: multiply, transpose with zip(*m), and a trace of powers.

`make_matrix(n, power, seed)` (setup, not timed) fills an n x n matrix of small ints;
`power_trace(m, power)` multiplies the matrix by itself `power` times with the triple loop over
a transposed copy (rows of the transpose via zip(*b) and list()), reduces entries modulo a prime
to keep them small, and returns (trace of the result, sum of its first row, its last entry).
"""

MOD = 1000003


def make_matrix(n, power, seed):
    state = seed
    m = []
    for _ in range(n):
        row = []
        for _ in range(n):
            state = (state * 1103515245 + 12345) % 2147483648
            row.append((state >> 16) % 10)
        m.append(row)
    return (m, power)


def multiply(a, b):
    bt = [list(col) for col in zip(*b)]
    result = []
    for row in a:
        out = []
        for col in bt:
            total = 0
            for x, y in zip(row, col):
                total += x * y
            out.append(total % MOD)
        result.append(out)
    return result


def power_trace(m, power):
    result = m
    for _ in range(power - 1):
        result = multiply(result, m)
    n = len(result)
    trace = 0
    for i in range(n):
        trace += result[i][i]
    return (trace, sum(result[0]), result[-1][-1])


def check(out, n, power, seed):
    """Multiplying by index loops, without the transpose, gives the same matrix."""
    m, power = make_matrix(n, power, seed)
    r = m
    for _ in range(power - 1):
        r = [[sum(r[i][k] * m[k][j] for k in range(n)) % MOD for j in range(n)]
             for i in range(n)]
    assert out == (sum(r[i][i] for i in range(n)), sum(r[0]), r[-1][-1]), out


BENCHMARK = {
    "name": "matrix_lists",
    "entry": "power_trace",
    "setup": "make_matrix",
    "jit": ["multiply"],
    "args": (90, 5, 8),
    "quick_args": (30, 4, 8),
    "test_args": (6, 3, 8),
    "check": "check",
    "description": "matrix product on lists of lists: zip(*m), zip(row, col), % of big sums",
}
