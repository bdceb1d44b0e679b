"""Imported by probe.py from the script's own directory."""


def g(x):
    return x * 2


class K:
    def method(self):
        return 0
