"""The signatures an ahead-of-time build compiles: parsed from their spelling, or read from a
function's type annotations.

Spelling (one string per signature, the argument types in parentheses):
    "(float, int)"                 Python scalars: int float bool complex None
    "(np.float64, np.int32)"       numpy scalars (np.bool, np.int8 ... np.complex128)
    "(tuple[int, float],)"         tuples of these
    "(float64[:], int)"            a 1-d float64 array: C-contiguous or strided (2 signatures)
    "(float64[:, :],)"             2-d: C, Fortran or strided (3 signatures)
    "(float64[::1],)"              C-contiguous only;  "(float64[::1, :],)" Fortran only
    "(array[float64, 2d, C, readonly],)"   lesto's own name for one exact array type
A spelling with `[:]` arrays stands for every layout listed, so it may give several
signatures.  Annotations use the same names: `def f(a: "float64[:]", n: int)`."""
from __future__ import annotations

import ast
import itertools
import re
from typing import Any

from lesto.types.core import BOOL, COMPLEX, FLOAT, INT, NONE, NP, Array, LType, Tuple
from lesto.types.typeof import ARRAY_DTYPES

SCALARS: dict[str, LType] = {"int": INT, "float": FLOAT, "bool": BOOL, "complex": COMPLEX,
                             "None": NONE, "none": NONE}
for _d in NP:
    SCALARS[f"np.{_d}"] = NP[_d]
    SCALARS[f"numpy.{_d}"] = NP[_d]
SCALARS["np.bool_"] = NP["bool"]

_EXACT_ARRAY = re.compile(r"^array\[(\w+),\s*(\d+)d,\s*([CFA])(,\s*readonly)?\]$")


class SignatureError(ValueError):
    """A signature spelling lesto cannot read (the message says which part, and the forms)."""


def _split(text: str) -> list[str]:
    """Split at top-level commas."""
    parts: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def parse_type(text: str) -> list[LType]:
    """Every type a spelled argument type stands for (several for `float64[:]`)."""
    text = text.strip()
    if text in SCALARS:
        return [SCALARS[text]]
    exact = _EXACT_ARRAY.match(text)
    if exact:
        dtype, ndim, layout, ro = exact.groups()
        _dtype(dtype, text)
        return [Array(dtype, int(ndim), layout, not ro)]
    if text.startswith("tuple[") and text.endswith("]"):
        items = [parse_type(p) for p in _split(text[6:-1])]
        return [Tuple(tuple(c)) for c in itertools.product(*items)]
    if text.startswith("(") and text.endswith(")"):
        items = [parse_type(p) for p in _split(text[1:-1])]
        return [Tuple(tuple(c)) for c in itertools.product(*items)]
    m = re.match(r"^(\w+)\[(.*)\]$", text)
    if m:
        dtype = _dtype(m.group(1), text)
        dims = [d.replace(" ", "") for d in m.group(2).split(",")]
        if not dims or any(d not in (":", "::1") for d in dims) or dims.count("::1") > 1:
            raise SignatureError(f"array dimensions {m.group(2)!r} in {text!r}: write ':' per "
                                 "dimension, with '::1' on the last (C) or first (Fortran)")
        ndim = len(dims)
        if "::1" not in dims:
            layouts = ["C", "A"] if ndim == 1 else ["C", "F", "A"]
        elif dims[-1] == "::1":
            layouts = ["C"]
        elif dims[0] == "::1":
            layouts = ["F"]
        else:
            raise SignatureError(f"'::1' in {text!r} must be the last or first dimension")
        return [Array(dtype, ndim, layout, True) for layout in layouts]
    raise SignatureError(
        f"unknown type {text!r}: write int, float, bool, complex, None, np.float64 (any numpy "
        "scalar), tuple[int, float], float64[:] / float64[:, ::1] (arrays) or "
        "array[float64, 2d, C]")


def _dtype(name: str, text: str) -> str:
    name = {"bool_": "bool"}.get(name, name)
    if name not in ARRAY_DTYPES:
        raise SignatureError(f"array dtype {name!r} in {text!r}: lesto compiles arrays of "
                             + ", ".join(ARRAY_DTYPES))
    return name


def parse_signature(text: str) -> list[tuple[LType, ...]]:
    """The signatures one spelled signature stands for: "(float64[:], int)" gives two."""
    text = text.strip()
    if not (text.startswith("(") and text.endswith(")")):
        raise SignatureError(f"signature {text!r}: write the argument types in parentheses, "
                             "e.g. \"(float64[:], int)\"")
    per_arg = [parse_type(p) for p in _split(text[1:-1])]
    return [tuple(c) for c in itertools.product(*per_arg)]


def from_annotations(func: Any) -> list[tuple[LType, ...]] | None:
    """Signatures from the parameters' annotations (read from the source text, never
    evaluated), or None unless every parameter has one."""
    import inspect
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    except (OSError, TypeError, SyntaxError):
        return None
    node = tree.body[0]
    if not isinstance(node, ast.FunctionDef):
        return None
    params = node.args.posonlyargs + node.args.args
    if not params or any(p.annotation is None for p in params):
        return None
    spelled = []
    for p in params:
        ann = p.annotation
        assert ann is not None
        if isinstance(ann, ast.Constant) and isinstance(ann.value, str):
            spelled.append(ann.value)
        else:
            spelled.append(ast.unparse(ann))
    return parse_signature("(" + ", ".join(spelled) + ",)")


def spell(sig: tuple[LType, ...]) -> str:
    """lesto's name for a signature (what parse_signature reads back exactly)."""
    return "(" + ", ".join(_spell_type(t) for t in sig) + ("," if len(sig) == 1 else "") + ")"


def _spell_type(t: LType) -> str:
    if isinstance(t, Tuple):
        return "tuple[" + ", ".join(_spell_type(i) for i in t.items) + "]"
    if t == NONE:
        return "None"
    return str(t)
