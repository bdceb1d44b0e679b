"""The native type switch in front of every dispatcher (LLVM IR; each compiled once, cached).

    PyObject *lesto_dispatch_N(PyObject *self, PyObject *const *args, size_t nargsf,
                               PyObject *kwnames)

is the vectorcall function of a lesto dispatcher whose compiled signatures all take N
arguments (N <= MAX_ARGS; every dispatcher's table is of this kind); `lesto_dispatch` (same
prototype, for tables mixing argument counts) switches on the count into private copies of the
`lesto_dispatch_N`.  Each reads the dispatcher's table (pointer stored in the object at
TABLE_OFFSET) and first tries the hot entry for N arguments, the one that matched last (a
caller usually repeats its types): one load per argument and one compare with the entry's
exact argument types (Py_TYPE), no loop, no hashing, no stack frame, then a tail call into
that specialization's METH_FASTCALL entry.  Otherwise it scans the entries (argument count and
exact types), makes the matching one hot and tail-calls it; on a miss it calls the table's
slow-path function through its vectorcall pointer (what CPython's inline PyObject_Vectorcall
does).  A call with keyword arguments goes to `lesto_kwscan` (one per module), which looks for
a keyword entry: one whose nargs word is the positional count | KW_FLAG, whose kwnames tuple
holds the call's keyword names (the same string objects, in order) and whose types match all
the call's values, positional then keyword; the slow path otherwise.  Entries are called as
`entry(self, args, nargsf, kwnames)`: METH_FASTCALL entries ignore the fourth argument, and
the fallback forwarder (backend/forward_ir.py) passes it on to the Python function.

Every numpy array has type numpy.ndarray, whatever its dtype, ndim, layout and writability, so
tables with array entries use a second family of switches, `lesto_dispatch_arrays[_N]`.  Their
entries also say which arguments are arrays (a bit mask) and, for each, its Array type as three
words (boxing.array_words: ndim, type numbers, and a mask and value for the flags that decide
layout and writability exactly as typeof does).  After the exact types match, these switches
test each array argument's PyArrayObject fields against them (boxing.emit_array_test), in the
hot entry and in the scan, so `f(float64_array)` and `f(int32_array)` each reach their own
specialization natively; the specialization's entry then skips the checks the switch has made.
Tables without arrays keep the plain switches, whose hot path is unchanged.

Table layout, in 64-bit words (n entries):
    [0] n   [1] slow-path function (PyObject *)
    [2 + k] for k = 0 .. MAX_ARGS: address of the hot entry for calls with k arguments (an
            entry taking k arguments, or the sentinel)
    then per entry, ENTRY_WORDS each: [nargs, entry function, entry self,
                                       type_0 ... type_{MAX_ARGS-1},
                                       array mask (bit i: argument i is an array),
                                       3 words per argument (array_words; 0 unless an array),
                                       kwnames tuple (keyword entries only, else 0)]
    then one sentinel entry: nargs -1 and no types (0), so it matches no call.
"""
from __future__ import annotations

from typing import Any

VECTORCALL_OFFSET = 16     # where the instance stores its vectorcall function pointer
TABLE_OFFSET = 24          # where the instance stores its table pointer
TARGET_OFFSET = 32         # the Python function behind the dispatcher (borrowed)
MAX_ARGS = 8
HOT_WORD = 2               # hot entry for k arguments: word HOT_WORD + k
HEADER_WORDS = HOT_WORD + MAX_ARGS + 1
TYPE_WORD = 3              # entry word of argument 0's exact type
MASK_WORD = TYPE_WORD + MAX_ARGS    # entry word of the array mask
ARRAY_WORD = MASK_WORD + 1          # from here, ARRAY_WORDS per argument: its array type
ARRAY_WORDS = 3            # boxing.array_words
KW_WORD = ARRAY_WORD + ARRAY_WORDS * MAX_ARGS   # a keyword entry's kwnames tuple
ENTRY_WORDS = KW_WORD + 1
KW_FLAG = 1 << 32          # in a keyword entry's nargs word, above the positional count
SYMBOL = "lesto_dispatch"
ARRAYS_SYMBOL = "lesto_dispatch_arrays"
TP_VECTORCALL_OFFSET = 56  # offsetof(PyTypeObject, tp_vectorcall_offset), 3.10-3.13
NARGS_MASK = (1 << 63) - 1  # nargsf without PY_VECTORCALL_ARGUMENTS_OFFSET


def dispatch_symbol(nargs: int | None, arrays: bool = False) -> str:
    """The switch for tables whose entries all take `nargs` arguments (None: any table);
    `arrays`: the one that also compares array keys."""
    base = ARRAYS_SYMBOL if arrays else SYMBOL
    return base if nargs is None else f"{base}_{nargs}"


def build_dispatch_module(nargs: int | None = None, arrays: bool = False) -> str:
    """A module defining `dispatch_symbol(nargs, arrays)`: one small function for one argument
    count (a module per count, so a process compiles only the counts it uses), or for None the
    generic switch, with every count's switch inside it."""
    from llvmlite import ir

    from lesto.backend.capi import PTR
    from lesto.backend.context import I64

    module = ir.Module(name=dispatch_symbol(nargs, arrays))
    fnty = ir.FunctionType(PTR, [PTR, PTR, I64, PTR])
    if nargs is not None:
        _build_arity(module, fnty, nargs, arrays)
        return str(module)
    by_arity = [_build_arity(module, fnty, n, arrays) for n in range(MAX_ARGS + 1)]
    for f in by_arity:
        f.linkage = "internal"

    # The generic switch: keyword arguments go to the keyword scan, otherwise the argument
    # count picks the specialised switch (which re-checks it: that compare is all it costs).
    fn = ir.Function(module, fnty, name=dispatch_symbol(None, arrays))
    self_, args, nargsf, kwnames = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    slow = fn.append_basic_block("slow")
    pick = fn.append_basic_block("pick")
    kw = fn.append_basic_block("kw")
    b.cbranch(b.icmp_unsigned("!=", kwnames, ir.Constant(PTR, None)), kw, pick)
    b.position_at_end(kw)
    b.ret(b.call(_kwscan(module, fnty), [self_, args, nargsf, kwnames], tail=True))
    b.position_at_end(pick)
    nargs = b.and_(nargsf, ir.Constant(I64, NARGS_MASK))
    switch = b.switch(nargs, slow)
    for n, target in enumerate(by_arity):
        case = fn.append_basic_block(f"nargs{n}")
        switch.add_case(ir.Constant(I64, n), case)
        b.position_at_end(case)
        b.ret(b.call(target, [self_, args, nargsf, kwnames], tail=True))
    b.position_at_end(slow)
    _slow_path(b, fnty, self_, args, nargsf, kwnames)
    return str(module)


def _build_arity(module: Any, fnty: Any, n: int, arrays: bool) -> Any:
    from llvmlite import ir

    from lesto.backend.boxing import emit_array_test
    from lesto.backend.capi import PTR
    from lesto.backend.context import I64

    fn = ir.Function(module, fnty, name=dispatch_symbol(n, arrays))
    self_, args, nargsf, kwnames = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    slow = fn.append_basic_block("slow")
    miss = fn.append_basic_block("miss") if arrays else slow   # no entry matches
    start = fn.append_basic_block("start")
    hot_types = fn.append_basic_block("hot.types")
    hot_call = fn.append_basic_block("hot.call")
    scan_start = fn.append_basic_block("scan.start")
    count = ir.Constant(I64, n)

    def word(base: Any, index: Any) -> Any:
        idx = ir.Constant(I64, index) if isinstance(index, int) else index
        return b.gep(base, [idx], source_etype=I64)

    def byte_ptr(base: Any, offset: int) -> Any:
        return b.gep(base, [ir.Constant(I64, offset)], source_etype=ir.IntType(8))

    def types_match(entry: Any, fail: Any) -> None:
        """Branch to `fail` unless argument i has exactly type i of `entry`, for every i;
        falls through otherwise.  One branch per argument (they are rarely taken)."""
        for i in range(n):
            want = b.load(word(entry, TYPE_WORD + i), typ=PTR)
            same = b.icmp_unsigned("==", arg_types[i], want)
            ok = fn.append_basic_block(f"arg{i}.ok")
            b.cbranch(same, ok, fail)
            b.position_at_end(ok)
        if arrays and n:
            arrays_match(entry, fail)

    def arrays_match(entry: Any, fail: Any) -> None:
        """After types_match: branch to `fail` unless each array argument of `entry` has its
        array type (an entry without arrays costs one load and one branch)."""
        mask = b.load(word(entry, MASK_WORD), typ=I64)
        done = fn.append_basic_block("arrays.ok")
        if n > 1:
            some = fn.append_basic_block("arrays")
            b.cbranch(b.icmp_unsigned("==", mask, ir.Constant(I64, 0)), done, some)
            b.position_at_end(some)
        for i in range(n):
            here = fn.append_basic_block(f"array{i}")
            after = done if i == n - 1 else fn.append_basic_block(f"array{i}.next")
            bit = b.and_(mask, ir.Constant(I64, 1 << i))
            b.cbranch(b.icmp_unsigned("!=", bit, ir.Constant(I64, 0)), here, after)
            b.position_at_end(here)
            # types_match has seen Py_TYPE(argument) == numpy.ndarray: its fields can be read
            at = word(entry, ARRAY_WORD + ARRAY_WORDS * i)
            emit_array_test(b, arg_objs[i], at, fail)
            b.branch(after)
            b.position_at_end(after)
        b.position_at_end(done)

    def call_entry(entry: Any) -> None:
        target = b.load(word(entry, 1), typ=PTR)
        target_self = b.load(word(entry, 2), typ=PTR)
        callee = b.inttoptr(b.ptrtoint(target, I64), ir.PointerType(fnty))
        b.ret(b.call(callee, [target_self, args, count, ir.Constant(PTR, None)], tail=True))

    # nargsf is n, with or without PY_VECTORCALL_ARGUMENTS_OFFSET (the top bit).
    no_kw = b.icmp_unsigned("==", kwnames, ir.Constant(PTR, None))
    same_n = b.icmp_unsigned("==", b.shl(nargsf, ir.Constant(I64, 1)),
                             ir.Constant(I64, 2 * n))
    other = fn.append_basic_block("other")
    kw = fn.append_basic_block("kw")
    b.cbranch(b.and_(no_kw, same_n), start, other)
    b.position_at_end(other)
    b.cbranch(no_kw, slow, kw)
    b.position_at_end(kw)
    b.ret(b.call(_kwscan(module, fnty), [self_, args, nargsf, kwnames], tail=True))

    # The hot entry for n arguments takes n arguments (or is the sentinel, whose types never
    # match); only with no argument must the count rule out the sentinel.
    b.position_at_end(start)
    table = b.load(byte_ptr(self_, TABLE_OFFSET), typ=PTR)
    hot = b.load(word(table, HOT_WORD + n), typ=PTR)
    arg_types = []
    arg_objs = []
    for i in range(n):
        obj = b.load(b.gep(args, [ir.Constant(I64, i)], source_etype=PTR), typ=PTR)
        arg_objs.append(obj)
        arg_types.append(b.load(byte_ptr(obj, 8), typ=PTR))
    if n == 0:
        hot_n = b.load(word(hot, 0), typ=I64)
        b.cbranch(b.icmp_unsigned("==", hot_n, count), hot_types, scan_start)
    else:
        b.branch(hot_types)
    b.position_at_end(hot_types)
    types_match(hot, scan_start)
    b.branch(hot_call)
    b.position_at_end(hot_call)
    call_entry(hot)

    # Otherwise scan every entry; the one that matches becomes the hot entry.
    b.position_at_end(scan_start)
    total = b.load(word(table, 0), typ=I64)
    first = word(table, HEADER_WORDS)
    head = fn.append_basic_block("scan.head")
    body = fn.append_basic_block("scan.body")
    nxt = fn.append_basic_block("scan.next")
    found = fn.append_basic_block("scan.found")
    b.branch(head)
    b.position_at_end(head)
    e = b.phi(I64, name="e")
    e.add_incoming(ir.Constant(I64, 0), scan_start)
    b.cbranch(b.icmp_signed("<", e, total), body, miss)
    b.position_at_end(body)
    entry = word(first, b.mul(e, ir.Constant(I64, ENTRY_WORDS)))
    entry_n = b.load(word(entry, 0), typ=I64)
    check = fn.append_basic_block("scan.check")
    b.cbranch(b.icmp_unsigned("==", entry_n, count), check, nxt)
    b.position_at_end(check)
    types_match(entry, nxt)
    b.branch(found)
    b.position_at_end(nxt)
    e.add_incoming(b.add(e, ir.Constant(I64, 1)), nxt)
    b.branch(head)
    b.position_at_end(found)
    b.store(entry, word(table, HOT_WORD + n))
    call_entry(entry)

    b.position_at_end(slow)
    _slow_path(b, fnty, self_, args, nargsf, kwnames)
    if arrays:
        # After the count check nargsf is n (PY_VECTORCALL_ARGUMENTS_OFFSET may be dropped)
        # and kwnames NULL: passing these frees two registers for the array keys.
        b.position_at_end(miss)
        _slow_path(b, fnty, self_, args, count, ir.Constant(PTR, None))
    return fn


def _kwscan(module: Any, fnty: Any) -> Any:
    """`lesto_kwscan`: the keyword entries of the table (see the module docstring), scanned
    in order; a call matching none goes to the slow path.  Module-private, built once."""
    from llvmlite import ir

    from lesto.backend.capi import PTR
    from lesto.backend.context import I64

    existing = module.globals.get("lesto_kwscan")
    if existing is not None:
        return existing
    fn = ir.Function(module, fnty, name="lesto_kwscan")
    fn.linkage = "internal"
    self_, args, nargsf, kwnames = fn.args
    blocks = {name: fn.append_basic_block(name) for name in (
        "entry", "setup", "head", "body", "names", "names.head", "names.body", "types",
        "types.head", "types.body", "next", "found", "slow")}
    b = ir.IRBuilder(blocks["entry"])
    i8 = ir.IntType(8)

    def at(base: Any, offset: Any, typ: Any) -> Any:
        off = ir.Constant(I64, offset) if isinstance(offset, int) else offset
        return b.load(b.gep(base, [off], source_etype=i8), typ=typ)

    def const(v: int) -> Any:
        return ir.Constant(I64, v)

    e_slot = b.alloca(I64)
    i_slot = b.alloca(I64)
    npos = b.and_(nargsf, const(NARGS_MASK))
    nkw = at(kwnames, 16, I64)                      # ob_size of the kwnames tuple
    total = b.add(npos, nkw)
    b.cbranch(b.icmp_unsigned(">", total, const(MAX_ARGS)), blocks["slow"], blocks["setup"])

    b.position_at_end(blocks["setup"])
    table = at(self_, TABLE_OFFSET, PTR)
    count = b.load(table, typ=I64)
    first = b.gep(table, [const(HEADER_WORDS)], source_etype=I64)
    want = b.or_(npos, const(KW_FLAG))
    b.store(const(0), e_slot)
    b.branch(blocks["head"])

    b.position_at_end(blocks["head"])
    e = b.load(e_slot, typ=I64)
    b.cbranch(b.icmp_signed("<", e, count), blocks["body"], blocks["slow"])

    b.position_at_end(blocks["body"])
    entry = b.gep(first, [b.mul(e, const(ENTRY_WORDS))], source_etype=I64)
    b.cbranch(b.icmp_unsigned("==", b.load(entry, typ=I64), want), blocks["names"],
              blocks["next"])

    b.position_at_end(blocks["names"])
    names = b.load(b.gep(entry, [const(KW_WORD)], source_etype=I64), typ=PTR)
    b.store(const(0), i_slot)
    b.cbranch(b.icmp_unsigned("==", at(names, 16, I64), nkw), blocks["names.head"],
              blocks["next"])

    b.position_at_end(blocks["names.head"])
    i = b.load(i_slot, typ=I64)
    b.cbranch(b.icmp_signed("<", i, nkw), blocks["names.body"], blocks["types"])

    b.position_at_end(blocks["names.body"])
    item = b.add(const(24), b.mul(i, const(8)))     # ob_item[i] of a tuple
    b.store(b.add(i, const(1)), i_slot)
    b.cbranch(b.icmp_unsigned("==", at(names, item, PTR), at(kwnames, item, PTR)),
              blocks["names.head"], blocks["next"])

    b.position_at_end(blocks["types"])
    b.store(const(0), i_slot)
    b.branch(blocks["types.head"])

    b.position_at_end(blocks["types.head"])
    i = b.load(i_slot, typ=I64)
    b.cbranch(b.icmp_signed("<", i, total), blocks["types.body"], blocks["found"])

    b.position_at_end(blocks["types.body"])
    obj = b.load(b.gep(args, [i], source_etype=PTR), typ=PTR)
    wanted = b.load(b.gep(entry, [b.add(i, const(TYPE_WORD))], source_etype=I64), typ=PTR)
    b.store(b.add(i, const(1)), i_slot)
    b.cbranch(b.icmp_unsigned("==", at(obj, 8, PTR), wanted), blocks["types.head"],
              blocks["next"])

    b.position_at_end(blocks["next"])
    b.store(b.add(b.load(e_slot, typ=I64), const(1)), e_slot)
    b.branch(blocks["head"])

    b.position_at_end(blocks["found"])
    target = b.load(b.gep(entry, [const(1)], source_etype=I64), typ=PTR)
    target_self = b.load(b.gep(entry, [const(2)], source_etype=I64), typ=PTR)
    callee = b.inttoptr(b.ptrtoint(target, I64), ir.PointerType(fnty))
    b.ret(b.call(callee, [target_self, args, nargsf, kwnames], tail=True))

    b.position_at_end(blocks["slow"])
    _slow_path(b, fnty, self_, args, nargsf, kwnames)
    return fn


def _slow_path(b: Any, fnty: Any, self_: Any, args: Any, nargsf: Any, kwnames: Any) -> None:
    """Call the table's slow-path function with the same arguments, through the vectorcall
    pointer its type declares (a bound method: CPython's method_vectorcall)."""
    from llvmlite import ir

    from lesto.backend.capi import PTR
    from lesto.backend.context import I64

    i8 = ir.IntType(8)
    table = b.load(b.gep(self_, [ir.Constant(I64, TABLE_OFFSET)], source_etype=i8), typ=PTR)
    callee = b.load(b.gep(table, [ir.Constant(I64, 1)], source_etype=I64), typ=PTR)
    ctp = b.load(b.gep(callee, [ir.Constant(I64, 8)], source_etype=i8), typ=PTR)
    off = b.load(b.gep(ctp, [ir.Constant(I64, TP_VECTORCALL_OFFSET)], source_etype=i8),
                 typ=I64)
    vc = b.load(b.gep(callee, [off], source_etype=i8), typ=PTR)
    typed = b.inttoptr(b.ptrtoint(vc, I64), ir.PointerType(fnty))
    b.ret(b.call(typed, [callee, args, nargsf, kwnames], tail=True))
