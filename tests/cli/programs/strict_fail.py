"""A function lesto cannot compile (it builds a list): runs under `lesto run`, raises under
`lesto run --strict`."""


def count(n):
    xs = [i for i in range(n)]
    return len(xs)


print(count(3))
