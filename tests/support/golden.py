"""Golden data files: `[case name]` blocks with a source part and an `[out]` part.

The source of a case is a Python module whose last function is the subject; a `# sig: int, float`
line gives the argument types.  `--update-golden` rewrites every `[out]` with what the compiler
prints now, so the diff can be reviewed."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CASE = re.compile(r"^\[case (\w+)\]\s*$")


@dataclass
class GoldenCase:
    name: str
    source: str
    expected: str
    path: Path


def parse(path: Path) -> list[GoldenCase]:
    cases: list[GoldenCase] = []
    name: str | None = None
    src: list[str] = []
    out: list[str] = []
    in_out = False
    for line in path.read_text().splitlines() + ["[case __end__]"]:
        m = CASE.match(line)
        if m:
            if name is not None:
                cases.append(GoldenCase(name, "\n".join(src).strip() + "\n",
                                        "\n".join(out).strip(), path))
            name, src, out, in_out = m.group(1), [], [], False
        elif line.strip() == "[out]":
            in_out = True
        elif in_out:
            out.append(line)
        else:
            src.append(line)
    return cases


def rewrite(path: Path, actual: dict[str, str]) -> None:
    """Replace the [out] section of each case named in `actual`."""
    parts: list[str] = []
    for case in parse(path):
        out = actual.get(case.name, case.expected)
        parts.append(f"[case {case.name}]\n{case.source.rstrip()}\n[out]\n{out.rstrip()}\n")
    path.write_text("\n".join(parts))
