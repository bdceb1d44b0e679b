"""Find, validate, load and store cached object code for one specialization."""
from __future__ import annotations

import contextlib
import warnings
from dataclasses import dataclass
from typing import Any

from lesto.cache import key as keys
from lesto.cache import store
from lesto.errors import NotCompiledWarning


@dataclass
class CachedCode:
    object_code: bytes
    entry_symbol: str
    typed_ir: str
    return_type: str


def lookup(func: Any, argtypes: tuple[Any, ...], opt: int | str) -> CachedCode | None:
    """A valid cached entry for `func` specialized on `argtypes`, or None."""
    env = keys.environment(opt)
    k = keys.index_key(func, argtypes, env)
    try:
        found = store.read(k)
    except store.CorruptEntry as e:
        warnings.warn(f"lesto: cache entry for {func.__qualname__} is damaged ({e}); "
                      "recompiling", NotCompiledWarning, stacklevel=5)
        store.remove(k)
        return None
    except OSError:
        return None
    if found is None:
        return None
    header, payload = found
    if header.get("env") != env or not keys.still_valid(func, header.get("deps", {})):
        return None
    return CachedCode(payload, header["entry"], header.get("typed_ir", ""), header.get("return", ""))


def guard(func: Any, argtypes: tuple[Any, ...], opt: int | str, enabled: bool = True) -> Any:
    """Held around looking up, compiling and storing one entry: processes (and threads) that
    need the same entry at once compile it once between them; the others then find it.  A
    no-op context when the cache is off or its directory cannot be written."""
    if not enabled:
        return contextlib.nullcontext()
    return store.locked(keys.index_key(func, argtypes, keys.environment(opt)))


def save(func: Any, argtypes: tuple[Any, ...], opt: int | str, object_code: bytes,
         entry: str, typed_ir: str, return_type: str,
         sources: list[tuple[Any, dict[str, Any]]]) -> None:
    env = keys.environment(opt)
    try:
        deps = keys.dependencies(sources)
    except (OSError, TypeError):
        return  # some source is not available: such code is never cached
    header = {"env": env, "deps": deps, "entry": entry,
              "typed_ir": typed_ir, "return": return_type,
              "function": f"{func.__module__}.{func.__qualname__}",
              "args": [str(t) for t in argtypes]}
    try:
        store.write(keys.index_key(func, argtypes, env), header, object_code)
    except OSError as e:
        warnings.warn(f"lesto: could not write the cache ({e})", NotCompiledWarning,
                      stacklevel=5)
