"""Render the object-heavy programs section of `lesto bench`: the table (times, speed-ups over
CPython, the result check, the strict=True outcome), the geometric means, the legend, and
the notes (refusals in full, what ran in the interpreter, peers not run); and its JSON."""
from __future__ import annotations

from typing import Any

from lesto.cli.bench_objects import STRICT_OK, Row, geometric_mean
from lesto.cli.bench_table import format_ratio, ratio, ratio_cell, render_table, time_cell

HEADINGS = ["program", "CPython", "lesto", "Numba", "PyPy", "lesto 1st", "lesto vs CPython",
            "Numba vs CPython", "PyPy vs CPython", "check", "strict=True"]
PEERS = (("lesto", "lesto"), ("numba", "Numba"), ("pypy", "PyPy"))
LEGEND = (
    "Times are medians of the steady-state calls ('lesto 1st': the first call, compilation\n"
    "included); CPython's and lesto's from calls alternating between the two. 'X vs CPython'\n"
    "is the CPython time over X's time (higher is better; the same run). check: the\n"
    "program's own check of CPython's result (known values or an independent\n"
    "recomputation); every other column returned CPython's result exactly or says MISMATCH.\n"
    "strict=True: the program run once more, at tiny sizes, with every jitted function\n"
    "compiled strict=True: 'strict ok', or the first refusal (in full below). n/a: failed\n"
    "(Numba cannot compile most of these programs); -: not run; *: some lesto calls ran in\n"
    "the interpreter (see notes), so that time is CPython's own, plus dispatch."
)


def speedup(row: Row, key: str) -> float | None:
    """CPython's time over `key`'s time, when both ran correctly."""
    return ratio(row.outcomes.get("cpython"), row.outcomes.get(key))


def table_rows(rows: list[Row], quick: bool) -> list[list[str]]:
    lines = []
    for row in rows:
        get = row.outcomes.get
        lesto = get("lesto")
        star = "*" if lesto is not None and lesto.interpreted else ""
        cells = [row.program.bench.call_text(quick), time_cell(get("cpython")),
                 time_cell(lesto), time_cell(get("numba")), time_cell(get("pypy")),
                 time_cell(lesto, first=True)]
        for key, _ in PEERS:
            value = speedup(row, key)
            cells.append(ratio_cell(value, "x" + (star if key == "lesto" else "")))
        cells += [row.check if not row.check.startswith("FAIL") else "FAIL", row.strict]
        lines.append(cells)
    return lines


def means(rows: list[Row]) -> list[str]:
    """One line per implementation: the geometric mean of its speed-ups over CPython."""
    lines = []
    for key, column in PEERS:
        values = [v for v in (speedup(r, key) for r in rows) if v is not None]
        if not values:
            continue
        mean = geometric_mean(values)
        assert mean is not None
        missing = len(rows) - len(values)
        partial = f" (it did not run {missing} of them)" if missing else ""
        star = ""
        if key == "lesto":
            slow = sum(1 for r in rows if r.outcomes.get("lesto") is not None
                       and r.outcomes["lesto"].interpreted)
            if slow:
                star = (f"* ({slow} of the {len(values)} ran (partly) in the interpreter: "
                        "see notes)")
        lines.append(f"Geometric mean of {column} vs CPython over {len(values)} object "
                     f"programs: {format_ratio(mean)}x{star}{partial}")
    strict = sum(1 for r in rows if r.strict == STRICT_OK)
    lines.append(f"Every jitted function compiles with strict=True in {strict} of "
                 f"{len(rows)} programs.")
    return lines


def notes(rows: list[Row], columns: dict[str, str]) -> list[str]:
    """Refusals in full, failed checks, failures and interpreter runs, peers not run."""
    lines = []
    skipped: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        name = row.program.bench.name
        if row.strict != STRICT_OK and row.strict_full:
            lines.append(f"strict=True on {name}: {row.strict_full}")
        if row.check.startswith("FAIL"):
            lines.append(f"check on {name}: {row.check}")
        for key, outcome in row.outcomes.items():
            column = columns.get(key, key)
            if outcome.status == "skipped":
                skipped.setdefault((column, outcome.error), []).append(name)
            elif outcome.status in ("n/a", "MISMATCH"):
                lines.append(f"{column} on {name}: {outcome.status}: {outcome.error}")
            lines += [f"{column} on {name}: {n}" for n in outcome.notes]
    for (column, why), names in skipped.items():
        where = "" if len(names) == len(rows) else f" on {', '.join(names)}"
        lines.append(f"{column}{where}: not run ({why})")
    return lines


def render(rows: list[Row], quick: bool, columns: dict[str, str]) -> str:
    parts = ["Object-heavy programs (benchmarks/objects/)", "",
             render_table(table_rows(rows, quick), HEADINGS), "", "\n".join(means(rows)),
             "", LEGEND]
    remarks = notes(rows, columns)
    if remarks:
        parts += ["", "Notes:"] + [f"  {line}" for line in remarks]
    return "\n".join(parts)


def json_data(rows: list[Row], quick: bool) -> dict[str, Any]:
    lesto = [v for v in (speedup(r, "lesto") for r in rows) if v is not None]
    return {
        "mode": "quick" if quick else "full",
        "geomean_lesto_vs_cpython": geometric_mean(lesto),
        "programs": [
            {"name": r.program.bench.name, "file": str(r.program.bench.path),
             "entry": r.program.bench.entry, "jit": list(r.program.jit),
             "args": list(r.program.bench_args), "check": r.check,
             "strict": r.strict, "strict_detail": r.strict_full,
             "results": {k: o.to_json() for k, o in r.outcomes.items()}}
            for r in rows],
    }
