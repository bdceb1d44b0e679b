"""Typed IR function -> LLVM function.  One alloca per typed variable (LLVM's mem2reg/SROA turn
them into registers), except the temporaries that live within one block (`block_local`), which
are LLVM values from the start; each op is lowered by its visitor method; primitives go through
the registry of lowering functions.

Calling convention of every compiled core function: the status and the result come back
together, in registers (a struct the ABI returns in two registers when the result is one word):

    {i32, <ret repr>} @name(<arg reprs>...)   ; status STATUS_OK / STATUS_ERROR / STATUS_DEOPT

    def f(a, b): return a + b    (int, int)
    ->  %r = call {i64, i1} @llvm.sadd.with.overflow.i64(%a, %b) ; br overflow, %deopt, %ok
        ok: ret {i32 0, i64 %sum}        deopt: ret {i32 2, i64 undef}
"""
from __future__ import annotations

import sys

from llvmlite import ir

from lesto.backend import capi, objrefs
from lesto.backend.alias import AliasTags, self_named
from lesto.backend.capi import PTR
from lesto.backend.context import I1, I32, I64, I8, STATUS_DEOPT, STATUS_ERROR, STATUS_OK, LowerCtx
from lesto.backend.inline import recursive
from lesto.backend.registry import load_all, load_numpy
from lesto.backend.reprs import (
    array_components, constant, from_union, repr_of, to_union,
)
from lesto.ir import cfg
from lesto.ir.nodes import (
    Assign, Block, Branch, CallSpec, Const, Deopt, FromUnion, Function, Jump, MakeTuple, Op,
    Prim, Return, ToUnion, TupleGet, TypeCase, Value, Var,
)
from lesto.opt.ranges import SMALL
from lesto.types.core import (
    NONE, UNDEFINED, XINT, LType, Union, holds_array, is_object, tag_of,
)
from lesto.types.typeof import typeof


def result_type(ret: LType) -> ir.LiteralStructType:
    """What a core function returns: {status, result}."""
    return ir.LiteralStructType([I32, repr_of(ret)])


# Recursion depth: a function in a recursive cycle takes its depth as a last, hidden argument
# (the entry and other callers pass 0, the cycle's own calls depth + 1, tested there) and a
# call beyond recursion_limit() deopts, so the interpreter raises CPython's RecursionError;
# native frames had no other bound, and a deep recursion overflowed the C stack (a
# segfault).  A register argument, unlike a counter in a global, is exact in every thread and
# costs no memory access; fib(32), nothing but calls, pays ~10% for it.
MAX_DEPTH = 10000   # native frames of ~100-300 bytes: a few MB of C stack at most


def recursion_limit() -> int:
    """Python's recursion limit when the function is compiled, at most MAX_DEPTH."""
    return min(sys.getrecursionlimit(), MAX_DEPTH)


def function_type(fn: Function, depth: bool = False) -> ir.FunctionType:
    assert fn.return_type is not None
    args = [repr_of(fn.var_types[a]) for a in fn.args] + ([I64] if depth else [])
    return ir.FunctionType(result_type(fn.return_type), args)


def status_result(b: ir.IRBuilder, ret: LType, status: ir.Value | int,
                  value: ir.Value | None = None) -> ir.Value:
    """The {status, result} pair a core function returns (result undefined unless given)."""
    if isinstance(status, int):
        status = ir.Constant(I32, status)
    pair = b.insert_value(ir.Constant(result_type(ret), ir.Undefined), status, 0)
    return pair if value is None else b.insert_value(pair, value, 1)


def short_loop_id(module: ir.Module) -> ir.values.MDValue:
    """The ID of a loop that runs at most opt/short_loops.SHORT_TRIP iterations: no unrolling
    at run time, whose remainder loop and trip-count arithmetic cost more than such a loop's
    work (k-means' loops over 2 coordinates: 24.5 -> 18.3-20.1 ms)."""
    hint = module.add_metadata([ir.MetaDataString(module, "llvm.loop.unroll.runtime.disable")])
    return self_named(module, hint)   # a loop ID's first operand is itself (LLVM's rule)


def block_local(fn: Function) -> frozenset[Var]:
    """The block-local variables (ir/cfg.block_local) of plain (non-object) types: the
    lowering keeps them as LLVM values, no stack slot.  Most of the specializer's temporaries
    are such (`%3 = prim float.add a, b; x = %3`); their store/load pairs were a quarter of
    an array kernel's IR text, which the quick tier prints, parses and then has SROA undo
    (jacobi: 4644 -> 3469 lines)."""
    return frozenset(v for v in cfg.block_local(fn)
                     if (t := fn.var_types.get(v)) is not None and t not in (NONE, UNDEFINED)
                     and not is_object(t) and t != XINT)


def declare(module: ir.Module, fn: Function, name: str | None = None,
            depth: bool = False) -> ir.Function:
    f = ir.Function(module, function_type(fn, depth), name=name or fn.name)
    f.linkage = "internal"
    f.attributes.add("nounwind")
    return f


class FunctionLowerer:
    """Lowers one typed Function into its already-declared LLVM function."""

    registers = True     # block-local temporaries as LLVM values (see block_local)

    def __init__(self, module: ir.Module, fn: Function, llfn: ir.Function,
                 impure: bool = False, boundscheck: bool = True,
                 dirty: bool = False, frames: bool = False, depth: bool = False) -> None:
        self.module = module
        self.frames = frames
        self.fn = fn
        self.llfn = llfn
        self.lowerings = load_all()
        entry = llfn.append_basic_block("entry")
        self.builder = ir.IRBuilder(entry)
        self.direct = block_local(fn) if self.registers else frozenset()
        self.values: dict[Var, ir.Value] = {}    # of the `direct` variables, in this block
        self.alias = AliasTags(module, fn)
        self.slots: dict[Var, ir.Value] = self.make_slots()
        self.impure_callees: set[str] = set()
        assert fn.return_type is not None
        deopt = llfn.append_basic_block("deopt")
        ir.IRBuilder(deopt).ret(ir.Constant(result_type(fn.return_type), [STATUS_DEOPT, None]))
        error = llfn.append_basic_block("error")
        ir.IRBuilder(error).ret(ir.Constant(result_type(fn.return_type), [STATUS_ERROR, None]))
        self.ctx = LowerCtx(self.builder, module, deopt, error_block=error, impure=impure,
                            boundscheck=boundscheck, filename=fn.filename)
        self.bind_arguments()
        self.depth = self.depth_check() if depth else None
        self.blocks = {b: llfn.append_basic_block(b.label) for b in fn.blocks}
        self.loop_ids: dict[Block, ir.values.MDValue] = {}
        self.source: Block = fn.blocks[0]   # the block being lowered
        self.block_lines: dict[ir.Block, int] = {}

        if dirty:   # a parallel loop body of a function that writes arrays: never re-run
            self.ctx.entry_alloca("dirty", I1, ir.Constant(I1, 1))
        self.ctx.entry_alloca("overflow", I1, ir.Constant(I1, 0))  # see LowerCtx.overflow_if
        self.ctx.entry_alloca("window", I64, ir.Constant(I64, 0))  # and ..._outside_window
        self.enter()

    # ------------------------------------------------------------------ the frame
    # (hooks: a generator's body keeps its variables in a heap frame, see lower_generator)
    def make_slots(self) -> dict[Var, ir.Value]:
        """A stack slot per variable that carries data (None and unbound carry none)."""
        return {v: self.builder.alloca(repr_of(t), name=v.name)
                for v, t in self.fn.var_types.items()
                if t not in (NONE, UNDEFINED) and v not in self.direct}

    def bind_arguments(self) -> None:
        """The arguments into their slots; object variables own their references."""
        objrefs.bind_arguments(self)

    def depth_check(self) -> ir.Value:
        """The recursion depth argument (see recursion_limit).  It is tested where the
        function calls deeper, not on entry: a call that would pass the limit leaves for the
        interpreter (or, after a write to an array, raises CPython's RecursionError), and the
        calls that recurse no further (fib's leaves, half its calls) test nothing."""
        assert len(self.llfn.args) == len(self.fn.args) + 1
        return self.llfn.args[-1]

    def deeper(self) -> ir.Value:
        """The depth to pass to a call in the recursive cycle, once tested against the limit."""
        b = self.builder
        if self.depth is None:      # called from outside the cycle: it starts there
            return ir.Constant(I64, 0)
        depth = b.add(self.depth, ir.Constant(I64, 1))
        self.ctx.deopt_if(
            b.icmp_unsigned(">", depth, ir.Constant(I64, recursion_limit())),
            "recursion deeper than the interpreter's limit",
            lambda c: c.set_error("PyExc_RecursionError", "maximum recursion depth exceeded"))
        return depth

    def enter(self) -> None:
        """End the entry block: on to the first block of the body."""
        self.builder.branch(self.blocks[self.fn.blocks[0]])

    def type_of(self, v: Value) -> LType:
        if isinstance(v, Const):
            t = typeof(v.value)
            assert t is not None
            return t
        return self.fn.var_types[v]

    def load(self, v: Value) -> ir.Value:
        if isinstance(v, Const):
            if objrefs.is_object_constant(v.value):
                return objrefs.constant(self.builder, v.value)
            return constant(v.value)
        if v in self.direct:
            return self.values[v]
        slot = self.slots.get(v)
        if slot is None:
            return ir.Constant(I8, 0)
        return self.builder.load(slot, typ=repr_of(self.fn.var_types[v]))

    def store(self, dest: Var, value: ir.Value, copy: bool = False) -> None:
        """`copy`: an object value owned elsewhere (else a new reference, see objrefs)."""
        if dest in self.direct:
            self.values[dest] = value
            return
        slot = self.slots.get(dest)
        if slot is not None:
            if is_object(self.fn.var_types[dest]):
                objrefs.store(self.builder, slot, value, copy)
                return
            if self.fn.var_types[dest] == XINT:
                objrefs.store_xint(self.builder, slot, value, copy)
                return
            self.builder.store(value, slot)

    def lower(self) -> None:
        error = self.ctx.error_block
        self.deaths = deaths = objrefs.Deaths(self.fn)
        for b in self.fn.blocks:
            self.source = b
            self.values.clear()
            self.builder.position_at_end(self.blocks[b])
            # errors raised in a try body go to its handler (Block.handler)
            self.ctx.error_block = self.blocks[b.handler] if b.handler is not None else error
            for v in deaths.entry.get(b, ()):
                objrefs.release(self.builder, self.slots[v])
            for op in b.ops:
                self.op(op)
                for v in deaths.after.get(id(op), ()):
                    if v in self.slots:
                        objrefs.release(self.builder, self.slots[v])
            if not self.builder.block.is_terminated:
                self.builder.branch(self.ctx.deopt_block)
        assert error is not None
        if self.frames and self.fn.pyname and \
                any(is_object(t) for t in self.fn.var_types.values()):
            traceback_entries(self.builder, self.fn, error, self.block_lines)
        self.release_arena()
        objrefs.release_slots(self)

    def exits(self) -> list[ir.Instruction]:
        """The function's `ret` instructions, where what it owns is released."""
        return [block.terminator for block in self.llfn.blocks
                if block.terminator is not None and block.terminator.opname == "ret"]

    def release_arena(self) -> None:
        """Arrays the function created are released at every exit (see lower_array)."""
        arena = self.ctx.scratch.get("arena")
        if arena is None:
            return
        for term in self.exits():
            self.builder.position_before(term)
            capi.call(self.builder, "Py_DecRef", [self.builder.load(arena, typ=PTR)])

    # ------------------------------------------------------------------ one op
    def op(self, op: Op) -> None:
        self.ctx.loc = op.loc
        method = getattr(self, "op_" + type(op).__name__)
        if not self.frames:
            method(op)
            return
        first, n = self.builder.block, len(self.llfn.blocks)
        method(op)
        for block in [first] + self.llfn.blocks[n:]:   # the source line of each block
            self.block_lines.setdefault(block, op.loc[0])

    def op_Assign(self, op: Assign) -> None:
        if id(op) in self.deaths.moves:   # src dies here: its reference moves to dest
            assert isinstance(op.src, Var)
            self.store(op.dest, self.load(op.src), copy=False)
            self.builder.store(ir.Constant(PTR, None), self.slots[op.src])
            return
        self.store(op.dest, self.load(op.src), copy=True)

    def op_Prim(self, op: Prim) -> None:
        fn = self.lowerings.get(op.impl) or self.lowerings.get(op.impl.split(":")[0])
        if fn is None:
            self.lowerings = load_numpy()
            fn = self.lowerings.get(op.impl) or self.lowerings.get(op.impl.split(":")[0])
        if fn is None:
            raise KeyError(f"no lowering registered for {op.impl!r}")
        self.ctx.prim_key = op.impl
        self.ctx.alias = self.alias.of(op.args[0]) if op.args else None
        self.ctx.arg_types = [self.type_of(a) for a in op.args]
        self.ctx.result_type = self.fn.var_types[op.dest]
        result = fn(self.ctx, [self.load(a) for a in op.args])
        self.store(op.dest, result)

    def op_ToUnion(self, op: ToUnion) -> None:
        src_t = self.type_of(op.src)
        if is_object(self.fn.var_types[op.dest]):
            obj, new = objrefs.to_object(self, self.load(op.src), src_t,
                                         self.fn.var_types[op.dest])
            self.store(op.dest, obj, copy=not new)
            return
        self.store(op.dest, to_union(self.builder, self.load(op.src), src_t,
                                     self.fn.var_types[op.dest]), copy=True)

    def op_FromUnion(self, op: FromUnion) -> None:
        if is_object(self.fn.var_types[op.dest]):   # out of `unbound | object`: a copy
            value = self.load(op.src)
            if self.type_of(op.src) == XINT:   # the PyLong an XINT holds
                value = from_union(self.builder, value, self.fn.var_types[op.dest])
            self.store(op.dest, value, copy=True)
            return
        self.store(op.dest, from_union(self.builder, self.load(op.src),
                                       self.fn.var_types[op.dest]))

    def op_MakeTuple(self, op: MakeTuple) -> None:
        ty = repr_of(self.fn.var_types[op.dest])
        value: ir.Value = ir.Constant(ty, ir.Undefined)
        for i, item in enumerate(op.items):
            value = self.builder.insert_value(value, self.load(item), i)
        self.store(op.dest, value)

    def op_TupleGet(self, op: TupleGet) -> None:
        self.store(op.dest, self.builder.extract_value(self.load(op.tup), op.index))

    def op_CallSpec(self, op: CallSpec) -> None:
        self.ctx.check_overflow()
        callee = self.module.globals[op.spec]
        ret_t = self.fn.var_types[op.dest]
        b = self.builder
        args = [self.load(a) for a in op.args]
        if len(callee.args) == len(args) + 1:   # a function in a recursive cycle
            args.append(self.deeper())
        result = b.call(callee, args)
        status = b.extract_value(result, 0)
        failed = b.icmp_unsigned("!=", status, ir.Constant(I32, STATUS_OK))
        assert self.ctx.error_block is not None
        with b.if_then(failed, likely=False):
            deopted = b.icmp_unsigned("==", status, ir.Constant(I32, STATUS_DEOPT))
            b.cbranch(deopted, self.ctx.exit_block(f"call at line {op.loc[0]} needs the "
                                                   "interpreter"), self.ctx.error_block)
        value = b.extract_value(result, 1)
        if op.spec.removesuffix(SMALL) in self.impure_callees:   # a fast clone's too
            self.ctx.mark_dirty()
        from lesto.backend.lower_array import arena_add

        for obj in array_components(value, ret_t, b):
            if isinstance(ret_t, Union):   # null when the union holds a scalar
                with b.if_then(b.icmp_unsigned("!=", obj, ir.Constant(obj.type, None))):
                    arena_add(self.ctx, obj)
                continue
            arena_add(self.ctx, obj)   # the callee returned new references
        self.store(op.dest, value)

    def op_Jump(self, op: Jump) -> None:
        br = self.builder.branch(self.blocks[op.target])
        if op.target.short_loop:
            self.mark_loop(br, op.target)

    def op_Branch(self, op: Branch) -> None:
        br = self.builder.cbranch(self.load(op.cond), self.blocks[op.if_true],
                                  self.blocks[op.if_false])
        if self.source.short_loop:
            self.mark_loop(br, self.source)

    def mark_loop(self, br: ir.Instruction, header: Block) -> None:
        """The ID of the loop `header` heads on its back edges, and on the header's own test:
        LLVM's first SimplifyCFG folds that test into the back edges, dropping their IDs (one
        ID per loop, shared by its branches)."""
        if header not in self.loop_ids:
            self.loop_ids[header] = short_loop_id(self.module)
        br.set_metadata("llvm.loop", self.loop_ids[header])

    def op_TypeCase(self, op: TypeCase) -> None:
        if is_object(self.fn.var_types[op.value]):   # `unbound | object`: NULL or not
            cases = dict(op.cases)
            unbound = cases.get(UNDEFINED, self.ctx.deopt_block)
            bound = next((blk for t, blk in op.cases if t != UNDEFINED), self.ctx.deopt_block)
            null = self.builder.icmp_unsigned("==", self.load(op.value),
                                              ir.Constant(PTR, None))
            self.builder.cbranch(null, self.blocks.get(unbound, unbound),
                                 self.blocks.get(bound, bound))
            return
        tag = self.builder.extract_value(self.load(op.value), 0)
        switch = self.builder.switch(tag, self.ctx.deopt_block)
        for t, b in op.cases:
            switch.add_case(ir.Constant(I8, tag_of(t)), self.blocks[b])

    def op_Return(self, op: Return) -> None:
        """Store the result; the status is DEOPT if an overflow happened on the way (a select,
        not a branch: after inlining, the caller tests one OR of all the flags)."""
        b = self.builder
        ret_t = self.fn.return_type
        if ret_t is not None and (is_object(ret_t) or ret_t == XINT):
            # A new reference for the caller; no DEOPT status may follow it.
            self.ctx.check_overflow()
            value = self.load(op.value)
            if ret_t == XINT:
                objrefs.incref_xint(b, value)
            else:
                capi.call(b, "Py_IncRef", [value])
            b.ret(status_result(b, ret_t, STATUS_OK, value))
            return
        if ret_t is not None and holds_array(ret_t):
            # The caller gets new references: no DEOPT status may follow them.
            self.ctx.check_overflow()
            value = self.load(op.value)
            for obj in array_components(value, ret_t, b):
                capi.call(b, "Py_IncRef", [obj])
            b.ret(status_result(b, ret_t, STATUS_OK, value))
            return
        assert ret_t is not None
        value = self.load(op.value) if repr_of(ret_t) != I8 else None
        if self.ctx.impure:
            # After a write the call must not be re-run: an overflow raises instead.
            self.ctx.check_overflow()
            b.ret(status_result(b, ret_t, STATUS_OK, value))
            return
        flag = self.ctx.overflow_flag()
        status = b.select(flag, ir.Constant(I32, STATUS_DEOPT), ir.Constant(I32, STATUS_OK))
        b.ret(status_result(b, ret_t, status, value))

    def op_Deopt(self, op: Deopt) -> None:
        self.builder.branch(self.ctx.exit_block(op.reason))


def traceback_entries(b: ir.IRBuilder, fn: Function, error: ir.Block,
                      block_lines: dict[ir.Block, int]) -> None:
    """At the error exit of a function that works with objects (its exceptions are raised
    natively, never by re-running it in the interpreter), add the traceback entry an
    interpreted frame would: `fn`'s file, name and the line of the block that failed (a frame
    object per line, see runtime/frames.py)."""
    preds = [blk for blk in b.function.blocks if blk.terminator is not None and
             blk.terminator.opname in ("br", "switch") and error in blk.terminator.operands]
    if not preds:
        return
    b.position_at_start(error)
    frame = b.phi(PTR, name="frame")
    for pred in preds:
        line = block_lines.get(pred, fn.firstlineno)
        frame.add_incoming(capi.pyobj(b.module, capi.frame_path(fn.filename, fn.pyname,
                                                                line)), pred)
    capi.call(b, "PyTraceBack_Here", [frame])


def lower_functions(module: ir.Module, fns: list[Function],
                    versions: dict[str, tuple[Function, int]] | None = None,
                    impure: set[str] | None = None, boundscheck: bool = True,
                    dirty: set[str] | None = None, frames: bool = False,
                    qualnames: dict[str, str] | None = None) -> dict[str, ir.Function]:
    """Declare then lower every function (so calls between them, and recursion, resolve).
    `frames`: object code adds traceback entries at its error exits (traceback_entries;
    they name objects of lesto's runtime, so never in code built ahead of time).

    `qualnames`: the Python qualified name of each generator function (its objects').

    `versions` maps a function's name to (fast clone, bound): the function then checks on
    entry that its int arguments lie within ±bound and runs the clone, else its own body."""
    versions = versions or {}
    impure = impure or set()
    dirty = dirty or set()
    cyclic = recursive({fn.name: fn for fn in fns if not fn.generator})
    llfns = {fn.name: declare(module, fn, depth=fn.name in cyclic) for fn in fns}
    clones = {fn.name: (declare(module, versions[fn.name][0], depth=fn.name in cyclic),
                        declare(module, fn, fn.name + ".general", depth=fn.name in cyclic))
              for fn in fns if fn.name in versions}   # a caller's clone may call them: first

    def lower(f: Function, llfn: ir.Function) -> None:
        if f.generator:
            from lesto.backend.lower_generator import lower_generator

            qualname = (qualnames or {}).get(f.name, f.pyname)
            lower_generator(module, f, llfn, f.pyname, qualname, boundscheck, frames)
            return
        lowerer = FunctionLowerer(module, f, llfn, fn.name in impure or fn.name in dirty,
                                  boundscheck, fn.name in dirty, frames, fn.name in cyclic)
        lowerer.impure_callees = impure
        lowerer.lower()

    for fn in fns:
        if fn.name not in versions:
            lower(fn, llfns[fn.name])
            continue
        small, bound = versions[fn.name]
        fast, general = clones[fn.name]
        lower(fn, general)
        lower(small, fast)
        build_version_switch(llfns[fn.name], fn, fast, general, bound)
    return llfns


def build_version_switch(llfn: ir.Function, fn: Function, fast: ir.Function,
                         general: ir.Function, bound: int) -> None:
    """`llfn(args)`: run `fast` when every int argument is within ±bound, else `general`."""
    from lesto.types.core import BOOL, INT

    b = ir.IRBuilder(llfn.append_basic_block("entry"))
    ok: ir.Value = ir.Constant(I1, 1)
    for arg, v in zip(llfn.args, fn.args):
        if fn.var_types[v] == INT:
            shifted = b.add(arg, ir.Constant(arg.type, bound))
            ok = b.and_(ok, b.icmp_unsigned("<=", shifted, ir.Constant(arg.type, 2 * bound)))
        elif fn.var_types[v] == BOOL:
            continue
    args = list(llfn.args)
    with b.if_else(ok) as (then, otherwise):
        with then:
            r1 = b.call(fast, args)
            then_block = b.block
        with otherwise:
            r2 = b.call(general, args)
            else_block = b.block
    phi = b.phi(r1.type)
    phi.add_incoming(r1, then_block)
    phi.add_incoming(r2, else_block)
    b.ret(phi)

