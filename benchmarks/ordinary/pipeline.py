"""A generator pipeline over CSV-like records: read, parse, filter, aggregate.

`make_lines(n, seed)` (setup, not timed) writes `n` lines "city,year,temperature" (some
malformed); `summarise(lines)` chains generator functions (parse with str.split and float(),
skipping bad lines with try/except ValueError; keep the years after 1950) and aggregates per
city in a dict of [count, total, minimum, maximum] lists.  It returns (records kept, lines
rejected, a tuple of (city, count, mean rounded to 3 places, minimum, maximum) sorted by city).
"""

CITIES = ("Oslo", "Lima", "Pune", "Kyiv", "Turin", "Hanoi", "Perth", "Quito")


def make_lines(n, seed):
    state = seed
    lines = []
    for i in range(n):
        state = (state * 1103515245 + 12345) % 2147483648
        city = CITIES[(state >> 8) % len(CITIES)]
        year = 1900 + (state >> 12) % 120
        temp = ((state >> 4) % 600) / 10.0 - 20.0
        if i % 97 == 13:
            lines.append(city + ",," + "n/a")
        else:
            lines.append(city + "," + str(year) + "," + str(temp))
    return (lines,)


def parse(lines, rejected):
    for line in lines:
        parts = line.split(",")
        try:
            yield parts[0], int(parts[1]), float(parts[2])
        except ValueError:
            rejected.append(line)


def recent(records, since):
    for city, year, temp in records:
        if year > since:
            yield city, temp


def summarise(lines):
    rejected = []
    stats = {}
    kept = 0
    for city, temp in recent(parse(lines, rejected), 1950):
        kept += 1
        if city in stats:
            s = stats[city]
            s[0] += 1
            s[1] += temp
            if temp < s[2]:
                s[2] = temp
            if temp > s[3]:
                s[3] = temp
        else:
            stats[city] = [1, temp, temp, temp]
    table = []
    for city in sorted(stats):
        count, total, low, high = stats[city]
        table.append((city, count, round(total / count, 3), low, high))
    return (kept, len(rejected), tuple(table))


def check(result, n, seed):
    """Recount with a plain loop, no generators."""
    (lines,) = make_lines(n, seed)
    good = [ln.split(",") for ln in lines if ",," not in ln]
    kept = [(p[0], float(p[2])) for p in good if int(p[1]) > 1950]
    assert result[0] == len(kept), (result[0], len(kept))
    assert result[1] == len(lines) - len(good)
    for city, count, mean, low, high in result[2]:
        temps = [t for c, t in kept if c == city]
        assert count == len(temps) and low == min(temps) and high == max(temps)
        assert abs(mean - sum(temps) / len(temps)) < 1e-3


BENCHMARK = {
    "name": "pipeline",
    "entry": "summarise",
    "setup": "make_lines",
    "jit": ["parse", "recent"],
    "args": (300000, 5),
    "quick_args": (20000, 5),
    "test_args": (300, 5),
    "check": "check",
    "description": "generator pipeline: str.split, int()/float() in try/except, a dict of lists",
}
