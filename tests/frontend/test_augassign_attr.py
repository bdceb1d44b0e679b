"""Augmented assignment to attributes: an object's attribute compiles (tests/data/
run-objects-attrs.py); a module's attribute (`math.pi += 1`) is still refused, located."""
from __future__ import annotations

import math

import pytest

import lesto


def bump_module_attribute(x):
    math.tau += x
    return x


def test_module_attribute_augassign_is_refused_with_location() -> None:
    f = lesto.jit(objects=True, strict=True)(bump_module_attribute)
    with pytest.raises(lesto.CompileError) as info:
        f(1)
    err = info.value
    assert err.code == "L007"
    assert err.lineno == bump_module_attribute.__code__.co_firstlineno + 1
    assert err.col_offset == 4
    assert "cannot assign to math.tau" in str(err)
    assert "assign to plain local names" in str(err)


def test_object_attribute_augassign_compiles_strict() -> None:
    class Holder:
        def __init__(self):
            self.n = 1

    def bump(h, k):
        h.n += k
        return h.n

    h = Holder()
    assert lesto.jit(objects=True, strict=True)(bump)(h, 41) == 42
    assert h.n == 42
