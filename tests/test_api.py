"""The public surface of lesto: the jit decorator's forms and options, and the dispatcher's
attributes (metadata, signatures, inspection, deopt_count)."""
from __future__ import annotations

import importlib.util
import sys
import textwrap

import pytest

import lesto


def add(a, b):
    """Add two numbers."""
    return a + b


def floordiv(a, b):
    return a // b


def mul_add(a, b):
    return a * b + 1


def test_public_names() -> None:
    assert callable(lesto.jit)
    assert issubclass(lesto.CompileError, Exception)
    assert issubclass(lesto.NotCompiledWarning, Warning)


def test_dispatcher_keeps_metadata() -> None:
    dispatcher = lesto.jit(add)
    assert dispatcher.__name__ == "add"
    assert dispatcher.__doc__ == "Add two numbers."
    assert dispatcher.__wrapped__ is add
    assert dispatcher.py_func is add
    assert dispatcher(2, 3) == 5


# The four spellings of the decorator, applied at import time as users write them.
@lesto.jit
def deco_plain(a, b):
    return a * b + 1


@lesto.jit()
def deco_called(a, b):
    return a * b + 1


@lesto.jit(strict=True)
def deco_strict(a, b):
    return a * b + 1


deco_function_form = lesto.jit(mul_add)


@pytest.mark.parametrize("dispatcher", [deco_plain, deco_called, deco_strict, deco_function_form],
                         ids=["@jit", "@jit()", "@jit(strict=True)", "jit(fn)"])
def test_decorator_forms(dispatcher) -> None:
    assert dispatcher.py_func.__name__ in ("deco_plain", "deco_called", "deco_strict", "mul_add")
    assert dispatcher(3, 4) == 13
    assert type(dispatcher(3, 4)) is int
    assert dispatcher(2**40, 2**40) == 2**80 + 1
    assert dispatcher(1.5, 2.0) == 4.0
    assert type(dispatcher(1.5, 2.0)) is float


def test_signatures_grow_per_type_signature() -> None:
    dispatcher = lesto.jit(strict=True)(add)
    assert list(dispatcher.signatures) == []  # compiling happens at the first call
    assert dispatcher(1, 2) == 3
    assert len(dispatcher.signatures) == 1
    assert dispatcher(5, 6) == 11
    assert len(dispatcher.signatures) == 1  # same types: no new compile
    result = dispatcher(1.5, 2.25)
    assert result == 3.75 and type(result) is float
    assert len(dispatcher.signatures) == 2
    assert dispatcher(7, 8) == 15
    assert len(dispatcher.signatures) == 2
    first, second = dispatcher.signatures
    assert first != second


def test_fresh_dispatchers_are_independent() -> None:
    one = lesto.jit(strict=True)(mul_add)
    two = lesto.jit(strict=True)(mul_add)
    assert one(2, 3) == 7
    assert list(two.signatures) == []
    assert two(2.0, 3.0) == 7.0


@pytest.mark.parametrize("options", [
    {"boundscheck": True}, {"boundscheck": False}, {"cache": False},
    {"strict": True, "boundscheck": True, "cache": False},
], ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items()))
def test_options_accepted(options) -> None:
    dispatcher = lesto.jit(**options)(mul_add)
    assert dispatcher(6, 7) == 43
    assert dispatcher(0.5, 4.0) == 3.0


def _module_from_source(tmp_path, name: str, source: str):
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_cache_option_accepted(tmp_path, monkeypatch) -> None:
    # Keep whatever the cache writes inside tmp_path.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("LESTO_CACHE_DIR", str(tmp_path / "lesto-cache"))
    module = _module_from_source(tmp_path, "lesto_api_cached_mod", """
        def poly(x, y):
            return x * x - 3 * y + 1
    """)
    try:
        first = lesto.jit(cache=True, strict=True)(module.poly)
        assert first(5, 2) == 20
        assert first(2**40, 1) == 2**80 - 2
        again = lesto.jit(cache=True, strict=True)(module.poly)  # may load from the cache
        assert again(5, 2) == 20
        assert again(-3.5, 0.5) == 11.75
    finally:
        sys.modules.pop("lesto_api_cached_mod", None)


def test_inspect_llvm_and_asm() -> None:
    dispatcher = lesto.jit(strict=True)(add)
    assert dispatcher(1, 2) == 3
    (sig,) = dispatcher.signatures
    llvm = dispatcher.inspect_llvm(sig)
    assert isinstance(llvm, str)
    assert "define" in llvm
    asm = dispatcher.inspect_asm(sig)
    assert isinstance(asm, str) and asm.strip()


def test_inspect_types(capsys) -> None:
    dispatcher = lesto.jit(strict=True)(add)
    dispatcher(1, 2)
    out = dispatcher.inspect_types()
    text = out if isinstance(out, str) else capsys.readouterr().out
    assert text.strip(), "inspect_types() neither returned nor printed anything"


def test_deopt_count_on_int_overflow() -> None:
    dispatcher = lesto.jit(strict=True)(add)
    assert dispatcher.deopt_count == 0
    assert dispatcher(1, 2) == 3
    before = dispatcher.deopt_count
    assert isinstance(before, int) and before == 0  # a fast-path call is not a deopt
    result = dispatcher(2**62, 2**62)
    assert result == 2**63 and type(result) is int
    assert dispatcher.deopt_count > before
    after_overflow = dispatcher.deopt_count
    result = dispatcher(-2**63, -1)
    assert result == -2**63 - 1 and type(result) is int
    assert dispatcher.deopt_count > after_overflow
    settled = dispatcher.deopt_count
    assert dispatcher(40, 2) == 42
    assert dispatcher.deopt_count == settled


def test_deopt_count_on_exception() -> None:
    dispatcher = lesto.jit(strict=True)(floordiv)
    assert dispatcher(7, 2) == 3
    before = dispatcher.deopt_count
    with pytest.raises(ZeroDivisionError) as info:
        dispatcher(7, 0)
    with pytest.raises(ZeroDivisionError) as expected:
        floordiv(7, 0)
    assert str(info.value) == str(expected.value)
    assert dispatcher.deopt_count > before
    assert dispatcher(-7, 2) == -4


def test_big_int_arguments_are_exact() -> None:
    dispatcher = lesto.jit(strict=True)(add)
    assert dispatcher(1, 2) == 3
    result = dispatcher(2**70, 1)
    assert result == 2**70 + 1 and type(result) is int
    result = dispatcher(-2**100, 2**100)
    assert result == 0 and type(result) is int


def test_stats_and_explain(capsys) -> None:
    import io
    import warnings

    def scale(x, k):
        return x * k

    f = lesto.jit(scale)
    assert f.stats() == []
    assert f(2, 3) == 6 and f(2, 3) == 6
    assert f(2**62, 4) == 2**64
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert f("ab", 2) == "abab"
    rows = f.stats()
    assert all(isinstance(r, lesto.SignatureStats) for r in rows)
    assert rows[0] == lesto.SignatureStats("(int, int)", True, None, None, 1)
    assert rows[1].signature == "(str, int)" and rows[1].compiled is False
    assert "parameter 'x' is a str" in rows[1].reason and rows[1].deopts == 0
    out = io.StringIO()
    lesto.explain(f, file=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["function", "signature", "compiled", "reason", "calls",
                                "deopts"]
    assert "(int, int)" in lines[1] and " yes " in lines[1] and lines[1].endswith("1")
    assert "(str, int)" in lines[2] and " no " in lines[2] and "parameter 'x'" in lines[2]
    lesto.explain()
    everything = capsys.readouterr().out
    assert "test_stats_and_explain.<locals>.scale" in everything


def test_live_dispatchers_is_a_weak_registry() -> None:
    import gc

    from lesto.runtime.dispatcher import live_dispatchers

    def one(x):
        return x

    f = lesto.jit(one)
    assert f in live_dispatchers()
    del f
    gc.collect()
    assert not any(d.py_func is one for d in live_dispatchers())
