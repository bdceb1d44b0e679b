"""Fetch a function's source with inspect, parse it, and map positions back to the real file.

Also snapshots what the function can see from outside: its globals and closure cells."""
from __future__ import annotations

import ast
import inspect
import textwrap
from dataclasses import dataclass
from typing import Any

from lesto.messages import refusal


@dataclass
class SourceInfo:
    """The parsed definition of one function and the namespace it reads names from."""

    func: Any
    tree: ast.FunctionDef
    filename: str
    source: str
    namespace: dict[str, Any]   # closure cells (frozen), then globals; builtins looked up last


def function_source(func: Any) -> SourceInfo:
    """Parse `func`'s definition; line and column numbers refer to the real file."""
    code = func.__code__
    filename = code.co_filename
    try:
        # the code object, not the function: inspect would follow a __wrapped__ attribute
        # (functools.wraps) to another function's source
        lines, firstlineno = inspect.getsourcelines(code)
    except (OSError, TypeError):
        raise refusal("L015", func.__qualname__, filename, code.co_firstlineno, 0) from None
    raw = "".join(lines)
    dedented = textwrap.dedent(raw)
    indent = _indent_removed(raw, dedented)
    module = ast.parse(dedented, filename=filename)
    tree = next((n for n in module.body
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))), None)
    if tree is None:
        raise refusal("L015", func.__qualname__, filename, code.co_firstlineno, 0)
    if isinstance(tree, ast.AsyncFunctionDef):
        raise refusal("L018", "async def", filename, firstlineno + tree.lineno - 1,
                      tree.col_offset + _indent_removed(raw, dedented))
    for node in ast.walk(tree):
        if hasattr(node, "lineno"):
            node.lineno += firstlineno - 1
            node.col_offset += indent
        if getattr(node, "end_lineno", None) is not None:
            node.end_lineno += firstlineno - 1
            node.end_col_offset += indent
    namespace: dict[str, Any] = {}
    if func.__closure__:
        for name, cell in zip(code.co_freevars, func.__closure__):
            try:
                namespace[name] = cell.cell_contents
            except ValueError:
                pass
    return SourceInfo(func, tree, filename, dedented, {**func.__globals__, **namespace})


def _indent_removed(raw: str, dedented: str) -> int:
    first_raw = next((ln for ln in raw.splitlines() if ln.strip()), "")
    first_ded = next((ln for ln in dedented.splitlines() if ln.strip()), "")
    return len(first_raw) - len(first_ded)
