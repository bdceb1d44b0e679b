"""The `python -m lesto` command line: `main.py` parses the arguments and each subcommand
lives in its own module (bench.py, ...)."""
