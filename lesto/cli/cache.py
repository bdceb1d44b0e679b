"""`python -m lesto cache`: show (--list) or delete (--clear) the on-disk compile cache."""
from __future__ import annotations

import argparse
import datetime


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--list", action="store_true", help="list the cached entries (default)")
    group.add_argument("--clear", action="store_true", help="delete every cached entry")


def run(args: argparse.Namespace) -> int:
    from lesto.cache import store

    directory = store.cache_dir()
    if args.clear:
        n = store.clear()
        print(f"removed {n} entr{'y' if n == 1 else 'ies'} from {directory}")
        return 0
    entries = store.entries()
    print(f"lesto cache: {directory} ({len(entries)} entries)")
    for path, header in entries:
        stamp = datetime.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        size = path.stat().st_size
        if header is None:
            what = "damaged entry (will be recompiled)"
        elif "function" in header:
            what = f"{header['function']}({', '.join(header.get('args', []))})"
        else:
            what = "lesto runtime support code"
        print(f"  {stamp}  {size:>8} B  {what}")
    return 0
