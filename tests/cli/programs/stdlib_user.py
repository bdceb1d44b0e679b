"""Uses standard-library modules lesto does not import itself; the tests run it with
--include '*', so those modules are rewritten and jitted too."""
import fractions, statistics, difflib, calendar, pprint, csv, io, string, textwrap, heapq, bisect, json, dataclasses, collections
F = fractions.Fraction
print(sum(F(1, n) for n in range(1, 30)))
print(statistics.mean([1, 2, 3, 4.5]), statistics.median([3, 1, 2]), statistics.stdev([1.0, 2.0, 4.0]))
print(list(difflib.unified_diff("abcde".split(), "abxde".split(), lineterm="")))
print(difflib.SequenceMatcher(None, "kitten", "sitting").ratio())
print(calendar.monthrange(2024, 2), calendar.isleap(2100))
pprint.pprint({"a": list(range(30)), "b": {"c": "d" * 50}}, width=60)
buf = io.StringIO(); w = csv.writer(buf); w.writerow(["a", "b,c", 'd"e']); print(buf.getvalue().strip())
print(list(csv.reader(io.StringIO('x,"y,z"\n1,2\n'))))
print(string.Template("$who likes $what").substitute(who="tim", what="kung pao"))
print(textwrap.fill("the quick brown fox jumps over the lazy dog " * 3, 30))
print(json.dumps({"k": [1, 2.5, None]}, indent=1), collections.Counter("abracadabra").most_common(2))
