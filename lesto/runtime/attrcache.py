"""Filling the attribute caches of compiled code (backend/lower_attrcache.py): called from a
cache miss with the site's address, the object and the attribute's name, it records the
object's type, that type's version tag and the name's slot in the type's shared keys, when
reading (or, with `setting`, replacing) that attribute from the instance's values array is
what CPython's generic attribute access would do.  It never raises; a site is offered at
most `lower_attrcache.MAX_FILLS` fills, after which it stays on the generic path."""
from __future__ import annotations

import ctypes

from lesto.backend.lower_attrcache import (
    ENTRIES, FILLS_WORD, IMMUTABLE, KEYS_NENTRIES, METHOD_FILLS_WORD,
)
from lesto.backend.objlayout import LAYOUT, TP_FLAGS, TP_VERSION_TAG, VALID_VERSION

_lookup = ctypes.pythonapi._PyType_Lookup
_lookup.argtypes = (ctypes.py_object, ctypes.py_object)
_lookup.restype = ctypes.c_void_p


def fill(site: int, obj: object, name: str, setting: bool) -> None:
    try:
        words = (ctypes.c_uint64 * (FILLS_WORD + 1)).from_address(site)
        words[FILLS_WORD] += 1
        entry = _entry(type(obj), name, setting)
        if entry is None:
            return
        k = 2 * ((words[FILLS_WORD] - 1) % ENTRIES)
        words[k] = 0
        words[k + 1] = entry[1]
        words[k] = entry[0]
    except Exception:   # a cache that is not filled only costs speed
        pass


def _entry(t: type, name: str, setting: bool) -> tuple[int, int] | None:
    """(type address, version | index << 32), or None when the site must stay generic."""
    if LAYOUT is None or type(name) is not str or not LAYOUT.cacheable(t, setting):
        return None
    found = _lookup(t, name)   # (assigns t a version tag if it has none)
    if found:
        descr = type(ctypes.cast(found, ctypes.py_object).value)
        if hasattr(descr, "__set__") or hasattr(descr, "__delete__"):
            return None   # a data descriptor (property, slot) takes precedence
    if not ctypes.c_uint64.from_address(id(t) + TP_FLAGS).value & VALID_VERSION:
        return None
    version = ctypes.c_uint32.from_address(id(t) + TP_VERSION_TAG).value
    index = LAYOUT.key_index(t, name)
    if not version or index < 0:
        return None
    return id(t), version | index << 32


METHOD_DESCRIPTOR = 1 << 17   # Py_TPFLAGS_METHOD_DESCRIPTOR: called unbound, obj first


def fill_method(site: int, obj: object, name: str) -> None:
    """Fill an entry of a method-call site (lower_attrcache.cached_method_call) when
    `obj.name` is a function found in obj's class that no instance of it can shadow yet, or
    a method descriptor of an immutable type whose instances have no __dict__."""
    try:
        words = (ctypes.c_uint64 * (METHOD_FILLS_WORD + 1)).from_address(site)
        words[METHOD_FILLS_WORD] += 1
        entry = _method_entry(type(obj), name)
        if entry is None:
            return
        k = 3 * ((words[METHOD_FILLS_WORD] - 1) % ENTRIES)
        words[k] = 0
        words[k + 1], words[k + 2] = entry[1], entry[2]
        words[k] = entry[0]
    except Exception:
        pass


IMMUTABLETYPE = 1 << 8   # Py_TPFLAGS_IMMUTABLETYPE: the type's attributes never change
_kept: list[type] = []   # types of immutable entries, never freed while a site names them


def _method_entry(t: type, name: str) -> tuple[int, int, int] | None:
    if LAYOUT is None or type(name) is not str:
        return None
    if t.__flags__ & IMMUTABLETYPE and t.__dictoffset__ == 0 and LAYOUT.generic_getattr(t):
        # str, list, dict, deque, ...: no instance can shadow a method, the type never changes
        found = _lookup(t, name)
        if not found or not type(ctypes.cast(found, ctypes.py_object).value).__flags__ \
                & METHOD_DESCRIPTOR:
            return None
        if t not in _kept:
            _kept.append(t)
        return id(t), IMMUTABLE, found
    if not LAYOUT.cacheable(t, False):
        return None
    found = _lookup(t, name)
    if not found:
        return None
    descr = ctypes.cast(found, ctypes.py_object).value
    if not type(descr).__flags__ & METHOD_DESCRIPTOR:
        return None
    if not ctypes.c_uint64.from_address(id(t) + TP_FLAGS).value & VALID_VERSION:
        return None
    version = ctypes.c_uint32.from_address(id(t) + TP_VERSION_TAG).value
    keys = ctypes.c_uint64.from_address(id(t) + LAYOUT.ht_keys).value
    if not version or not keys or LAYOUT.key_index(t, name) >= 0:
        return None   # (an instance may have set `name`: its value would win)
    count = ctypes.c_uint64.from_address(keys + KEYS_NENTRIES).value
    return id(t), version | count << 32, found
