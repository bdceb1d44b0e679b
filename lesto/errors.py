"""The exceptions and warnings lesto shows users, and internal failures kept apart from them."""
from __future__ import annotations


class CompileError(Exception):
    """lesto cannot compile a construct. The message names file:line:col, the construct, and
    what to write instead; the attributes carry the same facts for tools."""

    def __init__(self, message: str, filename: str = "<unknown>", lineno: int = 0,
                 col_offset: int = 0, construct: str = "", code: str = "L000") -> None:
        self.filename = filename
        self.lineno = lineno
        self.col_offset = col_offset
        self.construct = construct
        self.code = code
        self.detail = message
        super().__init__(f"{filename}:{lineno}:{col_offset + 1}: {code}: {message}")


class NotCompiledWarning(UserWarning):
    """A function (or one call signature) runs in the CPython interpreter, and why."""


class InternalError(Exception):
    """A bug in lesto itself (never the user's fault): please report it."""
