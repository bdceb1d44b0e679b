"""backend/lower_object.direct_method_path: which method calls skip the lookup."""
from __future__ import annotations

import collections

import pytest

from lesto.backend.lower_object import direct_method_path
from lesto.runtime.engine import python_object
from lesto.types.core import OBJECT, PyObj


class Mine(list):
    pass


@pytest.mark.parametrize("pytype, name", [
    (str, "strip"), (list, "append"), (dict, "get"), (set, "add"), (bytes, "decode"),
    (bool, "bit_length"), (collections.deque, "popleft"), (tuple, "index"),
])
def test_descriptor_of_an_immutable_type(pytype, name):
    path = direct_method_path(PyObj(pytype), name)
    assert path is not None and not path.startswith("pin.")   # cacheable on disk
    owner = next(k for k in pytype.__mro__ if name in vars(k))
    assert python_object(path) is vars(owner)[name]


@pytest.mark.parametrize("t, name", [
    (PyObj(Mine), "append"),        # a heap type: its methods may change, may be overridden
    (OBJECT, "append"),             # type unknown
    (PyObj(str), "no_such_method"),
    (PyObj(dict), "fromkeys"),      # a classmethod
    (PyObj(str), "maketrans"),      # a staticmethod
    (PyObj(str), "__add__"),        # a slot wrapper
    (PyObj(type(print)), "__call__"),
])
def test_everything_else_keeps_the_lookup(t, name):
    assert direct_method_path(t, name) is None
