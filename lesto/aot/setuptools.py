"""Build ahead-of-time modules when a wheel is built (setuptools): the `build_ext` command
compiles each LestoExtension's Python source with `lesto build` instead of a C compiler.

    # setup.py (with lesto in [build-system] requires of pyproject.toml)
    from setuptools import setup
    from lesto.aot.setuptools import LestoExtension, build_ext

    setup(ext_modules=[LestoExtension("mypkg.kernels", "src/mypkg/kernels.py")],
          cmdclass={"build_ext": build_ext})

`pip wheel .` / `pip install .` / `python -m build` then put
mypkg/kernels.cpython-311-x86_64-linux-gnu.so into the wheel, beside kernels.py (an extension
module is found before the source of the same name), so installing the wheel compiles nothing
at import.  The extension's last name component must be the source file's name.  Set
LESTO_AOT_TARGET=aarch64-linux-gnu to cross-build (with a matching wheel platform tag)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from setuptools import Extension
from setuptools.command.build_ext import build_ext as _build_ext


class LestoExtension(Extension):
    """An extension module made by lesto from one Python source file."""

    def __init__(self, name: str, source: str, **kwargs: Any) -> None:
        if Path(source).stem != name.rpartition(".")[2]:
            raise ValueError(f"LestoExtension {name!r}: the source file must be named "
                             f"{name.rpartition('.')[2]}.py (it is {source!r})")
        super().__init__(name, sources=[source], **kwargs)
        self.lesto_source = source


class build_ext(_build_ext):  # noqa: N801 - setuptools' command name
    """build_ext that hands LestoExtensions to lesto and the others to setuptools."""

    def build_extension(self, ext: Any) -> None:
        if not isinstance(ext, LestoExtension):
            super().build_extension(ext)
            return
        from lesto.aot.build import build_many

        out = Path(self.get_ext_fullpath(ext.name))
        out.parent.mkdir(parents=True, exist_ok=True)
        target = os.environ.get("LESTO_AOT_TARGET") or None
        (result,) = build_many([(Path(ext.lesto_source), None)], out, target=target,
                               qualnames=[ext.name])
        for line in result.refused:
            self.announce(f"lesto: {line}; it runs in the interpreter", level=3)
