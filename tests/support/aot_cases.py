"""The differential data files (tests/data/run-*.py), built ahead of time and run where lesto
is not installed: the ARM job's steps 1 and 2 (.ci/arm), also usable on the host.

    python -m tests.support.aot_cases build OUT [--target aarch64-linux-gnu] [--jobs 2]
        On the build machine (lesto installed): each case becomes a module whose tested function
        is compiled for the signatures of its `# args:` tuples; the cases of one data file share
        one shared object OUT/<file>.cpython-XY-ARCH-linux-gnu.so (a PyInit per case); OUT/
        manifest.json lists them, and which argument tuples have a compiled signature.
    python -m tests.support.aot_cases run OUT
        Where the modules run (lesto and llvmlite cannot be imported: a blocker refuses them):
        each case's `# args:` tuples go to the built module and to CPython running the case's
        source, and value, exact type, exception type and message, the arguments after the call
        and result aliasing must match (tests/support/differential.py's rules).  A call whose
        signature was compiled must not warn (it must run natively).  Exit status 1 on any
        difference.

Hypothesis strategies are not used here (the target may have no hypothesis)."""
from __future__ import annotations

import argparse
import importlib.abc
import importlib.util
import json
import sys
import time
import warnings
from pathlib import Path
from typing import Any

from tests.support.cases import Case, collect


def _build_file(job: tuple[str, list[str], str, str | None]) -> list[dict[str, Any]]:
    """Build the cases `ids` of data file `stem` into one shared object (a worker process)."""
    stem, ids, out_dir, target = job
    from lesto.aot.build import build_many, ext_suffix, resolve_target
    from lesto.aot.signatures import spell
    from lesto.types.typeof import typeof

    out = Path(out_dir)
    src = out / "src"
    src.mkdir(parents=True, exist_ok=True)
    cases = {c.id: c for c in collect()}
    _, arch = resolve_target(target)
    so = out / (stem.replace("-", "_") + ext_suffix(arch, sys.version_info[:2]))
    sources = []
    entries = []
    for case_id in ids:
        case = cases[case_id]
        module = _module(case)
        path = src / f"{module}.py"
        path.write_text(case.module_text(), encoding="utf-8")
        fname = case.function_name()
        natives = []
        sigs: list[Any] = []
        for args in case.arg_tuples():
            sig = tuple(typeof(a) for a in args)
            natives.append(None not in sig)
            if None not in sig and sig not in sigs:
                sigs.append(sig)
        sources.append((path, {fname: sigs}))
        entries.append({"id": case.id, "module": module, "function": fname, "so": so.name,
                        "native": natives})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = build_many(sources, so, target=target)
    gaps = known_gaps()
    for entry, result in zip(entries, results):
        entry["known_gap"] = gaps.get(entry["id"], (None,))[0]
        compiled = set(result.compiled.get(entry["function"], []))
        case = cases[entry["id"]]
        entry["native"] = [n and spell(tuple(typeof(a) for a in args)) in compiled
                           for n, args in zip(entry["native"], case.arg_tuples())]
        entry["refused"] = result.refused
    return entries


def known_gaps() -> dict[str, tuple[str, bool]]:
    """tests/test_data_files.py's KNOWN_GAPS, read without importing it (pytest and
    hypothesis need not be installed where the cases are built)."""
    import ast

    path = Path(__file__).resolve().parent.parent / "test_data_files.py"
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AnnAssign) else []
        if any(getattr(t, "id", "") == "KNOWN_GAPS" for t in targets):
            assert node.value is not None   # type: ignore[attr-defined]
            return ast.literal_eval(node.value)  # type: ignore[attr-defined]
    return {}


def _module(case: Case) -> str:
    stem = case.path.stem.replace("-", "_")
    return f"aot_{stem}__{case.name}"


def build(out: Path, target: str | None, jobs: int, only: list[str] | None) -> int:
    from concurrent.futures import ProcessPoolExecutor

    started = time.perf_counter()
    by_file: dict[str, list[str]] = {}
    for case in collect():
        if not case.args_lines:
            continue
        if only and not any(case.id.startswith(o) for o in only):
            continue
        by_file.setdefault(case.path.stem, []).append(case.id)
    out.mkdir(parents=True, exist_ok=True)
    job_list = [(stem, ids, str(out), target) for stem, ids in by_file.items()]
    job_list.sort(key=lambda j: -len(j[1]))
    manifest: list[dict[str, Any]] = []
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            for entries in pool.map(_build_file, job_list):
                manifest += entries
    else:
        for job in job_list:
            manifest += _build_file(job)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    calls = sum(len(e["native"]) for e in manifest)
    native = sum(sum(e["native"]) for e in manifest)
    print(f"aot_cases build: {len(manifest)} cases ({calls} calls, {native} with a compiled "
          f"signature) in {len(job_list)} shared objects, {time.perf_counter() - started:.1f} s")
    return 0


class _Blocker(importlib.abc.MetaPathFinder):
    """Refuses lesto and llvmlite: the built modules must not need them."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name.split(".")[0] in ("lesto", "llvmlite"):
            raise ImportError(f"{name} must not be imported where ahead-of-time modules run")
        return None


def run(out: Path, tmp: Path) -> int:
    sys.meta_path.insert(0, _Blocker())
    from tests.support.cases import load_case
    from tests.support.differential import (_alias_difference, _argument_difference, _call,
                                            _difference, copy_arguments)

    started = time.perf_counter()
    manifest = json.loads((out / "manifest.json").read_text())
    cases = {c.id: c for c in collect()}
    failures: list[str] = []
    calls = native_calls = gaps = 0
    for entry in manifest:
        case = cases[entry["id"]]
        try:
            _, expected_fn = load_case(case, tmp, cpython_only=True)
            spec = importlib.util.spec_from_file_location(entry["module"], out / entry["so"])
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[entry["module"]] = module
            spec.loader.exec_module(module)
            got_fn = getattr(module, entry["function"])
            warning = module.__lesto__.NotCompiledWarning
            arg_tuples = case.arg_tuples()
        except Exception as exc:  # noqa: BLE001 - a case that cannot even load fails
            failures.append(f"{case.id}: could not load: {type(exc).__name__}: {exc}")
            continue
        for args, native in zip(arg_tuples, entry["native"]):
            calls += 1
            native_calls += native
            where = f"{case.id} {entry['function']}{args!r}"[:300]
            expected_args = copy_arguments(args)
            got_args = copy_arguments(args)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                expected = _call(expected_fn, expected_args, keep_traceback=False)
                caught.clear()
                got = _call(got_fn, got_args, keep_traceback=True)
            if native and any(issubclass(w.category, warning) for w in caught):
                failures.append(f"{where}: a compiled signature ran in the interpreter")
                continue
            if expected.raised or got.raised:
                same = (expected.raised and got.raised and type(got.exc) is type(expected.exc)
                        and str(got.exc) == str(expected.exc))
                found = None if same else "exceptions differ"
            else:
                found = _difference(expected.value, got.value, "result")
                found = found or _alias_difference(expected.value, expected_args, got.value,
                                                   got_args)
            found = found or _argument_difference(expected_args, got_args)
            if found and entry.get("known_gap"):
                gaps += 1        # the JIT's known gap too (tests/test_data_files.py)
            elif found:
                failures.append(f"{where}: {found}\n  CPython: {expected.describe()}\n"
                                f"  built:   {got.describe()}")
    leaked = sorted(m for m in sys.modules if m.split(".")[0] in ("lesto", "llvmlite"))
    if leaked:
        failures.append(f"imported: {leaked}")
    import platform

    print(f"aot_cases run on {platform.machine()}, Python {platform.python_version()}: "
          f"{len(manifest)} cases, {calls} calls ({native_calls} native), "
          f"{len(failures)} failures, {gaps} known gaps, {time.perf_counter() - started:.1f} s")
    for f in failures[:50]:
        print("FAIL", f)
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.aot_cases")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("out", type=Path)
    b.add_argument("--target", default=None)
    b.add_argument("--jobs", type=int, default=1)
    b.add_argument("--only", nargs="*", default=None, help="case id prefixes")
    r = sub.add_parser("run")
    r.add_argument("out", type=Path)
    r.add_argument("--tmp", type=Path, default=Path("/tmp/lesto-aot-cases"))
    args = parser.parse_args(argv)
    if args.command == "build":
        return build(args.out, args.target, args.jobs, args.only)
    return run(args.out, args.tmp)


if __name__ == "__main__":
    sys.exit(main())
