"""Work on untrusted input in a child process that is stopped after a time limit.

Size limits bound what a crafted file costs in memory, but not every parser's time: a PDF can
be made to keep a parser busy for long. ``run_bounded`` runs a module-level function in a
child and kills it when it overruns; the parent raises ``TimeLimitExceeded``. The child is
forked when this process has a single thread (cheap, everything loaded already) and comes
from a fork server otherwise (a forked copy of a threaded process may inherit a lock that
another thread held, such as the web server's). ``run_module`` runs a module in a fresh
interpreter instead, for work whose memory must not add to this process's.
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any, TypeVar

R = TypeVar("R")


class TimeLimitExceeded(Exception):
    """The work did not finish within its time limit."""


class ChildFailed(Exception):
    """The child process ended without an answer (killed, out of memory) or raised;
    ``status``: the exit status of a module run by ``run_module``."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


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


def run_module(module: str, args: Sequence[str], *, timeout: float) -> str:
    """``python -m module *args`` in a fresh interpreter, within ``timeout`` seconds; what it
    wrote to its standard output.

    Not ``run_bounded``: a forked child starts with this process's pages, and its peak counts
    them again. A fresh interpreter (0.1 s to start) holds only what the module loads: for work
    whose memory must neither stay in this process's heap nor add to it, such as qpdf joining
    or merging thousands of pages. ``ChildFailed`` with the exit status and the last line of
    the module's standard error when it fails."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", module, *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise TimeLimitExceeded(f"tidak selesai dalam {timeout:g} detik") from None
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()[-1:] or [f"kode {done.returncode}"]
        raise ChildFailed(reason[0], done.returncode)
    return done.stdout
