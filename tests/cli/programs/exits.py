"""sys.exit with a code, or SystemExit with a message, chosen by argv; atexit runs."""
import atexit
import sys


def goodbye():
    print("atexit ran", flush=True)


def main(argv):
    atexit.register(goodbye)
    print("args", argv)
    if argv and argv[0] == "msg":
        raise SystemExit("stopping: " + " ".join(argv[1:]))
    if argv and argv[0] == "none":
        sys.exit()
    sys.exit(3)


main(sys.argv[1:])
