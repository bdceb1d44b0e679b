"""Items and a cart."""
from dataclasses import dataclass, field

from . import pricing


@dataclass
class Item:
    name: str
    price: float
    qty: int = 1

    def cost(self):
        return pricing.discounted(self.price * self.qty, self.qty)


@dataclass
class Cart:
    items: list = field(default_factory=list)

    def add(self, *items):
        self.items.extend(items)
        return self

    def total(self):
        return round(sum(i.cost() for i in self.items), 2)
