"""Generators, a context manager, asyncio.gather, closures and recursion."""
import asyncio
import contextlib
import itertools


def fib_gen(n):
    a, b = 0, 1
    for _ in range(n):
        yield a
        a, b = b, a + b


def chained(*gens):
    for g in gens:
        yield from g


@contextlib.contextmanager
def tagged(name, log):
    log.append(f"enter {name}")
    try:
        yield name.upper()
    finally:
        log.append(f"exit {name}")


async def work(i, delay):
    await asyncio.sleep(delay)
    return i * i


async def pipeline():
    results = await asyncio.gather(*(work(i, 0.001 * (5 - i)) for i in range(5)))
    return results


async def agen(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i


async def collect():
    return [x async for x in agen(4)]


def make_adder(k):
    def add(x):
        return x + k
    return add


def hanoi(n, a="A", b="B", c="C"):
    if n == 0:
        return 0
    return hanoi(n - 1, a, c, b) + 1 + hanoi(n - 1, c, b, a)


def collatz_len(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def main():
    print(list(fib_gen(12)), list(chained(fib_gen(3), "ab", range(2))))
    log = []
    with tagged("block", log) as t:
        log.append(t)
    print(log)
    print(asyncio.run(pipeline()), asyncio.run(collect()))
    print(asyncio.iscoroutinefunction(work), [make_adder(k)(10) for k in range(3)])
    print(hanoi(10), max(range(1, 3000), key=collatz_len), collatz_len(27))
    print(list(itertools.islice((x * x for x in fib_gen(100)), 5)), sum(fib_gen(90)))


main()
