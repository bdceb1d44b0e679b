"""The ARM job's step 3 and its timings, run inside the emulated arm64 root.

    python3 arm_smoke.py jit     lesto and llvmlite importable: a few functions jitted under
                                 emulation (recursion, a big-int result that deoptimises, a numpy
                                 stencil, an out-of-bounds read, a prange sum on 2 threads),
                                 each compared with CPython;
                                 then the demo module's import + first call, jitted
    python3 arm_smoke.py aot DIR the demo module built ahead of time (DIR holds its .so): import
                                 + first call, with neither lesto nor llvmlite importable
Exit status 1 on any difference."""
import sys
import time

MODE = sys.argv[1]


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def big_power(n):
    x = 1
    for _ in range(n):
        x = x * 3
    return x


def stencil(a):
    out = a.copy()
    for i in range(1, len(a) - 1):
        out[i] = (a[i - 1] + a[i] + a[i + 1]) / 3.0
    return out


def read(a, i):
    return a[i]


if MODE == "jit":
    from lesto import prange
else:
    prange = range


def squares_sum(n):
    total = 0
    for i in prange(n):
        total += i * i
    return total


def outcome(fn, *args):
    try:
        value = fn(*args)
    except Exception as e:  # noqa: BLE001
        return ("raise", type(e).__name__, str(e))
    if hasattr(value, "tolist"):
        return ("array", str(value.dtype), value.tolist())
    return ("value", type(value).__name__, repr(value))


def smoke() -> int:
    import numpy as np

    import lesto

    failures = 0
    cases = [(fib, (20,)), (big_power, (30,)), (big_power, (50,)),
             (stencil, (np.arange(10.0) ** 2,)), (read, (np.arange(4.0), 2)),
             (read, (np.arange(4.0), 4))]
    lesto.set_num_threads(2)      # the native pool (futex, clock_gettime) on arm64 too
    cases += [(squares_sum, (1000,)), (squares_sum, (0,))]
    for fn, args in cases:
        parallel = fn is squares_sum
        jitted = lesto.jit(strict=True, parallel=parallel)(fn)
        want, got = outcome(fn, *args), outcome(jitted, *args)
        ok = want == got and bool(jitted.signatures)
        failures += not ok
        print(f"  {'ok  ' if ok else 'FAIL'} {fn.__name__}{args if len(repr(args)) < 40 else ''}: "
              f"{got[0]} {str(got[-1])[:40]}" + ("" if ok else f" (CPython: {want})"))
    return failures


def timed_demo(module_loader) -> None:
    import numpy  # noqa: F401  (both sides import numpy first: not part of the timing)

    started = time.perf_counter()
    module = module_loader()
    imported = time.perf_counter()
    import numpy as np

    g = np.zeros((32, 32))
    g[0, :] = 1.0
    result = float(module.smooth(g, 20).sum()), module.collatz_steps(27)
    done = time.perf_counter()
    print(f"  demo {result}: import {1000 * (imported - started):.0f} ms, first calls "
          f"{1000 * (done - imported):.0f} ms, together {1000 * (done - started):.0f} ms")


def main() -> int:
    if MODE == "jit":
        failures = smoke()

        def jitted():
            sys.path.insert(0, "/src/.ci")
            import arm_demo
            return arm_demo

        print("JIT, emulated:")
        timed_demo(jitted)
        return 1 if failures else 0
    import importlib.abc

    class Blocker(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("lesto", "llvmlite"):
                raise ImportError(name)

    directory = sys.argv[2]

    def ahead_of_time():
        import importlib.util
        import glob

        so = glob.glob(f"{directory}/arm_demo.cpython-*.so")[0]
        spec = importlib.util.spec_from_file_location("arm_demo", so)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    print("ahead of time, emulated:")
    sys.meta_path.insert(0, Blocker())
    timed_demo(ahead_of_time)
    return 0


if __name__ == "__main__":
    sys.exit(main())
