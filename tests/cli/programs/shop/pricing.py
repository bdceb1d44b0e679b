"""Pricing rules."""


def discounted(amount, qty):
    rate = 0.1 if qty >= 3 else 0.0
    return amount * (1.0 - rate)


def cents(amount):
    return int(round(amount * 100))
