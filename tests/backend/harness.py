"""Test harness for single lowerings: JIT one registered key into a callable, and compare it
against CPython.

For a key with operand types (e.g. "i64", "f64") and a result type, `build_module` emits

    i32 f(<args>, ptr out)

whose body is a `LowerCtx` around the lowering: the normal path stores the result to `out`
and returns 0 (STATUS_OK), the deopt block returns 2 (STATUS_DEOPT).  i1 operands travel as
i8.  Result types: "i64", "f64", "i1", and the pairs "ii" ({i64, i64}) and "ff" ({double,
double}).  Each key is compiled twice, unoptimised and at -O2, and both must agree.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import math
import struct
from dataclasses import dataclass
from typing import Any, Callable

import llvmlite.binding as llvm
from llvmlite import ir

from lesto.backend import lower_float, lower_int, lower_math, lower_round  # noqa: F401
from lesto.backend.context import F64, I1, I8, I32, I64, STATUS_DEOPT, STATUS_OK, LowerCtx
from lesto.backend.registry import LOWERINGS

INT_MIN = -(2**63)
INT_MAX = 2**63 - 1

_LLVM_TYPES: dict[str, ir.Type] = {"i64": I64, "f64": F64, "i1": I8}
_C_TYPES: dict[str, Any] = {"i64": ctypes.c_int64, "f64": ctypes.c_double, "i1": ctypes.c_uint8}
_LIBM_NAMES = ("sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh",
               "asinh", "acosh", "atanh", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p",
               "erf", "erfc", "pow", "fmod", "ldexp", "fma", "roundeven", "round", "floor",
               "ceil", "trunc")

_initialised = False


def init_llvm() -> None:
    global _initialised
    if _initialised:
        return
    llvm.initialize_native_target()
    llvm.initialize_native_asmprinter()
    libm = ctypes.CDLL(ctypes.util.find_library("m"))
    for name in _LIBM_NAMES:
        if llvm.address_of_symbol(name) is None and hasattr(libm, name):
            llvm.add_symbol(name, ctypes.cast(getattr(libm, name), ctypes.c_void_p).value)
    _initialised = True


def emit_wrapper(module: ir.Module, name: str, key: str, argtys: tuple[str, ...],
                 retty: str, constants: tuple[Any, ...] | None = None) -> LowerCtx:
    """Add `i32 name(<args>, ptr out)` running the lowering of `key` to `module`.

    With `constants`, the operands are those Python values baked in as LLVM constants and the
    function is `i32 name(ptr out)` (this exercises LLVM's constant folding of the lowering)."""
    params = [] if constants is not None else [_LLVM_TYPES[t] for t in argtys]
    fn = ir.Function(module, ir.FunctionType(I32, params + [ir.PointerType()]), name=name)
    entry = fn.append_basic_block("entry")
    deopt = fn.append_basic_block("deopt")
    ir.IRBuilder(deopt).ret(ir.Constant(I32, STATUS_DEOPT))
    bld = ir.IRBuilder(entry)
    args: list[ir.Value] = []
    if constants is not None:
        for t, c in zip(argtys, constants):
            args.append(ir.Constant(I1 if t == "i1" else _LLVM_TYPES[t], c))
    else:
        for t, a in zip(argtys, fn.args[:-1]):
            args.append(bld.trunc(a, I1) if t == "i1" else a)
    out = fn.args[-1]
    ctx = LowerCtx(builder=bld, module=module, deopt_block=deopt)
    result = LOWERINGS[key](ctx, args)
    # overflow flagged without branching (`overflow_if`) must deopt before the result escapes,
    # as the code generator does before every return
    check_overflow = getattr(ctx, "check_overflow", None)
    if check_overflow is not None:
        check_overflow()
    if retty in ("i64", "f64"):
        bld.store(result, out)
    elif retty == "i1":
        bld.store(bld.zext(result, I8), out)
    else:
        elem = I64 if retty == "ii" else F64
        second = bld.gep(out, [ir.Constant(I64, 1)], source_etype=elem)
        bld.store(bld.extract_value(result, 0), out)
        bld.store(bld.extract_value(result, 1), second)
    bld.ret(ir.Constant(I32, STATUS_OK))
    return ctx


def build_module(key: str, argtys: tuple[str, ...], retty: str,
                 triple: str | None = None) -> ir.Module:
    module = ir.Module(name=key)
    module.triple = triple or llvm.get_process_triple()
    emit_wrapper(module, "f", key, argtys, retty)
    return module


def _host_machine() -> llvm.TargetMachine:
    target = llvm.Target.from_triple(llvm.get_process_triple())
    return target.create_target_machine(cpu=llvm.get_host_cpu_name(),
                                        features=llvm.get_host_cpu_features().flatten(),
                                        jit=True)


def optimize(mod: llvm.ModuleRef, tm: llvm.TargetMachine, level: int) -> None:
    pto = llvm.create_pipeline_tuning_options(speed_level=level)
    pb = llvm.create_pass_builder(tm, pto)
    pb.getModulePassManager().run(mod, pb)


@dataclass
class Native:
    """One compiled wrapper (keeps its engine alive while it is called)."""

    engine: Any
    cfunc: Any
    retty: str

    def __call__(self, *args: Any) -> tuple[str, Any]:
        if self.retty in ("ii", "ff"):
            out: Any = ((ctypes.c_int64 if self.retty == "ii" else ctypes.c_double) * 2)()
        else:
            out = {"i64": ctypes.c_int64, "f64": ctypes.c_double, "i1": ctypes.c_uint8}[
                self.retty]()
        status = self.cfunc(*args, ctypes.addressof(out))
        if status == STATUS_DEOPT:
            return "deopt", None
        assert status == STATUS_OK, f"unexpected status {status}"
        if self.retty in ("ii", "ff"):
            return "ok", (out[0], out[1])
        if self.retty == "i1":
            assert out.value in (0, 1), out.value
            return "ok", bool(out.value)
        return "ok", out.value


def _engine(module: ir.Module, opt_level: int) -> Any:
    init_llvm()
    mod = llvm.parse_assembly(str(module))
    mod.verify()
    tm = _host_machine()
    if opt_level:
        optimize(mod, tm, opt_level)
        mod.verify()
    engine = llvm.create_mcjit_compiler(mod, tm)   # takes ownership of tm
    engine.finalize_object()
    return engine


def jit(key: str, argtys: tuple[str, ...], retty: str, opt_level: int) -> Native:
    init_llvm()
    engine = _engine(build_module(key, argtys, retty), opt_level)
    addr = engine.get_function_address("f")
    proto = ctypes.CFUNCTYPE(ctypes.c_int32, *[_C_TYPES[t] for t in argtys], ctypes.c_void_p)
    return Native(engine, proto(addr), retty)


def run_constant_folded(key: str, argtys: tuple[str, ...], retty: str,
                        cases: list[tuple[Any, ...]]) -> list[tuple[str, Any]]:
    """Outcomes of `key` on each case with the operands as constants, built at -O2."""
    init_llvm()
    module = ir.Module(name=key)
    module.triple = llvm.get_process_triple()
    for i, case in enumerate(cases):
        emit_wrapper(module, f"c{i}", key, argtys, retty, constants=case)
    engine = _engine(module, 2)
    proto = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p)
    outcomes = []
    for i in range(len(cases)):
        fn = Native(engine, proto(engine.get_function_address(f"c{i}")), retty)
        outcomes.append(fn())
    return outcomes


# --- differential checking against CPython -----------------------------------------------------

def same_float(a: float, b: float) -> bool:
    """Equal including the sign of zero; any nan equals any nan."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return struct.pack("<d", a) == struct.pack("<d", b)


def representable(value: Any, retty: str) -> bool:
    """Can the native result type hold CPython's value exactly?"""
    if retty == "i64":
        return type(value) is int and INT_MIN <= value <= INT_MAX
    if retty == "f64":
        return type(value) is float
    if retty == "i1":
        return type(value) is bool
    if retty in ("ii", "ff"):
        return (type(value) is tuple and len(value) == 2
                and all(representable(v, "i64" if retty == "ii" else "f64") for v in value))
    raise ValueError(retty)


def same_value(got: Any, want: Any, retty: str) -> bool:
    if retty == "f64":
        return same_float(got, want)
    if retty == "ff":
        return same_float(got[0], want[0]) and same_float(got[1], want[1])
    return bool(got == want)


def check_outcome(key: str, args: tuple[Any, ...], retty: str, outcome: tuple[str, Any],
                  expected: tuple[str, Any], may_deopt: bool = False) -> None:
    status, got = outcome
    want_status, want = expected
    where = f"{key}{args!r}"
    if want_status == "deopt":
        assert status == "deopt", f"{where}: CPython gives {want}, native gave {got!r}"
    elif status == "deopt":
        assert may_deopt, f"{where}: native deopted, CPython gives {want!r}"
    else:
        assert same_value(got, want, retty), f"{where}: native {got!r} != {want!r}"


class Op:
    """A key compiled at -O0 and -O2, checked against a CPython reference function."""

    def __init__(self, key: str, argtys: tuple[str, ...], retty: str,
                 reference: Callable[..., Any]):
        self.key, self.argtys, self.retty, self.reference = key, argtys, retty, reference
        self.builds = [jit(key, argtys, retty, 0), jit(key, argtys, retty, 2)]

    def run(self, *args: Any) -> tuple[str, Any]:
        """The native outcome (both builds must agree exactly)."""
        outcomes = [b(*args) for b in self.builds]
        (s0, v0), (s1, v1) = outcomes
        assert s0 == s1 and (s0 == "deopt" or same_value(v0, v1, self.retty)), (
            f"{self.key}{args}: -O0 gives {outcomes[0]}, -O2 gives {outcomes[1]}")
        return outcomes[0]

    def expected(self, *args: Any) -> tuple[str, Any]:
        """('ok', value) when CPython's result fits the native type, else ('deopt', reason)."""
        try:
            value = self.reference(*args)
        except (ArithmeticError, ValueError) as exc:
            return "deopt", type(exc).__name__
        if not representable(value, self.retty):
            return "deopt", f"not representable: {value!r}"
        return "ok", value

    def check(self, *args: Any, may_deopt: bool = False) -> str:
        """Assert native == CPython for `args`; return the native status.

        `may_deopt` allows a deopt where CPython succeeds (a documented slow path)."""
        outcome = self.run(*args)
        check_outcome(self.key, args, self.retty, outcome, self.expected(*args), may_deopt)
        return outcome[0]

    def check_folded(self, cases: list[tuple[Any, ...]], may_deopt: bool = False) -> None:
        """Like `check`, with the operands as compile-time constants (LLVM folds the code)."""
        outcomes = run_constant_folded(self.key, self.argtys, self.retty, cases)
        for args, outcome in zip(cases, outcomes):
            check_outcome(self.key, args, self.retty, outcome, self.expected(*args), may_deopt)


@functools.lru_cache(maxsize=None)
def op(key: str, argtys: tuple[str, ...], retty: str, reference: Callable[..., Any]) -> Op:
    return Op(key, argtys, retty, reference)


def emit_object_for(triple: str, keys: list[tuple[str, tuple[str, ...], str]]) -> bytes:
    """Emit all `keys` into one module and compile it to an object file for `triple`."""
    llvm.initialize_all_targets()
    llvm.initialize_all_asmprinters()
    module = ir.Module(name="cross")
    module.triple = triple
    for i, (key, argtys, retty) in enumerate(keys):
        emit_wrapper(module, f"f{i}", key, argtys, retty)
    mod = llvm.parse_assembly(str(module))
    mod.verify()
    tm = llvm.Target.from_triple(triple).create_target_machine()
    mod.triple = triple
    mod.data_layout = str(tm.target_data)
    optimize(mod, tm, 2)
    return tm.emit_object(mod)


# --- the operand and result types of every key of the numeric library --------------------------

def _signatures() -> dict[str, tuple[tuple[str, ...], str]]:
    sig: dict[str, tuple[tuple[str, ...], str]] = {}
    ii, ff = ("i64", "i64"), ("f64", "f64")
    for name in ("add", "sub", "mul", "floordiv", "mod", "pow", "lshift", "rshift", "and", "or",
                 "xor"):
        sig[f"int.{name}"] = (ii, "i64")
    sig["int.truediv"] = (ii, "f64")
    sig["int.affine"] = (("i64", "i64", "i64"), "i64")
    for name in ("neg", "pos", "invert", "abs"):
        sig[f"int.{name}"] = (("i64",), "i64")
    sig["int.bool"] = (("i64",), "i1")
    for name in ("and", "or", "xor"):
        sig[f"bool.{name}"] = (("i1", "i1"), "i1")
    sig["bool.not"] = (("i1",), "i1")
    for name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow"):
        sig[f"float.{name}"] = (ff, "f64")
    for name in ("neg", "pos", "abs"):
        sig[f"float.{name}"] = (("f64",), "f64")
    sig["float.bool"] = (("f64",), "i1")
    for cmp in ("eq", "ne", "lt", "le", "gt", "ge"):
        sig[f"int.{cmp}"] = (ii, "i1")
        sig[f"float.{cmp}"] = (ff, "i1")
        sig[f"cmp.int_float.{cmp}"] = (("i64", "f64"), "i1")
        sig[f"cmp.float_int.{cmp}"] = (("f64", "i64"), "i1")
    sig["conv.int_to_float"] = (("i64",), "f64")
    sig["conv.bool_to_int"] = (("i1",), "i64")
    sig["conv.bool_to_float"] = (("i1",), "f64")
    sig["conv.float_to_int"] = (("f64",), "i64")
    sig["conv.int_identity"] = (("i64",), "i64")
    for name in MATH_UNARY:
        sig[f"math.{name}"] = (("f64",), "f64")
    for name in MATH_BINARY:
        sig[f"math.{name}"] = (ff, "f64")
    for name in ("isnan", "isinf", "isfinite"):
        sig[f"math.{name}"] = (("f64",), "i1")
    for name in ("floor", "ceil", "trunc"):
        sig[f"math.{name}"] = (("f64",), "i64")
    sig["math.gcd"] = (ii, "i64")
    sig["builtin.round_float"] = (("f64",), "i64")
    sig["builtin.round_float_ndigits"] = (("f64", "i64"), "f64")
    sig["builtin.round_int_ndigits"] = (ii, "i64")
    sig["builtin.divmod_int"] = (ii, "ii")
    sig["builtin.divmod_float"] = (ff, "ff")
    return sig


MATH_UNARY = ("sqrt", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos",
              "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
              "erf", "erfc", "gamma", "lgamma", "fabs", "degrees", "radians")
MATH_BINARY = ("atan2", "hypot", "fmod", "copysign", "pow", "log_base")
SIGNATURES = _signatures()


def op_for(key: str, reference: Callable[..., Any]) -> Op:
    argtys, retty = SIGNATURES[key]
    return op(key, argtys, retty, reference)


# --- shared operand sets ---------------------------------------------------------------------

INT_EDGES = [0, 1, -1, 2, -2, 3, -3, 5, 7, -7, 10, -10, 62, 63, 64, 65, 100, 255, 2**31 - 1,
             2**31, -(2**31), 2**32, 3037000499, 3037000500, -3037000500, 2**52, 2**53 - 1, 2**53,
             2**53 + 1, -(2**53) - 1, 2**62, -(2**62), 2**63 - 2, INT_MAX, INT_MIN, INT_MIN + 1,
             10**18, -(10**18), 5 * 10**18, -5 * 10**18, 9 * 10**18]

FLOAT_EDGES = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.0, -2.0, 2.5, -2.5, 3.0, -3.0,
               0.1, -0.1, 0.3, 1 / 3, 7.0, 10.0, 123456.789, -98765.4321, 1e16, 2.0**52 + 0.5,
               2.0**53, 2.0**53 + 2, -(2.0**53), 2.0**63, -(2.0**63), 2.0**63 - 1024, 2.0**64,
               1e300, 1e308, -1e308, 1.7976931348623157e308, -1.7976931348623157e308,
               2.2250738585072014e-308, 2.225073858507201e-308, 5e-324, -5e-324, 1e-300, 1e-20,
               0.9999999999999999, 1.0000000000000002, 709.78, 710.0, -745.2, 171.6, 200.5,
               math.inf, -math.inf, math.nan]
