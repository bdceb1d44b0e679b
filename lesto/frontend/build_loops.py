"""Loops -> IR: `while`, `for ... in range(...)`, `break`, `continue`, and `else` on loops.

`for i in range(a, b, s)` counts iterations first (CPython's range length, which also rejects a
zero step), then walks a cursor, so no intermediate value can overflow:

    $n = builtin range.count(a, b, s) ; $cur = int(a) ; goto head
    head: if $n > 0 goto body else orelse
    body: i = range.item($cur, a, b) ; $cur = add_wrap($cur, s) ; $n = add_wrap($n, -1) ; ...

(`range.item` is the cursor itself; its bounds a and b let opt/ranges.py prove arithmetic on
the index cannot overflow.)

A range loop runs in chunks of at most 2**20 iterations; signals are polled once per chunk
(`signal.poll_n`, which counts the chunk's iterations), so the inner loop itself has no call
and LLVM can vectorize it:

    head: if $n > 0 goto chunk else orelse
    chunk: $k = range.chunk($n) ; $n = range.rest($n, $k) ; signal.poll_n($k) ; goto inner
    inner: if $k > 0 goto body else head
    body: i = range.item(...) ; $cur = ... ; $k = add_wrap($k, -1) ; ... ; goto inner
"""
from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lesto.errors import CompileError
from lesto.frontend.prange import find_reductions, refused_in_body
from lesto.frontend.scopes import Resolved
from lesto.ir.nodes import (
    Assign, Block, Branch, CallBuiltin, Compare, Const, GetItem, Truth, Value, Var,
)

if TYPE_CHECKING:
    from lesto.frontend.build import FunctionBuilder


def poll_signals(fb: FunctionBuilder, loc: tuple[int, int]) -> None:
    """Every loop iteration ticks a counter; now and then CPython's signal handlers run."""
    fb.b.add(CallBuiltin(loc, fb.b.temp("poll"), "signal.poll", []))


def mark_arena(fb: FunctionBuilder, loc: tuple[int, int]) -> Var:
    """Before a loop: how many arrays the function's arena holds (see release_arena)."""
    mark = fb.b.temp("mark")
    fb.b.add(CallBuiltin(loc, mark, "arena.mark", []))
    return mark


def release_arena(fb: FunctionBuilder, mark: Var | None, loc: tuple[int, int]) -> None:
    """At a loop's back-edge: arrays made during the iteration that no variable live at the
    loop head refers to are released, so a loop that makes arrays runs in constant memory
    (opt/arena.py adds the live array variables, or drops this when nothing allocates)."""
    if mark is not None:
        fb.b.add(CallBuiltin(loc, fb.b.temp("rel"), "arena.release", [mark]))


def finish_loop(fb: FunctionBuilder, node: ast.While | ast.For, head: Block, orelse: Block,
                end: Block, poll: bool = True, mark: Var | None = None) -> None:
    """From the top of the body (the builder is there): poll, the body (break -> end,
    continue -> head), back to head; then the `else` clause, which runs when the loop ends
    without break; then continue after the loop."""
    from lesto.frontend.build import LoopTargets

    loc = fb.loc(node)
    if poll:
        poll_signals(fb, loc)
    fb.loops.append(LoopTargets(head, end, mark))
    fb.body(node.body)
    fb.loops.pop()
    release_arena(fb, mark, loc)
    fb.b.goto(head, loc)
    if node.orelse:
        fb.b.position_at(orelse)
        fb.body(node.orelse)
        fb.b.goto(end, loc)
    fb.b.position_at(end)


def build_while(fb: FunctionBuilder, node: ast.While) -> None:
    loc = fb.loc(node)
    head, body, end = fb.b.new_block("while"), fb.b.new_block("wbody"), fb.b.new_block("wend")
    orelse = fb.b.new_block("welse") if node.orelse else end
    mark = mark_arena(fb, loc)
    fb.b.goto(head, loc)
    fb.b.position_at(head)
    test = fb.temp()
    fb.b.add(Truth(loc, test, fb.expr(node.test)))
    fb.b.add(Branch(loc, test, body, orelse))
    fb.b.position_at(body)
    finish_loop(fb, node, head, orelse, end, mark=mark)


def range_callee(fb: FunctionBuilder, func: ast.expr) -> str | None:
    """'range' or 'prange' when `func` names one of them (prange also as `lesto.prange`)."""
    found = None
    if isinstance(func, ast.Name):
        found = fb.lookup(func.id, func)
    elif isinstance(func, ast.Attribute):
        from lesto.frontend.build_expr import is_module_attribute, resolve_dotted

        if is_module_attribute(fb, func):
            try:
                found = resolve_dotted(fb, func)
            except CompileError:   # an attribute lesto does not know: refused as a 'for'
                return None
    if isinstance(found, Resolved) and found.kind == "builtin" and found.value in ("range",
                                                                                  "prange"):
        return found.value
    return None


def range_args(fb: FunctionBuilder, node: ast.For) -> list[ast.expr] | None:
    """The arguments of `for ... in range(...)` (or prange), or None for another iterable."""
    it = node.iter
    if isinstance(it, ast.Call) and range_callee(fb, it.func) is not None:
        if it.keywords or not 1 <= len(it.args) <= 3:
            raise fb.refuse("L008", it, "range() with keywords or a wrong argument count")
        return list(it.args)
    return None   # enumerate(), zip(), a list, ...: any iterable


def build_for(fb: FunctionBuilder, node: ast.For) -> None:
    """`for ... in range(...)`; over anything else, two loops: one for a native tuple, one
    for an object (the iterator protocol); the types decide which one is compiled."""
    from lesto.frontend.build_objects import branch_on_object, build_object_for

    arg_nodes = range_args(fb, node)
    if arg_nodes is not None:
        build_counted_for(fb, node, arg_nodes, None)
        return
    loc = fb.loc(node)
    items = fb.expr(node.iter)
    if isinstance(items, Var):
        saved = fb.temp()   # the loop must not see the name rebound
        fb.b.add(Assign(loc, saved, items))
        items = saved
    obj_block, native_block = branch_on_object(fb, node, items)
    join = fb.b.new_block("forjoin")
    fb.b.position_at(obj_block)
    build_object_for(fb, node, items)
    fb.b.goto(join, loc)
    fb.b.position_at(native_block)
    build_counted_for(fb, node, None, items)
    fb.b.goto(join, loc)
    fb.b.position_at(join)


def build_counted_for(fb: FunctionBuilder, node: ast.For, arg_nodes: list[ast.expr] | None,
                      items: Value | None) -> None:
    from lesto.frontend.build_stmt import assign_to

    loc = fb.loc(node)
    if arg_nodes is None:
        # `for x in t` over a tuple: walk its indices; x = t[k] (a union if items differ).
        assert items is not None
        length = fb.temp()
        fb.b.add(CallBuiltin(loc, length, "iter.len", [items]))
        args: list[Value] = [length]
    else:
        args = []
        for a in arg_nodes:
            v = fb.expr(a)
            if isinstance(v, Var):
                # range() evaluates its arguments once: the loop must not see them change
                # (an object argument becomes an int64 here, with __index__)
                saved = fb.temp()
                fb.b.add(CallBuiltin(loc, saved, "range.arg", [v]))
                v = saved
            args.append(v)
    start, stop, step = (Const(0), args[0], Const(1)) if len(args) == 1 else (
        args[0], args[1], args[2] if len(args) == 3 else Const(1))
    count, cur = fb.b.temp("n"), fb.b.temp("cur")
    fb.b.add(CallBuiltin(loc, count, "range.count", [start, stop, step]))
    fb.b.add(CallBuiltin(loc, cur, "int", [start]))
    head, chunk_block = fb.b.new_block("for"), fb.b.new_block("fchunk")
    if arg_nodes is not None and is_prange(fb, node):
        head.label = "prange" + head.label[len("for"):]   # see frontend/prange.py
        fb.fn.parallel_loops[head.label] = find_reductions(node.body)
    inner, body, end = fb.b.new_block("finner"), fb.b.new_block("fbody"), fb.b.new_block("fend")
    orelse = fb.b.new_block("felse") if node.orelse else end
    mark = mark_arena(fb, loc)
    fb.b.goto(head, loc)
    fb.b.position_at(head)
    more = fb.temp()
    fb.b.add(Compare(loc, more, "gt", count, Const(0)))
    fb.b.add(Branch(loc, more, chunk_block, orelse))
    fb.b.position_at(chunk_block)
    chunk = fb.b.temp("k")
    fb.b.add(CallBuiltin(loc, chunk, "range.chunk", [count]))
    fb.b.add(CallBuiltin(loc, count, "range.rest", [count, chunk]))
    fb.b.add(CallBuiltin(loc, fb.b.temp("poll"), "signal.poll_n", [chunk]))
    fb.b.goto(inner, loc)
    fb.b.position_at(inner)
    more_in_chunk = fb.temp()
    # An outermost loop tests `$k != 0`, the same as `> 0` ($k counts down from a positive
    # chunk to 0): LLVM then sees the trip count as $k itself; with `> 0` it is max($k, 1),
    # too costly to expand in its eyes, so it never unrolled a chunk's loop with a run-time
    # trip count (Monte-Carlo's LCG loop: 4.6 -> 2.8 ms, unrolled by 4, with the SLP
    # threshold of backend/codegen.py).  Nested loops keep `> 0`: unrolled, k-means' loops
    # over 8 centroids and 2 coordinates paid their remainder loops (1.27 -> 1.52 ms).
    fb.b.add(Compare(loc, more_in_chunk, "ne" if not fb.loops else "gt", chunk, Const(0)))
    fb.b.add(Branch(loc, more_in_chunk, body, head))
    fb.b.position_at(body)
    item = fb.temp()
    direction = ""
    if isinstance(step, Const) and type(step.value) is int and step.value != 0:
        direction = "_up" if step.value > 0 else "_down"
    fb.b.add(CallBuiltin(loc, item, "range.item" + direction, [cur, start, stop]))
    if items is not None:
        element = fb.temp()
        fb.b.add(GetItem(loc, element, items, item))
        item = element
    fb.b.add(CallBuiltin(loc, cur, "int.add_wrap", [cur, step]))
    fb.b.add(CallBuiltin(loc, chunk, "int.add_wrap", [chunk, Const(-1)]))
    assign_to(fb, node.target, item, node)
    finish_loop(fb, node, inner, orelse, end, poll=False, mark=mark)


def is_prange(fb: FunctionBuilder, node: ast.For) -> bool:
    """A `for ... in prange(...)` loop (refusing what its body may not contain)."""
    assert isinstance(node.iter, ast.Call)
    if range_callee(fb, node.iter.func) != "prange":
        return False
    bad = refused_in_body(node)
    if bad is not None:
        what = "an else clause" if bad in node.orelse else f"'{type(bad).__name__.lower()}'"
        raise fb.refuse("L030", bad, what)
    return True


def build_break(fb: FunctionBuilder, node: ast.Break) -> None:
    from lesto.frontend.build_try import run_finalizers

    run_finalizers(fb, len(fb.loops), fb.loc(node))
    fb.b.goto(fb.loops[-1].break_to, fb.loc(node))


def build_continue(fb: FunctionBuilder, node: ast.Continue) -> None:
    from lesto.frontend.build_try import run_finalizers

    run_finalizers(fb, len(fb.loops), fb.loc(node))
    release_arena(fb, fb.loops[-1].arena_mark, fb.loc(node))
    fb.b.goto(fb.loops[-1].continue_to, fb.loc(node))


