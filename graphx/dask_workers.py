"""Parsing on a Dask cluster: the executor graphx.files.load parses on when given --dask ADDRESS.

Parsing is a pure function of one file's bytes (graphx.parse), so any worker can parse any
batch of files and the results are the same as on this machine. The workers read the files
themselves, so they must see the same paths (a shared file system, as Dask's own readers
assume) and have graphx installed. dask.distributed is an optional extra:
``pip install "graphx[dask]"``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from concurrent.futures import Executor

from .errors import InputError

#: Seconds to wait for the scheduler before saying it cannot be reached.
CONNECT_SECONDS = 10


@contextlib.contextmanager
def dask_executor(address: str) -> Iterator[Executor]:
    """A concurrent.futures executor on the Dask scheduler at ``address`` (closed after).

    Raises InputError when dask.distributed is not installed or the scheduler cannot be
    reached.
    """
    try:
        from distributed import Client
    except ImportError as exc:
        raise InputError('--dask needs dask.distributed: pip install "graphx[dask]"') from exc
    _check_address(address)
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    try:
        yield client.get_executor()
    finally:
        client.close()


def _check_address(address: str) -> None:
    """InputError (one sentence) for an address no scheduler can have: a web address (the
    dashboard's http://HOST:8787 is the one a user sees), an unknown scheme, no port. A
    Client made of one fails only after a 20 s wait at exit, with a traceback."""
    from distributed.comm import parse_address
    from distributed.comm.registry import get_backend

    hint = "give the scheduler's address, such as tcp://HOST:8786"
    if address.lower().startswith(("http://", "https://")):
        raise InputError(f"--dask {address} is a web address (the Dask dashboard's, "
                         f"perhaps), not a scheduler's; {hint}")
    try:
        scheme, location = parse_address(address)
        backend = get_backend(scheme)  # ValueError for a scheme Dask does not know
        if scheme in ("tcp", "tls", "ws", "wss"):
            backend.get_address_host_port(location)
    except (ValueError, NotImplementedError) as exc:
        raise InputError(f"--dask {address} is no Dask scheduler address ({exc}); {hint}") from None
