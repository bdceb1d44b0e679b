"""The import hook behind `python -m lesto run`: a `sys.meta_path` finder that hands the
program's own modules to a loader which rewrites their source (lesto.runtime.rewrite) before
compiling it, and the `__lesto_jit__` decorator that rewritten code calls on every `def`.

    hook = JitHook({"cache": True})
    install(hook, Selection(roots=["/home/me/project"]))
    import shapes           # every function of /home/me/project/shapes.py is a lesto.jit

Which modules are the program's own is decided by `Selection`: a source file under one of the
roots (the script's directory, or the current directory and the package for `-m`), except
the standard library, site-packages and lesto itself, plus every module whose name or path
matches an `--include` glob.  Rewritten code is cached next to the normal bytecode under its
own optimisation tag (`mod.cpython-311.opt-lesto<hash>.pyc`), so plain `python` never loads it.
"""
from __future__ import annotations

import _imp
import importlib.machinery
import importlib.util
import marshal
import os
import sys
import sysconfig
import weakref
import zlib
from typing import Any, Callable, NamedTuple

from lesto.options import JitOptions
from lesto.runtime.run_memo import RunMemo

JIT_NAME = "__lesto_jit__"       # = lesto.runtime.rewrite.JIT_NAME (imported on a cache miss)

_HERE = os.path.dirname(os.path.abspath(__file__))
LESTO_DIR = os.path.dirname(_HERE)


class Kept(NamedTuple):
    """A function left to the interpreter by the hook itself, and why."""

    qualname: str
    filename: str
    lineno: int
    reason: str


class JitHook:
    """`__lesto_jit__`: jits each function as its `def` runs, or keeps it (with the reason)."""

    def __init__(self, options: dict[str, Any], keep_dispatchers: bool = False,
                 memo: RunMemo | None = None) -> None:
        self.option_kwargs = dict(options)          # as given to jit(...); reload re-reads
        self.options = JitOptions.from_kwargs(**options)
        self.dispatchers: list[Any] | None = [] if keep_dispatchers else None
        self.kept: dict[tuple[str, int, str], Kept] = {}
        self.memo = memo
        self._made: dict[int, weakref.ref[Any]] = {}    # id(code) -> its latest dispatcher
        self._dispatcher: Any = None                      # the class, imported on first use

    def __call__(self, fn: Any) -> Any:
        if self.memo is not None:
            why = self.memo.refused(fn)
            if why is not None:
                from lesto.runtime.stats import short_reason

                short = short_reason(why, fn.__qualname__) or why
                return self._keep(fn, f"interpreted in the last run ({short})")
        if self._dispatcher is None:
            from lesto.runtime.dispatcher import Dispatcher

            self._dispatcher = Dispatcher
        dispatcher = self._dispatcher(fn, self.options, self.option_kwargs)
        if self.dispatchers is not None:
            self.dispatchers.append(dispatcher)
        if self.memo is not None:
            self._made[id(fn.__code__)] = weakref.ref(dispatcher)
        return dispatcher

    def remember(self) -> None:
        """Save, for the next run, which functions ran only in the interpreter (at exit)."""
        if self.memo is not None:
            alive = [d for d in (r() for r in self._made.values()) if d is not None]
            self.memo.save(alive)

    def keep(self, reason: str) -> Callable[[Any], Any]:
        """The decorator for a function the rewrite decided to leave to the interpreter."""
        return lambda fn: self._keep(fn, reason)

    def _keep(self, fn: Any, reason: str) -> Any:
        code = fn.__code__
        key = (code.co_filename, code.co_firstlineno, fn.__qualname__)
        if key not in self.kept:
            self.kept[key] = Kept(fn.__qualname__, code.co_filename, code.co_firstlineno, reason)
        return fn


def compile_program(source: bytes | str, path: str, optimize: int = -1,
                    nested: bool = False) -> Any:
    """Parse, rewrite and compile the source of one of the program's modules."""
    import ast

    from lesto.runtime.rewrite import rewrite_module

    tree = compile(source, path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True, optimize=optimize)
    return compile(rewrite_module(tree, nested), path, "exec", dont_inherit=True,
                   optimize=optimize)


def _tag() -> str:
    """The bytecode cache tag: changes with the rewrite and with -O."""
    digest = 0
    for name in ("rewrite.py", "hook.py"):
        with open(os.path.join(_HERE, name), "rb") as f:
            digest = zlib.crc32(f.read(), digest)
    nested = "n" if RewritingLoader.nested else ""
    return f"lesto{digest:08x}o{sys.flags.optimize}{nested}"


class RewritingLoader(importlib.machinery.SourceFileLoader):
    """A source loader whose code objects are the rewritten module's, cached under their own
    tag (timestamp-validated like ordinary .pyc files)."""

    _cache_tag: str | None = None
    nested = False          # also jit functions defined inside functions (set by install)

    def source_to_code(self, data: Any, path: Any, *, _optimize: int = -1) -> Any:
        return compile_program(data, path, _optimize, RewritingLoader.nested)

    def get_code(self, fullname: str) -> Any:
        path = self.get_filename(fullname)
        if RewritingLoader._cache_tag is None:
            RewritingLoader._cache_tag = _tag()
        try:
            cached = importlib.util.cache_from_source(path, optimization=self._cache_tag)
        except NotImplementedError:       # sys.implementation.cache_tag is None
            cached = None
        stats = self.path_stats(path)
        header = (importlib.util.MAGIC_NUMBER + bytes(4)
                  + (int(stats["mtime"]) & 0xFFFFFFFF).to_bytes(4, "little")
                  + (int(stats["size"]) & 0xFFFFFFFF).to_bytes(4, "little"))
        if cached is not None:
            try:
                data = self.get_data(cached)
            except OSError:
                data = b""
            if data[:16] == header:
                try:
                    code = marshal.loads(data[16:])
                except (EOFError, ValueError, TypeError):
                    pass
                else:
                    _imp._fix_co_filename(code, path)    # as importlib does for a moved file
                    return code
        code = self.source_to_code(self.get_data(path), path)
        if cached is not None and not sys.dont_write_bytecode:
            try:
                self.set_data(cached, header + marshal.dumps(code))
            except (OSError, NotImplementedError):
                pass
        return code


def _under(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


def _library_dirs() -> list[str]:
    """The standard library, site-packages and lesto itself: never the program's own."""
    import site

    paths = sysconfig.get_paths()
    found = [paths.get(k) for k in ("stdlib", "platstdlib", "purelib", "platlib")]
    try:
        found += site.getsitepackages() + [site.getusersitepackages()]
    except AttributeError:      # a virtualenv's old site.py
        pass
    found.append(LESTO_DIR)
    return sorted({os.path.realpath(p) for p in found if p})


class Selection:
    """Which modules are rewritten: the program's own, and those matching --include."""

    def __init__(self, roots: list[str], include: list[str] | tuple[str, ...] = ()) -> None:
        self.roots = [os.path.realpath(r) for r in roots]
        self.include = list(include)
        self.excluded = _library_dirs()

    def __call__(self, name: str, origin: str) -> bool:
        path = os.path.realpath(origin)
        if _under(path, LESTO_DIR):
            return False
        if self.include:
            import fnmatch

            if any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(path, p) for p in self.include):
                return True
        for root in self.roots:
            if _under(path, root) and not any(
                    _under(path, e) and not _under(root, e) for e in self.excluded):
                return True
        return False


class ProgramFinder:
    """A meta path finder standing just before PathFinder: it asks PathFinder for the spec and,
    for a selected source module, swaps in the rewriting loader."""

    def __init__(self, select: Callable[[str, str], bool]) -> None:
        self.select = select

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if (spec is not None and type(spec.loader) is importlib.machinery.SourceFileLoader
                and spec.origin and self.select(name, spec.origin)
                and not _imported_by_lesto()):
            spec.loader = RewritingLoader(spec.loader.name, spec.loader.path)
            spec.loader_state = None
        return spec

    def invalidate_caches(self) -> None:
        importlib.machinery.PathFinder.invalidate_caches()


def _imported_by_lesto() -> bool:
    """Whether the import under way comes from lesto's own code (the compiler importing a
    module on first use, and what that module imports in turn), not from the program: such
    modules are never rewritten, so lesto never jits its own helpers.  Walks out past the
    import machinery and the bodies of modules being imported to the code that asked."""
    frame = sys._getframe(2)
    while frame is not None:
        code = frame.f_code
        filename = code.co_filename
        if filename.startswith("<frozen importlib") or filename == _IMPORTLIB_INIT:
            pass
        elif _under(filename, LESTO_DIR):
            return filename != _RUN_PY        # the runner executing the program's own code
        elif code.co_name != "<module>":
            return False
        frame = frame.f_back
    return False


_IMPORTLIB_INIT = importlib.__file__ or ""
_RUN_PY = os.path.join(LESTO_DIR, "cli", "run.py")


def install(hook: JitHook, select: Callable[[str, str], bool],
            nested: bool = False) -> ProgramFinder:
    """Make `__lesto_jit__` a builtin (the program's globals stay its own) and put the finder
    in front of PathFinder."""
    import builtins

    RewritingLoader.nested = nested
    RewritingLoader._cache_tag = None

    setattr(builtins, JIT_NAME, hook)
    finder = ProgramFinder(select)
    position = next((i for i, f in enumerate(sys.meta_path)
                     if f is importlib.machinery.PathFinder), len(sys.meta_path))
    sys.meta_path.insert(position, finder)
    return finder
