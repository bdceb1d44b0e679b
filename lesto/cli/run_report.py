"""`lesto run --report`: at exit, print to stderr what happened to each function of the
program: the table of `lesto.explain()` over the functions the hook jitted (compiled or
interpreted and why, calls, deopts), then the functions the hook left to the interpreter
itself, with the reason (e.g. "reads the global N, which the program binds again")."""
from __future__ import annotations

import os
import sys
from typing import TextIO

import lesto
from lesto.runtime.hook import JitHook


def print_report(jit: JitHook, file: TextIO | None = None) -> None:
    out = file or sys.stderr
    if out is None or getattr(out, "closed", False):
        out = sys.__stderr__
    try:
        out.flush()
    except Exception:
        pass
    dispatchers = list(jit.dispatchers or ())
    called = [d for d in dispatchers if d.stats()]
    print(f"\nlesto run --report: {len(dispatchers)} functions jitted "
          f"({len(dispatchers) - len(called)} of them never called, not listed), "
          f"{len(jit.kept)} left to the interpreter by the hook", file=out)
    if called:
        lesto.explain(*called, file=out)
    if jit.kept:
        rows = [(k.qualname, f"{_short(k.filename)}:{k.lineno}", k.reason)
                for k in sorted(jit.kept.values(), key=lambda k: (k.filename, k.lineno))]
        _table(["not jitted", "where", "why"], rows, out)
    out.flush()


def _short(path: str) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def _table(headings: list[str], rows: list[tuple[str, ...]], out: TextIO) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headings)]
    line = "  ".join(h.ljust(w) for h, w in zip(headings, widths))
    print(line.rstrip(), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip(), file=out)
