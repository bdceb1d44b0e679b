"""The "calls and start-up" section of `python -m lesto bench` (lesto.cli.bench_latency and
lesto.cli.bench_startup), run with tiny counts: every row and column is present, the times are
positive, each acceptance criterion gets PASS/FAIL, Numba shows as "-" when it is reported
missing, and the --section flag and the JSON output work.  No timing assertions."""
from __future__ import annotations

import argparse
import io
import json
import math
from pathlib import Path
from typing import Any

import pytest

from lesto.cli import bench, bench_fallback, bench_latency, bench_startup
from lesto.cli.main import main

TINY = {"calls": 200, "repeat": 1, "runs": 1}
CALL_LABELS = ["add(1, 2)", "add(1.0, 2.0)", "add(1, 2), 4 signatures",
               "add(1, 2), 8 signatures"]
STARTUP_LABELS = [label for label, _ in bench_latency.STARTUP_ROWS]
CRITERIA = 5

SUMSQ = '''
def sum_squares(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


BENCHMARK = {"name": "sumsq", "entry": "sum_squares", "args": (300,), "quick_args": (200,)}
'''


def tables(out: str) -> list[dict[str, list[str]]]:
    """Each pipe table in `out` as {first cell: all cells}, headings row included."""
    found: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] | None = None
    for line in out.splitlines():
        if line.startswith("|:"):
            continue
        if line.startswith("| "):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if current is None:
                current = {}
                found.append(current)
            current[cells[0]] = cells
        else:
            current = None
    return found


def run(with_numba: bool = True) -> tuple[str, dict[str, Any]]:
    out, err = io.StringIO(), io.StringIO()
    data = bench_latency.run_section(quick=True, with_numba=with_numba, out=out, err=err,
                                     **TINY)
    assert "start-up" in err.getvalue()
    return out.getvalue(), data


@pytest.fixture(scope="module")
def without_numba() -> tuple[str, dict[str, Any]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bench_latency, "numba_missing", lambda: "numba is not installed")
        return run()


def test_every_row_and_column_is_present(without_numba) -> None:
    out, _ = without_numba
    assert "Calls and start-up" in out
    calls, startup, checks, fallback = tables(out)
    assert list(calls) == [bench_latency.CALL_HEADINGS[0]] + CALL_LABELS
    assert list(fallback)[1:] == [row.label for row in bench_fallback.rows()]
    for label in list(fallback)[1:]:
        # net of an empty loop, as the call rows below: finite, of either sign under load
        assert math.isfinite(float(fallback[label][1])) and \
            math.isfinite(float(fallback[label][2]))
    assert list(startup) == [bench_latency.STARTUP_HEADINGS[0]] + STARTUP_LABELS
    assert len(checks) == CRITERIA + 1
    assert checks[bench_latency.CHECK_HEADINGS[0]][-1] == "result"
    for label in CALL_LABELS:
        cells = calls[label]
        assert len(cells) == len(bench_latency.CALL_HEADINGS)
        for cell in cells[1:4]:                   # operator.add, Python def, lesto
            assert math.isfinite(float(cell)), cells   # net of the loop: noise may make < 0
        float(cells[5])                           # lesto / operator.add


def test_numba_columns_are_dashes_when_numba_is_missing(without_numba) -> None:
    out, data = without_numba
    calls, startup, checks, _ = tables(out)
    for label in CALL_LABELS:
        assert calls[label][4] == "-" and calls[label][6] == "-"
    for label in STARTUP_LABELS:
        assert startup[label][3] == "-" and startup[label][4] == "-"
    results = [cells[-1] for name, cells in checks.items() if "criterion" not in name]
    assert results[0] in ("PASS", "FAIL")         # lesto / operator.add
    assert results[1] == "-"                      # lesto / Numba
    assert results[2] in ("PASS", "FAIL")         # import lesto
    assert results[3:] == ["-", "-"]              # first calls against Numba
    assert "Numba: not run (numba is not installed)" in out
    assert data["numba"] is None
    assert {p["impl"] for p in data["startup"]} == {"lesto", "cpython"}


def test_numbers_are_positive_and_caches_behave(without_numba) -> None:
    out, data = without_numba
    assert len(data["calls"]) == len(CALL_LABELS)
    for row in data["calls"]:
        assert set(row["ns_per_call"]) == {"operator", "python", "lesto"}, row
        assert all(math.isfinite(v) for v in row["ns_per_call"].values()), row
        assert row["lesto_vs_operator"] > 0
    probes = {(p["impl"], p["measure"]): p for p in data["startup"]}
    assert set(probes) == {("lesto", "import"), ("cpython", "cold"), ("lesto", "cold"),
                           ("lesto", "warm")}
    for probe in probes.values():
        assert not probe["error"], probe
        assert len(probe["times_s"]) == TINY["runs"] and probe["median_s"] > 0
        assert not probe["notes"], probe
    cold, warm = probes[("lesto", "cold")], probes[("lesto", "warm")]
    assert all(r["cache_hits"] == 0 and r["compile_count"] >= 1 for r in cold["reports"])
    assert all(r["cache_hits"] >= 1 and r["compile_count"] == 0 for r in warm["reports"])
    expected = repr(bench_startup_kernel()(*bench_startup.KERNEL_ARGS))
    assert all(r["result"] == expected for p in probes.values() if p["measure"] != "import"
               for r in p["reports"])
    json.dumps(data)                              # JSON-ready


def bench_startup_kernel() -> Any:
    namespace: dict[str, Any] = {}
    exec(bench_startup.KERNEL, namespace)
    return namespace["kernel"]


def test_with_numba() -> None:
    pytest.importorskip("numba")
    out, data = run()
    calls, startup, checks, _ = tables(out)
    for label in CALL_LABELS:
        assert float(calls[label][4]) > 0 and float(calls[label][6]) > 0
    for label in STARTUP_LABELS:
        assert startup[label][3].endswith("s") and float(startup[label][4]) > 0
    results = [cells[-1] for name, cells in checks.items() if "criterion" not in name]
    assert len(results) == CRITERIA and set(results) <= {"PASS", "FAIL"}, out
    warm = next(p for p in data["startup"] if p["impl"] == "numba" and p["measure"] == "warm")
    assert all(r["cache_hits"] >= 1 for r in warm["reports"]), warm


def test_failed_probe_is_na(monkeypatch) -> None:
    monkeypatch.setattr(bench_latency, "numba_missing", lambda: "numba is not installed")
    monkeypatch.setattr(bench_startup, "KERNEL_ARGS", ("not a number", 0.5))
    out, data = run()
    startup = tables(out)[1]
    assert startup[STARTUP_LABELS[1]][1:3] == ["n/a", "n/a"]
    assert "lesto cold: n/a:" in out
    assert data["checks"][2]["result"] in ("PASS", "FAIL")


def namespace(**given: Any) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    bench.add_arguments(parser)
    args = parser.parse_args([])
    for key, value in given.items():
        setattr(args, key, value)
    return args


def test_section_defaults() -> None:
    assert bench.chosen_section(namespace()) == "both"
    assert bench.chosen_section(namespace(only=["fib"])) == "programs"
    assert bench.chosen_section(namespace(dir=Path("x"))) == "programs"
    assert bench.chosen_section(namespace(list=True)) == "programs"
    assert bench.chosen_section(namespace(dir=Path("x"), section="both")) == "both"
    assert bench.chosen_section(namespace(section="latency")) == "latency"


def test_cli_sections_and_json(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(bench_latency, "numba_missing", lambda: "numba is not installed")
    monkeypatch.setattr(bench_latency, "QUICK", dict(TINY))
    (tmp_path / "sumsq.py").write_text(SUMSQ)
    common = ["bench", "--quick", "--repeat", "1", "--dir", str(tmp_path), "--no-pypy"]

    report = tmp_path / "programs.json"
    assert main(common + ["--json", str(report)]) == 0
    out = capsys.readouterr().out
    assert "sumsq(200)" in out and "Calls and start-up" not in out
    assert "latency" not in json.loads(report.read_text())

    report = tmp_path / "both.json"
    assert main(common + ["--section", "both", "--json", str(report)]) == 0
    out = capsys.readouterr().out
    assert out.index("sumsq(200)") < out.index("Calls and start-up")
    data = json.loads(report.read_text())
    assert [b["name"] for b in data["benchmarks"]] == ["sumsq"]
    assert len(data["latency"]["checks"]) == CRITERIA
    assert data["latency"]["mode"] == "quick"

    report = tmp_path / "latency.json"
    assert main(["bench", "--quick", "--section", "latency", "--no-numba", "--json",
                 str(report)]) == 0
    out = capsys.readouterr().out
    assert "Calls and start-up" in out and "sumsq" not in out
    assert "Numba: not run (--no-numba)" in out
    data = json.loads(report.read_text())
    assert set(data) == {"mode", "latency"}
