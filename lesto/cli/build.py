"""Compile a module's @lesto.jit functions ahead of time into a CPython extension module that
imports and runs without lesto or llvmlite (for this machine, or cross-built for AArch64).

  python -m lesto build mymodule.py                            # this machine (its CPU features)
  python -m lesto build mymodule.py --target aarch64-linux-gnu -o dist
  python -m lesto build mymodule.py --python 3.12              # for another CPython version

Signatures come from @lesto.jit(signatures=["(float64[:], int)"]) or from the parameters'
annotations (see README, "Ahead of time"); other calls run the original Python function."""
from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", type=Path, help="the module's .py file")
    parser.add_argument("--target", default=None,
                        help="aarch64-linux-gnu or x86_64-linux-gnu (default: this machine)")
    parser.add_argument("--python", default=None, metavar="X.Y",
                        help="the CPython version to build for (default: the running one)")
    parser.add_argument("-o", "--output-dir", type=Path, default=None,
                        help="where to write the module (default: beside the source)")
    parser.add_argument("--linker", choices=("cc", "lld", "zig"), default=None,
                        help="the linker to use (default: the first one found)")
    parser.add_argument("--opt", type=int, choices=range(4), default=None,
                        help="LLVM optimisation level (default: the function's, 3)")


def interpreter_for(version: str) -> str | None:
    """An interpreter of CPython `version` (one of pyenv's, or on PATH)."""
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    for candidate in sorted(root.glob(f"{version}.*/bin/python{version}"), reverse=True):
        return str(candidate)
    found = shutil.which(f"python{version}")
    return None if found is None or "/shims/" in found else found


def run(args: argparse.Namespace) -> int:
    if args.python and args.python != f"{sys.version_info[0]}.{sys.version_info[1]}":
        # The generated code follows the interpreter's object layout (ints, small ints) and
        # a few version-specific semantics: the build runs under the target version itself.
        python = interpreter_for(args.python)
        if python is None:
            print(f"lesto build: --python {args.python}: no python{args.python} found; "
                  f"install it (with lesto's dependencies) or run the build with it",
                  file=sys.stderr)
            return 2
        argv = [python, "-m", "lesto", "build", str(args.source)]
        for flag, value in (("--target", args.target), ("-o", args.output_dir),
                            ("--linker", args.linker), ("--opt", args.opt)):
            if value is not None:
                argv += [flag, str(value)]
        root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            [root] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
        os.execve(python, argv, env)
    from lesto.aot.build import BuildError, build
    from lesto.aot.link import LinkError
    from lesto.aot.signatures import SignatureError
    from lesto.errors import CompileError

    try:
        result = build(args.source, target=args.target, out_dir=args.output_dir,
                       linker=args.linker, opt=args.opt, quiet=True)
    except (BuildError, LinkError, SignatureError, CompileError, OSError) as e:
        print(f"lesto build: {e}", file=sys.stderr)
        return 1
    for line in result.refused:
        print(f"lesto build: {line}; it runs in the interpreter", file=sys.stderr)
    for name, sigs in result.compiled.items():
        print(f"  {name}: {', '.join(sigs) if sigs else 'interpreted'}")
    print(f"wrote {result.path} (linked with {result.linker})")
    return 0
