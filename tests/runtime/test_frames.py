"""Tracebacks through compiled functions that work with objects (their exceptions are raised
natively): each compiled frame appears with the user's file, line and function name, as the
interpreted function's frame does (runtime/frames.py, backend/lower.traceback_entries)."""
from __future__ import annotations

import importlib.util
import sys
import textwrap
import traceback

import pytest

import lesto
from lesto.backend.capi import frame_path
from lesto.runtime import frames

SOURCE = textwrap.dedent('''
    def helper(d, k):
        return d[k]


    def inner(d, k):
        y = [k]
        x = helper(d, y[0])
        return x


    def outer(d, k):
        names = {"a": 1}
        total = names["a"]
        total += inner(d, k)
        return total


    def caught(d, k):
        try:
            return d[k]
        except KeyError:
            pass
        return [k][5]


    def raises_in_loop(xs):
        out = []
        for x in xs:
            out.append(10 // x)
        return out
''')


def load(tmp_path, name: str):
    path = tmp_path / f"{name}.py"
    path.write_text(SOURCE)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def user_entries(exc: BaseException, filename: str) -> list[tuple[int, str, str]]:
    return [(f.lineno, f.name, f.line) for f in traceback.extract_tb(exc.__traceback__)
            if f.filename == filename]


@pytest.mark.parametrize("entry, args", [
    ("outer", ({}, "zz")), ("inner", ({}, 3)), ("caught", ({}, 1)),
    ("raises_in_loop", ([1, 2, 0, 4],)), ("raises_in_loop", ([1, "a"],)),
])
def test_compiled_frames_are_the_interpreted_ones(tmp_path, entry, args) -> None:
    plain = load(tmp_path, "plain_frames")
    compiled = load(tmp_path, "compiled_frames")
    for name in ("inner", "outer", "caught", "raises_in_loop"):   # helper stays Python
        setattr(compiled, name, lesto.jit(objects=True, strict=True)(getattr(compiled, name)))
    for attempt in range(2):    # the first call, then through the native switch
        with pytest.raises(Exception) as want:
            getattr(plain, entry)(*args)
        with pytest.raises(Exception) as got:
            getattr(compiled, entry)(*args)
        assert type(got.value) is type(want.value) and str(got.value) == str(want.value)
        assert user_entries(got.value, compiled.__file__) == \
            user_entries(want.value, plain.__file__), attempt


def test_the_frame_is_named_like_the_place() -> None:
    path = frame_path("/some/dir/mod.py", "fn", 42)
    module, _, name = path.rpartition(".")
    assert module == "lesto.runtime.frames"
    frame = getattr(frames, name)
    assert (frame.f_code.co_filename, frame.f_code.co_name, frame.f_lineno) == \
        ("/some/dir/mod.py", "fn", 42)
    assert getattr(frames, name) is frame          # one frame per place
    assert not frame.f_globals                     # keeps nothing alive
    with pytest.raises(AttributeError):
        frames.not_a_frame


def test_no_column_positions_under_the_users_line() -> None:
    if sys.version_info < (3, 11):
        pytest.skip("column positions exist since 3.11")
    frame = getattr(frames, frame_path("/x.py", "g", 7).rpartition(".")[2])
    assert {(line, col) for line, _, col, _ in frame.f_code.co_positions()} == {(7, None)}
