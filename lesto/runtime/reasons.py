"""Why a call cannot run natively, in words: the refusals the dispatcher raises (strict) or
warns about once (otherwise), kept apart from the exactness deoptimisations.

    @lesto.jit(strict=True)
    def normalize(word): ...
    normalize("Hello")   # CompileError: words.py:3:1: L016: normalize: parameter 'word' is a
                         # str; lesto compiles int, float, bool, complex, None, tuples and
                         # numpy values

An int beyond 64 bits (alone or inside a tuple) is no refusal: lesto compiles ints, and such a
call is the documented deoptimisation (CPython's exact answer, counted in `deopt_count`)."""
from __future__ import annotations

from typing import Any

from lesto.errors import CompileError

NATIVE_VALUES = ("lesto compiles int, float, bool, complex, None, tuples and numpy values "
                 "(and Python objects with objects=True)")

CO_GENERATOR, CO_COROUTINE, CO_ITERABLE_COROUTINE, CO_ASYNC_GENERATOR = 0x20, 0x80, 0x100, 0x200
CO_VARKEYWORDS = 0x08

# code flag -> what the function is, for the refusal
KINDS = ((CO_COROUTINE, "an async function (async def)"),
         (CO_ITERABLE_COROUTINE, "a generator-based coroutine"),
         (CO_ASYNC_GENERATOR, "an async generator function"),
         (CO_GENERATOR, "a generator function"))


def _article(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def _type_name(value: Any) -> str:
    cls = type(value)
    if cls.__module__ in ("builtins", "numpy"):
        return cls.__name__ if cls.__module__ == "builtins" else f"numpy.{cls.__name__}"
    return cls.__qualname__


def describe(value: Any) -> str | None:
    """What `value` is, as the refusal says it ("a str", "a tuple containing a list", "a
    numpy array of dtype float16"), or None when the only thing lesto cannot hold natively
    is an int beyond 64 bits (a deoptimisation, not a refusal)."""
    from lesto.types.typeof import ARRAY_DTYPES

    cls = type(value)
    if cls is int:
        return None
    if cls is tuple:
        for item in value:
            inner = describe(item) if _unnative(item) else None
            if inner is not None:
                return f"a tuple containing {inner}"
        return None
    if cls.__module__ == "numpy" and cls.__name__ == "ndarray":
        dt = value.dtype
        if dt.name not in ARRAY_DTYPES:
            return f"a numpy array of dtype {dt.name}"
        if dt.byteorder == ">":
            return f"a numpy array of dtype {dt.name} in big-endian byte order"
        if not value.flags.aligned:
            return "a misaligned numpy array"
    return _article(_type_name(value))


def _unnative(value: Any) -> bool:
    from lesto.types.core import PyObj
    from lesto.types.typeof import typeof

    t = typeof(value)
    return t is None or isinstance(t, PyObj)


def _first_suspension(func: Any) -> tuple[str, int, int] | None:
    """Where `func` first yields or awaits (file, line, column), if its source says."""
    import ast
    import inspect
    import textwrap

    try:
        lines, first = inspect.getsourcelines(func.__code__)
        raw = "".join(lines)
        dedented = textwrap.dedent(raw)
        tree = ast.parse(dedented)
    except (OSError, TypeError, SyntaxError):
        return None
    indent = len(lines[0]) - len(lines[0].lstrip()) if lines else 0
    kinds = (ast.Yield, ast.YieldFrom, ast.Await, ast.AsyncFor, ast.AsyncWith)
    found = [(n.lineno, n.col_offset) for n in ast.walk(tree) if isinstance(n, kinds)]
    if not found:
        return None
    line, col = min(found)
    return func.__code__.co_filename, first + line - 1, col + indent


def def_location(func: Any) -> tuple[str, int, int]:
    """(file, line, column) of the `def` of `func` (after its decorators), as well as the
    source allows; its first line otherwise."""
    code = func.__code__
    try:
        import inspect

        lines, first = inspect.getsourcelines(func.__code__)
    except (OSError, TypeError):
        return code.co_filename, code.co_firstlineno, 0
    for k, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith(("def ", "async def ")):
            return code.co_filename, first + k, len(line) - len(stripped)
    return code.co_filename, code.co_firstlineno, 0


def parameter_refusal(func: Any, qualname: str, name: str, what: str) -> CompileError:
    """The refusal for a parameter whose value has no native form."""
    filename, line, col = def_location(func)
    return CompileError(f"{qualname}: parameter '{name}' is {what}; {NATIVE_VALUES}",
                        filename=filename, lineno=line, col_offset=col,
                        construct=f"parameter '{name}'", code="L016")


def kind_refusal(func: Any, qualname: str) -> CompileError | None:
    """The refusal for a function lesto never compiles (coroutine, generator, **kwargs),
    or None.  Such a function always runs as itself, the plain Python function."""
    flags = func.__code__.co_flags
    what = next((text for flag, text in KINDS if flags & flag), None)
    if what is None and flags & CO_VARKEYWORDS:
        what = "a function with a **kwargs parameter"
    if what is None:
        return None
    filename, line, col = _first_suspension(func) or def_location(func)
    advice = ("use objects=True, or set LESTO_OBJECTS=1: generator functions compile with "
              "Python objects"
              if what == "a generator function" else
              "call the numeric work it does from a separate function, which lesto compiles")
    return CompileError(f"{qualname} is {what}; lesto compiles plain functions, so it runs "
                        f"as the Python function ({advice})", filename=filename,
                        lineno=line, col_offset=col, construct=what, code="L018")
