"""graphx: turn a folder of news items into a link graph of related coverage."""

__version__ = "0.1.0"

from .errors import GraphxError  # noqa: E402
from .load import load  # noqa: E402

__all__ = ["GraphxError", "__version__", "load"]
