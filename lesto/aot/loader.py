"""The Python half of an ahead-of-time module: this file's text is embedded in every module
`lesto build` makes, and its PyInit runs it in the new module's namespace.  It imports nothing
of lesto (the module must work where lesto is not installed).

`_lesto_load(g, data)`:
1. runs the original module source in `g` with `import lesto` answered by a stub whose `jit`
   returns the function unchanged, so every function, constant and class of the module exists
   as in CPython;
2. fills the native code's slots (the Python objects it calls: numpy functions, dtypes,
   interned method names, lesto's two tiny runtime helpers, embedded as source text);
3. replaces each compiled function by a builtin made from the native entries: a call goes
   to the first signature's entry, whose type checks fall through to the next signature's
   entry and finally to a Python fallback that runs the original function (with a
   NotCompiledWarning, or a TypeError when the function is `strict`); a native "deopt" re-runs
   the call in the interpreter for CPython's exact answer; keyword arguments and defaults are
   bound in Python, then the call starts again at the first entry."""


def _lesto_load(g, data):
    import sys
    import types
    import warnings

    make = g.pop("_lesto_make")
    set_slots = g.pop("_lesto_slots")

    class NotCompiledWarning(UserWarning):
        """A call runs in the CPython interpreter: no compiled signature matches it."""

    NotCompiledWarning.__module__ = "lesto"
    NotCompiledWarning.__qualname__ = "NotCompiledWarning"

    def stub_jit(fn=None, **_options):
        return (lambda f: f) if fn is None else fn

    stub = types.ModuleType("lesto")
    stub.jit = stub_jit
    stub.NotCompiledWarning = NotCompiledWarning
    stub.CompileError = type("CompileError", (Exception,), {"__module__": "lesto"})
    stub.prange = range
    filename = data["file"]
    source = data["source"]
    import linecache

    if filename not in linecache.cache:   # tracebacks show the original lines
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    g.setdefault("__package__", g["__name__"].rpartition(".")[0])   # relative imports
    # CPython sets __file__ of an extension only after PyInit returns; the source may use it
    # at import, so take it from the spec that importlib is creating this module from.
    frame = sys._getframe(1)
    while frame is not None and "__file__" not in g:
        spec = frame.f_locals.get("spec")
        if getattr(spec, "name", None) == g["__name__"] and getattr(spec, "origin", None):
            g["__file__"] = spec.origin
        frame = frame.f_back
    saved = sys.modules.get("lesto")
    sys.modules["lesto"] = stub
    try:
        exec(compile(source, filename, "exec"), g)
    finally:
        if saved is None:
            del sys.modules["lesto"]
        else:
            sys.modules["lesto"] = saved

    helpers = {}
    for module, text in data["helpers"].items():
        namespace = {"__name__": module}
        exec(compile(text, module.replace(".", "/") + ".py", "exec"), namespace)
        helpers[module] = namespace
    objs = []
    for path in data["slots"]:
        kind, _, rest = path.partition(".")
        if kind == "dtype":
            import numpy

            objs.append(numpy.dtype(rest))
        elif kind == "str":
            objs.append(sys.intern(rest))
        elif kind == "int":
            objs.append(None)          # the small-int slot: filled by the native side
        else:
            module, _, attr = path.rpartition(".")
            if module in helpers:
                objs.append(helpers[module][attr])
            else:
                import importlib

                objs.append(getattr(importlib.import_module(module), attr))
    set_slots(*objs)

    compiled = {}
    originals = {}
    for fn in data["functions"]:
        originals[fn["name"]] = g[fn["name"]]
        g[fn["name"]] = _lesto_publish(g, fn, make, NotCompiledWarning)
        compiled[fn["name"]] = fn["signatures"]
    g["__lesto__"] = types.SimpleNamespace(
        NotCompiledWarning=NotCompiledWarning, signatures=compiled, target=data["target"],
        python=data["python"], py_functions=originals)


def _lesto_publish(g, fn, make, warning):
    """The builtin that stands for the compiled function `fn` (see the module docstring)."""
    py = g[fn["name"]]
    name = fn["name"]
    modname = g["__name__"]
    strict = fn["strict"]
    compiled_for = ", ".join(fn["signatures"])
    warned = set()
    code = py.__code__
    nparams = code.co_argcount
    defaults = py.__defaults__ or ()
    state = {}

    def fallback(*args):
        if len(args) != nparams:
            if nparams - len(defaults) <= len(args) < nparams:
                return state["head"](*(args + defaults[len(args) - nparams:]))
            return py(*args)             # CPython's own TypeError
        if any(type(a) is int and not -2**63 <= a < 2**63 for a in args):
            return py(*args)             # ints beyond 64 bits: the interpreter, as the JIT does
        types_ = tuple(type(a).__name__ for a in args)
        message = (f"{name} was compiled ahead of time for {compiled_for} only; a call with "
                   f"({', '.join(types_)})")
        if strict:
            raise TypeError(f"lesto: {message} is not (strict=True: build it with that "
                            "signature too)")
        message += " runs in the interpreter"
        if types_ not in warned:
            warned.add(types_)
            import warnings

            warnings.warn(f"lesto: {message}", warning, stacklevel=2)
        return py(*args)

    def bind_keywords(*args, **kwargs):
        import inspect

        try:
            bound = inspect.signature(py).bind(*args, **kwargs)
        except TypeError:
            return py(*args, **kwargs)   # CPython's own TypeError
        bound.apply_defaults()
        return state["head"](*bound.args)

    if not fn["entries"] and not fn["requested"]:
        return py      # no signature was asked for: the plain function, as in CPython
    if not fn["entries"]:
        state["head"] = fallback
        fallback.__name__ = fallback.__qualname__ = name
        fallback.__doc__ = py.__doc__
        return fallback
    entries = fn["entries"]
    chained = fallback
    for index in reversed(entries[1:]):
        chained = make(index, (chained, py), modname)
    head = make(fn["head"], (chained, py, bind_keywords), modname)
    state["head"] = head
    return head
