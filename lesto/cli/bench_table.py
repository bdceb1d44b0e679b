"""Render `lesto bench` results as text: the comparison table, its legend, the notes on
failures and skipped peers, and the loud MISMATCH banner."""
from __future__ import annotations

from typing import Any

from lesto.cli.bench_impls import Benchmark, Outcome

HEADINGS = ["benchmark", "CPython", "lesto", "Numba", "PyPy", "lesto 1st", "Numba 1st",
            "lesto vs CPython", "lesto/Numba"]
LEGEND = (
    "Times are medians of the steady-state calls, timed after the first call (and after one\n"
    "more untimed warm-up call when the first took under 1 s). '1st' is the first call, which\n"
    "includes compilation. 'lesto vs CPython' is the CPython time over the lesto time (higher\n"
    "is better); 'lesto/Numba' is the lesto time over the Numba time (below 1.00 means lesto\n"
    "is faster). n/a: failed (see notes); -: not run; *: some lesto calls ran in the\n"
    "interpreter (see notes)."
)


def format_seconds(t: float | None) -> str:
    """Three significant digits with a unit: 812 us, 4.32 ms, 1.25 s."""
    if t is None or t != t:
        return "?"
    for scale, unit in ((1e-6, "us"), (1e-3, "ms"), (1.0, "s")):
        value = t / scale
        if round(value, 1) < 999.5 or unit == "s":
            if value >= 100:
                return f"{value:.0f} {unit}"
            if value >= 10:
                return f"{value:.1f} {unit}"
            return f"{value:.2f} {unit}"
    return f"{t:.3g} s"


def format_ratio(r: float) -> str:
    """Two decimals below 10, one below 100, none above: 0.87, 12.5, 143."""
    if r < 9.995:
        return f"{r:.2f}"
    if r < 99.95:
        return f"{r:.1f}"
    return f"{r:.0f}"


def time_cell(outcome: Outcome | None, first: bool = False) -> str:
    if outcome is None or outcome.status == "skipped":
        return "-"
    if outcome.status == "MISMATCH":
        return "MISMATCH"
    if outcome.status != "ok":
        return "n/a"
    text = format_seconds(outcome.first_call if first else outcome.median)
    return text + ("*" if outcome.interpreted else "")


def ratio(num: Outcome | None, den: Outcome | None) -> float | None:
    """num.median / den.median when both ran correctly, else None."""
    if num is None or den is None or num.status != "ok" or den.status != "ok":
        return None
    if not num.median or not den.median:
        return None
    return num.median / den.median


def table_rows(benchmarks: list[Benchmark], results: dict[str, dict[str, Outcome]],
               quick: bool) -> list[list[str]]:
    rows = []
    for bench in benchmarks:
        row = results.get(bench.name, {})
        cpy, lesto, numba, pypy = (row.get(k) for k in ("cpython", "lesto", "numba", "pypy"))
        speedup = ratio(cpy, lesto)
        versus = ratio(lesto, numba)
        rows.append([
            bench.call_text(quick), time_cell(cpy), time_cell(lesto), time_cell(numba),
            time_cell(pypy), time_cell(lesto, first=True), time_cell(numba, first=True),
            "n/a" if speedup is None else format_ratio(speedup) + "x",
            "n/a" if versus is None else format_ratio(versus),
        ])
    return rows


def render_table(rows: list[list[str]], headings: list[str] = HEADINGS) -> str:
    """A pipe table (also valid Markdown): first column left-aligned, the rest right."""
    widths = [max(len(r[i]) for r in [headings] + rows) for i in range(len(headings))]

    def line(cells: list[str]) -> str:
        parts = [cells[0].ljust(widths[0])]
        parts += [c.rjust(w) for c, w in zip(cells[1:], widths[1:])]
        return "| " + " | ".join(parts) + " |"

    rule = "|:" + "-" * (widths[0] + 1) + "|" + "|".join(
        "-" * (w + 1) + ":" for w in widths[1:]) + "|"
    return "\n".join([line(headings), rule] + [line(r) for r in rows])


def notes(benchmarks: list[Benchmark], results: dict[str, dict[str, Outcome]],
          columns: dict[str, str]) -> list[str]:
    """One line per distinct failure or remark (naming every benchmark it applies to); a peer
    that was not run gets a single line."""
    grouped: dict[tuple[str, str], list[str]] = {}
    skipped: dict[str, str] = {}
    for bench in benchmarks:
        for key, outcome in results.get(bench.name, {}).items():
            column = columns.get(key, key)
            if outcome.status == "skipped":
                skipped.setdefault(column, outcome.error)
                continue
            remarks = [f"n/a: {outcome.error}"] if outcome.status == "n/a" else []
            for remark in remarks + outcome.notes:
                grouped.setdefault((column, remark), []).append(bench.name)
    lines = [f"{column} on {', '.join(names)}: {remark}"
             for (column, remark), names in grouped.items()]
    return lines + [f"{column}: not run ({why})" for column, why in skipped.items()]


def mismatch_banner(mismatches: list[str]) -> str:
    if not mismatches:
        return ""
    bar = "!" * 78
    body = "\n".join(f"!!! MISMATCH: {m}" for m in mismatches)
    return f"{bar}\n{body}\n{bar}"


def describe_value(value: Any, limit: int = 200) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."
