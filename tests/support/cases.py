"""Read the differential data files (tests/data/run-*.py) and load each case as its own module.

Format (a data file is a plain Python module):

    import math                       <- the preamble: every line before the first case;
                                         each case module runs it first
    # %% add_overflow                 <- starts the case `add_overflow`
    def helper(a): ...                <- helpers the tested function calls
    def add(a, b):                    <- the LAST function of the case is the one tested
        return helper(a) + b
    # args: (0, 1), (2**63 - 1, 1)    <- argument tuples (Python expressions)
    # args: (-7, 2),                  <- more lines add more tuples
    # hypothesis: st.integers(), st.integers()   <- one strategy per positional argument
    # max-examples: 50                <- optional cap on hypothesis examples for this case

`# args:` and `# hypothesis:` expressions see `math` and every name the preamble binds (the
preamble runs once per case for them, with `import lesto` answered by a stub), so a numpy file
can say `import numpy as np` there and build arrays on its args lines; an args line may also
unpack a list of tuples, `# args: *[(np.zeros(3, t),) for t in DTYPES]`. Hypothesis lines
also see `st` (hypothesis.strategies) and, when they mention it, `hnp`
(hypothesis.extra.numpy).

Each case becomes a real module with a real ``__file__`` (so ``inspect.getsource`` works): the
preamble and the case are written to a .py file at the same line numbers as in the data file
(other lines left blank), so tracebacks and lesto's messages name the data file's line numbers.

This module needs no third-party package unless strategies are evaluated or a preamble imports
one.
"""
from __future__ import annotations

import ast
import importlib.util
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import FunctionType, ModuleType
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

_CASE_RE = re.compile(r"^#\s*%%\s*(\S+)\s*$")
_DIRECTIVE_RE = re.compile(r"^\s*#\s*(args|hypothesis|max-examples)\s*:(.*)$")
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class CaseFormatError(ValueError):
    """A data file or case is malformed (names the file and line)."""


@dataclass
class Case:
    path: Path
    name: str
    start_line: int                       # 1-based line of the `# %%` header
    lines: list[str]                      # the case's lines, header included
    preamble: list[str]                   # the file's lines before its first case
    args_lines: list[tuple[int, str]] = field(default_factory=list)
    hypothesis_lines: list[tuple[int, str]] = field(default_factory=list)
    max_examples: int | None = None
    _names: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def file(self) -> str:
        return self.path.name

    @property
    def id(self) -> str:
        return f"{self.file}::{self.name}"

    @property
    def source(self) -> str:
        return "".join(self.lines)

    def where(self, lineno: int | None = None) -> str:
        return f"{self.path}:{lineno if lineno is not None else self.start_line}"

    # ----------------------------------------------------------------- directives

    def names(self) -> dict[str, Any]:
        """The names directive expressions see: `math` and whatever the preamble binds."""
        if self._names is None:
            namespace: dict[str, Any] = {"__builtins__": _cpython_only_builtins(),
                                         "__name__": _module_name(self, "__directives")}
            code = compile("".join(self.preamble), str(self.path), "exec")
            exec(code, namespace)  # noqa: S102 - the preamble of our own data file
            namespace.setdefault("math", math)
            self._names = namespace
        return self._names

    def arg_tuples(self) -> list[tuple]:
        """Every argument tuple listed on the case's `# args:` lines (built afresh per call)."""
        out: list[tuple] = []
        for lineno, text in self.args_lines:
            try:
                values = eval("[" + text + "]", dict(self.names()))
            except Exception as exc:
                raise CaseFormatError(f"{self.where(lineno)}: bad '# args:' line: {exc}") from exc
            for v in values:
                if not isinstance(v, tuple):
                    raise CaseFormatError(
                        f"{self.where(lineno)}: each argument list must be a tuple, got {v!r} "
                        "(write a one-argument list as (x,))")
                out.append(v)
        return out

    def strategies(self) -> list[Any] | None:
        """The per-argument hypothesis strategies, or None when the case names none."""
        if not self.hypothesis_lines:
            return None
        from hypothesis import strategies as st

        namespace = dict(self.names())
        namespace["st"] = st
        if any("hnp" in text for _, text in self.hypothesis_lines):
            from hypothesis.extra import numpy as hnp

            namespace["hnp"] = hnp
        out: list[Any] = []
        for lineno, text in self.hypothesis_lines:
            try:
                out.extend(eval("[" + text + "]", namespace))
            except Exception as exc:
                raise CaseFormatError(
                    f"{self.where(lineno)}: bad '# hypothesis:' line: {exc}") from exc
        return out

    def function_name(self) -> str:
        """The name of the last function the case defines (the tested one)."""
        tree = ast.parse(self.module_text(), filename=str(self.path))
        names = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)
                 and node.lineno >= self.start_line]
        if not names:
            raise CaseFormatError(f"{self.where()}: case {self.name!r} defines no function")
        return names[-1]

    def module_text(self) -> str:
        """The preamble, then the case at its own line numbers (lines in between left blank)."""
        gap = self.start_line - 1 - len(self.preamble)
        return "".join(self.preamble) + "\n" * gap + self.source


def parse_file(path: Path) -> list[Case]:
    """Split a data file into its cases."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    preamble: list[str] = []
    cases: list[Case] = []
    current: Case | None = None
    for lineno, line in enumerate(lines, start=1):
        header = _CASE_RE.match(line)
        if header:
            name = header.group(1)
            if not _NAME_RE.match(name):
                raise CaseFormatError(f"{path}:{lineno}: case name {name!r} is not an identifier")
            if any(c.name == name for c in cases):
                raise CaseFormatError(f"{path}:{lineno}: duplicate case name {name!r}")
            current = Case(path=path, name=name, start_line=lineno, lines=[line],
                           preamble=preamble)
            cases.append(current)
            continue
        if current is None:
            preamble.append(line)
            continue
        current.lines.append(line)
        directive = _DIRECTIVE_RE.match(line)
        if directive:
            kind, rest = directive.group(1), directive.group(2).strip()
            if kind == "args":
                current.args_lines.append((lineno, rest))
            elif kind == "hypothesis":
                current.hypothesis_lines.append((lineno, rest))
            else:
                current.max_examples = int(rest)
    for case in cases:
        if not case.args_lines and not case.hypothesis_lines:
            raise CaseFormatError(f"{case.where()}: case {case.name!r} has no '# args:' "
                                  "or '# hypothesis:' line")
    return cases


def data_files(data_dir: Path = DATA_DIR) -> list[Path]:
    return sorted(data_dir.glob("run-*.py"))


def collect(data_dir: Path = DATA_DIR) -> list[Case]:
    """Every case of every tests/data/run-*.py file, in file order."""
    out: list[Case] = []
    for path in data_files(data_dir):
        out.extend(parse_file(path))
    return out


def _module_name(case: Case, suffix: str = "") -> str:
    stem = re.sub(r"\W", "_", case.path.stem)
    return f"lesto_case__{stem}__{case.name}{suffix}"


def _stub_jit(fn: Any = None, **_options: Any) -> Any:
    """Stands in for lesto.jit in CPython-only runs: `@jit`, `@jit(...)` and `jit(fn)` return fn."""
    if fn is None:
        return lambda f: f
    return fn


def _cpython_only_builtins() -> dict[str, Any]:
    """A builtins dict whose __import__ hands out a stub `lesto` (jit returns the function)."""
    import builtins

    stub = ModuleType("lesto")
    stub.jit = _stub_jit  # type: ignore[attr-defined]
    real_import = builtins.__import__

    def _import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "lesto":
            return stub
        return real_import(name, *args, **kwargs)

    namespace = dict(vars(builtins))
    namespace["__import__"] = _import
    return namespace


def load_case(case: Case, directory: Path, *, cpython_only: bool = False
              ) -> tuple[ModuleType, FunctionType]:
    """Write the case to `directory` as a .py file, import it as a fresh module registered in
    sys.modules, and return (module, tested function).

    With `cpython_only`, `import lesto` in the case gives a stub whose `jit` returns the function
    unchanged, so the case runs entirely in the interpreter (and lesto need not be importable)."""
    directory.mkdir(parents=True, exist_ok=True)
    mod_name = _module_name(case, "__cpython" if cpython_only else "")
    target = directory / f"{mod_name}.py"
    target.write_text(case.module_text(), encoding="utf-8")
    spec = importlib.util.spec_from_file_location(mod_name, target)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    if cpython_only:
        module.__dict__["__builtins__"] = _cpython_only_builtins()
    sys.modules[mod_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(mod_name, None)
        raise
    fn = getattr(module, case.function_name())
    return module, fn
