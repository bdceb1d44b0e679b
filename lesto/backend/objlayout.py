"""Where CPython 3.11-3.13 keeps an instance's attributes: the layout facts the attribute
cache (backend/lower_attrcache.py, runtime/attrcache.py) relies on, each one checked on a
probe class of the compiling interpreter before it is used.

A user class's instances keep their attributes in a values array shared-keyed by the class
(`ht_cached_keys`, append-only): attribute `name` is slot `index` of every instance's
array, where the array is
  3.11: `*(PyObject ***)(obj - 32)` (NULL once a __dict__ was made),
  3.12: `*(uintptr_t *)(obj - 24) + 1` when that word's bit 0 is set (else it is a dict),
  3.13: `obj + 16 + 8`, the header's `valid` byte at `obj + 16 + 3` (inline values,
        shared with a __dict__ once one is made, whose pointer is at `obj - 24`).
`LAYOUT` is None (no cache: generic C-API code) on any other version, on debug and
free-threaded builds, or when a probe disagrees with a fact."""
from __future__ import annotations

import ctypes
import sys

TP_GETATTRO, TP_SETATTRO, TP_FLAGS, TP_VERSION_TAG = 144, 152, 168, 384
MANAGED_DICT, INLINE_VALUES, HEAPTYPE, VALID_VERSION = 1 << 4, 1 << 2, 1 << 9, 1 << 19
DICT_KEYS, KEYS_SPLIT = 32, 2   # PyDictObject.ma_keys; DICT_KEYS_SPLIT


def _word(addr: int) -> int:
    return ctypes.c_uint64.from_address(addr).value


def _c_address(name: str) -> int:
    return ctypes.cast(getattr(ctypes.pythonapi, name), ctypes.c_void_p).value or 0


class Layout:
    """The compiling interpreter's facts; `version` picks the IR's slot formula."""

    def __init__(self, version: tuple[int, int], ht_keys: int) -> None:
        self.version = version
        self.ht_keys = ht_keys   # offset of ht_cached_keys in PyHeapTypeObject
        self.generic_get = _c_address("PyObject_GenericGetAttr")
        self.generic_set = _c_address("PyObject_GenericSetAttr")

    def values(self, obj: object) -> int:
        """Address of obj's values array, 0 when it has none (a dict instead)."""
        a = id(obj)
        if self.version == (3, 11):
            return _word(a - 32)
        if self.version == (3, 12):
            w = _word(a - 24)
            return w + 1 if w & 1 else 0
        return a + 24 if ctypes.c_uint8.from_address(a + 19).value else 0

    def key_index(self, t: type, name: str) -> int:
        """Slot of `name` in t's shared keys, -1 if it has none."""
        keys = _word(id(t) + self.ht_keys)
        if not keys or ctypes.c_uint8.from_address(keys + 10).value != KEYS_SPLIT:
            return -1
        entries = keys + 32 + (1 << ctypes.c_uint8.from_address(keys + 9).value)
        for i in range(_word(keys + 24)):
            k = _word(entries + 16 * i)
            if k == id(name) or (k and ctypes.cast(k, ctypes.py_object).value == name):
                return i
        return -1

    def cacheable(self, t: type, setting: bool) -> bool:
        """Instances of t keep attributes in values arrays and t's attribute access is
        object's own (no __getattr__, __getattribute__, __setattr__ of the user's)."""
        flags = t.__flags__
        if not flags & HEAPTYPE or not flags & MANAGED_DICT:
            return False
        if self.version >= (3, 13) and (not flags & INLINE_VALUES or t.__basicsize__ != 16):
            return False
        slot, want = ((TP_SETATTRO, self.generic_set) if setting
                      else (TP_GETATTRO, self.generic_get))
        return _word(id(t) + slot) == want


    def generic_getattr(self, t: type) -> bool:
        """t's attribute lookup is PyObject_GenericGetAttr (not super's, a module's, ...)."""
        return _word(id(t) + TP_GETATTRO) == self.generic_get


def _probe() -> Layout | None:
    from lesto.backend.capi import REFCOUNT_SCHEME

    version = sys.version_info[:2]
    if not REFCOUNT_SCHEME or not (3, 11) <= version <= (3, 13) or sys.maxsize < 2**63 - 1:
        return None

    class Probe:
        def __init__(self) -> None:
            self.a, self.b, self.c = [1], [2], [3]

    first, second = Probe(), Probe()
    keys = _word(id(first.__dict__) + DICT_KEYS)   # a made dict shares the class's keys
    base = type.__basicsize__
    found = [o for o in range(8 * 50, base, 8) if _word(id(Probe) + o) == keys]
    if len(found) != 1:
        return None
    layout = Layout(version, found[0])
    if not layout.cacheable(Probe, False) or not layout.cacheable(Probe, True):
        return None
    values = layout.values(second)
    if not values or layout.key_index(Probe, "b") != 1:
        return None
    if version < (3, 13) and layout.values(first):   # 3.13's made dict shares the values
        return None
    if _word(values + 8) != id(second.b) or _word(values + 16) != id(second.c):
        return None
    if layout.key_index(Probe, "zz") != -1 or not _word(id(Probe) + TP_FLAGS) & HEAPTYPE:
        return None
    return layout


try:
    LAYOUT = _probe()
except Exception:   # a fact of this interpreter is not what the probe expects: no cache
    LAYOUT = None


DICT_VERSION = 24   # PyDictObject.ma_version_tag (3.10-3.13): changes on every mutation


def _probe_dict_versions() -> bool:
    """Whether a dict's version tag changes on each mutation and only then (3.14 drops it)."""
    if sys.version_info >= (3, 14) or sys.maxsize < 2**63 - 1:
        return False
    d = {"a": 1}
    seen = [_word(id(d) + DICT_VERSION)]
    for change in (lambda: d.__setitem__("a", 2), lambda: d.__setitem__("b", 3),
                   lambda: d.pop("a"), lambda: d.get("b")):
        change()
        seen.append(_word(id(d) + DICT_VERSION))
    return seen[0] != seen[1] != seen[2] != seen[3] and seen[3] == seen[4] and all(seen)


try:
    DICT_VERSIONS = _probe_dict_versions()
except Exception:
    DICT_VERSIONS = False


LONG_WORD, LONG_DIGIT = 16, 24   # PyLongObject: ob_size (3.10-3.11) / lv_tag (3.12+), digit 0


def _probe_small_ints() -> str | None:
    """How an exact int of one 30-bit digit is read: "size" (ob_size in -1..1 times digit 0,
    3.10-3.11), "tag" (lv_tag < 16, sign 1 - (tag & 3), 3.12-3.13), or None (not checked)."""
    if sys.maxsize < 2**63 - 1 or sys.int_info.bits_per_digit != 30 or \
            not (3, 10) <= sys.version_info[:2] <= (3, 13):
        return None
    scheme = "size" if sys.version_info < (3, 12) else "tag"
    for v in (0, 1, -1, 7, -123456, 2**30 - 1, -(2**30 - 1), 2**30, -2**40, 2**62):
        word = _word(id(v) + LONG_WORD)
        digit = ctypes.c_uint32.from_address(id(v) + LONG_DIGIT).value
        if scheme == "size":
            size = ctypes.c_int64.from_address(id(v) + LONG_WORD).value
            compact, value = -1 <= size <= 1, size * digit
        else:
            compact, value = word < 16, (1 - (word & 3)) * digit
        if compact != (abs(v) < 2**30) or (compact and value != v):
            return None
    return scheme


try:
    SMALL_INTS = _probe_small_ints()
except Exception:
    SMALL_INTS = None
