# Strings: concatenation, methods, indexing, slices, f-strings, unicode, printing.
# %% concat
def concat(a, b):
    return a + b + "!"
# args: ("ab", "cd"), ("", ""), ("héllo", "wörld"), ("日本", "語"), ("a", 1)

# %% repeat_len
def repeat_len(s, n):
    t = s * n
    return len(t), t
# args: ("ab", 3), ("", 5), ("é", 0), ("x", -2)

# %% methods
def methods(s):
    words = s.strip().lower().split()
    return "-".join(words), s.upper(), s.startswith("a"), s.replace("a", "ä")
# args: ("  Abc DEF  ",), ("",), ("a b  c",), ("ÀÉ î",)

# %% index_and_slice
def index_and_slice(s, i):
    return s[i], s[1:], s[:-1], s[::2], s[::-1]
# args: ("hello", 0), ("hello", -1), ("héllo", 1), ("ab", 5), ("", 0)

# %% fstrings
def fstrings(x, y):
    return f"{x}|{y!r}|{x:>6}|{y!s:^7}|{x!a}"
# args: ("é", "b"), ("", "z"), ("日本", "q")

# %% fstring_numbers
def fstring_numbers(n, f):
    w = 8
    return f"{n:05d} {f:.3f} {f:{w}.2e} {n:x} {n + 1}"
# args: (42, 3.14159), (-7, 0.0), (0, -1e300)

# %% printing
def printing(s, n):
    print(s, n)
    print(s, n, sep=", ", end=".\n")
    print(f"{s}={n}")
    return n
# args: ("a", 1), ("ünïcode", -5), ("", 0)

# %% compare_strings
def compare_strings(a, b):
    return a == b, a != b, a < b, a >= b, a is b, a in b
# args: ("a", "b"), ("abc", "abc"), ("", "x"), ("é", "e")

# %% count_chars
def count_chars(s):
    counts = {}
    for ch in s:
        counts[ch] = counts.get(ch, 0) + 1
    return counts
# args: ("hello world",), ("",), ("ééà",)

# %% bad_concat
def bad_concat(s, n):
    return s + n
# args: ("a", 1), ("a", None), ("a", 2.5)

# %% str_of_values
def str_of_values(x):
    return str(x), repr(x), len(str(x))
# args: (1,), (2.5,), (None,), ("é",), ((1, "a"),)

# %% ord_chr_native
# ord of a one-character str read in place, chr(int64) through PyUnicode_FromOrdinal; other
# arguments (bytes, str subclasses, long strings, out of range, big ints) take the builtins'
# own paths and errors.
class Letter(str):
    pass


def ord_chr_native(items, k):
    out = []
    for x in items + [Letter("z")]:
        try:
            c = ord(x)
            out.append(c)
            out.append(chr((c + k) % 1114112))
            out.append(chr(c + k))
        except (TypeError, ValueError, OverflowError) as e:
            out.append(type(e).__name__ + ": " + str(e))
    return out
# args: (["a", "é", "\U0001F600", b"A", "ab", "", 5], 1), (["a"], 2**40), (["a"], -98), (["\U0010FFFF"], 1), (["x"], 2**63 - 100)

# %% iterate_str_typed
def iterate_str_typed(text):
    vowels = 0
    codes = 0
    for ch in text:
        if ch in "aeiou":
            vowels += 1
        if "a" <= ch <= "z":
            codes += ord(ch) - 96
    return vowels, codes, [c for c in text if c < "c"]
# args: ("",), ("hello world",), ("ünïcödé and ascii",), ("\U0001F600abc",)
