"""The "lesto run" section of `python -m lesto bench`: whole programs without decorators, an
object-heavy one (benchmarks/run/oo_scheduler.py, a class-based task scheduler: nothing in it
compiles) and a numeric one (benchmarks/run/mandel_script.py), each run as a whole process
under plain `python`, under `python -m lesto run` and under `lesto run --no-cache` (no compile
cache and no run memo: every function is wrapped and its first calls try to compile).

Each command runs once with cold caches (bytecode, lesto's compile cache and the memo of
functions that ran in the interpreter get written; the two outputs are compared; its wall
time is the last row), then `runs` times, alternating; the table shows the median wall time
of the whole process (start-up, imports, the program, exit) and the median CPU time (user +
system) of the child, which is steadier on a busy machine.  Bytecode caching is on
(PYTHONDONTWRITEBYTECODE is removed from the children's environment).
"""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, TextIO

from lesto.cli.bench_table import format_ratio, format_seconds, render_table
from lesto.cli.harness import median

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
PROGRAMS_DIR = REPO_ROOT / "benchmarks" / "run"
# Each program with its argument (rounds, size) at the quick and the full setting.
PROGRAMS = {"oo_scheduler.py": {"quick": 20, "full": 60},
            "mandel_script.py": {"quick": 200, "full": 400}}
QUICK = {"runs": 3}
FULL = {"runs": 7}
HEADINGS = ["whole process", "python", "lesto run", "lesto run/python", "--no-cache",
            "--no-cache/python"]


def child_env(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONWARNINGS", "LESTO_DISABLE_JIT")}
    paths = [str(REPO_ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env["LESTO_CACHE_DIR"] = str(workdir / "lesto-cache")
    return env


def timed(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, str]:
    """Wall time, child CPU time and stdout of one run (RuntimeError if it fails)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=str(cwd),
                          timeout=600)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"{' '.join(argv[1:])}: exit status {proc.returncode}: {tail}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.stdout


def measure(program: Path, argument: int, runs: int, err: TextIO) -> dict[str, Any]:
    """Time one program under the three commands; the table rows and JSON-ready results."""
    commands = {"python": [sys.executable, str(program), str(argument)],
                "lesto run": [sys.executable, "-m", "lesto", "run", str(program), str(argument)],
                "--no-cache": [sys.executable, "-m", "lesto", "run", "--no-cache", str(program),
                               str(argument)]}
    print(f" {program.name} {argument}", end="", file=err, flush=True)
    with tempfile.TemporaryDirectory(prefix="lesto-bench-run-") as tmp:
        workdir = Path(tmp)
        env = child_env(workdir)
        first = {name: timed(argv, env, workdir) for name, argv in commands.items()}
        outputs = {name: result[2] for name, result in first.items()}
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, argv in commands.items():
                wall, cpu, _ = timed(argv, env, workdir)
                walls[name].append(wall)
                cpus[name].append(cpu)
            print(".", end="", file=err, flush=True)
    same = outputs["python"] == outputs["lesto run"] == outputs["--no-cache"]
    wall = {name: median(v) for name, v in walls.items()}
    cpu = {name: median(v) for name, v in cpus.items()}
    cold = {name: result[0] for name, result in first.items()}
    rows = []
    for label, values in ((f"{program.name} {argument}, wall", wall),
                          (f"{program.name} {argument}, CPU", cpu),
                          (f"{program.name} {argument}, first run (cold caches), wall", cold)):
        rows.append([label, format_seconds(values["python"]),
                     format_seconds(values["lesto run"]),
                     format_ratio(values["lesto run"] / values["python"]),
                     format_seconds(values["--no-cache"]),
                     format_ratio(values["--no-cache"] / values["python"])])
    mismatch = None if same else (
        f"MISMATCH in {program.name}: python printed {outputs['python']!r}, lesto run "
        f"{outputs['lesto run']!r}, lesto run --no-cache {outputs['--no-cache']!r}")
    return {"program": program.name, "argument": argument, "runs": runs, "same_output": same,
            "wall": wall, "cpu": cpu, "first_run_wall": cold, "wall_samples": walls,
            "cpu_samples": cpus, "rows": rows, "mismatch": mismatch}


def run_section(quick: bool = False, out: TextIO | None = None, err: TextIO | None = None,
                *, rounds: int | None = None, runs: int | None = None,
                program: Path | None = None) -> dict[str, Any]:
    """Measure every program (or just `program`; `rounds` overrides each one's argument),
    print the table to `out` (progress to `err`), return JSON-ready results."""
    out = out or sys.stdout
    err = err or sys.stderr
    runs = runs or (QUICK if quick else FULL)["runs"]
    chosen = ([(program, rounds or 1)] if program is not None else
              [(PROGRAMS_DIR / name, rounds or arg["quick" if quick else "full"])
               for name, arg in PROGRAMS.items()])
    print(f"lesto run: {runs} fresh processes per command and program:", end="", file=err,
          flush=True)
    results = [measure(path, argument, runs, err) for path, argument in chosen]
    print(file=err, flush=True)
    print(file=out)
    print(render_table([row for r in results for row in r.pop("rows")], HEADINGS), file=out)
    for r in results:
        if r["mismatch"]:
            print(r["mismatch"], file=out)
    out.flush()
    return {"runs": runs, "same_output": all(r["same_output"] for r in results),
            "programs": results}
