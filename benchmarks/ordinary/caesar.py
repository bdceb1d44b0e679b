"""Caesar cipher and its frequency-analysis crack: ord/chr, str.join, a list of counts.

`make_text(n, seed)` (setup, not timed) writes `n` words of English-like text (letters drawn
with English letter frequencies) and enciphers it with shift 11; `crack(ciphertext)` counts the
letters, tries all 26 shifts scoring each against English frequencies (chi-squared), deciphers
with the best one and returns (the shift found, the first 40 characters of the plain text,
the number of 'e' letters in it).
"""

ENGLISH = (8.2, 1.5, 2.8, 4.3, 12.7, 2.2, 2.0, 6.1, 7.0, 0.15, 0.77, 4.0, 2.4, 6.7, 7.5,
           1.9, 0.095, 6.0, 6.3, 9.1, 2.8, 0.98, 2.4, 0.15, 2.0, 0.074)


def shift_text(text, k):
    out = []
    for ch in text:
        if "a" <= ch <= "z":
            out.append(chr((ord(ch) - 97 + k) % 26 + 97))
        else:
            out.append(ch)
    return "".join(out)


def make_text(n, seed):
    state = seed
    cumulative = []
    total = 0.0
    for f in ENGLISH:
        total += f
        cumulative.append(total)
    words = []
    for _ in range(n):
        state = (state * 1103515245 + 12345) % 2147483648
        length = 2 + (state >> 8) % 6
        word = []
        for _ in range(length):
            state = (state * 1103515245 + 12345) % 2147483648
            x = (state >> 8) % 100000 / 100000 * total
            i = 0
            while cumulative[i] < x:
                i += 1
            word.append(chr(97 + i))
        words.append("".join(word))
    return (shift_text(" ".join(words), 11),)


def crack(ciphertext):
    counts = [0] * 26
    letters = 0
    for ch in ciphertext:
        if "a" <= ch <= "z":
            counts[ord(ch) - 97] += 1
            letters += 1
    best_shift = 0
    best_score = float("inf")
    for shift in range(26):
        score = 0.0
        for i in range(26):
            expected = ENGLISH[i] * letters / 100.0
            observed = counts[(i + shift) % 26]
            score += (observed - expected) ** 2 / expected
        if score < best_score:
            best_score = score
            best_shift = shift
    plain = shift_text(ciphertext, 26 - best_shift)
    return (best_shift, plain[:40], plain.count("e"))


def check(result, n, seed):
    (cipher,) = make_text(n, seed)
    assert result[0] == 11, result
    plain = shift_text(cipher, 15)
    assert result[1] == plain[:40] and result[2] == plain.count("e")


BENCHMARK = {
    "name": "caesar",
    "entry": "crack",
    "setup": "make_text",
    "jit": ["shift_text"],
    "args": (200000, 21),
    "quick_args": (10000, 21),
    "test_args": (200, 21),
    "check": "check",
    "description": "frequency analysis: str iteration, ord/chr, comparisons of str, float scores",
}
