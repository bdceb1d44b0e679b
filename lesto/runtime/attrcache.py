"""Filling the attribute caches of compiled code (backend/lower_attrcache.py): called from a
cache miss with the site's address, the object and the attribute's name, it records the
object's type, that type's version tag and the name's slot in the type's shared keys, when
reading (or, with `setting`, replacing) that attribute from the instance's values array is
what CPython's generic attribute access would do.  It never raises; a site is offered at
most `lower_attrcache.MAX_FILLS` fills, after which it stays on the generic path."""
from __future__ import annotations

import ctypes

from lesto.backend.lower_attrcache import ENTRIES, FILLS_WORD
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
