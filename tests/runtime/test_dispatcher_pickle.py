"""A jitted function pickles by reference, as a plain function does (multiprocessing relies on
it); copy and deepcopy give the same object."""
from __future__ import annotations

import copy
import pickle

import lesto


@lesto.jit
def twice(x):
    return 2 * x


class Holder:
    @lesto.jit
    def method(self, x):
        return x + 1


def test_pickle_by_reference() -> None:
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(twice, protocol)) is twice
    assert pickle.loads(pickle.dumps(Holder.method)) is Holder.__dict__["method"]
    assert copy.copy(twice) is twice and copy.deepcopy(twice) is twice
    assert pickle.loads(pickle.dumps(twice))(21) == 42
