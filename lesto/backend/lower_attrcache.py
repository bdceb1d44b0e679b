"""Attribute caches for `obj.x` and `obj.x = v` on instances of user classes: what CPython's
specialising interpreter does (LOAD_ATTR_INSTANCE_VALUE, STORE_ATTR_INSTANCE_VALUE), in the
compiled code, where the generic PyObject_GetAttr / SetAttr look the name up in the type's
MRO and then in the instance's keys on every access (richards spent ~40% there).

Each site owns a zeroed global of ENTRIES (type, version | index << 32) pairs and a fill
count.  An entry applies when the object's type is the entry's type with the same version
tag (a class whose attributes change gets a new tag) and the instance still has its values
array (backend/objlayout.py); then the attribute is slot `index` of that array.  An empty
slot, a stale entry or a dict instead of values is a miss: the site's helper tries the
other entries, asks runtime/attrcache.fill to fill one (at most MAX_FILLS times), and does
the generic C-API call, so results, exceptions and messages stay CPython's."""
from __future__ import annotations

from llvmlite import ir

from lesto.backend import capi
from lesto.backend.capi import PTR
from lesto.backend.context import I32, I64, I8
from lesto.backend.objlayout import LAYOUT, TP_VERSION_TAG

ENTRIES, FILLS_WORD, MAX_FILLS = 4, 8, 16
SITE = ir.ArrayType(I64, FILLS_WORD + 1)
FILLER = "lesto.runtime.attrcache.fill"


def enabled() -> bool:
    return LAYOUT is not None


def new_site(module: ir.Module) -> ir.GlobalVariable:
    site = ir.GlobalVariable(module, SITE, name=module.get_unique_name("lesto.attrsite"))
    site.linkage = "internal"
    site.initializer = ir.Constant(SITE, None)
    return site


def _at(b: ir.IRBuilder, base: ir.Value, offset: int) -> ir.Value:
    return b.gep(base, [ir.Constant(I64, offset)], source_etype=I8)


def _word(b: ir.IRBuilder, site: ir.Value, k: int) -> ir.Value:
    return b.load(_at(b, site, 8 * k), typ=I64)


def _slot(b: ir.IRBuilder, site: ir.Value, obj: ir.Value, k: int, setting: bool,
          miss: ir.Block) -> ir.Value:
    """The address of the attribute's slot when entry k applies to obj, else to `miss`."""
    fn = b.function
    tp = b.load(_at(b, obj, 8), typ=PTR)
    same = b.icmp_unsigned("==", b.ptrtoint(tp, I64), _word(b, site, 2 * k))
    version_bb = fn.append_basic_block("attrcache.version")
    b.cbranch(same, version_bb, miss)
    b.position_at_end(version_bb)
    data = _word(b, site, 2 * k + 1)
    version = b.load(_at(b, tp, TP_VERSION_TAG), typ=I32)
    values_bb = fn.append_basic_block("attrcache.values")
    b.cbranch(b.icmp_unsigned("==", version, b.trunc(data, I32)), values_bb, miss)
    b.position_at_end(values_bb)
    offset = b.shl(b.lshr(data, ir.Constant(I64, 32)), ir.Constant(I64, 3))
    ok_bb = fn.append_basic_block("attrcache.slot")
    v = LAYOUT.version
    if v == (3, 11):
        values = b.load(_at(b, obj, -32), typ=PTR)
        b.cbranch(b.icmp_unsigned("!=", values, ir.Constant(PTR, None)), ok_bb, miss)
    elif v == (3, 12):
        word = b.load(_at(b, obj, -24), typ=I64)
        tagged = b.trunc(word, ir.IntType(1))
        values = b.inttoptr(b.add(word, ir.Constant(I64, 1)), PTR)
        b.cbranch(tagged, ok_bb, miss)
    else:
        valid = b.load(_at(b, obj, 19), typ=I8)
        values = _at(b, obj, 24)
        good = b.icmp_unsigned("!=", valid, ir.Constant(I8, 0))
        if setting:   # 3.13 writes values directly only while no __dict__ shares them
            no_dict = b.icmp_unsigned("==", b.load(_at(b, obj, -24), typ=PTR),
                                      ir.Constant(PTR, None))
            good = b.and_(good, no_dict)
        b.cbranch(good, ok_bb, miss)
    b.position_at_end(ok_bb)
    return b.gep(values, [offset], source_etype=I8)


def _fill(b: ir.IRBuilder, site: ir.Value, obj: ir.Value, name: ir.Value,
          setting: bool) -> None:
    """runtime/attrcache.fill(site, obj, name, setting) while the site has fills left."""
    fn = b.function
    call_bb, done = fn.append_basic_block("attrcache.fill"), fn.append_basic_block("attrcache.filled")
    left = b.icmp_unsigned("<", _word(b, site, FILLS_WORD), ir.Constant(I64, MAX_FILLS))
    b.cbranch(left, call_bb, done)
    b.position_at_end(call_bb)
    m = b.module
    where = _declare(m, "PyLong_FromVoidPtr", PTR, [PTR])
    addr = b.call(where, [b.bitcast(site, PTR)])
    flag = b.bitcast(capi.external(m, "_Py_TrueStruct" if setting else "_Py_FalseStruct"), PTR)
    filler = b.bitcast(capi.pyobj(m, FILLER), PTR)
    r = capi.vectorcall(b, filler, [addr, obj, name, flag])   # (addr NULL: fill raises)
    capi.call(b, "Py_DecRef", [addr])
    failed = b.icmp_unsigned("==", r, ir.Constant(PTR, None))
    capi.call(b, "Py_DecRef", [r])
    with b.if_then(failed, likely=False):
        b.call(capi.function(m, "PyErr_Clear"), [])
    b.branch(done)
    b.position_at_end(done)


def _declare(m: ir.Module, name: str, ret: ir.Type, args: list[ir.Type]) -> ir.Function:
    existing = m.globals.get(name)
    return existing if existing is not None else ir.Function(m, ir.FunctionType(ret, args), name)


def _helper(m: ir.Module, setting: bool) -> ir.Function:
    """The module's miss path: the other entries, a fill, then the generic call."""
    name = "lesto.attrcache.set" if setting else "lesto.attrcache.get"
    existing = m.globals.get(name)
    if existing is not None:
        return existing
    args = [PTR, PTR, PTR] + ([PTR] if setting else [])
    fn = ir.Function(m, ir.FunctionType(I32 if setting else PTR, args), name=name)
    fn.linkage = "internal"
    fn.attributes.add("noinline")
    site, obj, attr = fn.args[:3]
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    for k in range(ENTRIES):
        miss = fn.append_basic_block(f"attrcache.miss{k}")
        slot = _slot(b, site, obj, k, setting, miss)
        b.ret(_hit(b, slot, fn.args[3] if setting else None, miss))
        b.position_at_end(miss)
    _fill(b, site, obj, attr, setting)
    if setting:
        r = b.call(_declare(m, "PyObject_SetAttr", I32, [PTR, PTR, PTR]), [obj, attr, fn.args[3]])
    else:
        r = b.call(_declare(m, "PyObject_GetAttr", PTR, [PTR, PTR]), [obj, attr])
    b.ret(r)
    return fn


def _hit(b: ir.IRBuilder, slot: ir.Value, value: ir.Value | None, miss: ir.Block) -> ir.Value:
    """The attribute (a new reference), or 0 after storing `value` over it; an empty slot
    (the attribute not set on this instance) goes to `miss`."""
    old = b.load(slot, typ=PTR)
    hit = b.function.append_basic_block("attrcache.hit")
    b.cbranch(b.icmp_unsigned("!=", old, ir.Constant(PTR, None)), hit, miss)
    b.position_at_end(hit)
    if value is None:
        capi.call(b, "Py_IncRef", [old])
        return old
    capi.call(b, "Py_IncRef", [value])   # stored before the old value is released
    b.store(value, slot)                 # (whose __del__ then sees the new one)
    capi.call(b, "Py_DecRef", [old])
    return ir.Constant(I32, 0)


def cached_getattr(b: ir.IRBuilder, obj: ir.Value, name: ir.Value) -> ir.Value:
    """obj.<name>: a new reference, or NULL with CPython's exception set."""
    return _cached(b, obj, name, None)


def cached_setattr(b: ir.IRBuilder, obj: ir.Value, name: ir.Value, value: ir.Value) -> ir.Value:
    """obj.<name> = value: 0, or -1 with CPython's exception set."""
    return _cached(b, obj, name, value)


def _cached(b: ir.IRBuilder, obj: ir.Value, name: ir.Value, value: ir.Value | None) -> ir.Value:
    """Entry 0 checked in line, the rest in the module's helper."""
    setting = value is not None
    site = new_site(b.module)
    fn = b.function
    miss = fn.append_basic_block("attrcache.miss")
    done = fn.append_basic_block("attrcache.done")
    fast = _hit(b, _slot(b, site, obj, 0, setting, miss), value, miss)
    hit_end = b.block
    b.branch(done)
    b.position_at_end(miss)
    args = [b.bitcast(site, PTR), obj, name] + ([value] if setting else [])
    slow = b.call(_helper(b.module, setting), args)
    slow_end = b.block
    b.branch(done)
    b.position_at_end(done)
    phi = b.phi(fast.type)
    phi.add_incoming(fast, hit_end)
    phi.add_incoming(slow, slow_end)
    return phi
