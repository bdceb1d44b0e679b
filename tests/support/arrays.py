"""Numpy values in differential tests: precise comparison, layout-preserving copies, aliasing.

tests/support/differential.py imports this module only once a value is a numpy object, so
differential tests of plain scalars never import numpy.

* ``difference(a, b, path, element_difference)`` compares two numpy values of the same exact
  type: arrays by dtype, shape and every element; numpy scalars by dtype and value. Floats
  (and both parts of complex numbers) must be equal bit for bit, except that any nan equals any
  nan: ``0.0`` and ``-0.0`` differ. Strides, contiguity and flags are not compared.
* ``copy_preserving_layout(x)`` copies a value (tuples and arrays at any depth) so that every
  array keeps its dtype, shape, strides, alignment, writeability and, for an array that owns its
  data, ownership: a strided view ``base[::2]`` stays a strided view (of a copied base), where
  ``copy.deepcopy`` would hand back a C-contiguous array. Arguments that share memory keep
  sharing it (one copy per underlying buffer), and the same object passed twice stays one
  object. A compiled function therefore sees the same layouts, and the same aliasing, in its copy
  as CPython does in its own.
* ``alias_pattern(result, args)`` says, for every array in a result, which argument arrays it
  *is* and which it shares memory with, so that returning ``a`` or a view of ``a`` is told
  apart from returning a fresh array with the same values.
"""
from __future__ import annotations

import copy
from typing import Any, Callable

import numpy as np

__all__ = ["difference", "copy_preserving_layout", "alias_pattern", "describe", "is_numpy"]


def is_numpy(value: Any) -> bool:
    """True for an ndarray or a numpy scalar (np.float64, np.int8, np.bool_, ...)."""
    return isinstance(value, (np.ndarray, np.generic))


# --------------------------------------------------------------------------- comparison

def _float_same(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Elementwise: equal with the same sign bit, or both nan (nan payloads are not compared)."""
    return ((a == b) & (np.signbit(a) == np.signbit(b))) | (np.isnan(a) & np.isnan(b))


def _same_elements(a: np.ndarray, b: np.ndarray,
                   element_difference: Callable[[Any, Any, str], str | None]) -> np.ndarray:
    kind = a.dtype.kind
    if kind == "f":
        return _float_same(a, b)
    if kind == "c":
        return _float_same(a.real, b.real) & _float_same(a.imag, b.imag)
    if kind == "O":
        out = np.empty(a.shape, dtype=bool)
        for index in np.ndindex(a.shape):
            out[index] = element_difference(a[index], b[index], "element") is None
        return out
    return np.asarray(a == b, dtype=bool)


def _show(x: Any) -> str:
    if isinstance(x, np.floating) and not np.isnan(x):
        return f"{x!r} (bits {float(x).hex()})"
    if isinstance(x, np.complexfloating):
        return f"{x!r} ({float(x.real).hex()}, {float(x.imag).hex()})"
    return repr(x)


def difference(a: Any, b: Any, path: str,
               element_difference: Callable[[Any, Any, str], str | None]) -> str | None:
    """The first difference between numpy values `a` and `b` (already of the same exact type),
    or None when they are precisely equal. `element_difference` compares object-array items."""
    if a.dtype != b.dtype:
        return f"{path}: dtype {a.dtype} != {b.dtype}"
    if isinstance(a, np.generic):
        same = _same_elements(np.asarray(a), np.asarray(b), element_difference)
        return None if bool(same) else f"{path}: {_show(a)} != {_show(b)}"
    if a.shape != b.shape:
        return f"{path}: shape {a.shape} != {b.shape}"
    same = _same_elements(a, b, element_difference)
    if bool(np.all(same)):
        return None
    index = tuple(int(i) for i in np.argwhere(~same)[0])
    where = f"{path}[{', '.join(str(i) for i in index)}]"
    return f"{where}: {_show(a[index])} != {_show(b[index])} (dtype {a.dtype}, shape {a.shape})"


_REPR_LIMIT = 300


def describe(x: Any) -> str:
    """repr on one line, plus the layout when it is not a plain C-contiguous writable array."""
    if not isinstance(x, np.ndarray):
        return repr(x)
    text = " ".join(repr(x).split())
    if len(text) > _REPR_LIMIT:
        text = f"{text[:_REPR_LIMIT]}... (shape {x.shape}, dtype {x.dtype})"
    notes = []
    if not x.flags.c_contiguous:
        order = "Fortran-order" if x.flags.f_contiguous else "strided"
        notes.append(f"{order}, strides {x.strides}")
    if not x.flags.writeable:
        notes.append("read-only")
    return text + (f" [{'; '.join(notes)}]" if notes else "")


# --------------------------------------------------------------------------- layout-preserving copy

def _address(x: np.ndarray) -> int:
    return int(x.__array_interface__["data"][0])


def _extent(x: np.ndarray) -> tuple[int, int]:
    """(low, high): the byte range [data + low, data + high) that holds x's elements."""
    if x.size == 0:
        return 0, 0
    low = sum(s * (n - 1) for s, n in zip(x.strides, x.shape) if s < 0)
    high = sum(s * (n - 1) for s, n in zip(x.strides, x.shape) if s > 0) + x.itemsize
    return low, high


class _Memory:
    """Presents raw memory to numpy through the array interface, keeping `owner` alive."""

    def __init__(self, owner: Any, address: int, shape: tuple, strides: tuple, dtype: np.dtype,
                 readonly: bool) -> None:
        self.owner = owner
        self.__array_interface__ = {
            "version": 3, "shape": tuple(shape), "strides": tuple(strides),
            "typestr": dtype.str, "descr": dtype.descr, "data": (address, readonly),
        }


def _view(owner: Any, address: int, like: np.ndarray, readonly: bool) -> np.ndarray:
    """An array over memory at `address` (kept alive by `owner`) with `like`'s dtype, shape and
    strides."""
    out = np.asarray(_Memory(owner, address, like.shape, like.strides, like.dtype, readonly))
    if out.dtype != like.dtype:
        out = out.view(like.dtype)
    return out


def _root(x: np.ndarray) -> np.ndarray:
    """The array at the end of x's chain of ndarray bases (the one whose memory x views)."""
    while isinstance(x.base, np.ndarray):
        x = x.base
    return x


def _copy_root(root: np.ndarray) -> tuple[Any, int, int, np.ndarray | None]:
    """Copy the memory `root` spans: (owner of the copy, old low address, new low address,
    the copy as an array when it is an exact same-strides copy of an owning root, else None)."""
    low, high = _extent(root)
    if root.base is None:
        dup = root.copy(order="K")
        if dup.strides == root.strides or root.size == 0:
            return dup, _address(root) + low, _address(dup) + low, dup
    # A non-owning root (memory from bytes, mmap, ...) or an unusual layout: copy its bytes into
    # a fresh buffer at the same address modulo 64, so the alignment of every element is kept.
    start, nbytes, align = _address(root) + low, high - low, 64
    buf = np.zeros(nbytes + align, dtype=np.uint8)
    shift = (start - _address(buf)) % align
    if nbytes:
        raw = np.asarray(_Memory(root, start, (nbytes,), (1,), np.dtype(np.uint8), True))
        buf[shift:shift + nbytes] = raw
    return buf, start, _address(buf) + shift, None


def _copy_array(x: np.ndarray, memo: dict) -> np.ndarray:
    if id(x) in memo:
        return memo[id(x)]
    root = _root(x)
    key = ("root", id(root))
    if key not in memo:
        memo[key] = _copy_root(root)
        memo.setdefault("keep", []).append(root)  # ids stay unique while the copy runs
    owner, old_low, new_low, exact = memo[key]
    if x is root and exact is not None:
        out = exact
    else:
        out = _view(owner, new_low + (_address(x) - old_low), x, readonly=not x.flags.writeable)
    if not x.flags.writeable and out.flags.writeable:
        out.flags.writeable = False
    memo[id(x)] = out
    memo.setdefault("keep", []).append(x)
    return out


def copy_preserving_layout(x: Any, memo: dict | None = None) -> Any:
    """A copy of `x` whose arrays keep their layout and their sharing (see the module docstring).
    Tuples are rebuilt, numpy scalars and other immutable values are returned as they are, and
    anything else goes through ``copy.deepcopy``. Pass one `memo` to copy several values
    together (all the arguments of one call)."""
    memo = {} if memo is None else memo
    if isinstance(x, tuple):
        return tuple(copy_preserving_layout(v, memo) for v in x)
    if isinstance(x, np.ndarray):
        return _copy_array(x, memo)
    if isinstance(x, (int, float, complex, bool, str, bytes, type(None), np.generic)):
        return x
    return copy.deepcopy(x, memo)


# --------------------------------------------------------------------------- aliasing

def _leaves(value: Any, path: str) -> list[tuple[str, np.ndarray]]:
    if isinstance(value, np.ndarray):
        return [(path, value)]
    if isinstance(value, tuple):
        out: list[tuple[str, np.ndarray]] = []
        for i, v in enumerate(value):
            out.extend(_leaves(v, f"{path}[{i}]"))
        return out
    return []


def _shares(a: np.ndarray, b: np.ndarray) -> bool:
    try:
        return bool(np.shares_memory(a, b, max_work=10**6))
    except np.exceptions.TooHardError:
        return bool(np.may_share_memory(a, b))


def alias_pattern(result: Any, args: tuple) -> list[tuple[str, str | None, tuple[str, ...]]]:
    """For each array in `result` (tuples searched): (its path, the argument it is, or None, the
    arguments it shares memory with). Arguments are named ``argument i`` (``argument i[k]``
    inside tuples)."""
    arg_leaves: list[tuple[str, np.ndarray]] = []
    for i, a in enumerate(args):
        arg_leaves.extend(_leaves(a, f"argument {i}"))
    out = []
    for path, r in _leaves(result, "result"):
        same = next((p for p, a in arg_leaves if a is r), None)
        shared = tuple(p for p, a in arg_leaves if _shares(r, a))
        out.append((path, same, shared))
    return out
