"""`python -m lesto run script.py [args]` / `python -m lesto run -m package.module [args]`
(or a directory / zip file with a __main__.py): run a program exactly as `python` would, with
the functions and methods of the program's own code jitted as they are defined (see
lesto.runtime.hook).

Same sys.argv, `__main__` module, sys.path[0], standard streams, exit status and uncaught-exception
traceback as plain python.  What is jitted: the module-level functions and the methods of the
script and of the modules imported from its directory (for -m: the current directory and the
package); functions defined inside functions only with --nested; not the standard library or
site-packages unless --include names them (a glob on module names or file paths, e.g.
--include 'mylib.*').  Functions stay non-strict (whatever lesto cannot compile runs in the
interpreter) and quiet (NotCompiledWarning is silenced unless --warn or python's -W /
PYTHONWARNINGS asks for warnings).  At exit the run memo (lesto.runtime.run_memo) records the
functions that ran only in the interpreter, for the next run; --report prints, to stderr, a
table per function: compiled or interpreted and why, calls, deopts.
"""
from __future__ import annotations

import argparse
import atexit
import os
import sys
import types
from typing import Any, Callable

from lesto.runtime import hook as _hook


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true",
                        help="jit with strict=True: raise lesto.CompileError where a function "
                             "cannot compile, instead of running it in the interpreter")
    parser.add_argument("--report", action="store_true",
                        help="print a table per function at exit (to stderr)")
    parser.add_argument("--warn", action="store_true",
                        help="show lesto.NotCompiledWarning (silenced by default); like "
                             "--strict and --no-cache, retries the functions that ran in "
                             "the interpreter last time")
    parser.add_argument("--include", action="append", default=[], metavar="PATTERN",
                        help="also jit modules whose name or path matches this glob "
                             "(repeatable)")
    parser.add_argument("--nested", action="store_true",
                        help="also jit functions defined inside functions (each call of the "
                             "outer function makes, and compiles, a new one)")
    parser.add_argument("--no-cache", action="store_true",
                        help="neither keep compiled code on disk nor remember which "
                             "functions ran in the interpreter last time")
    parser.add_argument("-m", dest="module", nargs=argparse.REMAINDER, metavar="MODULE",
                        help="run a module as `python -m` does; the rest are its arguments")
    parser.add_argument("program", nargs=argparse.REMAINDER, metavar="script.py [args]",
                        help="the script and its arguments")


def run(args: argparse.Namespace) -> int:
    if not args.module and not args.program:
        print("lesto run: give a script or -m MODULE", file=sys.stderr)
        return 2
    warn = args.warn or bool(sys.warnoptions)
    memo = None
    if not (args.no_cache or args.strict or warn):
        from lesto.runtime.run_memo import RunMemo, memo_dir

        memo = RunMemo(memo_dir())
    jit = _hook.JitHook({"strict": args.strict, "cache": not args.no_cache, "warn": warn},
                        keep_dispatchers=args.report, memo=memo)
    atexit.register(jit.remember)
    if args.report:
        from lesto.cli.run_report import print_report

        atexit.register(print_report, jit)
    if args.module:
        return _run_module(jit, args.module[0], args.module[1:], args.include, args.nested)
    return _run_script(jit, args.program[0], args.program[1:], args.include, args.nested)


def _run_script(jit: _hook.JitHook, script: str, argv: list[str], include: list[str],
                nested: bool) -> int:
    import importlib.machinery

    path = script if os.path.isabs(script) else os.path.join(os.getcwd(), script)
    if _is_importer(path):
        return _run_importer(jit, script, argv, include, nested)
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        print(f"{sys.executable}: can't open file {path!r}: [Errno {exc.errno}] "
              f"{exc.strerror}", file=sys.stderr)
        return 2
    sys.argv[:] = [script, *argv]
    directory = os.path.dirname(os.path.realpath(path))
    _set_path0(directory)
    _hook.install(jit, _hook.Selection([directory], include), nested)
    main = _fresh_main()
    main.__file__ = path
    main.__loader__ = importlib.machinery.SourceFileLoader("__main__", path)
    try:   # rewritten and cached like an imported module (python caches no script's code)
        code = _hook.RewritingLoader("__main__", path).get_code("__main__")
    except SyntaxError as exc:
        return _uncaught(exc)
    return _execute(lambda: exec(code, main.__dict__))


def _is_importer(path: str) -> bool:
    """A directory or a zip file: python runs the `__main__` module inside it."""
    if os.path.isdir(path):
        return True
    if path.endswith(".py") or not os.path.isfile(path):
        return False
    import zipfile

    return zipfile.is_zipfile(path)


def _run_importer(jit: _hook.JitHook, script: str, argv: list[str], include: list[str],
                  nested: bool) -> int:
    """`python DIR` / `python APP.zip`: DIR first on sys.path, then its `__main__` as -m
    would run it (a zip's modules are not rewritten: they have no source files)."""
    import runpy

    entry = os.path.abspath(script)
    sys.argv[:] = [script, *argv]
    if not (getattr(sys.flags, "safe_path", False) or sys.flags.isolated):
        sys.path[0] = entry
    else:
        sys.path.insert(0, entry)
    _hook.install(jit, _hook.Selection([entry], include), nested)
    _fresh_main()
    run_as_main: Callable[..., Any] = getattr(runpy, "_run_module_as_main")
    return _execute(lambda: run_as_main("__main__", False))


def _run_module(jit: _hook.JitHook, name: str, argv: list[str], include: list[str],
                nested: bool) -> int:
    import importlib.machinery
    import runpy

    cwd = os.getcwd()
    sys.argv[:] = ["-m", *argv]
    _set_path0(cwd)
    roots = [cwd]
    top = importlib.machinery.PathFinder.find_spec(name.partition(".")[0])
    if top is not None and top.submodule_search_locations:
        roots += list(top.submodule_search_locations)
    _hook.install(jit, _hook.Selection(roots, include), nested)
    _fresh_main()
    run_as_main: Callable[..., Any] = getattr(runpy, "_run_module_as_main")
    return _execute(lambda: run_as_main(name, True))


def _set_path0(directory: str) -> None:
    """sys.path[0] as python sets it for the program: `python -m lesto` put the current
    directory there, unless -P / PYTHONSAFEPATH / -I said to put nothing."""
    if not (getattr(sys.flags, "safe_path", False) or sys.flags.isolated):
        sys.path[0] = directory


def _fresh_main() -> types.ModuleType:
    """A new `__main__` with the attributes python gives a script's (the -m path then sets
    the module's own, as python does)."""
    import builtins

    main = types.ModuleType("__main__")
    main.__dict__.update(__package__=None, __loader__=None, __spec__=None,
                         __annotations__={}, __builtins__=builtins, __cached__=None)
    sys.modules["__main__"] = main
    return main


def _execute(body: Callable[[], Any]) -> int:
    try:
        body()
    except SystemExit:
        raise                    # python's own handling: the code, or the message and 1
    except KeyboardInterrupt as exc:
        _uncaught(exc)
        _die_of_sigint()
    except BaseException as exc:
        return _uncaught(exc)
    return 0


def _uncaught(exc: BaseException) -> int:
    """Print `exc` as python prints an uncaught exception, without lesto's frames."""
    _strip(exc, set())
    sys.last_type, sys.last_value, sys.last_traceback = type(exc), exc, exc.__traceback__
    if sys.version_info >= (3, 12):
        setattr(sys, "last_exc", exc)
    sys.excepthook(type(exc), exc, exc.__traceback__)
    return 1


def _strip(exc: BaseException, seen: set[int]) -> None:
    if id(exc) in seen:
        return
    seen.add(id(exc))
    kept = []
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not (os.path.isabs(filename)
                and _hook._under(os.path.realpath(filename), _hook.LESTO_DIR)):
            kept.append(tb)
        tb = tb.tb_next
    for a, b in zip(kept, kept[1:]):
        a.tb_next = b
    if kept:
        kept[-1].tb_next = None
    exc.__traceback__ = kept[0] if kept else None
    for other in (exc.__cause__, exc.__context__, *getattr(exc, "exceptions", ())):
        if isinstance(other, BaseException):
            _strip(other, seen)


def _die_of_sigint() -> None:
    """Python exits by SIGINT after an uncaught KeyboardInterrupt (after the atexit calls)."""
    import signal

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGINT)
