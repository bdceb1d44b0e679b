"""`lesto build`: compile a module's `@lesto.jit` functions ahead of time into a CPython
extension module, for this machine or cross-built (aarch64-linux-gnu on x86-64).

    build(Path("mymodule.py"), target="aarch64-linux-gnu", out_dir=Path("dist"))
        -> dist/mymodule.cpython-311-aarch64-linux-gnu.so

Steps: import the module here (its `@lesto.jit` functions are Dispatchers), take each one's
signatures (JitOptions.signatures, else its annotations: aot/signatures.py), run the compiler
pipeline per signature (a refusal leaves that signature to the interpreter, or fails the build
for a `strict` function), rewrite the symbols lesto's JIT would resolve into slots
(aot/relocate.py), add PyInit and the method tables (aot/modinit.py) with the loader
(aot/loader.py) and the module's source embedded, link everything into one LLVM module,
optimize and emit object code for the target, and link a shared object (aot/link.py)."""
from __future__ import annotations

import importlib.util
import inspect
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lesto.aot.link import host_arch, link_shared
from lesto.aot.modinit import METH_FASTCALL, METH_KEYWORDS, Head, MethodDef, build_init_module
from lesto.aot.relocate import relocate
from lesto.aot.signatures import from_annotations, parse_signature, spell
from lesto.errors import CompileError, NotCompiledWarning
from lesto.types.core import LType

TARGETS = {"aarch64-linux-gnu": "aarch64", "aarch64": "aarch64", "arm64": "aarch64",
           "x86_64-linux-gnu": "x86_64", "x86_64": "x86_64", "x86-64": "x86_64"}
HELPER_MODULES = ("lesto.runtime.arena", "lesto.runtime.slicing")


class BuildError(Exception):
    """The build cannot go on (the message says why and what to do)."""


@dataclass
class BuildResult:
    path: Path
    compiled: dict[str, list[str]] = field(default_factory=dict)    # function -> signatures
    refused: list[str] = field(default_factory=list)                # what runs interpreted
    linker: str = ""


def ext_suffix(arch: str, python: tuple[int, int]) -> str:
    return f".cpython-{python[0]}{python[1]}-{arch}-linux-gnu.so"


def import_source(path: Path, qualname: str | None = None) -> Any:
    """Import the module from its file (its directory first on sys.path, for its own imports);
    `qualname` ('mypkg.kernels') imports it as a package's module, relative imports working."""
    if qualname and "." in qualname:
        base = path.parents[qualname.count(".")]
        sys.path.insert(0, str(base))
        try:
            return importlib.import_module(qualname)
        finally:
            sys.path.remove(str(base))
    name = path.stem
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise BuildError(f"{path}: not a Python source file")
    module = importlib.util.module_from_spec(spec)
    saved = sys.modules.get(name)
    sys.modules[name] = module
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
        if saved is not None:
            sys.modules[name] = saved
    return module


def jitted_functions(module: Any) -> list[Any]:
    """The module's own Dispatchers, published under their own names, in source order."""
    from lesto.runtime.dispatcher import Dispatcher

    found = [v for k, v in vars(module).items() if isinstance(v, Dispatcher)
             and v.py_func.__module__ == module.__name__ and v.__name__ == k]
    return sorted(found, key=lambda d: d.py_func.__code__.co_firstlineno)


def signatures_of(disp: Any, explicit: dict[str, list[Any]] | None
                  ) -> tuple[list[tuple[LType, ...]], str | None]:
    """(signatures to compile, or [] with the reason)."""
    name = disp.__name__
    code = disp.py_func.__code__
    if code.co_flags & 0x0C or code.co_kwonlyargcount:
        return [], f"{name}: *args, **kwargs and keyword-only parameters are not compiled " \
                   "ahead of time (write positional parameters)"
    spelled = (explicit or {}).get(name)
    if spelled is None:
        spelled = list(disp.options.signatures)
    if spelled:
        sigs: list[tuple[LType, ...]] = []
        for s in spelled:
            for sig in (parse_signature(s) if isinstance(s, str) else [tuple(s)]):
                if sig not in sigs:
                    sigs.append(sig)
    else:
        sigs = from_annotations(disp.py_func) or []
        if not sigs:
            return [], f"{name}: no signatures: annotate every parameter, or write " \
                       f"@lesto.jit(signatures=[\"(float64[:], int)\"])"
    bad = [spell(s) for s in sigs if len(s) != code.co_argcount]
    if bad:
        raise BuildError(f"{name} takes {code.co_argcount} arguments; signature "
                         f"{bad[0]} has a different number")
    return sigs, None


def text_signature(func: Any) -> str:
    """`($self, x, n=3)`: what inspect.signature shows for the builtin (defaults kept when
    their repr reads back, annotations dropped)."""
    params = []
    for p in inspect.signature(func).parameters.values():
        text = p.name
        if p.default is not p.empty:
            try:
                ok = repr(p.default) and eval(repr(p.default), {}) == p.default  # noqa: S307
            except Exception:  # noqa: BLE001 - a default without a literal repr
                ok = False
            text += f"={p.default!r}" if ok else "=..."
        params.append(text)
    return "($self" + "".join(", " + p for p in params) + ")"


def resolve_target(target: str | None) -> tuple[str, str]:
    """(LLVM triple, arch) of a --target spelling (None: this machine, with its CPU features)."""
    if target is None:
        return "host", host_arch()
    arch = TARGETS.get(target)
    if arch is None:
        raise BuildError(f"unknown target {target!r}: use aarch64-linux-gnu or x86_64-linux-gnu")
    return f"{arch}-unknown-linux-gnu", arch


@dataclass
class Prepared:
    """One module's part of a shared object: its glue IR and its specializations' IR."""

    name: str
    glue: str
    specs: list[str]
    speed: int
    result: BuildResult


def build(source: Path, target: str | None = None, out_dir: Path | None = None,
          signatures: dict[str, list[Any]] | None = None, linker: str | None = None,
          opt: int | None = None, quiet: bool = False) -> BuildResult:
    """Build the extension module for `source` (see the module docstring); `signatures` maps
    function names to signature lists and overrides the decorators' and annotations' (a plain
    function named there is compiled too, as if decorated with @lesto.jit)."""
    source = Path(source).resolve()
    triple, arch = resolve_target(target)
    python = sys.version_info[:2]
    out = (Path(out_dir) if out_dir is not None else source.parent) / \
        (source.stem + ext_suffix(arch, python))
    part = prepare(source, arch, out, signatures, opt, quiet)
    obj = emit([part.glue], part.specs, triple, part.speed)
    part.result.linker = link_shared(obj, out, arch, linker)
    return part.result


def build_many(sources: list[tuple[Path, dict[str, list[Any]] | None]], out: Path,
               target: str | None = None, linker: str | None = None,
               opt: int | None = None, qualnames: list[str] | None = None
               ) -> list[BuildResult]:
    """Several modules in one shared object `out`, each with its own PyInit_<name> (import
    each one with importlib.util.spec_from_file_location(name, out)): one link for many
    small modules."""
    triple, arch = resolve_target(target)
    names = qualnames or [None] * len(sources)
    parts = [prepare(Path(src).resolve(), arch, out, sigs, opt, True, qual)
             for (src, sigs), qual in zip(sources, names)]
    obj = emit([p.glue for p in parts], [t for p in parts for t in p.specs], triple,
               max([p.speed for p in parts] or [3]))
    kind = link_shared(obj, out, arch, linker)
    for p in parts:
        p.result.linker = kind
    return [p.result for p in parts]


def prepare(source: Path, arch: str, out: Path, signatures: dict[str, list[Any]] | None,
            opt: int | None, quiet: bool, qualname: str | None = None) -> Prepared:
    from lesto import pipeline
    from lesto.options import JitOptions
    from lesto.runtime.dispatcher import Dispatcher

    python = sys.version_info[:2]
    module = import_source(source, qualname)
    name = module.__name__.rpartition(".")[2]       # PyInit_<name>
    for fname in signatures or {}:
        value = getattr(module, fname, None)
        if inspect.isfunction(value):
            setattr(module, fname, Dispatcher(value, JitOptions()))
    result = BuildResult(out)

    defs: list[MethodDef] = []
    heads: list[Head] = []
    spec_texts: list[str] = []
    slots: list[str] = []
    functions: list[dict[str, Any]] = []
    speed = 3
    for disp in jitted_functions(module):
        fname = disp.__name__
        speed = opt if opt is not None else disp.options.opt
        sigs, reason = signatures_of(disp, signatures)
        if reason:
            result.refused.append(reason)
        entries: list[int] = []
        first_entry = ""
        done: list[str] = []
        for sig in sigs:
            try:
                compiled = pipeline.compile(disp.py_func, sig, disp.options.boundscheck)
            except CompileError as e:
                if disp.options.strict:
                    raise BuildError(f"{fname}{spell(sig)} (strict): {e}") from e
                result.refused.append(f"{fname}{spell(sig)}: {e}")
                continue
            text, paths = relocate(compiled.llvm_ir)
            slots += [p for p in paths if p not in slots]
            spec_texts.append(text)
            if not first_entry:
                first_entry = compiled.entry_symbol
            entries.append(len(defs))
            defs.append(MethodDef(fname, compiled.entry_symbol, METH_FASTCALL))
            done.append(spell(sig))
        head_index = None
        if entries:
            head_index = len(defs)
            doc = f"{fname}{text_signature(disp.py_func)}\n--\n\n{disp.py_func.__doc__ or ''}"
            symbol = f"lesto_aot.head.{len(heads)}.{fname}"
            defs.append(MethodDef(fname, symbol, METH_FASTCALL | METH_KEYWORDS, doc))
            heads.append(Head(head_index, symbol, first_entry))
        functions.append({"name": fname, "strict": disp.options.strict, "entries": entries,
                          "head": head_index, "signatures": done,
                          "requested": len(sigs)})
        result.compiled[fname] = done
    if not quiet:
        for line in result.refused:
            warnings.warn(f"lesto build: {line}; it runs in the interpreter",
                          NotCompiledWarning, stacklevel=3)

    data = {"file": str(source), "source": source.read_text(encoding="utf-8"),
            "helpers": {m: Path(importlib.import_module(m).__file__).read_text()  # type: ignore
                        for m in HELPER_MODULES},
            "slots": slots, "functions": functions, "target": f"{arch}-linux-gnu",
            "python": f"{python[0]}.{python[1]}"}
    loader = (Path(__file__).with_name("loader.py").read_text(encoding="utf-8") +
              f"\n_lesto_load(globals(), {data!r})\ndel _lesto_load, _lesto_publish\n")
    glue = build_init_module(name, loader, defs, heads, slots, python)
    return Prepared(name, glue, spec_texts, speed, result)


def emit(glues: list[str], spec_texts: list[str], triple: str, speed: int) -> bytes:
    """One LLVM module (glue + every specialization), optimized, as object code for `triple`."""
    from lesto.backend.codegen import optimize, parse_and_verify
    from lesto.backend.target import target_machine

    main = parse_and_verify(glues[0], triple)
    for text in glues[1:] + spec_texts:
        main.link_in(parse_and_verify(text, triple))
    tm = target_machine(triple, opt=speed)
    main.triple = tm.triple
    main.data_layout = str(tm.target_data)
    main.verify()
    optimize(main, tm, speed)
    return tm.emit_object(main)
