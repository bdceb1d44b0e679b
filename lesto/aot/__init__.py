"""Ahead-of-time compilation: `python -m lesto build module.py` turns a module's `@lesto.jit`
functions into a CPython extension module (for this machine or cross-built for AArch64) that
imports and runs with neither lesto nor llvmlite installed."""
