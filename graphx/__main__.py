"""`python -m graphx` and the `graphx` command: the command line, with Ctrl-C handled
from the first import on."""

import signal
import sys

#: The exit status of a run that SIGTERM stopped (128 + 15, as a shell reports it).
TERMINATED = 143
_stopped_by: list[int] = []


def _polite_stop(signum, frame) -> None:
    """SIGTERM (`timeout`, systemd, `docker stop`): stop as a Ctrl-C stops, cleaning up the
    temporary files and saying so in one line, not as a kill that leaves them."""
    _stopped_by.append(signum)
    raise KeyboardInterrupt


def main() -> None:
    """Run the command line; a Ctrl-C exits 130 with one line wherever it lands: while the
    command line is still starting, inside a command, or between click's handlers and the
    end of the process (Python would otherwise end by the signal itself, status -2). A
    SIGTERM stops it the same way, with status 143."""
    started = False
    signal.signal(signal.SIGTERM, _polite_stop)
    # A stream that cannot encode a title's characters (Windows' cp1252 when redirected, a
    # Latin-1 locale, PYTHONIOENCODING) writes them as escapes, never a traceback.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        # The command line imports numpy, scipy and networkx: a Ctrl-C inside a C
        # extension's initialisation can surface as an ImportError with a traceback, so it
        # waits until they are loaded, then lands here as a KeyboardInterrupt.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            from .cli import cli
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        started = True
        try:
            cli()
        except SystemExit as exc:  # a command's handler said it, with 130
            if exc.code == 130 and _stopped_by:
                sys.exit(TERMINATED)
            raise
        finally:
            # The command is done (its outputs complete): a Ctrl-C now, during interpreter
            # shutdown, would only kill the process by signal and hide its exit status.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        sys.stderr.write("Interrupted; outputs already written are complete.\n" if started
                         else "Interrupted.\n")
        sys.exit(TERMINATED if _stopped_by else 130)


if __name__ == "__main__":
    main()
