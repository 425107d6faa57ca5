"""Import modules in a background thread, while the process waits for something else.

The demo (and a city's run of it) needs the LKj's figures and the archive's signing and
verification only at its end; importing matplotlib, pyHanko and their kin first delayed its
first document by most of a second. Loaded in a thread instead, they arrive while the offices
convert the first documents. Importing is only ever moved, never skipped: a module that fails
to load in the thread is imported again where it is used, and raises there.

A process must not fork while such a thread may hold an import lock (a child that imports the
same module would wait for ever): ``settled()`` waits for every preload, and ``fork_map``
calls it before it forks.
"""

from __future__ import annotations

import contextlib
import importlib
import threading

_threads: list[threading.Thread] = []
_lock = threading.Lock()


def _load(modules: tuple[str, ...]) -> None:
    for name in modules:
        with contextlib.suppress(Exception):  # raised again where the module is used
            importlib.import_module(name)


def load_now(*modules: str) -> None:
    """Import ``modules`` here, now: a module that fails is imported again where it is used.

    For a thread with nothing else to do, such as one waiting for an office's conversion."""
    _load(modules)


def preload(*modules: str) -> None:
    """Start importing ``modules`` (dotted names) in a background thread."""
    thread = threading.Thread(target=_load, args=(modules,), name="kinerja-preload", daemon=True)
    with _lock:
        _threads.append(thread)
    thread.start()


def settled() -> None:
    """Wait until every preload has finished."""
    with _lock:
        pending, _threads[:] = list(_threads), []
    for thread in pending:
        thread.join()
