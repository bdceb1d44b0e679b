"""Linker choice for `lesto build`, and the command line's messages."""
from __future__ import annotations

from pathlib import Path

import pytest

from lesto.aot import link
from lesto.cli.main import main


def test_no_linker_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(link.shutil, "which", lambda name: None)
    monkeypatch.setattr(link, "_zig", lambda: None)
    monkeypatch.delenv("CC", raising=False)
    with pytest.raises(link.LinkError, match=r"no linker for aarch64-linux-gnu.*pip install ziglang"):
        link.find_linker("aarch64")
    with pytest.raises(link.LinkError, match="'zig' was asked for.*pip install ziglang"):
        link.find_linker("x86_64", "zig")


def test_cross_target_never_uses_the_host_cc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(link.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(link, "host_arch", lambda: "x86_64")
    assert link.find_linker("aarch64")[0] == "lld"
    assert link.find_linker("x86_64")[0] == "cc"


def test_cli_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        link.find_linker(link.host_arch())
    except link.LinkError:
        pytest.skip("no linker here")
    source = tmp_path / "clim.py"
    source.write_text("import lesto\n\n@lesto.jit\ndef inc(n: int):\n    return n + 1\n\n"
                      "@lesto.jit\ndef untyped(n):\n    return n\n")
    assert main(["build", str(source), "-o", str(tmp_path / "out")]) == 0
    out, err = capsys.readouterr()
    assert "inc: (int,)" in out and "untyped: interpreted" in out
    assert "untyped: no signatures" in err
    assert list((tmp_path / "out").glob("clim.cpython-*.so"))
    assert main(["build", str(source), "--target", "sparc"]) == 1
    assert "unknown target 'sparc'" in capsys.readouterr().err
