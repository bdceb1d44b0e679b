"""What a dispatcher did, without private attributes: `Dispatcher.stats()` rows and the table
`lesto.explain()` prints.

    >>> lesto.explain(normalize, add)
    function   signature   compiled  reason                                 calls  deopts
    normalize  (str)       no        words.py:3: parameter 'word' is a str  -      0
    add        (int, int)  yes       -                                      -      2
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
        native = t is not None and getattr(t, "pytype", None) is None   # PyObj: its class
        parts.append(str(t) if native else type(value).__name__)
    return "(" + ", ".join(parts) + ")"


def short_reason(reason: str | None, qualname: str) -> str | None:
    """A reason as a table cell: `file.py:line: what` without the path, the error code, the
    function's own name or the hint after the first ';'."""
    import os
    import re

    if reason is None:
        return None
    m = re.match(r"^(.*?):(\d+):(\d+): (L\d+): (.*)$", reason, re.S)
    if m is None:
        return reason.split("; ")[0]
    text = m.group(5)
    if text.startswith(qualname + ": "):
        text = text[len(qualname) + 2:]
    return f"{os.path.basename(m.group(1))}:{m.group(2)}: {text.split('; ')[0]}"


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
                         _cell(short_reason(s.reason, name), 90), _cell(s.calls),
                         str(s.deopts)])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip(), file=out)
