"""A tokenizer and evaluator for integer arithmetic expressions: strings scanned character
by character, the shunting-yard algorithm with a dict of operator precedences, lists as the
operator and value stacks.

`make_expressions(count, seed)` (the BENCHMARK "setup", not timed) writes `count` random
expressions such as "(17 + 4) * 3 - 250 // (6 % 4 + 1)" with a seeded linear congruential
generator.  `evaluate_all(expressions)` tokenizes, converts to postfix and evaluates each
one, and returns (number of expressions, sum of their values, largest value).  `check`
compares every value with Python's own eval of the same text.

Plain Python (no lesto import), written the way the task is usually written.
"""

PRECEDENCE = {"+": 1, "-": 1, "*": 2, "//": 2, "%": 2}
OPERATORS = ("+", "-", "*", "//", "%", "+", "-", "*")


def next_random(state):
    return (state * 1103515245 + 12345) % 2147483648


def make_expression(state, depth):
    """(text of a random expression, new state)."""
    state = next_random(state)
    if depth == 0 or (state >> 10) % 3 == 0:
        return str(1 + (state >> 16) % 300), state
    left, state = make_expression(state, depth - 1)
    state = next_random(state)
    op = OPERATORS[(state >> 16) % len(OPERATORS)]
    if op in ("//", "%"):
        right, state = make_expression(state, 0)   # a number from 1 to 300: never zero
    else:
        right, state = make_expression(state, depth - 1)
    text = left + " " + op + " " + right
    if (state >> 8) % 2 == 0:
        text = "(" + text + ")"
    return text, state


def make_expressions(count, seed):
    """The argument tuple (list of `count` expression strings,)."""
    state = seed
    expressions = []
    for _ in range(count):
        text, state = make_expression(state, 4)
        expressions.append(text)
    return (expressions,)


def tokenize(text):
    tokens = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch.isdigit():
            start = i
            while i < n and text[i].isdigit():
                i += 1
            tokens.append(int(text[start:i]))
            continue
        if ch == " ":
            i += 1
        elif ch == "/" and text.startswith("//", i):
            tokens.append("//")
            i += 2
        elif ch in "+-*%()":
            tokens.append(ch)
            i += 1
        else:
            raise ValueError("unexpected character %r at %d" % (ch, i))
    return tokens


def to_postfix(tokens):
    output = []
    stack = []
    for token in tokens:
        if isinstance(token, int):
            output.append(token)
        elif token == "(":
            stack.append(token)
        elif token == ")":
            while stack[-1] != "(":
                output.append(stack.pop())
            stack.pop()
        else:
            while (stack and stack[-1] != "("
                   and PRECEDENCE[stack[-1]] >= PRECEDENCE[token]):
                output.append(stack.pop())
            stack.append(token)
    while stack:
        output.append(stack.pop())
    return output


def evaluate_postfix(postfix):
    values = []
    for token in postfix:
        if isinstance(token, int):
            values.append(token)
            continue
        right = values.pop()
        left = values.pop()
        if token == "+":
            values.append(left + right)
        elif token == "-":
            values.append(left - right)
        elif token == "*":
            values.append(left * right)
        elif token == "//":
            values.append(left // right)
        else:
            values.append(left % right)
    return values[0]


def evaluate(text):
    return evaluate_postfix(to_postfix(tokenize(text)))


def evaluate_all(expressions):
    total = 0
    largest = None
    for text in expressions:
        value = evaluate(text)
        total += value
        if largest is None or value > largest:
            largest = value
    return (len(expressions), total, largest)


def check(result, count, seed):
    """Python's eval agrees on every expression."""
    (expressions,) = make_expressions(count, seed)
    values = [eval(text, {}) for text in expressions]
    assert tuple(result) == (count, sum(values), max(values)), (result, sum(values))


BENCHMARK = {
    "name": "calc",
    "entry": "evaluate_all",
    "setup": "make_expressions",
    "args": (40000, 3),
    "quick_args": (2000, 3),
    "test_args": (50, 3),
    "check": "check",
    "description": "tokenizer + shunting-yard evaluator: strings, list stacks, dict",
}
