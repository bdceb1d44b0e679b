"""What `lesto run` remembers between runs: the functions of each program file that ran only
in the interpreter last time (every argument-type signature refused, none compiled), so the next
run leaves them plain instead of trying, and failing, to compile them again (a failed attempt
costs the compiler's start-up, LLVM's included, and a plain function is cheaper to call).

One small marshal file per source file in `$LESTO_CACHE_DIR/run-memo/`, valid while the source file
(size and modification time) and lesto's own files are unchanged; a stale or unreadable memo is
ignored.  Forgetting only ever costs speed: a remembered function runs exactly as plain Python.
"""
from __future__ import annotations

import marshal
import os
import zlib
from pathlib import Path
from typing import Any

MEMO_FORMAT = 1
_LESTO_DIR = Path(__file__).resolve().parent.parent


def _lesto_stamp() -> str:
    """A cheap fingerprint of lesto's own files (names, sizes, modification times)."""
    digest = zlib.crc32(str(MEMO_FORMAT).encode())
    stack = [str(_LESTO_DIR)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(".py"):
                    st = entry.stat()
                    digest = zlib.crc32(
                        f"{entry.path}:{st.st_size}:{st.st_mtime_ns};".encode(), digest)
                elif entry.is_dir() and entry.name != "__pycache__":
                    stack.append(entry.path)
    return f"{digest:08x}"


def memo_dir() -> Path:
    """`$LESTO_CACHE_DIR/run-memo`: the same base directory as lesto.cache.store.cache_dir(),
    found without importing the cache (hashlib, json) when nothing compiles."""
    env = os.environ.get("LESTO_CACHE_DIR")
    if env:
        return Path(env) / "run-memo"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "lesto" / "run-memo"


def function_key(fn: Any) -> str:
    return f"{fn.__qualname__}:{fn.__code__.co_firstlineno}"


class RunMemo:
    """Remembered refusals, per source file, loaded on first use."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lesto: str | None = None
        self._files: dict[str, tuple[str, dict[str, str]]] = {}   # filename -> (stamp, memo)

    def _stamp(self, filename: str) -> str:
        if self._lesto is None:
            self._lesto = _lesto_stamp()
        try:
            st = os.stat(filename)
        except OSError:
            return ""
        return f"{self._lesto}:{st.st_size}:{st.st_mtime_ns}"

    def _path(self, filename: str) -> Path:
        key = os.path.realpath(filename).encode()
        return self.directory / f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}.memo"

    def _load(self, filename: str) -> tuple[str, dict[str, str]]:
        found = self._files.get(filename)
        if found is None:
            stamp = self._stamp(filename)
            refused: dict[str, str] = {}
            try:
                data = marshal.loads(self._path(filename).read_bytes())
                if data.get("stamp") == stamp and data.get("file") == filename:
                    refused = dict(data["refused"])
            except (OSError, ValueError, KeyError, TypeError, AttributeError, EOFError):
                pass
            found = self._files[filename] = (stamp, refused)
        return found

    def refused(self, fn: Any) -> str | None:
        """Why `fn` ran in the interpreter last time (None: try to jit it)."""
        stamp, refused = self._load(fn.__code__.co_filename)
        return refused.get(function_key(fn)) if stamp else None

    def save(self, dispatchers: list[Any]) -> None:
        """Record the functions whose every signature was refused (one file per source)."""
        by_file: dict[str, dict[str, str]] = {}
        for d in dispatchers:
            try:
                fn = d.py_func
                rows = d.stats()
            except Exception:
                continue
            filename = fn.__code__.co_filename
            stamp, old = self._load(filename)
            refused = by_file.setdefault(filename, dict(old))   # kept from earlier runs
            if rows and not any(r.compiled for r in rows) and not any(r.deopts for r in rows):
                refused[function_key(fn)] = rows[0].reason or "not compiled"
            elif rows:
                refused.pop(function_key(fn), None)
        for filename, refused in by_file.items():
            stamp, old = self._load(filename)
            if not stamp or refused == old:
                continue
            data = {"format": MEMO_FORMAT, "file": filename, "stamp": stamp, "refused": refused}
            path = self._path(filename)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
                tmp.write_bytes(marshal.dumps(data))
                os.replace(tmp, path)
            except OSError:
                pass
