"""The catalog of refusals: code -> (message template, what to do instead).

Every CompileError lesto raises comes from `refusal(code, ...)`, so wording stays consistent and
tests can check each message."""
from __future__ import annotations

from lesto.errors import CompileError

CATALOG: dict[str, tuple[str, str]] = {
    "L001": ("unsupported syntax: {construct}",
             "lesto does not compile this construct yet (see README, 'Python objects'); move "
             "this code into a function that is not compiled (compiled code calls it like any "
             "Python function), or rewrite it with supported constructs"),
    "L002": ("unsupported expression: {construct}",
             "use ints, floats, bools, complex numbers, None, tuples of them and numpy arrays"),
    "L003": ("cannot call {construct}",
             "call a plain Python function, a @lesto.jit function, a supported builtin "
             "(abs min max int float bool complex round divmod pow len range), a math function "
             "or a numpy function lesto knows (np.empty/zeros/ones/full/arange/*_like, "
             "np.sqrt/exp/log/sin/cos/tan/abs/floor/ceil/isnan/isinf/isfinite)"),
    "L004": ("name '{construct}' is not defined",
             "define it before the function is first called (lesto reads globals when it compiles)"),
    "L005": ("global '{construct}' has a value lesto cannot use in compiled code ({detail})",
             "pass the value as an argument, or make it an int, float, bool, None or tuple constant"),
    "L006": ("keyword arguments in a call to {construct}",
             "pass the arguments by position"),
    "L007": ("cannot assign to {construct}",
             "assign to plain local names or unpack into a tuple of names"),
    "L008": ("'for' over {construct}",
             "loop over range(...) (1 to 3 int arguments) or over a tuple"),
    "L010": ("no operator {construct} for these types",
             "convert the operands (int(), float()) so that the operation is defined"),
    "L011": ("builtin {construct} does not accept these argument types",
             "convert the arguments (int(), float()) to the types the builtin takes"),
    "L012": ("variable '{construct}' holds incompatible types ({detail})",
             "use a separate variable for each type; lesto can mix int, float, bool, None, "
             "numpy scalars and arrays of one ndim in one variable, but not tuples with other "
             "types or arrays of different ndim"),
    "L013": ("tuple index out of range or not constant for {construct}",
             "index tuples with an int; a variable index needs a tuple of one element type"),
    "L014": ("cannot unpack {construct}",
             "unpack a tuple with exactly as many names as it has items"),
    "L015": ("source of {construct} is not available",
             "define the function in a .py file (lesto reads the source with inspect)"),
    "L016": ("argument types {construct} are not supported",
             "pass ints (up to 64 bits), floats, bools, complex numbers, None, tuples of those or "
             "numpy arrays "
             "(bool, int8-64, uint8-64, float32/64 or complex128, native byte order)"),
    "L017": ("the function {construct} never returns a value",
             "make sure every recursive function has a base case that returns"),
    "L018": ("{construct} in a compiled function",
             "lesto does not support this yet; keep it in an uncompiled helper"),
    "L019": ("unsupported array operation: {construct} ({detail})",
             "see README's numpy section for what compiles; keep this part in an uncompiled "
             "helper"),
    "L032": ("{construct} that uses variables of the enclosing function that may change "
             "after it is made ({detail})",
             "assign them once, before the function is made and outside loops and branches, "
             "or pass the values as arguments or defaults (`lambda v, k=k: ...`); for a "
             "generator expression, a list comprehension or a loop does the same eagerly"),
    "L020": ("{construct} on complex numbers: CPython raises TypeError (complex numbers have "
             "no ordering)",
             "compare abs() values or the .real parts instead"),
    "L021": ("{construct}: numpy raises TypeError ({detail})",
             "convert the operands (int(), float(), np.int64(), ...) to types numpy defines "
             "the operation for, e.g. int operands for shifts and bitwise operators"),
    "L030": ("{construct} in a prange loop",
             "a prange body may read anything, write array elements and reduce into "
             "scalars (+= -= *= |= &= ^=, x = min(x, e), x = max(x, e)); move it out of the "
             "loop, or loop over range() instead"),
    "L031": ("variable '{construct}' carries a value from one prange iteration to another "
             "or out of the loop ({detail})",
             "only reductions (+= -= *= |= &= ^=, x = min(x, e), x = max(x, e)) of an int, "
             "float, bool or numpy scalar that keeps one type may; assign it afresh in each "
             "iteration, or loop over range() instead"),
    "L033": ("{construct}: a Python object ({detail}) in a function compiled without objects",
             "compile it with @lesto.jit(objects=True) (or LESTO_OBJECTS=1): object code is "
             "exact but not yet faster than CPython (README, 'Python objects'); else keep "
             "this in an uncompiled helper, or use ints, floats, bools, tuples or numpy "
             "arrays"),
}


def refusal(code: str, construct: str, filename: str, lineno: int, col: int,
            detail: str = "") -> CompileError:
    """Build the CompileError for catalog entry `code` at the given location."""
    template, hint = CATALOG[code]
    text = template.format(construct=construct, detail=detail)
    return CompileError(f"{text}; {hint}", filename=filename, lineno=lineno, col_offset=col,
                        construct=construct, code=code)
