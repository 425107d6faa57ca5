"""A local pool of warm LibreOffice workers, one child process per core.

Each worker is ``uno_worker.py`` under the system Python with its own
soffice and its own profile (two offices sharing a profile hand work to each
other and exit, TOOLCHAIN.md). A hung office is killed by its PID and the
document retried once on a fresh worker; so is a worker that dies.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from generator.convert.checks import SYSTEM_PYTHON, check_output
from generator.convert.jobs import (
    DEFAULT_TIMEOUT,
    Batch,
    ConversionJob,
    ConversionResult,
    OnDone,
)
from generator.errors import ConversionError

WORKER_SCRIPT = Path(__file__).with_name("uno_worker.py")


EXPORT_FAILED = "LibreOffice gagal membuat PDF"


class WorkerLost(Exception):
    """The worker did not answer in time or died; the message says which (Indonesian)."""


class Worker:
    """One ``uno_worker.py`` child and the soffice it started."""

    def __init__(self, profile: Path, python: str, soffice: str, start_timeout: float) -> None:
        self.profile = profile
        profile.mkdir(parents=True, exist_ok=True)
        self.log_path = profile / "worker.log"
        self._log: IO[bytes] = self.log_path.open("wb")
        self.office_pid: int | None = None
        self.replies: queue.Queue[str | None] = queue.Queue()
        self.proc = subprocess.Popen(
            [
                python,
                str(WORKER_SCRIPT),
                "--profile",
                str(profile / "office"),
                "--soffice",
                soffice,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        try:
            hello = self._reply(start_timeout, "LibreOffice tidak siap")
            if not hello.get("ready"):
                raise WorkerLost(f"LibreOffice gagal dijalankan: {hello.get('error')}")
            self.office_pid = int(hello["pid"])
        except WorkerLost:
            self.kill()
            raise

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.replies.put(line)
        self.replies.put(None)

    def _reply(self, timeout: float, what: str) -> dict[str, Any]:
        try:
            line = self.replies.get(timeout=timeout)
        except queue.Empty:
            raise WorkerLost(f"{what} dalam {timeout:g} detik") from None
        if line is None:
            raise WorkerLost(f"proses LibreOffice berhenti tiba-tiba{self._log_tail()}")
        message: dict[str, Any] = json.loads(line)
        return message

    def _log_tail(self) -> str:
        try:
            tail = self.log_path.read_text(errors="replace").strip().splitlines()[-1:]
        except OSError:
            return ""
        return f" ({tail[0]})" if tail else ""

    def request(self, job: ConversionJob, timeout: float) -> str | None:
        """Convert one job; return the worker's error or None. Raise WorkerLost.

        The office writes into this worker's own folder and the PDF is moved to the job's
        target from here: an office that outlives a killed kinerja (it notices within a
        moment, but may finish the export it is in) never writes into a folder that the
        next run has cleaned, such as an archive's staging folder."""
        private = self.profile / "keluar" / f"{uuid.uuid4().hex}.pdf"
        line = json.dumps({"src": str(job.source), "dst": str(private), "pdfa": job.pdfa})
        try:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.write(line + "\n")
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError):
                raise WorkerLost("proses LibreOffice berhenti tiba-tiba") from None
            answer = self._reply(timeout, "konversi tidak selesai")
            if not answer.get("ok"):
                if answer.get("kind") == "load":
                    return "LibreOffice tidak dapat membuka dokumen ini (isinya rusak atau tidak didukung)"
                return f"{EXPORT_FAILED} ({answer.get('error')})"
            if not private.is_file():
                return f"{EXPORT_FAILED} (tidak ada berkas PDF)"
            job.target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(private, job.target)  # a rename on one file system
            return None
        finally:
            private.unlink(missing_ok=True)

    def kill(self) -> None:
        """Kill soffice (by the PID the worker reported) and the worker itself."""
        for pid in (self.office_pid, self.proc.pid):
            if pid is not None:
                with contextlib.suppress(OSError):
                    os.killpg(pid, signal.SIGKILL)
        self._finish(5)

    def stop(self) -> None:
        """Ask the worker to stop its office (returns at once; ``close`` waits)."""
        with contextlib.suppress(OSError):
            assert self.proc.stdin is not None
            self.proc.stdin.close()

    def close(self) -> None:
        """Ask the worker to stop its office; kill both if it takes too long."""
        self.stop()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(10)
        self.kill()

    def _finish(self, timeout: float) -> None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout)
        self._log.close()


class _StartCount:
    """How many pools (or offices) this process has started (the tests count them)."""

    def __init__(self) -> None:
        self.value = 0
        self._lock = threading.Lock()

    def add(self) -> None:
        with self._lock:
            self.value += 1


POOL_STARTS = _StartCount()
OFFICE_STARTS = _StartCount()


def pool_starts() -> int:
    """Local pools started in this process so far (one per command is the goal)."""
    return POOL_STARTS.value


def office_starts() -> int:
    """LibreOffice processes the local pools of this process started (restarts included)."""
    return OFFICE_STARTS.value


class LocalPool:
    """Warm LibreOffice workers on this machine; see the module docstring.

    ``start`` launches the workers in the background and returns at once; jobs handed to
    ``submit`` wait in one queue and each slot takes the next as soon as its office is up,
    so a caller can keep rendering while the offices start. As a context manager the pool
    waits for its workers (and raises if one cannot start); workers never outlive
    ``close`` or the ``with`` block.
    """

    def __init__(
        self,
        workers: int | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        python: str = SYSTEM_PYTHON,
        soffice: str = "soffice",
        start_timeout: float = 60.0,
    ) -> None:
        self.size = max(1, workers or os.cpu_count() or 1)
        self.timeout = timeout
        self.python = python
        self.soffice = soffice
        self.start_timeout = start_timeout
        self.workers: list[Worker | None] = []
        self.started = 0  # how many workers were ever started (restarts included)
        self.converted = 0  # jobs run (a retry counts once)
        self._root: Path | None = None
        self._closed = False
        self._lock = threading.Lock()
        self._todo: queue.Queue[tuple[ConversionJob, Future[ConversionResult]]] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._slots_up = threading.Semaphore(0)
        self._start_errors: list[str] = []
        self._alive = 0  # slots still serving the queue
        self._dead: ConversionError | None = None

    # -- life cycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Launch the workers in the background (idempotent); jobs may be submitted at once."""
        with self._lock:
            if self._threads:
                return
            self._root = Path(tempfile.mkdtemp(prefix="kinerja-office-"))
            self._closed = False
            self._dead = None
            self.workers = [None] * self.size
            self._alive = self.size
            self._threads = [
                threading.Thread(target=self._serve, args=(slot,), daemon=True)
                for slot in range(self.size)
            ]
        POOL_STARTS.add()
        for thread in self._threads:
            thread.start()

    def wait_ready(self) -> None:
        """Block until every worker tried to start; raise ConversionError if one failed."""
        for _ in self._threads:
            self._slots_up.acquire()
        for _ in self._threads:
            self._slots_up.release()
        if self._start_errors:
            self.close(failed=True)
            raise ConversionError(f"LibreOffice tidak dapat dijalankan: {self._start_errors[0]}")

    def __enter__(self) -> LocalPool:
        self.start()
        try:
            self.wait_ready()
        except BaseException:
            self.close(failed=True)
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close(failed=exc is not None)

    def close(self, *, failed: bool = False) -> None:
        """Stop every worker (killed when ``failed``); queued jobs fail."""
        with self._lock:
            self._closed = True  # no (re)starts from here on
            workers = list(self.workers)
            self.workers = [None] * len(workers)
            threads, self._threads = self._threads, []
        root, self._root = self._root, None
        running = [w for w in workers if w is not None]
        if not failed:
            for worker in running:  # every office shuts down at the same time
                worker.stop()
        for worker in running:
            worker.kill() if failed else worker.close()
        for thread in threads:
            thread.join(5)
        self._fail_queue("konverter sudah ditutup")
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)

    def _new_worker(self, slot: int) -> Worker:
        with self._lock:
            if self._closed or self._root is None:
                raise WorkerLost("konverter sudah ditutup")
            self.started += 1
            profile = self._root / f"worker-{slot}-{self.started}"
        OFFICE_STARTS.add()
        try:
            return Worker(profile, self.python, self.soffice, self.start_timeout)
        except WorkerLost:
            raise
        except Exception as exc:
            # Anything else (the worker's interpreter missing, no more processes or file
            # handles) would end the slot's thread and leave its jobs waiting for ever.
            raise WorkerLost(f"LibreOffice gagal dijalankan: {type(exc).__name__}: {exc}") from exc

    def _install(self, slot: int, worker: Worker) -> None:
        """Put a started worker in its slot, unless the pool closed meanwhile."""
        with self._lock:
            if not self._closed:
                self.workers[slot] = worker
                return
        worker.kill()
        raise WorkerLost("konverter sudah ditutup")

    def office_pids(self) -> list[int]:
        """PIDs of the running offices (for tests that kill one)."""
        return [w.office_pid for w in self.workers if w is not None and w.office_pid]

    # -- jobs -------------------------------------------------------------------------------

    def submit(self, job: ConversionJob) -> Future[ConversionResult]:
        """Queue one job; the future gets its result (or ConversionError if no office runs)."""
        future: Future[ConversionResult] = Future()
        if not self._threads:
            future.set_exception(
                ConversionError("LibreOffice tidak berjalan (konverter belum dimulai)")
            )
            return future
        if self._dead is not None:
            future.set_exception(self._dead)
            return future
        self._todo.put((job, future))
        if self._dead is not None:  # the last slot went away meanwhile
            self._fail_queue(str(self._dead))
        return future

    def convert(
        self, jobs: Sequence[ConversionJob], on_done: OnDone | None = None
    ) -> list[ConversionResult]:
        """Convert ``jobs`` on the free workers; results in the order of ``jobs``."""
        if not jobs:
            return []
        if not self._threads:
            raise ConversionError("LibreOffice tidak berjalan (konverter belum dimulai)")
        return Batch(jobs, on_done).collect([self.submit(job) for job in jobs])

    def _serve(self, slot: int) -> None:
        try:
            self._install(slot, self._new_worker(slot))
        except WorkerLost as exc:
            self._start_errors.append(str(exc))
        finally:
            self._slots_up.release()
        while self.workers[slot] is not None and not self._closed:
            try:
                job, future = self._todo.get(timeout=0.1)
            except queue.Empty:
                continue
            if not future.set_running_or_notify_cancel():
                continue
            result, alive = self._run_job(slot, job)
            with self._lock:
                self.converted += 1
            future.set_result(result)
            if not alive:
                break
        with self._lock:
            self._alive -= 1
            last = self._alive == 0
        if last and not self._closed:
            # Nobody is left to take the remaining jobs.
            reason = self._start_errors[0] if self._start_errors else "LibreOffice tidak berjalan"
            self._dead = ConversionError(f"LibreOffice tidak dapat dijalankan: {reason}")
            self._fail_queue(reason)

    def _fail_queue(self, reason: str) -> None:
        while True:
            try:
                job, future = self._todo.get_nowait()
            except queue.Empty:
                return
            if future.set_running_or_notify_cancel():
                future.set_result(ConversionResult(job, False, reason, 0.0))

    def timeout_for(self, job: ConversionJob) -> float:
        """``timeout`` for documents up to 2 MB, in proportion above: the LKj of a
        2,000-indicator office did not convert within 120 s on a loaded machine."""
        try:
            size_mb = job.source.stat().st_size / 1e6
        except OSError:
            size_mb = 0.0
        return self.timeout * max(1.0, size_mb / 2)

    def _run_job(self, slot: int, job: ConversionJob) -> tuple[ConversionResult, bool]:
        """Run one job, retried once after a lost office and once after a failed export;
        the bool is False when the slot lost its worker.

        The two retries are counted apart: an office killed in the middle of an export can
        first answer "export failed" and only then be found dead, and the document must
        still get a fresh office."""
        start = time.monotonic()
        error: str | None = None
        retried_lost = retried_export = False
        while True:
            worker = self.workers[slot]
            if worker is None:
                return ConversionResult(job, False, error, time.monotonic() - start), False
            job.target.unlink(missing_ok=True)
            try:
                error = worker.request(job, self.timeout_for(job))
            except WorkerLost as exc:
                error = str(exc)
                worker.kill()
                self.workers[slot] = None
                try:
                    self._install(slot, self._new_worker(slot))
                except WorkerLost as again:
                    error = f"{error}; {again}"
                if not retried_lost:
                    retried_lost = True
                    continue
            else:
                if error is not None and error.startswith(EXPORT_FAILED) and not retried_export:
                    # Seen once under heavy load on a 400-indicator LKj (an I/O abort in
                    # storeToURL): a loaded document that failed to export gets one more try.
                    retried_export = True
                    continue
                if error is None:
                    error = check_output(job.target, job.pdfa)
            break
        result = ConversionResult(job, error is None, error, time.monotonic() - start)
        return result, self.workers[slot] is not None
