"""Golden tests: the typed IR printed after specialization, for the cases in tests/data/ir-*.test."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from lesto.infer.infer import infer_program
from lesto.infer.specialize import specialize_program
from lesto.ir.printer import format_function
from lesto.pipeline import untyped_ir
from lesto.types.core import BOOL, FLOAT, INT, NONE
from tests.support.golden import GoldenCase, parse, rewrite

DATA = Path(__file__).parent / "data"
TYPES = {"int": INT, "float": FLOAT, "bool": BOOL, "none": NONE}
CASES = [c for p in sorted(DATA.glob("ir-*.test")) for c in parse(p)]


def typed_ir(case: GoldenCase, tmp_path: Path) -> str:
    sig_line = re.search(r"# sig: (.*)", case.source)
    assert sig_line, f"{case.name}: no '# sig:' line"
    argtypes = tuple(TYPES[t.strip()] for t in sig_line.group(1).split(",") if t.strip())
    path = tmp_path / f"{case.name}.py"
    path.write_text(case.source)
    spec = importlib.util.spec_from_file_location(case.name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    func = getattr(module, "f")
    prog = infer_program(func, argtypes, untyped_ir)
    typed = specialize_program(prog)
    text = "\n\n".join(format_function(fn) for fn in typed.values())
    return re.sub(r"lesto\.\w+\.", "", text)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_golden(case: GoldenCase, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    actual = typed_ir(case, tmp_path)
    if request.config.getoption("--update-golden", default=False):
        rewrite(case.path, {case.name: actual})
        return
    assert actual.strip() == case.expected.strip()
