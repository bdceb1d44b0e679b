"""Reads numbers from stdin, prints their running sum; the prompt goes to stderr."""
import sys


def running(values):
    total = 0
    for v in values:
        total += v
        yield total


def parse_line(line):
    return [int(tok) for tok in line.split()]


def main():
    print("enter numbers:", file=sys.stderr)
    first = input()
    rest = sys.stdin.read()
    values = parse_line(first) + parse_line(rest)
    print(list(running(values)))
    print(sum(values))


main()
