"""An uncaught KeyboardInterrupt: python prints the traceback, runs atexit, dies of SIGINT."""
import atexit


def stop():
    raise KeyboardInterrupt


atexit.register(print, "atexit ran")
stop()
