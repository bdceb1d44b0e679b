"""What a dispatcher did, without private attributes: `Dispatcher.stats()` rows and the table
`lesto.explain()` prints.

    >>> lesto.explain(normalize, add)
    function   signature     compiled  reason                                   calls  deopts
    normalize  (str)         no        normalize: parameter 'word' is a str...  -      0
    add        (int, int)    yes       -                                        -      2
"""
from __future__ import annotations

import sys
from typing import Any, NamedTuple, TextIO


class SignatureStats(NamedTuple):
    """One argument-type signature a dispatcher has seen: compiled or run by the interpreter
    (and why), calls counted where counting is free (None for calls that run natively), and
    deoptimised calls."""

    signature: str
    compiled: bool
    reason: str | None
    calls: int | None
    deopts: int


class Record:
    """The mutable row behind one SignatureStats (kept by the dispatcher, under its lock)."""

    __slots__ = ("compiled", "reason", "calls", "deopts")

    def __init__(self, compiled: bool, reason: str | None, calls: int | None) -> None:
        self.compiled = compiled
        self.reason = reason
        self.calls = calls
        self.deopts = 0

    def row(self, signature: str) -> SignatureStats:
        return SignatureStats(signature, self.compiled, self.reason, self.calls, self.deopts)


def signature_text(values: tuple[Any, ...], types: tuple[Any, ...]) -> str:
    """"(int, str)": lesto types where a value has one, Python type names otherwise."""
    parts = []
    for value, t in zip(values, types):
        parts.append(str(t) if t is not None else type(value).__name__)
    return "(" + ", ".join(parts) + ")"


def _cell(value: Any, width: int = 0) -> str:
    text = "-" if value is None else str(value)
    if width and len(text) > width:
        text = text[:width - 3] + "..."
    return text


def explain(*dispatchers: Any, file: TextIO | None = None) -> None:
    """Print what each dispatcher (default: every live one) compiled, what it ran in the
    interpreter and why, and its deoptimisations."""
    from lesto.runtime.switch import live_dispatchers

    out = file if file is not None else sys.stdout
    rows = [["function", "signature", "compiled", "reason", "calls", "deopts"]]
    for d in dispatchers or live_dispatchers():
        stats = d.stats()
        name = getattr(d, "__qualname__", repr(d))
        if not stats:
            rows.append([name, "(not called)", "-", "-", "-", "0"])
        for s in stats:
            rows.append([name, s.signature, "yes" if s.compiled else "no",
                         _cell(s.reason, 100), _cell(s.calls), str(s.deopts)])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip(), file=out)
