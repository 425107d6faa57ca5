"""The converter interface: jobs, results and the protocol every backend follows."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Protocol

# Import filters named on load: without one, random bytes called .docx come
# out as a garbage PDF instead of an error (TOOLCHAIN.md).
IMPORT_FILTERS = {".docx": "MS Word 2007 XML", ".xlsx": "Calc MS Excel 2007 XML"}
EXPORT_FILTERS = {".docx": "writer_pdf_Export", ".xlsx": "calc_pdf_Export"}
PDFA_LEVELS = (1, 2, 3)
# Not a PDF/A level: a plain PDF, untagged. Only for a part of a document converted in parts
# whose pages are joined into a PDF/A file that takes its identification from another part
# (convert/parts.py). LibreOffice tags every PDF/A it writes; the tags of the front part's
# skeleton, which the join throws away, took 55 MiB of the office at 2,000 indicators.
PLAIN_PDF = 0
DEFAULT_TIMEOUT = 120.0


@dataclass(frozen=True)
class ConversionJob:
    """Convert ``source`` (docx or xlsx) to the PDF/A file ``target``."""

    source: Path
    target: Path
    pdfa: int = 2


@dataclass(frozen=True)
class ConversionResult:
    """What happened to one job; ``error`` is a technical reason when not ``ok``."""

    job: ConversionJob
    ok: bool
    error: str | None
    seconds: float
    cached: bool = False


OnDone = Callable[[ConversionResult], None]


class Converter(Protocol):
    """A pool of converters: ``start`` (returns at once), ``submit`` or ``convert``, ``close``.

    Also a context manager (start, wait until ready, close) around ``convert``.
    """

    def start(self) -> None:
        """Bring the backend up in the background; jobs may be submitted right away."""
        ...

    def submit(self, job: ConversionJob) -> Future[ConversionResult]:
        """Queue one job; the future holds its result."""
        ...

    def close(self, *, failed: bool = False) -> None:
        """Release the backend (kill it when ``failed``)."""
        ...

    def convert(
        self, jobs: Sequence[ConversionJob], on_done: OnDone | None = None
    ) -> list[ConversionResult]:
        """Convert all jobs; results come back in the order of ``jobs``."""
        ...

    def __enter__(self) -> Converter: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class Batch:
    """The results of one ``convert`` call, collected from several worker threads.

    Results land in the order of the jobs; ``on_done`` is called once per job (under the
    lock, so a progress bar sees one call at a time); an exception in ``on_done`` is kept and
    raised by ``wait`` instead of killing a worker thread.
    """

    def __init__(self, jobs: Sequence[ConversionJob], on_done: OnDone | None) -> None:
        self.jobs = jobs
        self.done = threading.Event()
        self._on_done = on_done
        self._results: list[ConversionResult | None] = [None] * len(jobs)
        self._left = len(jobs)
        self._lock = threading.Lock()
        self._problems: list[BaseException] = []
        if not jobs:
            self.done.set()

    def finish(self, index: int, result: ConversionResult) -> None:
        with self._lock:
            self._results[index] = result
            try:
                if self._on_done is not None:
                    self._on_done(result)
            except Exception as exc:
                self._problems.append(exc)
            self._left -= 1
            if self._left == 0:
                self.done.set()

    def fail(self, problem: BaseException) -> None:
        """A job ended without a result (no office could run it): ``wait`` raises ``problem``."""
        with self._lock:
            self._problems.append(problem)
            self._left -= 1
            if self._left == 0:
                self.done.set()

    def collect(self, futures: Sequence[Future[ConversionResult]]) -> list[ConversionResult]:
        """Wait for ``futures`` (one per job, same order); ``on_done`` as each one lands.

        The callback runs in the thread that finished the job, before that worker takes its
        next one (a test that kills an office after a given document relies on this).
        """

        def landed(index: int) -> Callable[[Future[ConversionResult]], None]:
            def callback(future: Future[ConversionResult]) -> None:
                problem = future.exception()
                if problem is not None:
                    self.fail(problem)
                else:
                    self.finish(index, future.result())

            return callback

        for index, future in enumerate(futures):
            future.add_done_callback(landed(index))
        return self.wait()

    def wait(self) -> list[ConversionResult]:
        while not self.done.wait(0.2):
            pass
        if self._problems:
            raise self._problems[0]
        return [r for r in self._results if r is not None]
