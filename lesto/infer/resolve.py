"""Look up an operation in the typing tables; choose the cheapest row reachable by coercions.

    resolve("binop.add", (INT, FLOAT)) -> Match(row=float.add row, coercions=("conv.int_to_float", None))
"""
from __future__ import annotations

from dataclasses import dataclass

from lesto.infer.rules import COERCIONS, Row
from lesto.infer.rules.builtins import ROWS as BUILTIN_ROWS
from lesto.infer.rules.complex import COERCIONS as COMPLEX_COERCIONS
from lesto.infer.rules.complex import ROWS as COMPLEX_ROWS
from lesto.infer.rules.npscalar import coercions, involves_numpy, numpy_decides, numpy_row
from lesto.infer.rules.operators import ROWS as OPERATOR_ROWS
from lesto.types.core import LType

COERCIONS.update(coercions())
COERCIONS.update(COMPLEX_COERCIONS)
TABLE: dict[str, list[Row]] = {}
for _row in OPERATOR_ROWS + BUILTIN_ROWS + COMPLEX_ROWS:
    TABLE.setdefault(_row.name, []).append(_row)


@dataclass(frozen=True)
class Match:
    row: Row
    coercions: tuple[str | None, ...]   # per argument: conversion key, or None when exact


def resolve(name: str, args: tuple[LType, ...]) -> Match | None:
    """The cheapest row for `name` applicable to `args`, or None."""
    if involves_numpy(args):
        row = numpy_row(name, args)
        if row is not None:
            return Match(row, tuple(None for _ in args))
        if numpy_decides(name, args):
            return None   # never Python's semantics for a numpy scalar operator
    best: Match | None = None
    best_cost = 1 << 30
    for row in TABLE.get(name, ()):
        if len(row.args) != len(args):
            continue
        cost = 0
        convs: list[str | None] = []
        for have, want in zip(args, row.args):
            if have == want:
                convs.append(None)
                continue
            conv = COERCIONS.get((have, want))
            if conv is None:
                break
            convs.append(conv[0])
            cost += conv[1]
        else:
            if cost < best_cost:
                best, best_cost = Match(row, tuple(convs)), cost
    return best


def known(name: str) -> bool:
    return name in TABLE


def explain(name: str, args: tuple[LType, ...]) -> str:
    """A one-line description of why `name(args)` has no row, listing what would work."""
    rows = TABLE.get(name, [])
    got = ", ".join(str(a) for a in args)
    if not rows:
        return f"{name} is not supported"
    options = "; ".join("(" + ", ".join(str(a) for a in r.args) + ")" for r in rows[:6])
    return f"got ({got}); supported: {options}"


def all_impl_keys() -> set[str]:
    """Every lowering key named by a row (the backend must register each)."""
    return {r.impl for rows in TABLE.values() for r in rows}
