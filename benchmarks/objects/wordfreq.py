"""Word frequency: count the words of a text in a dict and list the most frequent ones.

`make_text(n_words, seed)` (the BENCHMARK "setup", not timed) writes a deterministic text of
`n_words` words: a seeded linear congruential generator picks syllables into words, capital
letters at the start of sentences and now and then inside them, punctuation, quotes and
line breaks.  No file is read.

`word_frequency(text, top)` splits the text into lines and words, strips punctuation, lowers
the case, counts with `dict.get`, and sorts the (word, count) pairs by decreasing count, ties
alphabetically, with a key function: it returns (number of words, number of distinct words,
the `top` most frequent pairs).  `check` recounts with collections.Counter.

Plain Python (no lesto import), written the way the task is usually written.
"""

SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "qua", "bel", "dor",
             "fin", "gar", "hul", "jen", "pri", "sto", "tra", "wex")
PUNCTUATION = ("", "", "", "", "", ",", ",", ";", ":", "!", "?")


def make_text(n_words, seed):
    """The arguments (text, 10): `n_words` words of generated text."""
    state = seed
    lines = []
    line = []
    sentence_start = True
    for _ in range(n_words):
        state = (state * 1103515245 + 12345) % 2147483648
        # Short words are frequent, long ones rare: a Zipf-like spread of counts.
        syllables = 1 + (state >> 8) % 3
        if (state >> 12) % 4 == 0:
            syllables = 1
        word = ""
        for _ in range(syllables):
            state = (state * 1103515245 + 12345) % 2147483648
            word += SYLLABLES[(state >> 16) % len(SYLLABLES) if syllables > 1
                              else (state >> 16) % 6]
        if sentence_start or (state >> 4) % 17 == 0:
            word = word.capitalize()
        sentence_start = False
        if (state >> 20) % 29 == 0:
            word = '"' + word + '"'
        elif (state >> 20) % 31 == 0:
            word = "(" + word + ")"
        if (state >> 24) % 13 == 0:
            word += "."
            sentence_start = True
        else:
            word += PUNCTUATION[(state >> 3) % len(PUNCTUATION)]
        line.append(word)
        if len(line) >= 8 + (state >> 9) % 7:
            lines.append(" ".join(line))
            line = []
    lines.append(" ".join(line))
    return ("\n".join(lines), 10)


def word_frequency(text, top):
    counts = {}
    total = 0
    for line in text.split("\n"):
        for word in line.split():
            word = word.strip('.,;:!?"()').lower()
            if word:
                counts[word] = counts.get(word, 0) + 1
                total += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return (total, len(counts), tuple(ranked[:top]))


def check(result, n_words, seed):
    """The same counts from collections.Counter, and every word counted."""
    import collections

    text, top = make_text(n_words, seed)
    words = [w.strip('.,;:!?"()').lower() for w in text.split()]
    counter = collections.Counter(w for w in words if w)
    expected = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:top]
    total, distinct, ranked = result
    assert total == n_words == sum(counter.values()), (total, n_words)
    assert distinct == len(counter), (distinct, len(counter))
    assert [tuple(p) for p in ranked] == expected, (ranked, expected)


BENCHMARK = {
    "name": "wordfreq",
    "entry": "word_frequency",
    "setup": "make_text",
    "args": (1000000, 7),
    "quick_args": (40000, 7),
    "test_args": (500, 7),
    "check": "check",
    "description": "word counts in a dict: str.split/strip/lower, sorted with a key",
}
