"""The "lesto run" section of `python -m lesto bench` (lesto.cli.bench_run): the object-heavy
program runs under python and `lesto run` with the same output, the table has its rows, and
`--section run` selects it.  No timing assertions."""
from __future__ import annotations

import io
import json
from pathlib import Path

from lesto.cli import bench, bench_run
from lesto.cli.main import main


def test_section_table_and_data() -> None:
    out, err = io.StringIO(), io.StringIO()
    data = bench_run.run_section(quick=True, out=out, err=err, rounds=2, runs=1)
    assert data["same_output"] is True
    assert [p["program"] for p in data["programs"]] == ["oo_scheduler.py", "mandel_script.py"]
    for p in data["programs"]:
        assert set(p["wall"]) == set(p["cpu"]) == {"python", "lesto run", "--no-cache"}
    table = out.getvalue()
    for row in ("oo_scheduler.py 2, wall", "oo_scheduler.py 2, CPU",
                "oo_scheduler.py 2, first run (cold caches)", "mandel_script.py 2, CPU"):
        assert row in table
    assert "MISMATCH" not in table


def test_failing_run_raises(tmp_path: Path) -> None:
    program = tmp_path / "fails.py"
    program.write_text("raise SystemExit(5)\n")
    try:
        bench_run.run_section(out=io.StringIO(), err=io.StringIO(), rounds=1, runs=1,
                              program=program)
    except RuntimeError as exc:
        assert "exit status 5" in str(exc)
    else:
        raise AssertionError("expected a failing run")


def test_mismatch_is_reported(tmp_path: Path) -> None:
    program = tmp_path / "differs.py"     # prints "function" under python, not under lesto
    out = io.StringIO()
    program.write_text("def f():\n    pass\nprint(type(f).__name__)\n")
    data = bench_run.run_section(out=out, err=io.StringIO(), rounds=1, runs=1, program=program)
    assert data["same_output"] is False and "MISMATCH" in out.getvalue()


def test_cli_section_run(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(bench_run, "QUICK", {"runs": 1})
    monkeypatch.setattr(bench_run, "PROGRAMS", {"oo_scheduler.py": {"quick": 1, "full": 1}})
    assert "run" in bench.SECTIONS
    report = tmp_path / "run.json"
    assert main(["bench", "--quick", "--section", "run", "--json", str(report)]) == 0
    out = capsys.readouterr().out
    assert "oo_scheduler.py 1, wall" in out and "Calls and start-up" not in out
    assert json.loads(report.read_text())["run"]["same_output"] is True
