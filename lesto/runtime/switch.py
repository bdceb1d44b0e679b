"""The run-time switch: `lesto.disable()`, `enable()`, `disabled()`, `reload()`,
`is_enabled()`, and the weak registry of live dispatchers they act on.

While lesto is off every dispatcher runs its plain Python function and nothing compiles: a
dispatcher with a native switch gets the forwarder `lesto_forward_target` as its vectorcall
function (backend/forward_ir.py), one without runs its Python `__call__`, which checks
`is_enabled()`.  Turning lesto on again puts each native switch back.  `LESTO_DISABLE_JIT=1`
in the environment keeps lesto off whatever these calls say."""
from __future__ import annotations

import contextlib
import threading
import weakref
from typing import Any, Iterator

from lesto.options import jit_disabled

lock = threading.RLock()
_registry: "weakref.WeakSet[Any]" = weakref.WeakSet()
_off = False          # lesto.disable() was called (and no enable() since)
_depth = 0            # `with lesto.disabled():` blocks being run, in any thread


def register(dispatcher: Any) -> None:
    with lock:
        _registry.add(dispatcher)


def live_dispatchers() -> list[Any]:
    """Every dispatcher still alive, oldest first."""
    with lock:
        found = list(_registry)
    return sorted(found, key=lambda d: d._serial)


def is_enabled() -> bool:
    """True when jitted functions run compiled code (and compile new signatures)."""
    return not (_off or _depth or jit_disabled())


def _switched() -> None:
    on = is_enabled()
    for d in live_dispatchers():
        d._apply_switch(on)


def disable() -> None:
    """Run every jitted function as its plain Python function from now on (thread-safe)."""
    global _off
    with lock:
        _off = True
        _switched()


def enable() -> None:
    """Undo `disable()`: compiled code runs again (blocks of `disabled()` still running in
    other threads keep lesto off until they end)."""
    global _off
    with lock:
        _off = False
        _switched()


@contextlib.contextmanager
def disabled() -> Iterator[None]:
    """`with lesto.disabled(): ...` runs the block with lesto off; blocks may nest and run in
    several threads at once (lesto is on again when the last one ends)."""
    global _depth
    with lock:
        _depth += 1
        _switched()
    try:
        yield
    finally:
        with lock:
            _depth -= 1
            _switched()


def reload() -> None:
    """Drop every dispatcher's in-memory specializations and decisions and re-read its options
    (and the LESTO_* environment): the next calls compile afresh (from the disk cache where
    `cache=True`)."""
    for d in live_dispatchers():      # (not under `lock`: a dispatcher takes its own lock,
        d._reload()                   # then `lock`, when it installs a table)
    with lock:
        _switched()
