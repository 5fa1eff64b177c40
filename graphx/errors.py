"""The one exception family graphx raises; the CLI turns each into one clear sentence."""


class GraphxError(Exception):
    """Base of every error graphx raises on purpose."""


class InputError(GraphxError):
    """A path, query or option the user gave cannot be used."""


class EmptyCorpusError(InputError):
    """No file under the given paths loaded as a news item."""


class StrictModeError(GraphxError):
    """--strict was given and at least one file was skipped."""


class NotFoundError(GraphxError):
    """A query matched nothing (exit code 1, like grep)."""


class OutputError(GraphxError):
    """An output cannot be written: a folder that cannot be made, a full disk, no permission."""
