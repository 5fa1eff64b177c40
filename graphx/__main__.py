"""`python -m graphx` and the `graphx` command: the command line, with Ctrl-C handled
from the first import on."""

import sys


def main() -> None:
    """Run the command line; Ctrl-C while it is still starting exits 130 with one line."""
    try:
        from .cli import cli
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
    cli()


if __name__ == "__main__":
    main()
