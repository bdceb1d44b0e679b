"""Levenshtein distance, the textbook dynamic programme on a list of lists.

`make_words(n, seed)` (setup, not timed) makes `n` pseudo-random lower-case words of 4 to 11
letters; `all_distances(words)` computes the edit distance between each word and the next one
with a full (len(a)+1) x (len(b)+1) table of lists and returns (sum of the distances, the
largest one, the pair it belongs to).  Written as in an algorithms course.
"""


def make_words(n, seed):
    state = seed
    words = []
    for _ in range(n):
        state = (state * 1103515245 + 12345) % 2147483648
        length = 4 + state % 8
        word = ""
        for _ in range(length):
            state = (state * 1103515245 + 12345) % 2147483648
            word += "abcdefghij"[(state >> 16) % 10]
        words.append(word)
    return (words,)


def distance(a, b):
    rows = len(a) + 1
    cols = len(b) + 1
    table = [[0] * cols for _ in range(rows)]
    for i in range(rows):
        table[i][0] = i
    for j in range(cols):
        table[0][j] = j
    for i in range(1, rows):
        for j in range(1, cols):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            table[i][j] = min(table[i - 1][j] + 1,
                              table[i][j - 1] + 1,
                              table[i - 1][j - 1] + cost)
    return table[rows - 1][cols - 1]


def all_distances(words):
    total = 0
    worst = -1
    worst_pair = None
    for k in range(len(words) - 1):
        d = distance(words[k], words[k + 1])
        total += d
        if d > worst:
            worst = d
            worst_pair = (words[k], words[k + 1])
    return (total, worst, worst_pair)


def check(result, n, seed):
    """A second, two-row implementation gives the same distances."""
    (words,) = make_words(n, seed)

    def two_rows(a, b):
        prev = list(range(len(b) + 1))
        for i, ca in enumerate(a, 1):
            cur = [i]
            for j, cb in enumerate(b, 1):
                cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
            prev = cur
        return prev[-1]

    ds = [two_rows(words[k], words[k + 1]) for k in range(len(words) - 1)]
    assert result[0] == sum(ds), (result[0], sum(ds))
    assert result[1] == max(ds), (result[1], max(ds))


BENCHMARK = {
    "name": "levenshtein",
    "entry": "all_distances",
    "setup": "make_words",
    "jit": ["distance"],
    "args": (6000, 3),
    "quick_args": (400, 3),
    "test_args": (12, 3),
    "check": "check",
    "description": "edit distance of word pairs, a table of lists, min() of three",
}
