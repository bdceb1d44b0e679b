"""ir/nodes.py's Var: interned, so equal names are one object (identity hashing), and that
survives copying, pickling (the disk cache) and threads compiling at once."""
from __future__ import annotations

import copy
import pickle
import threading

import pytest

from lesto.ir.nodes import Const, Var


def test_one_var_per_name() -> None:
    a = Var("x:int")
    assert a is Var("x:int") and a == Var("x:int") and hash(a) == hash(Var("x:int"))
    assert a != Var("y:int") and a != Const("x:int") and a != "x:int"
    assert {a: 1}[Var("x:int")] == 1


def test_copies_and_pickles_are_the_same_var() -> None:
    a = Var("$t1:float")
    assert copy.copy(a) is a and copy.deepcopy([a, a])[0] is a
    assert pickle.loads(pickle.dumps(a)) is a
    assert repr(a) == "Var(name='$t1:float')" and str(a) == "$t1:float"


def test_immutable() -> None:
    with pytest.raises(AttributeError):
        Var("z").name = "w"  # type: ignore[misc]


def test_threads_racing_get_one_var() -> None:
    names = [f"race{i}" for i in range(2000)]
    got: list[list[Var]] = [[], []]
    barrier = threading.Barrier(2)

    def make(k: int) -> None:
        barrier.wait()
        got[k] = [Var(n) for n in names]

    threads = [threading.Thread(target=make, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(a is b for a, b in zip(*got))
