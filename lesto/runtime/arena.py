"""The end of a loop iteration in compiled code (backend/lower_core.py, `arena.release`):
the arrays the iteration made are dropped from the function's arena unless a live variable
still refers to them."""
from __future__ import annotations

from typing import Any


def release(arena: list[Any], mark: int, *live: Any) -> None:
    keep = {id(x) for x in live}
    arena[mark:] = [x for x in arena[mark:] if id(x) in keep]
