"""Helpers shared by lesto's tests: differential runs against CPython, data-file parsing, leak checks."""
