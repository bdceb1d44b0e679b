"""`python -m lesto cache --list / --clear`."""
from __future__ import annotations

from pathlib import Path

import pytest

from lesto.cli.main import main


def test_list_and_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    from lesto.cache import store

    monkeypatch.setenv("LESTO_CACHE_DIR", str(tmp_path))
    store.write("k1", {"function": "m.f", "args": ["int"]}, b"x")
    (tmp_path / f"bad{store.SUFFIX}").write_bytes(b"garbage")
    assert main(["cache", "--list"]) == 0
    out = capsys.readouterr().out
    assert "2 entries" in out and "m.f(int)" in out and "damaged" in out
    assert main(["cache", "--clear"]) == 0
    assert "removed 2 entries" in capsys.readouterr().out
    assert store.entries() == []
