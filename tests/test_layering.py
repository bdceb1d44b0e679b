"""Architecture checks: no upward imports between stages, no module over 600 lines, and a
docstring at the top of every module."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "lesto"

# Order of layers: a module may import its own layer or any earlier one.  `cache` sits below
# `runtime` because the dispatcher consults it (DESIGN.md had it above).
LAYERS = ["version", "types", "ir", "errors", "messages", "options", "frontend", "infer", "opt", "backend",
          "pipeline", "cache", "runtime", "aot", "__init__", "cli", "__main__"]
DATA_PACKAGES = {"types", "ir"}


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def imports_of(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "lesto" and node.level == 0:
            found += [(f"lesto.{a.name}", node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
    return [(m, ln) for m, ln in found if m == "lesto" or m.startswith("lesto.")]


def dotted(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    return ".".join(rel.parts)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_upward_imports(path: Path) -> None:
    mine = layer_of(dotted(path))
    for module, lineno in imports_of(path):
        theirs = layer_of(module)
        if mine in DATA_PACKAGES:
            assert theirs in DATA_PACKAGES and LAYERS.index(theirs) <= LAYERS.index(mine), \
                f"{path}:{lineno}: data package {mine} imports {module}"
        elif module == "lesto" and mine in ("cli", "__main__"):
            continue
        else:
            assert LAYERS.index(theirs) <= LAYERS.index(mine), \
                f"{path}:{lineno}: {mine} imports later stage {module}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_size_and_docstring(path: Path) -> None:
    text = path.read_text()
    assert len(text.splitlines()) <= 600, f"{path} has more than 600 lines"
    if text.strip():
        assert ast.get_docstring(ast.parse(text)), f"{path} has no module docstring"


def test_layering_check_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "x.py"
    bad.write_text("from lesto.runtime import dispatcher\n")
    assert imports_of(bad) == [("lesto.runtime", 1)]
    assert LAYERS.index(layer_of("lesto.runtime")) > LAYERS.index(layer_of("lesto.types.core"))
