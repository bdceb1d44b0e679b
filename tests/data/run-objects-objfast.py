# Direct paths for containers of known exact type (backend/lower_objfast.py): `lst[i] = v`
# with an int index on a list built in the function, negative indices, IndexError outside,
# bool indices, replaced items released, mixed values stored.
# %% list_setitem_local
def list_setitem_local(n, i, v):
    xs = [0] * n
    xs[i] = v
    xs[-1] = i
    return xs
# args: (3, 0, "a"), (3, -3, 1.5), (3, 2, None), (3, 3, 1), (3, -4, 1), (0, 0, 1), (2, True, [1])

# %% list_setitem_loop
def list_setitem_loop(n):
    flags = [True] * (n + 1)
    for k in range(0, n + 1, 2):
        flags[k] = False
    flags[n] = 2**70
    return flags
# args: (0,), (1,), (10,)

# %% list_setitem_replaces
def list_setitem_replaces(n):
    xs = [[k] for k in range(n)]
    for k in range(n):
        xs[k] = str(k)
        xs[-k - 1] = xs[k]
    return xs
# args: (0,), (1,), (5,)

# %% list_setitem_after_effect
def list_setitem_after_effect(n):
    xs = []
    for k in range(n):
        xs.append(k)
    ys = [0] * n
    ys[n] = 1
    return xs
# args: (0,), (3,)
