"""Work done beside the build in a forked child process, while the build goes on.

A build is one process most of the time, on machines with two cores or more: the related
engine's text indexes need only the articles' words, not the analysis; GraphML and the
reports need nothing the map or the engine needs. Such a step runs in a child forked from
the build (it reads the graph as it is, without a copy), and the build takes its result
when it needs it. When the machine has one core, or not enough free memory for a second
process to grow beside the build, the step runs in place when its result is asked for:
the outputs are the same either way. A step that spends its time in numpy (which lets go
of Python's lock) can instead be started in a thread of the build (Aside.start_thread), so
that it runs while the build writes, with no copy of the build's pages: what it makes is
held beside what the build is doing rather than after it.

The child never writes to the terminal: its warnings come back to be said by the build,
an error in it is raised again in the build, and files it writes inside
``replacing_together`` are replaced with the build's own. Interrupted, the build stops the
child, which removes what it was writing.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import signal
import struct
import threading
import warnings
import weakref
from collections.abc import Callable
from typing import Any

from .atomic import deferred, hold
from .errors import GraphxError

#: What Python 3.12+ says at a fork of a process that has other threads (see Aside._start).
_FORK_WITH_THREADS = r"This process \(pid=\d+\) is multi-threaded, use of fork\(\) may lead"

#: Free memory a fork needs, as a multiple of the build's own size then (plus what the step
#: makes): a child that reads the graph touches the count of every object it reads, so it
#: ends up with its own copy of nearly every page (a 1M-item build's child held 13.5 GB of
#: the build's 11 GB), while the build itself keeps growing beside it. At 1.0 that child
#: was killed for memory with 2 GB left on a 24 GB machine. At 2.0 a 1M build whose graph
#: took 6.6 GB forked its text indexes: the machine had 4 GB left at the worst, and the
#: build's own peak was 13.4 GB (13.0 as it took the indexes back), where making them in a
#: thread while GraphML is written holds less. 2.5 keeps such a build in one process.
MEMORY_SHARE = 2.5


def _available_bytes() -> int:
    """Memory the system can give without swapping (MemAvailable), or 0 when unknown."""
    try:
        with open("/proc/meminfo", "rb") as fh:
            for line in fh:
                if line.startswith(b"MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _resident_bytes() -> int:
    """This process's resident memory now, or 0 when unknown."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def give_back() -> None:
    """Hand the memory freed so far back to the system (glibc's malloc_trim; nothing where
    there is none), between the build's steps. What a step frees otherwise stays in this
    process, in pieces later steps cannot all reuse: at 300,000 items the trim after the
    graph is built gave back 0.44 GB, and the trims between steps took 0.17 GB off the
    build's peak (4.47 to 4.30 GB, in one process)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim():
    """glibc's malloc_trim, or None."""
    try:
        import ctypes

        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


def _second_core() -> bool:
    """Whether a step may run beside the build at all: a second core exists and
    GRAPHX_ASIDE=0 does not turn it off."""
    return os.environ.get("GRAPHX_ASIDE", "1") != "0" and (os.cpu_count() or 1) >= 2


def can_fork(*, extra: int = 0) -> bool:
    """Whether a step may run in a child now: fork exists, a second core does, and free
    memory is at least MEMORY_SHARE times this process's size plus ``extra`` bytes (what the
    step itself makes). GRAPHX_ASIDE=0 turns it off."""
    if not hasattr(os, "fork") or not _second_core():
        return False
    available = _available_bytes()
    return available > MEMORY_SHARE * _resident_bytes() + extra


#: The children started and not yet waited for (stop_all stops them); held weakly, so a
#: step dropped unasked is stopped by its __del__.
_LIVE: weakref.WeakSet = weakref.WeakSet()


def stop_all() -> None:
    """Stop every child this process started that is still working, removing what they
    wrote: for the end of a step that failed or was interrupted, wherever it was."""
    for aside in list(_LIVE):
        aside.close()


def _stop_with_parent() -> None:
    """Have the kernel send this process SIGTERM when its parent dies (Linux), so a build
    killed outright leaves no child writing on."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _quiet() -> None:
    """Point this process's stdout and stderr at /dev/null: a child stopped mid-step can
    have Python say "Exception ignored ..." there, in the middle of the build's own lines.
    Nothing is lost: what goes wrong in a child is done again, and said, by the build."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    for fd in (1, 2):
        with contextlib.suppress(OSError):
            os.dup2(null, fd)
    os.close(null)


def _remove(replacements: list[tuple[str, str]]) -> None:
    """Remove the temporary files of ``replacements``."""
    for tmp, _ in replacements:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


class Aside:
    """``func(*args)`` run in a forked child when can_fork(extra=...) says so, else in
    place when ``result()`` is first asked for (or in a thread from start_thread()).
    ``result()`` gives what it returned (which must pickle) or raises what it raised."""

    def __init__(self, func: Callable[..., Any], *args: Any, extra: int = 0) -> None:
        self.func, self.args = func, args
        self.pid = 0
        self.forked = can_fork(extra=extra)
        self._done = False
        self._value: Any = None
        self._received: bytes | None = None
        self._read = self._write = self._go = self._their_go = -1
        self._thread: threading.Thread | None = None
        self._outcome: tuple[str, Any] | None = None  # the thread's ("ok"|"error", value)
        if self.forked:
            try:
                self._start()
            except BaseException:
                self.close()
                raise

    def _start(self) -> None:
        self._read, self._write = os.pipe()
        self._their_go, self._go = os.pipe()  # the child's end kept, so close() can close it
        go = self._their_go
        # A Ctrl-C landing inside fork's own handlers would be swallowed there ("Exception
        # ignored"): it waits until the fork is done, and the child drops it.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            parent = os.getpid()
            with warnings.catch_warnings():
                # Python 3.12+ warns at any fork of a process with a second OS thread, and
                # numpy's BLAS keeps a pool of idle ones (it re-makes them in a child, by
                # its own fork handlers). No thread of graphx's runs Python at a fork: a
                # step goes to a thread (start_thread) only when it was not forked.
                warnings.filterwarnings("ignore", _FORK_WITH_THREADS, DeprecationWarning)
                pid = os.fork()
            if pid == 0:  # the child: never returns
                os.close(self._read)
                os.close(self._go)
                self._child(self._write, go, held, parent)
            # Another thread of this process (a pool's, BLAS's) can take a Ctrl-C while this
            # one blocks it: the KeyboardInterrupt may then surface here, before the child's
            # pid is kept. The child waits for this "go" and exits at once on its pipe's end
            # instead (close), so a child the build lost track of never writes a file.
            self._close("_their_go")
            self._close("_write")
            self.pid = pid
            _LIVE.add(self)
            with contextlib.suppress(BrokenPipeError):  # dead already: result() redoes it
                os.write(self._go, b"1")
            self._close("_go")
        finally:  # whatever happened, Ctrl-C works again (a held one comes now)
            signal.pthread_sigmask(signal.SIG_SETMASK, held)

    def _child(self, write: int, go: int, mask, parent: int) -> None:
        code = 1
        pending = deferred()  # files written here join it, to be handed to the build
        known = len(pending)
        _quiet()
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build stops it (close)

            def stop(*_):
                raise KeyboardInterrupt

            signal.signal(signal.SIGTERM, stop)
            _stop_with_parent()
            if os.getppid() != parent:  # the build died before that could be asked
                raise KeyboardInterrupt
            if os.read(go, 1) != b"1":  # the build lost track of it, or died: not wanted
                raise KeyboardInterrupt
            os.close(go)
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    value = ("ok", self.func(*self.args), pending[known:])
                except (GraphxError, OSError) as exc:
                    _remove(pending[known:])
                    value = ("error", exc, [])
            said = [(str(w.message), w.category) for w in caught]
            payload = pickle.dumps((value, said), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as fh:
                fh.write(struct.pack("<Q", len(payload)))
                fh.write(payload)
            code = 0
        except BaseException:  # stopped: files it wrote whole are never to be used
            _remove(pending[known:])
            code = 1
        finally:
            os._exit(code)

    def _payload(self) -> bytes:
        """What the child sent (read once: b"" when it sent nothing whole)."""
        if self._received is None and self._read >= 0:
            self._received = b""
            with os.fdopen(self._read, "rb") as fh:
                head = fh.read(8)
                if len(head) == 8:
                    self._received = fh.read(struct.unpack("<Q", head)[0])
        return self._received or b""

    def start_thread(self, *, extra: int = 0) -> bool:
        """Start the step now in a thread of this process, when it has no child and is not
        started or done, a second core is there to run it (GRAPHX_ASIDE=0: never) and free
        memory holds ``extra`` bytes (what the step makes while the build makes more).
        Returns whether it runs in a thread.

        For a step that spends most of its time in numpy, which lets go of Python's lock:
        it then runs while the build goes on in Python (writing files), without the copy of
        the build's pages a child would make. The step must only read what the build
        leaves unchanged meanwhile, and write no file: a thread cannot be stopped, so an
        interrupted build leaves it to finish unasked (a daemon: it does not keep the
        process alive)."""
        if self._thread is not None:
            return True
        if self.forked or self._done or not _second_core() or _available_bytes() <= extra:
            return False

        def run() -> None:
            try:
                self._outcome = ("ok", self.func(*self.args))
            except BaseException as exc:  # raised again by result(), in the build
                self._outcome = ("error", exc)

        self._thread = threading.Thread(target=run, name=f"graphx-{self.func.__name__}",
                                        daemon=True)
        self._thread.start()
        return True

    def result(self) -> Any:
        """What ``func`` returned; its error raised here, its warnings said here."""
        if self._done:
            return self._value
        if self._thread is not None:
            self._thread.join()
            (kind, value), self._outcome = self._outcome, None
            self._thread = None
            if kind == "error":
                raise value
            self._value, self._done = value, True
            return value
        if not self.forked:
            self._value, self._done = self.func(*self.args), True
            return self._value
        payload = self._payload()
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        _LIVE.discard(self)
        if not payload or os.waitstatus_to_exitcode(status) != 0:
            # The child died (killed for memory, say): the step is done here instead.
            self.forked = False
            return self.result()
        (kind, value, replacements), said = pickle.loads(payload)  # noqa: S301 - our child
        if kind == "error":
            for message, category in said:
                warnings.warn(message, category, stacklevel=2)
            raise value
        try:
            deferred().extend(replacements)  # the build's to replace, or to remove
            for tmp, _ in replacements:  # locked again, now by the build, until then
                hold(tmp)
        except BaseException:
            _remove(replacements)
            raise
        self._received = b""  # handed over
        for message, category in said:
            warnings.warn(message, category, stacklevel=2)
        self._value, self._done = value, True
        return value

    def _close(self, name: str) -> None:
        """Close the pipe end held as attribute ``name``, once."""
        fd = getattr(self, name)
        setattr(self, name, -1)
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)

    def close(self) -> None:
        """Stop the child if it is still working (the build failed or was interrupted), and
        remove what it wrote and did not hand over."""
        self._close("_go")  # a child still waiting for its "go" exits at this end of pipe
        self._close("_their_go")  # left open by an interrupt between fork and its close
        self._close("_write")  # so that what the child sent ends where it does
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGTERM)
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, 0)
            self.pid = 0
            _LIVE.discard(self)
        if self.forked and not self._done:
            try:
                payload = self._payload()
            except OSError:
                payload = b""
            if payload:  # it finished first: what it wrote is not to be used
                with contextlib.suppress(Exception):
                    (_, _, replacements), _ = pickle.loads(payload)  # noqa: S301
                    _remove(replacements)
            self._received = b""

    def __del__(self) -> None:
        # Dropped without its result (a library caller that stopped at an error): the child
        # must not wait on forever, blocked on a pipe no one will read.
        with contextlib.suppress(Exception):
            self.close()

    def __enter__(self) -> Aside:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
