"""A package run with -m: relative imports, a __main__ module."""
from .model import Item, Cart

__all__ = ["Item", "Cart"]
