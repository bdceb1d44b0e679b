"""An exception escapes through jitted functions (compiled and interpreted), chained."""


class AppError(Exception):
    pass


def parse(text):
    return int(text)


def load(items):
    total = 0
    for item in items:
        total += parse(item)
    return total


def divide(a, b):
    return a // b


def run():
    print(load(["1", "2"]), divide(7, 2))
    try:
        load(["3", "x"])
    except ValueError as exc:
        raise AppError("bad input") from exc


def outer():
    print(divide(1, 1))
    run()


outer()
