"""Make one specialization's LLVM IR loadable by the dynamic linker instead of lesto's JIT.

The JIT resolves three kinds of symbols itself (runtime/engine.py) that no shared library
defines:
    lesto_cvar.PyExc_TypeError   a C variable of the interpreter   -> renamed to PyExc_TypeError
    lesto_pyobj.numpy.zeros      a Python object, the symbol's address being the object
    lesto_small_ints             CPython's cached int(-5) (the small ints follow it)
The last two become *slots*: pointer variables of the extension module (`lesto_aot_slot.PATH`),
filled once by its loader at import, and each function that uses one loads it at its entry
(`%"aot.slot.N"`) and uses the loaded value wherever it used the symbol's address.  Every other
reference (C-API functions, type objects such as PyLong_Type, libm) stays a symbol that the
dynamic linker resolves from the interpreter when the module is loaded."""
from __future__ import annotations

import re

from lesto.backend.entry import FAST_SUFFIX

CVAR_PREFIX = "lesto_cvar."
PYOBJ_PREFIX = "lesto_pyobj."
SMALL_INTS = "lesto_small_ints"
SLOT_PREFIX = "lesto_aot_slot."
SMALL_INTS_PATH = "int.-5"       # the loader's name for the small-int slot

_CVAR = re.compile(r'@"' + re.escape(CVAR_PREFIX) + r'([A-Za-z_0-9]+)"')
_PYOBJ = re.compile(r'@"(' + re.escape(PYOBJ_PREFIX) + r'[^"]+|' + SMALL_INTS + r')"')
_FAST = re.compile(r'^define ptr @"([^"]+' + re.escape(FAST_SUFFIX) + r')"')
_DECL = re.compile(r'^@"(' + re.escape(PYOBJ_PREFIX) + r'[^"]+|' + SMALL_INTS +
                   r')" = external global i8\s*$')


def slot_path(symbol: str) -> str:
    """'numpy.zeros' for 'lesto_pyobj.numpy.zeros'; SMALL_INTS_PATH for the small ints."""
    return SMALL_INTS_PATH if symbol == SMALL_INTS else symbol[len(PYOBJ_PREFIX):]


def slot_symbol(path: str) -> str:
    return SLOT_PREFIX + path


def relocate(ir_text: str) -> tuple[str, list[str]]:
    """(rewritten IR text, the slot paths it uses, in first-use order)."""
    text = _CVAR.sub(lambda m: f'@"{m.group(1)}"', ir_text)
    paths: list[str] = []
    out: list[str] = []
    body: list[str] | None = None
    for line in text.splitlines():
        decl = _DECL.match(line)
        if decl:
            path = slot_path(decl.group(1))
            if path not in paths:
                paths.append(path)
            out.append(f'@"{slot_symbol(path)}" = external global ptr')
            continue
        if line.startswith("define "):
            # The JIT's `.fast` twin of an entry (reached only from its native type switch)
            # has no caller here: internal, so that LLVM drops it.
            # The checked entries: hidden (linked to the method table, never exported).
            line = _FAST.sub(r'define internal ptr @"\1"', line)
            body = [line.replace("define ptr ", "define hidden ptr ", 1)]
            continue
        if body is not None:
            body.append(line)
            if line == "}":
                out.extend(_function(body, paths))
                body = None
            continue
        if _PYOBJ.search(line):
            raise ValueError(f"lesto aot: cannot relocate a global initializer: {line[:200]}")
        out.append(line)
    return "\n".join(out) + "\n", paths


def _function(lines: list[str], paths: list[str]) -> list[str]:
    """One function's text with its slot symbols loaded at entry."""
    used: dict[str, str] = {}

    def repl(m: re.Match[str]) -> str:
        path = slot_path(m.group(1))
        if path not in paths:
            paths.append(path)
        if path not in used:
            used[path] = f'%"aot.slot.{len(used)}"'
        return used[path]

    body = [_PYOBJ.sub(repl, line) if i > 0 else line for i, line in enumerate(lines)]
    if not used:
        return lines
    # the first label after `define ... {` starts the entry block
    first = next(i for i, line in enumerate(body) if i > 0 and re.match(r'^"?[^\s;]+"?:', line))
    loads = [f'  {name} = load ptr, ptr @"{slot_symbol(path)}"' for path, name in used.items()]
    return body[:first + 1] + loads + body[first + 1:]
