"""Scoped alias metadata for array element accesses: what opt/aliasing.py knows about where
each array variable's memory came from, told to LLVM.

Each root of a function (its arguments, each allocation site) gets a scope in one domain of
the function's own; a load or store of an element through a variable with root R carries

    !alias.scope !{R}    !noalias !{every other root of the function}

so LLVM's alias analysis knows it touches none of the memory reached through the other
roots (the vectorizer then needs no run-time overlap test between, say, jacobi's two grids).
An access through a variable without a root carries nothing and may alias anything.
Inlining keeps this sound: LLVM clones an inlined body's scopes, and no claim crosses from
a callee's scopes to its caller's."""
from __future__ import annotations

from llvmlite import ir

from lesto.ir.nodes import Function, Value, Var
from lesto.opt.aliasing import array_roots


class SelfNamed(ir.values.MDValue):
    """A metadata node whose first operand is itself (how LLVM makes a scope, a domain or a
    loop ID unique): compared and hashed by identity, as its operands hold it."""

    __hash__ = object.__hash__

    def __eq__(self, other: object) -> bool:
        return self is other

    def __ne__(self, other: object) -> bool:
        return self is not other


def self_named(module: ir.Module, *rest: ir.Value) -> SelfNamed:
    node = SelfNamed(module, list(rest), name=str(len(module.metadata)))
    node.operands = (node, *rest)
    return node


class AliasTags:
    """The (alias.scope, noalias) pair of each array variable of `fn` that has a root."""

    def __init__(self, module: ir.Module, fn: Function) -> None:
        roots = array_roots(fn)
        self.tags: dict[Var, tuple[ir.Value, ir.Value]] = {}
        names = sorted(set(roots.values()))
        if len(names) < 2:        # one root: nothing to tell apart
            return
        domain = self_named(module, ir.MetaDataString(module, f"{fn.name} arrays"))
        scopes = {r: self_named(module, domain, ir.MetaDataString(module, f"{fn.name} {r}"))
                  for r in names}
        pairs = {r: (module.add_metadata([scopes[r]]),
                     module.add_metadata([scopes[o] for o in names if o != r]))
                 for r in names}
        self.tags = {v: pairs[r] for v, r in roots.items()}

    def of(self, v: Value) -> tuple[ir.Value, ir.Value] | None:
        return self.tags.get(v) if isinstance(v, Var) else None


def tag(instr: ir.Instruction, pair: tuple[ir.Value, ir.Value] | None) -> None:
    """Mark a load or store of an array element with its array's scopes (None: no claim)."""
    if pair is not None:
        instr.set_metadata("alias.scope", pair[0])
        instr.set_metadata("noalias", pair[1])
