"""graphx: turn a folder of news items into a link graph of related coverage."""

__version__ = "0.1.0"

from .errors import GraphxError  # noqa: E402 - errors.py imports nothing

__all__ = ["GraphxError", "__version__", "load"]


def __getattr__(name: str):
    # Loaded on first use, so that starting the command line imports nothing heavy
    # before it can handle Ctrl-C.
    if name == "load":
        from .load import load

        return load
    raise AttributeError(f"module 'graphx' has no attribute {name!r}")
