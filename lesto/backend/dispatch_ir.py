"""The native type switch in front of every dispatcher (LLVM IR; compiled once per process).

    PyObject *lesto_dispatch(PyObject *self, PyObject *const *args, size_t nargsf,
                             PyObject *kwnames)

is the vectorcall function of every lesto dispatcher object.  It reads the dispatcher's table
(pointer stored in the object at TABLE_OFFSET), finds the first entry whose argument count and
exact argument types (Py_TYPE) match, and calls that specialization's METH_FASTCALL entry; on a
miss, or with keyword arguments, it calls the table's slow-path Python function through its own
vectorcall pointer (what CPython's inline PyObject_Vectorcall does).

Table layout, in 64-bit words (n entries):
    [0] n   [1] slow-path function (PyObject *)   [2] the entry that matched last
    [3 .. 3+n) the entries' type keys
    then per entry: [nargs, entry function, entry self, type_0 ... type_{MAX_ARGS-1}]
(the keys are contiguous, so a miss scans one cache line for up to eight signatures).
"""
from __future__ import annotations

from typing import Any

VECTORCALL_OFFSET = 16     # where the instance stores its vectorcall function pointer
TABLE_OFFSET = 24          # where the instance stores its table pointer
MAX_ARGS = 8
ENTRY_WORDS = 3 + MAX_ARGS
KEY_ROTATE = 13
MASK64 = 2**64 - 1


def type_key(types: list[int]) -> int:
    """One word summarising an argument count and the argument types' addresses (rotate and
    xor: two cheap operations per argument); the native switch compares this first and
    verifies the types only on a match, so a collision costs time, never correctness."""
    k = len(types)
    for tp in types:
        k = (((k << KEY_ROTATE) | (k >> (64 - KEY_ROTATE))) & MASK64) ^ tp
    return k
HEADER_WORDS = 3
SYMBOL = "lesto_dispatch"
TP_VECTORCALL_OFFSET = 56  # offsetof(PyTypeObject, tp_vectorcall_offset), 3.10-3.13


def build_dispatch_module() -> str:
    from llvmlite import ir

    from lesto.backend.capi import PTR
    from lesto.backend.context import I64

    module = ir.Module(name="lesto_dispatch")
    fnty = ir.FunctionType(PTR, [PTR, PTR, I64, PTR])
    fn = ir.Function(module, fnty, name=SYMBOL)
    self_, args, nargsf, kwnames = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    slow = fn.append_basic_block("slow")

    def word(base: Any, index: Any) -> Any:
        idx = ir.Constant(I64, index) if isinstance(index, int) else index
        return b.gep(base, [idx], source_etype=I64)

    def byte_ptr(base: Any, offset: int) -> Any:
        return b.gep(base, [ir.Constant(I64, offset)], source_etype=ir.IntType(8))

    table = b.load(byte_ptr(self_, TABLE_OFFSET), typ=PTR)
    nargs = b.and_(nargsf, ir.Constant(I64, (1 << 63) - 1))
    has_kw = b.icmp_unsigned("!=", kwnames, ir.Constant(PTR, None))
    no_table = b.icmp_unsigned("==", table, ir.Constant(PTR, None))
    start = fn.append_basic_block("start")
    b.cbranch(b.or_(has_kw, no_table), slow, start)

    b.position_at_end(start)
    # The key of the actual argument types (see type_key), computed once per call.
    key_head = fn.append_basic_block("key.head")
    key_body = fn.append_basic_block("key.body")
    key_done = fn.append_basic_block("key.done")
    too_many = b.icmp_unsigned(">", nargs, ir.Constant(I64, MAX_ARGS))
    seed = nargs
    b.cbranch(too_many, slow, key_head)
    b.position_at_end(key_head)
    i = b.phi(I64, name="i")
    k = b.phi(I64, name="k")
    i.add_incoming(ir.Constant(I64, 0), start)
    k.add_incoming(seed, start)
    b.cbranch(b.icmp_unsigned("<", i, nargs), key_body, key_done)
    b.position_at_end(key_body)
    obj = b.load(b.gep(args, [i], source_etype=PTR), typ=PTR)
    tp = b.ptrtoint(b.load(byte_ptr(obj, 8), typ=PTR), I64)
    i.add_incoming(b.add(i, ir.Constant(I64, 1)), key_body)
    rotated = b.or_(b.shl(k, ir.Constant(I64, KEY_ROTATE)),
                    b.lshr(k, ir.Constant(I64, 64 - KEY_ROTATE)))
    k.add_incoming(b.xor(rotated, tp), key_body)
    b.branch(key_head)

    b.position_at_end(key_done)
    count = b.load(word(table, 0), typ=I64)
    last = b.load(word(table, 2), typ=I64)
    head = fn.append_basic_block("entry.head")
    b.branch(head)
    b.position_at_end(head)
    e = b.phi(I64, name="e")
    e.add_incoming(ir.Constant(I64, 0), key_done)
    more = b.icmp_signed("<", e, count)
    body = fn.append_basic_block("entry.body")
    nxt = fn.append_basic_block("entry.next")
    b.cbranch(more, body, slow)

    b.position_at_end(body)
    # Start at the entry that matched last time (a caller usually repeats its types).
    idx = b.add(last, e)
    idx = b.select(b.icmp_unsigned(">=", idx, count), b.sub(idx, count), idx)
    key_at = b.load(word(table, b.add(ir.Constant(I64, HEADER_WORDS), idx)), typ=I64)
    same_key = b.icmp_unsigned("==", key_at, k)
    verify = fn.append_basic_block("verify")
    b.cbranch(same_key, verify, nxt)

    # A key match is verified exactly (count and every type), so a collision only costs time.
    b.position_at_end(verify)
    base = word(table, b.add(b.add(ir.Constant(I64, HEADER_WORDS), count),
                             b.mul(idx, ir.Constant(I64, ENTRY_WORDS))))
    same_n = b.icmp_signed("==", b.load(word(base, 0), typ=I64), nargs)
    arg_loop = fn.append_basic_block("arg.head")
    b.cbranch(same_n, arg_loop, nxt)
    b.position_at_end(arg_loop)
    j = b.phi(I64, name="j")
    j.add_incoming(ir.Constant(I64, 0), verify)
    check = fn.append_basic_block("arg.check")
    hit = fn.append_basic_block("hit")
    b.cbranch(b.icmp_signed(">=", j, nargs), hit, check)
    b.position_at_end(check)
    obj = b.load(b.gep(args, [j], source_etype=PTR), typ=PTR)
    tp = b.load(byte_ptr(obj, 8), typ=PTR)
    want = b.load(word(base, b.add(j, ir.Constant(I64, 3))), typ=PTR)
    j.add_incoming(b.add(j, ir.Constant(I64, 1)), check)
    b.cbranch(b.icmp_unsigned("==", tp, want), arg_loop, nxt)

    b.position_at_end(hit)
    with b.if_then(b.icmp_unsigned("!=", e, ir.Constant(I64, 0)), likely=False):
        b.store(idx, word(table, 2))
    target = b.load(word(base, 1), typ=PTR)
    target_self = b.load(word(base, 2), typ=PTR)
    fastcall = ir.FunctionType(PTR, [PTR, PTR, I64])
    b.ret(_call_ptr(b, target, fastcall, [target_self, args, nargs]))

    b.position_at_end(nxt)
    e.add_incoming(b.add(e, ir.Constant(I64, 1)), nxt)
    b.branch(head)

    b.position_at_end(slow)
    callee = b.load(word(table, 1), typ=PTR)
    ctp = b.load(byte_ptr(callee, 8), typ=PTR)
    off = b.load(byte_ptr(ctp, TP_VECTORCALL_OFFSET), typ=I64)
    vc = b.load(b.gep(callee, [off], source_etype=ir.IntType(8)), typ=PTR)
    b.ret(_call_ptr(b, vc, fnty, [callee, args, nargsf, kwnames]))
    return str(module)


def _call_ptr(b: Any, ptr: Any, fnty: Any, args: list[Any]) -> Any:
    from llvmlite import ir

    from lesto.backend.context import I64

    typed = b.inttoptr(b.ptrtoint(ptr, I64), ir.PointerType(fnty))
    return b.call(typed, args, tail=True)
