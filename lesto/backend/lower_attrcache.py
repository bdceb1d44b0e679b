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


def new_site(module: ir.Module, typ: ir.Type = SITE,
             prefix: str = "lesto.attrsite") -> ir.GlobalVariable:
    """A cache site of the module: an internal global of `typ`, zero at load."""
    site = ir.GlobalVariable(module, typ, name=module.get_unique_name(prefix))
    site.linkage = "internal"
    site.initializer = ir.Constant(typ, None)
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
    values = _values(b, obj, setting, miss)
    return b.gep(values, [offset], source_etype=I8)


def _values(b: ir.IRBuilder, obj: ir.Value, strict: bool, miss: ir.Block) -> ir.Value:
    """obj's values array, else to `miss` (with `strict`, on 3.13 also while a __dict__
    shares it)."""
    ok_bb = b.function.append_basic_block("attrcache.slot")
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
        if strict:   # 3.13 writes values directly only while no __dict__ shares them
            no_dict = b.icmp_unsigned("==", b.load(_at(b, obj, -24), typ=PTR),
                                      ir.Constant(PTR, None))
            good = b.and_(good, no_dict)
        b.cbranch(good, ok_bb, miss)
    b.position_at_end(ok_bb)
    return values


def _fill(b: ir.IRBuilder, site: ir.Value, obj: ir.Value, name: ir.Value,
          setting: bool) -> None:
    """runtime/attrcache.fill(site, obj, name, setting) while the site has fills left."""
    flag = capi.external(b.module, "_Py_TrueStruct" if setting else "_Py_FalseStruct")
    _call_filler(b, site, FILLS_WORD, FILLER, [obj, name, b.bitcast(flag, PTR)])


def _call_filler(b: ir.IRBuilder, site: ir.Value, fills_word: int, filler_path: str,
                 args: list[ir.Value]) -> None:
    """filler(site address, *args) while the site has fills left; its errors cleared."""
    fn = b.function
    call_bb, done = fn.append_basic_block("attrcache.fill"), fn.append_basic_block("attrcache.filled")
    left = b.icmp_unsigned("<", _word(b, site, fills_word), ir.Constant(I64, MAX_FILLS))
    b.cbranch(left, call_bb, done)
    b.position_at_end(call_bb)
    m = b.module
    addr = b.call(_declare(m, "PyLong_FromVoidPtr", PTR, [PTR]), [b.bitcast(site, PTR)])
    boxed, failed_bb = fn.append_basic_block("attrcache.boxed"), fn.append_basic_block("attrcache.failed")
    b.cbranch(b.icmp_unsigned("==", addr, ir.Constant(PTR, None)), failed_bb, boxed)
    b.position_at_end(boxed)
    filler = b.bitcast(capi.pyobj(m, filler_path), PTR)
    r = capi.vectorcall(b, filler, [addr] + args)
    capi.call(b, "Py_DecRef", [addr])
    capi.call(b, "Py_DecRef", [r])
    b.cbranch(b.icmp_unsigned("==", r, ir.Constant(PTR, None)), failed_bb, done)
    b.position_at_end(failed_bb)   # (the filler never raises; a MemoryError is dropped)
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


# ------------------------------------------------------------------------------ method calls
# `obj.m(args)`: a site of ENTRIES (type, version | shared-key count << 32, descriptor)
# triples and a fill count.  An entry applies when the type and its version tag are the
# entry's (so `m` is still that function, found in the class) and the instance cannot shadow
# it: it has its values array and the class's shared keys still have the count they had when
# `m` was not among them (they only grow).  Then the descriptor is called with obj first.
METHOD_FILLS_WORD = 3 * ENTRIES
METHOD_SITE = ir.ArrayType(I64, METHOD_FILLS_WORD + 1)
METHOD_FILLER = "lesto.runtime.attrcache.fill_method"
KEYS_NENTRIES = 24   # PyDictKeysObject.dk_nentries
# An entry whose second word is IMMUTABLE is for an immutable type without instance dicts
# (str, list, dict, ...): the type alone guards it (runtime/attrcache.fill_method).
IMMUTABLE = (1 << 64) - 1


def _method_entry(b: ir.IRBuilder, site: ir.Value, obj: ir.Value, k: int,
                  miss: ir.Block) -> ir.Value:
    """Entry k's descriptor (borrowed) when it applies to obj, else to `miss`."""
    fn = b.function
    tp = b.load(_at(b, obj, 8), typ=PTR)
    same = b.icmp_unsigned("==", b.ptrtoint(tp, I64), _word(b, site, 3 * k))
    type_bb = fn.append_basic_block("methcache.type")
    b.cbranch(same, type_bb, miss)
    b.position_at_end(type_bb)
    data = _word(b, site, 3 * k + 1)
    found_bb = fn.append_basic_block("methcache.found")
    version_bb = fn.append_basic_block("methcache.version")
    b.cbranch(b.icmp_unsigned("==", data, ir.Constant(I64, IMMUTABLE)), found_bb, version_bb)
    b.position_at_end(version_bb)
    version = b.load(_at(b, tp, TP_VERSION_TAG), typ=I32)
    keys_bb = fn.append_basic_block("methcache.keys")
    b.cbranch(b.icmp_unsigned("==", version, b.trunc(data, I32)), keys_bb, miss)
    b.position_at_end(keys_bb)
    _values(b, obj, True, miss)
    keys = b.load(_at(b, tp, LAYOUT.ht_keys), typ=PTR)
    count = b.load(_at(b, keys, KEYS_NENTRIES), typ=I64)
    b.cbranch(b.icmp_unsigned("==", count, b.lshr(data, ir.Constant(I64, 32))), found_bb, miss)
    b.position_at_end(found_bb)
    return b.inttoptr(_word(b, site, 3 * k + 2), PTR)


def _method_helper(m: ir.Module) -> ir.Function:
    """The miss path: entries 1.., then a fill; the descriptor or NULL (call generically)."""
    name = "lesto.methcache.find"
    existing = m.globals.get(name)
    if existing is not None:
        return existing
    fn = ir.Function(m, ir.FunctionType(PTR, [PTR, PTR, PTR]), name=name)
    fn.linkage = "internal"
    fn.attributes.add("noinline")
    site, obj, attr = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    for k in range(1, ENTRIES):
        miss = fn.append_basic_block(f"methcache.miss{k}")
        b.ret(_method_entry(b, site, obj, k, miss))
        b.position_at_end(miss)
    _call_filler(b, site, METHOD_FILLS_WORD, METHOD_FILLER, [obj, attr])
    b.ret(ir.Constant(PTR, None))
    return fn


def cached_method_call(b: ir.IRBuilder, name: ir.Value, objs: list[ir.Value]) -> ir.Value:
    """objs[0].<name>(*objs[1:]): a new reference, or NULL with CPython's exception set."""
    site = new_site(b.module, METHOD_SITE, "lesto.methsite")
    fn = b.function
    miss = fn.append_basic_block("methcache.miss")
    found = fn.append_basic_block("methcache.call")
    entry_descr = _method_entry(b, site, objs[0], 0, miss)
    entry_end = b.block
    b.branch(found)
    b.position_at_end(miss)
    helper_descr = b.call(_method_helper(b.module), [b.bitcast(site, PTR), objs[0], name])
    generic = fn.append_basic_block("methcache.generic")
    done = fn.append_basic_block("methcache.done")
    miss_end = b.block
    b.cbranch(b.icmp_unsigned("!=", helper_descr, ir.Constant(PTR, None)), found, generic)
    b.position_at_end(found)
    descr = b.phi(PTR)
    descr.add_incoming(entry_descr, entry_end)
    descr.add_incoming(helper_descr, miss_end)
    capi.call(b, "Py_IncRef", [descr])   # the call may change the class
    r_fast = capi.vectorcall(b, descr, objs)
    capi.call(b, "Py_DecRef", [descr])
    fast_end = b.block
    b.branch(done)
    b.position_at_end(generic)
    r_slow = capi.vectorcall(b, name, objs, method=True)
    slow_end = b.block
    b.branch(done)
    b.position_at_end(done)
    r = b.phi(PTR)
    r.add_incoming(r_fast, fast_end)
    r.add_incoming(r_slow, slow_end)
    return r
