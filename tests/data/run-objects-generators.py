# Generator functions (backend/lower_generator.py): the harness drives the generator each
# side returns (next(), then send(1), send(2), ...; tests/support/differential.drive) and
# compares every value yielded, the value returned (StopIteration.value) or the exception,
# what was printed and the arguments' mutation.  Suspension inside loops, try/except,
# try/finally and with; send values used; PEP 479; exact ints past 2**63; empty runs.
# %% counts_up
def counts_up(n):
    i = 0
    while i < n:
        yield i
        i += 1
# args: (0,), (1,), (5,), (-3,)

# %% sends_change_the_course
def sends_change_the_course(n):
    total = 0
    for i in range(n):
        got = yield total
        total += got * i
    return total
# args: (0,), (1,), (4,), (10,)

# %% bare_yield_and_none_sent
def bare_yield_and_none_sent(n):
    seen = []
    for i in range(n):
        x = yield
        seen.append(x)
    return seen
# args: (0,), (3,)

# %% returns_before_yielding
def returns_before_yielding(n):
    if n > 0:
        return n * 2
    yield n
# args: (3,), (0,), (-1,)

# %% yields_items_of_containers
def yields_items_of_containers(items, table, text):
    for x in items:
        yield x
    for k in table:
        yield k, table[k]
    for ch in text:
        yield ch.upper()
    yield len(items) + len(table) + len(text)
# args: ([1, 2.5, "a", None], {"x": 1, "y": [2]}, "héllo"), ([], {}, "")

# %% mutates_its_argument_between_yields
def mutates_its_argument_between_yields(out, n):
    for i in range(n):
        out.append(i * i)
        yield len(out)
    out.pop()
# args: ([], 3), ([7], 0), ([1, 2], 5)

# %% big_ints_past_int64
def big_ints_past_int64(a, n):
    x = a
    for i in range(n):
        yield x
        x = x * 3 + i
# args: (1, 45), (2**62, 4), (-2**63, 3), (2**80, 2)

# %% floats_and_special_values
def floats_and_special_values(x):
    yield x
    yield -x
    yield x * 0.0
    yield x / 2
# args: (1.5,), (-0.0,), (float("inf"),), (float("nan"),)

# %% nested_loops_break_continue
def nested_loops_break_continue(n):
    for i in range(n):
        if i % 3 == 1:
            continue
        for j in range(i):
            if j * j > i:
                break
            yield i, j
    else:
        yield "done"
# args: (0,), (7,)

# %% yield_inside_try_except
def yield_inside_try_except(words):
    for w in words:
        try:
            n = int(w)
            yield n * 2
        except ValueError:
            yield "bad " + w
# args: (["1", "x", "-4", "", "10"],), ([],)

# %% error_after_some_yields
def error_after_some_yields(items):
    for x in items:
        yield 10 // x
# args: ([5, 2, 0, 1],), ([1],), ([],)

# %% key_error_caught_inside
def key_error_caught_inside(table, keys):
    for k in keys:
        try:
            yield table[k]
        except KeyError:
            yield -1
# args: ({"a": 1}, ["a", "b", "a"]), ({}, [])

# %% try_finally_around_yields
def try_finally_around_yields(log, n):
    try:
        for i in range(n):
            log.append(i)
            yield i
    finally:
        log.append("finally")
    yield "after"
# args: ([], 3), ([], 0)

# %% stop_iteration_in_body_is_runtime_error
def stop_iteration_in_body_is_runtime_error(items):
    it = iter(items)
    yield next(it)
    yield next(it)
# args: ([1, 2, 3],), ([1],), ([],)

# %% raise_stop_iteration_explicitly
def raise_stop_iteration_explicitly(n):
    yield n
    if n > 0:
        raise StopIteration(n)
    yield -n
# args: (1,), (0,)

# %% yield_value_in_expressions
def yield_value_in_expressions(n):
    acc = []
    for i in range(n):
        acc.append((yield i) + (yield -i))
    return acc
# args: (0,), (3,)

# %% prints_while_suspending
def prints_while_suspending(n):
    for i in range(n):
        print("before", i)
        yield i
        print("after", i)
# args: (2,), (0,)

# %% with_statement_around_yield
class Recorder:
    def __init__(self, log):
        self.log = log

    def __enter__(self):
        self.log.append("enter")
        return self

    def __exit__(self, kind, value, tb):
        self.log.append("exit " + (kind.__name__ if kind is not None else "ok"))
        return False


def with_statement_around_yield(log, items):
    with Recorder(log):
        for x in items:
            yield 100 // x
    yield "out"
# args: ([], [1, 2]), ([], [4, 0, 1]), ([], [])

# %% tuples_and_unpacking
def tuples_and_unpacking(pairs):
    for a, b in pairs:
        yield (b, a)
        yield a + b
# args: ([(1, 2), (3, 4)],), ([("x", "y")],), ([],)

# %% infinite_generator_is_suspended
def infinite_generator_is_suspended(start):
    n = start
    while True:
        yield n
        n += 1
# args: (0,), (2**63 - 10,)

# %% yield_from_generators_and_iterables
def inner_counter(n, log):
    got = []
    for i in range(n):
        x = yield i
        got.append(x)
    log.append("inner done")
    return got


def yield_from_generators_and_iterables(n, log, plain):
    r = yield from inner_counter(n, log)
    yield ("inner returned", r)
    if plain:
        yield from [10, 20]   # send(k) to a list iterator: CPython's AttributeError
    yield from ()
    return len(r)
# args: (3, [], False), (0, [], False), (2, [], True)
