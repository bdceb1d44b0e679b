"""Pickling dispatchers, so `multiprocessing`, `concurrent.futures.ProcessPoolExecutor`,
`dask.distributed` or Ray can ship a jitted function to other processes.

- A dispatcher importable from its function's module (`mymodule.kernel`, or an alias such as
  `fast = lesto.jit(slow)`) pickles by reference: the worker imports it.
- A function of `__main__` (a script, a notebook) or one not reachable by name pickles by value:
  its code object (marshal), name, defaults, closure, the globals its code reads (modules by
  name, plain `__main__` functions by value too), the lines of its source file (lesto compiles
  from source: the worker installs them in `linecache`) and the dispatcher's options.

A worker compiles the function again on its first call, or loads it from the on-disk cache with
`cache=True` (the cache is keyed by source and file, the same in every process of a machine).
Each pickled-by-value dispatcher carries a token: unpickling the same dispatcher twice in one
process gives one dispatcher (compiled once), and unpickling it in the process that pickled it
gives the original.

    pickle.loads(pickle.dumps(f)) is f        # module-level f: by reference
    ProcessPoolExecutor().map(f, chunks)      # f in __main__: by value
"""
from __future__ import annotations

import builtins
import importlib
import linecache
import marshal
import sys
import types
import uuid
import weakref
from typing import Any

_by_token: "weakref.WeakValueDictionary[str, Any]" = weakref.WeakValueDictionary()
_originals: "weakref.WeakSet[Any]" = weakref.WeakSet()
# Dispatchers rebuilt here stay alive: a worker that gets the same function with every task
# (Dask, multiprocessing) compiles it once, even if it drops each task's copy.
_rebuilt: dict[str, Any] = {}


# ------------------------------------------------------------------ pickling side
def reduce_dispatcher(d: Any) -> Any:
    """Dispatcher.__reduce__: a name (by reference) or a by-value reconstruction."""
    func = d.py_func
    name = _name_in_module(d, func)
    if name is not None:
        return (_import_attribute, (func.__module__, name))
    token = d.__dict__.get("_pickle_token")
    if token is None:
        token = d.__dict__["_pickle_token"] = uuid.uuid4().hex
        _by_token[token] = d
        _originals.add(d)
    return (_rebuild_dispatcher, (token, _skeleton(func), d.options), _state(func),
            None, None, _set_state)


def _name_in_module(obj: Any, func: Any) -> str | None:
    """The dotted name `obj` has in its function's module (`kernel`, `Class.method`, or an
    alias such as `fast = lesto.jit(slow)`), or None when it has none (or is in __main__)."""
    if _importable(obj, func):
        return str(func.__qualname__)
    module = sys.modules.get(func.__module__ or "")
    if module is None or func.__module__ == "__main__":
        return None
    return next((k for k, v in vars(module).items() if v is obj), None)


def _import_attribute(module: str, name: str) -> Any:
    found: Any = importlib.import_module(module)
    for part in name.split("."):
        found = getattr(found, part)
    return found


def _importable(obj: Any, func: Any) -> bool:
    name = func.__module__
    if name in (None, "__main__") or "<locals>" in func.__qualname__:
        return False
    module = sys.modules.get(name)
    if module is None:
        return False
    found: Any = module
    for part in func.__qualname__.split("."):
        found = getattr(found, part, None)
    return found is obj


def _skeleton(func: Any) -> tuple[Any, ...]:
    """What the function is made from, without its globals and closure values (those go in
    the state, pickled after the new object is memoised, so that recursion resolves)."""
    code = func.__code__
    n_cells = len(func.__closure__ or ())
    return (marshal.dumps(code), func.__name__, func.__qualname__, func.__module__,
            func.__defaults__, func.__kwdefaults__, func.__doc__, n_cells,
            code.co_filename, _source_lines(code.co_filename))


def _source_lines(filename: str) -> list[str]:
    return list(linecache.getlines(filename))


def _global_names(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return names


def _state(func: Any) -> tuple[dict[str, Any], list[Any]]:
    """The globals the code reads (that exist) and the closure values, ready to pickle."""
    glb = func.__globals__
    read = {}
    for name in sorted(_global_names(func.__code__)):
        if name in glb:
            read[name] = _portable(glb[name])
    cells = []
    for cell in func.__closure__ or ():
        try:
            cells.append(_portable(cell.cell_contents))
        except ValueError:   # an empty cell
            cells.append(_EMPTY)
    return read, cells


def _portable(value: Any) -> Any:
    """Modules go by name; plain functions of `__main__` by value; the rest as pickle does."""
    if isinstance(value, types.ModuleType):
        return _ModuleRef(value.__name__)
    if isinstance(value, types.FunctionType) and not _importable(value, value):
        return _FunctionByValue(value)
    return value


class _ModuleRef:
    def __init__(self, name: str) -> None:
        self.name = name

    def __reduce__(self) -> Any:
        return (importlib.import_module, (self.name,))


class _FunctionByValue:
    def __init__(self, func: Any) -> None:
        self.func = func

    def __reduce__(self) -> Any:
        return (_rebuild_function, (_skeleton(self.func),), _state(self.func),
                None, None, _set_state)


class _Empty:
    def __reduce__(self) -> Any:
        return (_empty, ())


def _empty() -> "_Empty":
    return _EMPTY


_EMPTY = _Empty()


# ------------------------------------------------------------------ unpickling side
def _rebuild_function(skeleton: tuple[Any, ...]) -> Any:
    (code_bytes, name, qualname, module, defaults, kwdefaults, doc, n_cells, filename,
     lines) = skeleton
    _install_source(filename, lines)
    code = marshal.loads(code_bytes)
    glb: dict[str, Any] = {"__builtins__": builtins, "__name__": module}
    closure = tuple(types.CellType() for _ in range(n_cells)) or None
    func = types.FunctionType(code, glb, name, defaults, closure)
    func.__qualname__ = qualname
    func.__kwdefaults__ = kwdefaults
    func.__doc__ = doc
    func.__module__ = module
    return func


def _rebuild_dispatcher(token: str, skeleton: tuple[Any, ...], options: Any) -> Any:
    from lesto.runtime.dispatcher import Dispatcher

    known = _by_token.get(token)
    if known is not None:
        return known
    d = Dispatcher(_rebuild_function(skeleton), options)
    d.__dict__["_pickle_token"] = token
    _by_token[token] = _rebuilt[token] = d
    return d


def _set_state(obj: Any, state: tuple[dict[str, Any], list[Any]]) -> None:
    """Fill in the globals and closure cells of a rebuilt function (never of an original)."""
    if obj in _originals:
        return
    func = getattr(obj, "py_func", obj)
    read, cells = state
    func.__globals__.update(read)
    for cell, value in zip(func.__closure__ or (), cells):
        if value is not _EMPTY:
            cell.cell_contents = value


def _install_source(filename: str, lines: list[str]) -> None:
    """Make the pickled source what `inspect` finds for `filename` in this process."""
    if not lines or linecache.getlines(filename) == lines:
        return
    linecache.cache[filename] = (sum(map(len, lines)), None, lines, filename)
