"""What a cached entry depends on, and the check that all of it is unchanged.

An entry is found by its *index key*: the root function's module, qualified name and file, the
argument types, and the environment (lesto, LLVM and Python versions, target triple, CPU name
and features, optimisation level).  It is valid only if its *dependencies* still hold: starting
from the root function, the source (and defaults) of every function compiled in, and the value
of every global each of them read (constants by value, functions by identity of name), checked
transitively by re-resolving those globals now.  Any edit means a fresh compile, never stale
code."""
from __future__ import annotations

import hashlib
import inspect
import json
import sys
from types import FunctionType, ModuleType
from typing import Any

LESTO_CACHE_FORMAT = 1


def environment(opt: int) -> dict[str, str]:
    """Everything outside the user's code that changes the machine code."""
    from lesto.version import __version__
    from lesto.backend.target import host_description, llvm_binding

    llvm = llvm_binding()
    return {
        "lesto": __version__,
        "format": str(LESTO_CACHE_FORMAT),
        "llvm": ".".join(map(str, llvm.llvm_version_info)),
        "python": sys.version,
        "target": host_description(),
        "opt": str(opt),
    }


def index_key(func: Any, argtypes: tuple[Any, ...], env: dict[str, str]) -> str:
    parts = {
        "module": func.__module__,
        "qualname": func.__qualname__,
        "file": func.__code__.co_filename,
        "args": [str(t) for t in argtypes],
        "env": env,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:40]


def source_fingerprint(func: Any) -> str:
    """Hash of a function's source text and default values (raises OSError without source)."""
    text = inspect.getsource(func)
    extra = repr(getattr(func, "__defaults__", None))
    return hashlib.sha256((text + "\0" + extra).encode()).hexdigest()


def value_fingerprint(value: Any) -> str:
    """How a global is identified: constants by type and value, the rest by what they are."""
    py_func = getattr(value, "py_func", None)
    if isinstance(py_func, FunctionType):
        value = py_func
    if isinstance(value, FunctionType):
        return f"function:{value.__module__}.{value.__qualname__}"
    if isinstance(value, ModuleType):
        return f"module:{value.__name__}"
    if callable(value) and getattr(value, "__module__", None) in ("builtins", "math"):
        return f"builtin:{value.__module__}.{getattr(value, '__qualname__', '?')}"
    return f"value:{type(value).__name__}:{value!r}"


def dependencies(sources: list[tuple[Any, dict[str, Any]]]) -> dict[str, Any]:
    """The dependency record stored with an entry: per function, its source hash and globals."""
    deps: dict[str, Any] = {}
    for func, read in sources:
        deps[f"{func.__module__}:{func.__qualname__}"] = {
            "source": source_fingerprint(func),
            "globals": {name: value_fingerprint(v) for name, v in sorted(read.items())},
        }
    return deps


def _namespace(func: Any) -> dict[str, Any]:
    ns = dict(func.__globals__)
    if func.__closure__:
        for name, cell in zip(func.__code__.co_freevars, func.__closure__):
            try:
                ns[name] = cell.cell_contents
            except ValueError:
                pass
    return ns


def still_valid(root: Any, deps: dict[str, Any]) -> bool:
    """True when every recorded function and global is unchanged, from `root` transitively."""
    import builtins

    seen: set[str] = set()
    work = [root]
    while work:
        func = work.pop()
        name = f"{func.__module__}:{func.__qualname__}"
        if name in seen:
            continue
        seen.add(name)
        record = deps.get(name)
        if record is None:
            return False
        try:
            if source_fingerprint(func) != record["source"]:
                return False
        except (OSError, TypeError):
            return False
        ns = _namespace(func)
        for gname, fingerprint in record["globals"].items():
            if gname in ns:
                value = ns[gname]
            elif hasattr(builtins, gname):
                value = getattr(builtins, gname)
            else:
                return False
            if value_fingerprint(value) != fingerprint:
                return False
            callee = getattr(value, "py_func", value)
            if isinstance(callee, FunctionType):
                work.append(callee)
    return seen == set(deps)
