"""python -m shop: the same as shop.checkout."""
import sys

from .checkout import main

main(sys.argv[1:])
