"""argv and the __main__ module as python sets them; argparse sees options meant for it."""
import argparse
import os
import sys


def build():
    p = argparse.ArgumentParser(description="demo")
    p.add_argument("--times", type=int, default=1)
    p.add_argument("words", nargs="*")
    return p


def main():
    print(sys.argv)
    print(__name__, os.path.basename(__file__), __spec__, __package__, __doc__.split()[0])
    print(sys.path[0] == os.path.dirname(os.path.realpath(__file__)))
    print(sorted(k for k in globals() if k.startswith("__")))
    print(sys.modules["__main__"].main is main)
    args = build().parse_args()
    print(" ".join(args.words * args.times))


main()
