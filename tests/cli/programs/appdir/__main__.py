"""`python appdir args`: a directory run as a program (its __main__ module)."""
import sys

import helper_in_dir


def main(argv):
    print(sys.argv[0], argv, __name__, __spec__.name, helper_in_dir.twice(21))
    print(type(helper_in_dir.twice).__name__ in ("function", "Dispatcher"))
    return 1 // (len(argv) - len(argv))


main(sys.argv[1:])
