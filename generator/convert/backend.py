"""Which converter a process uses: unoserver hosts when ``KINERJA_UNOSERVER`` is set, else local."""

from __future__ import annotations

import os

from generator.convert.checks import check_available
from generator.convert.jobs import Converter
from generator.convert.pool import LocalPool
from generator.convert.remote import UNOSERVER_ENV, UnoserverPool


def make_converter(workers: int | None = None) -> Converter:
    """The pool to use: unoserver hosts when ``KINERJA_UNOSERVER`` is set, else local.

    Not started: a ``ConverterSession`` starts it on first use.
    """
    hosts = os.environ.get(UNOSERVER_ENV, "").strip()
    if hosts:
        return UnoserverPool(hosts)
    check_available()
    return LocalPool(workers)
