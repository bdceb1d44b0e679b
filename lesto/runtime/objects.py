"""Small Python helpers that compiled code calls for object semantics best left to the
interpreter itself: unpacking (`a, b = x`, CPython's own errors and messages for any
iterable), `from m import x` (CPython's fallback to a submodule and its ImportError),
`with`, zero-argument `super()`, calls and displays with `*` / `**` unpacking.

`unpack_<n>` and `unpack_star_<before>_<after>` exist for every count, `call__<shape>` and
`display__<kind>__<shape>` for every shape (made on first use, by module __getattr__)."""
from __future__ import annotations

import sys
from typing import Any, Callable

def _define(params: str, body: str) -> Callable[..., Any]:
    """A new function `def helper(<params>): <body>` (one line of body)."""
    namespace: dict[str, Any] = {}
    exec(f"def helper({params}):\n    {body}\n", namespace)
    return namespace["helper"]


def _make_unpack(n: int) -> Callable[[Any], tuple]:
    names = ", ".join(f"x{i}" for i in range(n))
    return _define("value", f"{names}, = value; return ({names},)")


def _make_unpack_star(before: int, after: int) -> Callable[[Any], tuple]:
    """unpack_star_1_2(v) is (a, b, c, d) for `a, *b, c, d = v`."""
    names = [f"x{i}" for i in range(before + 1 + after)]
    targets = ", ".join(f"*{n}" if i == before else n for i, n in enumerate(names))
    return _define("value", f"{targets}, = value; return ({', '.join(names)},)")


_UNPACK = {"p": "", "s": "*", "d": "**"}   # a plain item, `*item`, `**item`


def _make_call(shape: str) -> Callable[..., Any]:
    """call__p__s__k_name__d(callee, a0, a1, a2, a3) is callee(a0, *a1, name=a2, **a3)."""
    parts = []
    for i, kind in enumerate(shape.split("__")):
        prefix = _UNPACK.get(kind)
        if prefix is None:
            if not (kind.startswith("k_") and kind[2:].isidentifier()):
                raise AttributeError(f"call__{shape}")
            prefix = kind[2:] + "="
        parts.append(f"{prefix}a{i}")
    params = ", ".join(f"a{i}" for i in range(len(parts)))
    return _define(f"callee, {params}", f"return callee({', '.join(parts)})")


_DISPLAYS = {"list": "[{}]", "tuple": "({},)", "set": "{{{}}}", "dict": "{{{}}}"}


def _make_display(kind: str, shape: str) -> Callable[..., Any]:
    """display__list__p__s(a0, a1) is [a0, *a1]; display__dict__d__kv(a0, a1, a2) is
    {**a0, a1: a2}."""
    items, n = [], 0
    for part in shape.split("__"):
        if part == "kv":
            items.append(f"a{n}: a{n + 1}")
            n += 2
            continue
        prefix = _UNPACK.get(part)
        if prefix is None or kind not in _DISPLAYS:
            raise AttributeError(f"display__{kind}__{shape}")
        items.append(f"{prefix}a{n}")
        n += 1
    params = ", ".join(f"a{i}" for i in range(n))
    return _define(params, f"return {_DISPLAYS[kind].format(', '.join(items))}")


def _maker(name: str) -> Callable[[], Callable[..., Any]] | None:
    """How to make the helper `name` (None: no such helper)."""
    if name.startswith("display__"):
        kind, _, shape = name[9:].partition("__")
        return lambda: _make_display(kind, shape)
    if name.startswith("unpack_star_"):
        counts = name[12:].split("_")
        if len(counts) == 2 and all(c.isdigit() for c in counts):
            return lambda: _make_unpack_star(int(counts[0]), int(counts[1]))
        return None
    if name.startswith("unpack_") and name[7:].isdigit():
        return lambda: _make_unpack(int(name[7:]))
    if name.startswith("call__"):
        return lambda: _make_call(name[6:])
    return None


_made: dict[str, Callable[..., Any]] = {}


def __getattr__(name: str) -> Any:
    made = _made.get(name)
    if made is None:
        make = _maker(name)
        if make is None:
            raise AttributeError(name)
        made = _made[name] = make()
    return made


def import_from(module: Any, name: str) -> Any:
    """What `from module import name` binds (CPython's IMPORT_FROM)."""
    try:
        return getattr(module, name)
    except AttributeError:
        pass
    full = f"{getattr(module, '__name__', '?')}.{name}"
    if full in sys.modules:
        return sys.modules[full]
    where = getattr(module, "__file__", None) or "unknown location"
    raise ImportError(f"cannot import name {name!r} from {module.__name__!r} ({where})",
                      name=module.__name__, path=getattr(module, "__file__", None))


def raise_(exc: Any) -> None:
    """`raise exc` (compiled code's raise statement)."""
    raise exc


def raise_from(exc: Any, cause: Any) -> None:
    """`raise exc from cause`."""
    raise exc from cause


def with_enter(mgr: Any) -> tuple:
    """(bound __exit__, __enter__()) of a context manager, looked up on its type as CPython
    does, with its error when it is not one (AttributeError before 3.11, TypeError since)."""
    cls = type(mgr)
    methods = []
    for name in ("__enter__", "__exit__"):
        try:
            methods.append(getattr(cls, name))
        except AttributeError:
            if sys.version_info < (3, 11):
                raise AttributeError(name) from None
            missed = " (missed __exit__ method)" if name == "__exit__" else ""
            raise TypeError(f"'{cls.__name__}' object does not support the context manager "
                            f"protocol{missed}") from None
    enter, exit_ = methods
    bound = exit_.__get__(mgr, cls)
    return bound, enter(mgr)


def zero_arg_super(callee: Any, cls: Any, first: Any, has_first: bool) -> Any:
    """`super()` in compiled code: `super(cls, first)` with the method's `__class__` cell and
    first argument, CPython's RuntimeError without them; a rebound name `super` is just called."""
    if callee is not super:
        return callee()
    if not has_first:
        raise RuntimeError("super(): no arguments")
    if cls is None:
        raise RuntimeError("super(): __class__ cell not found")
    return super(cls, first)


def with_exit(exit_: Any, exc: BaseException) -> bool:
    """__exit__ for an exception raised in the body: True suppresses it."""
    return bool(exit_(type(exc), exc, exc.__traceback__))
