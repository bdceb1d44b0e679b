"""The source rewrite of `lesto run` (lesto.runtime.rewrite) and the module selection of its
import hook (lesto.runtime.hook.Selection): which definitions get which decorator, that line
numbers stay the file's, and which functions are left to the interpreter and why."""
from __future__ import annotations

import ast
import os
import sys
import sysconfig
import textwrap
from typing import Any

from lesto.runtime import hook
from lesto.runtime.rewrite import JIT_NAME, rewrite_module


class Recorder:
    """Stands in for `__lesto_jit__`: records what it decorates."""

    def __init__(self) -> None:
        self.jitted: list[str] = []
        self.kept: dict[str, str] = {}

    def __call__(self, fn: Any) -> Any:
        self.jitted.append(fn.__qualname__)
        return fn

    def keep(self, reason: str) -> Any:
        def deco(fn: Any) -> Any:
            self.kept[fn.__qualname__] = reason
            return fn
        return deco


def run(source: str, nested: bool = True) -> tuple[Recorder, dict[str, Any]]:
    source = textwrap.dedent(source)
    tree = rewrite_module(ast.parse(source), nested)
    recorder = Recorder()
    namespace: dict[str, Any] = {JIT_NAME: recorder}
    exec(compile(tree, "<test>", "exec"), namespace)
    return recorder, namespace


def reasons(source: str) -> dict[str, str]:
    return run(source)[0].kept


def test_every_def_is_decorated_innermost() -> None:
    rec, ns = run('''
        import functools
        def f(x): return x
        async def co(): return 1
        def gen(): yield 1
        class C:
            @property
            def p(self): return 1
            @staticmethod
            def s(): return 2
            def m(self):
                def inner(): return 3
                return inner()
        ''')
    assert rec.jitted == ["f", "co", "gen", "C.p", "C.s", "C.m"]
    ns["C"]().m()
    assert rec.jitted[-1] == "C.m.<locals>.inner"
    assert isinstance(ns["C"].__dict__["p"], property)     # property applied on top


def test_functions_inside_functions_only_with_nested() -> None:
    source = '''
        def outer():
            def inner(): return 1
            class Local:
                def method(self): return 2
            return inner() + Local().method()
        class C:
            class Inner:
                def deep(self): return 3
        outer()
        '''
    assert run(source, nested=False)[0].jitted == ["outer", "C.Inner.deep"]
    assert run(source, nested=True)[0].jitted == [
        "outer", "C.Inner.deep", "outer.<locals>.inner", "outer.<locals>.Local.method"]


def test_implicit_static_and_class_methods_are_left_alone() -> None:
    rec, ns = run('''
        class C:
            def __new__(cls): return super().__new__(cls)
            def __init_subclass__(cls, **kw): pass
            def __class_getitem__(cls, item): return item
            def __init__(self): pass
        class D(C): pass
        ''')
    assert rec.jitted == ["C.__init__"]
    assert isinstance(ns["D"](), ns["C"]) and ns["C"][int] is int


def test_line_numbers_are_the_files() -> None:
    source = textwrap.dedent('''
        import functools

        @functools.lru_cache
        def f(x):
            return 1 / x

        class C:
            def m(self):
                return 2
        ''')
    plain: dict[str, Any] = {}
    exec(compile(source, "<plain>", "exec"), plain)
    _, ns = run(source)
    assert ns["f"].__wrapped__.__code__.co_firstlineno == \
        plain["f"].__wrapped__.__code__.co_firstlineno == 4
    assert ns["C"].m.__code__.co_firstlineno == plain["C"].m.__code__.co_firstlineno == 9
    compiled, interpreted = ns["C"].m.__code__, plain["C"].m.__code__
    assert list(compiled.co_lines()) == list(interpreted.co_lines())
    if sys.version_info >= (3, 11):  # column positions exist since 3.11
        assert list(compiled.co_positions()) == list(interpreted.co_positions())


def test_rebound_globals_and_cells_stay_interpreted() -> None:
    kept = reasons('''
        N = 1
        K = 2
        CONST = 3
        for LOOPED in range(2):
            pass
        def reads_n(): return N
        def reads_const(): return CONST
        def reads_looped(): return LOOPED
        def assigns():
            global K
            K = 5
        def reads_k(): return K
        def calls_reads_n(x): return reads_n() + x
        def shadows(N): return N
        def outer():
            c = 0
            once = 1
            def inc():
                nonlocal c
                c += 1
            def get(): return c
            def fixed(): return once
            return get, fixed
        N = 4
        outer()
        ''')
    assert kept["reads_n"] == "reads the global N, which the program binds again"
    assert kept["reads_looped"] == "reads the global LOOPED, which the program binds again"
    assert kept["reads_k"] == "reads the global K, which the program binds again"
    assert kept["calls_reads_n"] == "calls reads_n, which runs in the interpreter"
    assert kept["outer.<locals>.get"].startswith("reads c from an enclosing function")
    for fine in ("reads_const", "shadows", "outer", "outer.<locals>.fixed",
                 "outer.<locals>.inc"):
        assert fine not in kept


def test_selection(tmp_path) -> None:
    root = tmp_path / "project"
    select = hook.Selection([str(root)], include=["json.*", "*/vendor/*"])
    assert select("mod", str(root / "mod.py"))
    assert select("pkg.sub", str(root / "pkg" / "sub.py"))
    assert not select("other", str(tmp_path / "other.py"))
    stdlib = sysconfig.get_paths()["stdlib"]
    assert not select("colorsys", os.path.join(stdlib, "colorsys.py"))
    assert select("json.decoder", os.path.join(stdlib, "json", "decoder.py"))
    assert select("x", str(tmp_path / "vendor" / "x.py"))
    assert not select("lesto.pipeline", os.path.join(hook.LESTO_DIR, "pipeline.py"))
    # a root inside site-packages (`lesto run -m tool` of an installed tool) is its own code
    site = sysconfig.get_paths()["purelib"]
    inside = hook.Selection([os.path.join(site, "tool")])
    assert inside("tool.cli", os.path.join(site, "tool", "cli.py"))
    assert not inside("other", os.path.join(site, "other.py"))


def test_hook_and_rewrite_agree_on_the_name() -> None:
    from lesto.runtime import rewrite

    assert hook.JIT_NAME == rewrite.JIT_NAME == JIT_NAME


def test_memo_dir_is_under_the_cache_dir(monkeypatch, tmp_path) -> None:
    from lesto.cache.store import cache_dir
    from lesto.runtime.run_memo import memo_dir

    for env in ({"LESTO_CACHE_DIR": str(tmp_path)}, {"XDG_CACHE_HOME": str(tmp_path)}, {}):
        monkeypatch.delenv("LESTO_CACHE_DIR", raising=False)
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        assert memo_dir() == cache_dir() / "run-memo"
