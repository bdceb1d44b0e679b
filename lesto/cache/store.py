"""The cache directory: atomic writes, checksummed reads, listing and clearing.

Location: $LESTO_CACHE_DIR, else $XDG_CACHE_HOME/lesto, else ~/.cache/lesto (one directory per
user).  An entry is one file: a magic line, a JSON header, the object code and a SHA-256 of both;
it is written to a temporary file in the same directory and renamed into place, so a reader in
another process sees the whole entry or none.  A truncated or corrupt entry reads as None (and
the caller recompiles with a warning)."""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterator

MAGIC = b"LESTO-CACHE-1\n"
SUFFIX = ".lesto"


class CorruptEntry(Exception):
    """The file exists but is not a complete, intact entry."""


def cache_dir() -> Path:
    env = os.environ.get("LESTO_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "lesto"


def entry_path(key: str) -> Path:
    return cache_dir() / f"{key}{SUFFIX}"


def write(key: str, header: dict[str, Any], payload: bytes) -> Path:
    """Store an entry atomically (temp file + rename); never leaves a partial file behind."""
    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    head = json.dumps(header, sort_keys=True).encode()
    body = MAGIC + len(head).to_bytes(8, "little") + head + payload
    blob = body + hashlib.sha256(body).digest()
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, entry_path(key))
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return entry_path(key)


def read(key: str) -> tuple[dict[str, Any], bytes] | None:
    """The (header, payload) of an entry; None if absent; CorruptEntry if damaged."""
    path = entry_path(key)
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return None
    return parse(blob)


def parse(blob: bytes) -> tuple[dict[str, Any], bytes]:
    if len(blob) < len(MAGIC) + 8 + 32 or not blob.startswith(MAGIC):
        raise CorruptEntry("not a lesto cache entry")
    body, digest = blob[:-32], blob[-32:]
    if hashlib.sha256(body).digest() != digest:
        raise CorruptEntry("checksum mismatch (truncated or damaged)")
    n = int.from_bytes(body[len(MAGIC):len(MAGIC) + 8], "little")
    start = len(MAGIC) + 8
    try:
        header = json.loads(body[start:start + n])
    except ValueError as e:
        raise CorruptEntry(f"bad header: {e}") from None
    return header, body[start + n:]


@contextlib.contextmanager
def locked(key: str) -> Iterator[None]:
    """An exclusive lock on `key` between the processes of this machine (flock on a
    `.lock` file beside the entry; the kernel drops it if the holder dies).  Where locking
    is not possible (no fcntl, a read-only directory) it simply does not lock."""
    try:
        import fcntl

        directory = cache_dir()
        directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(directory / f"{key}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    except (ImportError, OSError):
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)   # closing the descriptor releases the lock


def remove(key: str) -> None:
    try:
        entry_path(key).unlink()
    except FileNotFoundError:
        pass


def entries() -> list[tuple[Path, dict[str, Any] | None]]:
    """Every entry file with its header (None when unreadable)."""
    directory = cache_dir()
    if not directory.is_dir():
        return []
    out: list[tuple[Path, dict[str, Any] | None]] = []
    for path in sorted(directory.glob(f"*{SUFFIX}")):
        try:
            header, _ = parse(path.read_bytes())
        except (CorruptEntry, OSError):
            header = None
        out.append((path, header))
    return out


def clear() -> int:
    """Delete every entry (and stray temporary files); returns how many entries were removed."""
    directory = cache_dir()
    if not directory.is_dir():
        return 0
    count = 0
    for path in directory.iterdir():
        if path.suffix in (SUFFIX, ".lock") or path.name.startswith(".tmp-"):
            path.unlink(missing_ok=True)
            count += path.suffix == SUFFIX
    return count
