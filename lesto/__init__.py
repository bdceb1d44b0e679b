"""lesto: ordinary Python made fast on stock CPython, through LLVM.

    import lesto

    @lesto.jit
    def f(n):
        s = 0
        for i in range(n):
            s += i * i
        return s

`lesto.explain()` tells what was compiled; `lesto.disable()` / `enable()` / `disabled()` /
`reload()` switch the compiler at run time.
"""
from lesto.errors import CompileError, NotCompiledWarning
from lesto.frontend.prange import prange
from lesto.runtime.dispatcher import jit
from lesto.runtime.parallel import get_num_threads, set_num_threads
from lesto.runtime.stats import SignatureStats, explain
from lesto.runtime.switch import disable, disabled, enable, is_enabled, reload

from lesto.version import __version__
__all__ = ["jit", "CompileError", "NotCompiledWarning", "SignatureStats", "explain", "disable",
           "enable", "disabled", "reload", "is_enabled", "__version__", "prange",
           "get_num_threads", "set_num_threads"]
