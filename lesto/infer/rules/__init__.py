"""Typing tables: (operation, operand types) -> result type + the lowering key that implements it.

Each row is one fact; adding a type or an operator touches one table. Lowering keys are strings
(infer/ may not import backend/); the backend registers one function per key."""
from __future__ import annotations

from dataclasses import dataclass

from lesto.types.core import BOOL, FLOAT, INT, LType


@dataclass(frozen=True)
class Row:
    """`name(args...) -> result`, implemented by the lowering registered under `impl`."""

    name: str
    args: tuple[LType, ...]
    result: LType
    impl: str


# Implicit conversions allowed when matching a row: (from, to) -> (lowering key, cost).
# This is Python's numeric tower bool < int < float as data; the cheapest matching row wins.
COERCIONS: dict[tuple[LType, LType], tuple[str, int]] = {
    (BOOL, INT): ("conv.bool_to_int", 1),
    (INT, FLOAT): ("conv.int_to_float", 2),
    (BOOL, FLOAT): ("conv.bool_to_float", 3),
}


# Primitives that write to an array: a function using one is impure (backend/context.py).
WRITES = ("array.setitem", "array.setitem.hinted", "pymethod:fill", "array.assign_into",
          "pycall:operator.setitem")
WRITE_PREFIXES = ("pycall:lesto.runtime.slicing.setslice",
                  "obj.")   # object operations: see backend/lower_object.py, "effects"

# Builtin-call names whose typing is infer/arrays.py's (the frontend's naming of attribute,
# method, numpy, subscript-store, slice and augmented-assignment calls).
ARRAY_CALLS = ("np.", "attr.", "method.", "setitem", "getslice[", "setslice[", "inplace.")
