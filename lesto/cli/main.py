"""Parse `python -m lesto COMMAND ...` and run the subcommand: the table SUBCOMMANDS below
maps each command name to the module that defines it.

A subcommand module provides
    add_arguments(parser: argparse.ArgumentParser) -> None
    run(args: argparse.Namespace) -> int          (the exit status)
and its module docstring becomes the subcommand's --help description.  To add a command
(run, build, cache, annotate, ...), write the module and add one row to SUBCOMMANDS.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import NamedTuple


class Subcommand(NamedTuple):
    name: str
    module: str      # imported when the parser is built
    help: str        # one line for `python -m lesto --help`


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand("bench", "lesto.cli.bench",
               "time the benchmark suite under CPython, lesto, Numba and PyPy"),
    Subcommand("cache", "lesto.cli.cache", "list or clear the on-disk compile cache"),
    Subcommand("build", "lesto.cli.build",
               "compile a module ahead of time into an extension module (also for AArch64)"),
    Subcommand("run", "lesto.cli.run",
               "run a program (script.py or -m module) with its functions jitted"),
)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `only`, only that subcommand's module is imported (the others
    are listed by name and help line), so `lesto run` starts without loading the bench."""
    from lesto.version import __version__

    parser = argparse.ArgumentParser(
        prog="python -m lesto",
        description="lesto: ordinary numeric Python made fast on CPython, through LLVM.")
    parser.add_argument("--version", action="version", version=f"lesto {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for sub in SUBCOMMANDS:
        if only is not None and sub.name != only:
            commands.add_parser(sub.name, help=sub.help)
            continue
        module = importlib.import_module(sub.module)
        command = commands.add_parser(
            sub.name, help=sub.help, description=module.__doc__,
            formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns its exit status (2 for usage errors)."""
    words = sys.argv[1:] if argv is None else argv
    first = next((w for w in words if not w.startswith("-")), None)
    parser = build_parser(first if first in {s.name for s in SUBCOMMANDS} else None)
    args = parser.parse_args(words)
    if getattr(args, "_run", None) is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args._run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
