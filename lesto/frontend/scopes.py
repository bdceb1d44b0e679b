"""Classify the names a function uses: locals, and what each global or builtin name denotes.

A global is resolved once, when the function is compiled (its value is frozen into the code):
a constant, a user function (compiled too), a builtin lesto knows, a math function, or the
`math` module itself."""
from __future__ import annotations

import ast
import builtins
import math
from dataclasses import dataclass
from types import FunctionType, ModuleType
from typing import Any

from lesto.frontend.prange import prange

# Builtin callables lesto compiles, by identity -> the name the typing tables use.
KNOWN_CALLABLES: dict[int, str] = {id(getattr(builtins, n)): n for n in (
    "abs", "min", "max", "int", "float", "bool", "round", "divmod", "pow", "len", "range",
    "complex", "ord", "chr")}
MATH_FUNCTIONS = (
    "sqrt", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan",
    "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "erf", "erfc",
    "gamma", "lgamma", "fabs", "atan2", "hypot", "fmod", "copysign", "pow", "isnan", "isinf",
    "isfinite", "floor", "ceil", "trunc", "degrees", "radians", "gcd", "isqrt", "factorial")
KNOWN_CALLABLES[id(prange)] = "prange"
for _name in MATH_FUNCTIONS:
    if hasattr(math, _name):
        KNOWN_CALLABLES[id(getattr(math, _name))] = "math." + _name
MATH_CONSTANTS = ("pi", "e", "tau", "inf", "nan")


@dataclass(frozen=True)
class Resolved:
    """What a non-local name means: kind is 'const', 'builtin', 'function', 'module' or 'other'."""

    kind: str
    value: Any


def local_names(tree: ast.FunctionDef) -> set[str]:
    """Arguments and every name the function assigns (Python's rule for locals)."""
    a = tree.args
    names = {x.arg for x in a.args + a.posonlyargs + a.kwonlyargs}
    names |= {x.arg for x in (a.vararg, a.kwarg) if x is not None}
    for node in _own_scope(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {a.asname or a.name.split(".")[0] for a in node.names}
        if isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and \
                node is not tree:
            names.add(node.name)
    return names - declared_globals(tree)


def declared_globals(tree: ast.FunctionDef) -> set[str]:
    """Names a `global` statement of the function declares (read and written in the module
    globals at run time)."""
    return {n for node in _own_scope(tree) if isinstance(node, ast.Global) for n in node.names}


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.ListComp,
           ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _own_scope(tree: ast.FunctionDef):
    """The nodes of the function's own scope: not the bodies of nested functions, lambdas,
    classes or comprehensions (whose variables are their own; the first iterable of a
    comprehension and the defaults of a nested function are the function's)."""
    work: list[ast.AST] = list(ast.iter_child_nodes(tree))
    while work:
        node = work.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            work += node.args.defaults + [d for d in node.args.kw_defaults if d is not None]
            if not isinstance(node, ast.Lambda):
                work += node.decorator_list
        elif isinstance(node, ast.ClassDef):
            work += node.bases + node.decorator_list
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            work.append(node.generators[0].iter)
        else:
            work += list(ast.iter_child_nodes(node))


def resolve_value(value: Any) -> Resolved:
    """Classify a Python object found in globals (or as an attribute of math)."""
    if id(value) in KNOWN_CALLABLES and callable(value):
        return Resolved("builtin", KNOWN_CALLABLES[id(value)])
    if isinstance(value, ModuleType):
        return Resolved("module", value)
    py_func = getattr(value, "py_func", None)
    if isinstance(py_func, FunctionType) and _is_dispatcher(value):
        return Resolved("function", py_func)
    if isinstance(value, FunctionType):
        return Resolved("function", value)
    if _is_constant(value):
        return Resolved("const", value)
    return Resolved("other", value)


def _is_dispatcher(value: Any) -> bool:
    """A lesto dispatcher itself, not a wrapper around one: functools.wraps and lru_cache copy
    a dispatcher's `__dict__` (its `py_func` too) into their wrapper, and compiling the
    wrapped function in its place would skip the wrapper (the cache, the logging)."""
    return any(c.__module__ == "lesto.runtime.dispatcher" for c in type(value).__mro__)


def resolve_global(name: str, namespace: dict[str, Any]) -> Resolved | None:
    """What a global name denotes, or None when it is not defined."""
    if name in namespace:
        return resolve_value(namespace[name])
    if hasattr(builtins, name):
        return resolve_value(getattr(builtins, name))
    return None


def resolve_attribute(module: ModuleType, attr: str) -> Resolved | None:
    """`module.attr` for modules lesto understands (math, numpy); None if unknown."""
    if getattr(module, attr, None) is prange:   # lesto.prange
        return Resolved("builtin", "prange")
    if getattr(module, "__name__", None) == "numpy":
        return resolve_numpy_attribute(attr)
    if module is math:
        if attr in MATH_CONSTANTS:
            return Resolved("const", getattr(math, attr))
        if attr in MATH_FUNCTIONS and hasattr(math, attr):
            return Resolved("builtin", "math." + attr)
    return None


NUMPY_FUNCTIONS = (
    "empty", "zeros", "ones", "full", "empty_like", "zeros_like", "ones_like", "arange",
    "sqrt", "exp", "log", "sin", "cos", "tan", "abs", "floor", "ceil", "isnan", "isinf",
    "isfinite")
# Names that denote a dtype in `dtype=` arguments (np.float64, float, 'int32', ...).
DTYPE_ALIASES: dict[str, str] = {"float": "float64", "int": "int64", "bool": "bool",
                                 "bool_": "bool", "double": "float64", "single": "float32",
                                 "intp": "int64", "complex": "complex128"}
NUMPY_CONSTANTS = ("pi", "e", "inf", "nan")
NUMPY_DTYPES = ("float64", "float32", "int8", "int16", "int32", "int64", "uint8", "uint16",
                "uint32", "uint64", "bool_", "complex128", "double", "single", "intp")


def resolve_numpy_attribute(attr: str) -> Resolved | None:
    """`np.attr`: a function lesto compiles, a constant, or a dtype (for `dtype=`)."""
    if attr in NUMPY_FUNCTIONS:
        return Resolved("builtin", "np." + attr)
    if attr in NUMPY_CONSTANTS:
        return Resolved("const", float(getattr(math, attr)))
    if attr in NUMPY_DTYPES:
        return Resolved("dtype", attr)
    return None


def _is_constant(value: Any) -> bool:
    if value is None or type(value) in (int, float, bool, complex):
        return True
    if type(value) is tuple:
        return all(_is_constant(v) for v in value)
    return False
