"""N-queens: every way to place n queens on an n x n board, none attacking another, found by
a recursive generator that yields each solution as a tuple of columns, with sets of the
columns and diagonals already taken.

`queens(n)` returns (number of solutions, the first solution, sum over the solutions of
their first column).  `check` compares the count with the known sequence (92 for n = 8).

Plain Python (no lesto import), written the way the task is usually written.
"""


def place(n, row, columns, diagonals, antidiagonals):
    """Yield every completion, from `row` on, of the partial placement the sets describe."""
    if row == n:
        yield ()
        return
    for col in range(n):
        if col in columns or row - col in diagonals or row + col in antidiagonals:
            continue
        columns.add(col)
        diagonals.add(row - col)
        antidiagonals.add(row + col)
        for rest in place(n, row + 1, columns, diagonals, antidiagonals):
            yield (col,) + rest
        columns.remove(col)
        diagonals.remove(row - col)
        antidiagonals.remove(row + col)


def queens(n):
    count = 0
    first = None
    first_columns = 0
    for solution in place(n, 0, set(), set(), set()):
        if first is None:
            first = solution
        count += 1
        first_columns += solution[0]
    return (count, first, first_columns)


SOLUTIONS = {1: 1, 2: 0, 3: 0, 4: 2, 5: 10, 6: 4, 7: 40, 8: 92, 9: 352, 10: 724, 11: 2680}


def check(result, n):
    """The known number of solutions; the first one is valid; by symmetry the first columns
    of all solutions sum to count * (n - 1) / 2."""
    count, first, first_columns = result
    assert count == SOLUTIONS[n], (count, SOLUTIONS[n])
    if count:
        assert sorted(first) == list(range(n))
        assert len({r - c for r, c in enumerate(first)}) == n
        assert len({r + c for r, c in enumerate(first)}) == n
        assert 2 * first_columns == count * (n - 1)


BENCHMARK = {
    "name": "nqueens",
    "entry": "queens",
    "jit": ["place"],
    "args": (11,),
    "quick_args": (8,),
    "test_args": (6,),
    "check": "check",
    "description": "n-queens: a recursive generator, sets of taken columns and diagonals",
}
