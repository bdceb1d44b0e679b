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
    found = _source_lines(code)
    if found is None:
        try:
            # the code object, not the function: inspect would follow a __wrapped__
            # attribute (functools.wraps) to another function's source
            found = inspect.getsourcelines(code)
        except (OSError, TypeError):
            raise refusal("L015", func.__qualname__, filename, code.co_firstlineno,
                          0) from None
    lines, firstlineno = found
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


def _last_line(code: Any) -> int:
    """The last line that has bytecode in `code` or a code object nested in it."""
    last = max((line for _, _, line in code.co_lines() if line is not None), default=0)
    for const in code.co_consts:
        if hasattr(const, "co_lines"):
            last = max(last, _last_line(const))
    return last


def _source_lines(code: Any) -> tuple[list[str], int] | None:
    """(lines, first line number) of the definition `code` comes from, as
    inspect.getsourcelines gives them, without inspect's tokenizer (its first use compiles
    tokenize's regular expressions: ~12 ms of a cold first call).  From the definition's
    first line (a decorator's, as in inspect) to its last line with bytecode, extended line
    by line while the text does not parse (a statement continued on lines without
    bytecode).  Lines after the last bytecode hold no code (`pass`, comments).  None when
    that does not give the named definition: inspect decides then."""
    import linecache

    linecache.checkcache(code.co_filename)   # as inspect does: the file may have changed
    lines = linecache.getlines(code.co_filename)
    start = code.co_firstlineno - 1
    last = _last_line(code)
    if not lines or not 0 <= start < last <= len(lines):
        return None
    for end in range(last, min(len(lines), last + 50) + 1):
        chunk = lines[start:end]
        try:
            module = ast.parse(textwrap.dedent("".join(chunk)))
        except SyntaxError:
            continue
        defs = [n for n in module.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        if len(module.body) == 1 and defs and defs[0].name == code.co_name:
            return chunk, code.co_firstlineno
        return None
    return None


def _indent_removed(raw: str, dedented: str) -> int:
    first_raw = next((ln for ln in raw.splitlines() if ln.strip()), "")
    first_ded = next((ln for ln in dedented.splitlines() if ln.strip()), "")
    return len(first_raw) - len(first_ded)
