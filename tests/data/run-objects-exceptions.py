# try / except / else: handlers matched in order, `as` names, tuples of classes, bare except,
# re-raising to the caller when nothing matches, nested try, exceptions in loops.
# %% catch_key_error
def catch_key_error(d, k):
    r = "start"
    try:
        r = d[k]
        r = r + 1
    except KeyError as e:
        r = ("missing", e.args)
    except TypeError:
        r = "type"
    else:
        r = ("ok", r)
    return r
# args: ({"a": 1}, "a"), ({"a": 1}, "b"), ({"a": "x"}, "a"), ({}, [1])

# %% catch_in_loop
def catch_in_loop(xs):
    out = []
    for x in xs:
        try:
            out.append(10 // x)
        except ZeroDivisionError:
            out.append(None)
    return out
# args: ([1, 0, 5],), ([],), ([0, 0],), ([1, "a"],)

# %% no_match_propagates
def no_match_propagates(xs, i):
    try:
        return xs[i]
    except (KeyError, TypeError):
        return "caught"
# args: ([1], 0), ([1], 5), ([1], "a")

# %% nested_try
def nested_try(d, k):
    try:
        try:
            v = d[k]
        except KeyError:
            v = d["default"]
        return v * 2
    except KeyError as e:
        return ("no default", str(e))
# args: ({"a": 1}, "a"), ({"default": 5}, "z"), ({}, "z")

# %% bare_except
def bare_except(x):
    try:
        return int(x)
    except:  # noqa: E722
        return -1
# args: ("12",), ("x",), (None,), (2.5,)

# %% raise_and_catch
def raise_and_catch(n):
    total = 0
    for i in range(n):
        try:
            if i % 3 == 0:
                raise ValueError(f"bad {i}")
            total += i
        except ValueError as e:
            total += len(str(e))
    return total
# args: (0,), (1,), (7,)

# %% variable_state_in_handler
def variable_state_in_handler(xs):
    x = 0
    try:
        x = 1
        x = xs[5]
    except IndexError:
        return x
    return -x
# args: ([1, 2],), (list(range(10)),)

# %% stop_iteration_caught
def stop_iteration_caught(xs):
    it = iter(xs)
    got = []
    while True:
        try:
            got.append(next(it))
        except StopIteration:
            break
    return got
# args: ([],), ([1, 2, 3],)

# %% finally_runs_everywhere
def finally_runs_everywhere(log, xs):
    total = 0
    for x in xs:
        try:
            if x == 0:
                continue
            if x < 0:
                break
            total += 10 // x
        finally:
            log.append(x)
    try:
        return total
    finally:
        log.append("end")
# args: ([], [1, 0, 2, -1, 5]), ([], []), ([], [1, "a"])

# %% finally_with_except
def finally_with_except(log, d, k):
    try:
        v = d[k]
    except KeyError:
        v = "missing"
        log.append("except")
    else:
        log.append("else")
    finally:
        log.append("finally")
    return v
# args: ([], {"a": 1}, "a"), ([], {}, "b"), ([], {}, [])


class Manager:
    def __init__(self, log, swallow):
        self.log = log
        self.swallow = swallow

    def __enter__(self):
        self.log.append("enter")
        return self.log

    def __exit__(self, t, v, tb):
        self.log.append(("exit", None if t is None else t.__name__))
        return self.swallow

# %% with_statement
def with_statement(log, d, k, swallow):
    with Manager(log, swallow) as inner:
        inner.append("body")
        if k == "ret":
            return "returned"
        v = d[k]
    log.append("after")
    return v if k in d else "swallowed"
# args: ([], {"a": 1}, "a", False), ([], {}, "ret", False), ([], {}, "zz", True), ([], {}, "zz", False)

# %% with_two_managers
def with_two_managers(log):
    with Manager(log, False), Manager(log, True):
        log.append("body")
        raise KeyError("x")
    return len(log)
# args: ([],)

# %% with_not_a_manager
def with_not_a_manager(x):
    with x:
        return 1
# args: (1,), (None,)

# %% bare_raise_after_effects
# A bare `raise` in an except clause re-raises the exception being handled (the innermost
# clause's), natively, after the function has had effects.
def bare_raise_after_effects(xs, i, log):
    try:
        log.append("try")
        return xs[i]
    except IndexError:
        log.append("caught")
        try:
            return {}[i]
        except KeyError:
            log.append("inner")
            if i > 10:
                raise
        raise
# args: ([1, 2], 5, []), ([1, 2], 0, []), ([], 20, []), ([], -1, [])

# %% del_local_names
# `del x` of a local: later reads and a second `del` raise CPython's UnboundLocalError; a
# name deleted then bound again on one path only.
def del_local_names(x, flag):
    y = x * 2
    out = [y]
    del y
    if flag:
        y = [x]
    try:
        out.append(y)
    except UnboundLocalError as e:
        out.append(str(e))
    z = x
    del z
    try:
        del z
    except UnboundLocalError as e:
        out.append("again: " + str(e))
    return out
# args: (3, True), (3, False), ("s", True)
