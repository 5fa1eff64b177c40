"""`python -m graphx` runs the command line."""

from .cli import cli

cli()
