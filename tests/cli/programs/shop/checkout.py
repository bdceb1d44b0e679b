"""python -m shop.checkout NAME=PRICExQTY ...: prints the receipt."""
import sys

from . import Cart, Item
from .pricing import cents


def parse(arg):
    name, _, rest = arg.partition("=")
    price, _, qty = rest.partition("x")
    return Item(name, float(price), int(qty or 1))


def main(argv):
    cart = Cart().add(*(parse(a) for a in argv))
    for item in cart.items:
        print(f"{item.name:>8} {item.cost():8.2f}")
    print("total", cart.total(), cents(cart.total()), __name__, __spec__.name, __package__)
    print(sys.argv[0].endswith("checkout.py"), type(__loader__).__name__ != "")
    if not argv:
        raise SystemExit(4)


if __name__ == "__main__":
    main(sys.argv[1:])
