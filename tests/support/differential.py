"""Differential testing: run one function in CPython and compiled by lesto, demand the same outcome.

CPython is the oracle. For every input, both runs must either

* return values that are *precisely* equal: the same exact ``type()`` at every level of a tuple,
  ints equal, floats bit-for-bit equal except that any nan equals any nan (so ``0.0`` and ``-0.0``
  differ, and ``1`` differs from ``1.0`` and from ``True``), or
* raise exceptions of the same exact type with the same message (``str(exc)``).

``run_both(fn, args)`` compiles ``fn`` with ``lesto.jit(strict=True)`` (one dispatcher per
function object and options, reused across calls so that a hypothesis loop compiles once).
"""
from __future__ import annotations

import math
import struct
import traceback
import warnings
import weakref
from typing import Any, Callable

__all__ = ["assert_precise_equal", "precise_equal", "run_both", "compiled", "Outcome"]


# --------------------------------------------------------------------------- precise equality

def _float_bits(x: float) -> bytes:
    return struct.pack("<d", x)


def _float_same(a: float, b: float) -> bool:
    if math.isnan(a) and math.isnan(b):
        return True
    return _float_bits(a) == _float_bits(b)


def _difference(a: Any, b: Any, path: str) -> str | None:
    """Describe the first difference between `a` and `b`, or None when precisely equal."""
    if type(a) is not type(b):
        return f"{path}: type {type(a).__name__} != {type(b).__name__} ({a!r} vs {b!r})"
    if isinstance(a, tuple):
        if len(a) != len(b):
            return f"{path}: tuple length {len(a)} != {len(b)} ({a!r} vs {b!r})"
        for i, (x, y) in enumerate(zip(a, b)):
            found = _difference(x, y, f"{path}[{i}]")
            if found is not None:
                return found
        return None
    if isinstance(a, float):
        if _float_same(a, b):
            return None
        return f"{path}: float {a!r} != {b!r} (bits {a.hex()} vs {b.hex()})"
    if isinstance(a, complex):
        if _float_same(a.real, b.real) and _float_same(a.imag, b.imag):
            return None
        return f"{path}: complex {a!r} != {b!r}"
    if a is None:
        return None
    if a != b:
        return f"{path}: {a!r} != {b!r}"
    return None


def precise_equal(a: Any, b: Any) -> bool:
    """True when `a` and `b` have the same exact types and values (see the module docstring)."""
    return _difference(a, b, "value") is None


def assert_precise_equal(a: Any, b: Any, msg: str = "") -> None:
    """Assert `a` and `b` are precisely equal; the failure names the first differing part."""
    found = _difference(a, b, "value")
    if found is not None:
        prefix = f"{msg}\n" if msg else ""
        raise AssertionError(f"{prefix}{found}")


# --------------------------------------------------------------------------- running

class Outcome:
    """What one call did: returned `value`, or raised `exc`."""

    __slots__ = ("value", "exc", "tb")

    def __init__(self, value: Any = None, exc: BaseException | None = None, tb: str = "") -> None:
        self.value = value
        self.exc = exc
        self.tb = tb

    @property
    def raised(self) -> bool:
        return self.exc is not None

    def describe(self) -> str:
        if self.exc is None:
            return f"returned {self.value!r} (type {type(self.value).__name__})"
        return f"raised {type(self.exc).__name__}: {self.exc}"


def _call(fn: Callable[..., Any], args: tuple, keep_traceback: bool) -> Outcome:
    try:
        value = fn(*args)
    except Exception as exc:  # noqa: BLE001 - every exception is an outcome to compare
        tb = traceback.format_exc() if keep_traceback else ""
        # Drop the traceback frames so they do not keep locals (and arguments) alive.
        exc.__traceback__ = None
        return Outcome(exc=exc, tb=tb)
    return Outcome(value=value)


_DISPATCHERS: "weakref.WeakKeyDictionary[Callable[..., Any], dict[tuple, Any]]" = (
    weakref.WeakKeyDictionary()
)


def _options_key(options: dict[str, Any]) -> tuple:
    return tuple(sorted((k, repr(v)) for k, v in options.items()))


def compiled(fn: Callable[..., Any], jit_kwargs: dict[str, Any] | None = None) -> Any:
    """The lesto dispatcher for `fn` with ``strict=True`` plus `jit_kwargs`, created once per
    function object and option set (a fresh dispatcher the first time, then reused)."""
    import lesto

    options = {"strict": True}
    options.update(jit_kwargs or {})
    per_fn = _DISPATCHERS.setdefault(fn, {})
    key = _options_key(options)
    dispatcher = per_fn.get(key)
    if dispatcher is None:
        dispatcher = lesto.jit(**options)(fn)
        per_fn[key] = dispatcher
    return dispatcher


def _fmt_args(args: tuple) -> str:
    return ", ".join(repr(a) for a in args)


def run_both(fn: Callable[..., Any], args: tuple, *, jit_kwargs: dict[str, Any] | None = None) -> Any:
    """Call `fn(*args)` in CPython and compiled by lesto; assert the outcomes match precisely.

    Returns CPython's value (None when CPython raised)."""
    import lesto

    args = tuple(args)
    expected = _call(fn, args, keep_traceback=False)
    dispatcher = compiled(fn, jit_kwargs)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", lesto.NotCompiledWarning)
        got = _call(dispatcher, args, keep_traceback=True)
    name = getattr(fn, "__qualname__", getattr(fn, "__name__", repr(fn)))
    where = f"{name}({_fmt_args(args)})"
    header = (f"lesto differs from CPython for {where}\n"
              f"  CPython: {expected.describe()}\n"
              f"  lesto:   {got.describe()}")

    not_compiled = [w for w in caught if issubclass(w.category, lesto.NotCompiledWarning)]
    for w in caught:  # pass every other warning on unchanged
        if not issubclass(w.category, lesto.NotCompiledWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno, source=w.source)
    if not_compiled and (jit_kwargs or {}).get("strict", True):
        raise AssertionError(
            f"lesto emitted NotCompiledWarning under strict=True for {where}: "
            f"{not_compiled[0].message}")

    if got.raised and isinstance(got.exc, lesto.CompileError):
        raise AssertionError(
            f"lesto refused to compile {where} (strict=True):\n  {got.exc}\n"
            f"  CPython: {expected.describe()}")

    if expected.raised:
        if not got.raised:
            raise AssertionError(header + "\n  (CPython raised, lesto returned)")
        if type(got.exc) is not type(expected.exc):
            raise AssertionError(
                header + "\n  (different exception types)\n  lesto traceback:\n" + got.tb)
        if str(got.exc) != str(expected.exc):
            raise AssertionError(
                header + f"\n  (different messages: {str(expected.exc)!r} vs {str(got.exc)!r})")
        return None

    if got.raised:
        raise AssertionError(header + "\n  (lesto raised, CPython returned)\n  lesto traceback:\n"
                             + got.tb)
    found = _difference(expected.value, got.value, "result")
    if found is not None:
        raise AssertionError(header + f"\n  first difference: {found}")
    return expected.value
