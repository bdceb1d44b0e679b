"""The lesto type objects: frozen, hashable descriptions of what a value is, as Python sees it.

`Int` is a Python int that fits 64 bits (anything bigger never reaches native code: the
entry point sends it to the interpreter), `Float` a Python float, `Bool`, `NoneType`,
`Tuple` of other types, `Union` of scalar types and arrays of one ndim (a variable that holds
an int on one path and a float on another keeps both, so the exact CPython value and type come
back; `s = 0; for row in m: s += row` holds an int, then arrays), `Undefined`
(a local that may be unbound; reading it re-runs the call in the interpreter, which raises),
and `Bottom` (no value yet: the start of inference, or a call that never returns).

`Array` is a numpy array (dtype, dimensions, layout), passed by pointer to its data plus its
shape and strides.

`PyObj` is any other CPython object (a str, list, dict, user object, ...): an owned
`PyObject*`, with its exact Python type when the compiler knows it.  A native type meeting an
object joins to an object (the native value is boxed where they meet); a variable that may be
unbound and otherwise holds an object is `Union(undefined, PyObj)` (a NULL pointer while unbound).

`XINT`, `Union(Int, PyObj(int))`, is a Python int in a function that works with objects (whose
calls are never re-run): an int64 while it fits, else the PyLong an overflowing operation
produced (tag and payload, the pointer owned by the variable; see backend/lower_xint.py).
Operations split on it as on any union; it is not an object (`is_object` is False).

Example: in `x = 0` / `for i in range(n): x += 0.5` / `return x`, the type of `x` at the return
is `Union(Int, Float)`; CPython returns `0` for `n = 0` and lesto must too.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import final


class LType:
    """Base of all lesto types. Concrete types are frozen dataclasses; never subclass them."""

    def __str__(self) -> str:
        return self.name()

    def name(self) -> str:
        raise NotImplementedError


@final
@dataclass(frozen=True)
class Scalar(LType):
    """A machine-representable Python scalar: 'int', 'float', 'bool', 'none', 'undefined'."""

    kind: str

    def name(self) -> str:
        return self.kind


@final
@dataclass(frozen=True)
class Tuple(LType):
    """A Python tuple of fixed length with per-position element types."""

    items: tuple[LType, ...]

    def name(self) -> str:
        if len(self.items) == 1:
            return f"tuple[{self.items[0]},]"
        return "tuple[" + ", ".join(str(t) for t in self.items) + "]"


@final
@dataclass(frozen=True)
class Union(LType):
    """A value of one of several scalar types, or arrays of one ndim, known only at run time
    (a tagged union).

    Members are kept sorted by `tag_of` order so equal unions compare equal; never nested, never
    of one member (use `make_union`)."""

    members: tuple[LType, ...]

    def name(self) -> str:
        return " | ".join(str(t) for t in self.members)


@final
@dataclass(frozen=True)
class Array(LType):
    """A numpy.ndarray: element dtype name ('float64', 'int8', 'bool', ...), number of
    dimensions, memory layout ('C' contiguous, 'F' contiguous, or 'A' any strides) and whether
    it may be written.  Each combination is its own specialization."""

    dtype: str
    ndim: int
    layout: str = "C"
    writable: bool = True

    def name(self) -> str:
        ro = "" if self.writable else ", readonly"
        return f"array[{self.dtype}, {self.ndim}d, {self.layout}{ro}]"


@final
@dataclass(frozen=True)
class ArrayExpr(LType):
    """A whole-array expression not computed yet (`a * b + 2.0` before it is stored): the
    elementwise operation `op` over `operands` (arrays, expressions or scalars), whose result
    has numpy's `dtype` and `ndim` dimensions.  It is computed in one fused loop, without
    temporaries, where it is used (assigned to a name, returned, passed on)."""

    op: str
    operands: tuple[LType, ...]
    dtype: str
    ndim: int

    def name(self) -> str:
        return f"expr[{self.op}({', '.join(map(str, self.operands))}) -> {self.dtype}]"


@final
@dataclass(frozen=True)
class PyObj(LType):
    """A CPython object held as an owned `PyObject*`; `pytype` is its exact Python type when
    proven (a literal, a constructor, the argument types the dispatcher specialised on), or
    None when any object may be there."""

    pytype: type | None = None

    def name(self) -> str:
        if self.pytype is None:
            return "object"
        mod = self.pytype.__module__
        qual = self.pytype.__qualname__
        return f"object[{qual if mod == 'builtins' else mod + '.' + qual}]"


OBJECT = PyObj(None)


def python_type_of(t: LType) -> type | None:
    """The exact Python type of values of lesto type `t` (None when several are possible)."""
    if isinstance(t, PyObj):
        return t.pytype
    if t == XINT:
        return int
    if isinstance(t, Tuple):
        return tuple
    if isinstance(t, Scalar):
        return {"int": int, "float": float, "bool": bool, "none": type(None),
                "complex": complex}.get(t.kind)
    return None


def is_object(t: LType | None) -> bool:
    """Whether a value of type `t` is (or, unbound aside, may only be) a PyObj."""
    if isinstance(t, PyObj):
        return True
    return isinstance(t, Union) and t != XINT and any(isinstance(m, PyObj) for m in t.members)


def join_objects(flat: set[LType]) -> LType:
    """The join of types of which at least one is a PyObj: one PyObj (of the exact type all
    share, else of no known type), kept beside `undefined` when a path leaves it unbound."""
    others = [t for t in flat if t != UNDEFINED]
    types = {python_type_of(t) for t in others}
    obj = PyObj(types.pop() if len(types) == 1 else None)
    if UNDEFINED in flat:
        return Union((UNDEFINED, obj))
    return obj


@final
@dataclass(frozen=True)
class BottomType(LType):
    """No value: the start of inference and the type of calls that never return."""

    def name(self) -> str:
        return "<bottom>"


class _Unbound:
    """The value of a local that has not been assigned yet (only ever stored in a union)."""

    def __repr__(self) -> str:
        return "<unbound>"


UNBOUND = _Unbound()

INT = Scalar("int")
FLOAT = Scalar("float")
BOOL = Scalar("bool")
COMPLEX = Scalar("complex")   # a Python complex: two doubles (real, imag)
NONE = Scalar("none")
UNDEFINED = Scalar("undefined")
BOTTOM = BottomType()

# numpy scalars (np.float64, np.int8, np.bool, ...): what reading an array element gives, with
# numpy's arithmetic (fixed width, wrapping, promotion by numpy's own rules).  In machine form
# int kinds are i64 (the value extended), float kinds double (float32 values are exact in it),
# np.bool i1, np.complex128 {double, double} (like a Python complex).
NP_DTYPES = ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
             "float32", "float64", "complex128")
NP: dict[str, Scalar] = {d: Scalar("np." + d) for d in NP_DTYPES}


DTYPE_VALUES: dict[str, Scalar] = {d: Scalar("dtype." + d) for d in NP_DTYPES}


def dtype_value(t: LType) -> str | None:
    """'int32' for the type of `a.dtype` of an int32 array (a value known when compiling)."""
    if isinstance(t, Scalar) and t.kind.startswith("dtype."):
        return t.kind[6:]
    return None


def np_dtype(t: LType) -> str | None:
    """'float64' for the type np.float64, None for anything that is not a numpy scalar."""
    if isinstance(t, Scalar) and t.kind.startswith("np."):
        return t.kind[3:]
    return None


# Run-time tags of union members: the numbers stored in a union's tag field.
TAG: dict[LType, int] = {UNDEFINED: 0, NONE: 1, BOOL: 2, INT: 3, FLOAT: 4}
TAG.update({NP[d]: 5 + i for i, d in enumerate(NP_DTYPES)})
TAG[COMPLEX] = 5 + len(NP_DTYPES)
TAG.update({DTYPE_VALUES[d]: 18 + i for i, d in enumerate(NP_DTYPES)})   # `a.dtype` values
# Complex values are two doubles: a union holding one holds only complex kinds, None and
# "unbound" (its payload is the pair), never ints, floats or bools.
COMPLEX_KINDS = (COMPLEX, NP["complex128"])
DATALESS = (NONE, UNDEFINED)

NUMERIC = (BOOL, INT, FLOAT)

XINT = Union((INT, PyObj(int)))   # see the module docstring


def owns_reference(t: LType | None) -> bool:
    """A variable of type `t` owns a reference: it is an object, or an XINT holding one."""
    return t == XINT or is_object(t)


def tag_of(t: LType) -> int:
    """The run-time tag of union member `t`: TAG for scalars; for an array a number from 32
    up derived from its type (stable across processes, for the on-disk cache)."""
    if isinstance(t, PyObj):
        return 31
    if isinstance(t, Array):
        import zlib

        return 32 + zlib.crc32(t.name().encode()) % 224
    return TAG[t]


def make_union(types: list[LType] | tuple[LType, ...]) -> LType:
    """The union of `types` (flattening unions, dropping Bottom); a single type stays itself.

    Raises TypeError when a tuple (or a lazy array expression) would be mixed with another
    type, or arrays of different ndim (or, rarely, of one tag) would share one variable."""
    flat: set[LType] = set()
    for t in types:
        if isinstance(t, Union):
            flat.update(t.members)
        elif t != BOTTOM:
            flat.add(t)
    if not flat:
        return BOTTOM
    if len(flat) == 1:
        return next(iter(flat))
    if flat == {INT, PyObj(int)}:
        return XINT
    if any(isinstance(t, PyObj) for t in flat):
        return join_objects(flat)
    for t in flat:
        if t not in TAG and not isinstance(t, Array):
            raise TypeError(f"cannot hold {t} together with other types in one variable")
    arrays = [t for t in flat if isinstance(t, Array)]
    if len({a.ndim for a in arrays}) > 1:
        raise TypeError(f"cannot hold arrays of different ndim in one variable ({arrays[0]}, "
                        f"{next(a for a in arrays if a.ndim != arrays[0].ndim)})")
    if len({tag_of(a) for a in arrays}) < len(arrays):
        raise TypeError("cannot hold these array types together in one variable")
    if any(t in COMPLEX_KINDS for t in flat):
        other = [t for t in flat if t not in COMPLEX_KINDS + DATALESS]
        if other:
            raise TypeError(f"cannot hold a complex together with {other[0]} in one variable")
    return Union(tuple(sorted(flat, key=lambda t: (tag_of(t), str(t)))))


def members(t: LType) -> tuple[LType, ...]:
    """The alternatives of `t`: a union's members, or `t` alone."""
    if isinstance(t, Union):
        return t.members
    if t == BOTTOM:
        return ()
    return (t,)


def contains_undefined(t: LType) -> bool:
    return t == UNDEFINED or (isinstance(t, Union) and UNDEFINED in t.members)


def holds_array(t: LType | None) -> bool:
    """Whether a value of type `t` refers to numpy arrays (an array, a lazy array expression,
    or a tuple holding one)."""
    if isinstance(t, (Array, ArrayExpr)):
        return True
    if isinstance(t, Union):
        return any(isinstance(m, Array) for m in t.members)
    return isinstance(t, Tuple) and any(holds_array(i) for i in t.items)
