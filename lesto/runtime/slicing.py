"""Slicing helpers that compiled code calls (through the C-API) for `a[1:n, j]` and
`a[::2] = x`: numpy makes the view, so its semantics (negative steps, clipping, errors) are
exactly numpy's.

The pattern names each index position: 'i' an int, 's' + three digits saying which of start,
stop and step were written ('s110' is `a:b`).  The values written follow the array, in order.
"""
from __future__ import annotations

from typing import Any


def index_of(pattern: str, values: tuple[Any, ...]) -> tuple[Any, ...]:
    out: list[Any] = []
    it = iter(values)
    for part in pattern.split("_"):
        if part == "i":
            out.append(next(it))
        else:
            out.append(slice(*(next(it) if flag == "1" else None for flag in part[1:])))
    return tuple(out)


def getslice(a: Any, *rest: Any) -> Any:
    """a[index] for getslice(a, *values, pattern)."""
    return a[index_of(rest[-1], rest[:-1])]


def setslice(a: Any, value: Any, *rest: Any) -> None:
    """a[index] = value for setslice(a, value, *values, pattern)."""
    a[index_of(rest[-1], rest[:-1])] = value
