"""Typing rows for operations on CPython objects (`PyObj`): what each operation gives, and the
lowering key that implements it with the C-API (backend/lower_object.py has the C side of each
key: function, error convention, references).

An operation is an *object operation* when an operand is a PyObj or the frontend named it
`obj.*` (a global looked up at run time, a call of any callable, a display, an f-string part).
Native operands are boxed where they meet objects.  Results are objects of the exact type
when the operand types prove it (`str + str` is a str, `len()` an int64, `==` between
builtin values a bool), else `PyObj(None)`.

    s + t       (str, str)  -> obj.binop.add        -> PyObj(str)
    d[k]        (dict, str) -> obj.getitem          -> PyObj(None)
    len(x)      (list,)     -> obj.len              -> int
    x == y      (str, int)  -> obj.richcmp_bool.eq  -> bool
"""
from __future__ import annotations

import types

from lesto.types.core import BOOL, INT, NONE, LType, PyObj, python_type_of

NoneType = type(None)

# Builtin types whose rich comparisons always return a bool (containers compare their items
# with PyObject_RichCompareBool); comparisons between them give a native bool.
BOOL_COMPARING: frozenset[type] = frozenset({
    int, float, bool, complex, str, bytes, list, tuple, dict, set, frozenset, NoneType, range})

# iter() of a builtin container: its builtin iterator (whose next() runs no user code).
ITERATORS: dict[type, type] = {t: type(iter(t())) for t in (list, tuple, str, dict, set,
                                                               frozenset, bytes)}
ITERATORS[range] = type(iter(range(0)))
ITERATORS[type({}.items())] = type(iter({}.items()))
ITERATORS[type({}.keys())] = type(iter({}.keys()))
ITERATORS[type({}.values())] = type(iter({}.values()))
# The exact type of what a builtin iterator yields, where it is one type.
ITEM_TYPES: dict[type, type] = {type(iter("")): str, type(iter("\u00e9")): str,
                                type(iter(b"")): int, ITERATORS[range]: int}
# Values whose operations run no Python code of the user's (see lower_object "effects").
BUILTIN_VALUES: frozenset[type] = BOOL_COMPARING | frozenset(ITERATORS.values()) | frozenset(
    ITERATORS) | {slice}

# (operator, left type, right type) -> exact result type, for builtin operands.
BINOP_RESULTS: dict[tuple[str, type, type], type] = {}
for _op in ("add", "sub", "mul", "floordiv", "mod", "lshift", "rshift", "and", "or", "xor"):
    BINOP_RESULTS[(_op, int, int)] = int
for _op in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow"):
    for _a, _b in ((float, float), (int, float), (float, int)):
        BINOP_RESULTS[(_op, _a, _b)] = float
BINOP_RESULTS[("truediv", int, int)] = float
for _t in (str, list, tuple, bytes):
    BINOP_RESULTS[("add", _t, _t)] = _t
    BINOP_RESULTS[("mul", _t, int)] = _t
    BINOP_RESULTS[("mul", int, _t)] = _t
for _t in (str, bytes):
    for _r in (int, float, str, tuple, list, dict, bool, NoneType):
        BINOP_RESULTS[("mod", _t, _r)] = _t
for _op in ("and", "or", "xor", "sub"):
    BINOP_RESULTS[(_op, set, set)] = set
    BINOP_RESULTS[(_op, frozenset, frozenset)] = frozenset
BINOP_RESULTS[("or", dict, dict)] = dict

UNARY_RESULTS: dict[tuple[str, type], type] = {
    ("neg", int): int, ("pos", int): int, ("invert", int): int,
    ("neg", float): float, ("pos", float): float}

# Builtin functions whose result type is their own name when called with objects (str(x) is
# a str) or fixed; any other builtin called with an object gives PyObj(None).
CALL_RESULTS: dict[str, type] = {"str": str, "repr": str, "ascii": str, "list": list,
                                 "tuple": tuple, "dict": dict, "set": set, "sorted": list,
                                 "frozenset": frozenset, "format": str}
# Methods of exact builtin types with a known result type.
METHOD_RESULTS: dict[tuple[type, str], type] = {}
for _m in ("lower", "upper", "strip", "lstrip", "rstrip", "replace", "join", "format",
           "capitalize", "title", "casefold", "center", "ljust", "rjust", "zfill"):
    METHOD_RESULTS[(str, _m)] = str
for _m in ("split", "rsplit", "splitlines"):
    METHOD_RESULTS[(str, _m)] = list
for _m in ("startswith", "endswith", "isdigit", "isalpha", "isalnum", "isspace", "isupper",
           "islower"):
    METHOD_RESULTS[(str, _m)] = bool
for _t in (list, dict, set):
    METHOD_RESULTS[(_t, "copy")] = _t
METHOD_RESULTS[(dict, "items")] = type({}.items())
METHOD_RESULTS[(dict, "keys")] = type({}.keys())
METHOD_RESULTS[(dict, "values")] = type({}.values())
for _m in ("append", "extend", "insert", "clear", "sort", "reverse"):
    METHOD_RESULTS[(list, _m)] = NoneType
for _m in ("add", "discard", "clear", "update"):
    METHOD_RESULTS[(set, _m)] = NoneType
# Calls that cannot run Python code of the user's nor change a value the caller can see:
# a function with nothing else stays re-runnable (see backend/lower_object.py, "effects").
PURE_METHODS: frozenset[tuple[type, str]] = frozenset(
    k for k in METHOD_RESULTS if k[0] is str) | {(dict, "get"), (dict, "keys"),
                                                 (dict, "values"), (dict, "items"),
                                                 (list, "copy"), (list, "index"),
                                                 (list, "count")}


def result_object(pytype: type | None) -> LType:
    """The lesto type of a result of exact Python type `pytype` (None: unknown)."""
    if pytype is bool:
        return PyObj(bool)
    if pytype is NoneType:
        return PyObj(NoneType)
    return PyObj(pytype)


def binop_result(op: str, a: LType, b: LType) -> LType:
    key = (op[8:] if op.startswith("inplace.") else op, python_type_of(a), python_type_of(b))
    if key[0] in ("add", "mul") and key[1] is list and op.startswith("inplace."):
        return PyObj(list)   # lst += ... / lst *= n: the same list
    return PyObj(BINOP_RESULTS.get(key))  # type: ignore[arg-type]


def compare_result(a: LType, b: LType) -> tuple[str, LType]:
    """('bool', BOOL) when both operands are builtin values that compare to a bool, else
    ('obj', PyObj(None)): the rich comparison's own result (numpy arrays, user classes)."""
    ta, tb = python_type_of(a), python_type_of(b)
    if ta in BOOL_COMPARING and tb in BOOL_COMPARING:
        return "richcmp_bool", BOOL
    return "richcmp", PyObj(None)


def method_result(obj: LType, name: str) -> LType:
    t = METHOD_RESULTS.get((python_type_of(obj), name))  # type: ignore[arg-type]
    if t is NoneType:
        return NONE
    return PyObj(t)


def is_pure_method(obj: LType, name: str) -> bool:
    return (python_type_of(obj), name) in PURE_METHODS


FIXED_RESULTS: dict[str, LType] = {"len": INT, "truth": BOOL, "contains": BOOL}

# Object primitives (by kind: the name up to its ':' / '[' parameter) whose result type is
# the same whatever their operands.
KIND_RESULTS: dict[str, LType] = {
    "obj.list": PyObj(list), "obj.tuple": PyObj(tuple), "obj.set": PyObj(set),
    "obj.dict": PyObj(dict),
    **{k: PyObj(str) for k in ("obj.format", "obj.join", "obj.str", "obj.repr", "obj.ascii")},
    "obj.is_object": BOOL, "obj.exact_mode": BOOL, "obj.exc_match": BOOL, "obj.notnull": BOOL,
    "obj.yield": PyObj(None),   # what the consumer sends (backend/lower_generator.py)
    "obj.cell_new": PyObj(types.CellType), "obj.cell_get": PyObj(None),   # frontend/cells.py
    "obj.cell_set": NONE, "obj.cell_clear": NONE,
    "obj.raise": NONE, "obj.exc_reraise": NONE, "obj.setglobal": NONE,
    "obj.exc_fetch": PyObj(None), "obj.makefunc": PyObj(types.FunctionType),
    **{k: PyObj(None) for k in ("obj.global", "obj.call", "obj.import", "obj.importfrom")},
}
