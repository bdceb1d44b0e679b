"""Test helper: count the calls that reach the dispatcher's Python slow path."""
from __future__ import annotations

from typing import Any, Iterator

from lesto.runtime.dispatcher import Dispatcher
from lesto.runtime.native_dispatch import patchable


def counting_slow_path() -> Iterator[list[tuple[Any, ...]]]:
    """Records every call of `_resolve` / `_mismatch` (the Python code a call reaches when
    the native switch has no entry for it), for dispatchers made while it runs."""
    calls: list[tuple[Any, ...]] = []
    resolve, mismatch = Dispatcher._resolve, Dispatcher._mismatch

    def counted_resolve(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(("resolve", args, kwargs))
        return resolve(self, *args, **kwargs)

    def counted_mismatch(self: Any, *args: Any) -> Any:
        calls.append(("mismatch", args))
        return mismatch(self, *args)

    with patchable(Dispatcher):
        Dispatcher._resolve, Dispatcher._mismatch = counted_resolve, counted_mismatch
    try:
        yield calls
    finally:
        with patchable(Dispatcher):
            Dispatcher._resolve, Dispatcher._mismatch = resolve, mismatch
