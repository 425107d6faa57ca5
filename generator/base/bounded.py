"""Work on untrusted input in a child process that is stopped after a time limit.

Size limits bound what a crafted file costs in memory, but not every parser's time: a PDF can
be made to keep a parser busy for long. ``run_bounded`` runs a module-level function in a
child and kills it when it overruns; the parent raises ``TimeLimitExceeded``. The child is
forked when this process has a single thread (cheap, everything loaded already) and comes
from a fork server otherwise (a forked copy of a threaded process may inherit a lock that
another thread held, such as the web server's).
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

R = TypeVar("R")


class TimeLimitExceeded(Exception):
    """The work did not finish within its time limit."""


class ChildFailed(Exception):
    """The child process ended without an answer (killed, out of memory) or raised."""


def _child(conn: Connection, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        result: tuple[bool, Any] = (True, func(*args))
    except BaseException as exc:  # the parent decides; the child only reports
        result = (False, f"{type(exc).__name__}: {exc}")
    try:
        conn.send(result)
    except Exception as exc:  # an answer that does not pickle
        conn.send((False, f"{type(exc).__name__}: {exc}"))
    conn.close()


def run_bounded(func: Callable[..., R], *args: Any, timeout: float) -> R:
    """``func(*args)`` in a child process, within ``timeout`` seconds (``func`` must be a
    module-level function; arguments and result must pickle)."""
    context: Any = (
        multiprocessing.get_context("fork")
        if threading.active_count() == 1
        else multiprocessing.get_context("forkserver")
    )
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(send, func, args), daemon=True)
    process.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise TimeLimitExceeded(f"tidak selesai dalam {timeout:g} detik")
        try:
            ok, value = receive.recv()
        except EOFError:
            raise ChildFailed(f"proses berhenti tanpa jawaban (kode {process.exitcode})") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receive.close()
    if not ok:
        raise ChildFailed(str(value))
    result: R = value
    return result
