"""Differential testing: run one function in CPython and compiled by lesto, demand the same outcome.

CPython is the oracle. For every input, both runs must either

* return values that are *precisely* equal: the same exact ``type()`` at every level of a tuple,
  ints equal, floats bit-for-bit equal except that any nan equals any nan (so ``0.0`` and ``-0.0``
  differ, and ``1`` differs from ``1.0`` and from ``True``), or
* raise exceptions of the same exact type with the same message (``str(exc)``).

Numpy values compare the same way (tests/support/arrays.py, imported only once a value is a
numpy object): an array by exact type, dtype, shape and every element, floats and complex parts
bit for bit except nan; a numpy scalar by exact type, dtype and value. Strides are not compared.

``run_both(fn, args)`` compiles ``fn`` with ``lesto.jit(strict=True)`` (one dispatcher per
function object and options, reused across calls so that a hypothesis loop compiles once).
Since compiled code may write into array arguments, each side runs on its own copy of the
arguments, made by ``copy_arguments`` with every array's layout (strides, flags) and the sharing
between arguments kept; after the call the arguments must be precisely equal too (also when
both raised: writes made before the exception count), and every array in the result must be
the same argument, or share memory with the same arguments, on both sides (returning ``a`` or
``a.T`` is not the same as returning a fresh array with equal values).

Warnings are not compared: CPython's own (e.g. numpy's ``RuntimeWarning: overflow encountered
in scalar add``) go to the warnings machinery as usual, and so do lesto's, except
``NotCompiledWarning``, which fails a strict run.
"""
from __future__ import annotations

import collections.abc
import copy
import math
import struct
import sys
import traceback
import warnings
import weakref
from typing import Any, Callable

__all__ = ["assert_precise_equal", "precise_equal", "run_both", "compiled", "Outcome",
           "copy_arguments"]


# --------------------------------------------------------------------------- precise equality

def _float_bits(x: float) -> bytes:
    return struct.pack("<d", x)


def _float_same(a: float, b: float) -> bool:
    if math.isnan(a) and math.isnan(b):
        return True
    return _float_bits(a) == _float_bits(b)


def _numpy_support(value: Any) -> Any:
    """tests.support.arrays when `value` is a numpy object, else None (numpy is never imported
    here: a value cannot be a numpy object unless numpy is already loaded)."""
    np = sys.modules.get("numpy")
    if np is None or not isinstance(value, (np.ndarray, np.generic)):
        return None
    from . import arrays

    return arrays


def _type_name(value: Any) -> str:
    cls = type(value)
    return cls.__name__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"


def _difference(a: Any, b: Any, path: str) -> str | None:
    """Describe the first difference between `a` and `b`, or None when precisely equal."""
    if type(a) is not type(b):
        return f"{path}: type {_type_name(a)} != {_type_name(b)} ({a!r} vs {b!r})"
    arrays = _numpy_support(a)
    if arrays is not None:  # before the float/complex tests: np.float64 subclasses float
        return arrays.difference(a, b, path, _difference)
    if isinstance(a, tuple):
        if len(a) != len(b):
            return f"{path}: tuple length {len(a)} != {len(b)} ({a!r} vs {b!r})"
        for i, (x, y) in enumerate(zip(a, b)):
            found = _difference(x, y, f"{path}[{i}]")
            if found is not None:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: list length {len(a)} != {len(b)} ({a!r} vs {b!r})"
        for i, (x, y) in enumerate(zip(a, b)):
            found = _difference(x, y, f"{path}[{i}]")
            if found is not None:
                return found
        return None
    if isinstance(a, dict):
        if list(a) != list(b):   # the same keys in the same (insertion) order
            return f"{path}: dict keys {list(a)!r} != {list(b)!r}"
        for k in a:
            found = _difference(a[k], b[k], f"{path}[{k!r}]")
            if found is not None:
                return found
        return None
    if isinstance(a, (set, frozenset)):
        return None if a == b and {type(x) for x in a} == {type(x) for x in b} else \
            f"{path}: {a!r} != {b!r}"
    if type(a).__module__ != "builtins" and hasattr(a, "__dict__"):   # a user object
        return _difference(vars(a), vars(b), f"{path}.__dict__")
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

    __slots__ = ("value", "exc", "tb", "stdout")

    def __init__(self, value: Any = None, exc: BaseException | None = None, tb: str = "",
                 stdout: str = "") -> None:
        self.value = value
        self.exc = exc
        self.tb = tb
        self.stdout = stdout   # what the call printed

    @property
    def raised(self) -> bool:
        return self.exc is not None

    def describe(self) -> str:
        if self.exc is None:
            return f"returned {_fmt_value(self.value)} (type {_type_name(self.value)})"
        return f"raised {type(self.exc).__name__}: {self.exc}"


GENERATOR_STEPS = 300


def drive(gen: Any) -> tuple:
    """A generator's run as a comparable value: ("yield", v) for each value it yields to
    next() (the first step) and then to send(1), send(2), ... (so a `yield` used as an
    expression sees values), ending in ("return", v) or ("raise", type, message), or
    ("suspended",) after GENERATOR_STEPS steps (it is then closed)."""
    steps: list[tuple] = []
    for k in range(GENERATOR_STEPS):
        try:
            v = gen.send(k if k else None)
        except StopIteration as e:
            return tuple(steps) + (("return", e.value),)
        except Exception as e:  # noqa: BLE001 - part of the run
            return tuple(steps) + (("raise", type(e).__name__, str(e)),)
        steps.append(("yield", v))
    gen.close()
    return tuple(steps) + (("suspended",),)


def _call(fn: Callable[..., Any], args: tuple, keep_traceback: bool) -> Outcome:
    import contextlib
    import io

    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            value = fn(*args)
            if isinstance(value, collections.abc.Generator):
                value = drive(value)
    except Exception as exc:  # noqa: BLE001 - every exception is an outcome to compare
        tb = traceback.format_exc() if keep_traceback else ""
        # Drop the traceback frames so they do not keep locals (and arguments) alive.
        exc.__traceback__ = None
        return Outcome(exc=exc, tb=tb, stdout=out.getvalue())
    return Outcome(value=value, stdout=out.getvalue())


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


def _fmt_value(value: Any) -> str:
    if isinstance(value, tuple) and value:
        inner = ", ".join(_fmt_value(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    arrays = _numpy_support(value)
    return repr(value) if arrays is None else arrays.describe(value)


def _fmt_args(args: tuple) -> str:
    return ", ".join(_fmt_value(a) for a in args)


def _holds_numpy(value: Any) -> bool:
    if isinstance(value, tuple):
        return any(_holds_numpy(v) for v in value)
    return _numpy_support(value) is not None


def copy_arguments(args: tuple) -> tuple:
    """A copy of the argument tuple for one run: arrays copied with their layout and mutual
    sharing kept (tests.support.arrays.copy_preserving_layout); without numpy values,
    ``copy.deepcopy`` (which hands back ints, floats and tuples of them unchanged)."""
    if _holds_numpy(args):
        from . import arrays

        return arrays.copy_preserving_layout(tuple(args))
    return copy.deepcopy(tuple(args))


def _argument_difference(expected_args: tuple, got_args: tuple) -> str | None:
    for i, (a, b) in enumerate(zip(expected_args, got_args)):
        found = _difference(a, b, f"argument {i} after the call")
        if found is not None:
            return found
    return None


def _alias_difference(expected: Any, expected_args: tuple, got: Any, got_args: tuple
                      ) -> str | None:
    if not (_holds_numpy(expected) or _holds_numpy(got)):
        return None
    from . import arrays

    want = arrays.alias_pattern(expected, expected_args)
    have = arrays.alias_pattern(got, got_args)
    if want == have:
        return None
    return (f"result aliasing differs: CPython {_fmt_aliases(want)}; "
            f"lesto {_fmt_aliases(have)}")


def _identity_difference(expected: Any, expected_args: tuple, got: Any, got_args: tuple
                         ) -> str | None:
    """The result is the very argument object (`f(a) is a`) on both sides or on neither."""
    want = [i for i, a in enumerate(expected_args) if expected is a and not _immutable(a)]
    have = [i for i, a in enumerate(got_args) if got is a and not _immutable(a)]
    if want == have:
        return None
    return f"result identity differs: CPython returns argument(s) {want}, lesto {have}"


def _immutable(value: Any) -> bool:
    """Values whose identity a program cannot rely on (numpy scalars are native values)."""
    import numpy

    return (value is None or type(value) in (int, float, bool, complex, str, bytes, tuple)
            or isinstance(value, numpy.generic))


def _fmt_aliases(pattern: list) -> str:
    parts = []
    for path, same, shared in pattern:
        if same is not None:
            parts.append(f"{path} is {same}")
        elif shared:
            parts.append(f"{path} shares memory with {', '.join(shared)}")
        else:
            parts.append(f"{path} is a new array")
    return "; ".join(parts) or "no arrays"


def run_both(fn: Callable[..., Any], args: tuple, *, jit_kwargs: dict[str, Any] | None = None) -> Any:
    """Call `fn(*args)` in CPython and compiled by lesto, each on its own copy of `args`; assert
    the outcomes, and the arguments after the calls, match precisely.

    Returns CPython's value (None when CPython raised). `args` itself is never mutated."""
    import lesto

    args = tuple(args)
    name = getattr(fn, "__qualname__", getattr(fn, "__name__", repr(fn)))
    where = f"{name}({_fmt_args(args)})"
    expected_args = copy_arguments(args)
    got_args = copy_arguments(args)
    expected = _call(fn, expected_args, keep_traceback=False)
    dispatcher = compiled(fn, jit_kwargs)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", lesto.NotCompiledWarning)
        got = _call(dispatcher, got_args, keep_traceback=True)
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

    if expected.stdout != got.stdout:
        raise AssertionError(header + f"\n  printed {got.stdout!r}, CPython {expected.stdout!r}")
    if expected.raised:
        if not got.raised:
            raise AssertionError(header + "\n  (CPython raised, lesto returned)")
        if type(got.exc) is not type(expected.exc):
            raise AssertionError(
                header + "\n  (different exception types)\n  lesto traceback:\n" + got.tb)
        if str(got.exc) != str(expected.exc):
            raise AssertionError(
                header + f"\n  (different messages: {str(expected.exc)!r} vs {str(got.exc)!r})")
        found = _argument_difference(expected_args, got_args)
        if found is not None:
            raise AssertionError(header + f"\n  arguments differ after the call: {found}")
        return None

    if got.raised:
        raise AssertionError(header + "\n  (lesto raised, CPython returned)\n  lesto traceback:\n"
                             + got.tb)
    found = _difference(expected.value, got.value, "result")
    if found is None:
        found = _argument_difference(expected_args, got_args)
    if found is None:
        found = _alias_difference(expected.value, expected_args, got.value, got_args)
    if found is None:
        found = _identity_difference(expected.value, expected_args, got.value, got_args)
    if found is not None:
        raise AssertionError(header + f"\n  first difference: {found}")
    return expected.value
