"""Independent pure work on every core: forked children that inherit what is loaded already.

The documents of one action (a formulir per Bidang, a figure per sasaran) do not depend on
each other. A forked child needs no imports of its own (openpyxl, matplotlib are in memory
already), so a few items are worth it; fewer than ``minimum`` are done here. A child that
fails makes the whole map run again here, serially: the caller gets the real exception (our
errors carry keyword arguments that do not survive pickling) and never half a result.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from generator.base.preload import settled

T = TypeVar("T")
R = TypeVar("R")


def fork_map(
    func: Callable[[T], R],
    items: Sequence[T],
    *,
    minimum: int = 3,
    workers: int | None = None,
) -> list[R]:
    """``[func(item) for item in items]``, in order, on up to ``workers`` (every CPU) children.

    ``func`` must be a module-level function; items and results must pickle."""
    size = min(workers or os.cpu_count() or 1, len(items))
    if size < 2 or len(items) < minimum:
        return [func(item) for item in items]
    settled()  # no fork while a thread may be holding an import lock
    context = multiprocessing.get_context("fork")
    gc.freeze()  # the children's collections then skip (and so do not copy) inherited pages
    try:
        with ProcessPoolExecutor(max_workers=size, mp_context=context) as pool:
            return list(pool.map(func, items, chunksize=max(1, len(items) // (size * 4))))
    except Exception:
        return [func(item) for item in items]
    finally:
        gc.unfreeze()
