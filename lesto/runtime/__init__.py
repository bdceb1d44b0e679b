"""Runtime: dispatch calls to compiled code, own the JIT engine, fall back to the interpreter."""
