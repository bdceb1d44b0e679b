"""Reference-count and memory-growth checks over many calls (for compiled functions).

A compiled entry point that forgets a decref leaks one reference per call; one that decrefs too
often frees objects still in use. Both show up as a changed ``sys.getrefcount`` of the argument
objects after thousands of calls; leaked result or exception objects show up as traced memory
that keeps growing.
"""
from __future__ import annotations

import gc
import sys
import tracemalloc
from typing import Any, Callable


def _call(fn: Callable[..., Any], args: tuple) -> None:
    try:
        result = fn(*args)
    except Exception:  # noqa: BLE001 - calls that raise are part of what is measured
        return
    del result


def tracked_objects(args: tuple) -> list[Any]:
    """The argument objects whose reference counts are watched: each argument, and the items
    of tuple arguments."""
    out: list[Any] = []
    for a in args:
        out.append(a)
        if isinstance(a, tuple):
            out.extend(a)
    return out


def refcounts(objects: list[Any]) -> list[int]:
    return [sys.getrefcount(o) for o in objects]


def assert_refcounts_stable(fn: Callable[..., Any], args: tuple, calls: int = 10_000,
                            warmup: int = 10) -> None:
    """Call `fn(*args)` `calls` times; the arguments' reference counts must not change."""
    for _ in range(warmup):
        _call(fn, args)
    objects = tracked_objects(args)
    gc.collect()
    before = refcounts(objects)
    for _ in range(calls):
        _call(fn, args)
    gc.collect()
    after = refcounts(objects)
    del objects
    if before != after:
        diffs = [f"{a!r}: {b} -> {c}" for a, b, c in zip(tracked_objects(args), before, after)
                 if b != c]
        raise AssertionError(f"reference counts changed over {calls} calls of "
                             f"{getattr(fn, '__name__', fn)}{args!r}: " + "; ".join(diffs))


def assert_memory_flat(fn: Callable[..., Any], args: tuple, calls: int = 10_000,
                       warmup: int = 1_000, slack: int = 100_000) -> None:
    """Call `fn(*args)` `calls` times after `warmup` calls; traced memory may grow < `slack` bytes."""
    started_here = not tracemalloc.is_tracing()
    if started_here:
        tracemalloc.start()
    try:
        for _ in range(warmup):
            _call(fn, args)
        gc.collect()
        base = tracemalloc.get_traced_memory()[0]
        for _ in range(calls):
            _call(fn, args)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - base
    finally:
        if started_here:
            tracemalloc.stop()
    if grown >= slack:
        raise AssertionError(f"traced memory grew by {grown} bytes over {calls} calls of "
                             f"{getattr(fn, '__name__', fn)}{args!r} (allowed < {slack})")
