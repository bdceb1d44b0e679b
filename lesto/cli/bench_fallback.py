"""The fallback rows of `python -m lesto bench --section latency`: what a call costs when lesto
cannot compile it (a str argument) and runs the plain Python function, next to calling that
function directly; for a function with 1 and 3 arguments, with a keyword argument, and for a
method `obj.m(word)` next to the plain method.  Same timing loop as the call-overhead rows
(ten calls per iteration, an empty loop subtracted, median of the rounds), ns per call."""
from __future__ import annotations

import itertools
import time
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

from lesto.cli.bench_table import render_table
from lesto.cli.harness import median

UNROLL = 10
HEADINGS = ["fallback call (str argument), ns per call", "plain Python", "lesto",
            "lesto - plain"]


def normalize(word):
    return word


def join3(word, sep, count):
    return word


def pad(word, width=8):
    return word


class Plain:
    def m(self, word):
        return word


@dataclass
class FallbackRow:
    label: str
    body: str                        # one call, in the timing loop (`fn`, `obj`, `w`)
    make: Callable[[Any], Any]       # jit -> the (fn, obj) pair for lesto; identity: plain
    samples: dict[str, list[float]] = field(default_factory=dict)
    ns: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "ns_per_call": self.ns, "samples_ns": self.samples}


def _method_pair(jit: Any) -> tuple[Any, Any]:
    cls = type("Jitted" if jit is not None else "Plain", (), {
        "m": jit(Plain.m) if jit is not None else Plain.m})
    return None, cls()


def rows() -> list[FallbackRow]:
    def fn(f: Any) -> Callable[[Any], tuple[Any, Any]]:
        return lambda jit: ((jit(f) if jit is not None else f), None)

    return [FallbackRow("normalize(word)", "fn(w)", fn(normalize)),
            FallbackRow("join3(word, sep, count)", "fn(w, w, 3)", fn(join3)),
            FallbackRow("pad(word, width=8)", "fn(w, width=8)", fn(pad)),
            FallbackRow("obj.m(word), a method", "obj.m(w)", _method_pair)]


def _loop(body: str) -> Callable[..., float]:
    source = ("def timed(it, fn, obj, w, clock):\n"
              "    start = clock()\n"
              "    for _ in it:\n"
              f"        {'; '.join([body] * UNROLL)}\n"
              "    return clock() - start\n")
    namespace: dict[str, Any] = {}
    exec(compile(source, "<lesto bench fallback loop>", "exec"), namespace)
    return namespace["timed"]


EMPTY = _loop("pass")


def measure(calls: int, repeat: int) -> list[FallbackRow]:
    import lesto

    found = rows()
    timed: list[tuple[FallbackRow, str, Callable[..., float], Any, Any]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for row in found:
            loop = _loop(row.body)
            for column, jit in (("python", None), ("lesto", lesto.jit)):
                fn, obj = row.make(jit)
                for _ in range(3):            # decide, install the switch, run natively
                    loop(range(1), fn, obj, "word", time.perf_counter)
                timed.append((row, column, loop, fn, obj))
    iterations = max(1, calls // UNROLL)
    for _ in range(repeat):
        for row, column, loop, fn, obj in timed:
            clock = time.perf_counter
            empty = EMPTY(itertools.repeat(None, iterations), fn, obj, "word", clock)
            full = loop(itertools.repeat(None, iterations), fn, obj, "word", clock)
            ns = (full - empty) / (iterations * UNROLL) * 1e9
            row.samples.setdefault(column, []).append(ns)
    for row in found:
        row.ns = {column: median(values) for column, values in row.samples.items()}
    return found


def table(found: list[FallbackRow]) -> str:
    lines = []
    for row in found:
        plain, jitted = row.ns.get("python"), row.ns.get("lesto")
        cells = ["-" if v is None else f"{v:.1f}" for v in (plain, jitted)]
        over = "-" if plain is None or jitted is None else f"{jitted - plain:+.1f}"
        lines.append([row.label] + cells + [over])
    return render_table(lines, HEADINGS)
