"""Frame objects that stand for compiled functions in tracebacks.

An exception leaving a compiled function that works with Python objects gets a traceback
entry for that function at the line that raised it, as an interpreted frame would add (Cython
does the same): the generated code's error exit calls `PyTraceBack_Here` with a frame object
made here, one per (file, function name, line).  The code refers to it by a name (a symbol
`lesto_pyobj.lesto.runtime.frames.f<hex>`, resolved when the code is loaded), so the code
stays the same in every process.  The frame is a real, finished frame of a one-line code
object named like the function, whose line is that line: tracebacks, `traceback.extract_tb`,
pytest and debuggers read file, line and name from it."""
from __future__ import annotations

import builtins
import sys
from typing import Any

_frames: dict[str, Any] = {}


def _line_only(code: Any, line: int) -> Any:
    """`code` with every instruction at `line` and no column (so no carets under the user's
    line): a location table of 'no column' entries (CPython 3.11+, Objects/locations.md)."""
    units = len(code.co_code) // 2
    table = bytearray()
    while units > 0:
        n = min(units, 8)
        table += bytes((0x80 | (13 << 3) | (n - 1), 0))   # kind 13, line delta 0
        units -= n
    return code.replace(co_firstlineno=line, co_linetable=bytes(table))


def _make(filename: str, function: str, line: int) -> Any:
    line = max(line, 1)
    if sys.version_info >= (3, 11):
        code = _line_only(compile("__lesto_frame__ = _getframe()", filename, "exec"), line)
    else:
        code = compile("\n" * (line - 1) + "__lesto_frame__ = _getframe()", filename, "exec")
    namespace = {"_getframe": sys._getframe, "__builtins__": builtins}
    exec(code.replace(co_name=function), namespace)
    frame = namespace.pop("__lesto_frame__")
    frame.f_globals.clear()   # the frame keeps no objects alive
    return frame


def __getattr__(name: str) -> Any:
    """`f<hex>`: the frame for the place backend/capi.frame_path encoded."""
    if not name.startswith("f"):
        raise AttributeError(name)
    frame = _frames.get(name)
    if frame is None:
        try:
            filename, function, line = bytes.fromhex(name[1:]).decode(
                "utf-8", "surrogatepass").split("\0")
        except ValueError:
            raise AttributeError(name) from None
        frame = _frames[name] = _make(filename, function, int(line))
    return frame
