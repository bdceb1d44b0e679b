"""Link one object file into a shared object (the extension module), with a linker that is
present: for the host, the system `cc` (or ld.lld, or zig); for a cross target, ld.lld or
`zig cc` from the `ziglang` pip package.  The module's C-API references stay undefined: the
dynamic linker resolves them from the interpreter that imports it."""
from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

LINKERS = ("cc", "lld", "zig")


class LinkError(RuntimeError):
    """No usable linker, or the linker failed (the message says what to install or what it said)."""


def host_arch() -> str:
    machine = platform.machine().lower()
    return {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)


def _zig() -> list[str] | None:
    try:
        import ziglang  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-m", "ziglang"]


def find_linker(arch: str, wanted: str | None = None) -> tuple[str, list[str]]:
    """(kind, command prefix) of a linker for `arch` ('x86_64' or 'aarch64')."""
    native = arch == host_arch()
    order = [wanted] if wanted else (["cc", "lld", "zig"] if native else ["lld", "zig"])
    for kind in order:
        if kind == "cc":
            cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc") or \
                shutil.which("clang")
            if cc and native:
                return kind, [cc]
        elif kind == "lld":
            lld = shutil.which("ld.lld")
            if lld:
                return kind, [lld]
        elif kind == "zig":
            zig = _zig()
            if zig:
                return kind, zig
        else:
            raise LinkError(f"unknown linker {kind!r}: choose one of {', '.join(LINKERS)}")
    if wanted:
        raise LinkError(f"the linker {wanted!r} was asked for but is not available here" +
                        ("; install it with: pip install ziglang" if wanted == "zig" else ""))
    raise LinkError(f"no linker for {arch}-linux-gnu found (looked for "
                    f"{' and '.join(order)}); install one with: pip install ziglang "
                    "(or lesto's extra: pip install 'lesto[aot]')")


def link_shared(obj: bytes, out: Path, arch: str, linker: str | None = None) -> str:
    """Write `out` (a shared object for `arch`-linux-gnu) from object code; returns the kind
    of linker used."""
    kind, prefix = find_linker(arch, linker)
    with tempfile.TemporaryDirectory(prefix="lesto-aot-") as tmp:
        path = Path(tmp) / "module.o"
        path.write_bytes(obj)
        tmp_out = Path(tmp) / out.name
        if kind == "cc":
            cmd = prefix + ["-shared", "-o", str(tmp_out), str(path), "-lm"]
        elif kind == "lld":
            cmd = prefix + ["-shared", "-z", "noexecstack", "-o", str(tmp_out), str(path)]
        else:
            cmd = prefix + ["cc", "-target", f"{arch}-linux-gnu", "-shared", "-o",
                            str(tmp_out), str(path), "-lm"]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            raise LinkError(f"linking failed ({' '.join(cmd)}):\n{proc.stderr.strip()}")
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(tmp_out), str(out))
    return kind
