"""One warm converter per process: a session that a command, the demo or the web server opens
once and that every conversion inside it reuses.

    with converter_session() as conv:   # nothing starts yet
        conv.warm()                      # optional: start the offices while rendering
        ...                              # every convert_documents() call inside uses conv

The office pool starts on the first job (or ``warm``), in the background, at most once per
session; ``convert_documents`` and ``prefetch`` called without a converter use the session
that is open (``current_session``). Jobs are queued as soon as they are submitted, so a
caller can hand each document over the moment it exists and keep rendering the next one.
``prefetch`` converts documents into a conversion cache ahead of need; a later
``convert_documents`` with that cache then waits for the job in flight instead of
converting the document again.

A session also remembers the SHA-256 of every PDF its offices made (``witness``): a PDF on
disk whose bytes match one this process made from the same source bytes is as good as a
fresh conversion, so the archive of a demo or of the web server's session need not convert
every document a second time, while a PDF put on disk by anyone else still is converted anew.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path

from generator.base.fsutil import sha256_file
from generator.convert import parts
from generator.convert.backend import make_converter
from generator.convert.cache import ConversionCache
from generator.convert.jobs import ConversionJob, ConversionResult, Converter
from generator.errors import ConversionError

Factory = Callable[[int | None], Converter]

# PDFs a session remembers having made (the least recently made are forgotten first); a
# forgotten one is only converted again.
WITNESS_LIMIT = 4096


class ConverterSession:
    """A converter that starts once, lazily, and serves every conversion of the process."""

    def __init__(
        self,
        workers: int | None = None,
        factory: Factory | None = None,
        part_bytes: int = parts.PART_BYTES,
    ) -> None:
        self.workers = workers
        self.factory = factory or make_converter
        self.part_bytes = part_bytes  # a longer Word document is converted in parts
        self.starts = 0  # how many times this session brought a backend up (0 or 1)
        self._backend: Converter | None = None
        self._lock = threading.RLock()
        self._closed = False
        self._stopping: threading.Thread | None = None
        self._inflight: dict[tuple[Path, str], Future[ConversionResult]] = {}
        self._witnessed: OrderedDict[str, str] = OrderedDict()  # source key -> PDF SHA-256

    @property
    def started(self) -> bool:
        return self._backend is not None

    def backend(self) -> Converter:
        """The running backend, started on first use."""
        with self._lock:
            if self._closed:
                raise ConversionError("konverter sudah ditutup")
            if self._backend is None:
                backend = self.factory(self.workers)
                backend.start()
                self._backend = backend
                self.starts += 1
            return self._backend

    def warm(self) -> None:
        """Start the offices now, in the background (they take about a second)."""
        threading.Thread(target=self._warm, daemon=True).start()

    def _warm(self) -> None:
        with contextlib.suppress(Exception):  # the first real job reports the failure
            self.backend()

    def submit(self, job: ConversionJob) -> Future[ConversionResult]:
        """Queue ``job``; a long Word document is converted in parts, one after the other,
        by a thread of its own that queues them (``generator.convert.parts``)."""
        if not parts.worth_splitting(job.source, self.part_bytes):
            return self.backend().submit(job)
        backend = self.backend()
        future: Future[ConversionResult] = Future()

        def run() -> None:
            try:
                result = parts.convert_in_parts(job, backend.submit, self.part_bytes)
            except BaseException as exc:  # the caller's future reports it
                future.set_exception(exc)
            else:
                future.set_result(result)

        threading.Thread(target=run, name="kinerja-long-document", daemon=True).start()
        return future

    def prefetch(self, source: Path, key: str, cache: ConversionCache, pdfa: int) -> None:
        """Convert ``source`` into ``cache`` under ``key`` in the background (once per key)."""
        with self._lock:
            if (cache.root, key) in self._inflight or cache.path(key).is_file():
                return
            cache.root.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{key}.", suffix=".pdf", dir=cache.root)
            os.close(fd)
            # Set only after the PDF is in the cache: a waiter may read it at once.
            ready: Future[ConversionResult] = Future()
            self._inflight[(cache.root, key)] = ready
            job = self.submit(ConversionJob(source, Path(tmp), pdfa))

        def landed(done: Future[ConversionResult]) -> None:
            problem = done.exception()
            if problem is not None:
                Path(tmp).unlink(missing_ok=True)
                ready.set_exception(problem)
                return
            result = done.result()
            if result.ok:
                self.witness(key, Path(tmp))
                os.replace(tmp, cache.path(key))
            else:
                Path(tmp).unlink(missing_ok=True)
            ready.set_result(result)

        job.add_done_callback(landed)

    def witness(self, key: str, pdf: Path) -> None:
        """Remember that this session's offices made the PDF file ``pdf`` from the source with
        ``key`` (hashed as it is read: the LKj of a large office is over 100 MB)."""
        digest = sha256_file(pdf)
        with self._lock:
            self._witnessed[key] = digest
            self._witnessed.move_to_end(key)
            while len(self._witnessed) > WITNESS_LIMIT:
                self._witnessed.popitem(last=False)

    def digest(self, key: str) -> str | None:
        """The SHA-256 of the PDF this session made from the source with ``key``, if any."""
        with self._lock:
            return self._witnessed.get(key)

    def inflight(self, cache: ConversionCache, key: str) -> Future[ConversionResult] | None:
        """The prefetch of ``key`` into ``cache``, if one was started."""
        with self._lock:
            return self._inflight.get((cache.root, key))

    def stop_early(self) -> None:
        """No more conversions in this session: its offices start shutting down now, in the
        background, and the end of the session's block waits for them. Only the owner of the
        session may say so (the demo after its archive: LibreOffice stops while the archive
        is verified, 0.1 s it waited for at the end). Conversions asked for afterwards are
        refused."""
        with self._lock:
            self._closed = True
            backend, self._backend = self._backend, None
            if backend is None or self._stopping is not None:
                return
            self._stopping = threading.Thread(
                target=backend.close, name="kinerja-office-stop", daemon=True
            )
            self._stopping.start()

    def close(self, *, failed: bool = False) -> None:
        with self._lock:
            self._closed = True
            backend, self._backend = self._backend, None
            stopping, self._stopping = self._stopping, None
        if backend is not None:
            backend.close(failed=failed)
        if stopping is not None:
            stopping.join()


_current: ConverterSession | None = None
_current_lock = threading.Lock()


def current_session() -> ConverterSession | None:
    """The session open in this process, if any."""
    return _current


@contextlib.contextmanager
def converter_session(
    workers: int | None = None, factory: Factory | None = None, part_bytes: int | None = None
) -> Iterator[ConverterSession]:
    """Open the process's converter session, or join the one already open.

    The outermost ``with`` owns the session: it becomes ``current_session()`` and its
    offices stop when that block ends. Nested blocks get the same session. ``part_bytes``:
    the size above which a Word document is converted in parts (tests make it small).
    """
    global _current
    with _current_lock:
        outer = _current
        if outer is None:
            session = ConverterSession(workers, factory, part_bytes or parts.PART_BYTES)
            _current = session
    if outer is not None:
        yield outer
        return
    failed = True
    try:
        yield session
        failed = False
    finally:
        with _current_lock:
            _current = None
        session.close(failed=failed)
