"""What `lesto run` jits: the script's functions and methods, modules from its directory, not
the standard library or modules from elsewhere on sys.path (unless --include says so)."""
import colorsys
import sys

import helper_mod
import outside_mod


def f(x):
    return x + 1


class C:
    def m(self):
        return 1

    @property
    def p(self):
        return 2


def kind(obj):
    return type(obj).__name__


print(kind(f), kind(C.__dict__["m"]), kind(C.__dict__["p"].fget), kind(helper_mod.g),
      kind(helper_mod.K.method))
print("colorsys", kind(colorsys.rgb_to_hsv), "outside", kind(outside_mod.h))
print(f(1), C().m(), C().p, helper_mod.g(2), outside_mod.h(3), file=sys.stderr)
