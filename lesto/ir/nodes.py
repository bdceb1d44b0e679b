"""IR values, operations, blocks and functions: one control-flow graph per Python function.

The frontend builds *untyped* IR (BinOp, Compare, CallBuiltin, ...) whose operands are `Var`s
(locals and `$`-temporaries, assignable many times) and `Const`s.  Specialization rewrites it into
*typed* IR in which every Var has exactly one type (`Function.var_types`) and every operation is
explicit about its implementation (`Prim` names a lowering key, `ToUnion`/`FromUnion` move values
in and out of tagged unions, `TypeCase` branches on a union's run-time type).

Example: `def f(a, b): return a + b` becomes (untyped)

    entry:
        $t0 = binop add a, b
        return $t0

and, for the signature (int, float), (typed)

    entry:
        $t1: float = prim conv.int_to_float a
        $t0: float = prim float.add $t1, b
        return $t0

Every operation carries `loc` (line, column in the user's file) so any refusal or run-time
deoptimisation can name where it came from.
"""
from __future__ import annotations

import copy as _copy
from dataclasses import dataclass, field
from typing import Any, final

from lesto.types.core import LType

Loc = tuple[int, int]
NO_LOC: Loc = (0, 0)


# ----------------------------------------------------------------------------- values
@final
class Var:
    """A named storage place: a Python local or a `$`-temporary. Untyped until specialization.

    Interned: `Var(name)` is the one Var of that name, so equality and hashing are the
    object's identity, in C (the dataflow passes hash Vars by the hundred thousand)."""

    __slots__ = ("name",)
    name: str
    _interned: dict[str, "Var"] = {}

    def __new__(cls, name: str) -> "Var":
        var = cls._interned.get(name)
        if var is None:   # setdefault: one winner when two compiling threads race here
            new = object.__new__(cls)
            object.__setattr__(new, "name", name)
            var = cls._interned.setdefault(name, new)
        return var

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError("a Var is immutable")

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (Var, (self.name,))

    def __copy__(self) -> "Var":
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> "Var":
        return self

    def __repr__(self) -> str:
        return f"Var(name={self.name!r})"

    def __str__(self) -> str:
        return self.name


@final
@dataclass(frozen=True)
class Const:
    """A Python constant (int, float, bool, None, or a tuple of those)."""

    value: Any

    def __str__(self) -> str:
        return repr(self.value)

    def __hash__(self) -> int:   # an object constant (a dict, a list default) may be unhashable
        try:
            return hash(self.value)
        except TypeError:
            return id(self.value)


Value = Var | Const


# ----------------------------------------------------------------------------- operations
@dataclass
class Op:
    """Base of every operation. `dest` is None for terminators. Never subclass a concrete op."""

    loc: Loc

    def operands(self) -> list[Value]:
        return []

    def targets(self) -> list["Block"]:
        return []

    def copy(self) -> "Op":
        """A copy that shares the (immutable) values, types and constants but not the
        lists, so a pass may change either copy's operands: deepcopy would also copy an
        object constant (a different object) and costs ~10x more."""
        new = _copy.copy(self)
        for name, value in vars(new).items():
            if isinstance(value, list):
                setattr(new, name, list(value))
        return new


@final
@dataclass
class Assign(Op):
    """dest = src (a copy; in typed IR both sides have the same type)."""

    dest: Var
    src: Value

    def operands(self) -> list[Value]:
        return [self.src]


@final
@dataclass
class BinOp(Op):
    """Untyped binary operator: op is an `ast` operator name in lower case ('add', 'floordiv', ...)."""

    dest: Var
    op: str
    left: Value
    right: Value
    inplace: bool = False   # `x op= y`: objects use the in-place form (PyNumber_InPlace*)

    def operands(self) -> list[Value]:
        return [self.left, self.right]


@final
@dataclass
class UnaryOp(Op):
    """Untyped unary operator: 'neg', 'pos', 'invert' or 'not'."""

    dest: Var
    op: str
    operand: Value

    def operands(self) -> list[Value]:
        return [self.operand]


@final
@dataclass
class Compare(Op):
    """Untyped single comparison: 'eq','ne','lt','le','gt','ge','is','isnot'."""

    dest: Var
    op: str
    left: Value
    right: Value

    def operands(self) -> list[Value]:
        return [self.left, self.right]


@final
@dataclass
class Truth(Op):
    """dest = bool(value), as an `if` or `while` test sees it."""

    dest: Var
    value: Value

    def operands(self) -> list[Value]:
        return [self.value]


@final
@dataclass
class CallBuiltin(Op):
    """Call of a builtin or math function named like 'abs', 'math.sqrt', 'range.count'."""

    dest: Var
    name: str
    args: list[Value]

    def operands(self) -> list[Value]:
        return list(self.args)


@final
@dataclass
class CallFunc(Op):
    """Call of a user Python function (compiled too, for the argument types it is given)."""

    dest: Var
    func: Any  # a Python function object
    args: list[Value]

    def operands(self) -> list[Value]:
        return list(self.args)


@final
@dataclass
class MakeTuple(Op):
    dest: Var
    items: list[Value]

    def operands(self) -> list[Value]:
        return list(self.items)


@final
@dataclass
class GetItem(Op):
    """dest = obj[index] (untyped; index may be a variable)."""

    dest: Var
    obj: Value
    index: Value

    def operands(self) -> list[Value]:
        return [self.obj, self.index]


# ---- typed-only operations (produced by infer/specialize.py)
@final
@dataclass
class Prim(Op):
    """dest = impl(args): a primitive whose lowering is registered under the key `impl`."""

    dest: Var
    impl: str
    args: list[Value]

    def operands(self) -> list[Value]:
        return list(self.args)


@final
@dataclass
class ToUnion(Op):
    """dest (a union) = src (one of its members, or a smaller union)."""

    dest: Var
    src: Value

    def operands(self) -> list[Value]:
        return [self.src]


@final
@dataclass
class FromUnion(Op):
    """dest (a member type) = src (a union known, by a dominating TypeCase, to hold that member)."""

    dest: Var
    src: Var

    def operands(self) -> list[Value]:
        return [self.src]


@final
@dataclass
class TupleGet(Op):
    """dest = tup[index] with a constant, in-range, non-negative index."""

    dest: Var
    tup: Value
    index: int

    def operands(self) -> list[Value]:
        return [self.tup]


@final
@dataclass
class CallSpec(Op):
    """Call of another compiled specialization (native to native); `spec` is its key."""

    dest: Var
    spec: Any
    args: list[Value]

    def operands(self) -> list[Value]:
        return list(self.args)


# ---- terminators
@final
@dataclass
class Jump(Op):
    target: "Block"

    def targets(self) -> list["Block"]:
        return [self.target]


@final
@dataclass
class Branch(Op):
    """Go to if_true when cond (a bool) holds, else to if_false."""

    cond: Value
    if_true: "Block"
    if_false: "Block"

    def operands(self) -> list[Value]:
        return [self.cond]

    def targets(self) -> list["Block"]:
        return [self.if_true, self.if_false]


@final
@dataclass
class TypeCase(Op):
    """Branch on the run-time member type of a union value (typed IR only)."""

    value: Var
    cases: list[tuple[LType, "Block"]]

    def operands(self) -> list[Value]:
        return [self.value]

    def targets(self) -> list["Block"]:
        return [b for _, b in self.cases]


@final
@dataclass
class Return(Op):
    value: Value

    def operands(self) -> list[Value]:
        return [self.value]


@final
@dataclass
class Deopt(Op):
    """Leave native code: the call is re-run in the interpreter (used for `raise`, `assert`,
    reads of unbound locals, and anything whose exact result native code cannot give)."""

    reason: str


TERMINATORS = (Jump, Branch, TypeCase, Return, Deopt)


# ----------------------------------------------------------------------------- containers
@dataclass(eq=False)
class Block:
    """A basic block: operations, the last of which (once built) is a terminator.  `handler`
    is the `except` block an exception raised in it goes to (None: out of the function); a
    handler starts with the state the block has on entry (each statement of a `try` body
    is a block of its own, so that state is the one before the raising statement).
    `short_loop` marks the header of a loop that runs few iterations (opt/short_loops.py):
    every jump to it is a back edge, and LLVM is told not to unroll that loop at run time."""

    label: str
    ops: list[Op] = field(default_factory=list)
    handler: "Block | None" = None
    short_loop: bool = False

    @property
    def terminator(self) -> Op | None:
        if self.ops and isinstance(self.ops[-1], TERMINATORS):
            return self.ops[-1]
        return None

    def successors(self) -> list["Block"]:
        term = self.terminator
        return term.targets() if term is not None else []

    def __repr__(self) -> str:
        return f"Block({self.label})"


@dataclass(eq=False)
class Function:
    """One Python function as a CFG. `var_types` is filled in typed IR only."""

    name: str
    args: list[Var]
    blocks: list[Block]
    filename: str = "<unknown>"
    firstlineno: int = 0
    var_types: dict[Var, LType] = field(default_factory=dict)
    pyname: str = ""       # the Python function's own name (tracebacks); "" for lesto's own
    return_type: LType | None = None
    globals_read: dict[str, Any] = field(default_factory=dict)  # frozen when compiled
    # head block label of each `prange` loop -> its reductions (name -> operator, '' if none)
    parallel_loops: dict[str, dict[str, str]] = field(default_factory=dict)
    # a generator function (`yield` in its body): its code is a resumable body behind a
    # generator object (backend/lower_generator.py); return_type is then the object's
    generator: bool = False

    @property
    def entry(self) -> Block:
        return self.blocks[0]


def dest_of(op: Op) -> Var | None:
    """The variable an operation assigns, if any."""
    return getattr(op, "dest", None)
