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
    Subcommand("run", "lesto.cli.run",
               "run a program (script.py or -m module) with its functions jitted"),
)


def build_parser() -> argparse.ArgumentParser:
    from lesto.version import __version__

    parser = argparse.ArgumentParser(
        prog="python -m lesto",
        description="lesto: ordinary numeric Python made fast on CPython, through LLVM.")
    parser.add_argument("--version", action="version", version=f"lesto {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for sub in SUBCOMMANDS:
        module = importlib.import_module(sub.module)
        command = commands.add_parser(
            sub.name, help=sub.help, description=module.__doc__,
            formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns its exit status (2 for usage errors)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "_run", None) is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args._run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
