"""Signatures: the argument types of one specialization, and a stable mangled name for it."""
from __future__ import annotations

import re
from dataclasses import dataclass

from lesto.types.core import LType


@dataclass(frozen=True)
class Signature:
    """The argument types a function was specialized for (the return type is inferred)."""

    args: tuple[LType, ...]

    def __str__(self) -> str:
        return "(" + ", ".join(str(a) for a in self.args) + ")"

    def mangle(self) -> str:
        """A symbol-safe, deterministic suffix naming this signature."""
        text = "_".join(str(a) for a in self.args) or "void"
        return re.sub(r"[^A-Za-z0-9_]", "_", text)
