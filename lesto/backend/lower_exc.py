"""Lowering of the exception, import and function-making primitives: `except` handlers (take
the exception, match a clause, raise it again), `raise`, `import` inside a function, and
lambdas / nested defs (their cells: new ones holding values, or shared variables' cells,
frontend/cells.py).  Rows and helpers
come from backend/lower_object.py (error exits, references, effects, overflow checks)."""
from __future__ import annotations

from llvmlite import ir

from lesto.backend import capi
from lesto.backend.capi import PTR
from lesto.backend.context import I32, I64, I8, LowerCtx
from lesto.backend.lower_object import (
    c_call, call_object, check_new, decref, fail_if, incref, lowering, name_object,
    note_effect, param,
)


@lowering("obj.import")
def lower_import(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """`import a.b` (the top package) / `from a import x` (the module a; `x` is read with
    obj.importfrom): PyImport_ImportModuleLevelObject with the function's globals."""
    name, level, fromlist = param(ctx).split(":")
    names = tuple(fromlist.split(",")) if fromlist else None
    from_obj = ctx.builder.bitcast(capi.pinned(ctx.module, names), PTR)
    r = c_call(ctx, "PyImport_ImportModuleLevelObject", PTR,
               [ctx.builder.bitcast(capi.pinned(ctx.module, name), PTR), args[0],
                ir.Constant(PTR, None), from_obj, ir.Constant(I32, int(level))])
    ctx.mark_dirty()
    return check_new(ctx, r)


@lowering("obj.raise")
def lower_raise(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """`raise exc [from cause]`: CPython's own raise (an exception class is instantiated;
    anything else is a TypeError), done by a helper; always the error exit."""
    path = "lesto.runtime.objects." + ("raise_from" if len(args) == 2 else "raise_")
    helper = ctx.builder.bitcast(capi.pyobj(ctx.module, path), PTR)
    return call_object(ctx, helper, args, [])


@lowering("obj.exc_fetch")
def lower_exc_fetch(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """The exception being raised (a new reference, normalized, with its traceback); the
    error indicator is cleared: an `except` handler has it now."""
    import sys

    if sys.version_info >= (3, 12):
        return c_call(ctx, "PyErr_GetRaisedException", PTR, [])
    b = ctx.builder
    slots = []
    with b.goto_entry_block():
        for _ in range(3):
            slots.append(b.alloca(PTR))
    c_call(ctx, "PyErr_Fetch", ir.VoidType(), slots)
    c_call(ctx, "PyErr_NormalizeException", ir.VoidType(), slots)
    tp, value, tb = (b.load(s, typ=PTR) for s in slots)
    with b.if_then(b.icmp_unsigned("!=", tb, ir.Constant(PTR, None))):
        c_call(ctx, "PyException_SetTraceback", I32, [value, tb])
    decref(ctx, tp)
    decref(ctx, tb)
    return value


@lowering("obj.exc_match")
def lower_exc_match(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """`except E`: the exception is an instance of E (or of a class in the tuple E)."""
    r = c_call(ctx, "PyErr_GivenExceptionMatches", I32, [args[0], args[1]])
    return ctx.builder.icmp_signed("!=", r, ir.Constant(I32, 0))


@lowering("obj.exc_reraise")
def lower_exc_reraise(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """No clause matched: the exception goes on to the enclosing handler (or the caller)."""
    import sys

    b = ctx.builder
    exc = args[0]
    incref(ctx, exc)   # the error indicator takes a reference
    if sys.version_info >= (3, 12):
        c_call(ctx, "PyErr_SetRaisedException", ir.VoidType(), [exc])
    else:
        tp = b.load(b.gep(exc, [ir.Constant(I64, 8)], source_etype=ir.IntType(8)), typ=PTR)
        incref(ctx, tp)
        tb = c_call(ctx, "PyException_GetTraceback", PTR, [exc])
        c_call(ctx, "PyErr_Restore", ir.VoidType(), [tp, exc, tb])
    assert ctx.error_block is not None
    b.branch(ctx.error_block)
    b.position_at_end(b.append_basic_block("unreachable"))
    return ir.Constant(I8, 0)


@lowering("obj.importfrom")
def lower_importfrom(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    helper = ctx.builder.bitcast(capi.pyobj(ctx.module, "lesto.runtime.objects.import_from"),
                                 PTR)
    return call_object(ctx, helper, [args[0], name_object(ctx, param(ctx))], [])


@lowering("obj.makefunc")
def lower_makefunc(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """A lambda or nested def: PyFunction_New(code, globals), then its defaults."""
    from lesto.backend.lower_object import fail_if, lower_sequence_of

    f = check_new(ctx, c_call(ctx, "PyFunction_New", PTR, args[:2]))
    steps = [("PyFunction_SetDefaults", args[2])]
    if len(args) > 3:   # free variables: a tuple of cells, new ones holding their values
        kinds = ctx.prim_key.partition(":")[2] or "V" * (len(args) - 3)  # C: a shared cell
        cells, made = [], []
        for value, kind in zip(args[3:], kinds):
            if kind == "C":
                cells.append(value)
                continue
            cell = c_call(ctx, "PyCell_New", PTR, [value])
            failed = ctx.builder.icmp_unsigned("==", cell, ir.Constant(PTR, None))
            with ctx.builder.if_then(failed, likely=False):
                decref(ctx, f)
            fail_if(ctx, failed)
            cells.append(cell)
            made.append(cell)
        closure = lower_sequence_of(ctx, cells)
        for cell in made:
            decref(ctx, cell)
        steps.append(("PyFunction_SetClosure", closure))
    for name, value in steps:
        r = c_call(ctx, name, I32, [f, value])
        failed = ctx.builder.icmp_signed("<", r, ir.Constant(I32, 0))
        with ctx.builder.if_then(failed, likely=False):
            decref(ctx, f)
        fail_if(ctx, failed)
    if len(args) > 3:
        decref(ctx, closure)
    return f


# ----------------------------------------------------------------------------- shared cells
@lowering("obj.cell_new")
def lower_cell_new(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """A variable's shared cell (frontend/cells.py), holding the argument or empty."""
    value = args[0] if args else ir.Constant(PTR, None)
    return check_new(ctx, c_call(ctx, "PyCell_New", PTR, [value]))


@lowering("obj.cell_get")
def lower_cell_get(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """The variable's value (a new reference); an empty cell: CPython's UnboundLocalError."""
    import sys

    b = ctx.builder
    r = c_call(ctx, "PyCell_Get", PTR, [args[0]])
    empty = b.icmp_unsigned("==", r, ir.Constant(PTR, None))
    name = param(ctx)
    message = (f"cannot access local variable '{name}' where it is not associated with a "
               "value" if sys.version_info >= (3, 11) else
               f"local variable '{name}' referenced before assignment")
    with b.if_then(empty, likely=False):
        ctx.set_error("PyExc_UnboundLocalError", message)
    fail_if(ctx, empty)
    return r


@lowering("obj.cell_set")
def lower_cell_set(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """A new value in the variable's cell (the cell keeps its own reference)."""
    note_effect(ctx, "always")
    r = c_call(ctx, "PyCell_Set", I32, args)
    fail_if(ctx, ctx.builder.icmp_signed("<", r, ir.Constant(I32, 0)))
    return ir.Constant(I8, 0)


@lowering("obj.cell_clear")
def lower_cell_clear(ctx: LowerCtx, args: list[ir.Value]) -> ir.Value:
    """`del x` of a variable in a cell: the cell emptied (its value released)."""
    note_effect(ctx, "always")
    r = c_call(ctx, "PyCell_Set", I32, [args[0], ir.Constant(PTR, None)])
    fail_if(ctx, ctx.builder.icmp_signed("<", r, ir.Constant(I32, 0)))
    return ir.Constant(I8, 0)
