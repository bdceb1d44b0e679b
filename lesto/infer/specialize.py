"""Types -> typed IR: pick each operation's implementation, insert explicit conversions, split
unions with TypeCase, and give every (variable, type) pair its own typed slot.

A variable `x` that is an int in one place and `int | float` in another becomes two typed
variables `x:int` and `x:int | float`; on a CFG edge where the types differ a `to_union` moves
the value over.  An operation on a union operand becomes a `typecase` with one branch per
member, each typed with concrete operands, joined again after it:

    $t = binop add x, 1       (x: int | float)
  becomes
    typecase x:int | float [int: c1, float: c2]
    c1: $a:int = from_union x ; $r:int = prim int.add $a, 1 ; $t:int | float = to_union $r ; goto j
    c2: $b:float = from_union x ; ... prim float.add ... ; goto j
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lesto.infer.infer import Env, FunctionTypes, Program, SpecKey, live_successors
from lesto.infer.objects import (
    Typer, expand_object, is_object_op, python_operator, xint_result, xint_row,
)
from lesto.infer.optype import (
    Refusal, concrete_result, known_condition, narrowed, result_type, split_choices,
)
from lesto.infer.resolve import resolve
from lesto.ir.nodes import (
    Assign, BinOp, Block, Branch, CallBuiltin, CallFunc, CallSpec, Compare, Const, Deopt,
    FromUnion, Function, Jump, MakeTuple, Op, Prim, Return, ToUnion, Truth,
    TypeCase, UnaryOp, Value, Var, dest_of,
)
from lesto.types.core import (
    BOOL, BOTTOM, FLOAT, INT, NP, UNBOUND, UNDEFINED, XINT, ArrayExpr, LType, Tuple, Union,
)

# Union members with one machine form and the same value: a row that treats them alike may
# run on the union's payload without a type switch (see Specializer.uniform_union).
INTERCHANGEABLE = ({FLOAT, NP["float64"]}, {INT, NP["int64"]}, {BOOL, NP["bool"]})
from lesto.types.typeof import typeof


def spec_name(key: SpecKey, index: int) -> str:
    func = key[0]
    return f"lesto.{func.__module__}.{func.__qualname__}.{index}".replace("<", "_").replace(">", "_")


def specialize_program(prog: Program) -> dict[SpecKey, Function]:
    names = {key: spec_name(key, i) for i, key in enumerate(prog.functions)}
    return {key: Specializer(prog, key, names).run() for key in prog.functions}


@dataclass
class Typed:
    """A typed value: a typed Var or a Const, with its type."""

    value: Value
    type: LType


class Specializer:
    def __init__(self, prog: Program, key: SpecKey, names: dict[SpecKey, str]) -> None:
        self.prog = prog
        self.key = key
        self.names = names
        self.src: Function = prog.functions[key]
        self.ft: FunctionTypes = prog.types[key]
        self.ret = self.ft.return_type
        self.out = Function(names[key], [], [], self.src.filename, self.src.firstlineno,
                            pyname=self.src.name)
        self.out.return_type = self.ret
        self.out.parallel_loops = dict(self.src.parallel_loops)
        self.out.generator = self.src.generator
        self.blocks: dict[Block, Block] = {}
        self.cur_src: Block = self.src.entry   # the untyped block being specialized
        self.call_type = Typer(self.callee_type, key in prog.exact_ints)
        self.cur: Block | None = None
        self.ntemp = 0
        self.nblock = 0

    # ------------------------------------------------------------------ helpers
    def slot(self, v: Var, t: LType) -> Var:
        typed = Var(f"{v.name}:{t}")
        self.out.var_types[typed] = t
        return typed

    def temp(self, t: LType) -> Var:
        self.ntemp += 1
        v = Var(f"%{self.ntemp}:{t}")
        self.out.var_types[v] = t
        return v

    def new_block(self, hint: str) -> Block:
        self.nblock += 1
        b = Block(f"{hint}.{self.nblock}", handler=self.blocks.get(self.cur_src.handler))  # type: ignore[arg-type]
        self.out.blocks.append(b)
        return b

    def emit(self, op: Op) -> None:
        assert self.cur is not None
        self.cur.ops.append(op)

    def typed(self, v: Value, env: Env) -> Typed:
        if isinstance(v, Const):
            t = typeof(v.value)
            assert t is not None
            return Typed(v, t)
        t = env.get(v, UNDEFINED)
        if t == UNDEFINED:
            return Typed(Const(UNBOUND), UNDEFINED)
        return Typed(self.slot(v, t), t)

    def convert(self, x: Typed, want: LType, loc: tuple[int, int]) -> Value:
        """Move `x` into type `want` (a union containing it, or itself)."""
        if x.type == want:
            return x.value
        if isinstance(x.type, ArrayExpr):   # computed before it joins a union
            from lesto.infer.arrays import materialized
            from lesto.infer.expand import prim

            x = prim(self, "array.materialize", [x], materialized(x.type), loc)
            if x.type == want:
                return x.value
        dest = self.temp(want)
        self.emit(ToUnion(loc, dest, x.value))
        return dest

    # ------------------------------------------------------------------ driver
    def run(self) -> Function:
        states = self.ft.entry_states
        for b in self.src.blocks:
            if b in states:
                self.blocks[b] = Block(b.label)
        for b, typed in self.blocks.items():
            typed.handler = self.blocks.get(b.handler)  # type: ignore[arg-type]
        self.out.blocks = [self.blocks[self.src.entry]]
        self.out.args = [self.slot(a, t) for a, t in zip(self.src.args, self.key[1])]
        for b in self.src.blocks:
            if b in self.blocks:
                if b is not self.src.entry:
                    self.out.blocks.append(self.blocks[b])
                self.cur_src = b
                self.block(b, dict(states[b]))
        return self.out

    def block(self, b: Block, env: Env) -> None:
        self.cur = self.blocks[b]
        self.known: dict[Any, bool] = {}
        if b.handler is not None and b.handler in self.blocks:
            # The handler's variables, in its types, as they are on entry (Block.handler).
            self.edge(b.handler, env, b.ops[0].loc if b.ops else (0, 0))
        for op in b.ops:
            if isinstance(op, Deopt):
                self.emit(Deopt(op.loc, op.reason))
                return
            if isinstance(op, (Jump, Branch)):
                self.terminator(op, env)
                return
            if not self.operation(op, env):
                return

    def edge(self, succ: Block, env: Env, loc: tuple[int, int]) -> Block:
        for v, want in self.ft.entry_states[succ].items():
            have = self.typed(v, env)
            if have.type != want and isinstance(have.type, ArrayExpr):
                self.emit(Assign(loc, self.slot(v, want), self.convert(have, want, loc)))
            elif have.type != want:
                self.emit(ToUnion(loc, self.slot(v, want), have.value))
        return self.blocks[succ]

    def terminator(self, op: Op, env: Env) -> None:
        if isinstance(op, Jump):
            self.emit(Jump(op.loc, self.edge(op.target, env, op.loc)))
            return
        assert isinstance(op, Branch)
        cond = self.typed(op.cond, env)
        states = self.ft.entry_states
        live = [t for t in live_successors(self.cur_src, self.known)
                if t in states]
        targets = {t: self.edge(t, env, op.loc) for t in live}
        if len(live) == 2:
            self.emit(Branch(op.loc, cond.value, targets[op.if_true], targets[op.if_false]))
        elif len(live) == 1:
            self.emit(Jump(op.loc, targets[live[0]]))
        else:
            self.emit(Deopt(op.loc, "unreachable"))

    # ------------------------------------------------------------------ operations
    def operation(self, op: Op, env: Env) -> bool:
        """Emit `op`; return False when the block ends here (a certain deopt, or a return)."""
        operands = [self.typed(v, env) for v in op.operands()]
        types = [x.type for x in operands]
        if XINT in types:   # see optype.narrowed
            for i in narrowed(op, types, self.call_type):
                t = self.temp(INT)
                self.emit(Prim(op.loc, t, "xint.narrow", [operands[i].value]))
                operands[i] = Typed(t, INT)
            types = [x.type for x in operands]
        result = result_type(op, types, self.call_type)
        dest = dest_of(op)
        if dest is not None:
            k = known_condition(op, types, self.known, self.call_type)
            if k is None:
                self.known.pop(dest, None)
            else:
                self.known[dest] = k
        if result == BOTTOM:
            self.emit(Deopt(op.loc, f"{type(op).__name__} always fails here"))
            return False
        if isinstance(op, Return):
            result = self.ret
        target = self.slot(dest, result) if dest is not None else None
        if dest is not None:
            env[dest] = result
        combos = split_choices(op, types)
        same = self.uniform_union(op, operands, combos)
        if same is not None:
            operands, combos = same, [tuple(x.type for x in same)]
        if len(combos) == 1 and list(combos[0]) == [x.type for x in operands]:
            r = self.concrete(op, operands)
            if r is None:
                return False
            self.finish(op, r, target, result)
            return not isinstance(op, Return)
        join = self.new_block("join")
        self.split(op, operands, [], target, result, join)
        self.cur = join
        if isinstance(op, Return):
            self.emit(Deopt(op.loc, "unreachable"))
            return False
        return True

    def uniform_union(self, op: Op, operands: list[Typed],
                      combos: list[tuple[LType, ...]]) -> list[Typed] | None:
        """A union of interchangeable members (a Python float and an np.float64 have one
        machine form) needs no type switch when every combination uses the same row: the
        operation runs once on the union's payload.  `acc = 0.0; acc += a[i]` stays a
        straight-line loop although `acc` turns from float into np.float64."""
        name = row_name(op)
        unions = [x for x in operands if isinstance(x.type, Union)]
        if name is None or not unions or len(combos) < 2:
            return None
        canon: dict[int, LType] = {}
        for i, x in enumerate(operands):
            if isinstance(x.type, Union):
                members = set(x.type.members)
                group = next((g for g in INTERCHANGEABLE if members <= g), None)
                if group is None:
                    return None
                canon[i] = next(m for m in x.type.members if m not in (FLOAT, INT, BOOL))
        rows = {(m.row.impl, m.row.result, m.coercions) if m is not None else None
                for m in (resolve(name, c) for c in combos)}
        if len(rows) != 1 or None in rows:
            return None
        out = []
        for i, x in enumerate(operands):
            if i in canon:
                narrowed = self.temp(canon[i])
                self.emit(FromUnion(op.loc, narrowed, x.value))  # type: ignore[arg-type]
                x = Typed(narrowed, canon[i])
            out.append(x)
        return out

    def finish(self, op: Op, r: Typed, target: Var | None, result: LType) -> None:
        if isinstance(op, Return):
            self.emit(Return(op.loc, self.convert(r, self.ret, op.loc)))
            return
        if target is not None:
            self.emit(Assign(op.loc, target, self.convert(r, result, op.loc)))

    def split(self, op: Op, operands: list[Typed], chosen: list[Typed], target: Var | None,
              result: LType, join: Block) -> None:
        i = len(chosen)
        if i == len(operands):
            try:
                typeable = concrete_result(op, tuple(c.type for c in chosen),
                                           self.call_type) != BOTTOM
            except Refusal:
                typeable = False
            if not typeable:
                # This combination raises in CPython (e.g. `None > 1`): the interpreter does it.
                self.emit(Deopt(op.loc, f"{type(op).__name__} on these types raises"))
                return
            r = self.concrete(op, chosen)
            if r is None:
                return
            self.finish(op, r, target, result)
            if not isinstance(op, Return):
                self.emit(Jump(op.loc, join))
            return
        x = operands[i]
        choices = sorted({c[i] for c in split_choices(op, [o.type for o in operands])}, key=str)
        if len(choices) == 1 and choices[0] == x.type:
            self.split(op, operands, chosen + [x], target, result, join)
            return
        assert isinstance(x.value, Var) and isinstance(x.type, Union)
        cases = [(c, self.new_block("case")) for c in choices]
        self.emit(TypeCase(op.loc, x.value, [(c, b) for c, b in cases if c in x.type.members]
                           + [(m, b) for c, b in cases if isinstance(c, Union)
                              for m in c.members]))
        for c, b in cases:
            self.cur = b
            if c == UNDEFINED:
                self.emit(Deopt(op.loc, "local variable read before assignment"))
                continue
            narrowed = self.temp(c)
            self.emit(FromUnion(op.loc, narrowed, x.value))
            self.split(op, operands, chosen + [Typed(narrowed, c)], target, result, join)

    def callee_type(self, func: Any, types: tuple[LType, ...]) -> LType:
        ft = self.prog.types.get((func, tuple(types)))
        return ft.return_type if ft is not None else BOTTOM

    def concrete(self, op: Op, args: list[Typed]) -> Typed | None:
        """Emit `op` for concrete operand types; None when it deopts unconditionally."""
        from lesto.infer.expand import expand

        if any(a.type == UNDEFINED for a in args):
            self.emit(Deopt(op.loc, "local variable read before assignment"))
            return None
        if any(isinstance(a.type, ArrayExpr) for a in args):
            from lesto.infer.arrays import materialize_args

            args = materialize_args(self, op, args)
        if isinstance(op, (Assign, Return)):
            return args[0]
        match = xint_row(op, [a.type for a in args], self.call_type)
        if match is not None:
            return self.row(op.name if isinstance(op, CallBuiltin) else row_name(op) or "",
                            args, op.loc, xint=python_operator(op))
        if is_object_op(op, [a.type for a in args], self.call_type):
            return expand_object(self, op, args)
        if isinstance(op, MakeTuple):
            dest = self.temp(Tuple(tuple(a.type for a in args)))
            self.emit(MakeTuple(op.loc, dest, [a.value for a in args]))
            return Typed(dest, self.out.var_types[dest])
        if isinstance(op, CallFunc):
            key = (op.func, tuple(a.type for a in args))
            ret = self.prog.types[key].return_type
            if ret == BOTTOM:
                self.emit(Deopt(op.loc, "callee never returns"))
                return None
            dest = self.temp(ret)
            self.emit(CallSpec(op.loc, dest, self.names[key], [a.value for a in args]))
            return Typed(dest, ret)
        name = row_name(op)
        if name is not None and resolve(name, tuple(a.type for a in args)) is not None:
            return self.row(name, args, op.loc)
        return expand(self, op, args)

    def row(self, name: str, args: list[Typed], loc: tuple[int, int],
            xint: str = "") -> Typed | None:
        """The row `name` resolves to on `args`; with `xint` (a Python operator), run with an
        exact fallback, `xint.<operator>:<row>` (infer/objects.xint_row)."""
        match = resolve(name, tuple(a.type for a in args))
        assert match is not None
        vals: list[Value] = []
        for a, conv, want in zip(args, match.coercions, match.row.args):
            if conv is None:
                vals.append(a.value)
            else:
                t = self.temp(want)
                self.emit(Prim(loc, t, conv, [a.value]))
                vals.append(t)
        impl = match.row.impl
        if impl == "same":
            return Typed(vals[0], match.row.result)
        if impl in ("const.true", "const.false"):
            return Typed(Const(impl == "const.true"), BOOL)
        if impl == "deopt":
            self.emit(Deopt(loc, name))
            return None
        if xint:
            result = xint_result(match)
            dest = self.temp(result)
            self.emit(Prim(loc, dest, f"xint.{xint}:{impl}", vals))
            return Typed(dest, result)
        dest = self.temp(match.row.result)
        self.emit(Prim(loc, dest, impl, vals))
        return Typed(dest, match.row.result)


def row_name(op: Op) -> str | None:
    if isinstance(op, BinOp):
        return f"binop.{op.op}"
    if isinstance(op, UnaryOp):
        return f"unary.{op.op}"
    if isinstance(op, Compare):
        return f"compare.{op.op}"
    if isinstance(op, Truth):
        return "truth"
    if isinstance(op, CallBuiltin):
        return op.name
    return None
