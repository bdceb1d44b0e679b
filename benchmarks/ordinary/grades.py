"""Student records: a small class, methods, properties and sorting by a key.

`make_students(n, seed)` (setup, not timed) creates `n` (name, [marks]) pairs;
`report(records)` builds Student objects, computes each average through a property and a
letter grade through a method, counts the grades in a dict, and returns (number of students,
the grade counts as sorted pairs, the top three (name, average) by average then name).
"""


class Student:
    def __init__(self, name, marks):
        self.name = name
        self.marks = marks

    @property
    def average(self):
        return sum(self.marks) / len(self.marks)

    def grade(self):
        avg = self.average
        if avg >= 90:
            return "A"
        if avg >= 80:
            return "B"
        if avg >= 70:
            return "C"
        if avg >= 60:
            return "D"
        return "F"


def make_students(n, seed):
    state = seed
    records = []
    for i in range(n):
        marks = []
        for _ in range(6):
            state = (state * 1103515245 + 12345) % 2147483648
            marks.append(40 + (state >> 16) % 61)
        records.append(("student%05d" % i, marks))
    return (records,)


def report(records):
    students = [Student(name, marks) for name, marks in records]
    counts = {}
    for s in students:
        g = s.grade()
        counts[g] = counts.get(g, 0) + 1
    ranked = sorted(students, key=lambda s: (-s.average, s.name))
    top = [(s.name, round(s.average, 2)) for s in ranked[:3]]
    return (len(students), tuple(sorted(counts.items())), tuple(top))


def check(result, n, seed):
    (records,) = make_students(n, seed)
    averages = {name: sum(m) / len(m) for name, m in records}
    assert result[0] == len(records), result[0]
    assert sum(c for _, c in result[1]) == len(records)
    best = max(averages.values())
    assert result[2][0][1] == round(best, 2)


BENCHMARK = {
    "name": "grades",
    "entry": "report",
    "setup": "make_students",
    "jit": ["Student.*"],
    "args": (200000, 4),
    "quick_args": (10000, 4),
    "test_args": (30, 4),
    "check": "check",
    "description": "a class with a property and a method, a dict of counts, sorted with a key",
}
