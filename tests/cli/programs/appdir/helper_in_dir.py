"""Imported by appdir/__main__.py from its own directory."""


def twice(x):
    return 2 * x
