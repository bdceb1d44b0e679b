"""A bank ledger: classes, exceptions raised and caught, a transaction log in a list.

`make_operations(n, seed)` (setup, not timed) makes `n` (kind, account, other, amount)
operations; `process(operations, accounts)` opens `accounts` Account objects, applies each
deposit, withdrawal and transfer, catching InsufficientFunds (a user exception class with
fields) and ValueError for bad amounts, and returns (total balance, refused operations,
successful transfers, the balances of the first three accounts).
"""


class InsufficientFunds(Exception):
    def __init__(self, account, amount):
        super().__init__(f"account {account} cannot pay {amount}")
        self.account = account
        self.amount = amount


class Account:
    def __init__(self, number, balance=0):
        self.number = number
        self.balance = balance
        self.history = []

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("deposit must be positive")
        self.balance += amount
        self.history.append(amount)

    def withdraw(self, amount):
        if amount <= 0:
            raise ValueError("withdrawal must be positive")
        if amount > self.balance:
            raise InsufficientFunds(self.number, amount)
        self.balance -= amount
        self.history.append(-amount)


def make_operations(n, seed):
    state = seed
    ops = []
    for _ in range(n):
        state = (state * 1103515245 + 12345) % 2147483648
        kind = ("deposit", "withdraw", "transfer")[(state >> 8) % 3]
        a = (state >> 12) % 50
        b = (state >> 18) % 50
        amount = (state >> 4) % 300 - 20
        ops.append((kind, a, b, amount))
    return (ops, 50)


def process(operations, accounts):
    bank = [Account(i, 100) for i in range(accounts)]
    refused = 0
    transfers = 0
    for kind, a, b, amount in operations:
        try:
            if kind == "deposit":
                bank[a].deposit(amount)
            elif kind == "withdraw":
                bank[a].withdraw(amount)
            else:
                bank[a].withdraw(amount)
                bank[b].deposit(amount)
                transfers += 1
        except InsufficientFunds as e:
            refused += 1
            assert e.account == a
        except ValueError:
            refused += 1
    total = sum(acct.balance for acct in bank)
    return (total, refused, transfers, tuple(acct.balance for acct in bank[:3]))


def check(result, n, seed):
    ops, accounts = make_operations(n, seed)
    balances = [100] * accounts
    refused = 0
    for kind, a, b, amount in ops:
        if amount <= 0 or (kind != "deposit" and amount > balances[a]):
            refused += 1
        elif kind == "deposit":
            balances[a] += amount
        else:
            balances[a] -= amount
            if kind == "transfer":
                balances[b] += amount
    assert result[0] == sum(balances) and result[1] == refused, (result, refused)
    assert result[3] == tuple(balances[:3])


BENCHMARK = {
    "name": "bank",
    "entry": "process",
    "setup": "make_operations",
    "jit": ["Account.*", "InsufficientFunds.*"],
    "args": (300000, 6),
    "quick_args": (20000, 6),
    "test_args": (100, 6),
    "check": "check",
    "description": "classes, a user exception raised and caught, super().__init__, f-strings",
}
