"""Render `lesto bench` results as text: the comparison table (with the extra rows for
references and for lesto without bounds checks), its legend, the acceptance targets, the
cost of bounds checks, the notes on failures and skipped peers, and the loud MISMATCH
banner."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lesto.cli.bench_impls import Benchmark, Outcome

HEADINGS = ["benchmark", "CPython", "lesto", "Numba", "PyPy", "lesto 1st", "Numba 1st",
            "lesto full", "lesto vs CPython", "lesto/Numba"]
FIRST_CALL_TARGET = 0.5    # lesto's first call over Numba's, at most
LEGEND = (
    "Times are medians of the steady-state calls, timed after the first call (and after one\n"
    "more untimed warm-up call when the first took under 1 s). '1st' is the first call, which\n"
    "includes compilation (the median of 3, each of the module loaded afresh and compiled\n"
    "anew; lesto's: a quick compile, then its optimised code is compiled in a\n"
    "background thread; 'lesto full' is the time from the start of the first call until that\n"
    "code was in, and the steady-state calls run it). 'lesto vs CPython' is the CPython time\n"
    "over the lesto time (higher is better); 'lesto/Numba' is the lesto time over the Numba\n"
    "time (below 1.00 means lesto is faster). n/a: failed (see notes); -: not run; *: some\n"
    "lesto calls ran in the interpreter (see notes)."
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


def full_cell(outcome: Outcome | None) -> str:
    if outcome is None or outcome.status != "ok" or outcome.full_speed is None:
        return "-" if outcome is None or outcome.status == "skipped" else "n/a"
    return format_seconds(outcome.full_speed)


def ratio(num: Outcome | None, den: Outcome | None) -> float | None:
    """num.median / den.median when both ran correctly, else None."""
    if num is None or den is None or num.status != "ok" or den.status != "ok":
        return None
    if not num.median or not den.median:
        return None
    return num.median / den.median


def ratio_cell(value: float | None, suffix: str = "") -> str:
    """format_ratio, but one significant digit below 0.01 (0.0002x, not 0.00x)."""
    if value is None:
        return "n/a"
    return (f"{value:.1g}" if value < 0.005 else format_ratio(value)) + suffix


def table_rows(benchmarks: list[Benchmark], results: dict[str, dict[str, Outcome]],
               quick: bool) -> list[list[str]]:
    """One row per benchmark, followed by its "[boundscheck=False]" row (lesto without bounds
    checks) and its reference row ("[numpy.dot]") when it has them; cells left empty in
    those rows belong to the benchmark's own row."""
    rows = []
    for bench in benchmarks:
        row = results.get(bench.name, {})
        cpy, lesto, numba, pypy = (row.get(k) for k in ("cpython", "lesto", "numba", "pypy"))
        label = bench.call_text(quick)
        rows.append([
            label, time_cell(cpy), time_cell(lesto), time_cell(numba),
            time_cell(pypy), time_cell(lesto, first=True), time_cell(numba, first=True),
            full_cell(lesto), ratio_cell(ratio(cpy, lesto), "x"), ratio_cell(ratio(lesto, numba)),
        ])
        unchecked = row.get("lesto_unchecked")
        if unchecked is not None:
            rows.append([
                f"{label} [boundscheck=False]", "", time_cell(unchecked), "", "",
                time_cell(unchecked, first=True), "", full_cell(unchecked),
                ratio_cell(ratio(cpy, unchecked), "x"), ratio_cell(ratio(unchecked, numba)),
            ])
        reference = row.get("reference")
        if reference is not None and bench.reference is not None:
            rows.append([
                f"{label} [{bench.reference.label}]", time_cell(reference), "", "", "", "",
                "", "", ratio_cell(ratio(reference, lesto), "x"), "",
            ])
    return rows


def legend(benchmarks: list[Benchmark]) -> str:
    """LEGEND, plus the meaning of the extra rows when some benchmark has them."""
    lines = [LEGEND]
    if any(b.boundscheck for b in benchmarks):
        lines.append(
            "[boundscheck=False]: lesto compiled with @lesto.jit(boundscheck=False), array\n"
            "indexes unchecked as in Numba's default; the other rows use lesto's default\n"
            "(bounds checked). Its ratios use the CPython and Numba times of the row above.")
    with_reference = [b for b in benchmarks if b.reference is not None]
    if with_reference:
        labels = ", ".join(dict.fromkeys(f"[{b.reference.label}]" for b in with_reference
                                         if b.reference is not None))
        lines.append(
            f"{labels}: a reference computation of the same answer, timed under CPython;\n"
            "its time is in the CPython column, and 'lesto vs CPython' is that time over\n"
            "lesto's time on the benchmark (below 1x: the reference is faster).")
        same = [b.name for b in with_reference
                if b.reference is not None and b.reference.entry == b.entry]
        if same:
            lines.append(
                f"On {', '.join(same)} the reference is the benchmark function itself: its\n"
                "CPython column is already numpy's own evaluation of the expression, and the\n"
                "reference row times that again under the reference's name.")
    return "\n".join(lines)


# ------------------------------------------------------------------ targets
@dataclass
class TargetCheck:
    """One acceptance target: lesto's time over a peer's on one benchmark."""

    criterion: str
    value: float | None
    measured: str
    target: str
    result: str       # "PASS", "FAIL", "-" (the peer did not run) or "n/a"

    def to_json(self) -> dict[str, Any]:
        return {"criterion": self.criterion, "value": self.value, "measured": self.measured,
                "target": self.target, "result": self.result}


TARGET_HEADINGS = ["acceptance criterion", "measured", "target", "result"]


def target_checks(benchmarks: list[Benchmark], results: dict[str, dict[str, Outcome]],
                  columns: dict[str, str]) -> list[TargetCheck]:
    """PASS/FAIL for every benchmark with a "target".  lesto runs with its default options
    (bounds checked); a lesto time with calls in the interpreter (*) fails."""
    checks = []
    for bench in benchmarks:
        target = bench.target
        if target is None:
            continue
        row = results.get(bench.name, {})
        lesto, peer = row.get("lesto"), row.get(target.vs)
        name = columns.get(target.vs, target.vs)
        if (target.vs == "cpython" and bench.reference is not None
                and bench.reference.entry == bench.entry):
            name += f" ({bench.reference.label})"
        criterion = f"{bench.name}: lesto / {name}"
        wanted = f"{'<' if target.strict else '<='} {target.max_ratio:g}"
        value = ratio(lesto, peer)
        if value is None or lesto is None or peer is None:
            missing = peer is None or peer.status == "skipped"
            checks.append(TargetCheck(criterion, None, "-" if missing else "n/a", wanted,
                                      "-" if missing else "n/a"))
            continue
        star = "*" if lesto.interpreted else ""
        met = value < target.max_ratio if target.strict else value <= target.max_ratio
        measured = (f"{format_ratio(value)}{star} ({format_seconds(lesto.median)}{star} / "
                    f"{format_seconds(peer.median)})")
        checks.append(TargetCheck(criterion, value, measured, wanted,
                                  "PASS" if met and not star else "FAIL"))
    return checks


def target_table(checks: list[TargetCheck]) -> str:
    table = render_table([[c.criterion, c.measured, c.target, c.result] for c in checks],
                         TARGET_HEADINGS)
    if any("*" in c.measured for c in checks):
        table += "\n*: lesto ran in the interpreter, which fails the target."
    return table


def unchecked_cost(benchmarks: list[Benchmark],
                   results: dict[str, dict[str, Outcome]]) -> str:
    """One line: lesto's time with bounds checks over its time without, per benchmark."""
    parts = []
    for bench in benchmarks:
        row = results.get(bench.name, {})
        checked, unchecked = row.get("lesto"), row.get("lesto_unchecked")
        if unchecked is None:
            continue
        value = ratio(checked, unchecked)
        star = "*" if (checked is not None and checked.interpreted) or unchecked.interpreted \
            else ""
        parts.append(f"{bench.name} {ratio_cell(value, 'x')}{star}")
    if not parts:
        return ""
    return ("Cost of bounds checks (lesto time / lesto boundscheck=False time): "
            + ", ".join(parts) + ".")


def first_calls(benchmarks: list[Benchmark], results: dict[str, dict[str, Outcome]]) -> str:
    """One line: lesto's first call over Numba's per benchmark, judged against
    FIRST_CALL_TARGET (the first call includes one run of the benchmark: where that run alone
    takes more than the target allows, no compiler meets it)."""
    parts = []
    failed = []
    for bench in benchmarks:
        row = results.get(bench.name, {})
        lesto, numba = row.get("lesto"), row.get("numba")
        if lesto is None or numba is None or lesto.status != "ok" or numba.status != "ok":
            continue
        if not lesto.first_call or not numba.first_call:
            continue
        value = lesto.first_call / numba.first_call
        parts.append(f"{bench.name} {format_ratio(value)}")
        if value > FIRST_CALL_TARGET:
            failed.append(bench.name)
    if not parts:
        return ""
    verdict = "PASS" if not failed else f"FAIL on {', '.join(failed)}"
    return (f"First call, lesto / Numba (target <= {FIRST_CALL_TARGET:g}): " + ", ".join(parts)
            + f". {verdict}.")


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
    skipped: dict[tuple[str, str], list[str]] = {}
    for bench in benchmarks:
        for key, outcome in results.get(bench.name, {}).items():
            column = columns.get(key, key)
            if outcome.status == "skipped":
                skipped.setdefault((column, outcome.error), []).append(bench.name)
                continue
            remarks = [f"n/a: {outcome.error}"] if outcome.status == "n/a" else []
            for remark in remarks + outcome.notes:
                grouped.setdefault((column, remark), []).append(bench.name)
    lines = [f"{column} on {', '.join(names)}: {remark}"
             for (column, remark), names in grouped.items()]
    for (column, why), names in skipped.items():
        where = "" if len(names) == len(benchmarks) else f" on {', '.join(names)}"
        lines.append(f"{column}{where}: not run ({why})")
    return lines


def mismatch_banner(mismatches: list[str]) -> str:
    if not mismatches:
        return ""
    bar = "!" * 78
    body = "\n".join(f"!!! MISMATCH: {m}" for m in mismatches)
    return f"{bar}\n{body}\n{bar}"


def describe_value(value: Any, limit: int = 200) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."
