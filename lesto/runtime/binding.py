"""Parameters of a jitted function: binding a call's arguments to them as CPython does, back
again, and where each parameter's value comes from in a call of a given shape (the plan of a
native binding entry, backend/forward_ir.py).

    def f(a, b=2, *rest, k=3): ...
    bound values of f(1, 5, 6, k=4):  (1, 5, (6,), 4)     positional, the *args tuple, kw-only
"""
from __future__ import annotations

from types import FunctionType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import inspect

CO_VARARGS, CO_VARKEYWORDS = 0x04, 0x08


class Parameters:
    """What the dispatcher needs to know about a function's parameters."""

    __slots__ = ("func", "names", "argcount", "star", "kwonly", "plain", "nparams",
                 "_sig", "_sig_key")

    def __init__(self, func: Any, never: bool) -> None:
        code = func.__code__
        n, k = code.co_argcount, code.co_kwonlyargcount
        self.func = func
        self.star = bool(code.co_flags & CO_VARARGS)
        self.argcount = n
        names = code.co_varnames
        self.kwonly = names[n:n + k]
        self.names = names[:n] + ((names[n + k],) if self.star else ()) + self.kwonly
        self.plain = not (self.star or k or never)   # a positional call is the bound one
        self.nparams = n if self.plain else -1
        self._sig: "inspect.Signature | None" = None
        self._sig_key: Any = None

    @property
    def signature(self) -> "inspect.Signature":
        """The function's own signature (not its __wrapped__'s), read again when its
        defaults are reassigned."""
        func = self.func
        key = (id(func.__defaults__), id(func.__kwdefaults__))
        if self._sig is None or key != self._sig_key:
            import inspect

            try:
                self._sig = inspect.signature(func, follow_wrapped=False)
            except (TypeError, ValueError):   # e.g. a bad __signature__: from the code
                bare = FunctionType(func.__code__, func.__globals__, func.__name__,
                                    func.__defaults__, func.__closure__)
                bare.__kwdefaults__ = func.__kwdefaults__
                self._sig = inspect.signature(bare)
            self._sig_key = key       # (the tuples stay alive: the function holds them)
        return self._sig

    def bind(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...] | None:
        """The parameters' values in order (positional, the *args tuple, keyword-only), bound
        as CPython binds them; None when CPython would raise TypeError."""
        if not kwargs and len(args) == self.nparams:
            return args
        try:
            bound = self.signature.bind(*args, **kwargs)
        except TypeError:
            return None
        bound.apply_defaults()
        return tuple(bound.arguments.values())

    def unbind(self, bound: tuple[Any, ...]) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """Arguments that call the function with the parameter values `bound`."""
        if self.plain:
            return bound, {}
        n = self.argcount
        args, rest = bound[:n], bound[n:]
        if self.star:
            args, rest = args + tuple(rest[0]), rest[1:]
        return args, dict(zip(self.kwonly, rest))

    def sources(self, args: tuple[Any, ...],
                kwargs: dict[str, Any]) -> tuple[list[int], tuple[int, int, int]]:
        """For a call shaped like (args, kwargs): per parameter, the index of its argument
        (keywords after the positional ones) or -1 (its default, or the *args tuple); and
        (the *args parameter's index, its first argument, their count), or -1 first."""
        keywords = list(kwargs)
        sources = []
        star = (-1, 0, 0)
        for i, name in enumerate(self.names):
            if self.star and i == self.argcount:          # the *args tuple
                star = (i, self.argcount, max(0, len(args) - self.argcount))
                sources.append(-1)
            elif i < len(args) and i < self.argcount:
                sources.append(i)
            elif name in kwargs:
                sources.append(len(args) + keywords.index(name))
            else:
                sources.append(-1)
        return sources, star
