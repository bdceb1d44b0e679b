"""Group words into anagram classes with a dict keyed by the sorted letters.

`make_words(n, seed)` (setup, not timed) makes `n` short words over a small alphabet, so
that many are anagrams of each other; `group(words)` builds {"".join(sorted(word)): [words]},
de-duplicates each class with a set, and returns (number of classes, size of the largest,
the five largest classes as sorted tuples, largest first, ties by key).
"""


def make_words(n, seed):
    state = seed
    words = []
    for _ in range(n):
        state = (state * 1103515245 + 12345) % 2147483648
        length = 3 + (state >> 10) % 4
        letters = []
        for _ in range(length):
            state = (state * 1103515245 + 12345) % 2147483648
            letters.append("aeinrst"[(state >> 16) % 7])
        words.append("".join(letters))
    return (words,)


def group(words):
    classes = {}
    for word in words:
        key = "".join(sorted(word))
        if key not in classes:
            classes[key] = []
        classes[key].append(word)
    sizes = []
    for key, members in classes.items():
        unique = set(members)
        sizes.append((-len(unique), key, tuple(sorted(unique))))
    sizes.sort()
    top = [entry[2] for entry in sizes[:5]]
    largest = -sizes[0][0] if sizes else 0
    return (len(classes), largest, tuple(top))


def check(result, n, seed):
    """collections.Counter of the letter multisets gives the same classes."""
    import collections

    (words,) = make_words(n, seed)
    keys = collections.defaultdict(set)
    for w in words:
        keys[tuple(sorted(w))].add(w)
    assert result[0] == len(keys), (result[0], len(keys))
    assert result[1] == max(len(v) for v in keys.values())
    for cls in result[2]:
        assert set(cls) == keys[tuple(sorted(cls[0]))]


BENCHMARK = {
    "name": "anagrams",
    "entry": "group",
    "setup": "make_words",
    "args": (400000, 9),
    "quick_args": (20000, 9),
    "test_args": (200, 9),
    "check": "check",
    "description": "anagram classes: sorted() of a str, a dict of lists, sets, tuple sort",
}
