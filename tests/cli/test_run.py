"""`python -m lesto run`: ordinary programs (tests/cli/programs/) give the same stdout, stderr
and exit status as under plain python, with their functions jitted by the import hook; and
the options --strict, --report, --warn, --include."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import lesto

PROGRAMS = Path(__file__).resolve().parent / "programs"
REPO = Path(lesto.__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the programs (their __pycache__ stays out of the source tree), and a
    directory elsewhere on PYTHONPATH holding outside_mod."""
    root = tmp_path_factory.mktemp("run")
    shutil.copytree(PROGRAMS, root / "programs",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (root / "elsewhere").mkdir()
    (root / "elsewhere" / "outside_mod.py").write_text(
        '"""On PYTHONPATH, not in the script\'s directory."""\n\n\ndef h(x):\n    return x\n')
    return root


def python(workdir: Path, *argv: str, stdin: str = "",
           cache: str = "lesto-cache") -> tuple[str, str, int]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONWARNINGS", "PYTHONDONTWRITEBYTECODE")}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), str(workdir / "elsewhere")])
    env["LESTO_CACHE_DIR"] = str(workdir / cache)
    done = subprocess.run([sys.executable, *argv], cwd=workdir / "programs", env=env,
                          input=stdin, capture_output=True, text=True, timeout=300)
    return done.stdout, done.stderr, done.returncode


def lesto_run(workdir: Path, *argv: str, stdin: str = "",
              cache: str = "lesto-cache") -> tuple[str, str, int]:
    return python(workdir, "-m", "lesto", "run", *argv, stdin=stdin, cache=cache)


SAME_AS_PYTHON = {
    "classes": ["shapes.py"],
    "protocols": ["protocols.py"],
    "generators-async": ["flow.py"],
    "decorators-kwargs": ["decorators.py"],
    "module-state": ["state.py"],
    "escaping-exception": ["escape.py"],
    "exit-3": ["exits.py"],
    "exit-message": ["exits.py", "msg", "a", "b"],
    "exit-none": ["exits.py", "none"],
    "argv": ["args.py", "--times", "2", "a", "b"],
    "argv-help-for-the-program": ["args.py", "--help"],
    "package-m": ["-m", "shop.checkout", "apple=1.5x3", "pear=2"],
    "package-main": ["-m", "shop"],
    "directory": ["appdir", "a", "b"],
    "processes-and-threads": ["parallel.py"],
    "keyboard-interrupt": ["interrupt.py"],
    "missing-file": ["no_such_file.py"],
    "missing-module": ["-m", "shop.no_such_module"],
}


@pytest.mark.parametrize("argv", SAME_AS_PYTHON.values(), ids=SAME_AS_PYTHON.keys())
def test_same_as_python(workdir: Path, argv: list[str]) -> None:
    plain = python(workdir, *argv)
    assert lesto_run(workdir, *argv) == plain
    assert "lesto" not in plain[1]
    # again, with the rewritten code and the memo of interpreted functions from the first run
    assert lesto_run(workdir, *argv) == plain


@pytest.mark.skipif(sys.version_info < (3, 11), reason="python -P is new in 3.11")
def test_safe_path(workdir: Path) -> None:
    """Under -P python puts no script directory on sys.path; neither does lesto run."""
    plain = python(workdir, "-P", "args.py", "x")
    assert plain[0].splitlines()[2] == "False"          # sys.path[0] is not the script's dir
    assert python(workdir, "-P", "-m", "lesto", "run", "args.py", "x") == plain


@pytest.mark.parametrize("program", ["state.py", "decorators.py", "flow.py", "shapes.py"])
def test_nested_same_as_python(workdir: Path, program: str) -> None:
    """--nested jits functions defined inside functions too (closures, wrappers)."""
    plain = python(workdir, program)
    assert lesto_run(workdir, "--nested", "--no-cache", program) == plain


def test_zip_application(workdir: Path, tmp_path: Path) -> None:
    """`python app.zip` runs the zip's __main__ (its modules are not rewritten: no sources)."""
    import zipfile

    app = workdir / "programs" / "app.zip"
    with zipfile.ZipFile(app, "w") as z:
        for name in ("__main__.py", "helper_in_dir.py"):
            z.write(workdir / "programs" / "appdir" / name, name)
    try:
        plain = python(workdir, "app.zip", "q")
        assert "ZeroDivisionError" in plain[1] and plain[2] == 1
        assert lesto_run(workdir, "app.zip", "q") == plain
    finally:
        app.unlink()


def test_stdin(workdir: Path) -> None:
    text = "1 2 3\n4 5\n6\n"
    plain = python(workdir, "stdin_sum.py", stdin=text)
    assert plain[0] == "[1, 3, 6, 10, 15, 21]\n21\n"
    assert lesto_run(workdir, "stdin_sum.py", stdin=text) == plain


def test_traceback_is_pythons(workdir: Path) -> None:
    out, err, status = lesto_run(workdir, "escape.py")
    assert status == 1 and "lesto" not in err
    assert err.count("Traceback (most recent call last):") == 2
    assert 'escape.py", line 9, in parse' in err and "AppError: bad input" in err


def test_syntax_error(workdir: Path, tmp_path: Path) -> None:
    bad = workdir / "programs" / "bad_syntax.py"
    bad.write_text("x = (\n")
    try:
        assert lesto_run(workdir, bad.name) == python(workdir, bad.name)
    finally:
        bad.unlink()


def test_package_bytecode_cache_is_separate(workdir: Path) -> None:
    """Rewritten modules are cached under their own tag: plain python never loads them, and
    a second `lesto run` loads them from the cache."""
    argv = ["-m", "shop.checkout", "tea=3x1"]
    first = lesto_run(workdir, *argv)
    cached = sorted(p.name for p in (workdir / "programs" / "shop" / "__pycache__").iterdir())
    assert any(".opt-lesto" in name for name in cached), cached
    assert python(workdir, *argv) == first
    assert lesto_run(workdir, *argv) == first


def test_what_is_jitted(workdir: Path) -> None:
    plain = python(workdir, "probe.py")
    assert plain[0] == ("function function function function function\n"
                        "colorsys function outside function\n")
    out, err, status = lesto_run(workdir, "probe.py")
    assert (err, status) == (plain[1], 0)
    assert out == ("Dispatcher Dispatcher Dispatcher Dispatcher Dispatcher\n"
                   "colorsys function outside function\n")
    out, err, status = lesto_run(workdir, "--include", "colorsys",
                                 "--include", str(workdir / "elsewhere" / "*"), "probe.py")
    assert (err, status) == (plain[1], 0)
    assert out.splitlines()[1] == "colorsys Dispatcher outside Dispatcher"


def test_include_everything(workdir: Path) -> None:
    """--include '*' jits the standard library modules the program imports (not those lesto
    imports for itself while compiling); the program's output stays the same."""
    plain = python(workdir, "stdlib_user.py")
    out, err, status = lesto_run(workdir, "--include", "*", "--report", "stdlib_user.py")
    assert (out, status) == (plain[0], 0)
    report = report_of(err)
    assert "Fraction." in report and "SequenceMatcher." in report


def test_quiet_warn_and_strict(workdir: Path) -> None:
    plain = python(workdir, "strict_fail.py")
    assert lesto_run(workdir, "strict_fail.py") == plain
    out, err, status = lesto_run(workdir, "--warn", "strict_fail.py")
    assert (out, status) == (plain[0], 0)
    assert "NotCompiledWarning: lesto could not compile count" in err
    assert "strict_fail.py:6:10: L033: 'xs = [i for i in range(n)]': a Python object (list)" in err
    out, err, status = lesto_run(workdir, "--strict", "strict_fail.py")
    assert (out, status) == ("", 1)
    assert err.startswith("Traceback (most recent call last):\n")
    assert 'strict_fail.py", line 10, in <module>' in err
    assert "lesto.errors.CompileError: " in err and "L033" in err
    assert 'lesto/' not in err.split("CompileError")[0]


def report_of(err: str) -> str:
    assert "lesto run --report:" in err, err
    return err[err.index("lesto run --report:"):]


def report_rows(err: str) -> dict[str, str]:
    return {line.split()[0]: line for line in report_of(err).splitlines()[1:] if line.strip()}


def test_report(workdir: Path) -> None:
    plain = python(workdir, "state.py")
    out, err, status = lesto_run(workdir, "--report", "state.py", cache="cache-report")
    assert (out, status) == (plain[0], 0)
    rows = report_rows(err)
    assert not any("<locals>" in name for name in rows)     # nested defs: left alone
    out, err, status = lesto_run(workdir, "--report", "--nested", "state.py",
                                 cache="cache-report-nested")
    assert (out, status) == (plain[0], 0)
    rows = report_rows(err)
    assert rows["function"].split()[:3] == ["function", "signature", "compiled"]
    assert rows["hypot_sum"].split()[1:3] == ["(int)", "yes"]
    assert rows["counter"].split()[2] == "no" and "nested function" in rows["counter"]
    assert "reads the global LIMIT, which the program binds again" in rows["uses_limit"]
    assert "calls scaled, which runs in the interpreter" in rows["through"]
    assert "reads count from an enclosing function" in rows["counter.<locals>.get"]


def test_memo_of_interpreted_functions(workdir: Path) -> None:
    """The second run leaves plain what ran only in the interpreter in the first; an edit
    to the file, or --no-cache, forgets it."""
    plain = python(workdir, "state.py")
    first = lesto_run(workdir, "--report", "state.py", cache="cache-memo")
    second = lesto_run(workdir, "--report", "state.py", cache="cache-memo")
    assert first[0] == second[0] == plain[0]
    assert report_rows(first[1])["counter"].split()[2] == "no"
    assert ("interpreted in the last run (state.py:35: 'def inc():': a Python object (nested "
            "function sharing a variable") in report_rows(second[1])["counter"]
    assert report_rows(second[1])["hypot_sum"].split()[1:3] == ["(int)", "yes"]
    fresh = lesto_run(workdir, "--report", "--no-cache", "state.py", cache="cache-memo")
    assert report_rows(fresh[1])["counter"].split()[2] == "no"
    source = workdir / "programs" / "state.py"
    text = source.read_text()
    try:
        source.write_text(text + "\n")
        edited = lesto_run(workdir, "--report", "state.py", cache="cache-memo")
    finally:
        source.write_text(text)
    assert report_rows(edited[1])["counter"].split()[2] == "no"


@pytest.mark.parametrize("argv,status", [(["exits.py"], 3), (["escape.py"], 1)],
                         ids=["sys.exit", "exception"])
def test_report_at_any_exit(workdir: Path, argv: list[str], status: int) -> None:
    plain = python(workdir, *argv)
    out, err, got = lesto_run(workdir, "--report", *argv)
    assert (out, got) == (plain[0], status)
    assert err.startswith(plain[1])          # the traceback first, then the table
    assert "main" in report_of(err) or "divide" in report_of(err)


def test_usage(workdir: Path) -> None:
    out, err, status = lesto_run(workdir)
    assert status == 2 and "give a script or -m MODULE" in err
