"""The lowering context: what a lowering function may use to emit LLVM IR.

Every primitive operation in lesto (an `int.add`, a `math.sqrt`, ...) is lowered by one small
function `fn(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value` registered under its impl key
(see `registry.py`).  The context gives it the builder, the module, and the one way to leave
the fast path: `ctx.deopt_if(cond)`.

Deoptimisation is lesto's answer to "never silently wrong": the compiled code of a pure function
has no observable effect until it returns, so whenever an exact answer does not fit the machine
representation (int overflow, a ZeroDivisionError to raise with CPython's exact message, a math
domain error, ...) the native code returns the DEOPT status and the entry point re-runs the call
in the CPython interpreter, which produces the exact value or raises the exact exception.

A function that writes to an array is *impure*: once it has written (`dirty`), re-running it
would write twice.  In such a function every exit by `deopt_if` goes through a small block of
its own that deopts while nothing has been written yet, and afterwards raises the exception
CPython would raise (IndexError with numpy's message for a bad index, OverflowError for an int
that does not fit 64 bits, ...) natively.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from llvmlite import ir

I1 = ir.IntType(1)
I8 = ir.IntType(8)
I32 = ir.IntType(32)
I64 = ir.IntType(64)
F64 = ir.DoubleType()
F32 = ir.FloatType()

# Status codes returned by every compiled core function.
STATUS_OK = 0
STATUS_ERROR = 1   # a Python exception is set
STATUS_DEOPT = 2   # re-run this call in the interpreter
WINDOW = 2**61     # see LowerCtx.overflow_if_outside_window


def cstring(module: ir.Module, text: str, name: str | None = None) -> ir.GlobalVariable:
    """A private NUL-terminated constant string in `module` (UTF-8; named `name`, else
    `.str.<n>`)."""
    data = bytearray(text.encode("utf-8") + b"\0")
    g = ir.GlobalVariable(module, ir.ArrayType(I8, len(data)),
                          name=name or f".str.{len(module.globals)}")
    g.global_constant = True
    g.linkage = "private"
    g.initializer = ir.Constant(ir.ArrayType(I8, len(data)), data)
    return g


@dataclass
class LowerCtx:
    """Emission state for one LLVM function being built."""

    builder: ir.IRBuilder
    module: ir.Module
    deopt_block: ir.Block
    deopt_reasons: list[str] = field(default_factory=list)
    error_block: ir.Block | None = None   # returns STATUS_ERROR (a Python exception is set)
    scratch: dict[str, ir.Value] = field(default_factory=dict)  # per-function helper slots
    impure: bool = False                  # the function writes to arrays (see module doc)
    boundscheck: bool = True
    arg_types: list = field(default_factory=list)   # operand types of the primitive lowered
    result_type: object = None                      # and its result type
    prim_key: str = ""                              # its full impl key (with parameters)
    alias: object = None        # its first operand's scopes (backend/alias.py), or None
    loc: tuple[int, int] = (0, 0)                   # its source position
    filename: str = "<unknown>"

    def deopt_if(self, cond: ir.Value, reason: str = "",
                 raiser: "Callable[[LowerCtx], None] | None" = None) -> None:
        """Leave the fast path when `cond` (an i1) is true; continue emitting after it.
        In an impure function, `raiser` (or a default from `reason`) sets the exception to
        raise when the function has already written to an array."""
        cont = self.builder.append_basic_block("ok")
        self.builder.cbranch(cond, self.exit_block(reason, raiser), cont)
        self.builder.position_at_end(cont)
        if reason:
            self.deopt_reasons.append(reason)

    def exit_block(self, reason: str,
                   raiser: "Callable[[LowerCtx], None] | None" = None) -> ir.Block:
        """The block to branch to in order to deopt here (see the module docstring)."""
        if not self.impure:
            return self.deopt_block
        b = self.builder
        here = b.block
        site = b.append_basic_block("deopt.site")
        b.position_at_end(site)
        dirty = b.load(self.entry_alloca("dirty", I1, ir.Constant(I1, 0)), typ=I1)
        raise_ = b.append_basic_block("deopt.raise")
        b.cbranch(dirty, raise_, self.deopt_block)
        b.position_at_end(raise_)
        if raiser is not None:
            raiser(self)
        else:
            self.raise_default(reason)
        assert self.error_block is not None
        b.branch(self.error_block)
        b.position_at_end(here)
        return site

    def raise_default(self, reason: str) -> None:
        text = reason or "a check failed"
        exc = "PyExc_RuntimeError"
        for word, name in (("range()", "PyExc_ValueError"), ("overflow", "PyExc_OverflowError"),
                           ("zero", "PyExc_ZeroDivisionError"), ("index", "PyExc_IndexError")):
            if word in text:
                exc = name
                break
        if text.startswith("raise:"):   # a raise / assert statement: its own exception
            _, name, message = text.split(":", 2)
            self.set_error(f"PyExc_{name}", message if message else None)
            return
        if exc == "PyExc_ZeroDivisionError":   # the reasons are CPython's own messages
            self.set_error(exc, text)
            return
        message = (f"{text} at {self.filename}:{self.loc[0]}; lesto cannot give CPython's "
                   "exact result here because the function has already written to an array")
        self.set_error(exc, message)

    def set_error(self, exc_name: str, message: str | None, *fmt_args: ir.Value) -> None:
        """PyErr_SetString(exc, message), PyErr_Format with `fmt_args`, or PyErr_SetNone
        when `message` is None."""
        from lesto.backend.capi import PTR, exc_object, function

        exc = exc_object(self.builder, exc_name)
        if message is None:
            fn = self.declare("PyErr_SetNone", ir.VoidType(), [PTR])
            self.builder.call(fn, [exc])
            return
        text = self.cstring(message)
        if fmt_args:
            self.builder.call(function(self.module, "PyErr_Format"), [exc, text, *fmt_args])
        else:
            fn = self.declare("PyErr_SetString", ir.VoidType(), [PTR, PTR])
            self.builder.call(fn, [exc, text])

    def cstring(self, text: str) -> ir.Value:
        """A pointer to a NUL-terminated constant string in the module."""
        return self.builder.bitcast(cstring(self.module, text), ir.PointerType())

    def mark_dirty(self) -> None:
        """The function has now written to an array: exits raise instead of deopting."""
        if self.impure:
            self.builder.store(ir.Constant(I1, 1),
                               self.entry_alloca("dirty", I1, ir.Constant(I1, 0)))

    def overflow_if(self, cond: ir.Value, reason: str = "") -> None:
        """Like deopt_if, for a result that merely does not fit (arithmetic overflow): the
        condition is OR-ed into a sticky flag instead of branching, so loops keep straight-line
        bodies (LLVM can if-convert and vectorize them).  The wrapped value must never reach
        memory, a divisor or the caller: the flag is checked (`check_overflow`) before every
        call and return, and at every signal poll, which every loop iteration passes, so a
        wrapped value can steer a loop for at most one poll interval; immediate checks
        (divisors, indices, shift counts) guard everything else."""
        b = self.builder
        slot = self.entry_alloca("overflow", I1, ir.Constant(I1, 0))
        b.store(b.or_(b.load(slot, typ=I1), cond), slot)
        if reason:
            self.deopt_reasons.append(reason)

    def overflow_if_outside_window(self, n: ir.Value) -> None:
        """A cheaper sticky test for `c * n + d` with small c and d (lower_int.affine): OR
        n + 2**61 into an accumulator; if every n stayed in [-2**61, 2**61) its bits 62 and 63
        stay clear, and then no such result can have overflowed.  An n outside the window
        that did not overflow only costs a deoptimisation (the interpreter is exact)."""
        b = self.builder
        slot = self.entry_alloca("window", I64, ir.Constant(I64, 0))
        b.store(b.or_(b.load(slot, typ=I64), b.add(n, ir.Constant(I64, WINDOW))), slot)

    def overflow_flag(self) -> ir.Value:
        """i1: an `overflow_if` fired, or an n left the affine window (see above)."""
        b = self.builder
        flag = b.load(self.entry_alloca("overflow", I1, ir.Constant(I1, 0)), typ=I1)
        window = b.load(self.entry_alloca("window", I64, ir.Constant(I64, 0)), typ=I64)
        return b.or_(flag, b.icmp_unsigned(">=", window, ir.Constant(I64, 2 * WINDOW)))

    def check_overflow(self) -> None:
        """Deopt here if any earlier `overflow_if` fired (no-op if none was used)."""
        if "overflow" in self.scratch or "window" in self.scratch:
            self.deopt_if(self.overflow_flag(),
                          "integer overflow: the exact result needs more than 64 bits")

    def loop_blocks(self, name: str) -> tuple[ir.Block, ir.Block, ir.Block]:
        """(head, body, done) blocks for a loop emitted inside one lowering."""
        b = self.builder
        return (b.append_basic_block(f"{name}.head"), b.append_basic_block(f"{name}.body"),
                b.append_basic_block(f"{name}.done"))

    def entry_alloca(self, name: str, typ: ir.Type, init: ir.Constant) -> ir.Value:
        """A stack slot created (and initialised) once, at the function's entry."""
        if name not in self.scratch:
            b = self.builder
            here = b.block
            entry = b.function.entry_basic_block
            if entry.is_terminated:
                b.position_before(entry.instructions[-1])
            else:
                b.position_at_end(entry)
            slot = b.alloca(typ, name=name)
            b.store(init, slot)
            b.position_at_end(here)
            self.scratch[name] = slot
        return self.scratch[name]

    def declare(self, name: str, ret: ir.Type, args: list[ir.Type]) -> ir.Function:
        """Declare (once) an external C function such as libm's `sin`, and return it."""
        existing = self.module.globals.get(name)
        if existing is not None:
            return existing
        return ir.Function(self.module, ir.FunctionType(ret, args), name=name)

    def call_c(self, name: str, ret: ir.Type, args: list[ir.Value]) -> ir.Value:
        """Call an external C function by symbol name (resolved when the code is loaded)."""
        fn = self.declare(name, ret, [a.type for a in args])
        return self.builder.call(fn, args)

    def intrinsic(self, name: str, ret: ir.Type, args: list[ir.Value]) -> ir.Value:
        """Call an LLVM intrinsic such as `llvm.floor.f64` (declared once per module)."""
        return self.call_c(name, ret, args)

    def select(self, cond: ir.Value, a: ir.Value, b: ir.Value) -> ir.Value:
        return self.builder.select(cond, a, b)


def if_else_values(ctx: LowerCtx, cond: ir.Value, then, otherwise) -> list[ir.Value]:
    """then() if cond else otherwise(), each emitting its code in its own block and returning
    a list of values; the values joined by phis after both."""
    b = ctx.builder
    done = b.append_basic_block("if.join")
    ends, values = [], []
    blocks = (b.append_basic_block("if.then"), b.append_basic_block("if.else"))
    b.cbranch(cond, *blocks)
    for block, emit in zip(blocks, (then, otherwise)):
        b.position_at_end(block)
        values.append(emit())
        ends.append(b.block)
        b.branch(done)
    b.position_at_end(done)
    out = []
    for x, y in zip(*values):
        phi = b.phi(x.type)
        phi.add_incoming(x, ends[0])
        phi.add_incoming(y, ends[1])
        out.append(phi)
    return out
