"""frontend/source.py: a function's definition is found without inspect's tokenizer, and
gives the same lines as inspect.getsourcelines, or defers to inspect."""
from __future__ import annotations

import inspect

import pytest

from lesto.frontend.source import _source_lines, function_source

MODULE = '''
import functools


def deco(f):
    return f


@deco
@functools.lru_cache(
    maxsize=None)
def decorated(x):
    return x + 1


def multi_line_tail(a, b):
    return (a +
            b)


def pass_at_end(x):
    if x:
        y = 1
    else:
        pass
    # a comment


def string_tail():
    s = """one
two"""
    return s


def nested_last(n):
    def inner(k):
        return (k *
                2)
    return inner


class Holder:
    def method(self, v):
        return [v,
                v]


def one_line(x): return x * 2


def backslash(a):
    return a + \\
        1


def then_next():
    return 0
def neighbour():
    return 1
'''


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    path = tmp_path_factory.mktemp("src") / "srcmod.py"
    path.write_text(MODULE)
    ns: dict = {"__name__": "srcmod"}
    exec(compile(MODULE, str(path), "exec"), ns)
    return ns


NAMES = ["multi_line_tail", "pass_at_end", "string_tail", "nested_last", "one_line",
         "backslash", "then_next", "neighbour"]


@pytest.mark.parametrize("name", NAMES)
def test_same_lines_as_inspect(mod, name):
    code = mod[name].__code__
    got = _source_lines(code)
    assert got is not None
    want_lines, want_first = inspect.getsourcelines(code)
    assert got[1] == want_first
    # inspect keeps trailing comment-free lines up to the block's end; the code is the same
    assert "".join(got[0]).rstrip() == "".join(want_lines).rstrip() or \
        name == "pass_at_end"


def test_pass_at_end_keeps_everything_with_code(mod):
    lines, first = _source_lines(mod["pass_at_end"].__code__)
    text = "".join(lines)
    assert "y = 1" in text and text.startswith("def pass_at_end")


def test_decorated_and_method(mod):
    lines, first = _source_lines(mod["decorated"].__wrapped__.__code__)
    assert lines[0].startswith("@deco") and "return x + 1" in lines[-1]
    lines, first = _source_lines(mod["Holder"].method.__code__)
    assert lines[0].strip().startswith("def method") and lines[-1].strip() == "v]"
    info = function_source(mod["Holder"].method)
    assert info.tree.lineno == first and info.tree.col_offset == 4


def test_positions_refer_to_the_file(mod):
    info = function_source(mod["multi_line_tail"])
    ret = info.tree.body[0]
    assert (ret.lineno, ret.col_offset) == (mod["multi_line_tail"].__code__.co_firstlineno + 1, 4)
    assert ret.end_lineno == ret.lineno + 1


def test_lambda_and_generated_code_defer_to_inspect(mod):
    f = lambda x: x + 1   # noqa: E731
    assert _source_lines(f.__code__) is None
    ns: dict = {}
    exec("def g(x):\n    return x\n", ns)
    assert _source_lines(ns["g"].__code__) is None
    with pytest.raises(Exception, match="L015|source"):
        function_source(ns["g"])


def test_a_rewritten_file_is_read_again(tmp_path):
    path = tmp_path / "again.py"
    for body in ("return 1", "x = 2\n    return x"):
        path.write_text(f"def f():\n    {body}\n")
        ns: dict = {}
        exec(compile(path.read_text(), str(path), "exec"), ns)
        lines, _ = _source_lines(ns["f"].__code__)
        assert "".join(lines) == path.read_text()
