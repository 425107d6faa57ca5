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
from collections.abc import Sequence
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
        """Convert one job; return the worker's error or None. Raise WorkerLost."""
        line = json.dumps({"src": str(job.source), "dst": str(job.target), "pdfa": job.pdfa})
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(line + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise WorkerLost("proses LibreOffice berhenti tiba-tiba") from None
        answer = self._reply(timeout, "konversi tidak selesai")
        if answer.get("ok"):
            return None
        if answer.get("kind") == "load":
            return "LibreOffice tidak dapat membuka dokumen ini (isinya rusak atau tidak didukung)"
        return f"LibreOffice gagal membuat PDF ({answer.get('error')})"

    def kill(self) -> None:
        """Kill soffice (by the PID the worker reported) and the worker itself."""
        for pid in (self.office_pid, self.proc.pid):
            if pid is not None:
                with contextlib.suppress(OSError):
                    os.killpg(pid, signal.SIGKILL)
        self._finish(5)

    def close(self) -> None:
        """Ask the worker to stop its office; kill both if it takes too long."""
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            self.proc.wait(10)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()

    def _finish(self, timeout: float) -> None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout)
        self._log.close()


class LocalPool:
    """Warm LibreOffice workers on this machine; see the module docstring.

    Use as a context manager: workers never outlive the ``with`` block.
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
        self._root: Path | None = None
        self._closed = False
        self._lock = threading.Lock()

    def __enter__(self) -> LocalPool:
        self._root = Path(tempfile.mkdtemp(prefix="kinerja-office-"))
        self._closed = False
        self.workers = [None] * self.size
        errors: list[str] = []

        def start(slot: int) -> None:
            try:
                self._install(slot, self._new_worker(slot))
            except WorkerLost as exc:
                errors.append(str(exc))

        threads = [threading.Thread(target=start, args=(i,)) for i in range(self.size)]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        if errors:
            self.__exit__(None, None, None)
            raise ConversionError(f"LibreOffice tidak dapat dijalankan: {errors[0]}")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        with self._lock:
            self._closed = True  # no (re)starts from here on
            workers = list(self.workers)
            self.workers = [None] * len(workers)
        root, self._root = self._root, None
        for worker in workers:
            if worker is not None:
                worker.close() if exc is None else worker.kill()
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)

    def _new_worker(self, slot: int) -> Worker:
        with self._lock:
            if self._closed or self._root is None:
                raise WorkerLost("konverter sudah ditutup")
            self.started += 1
            profile = self._root / f"worker-{slot}-{self.started}"
        return Worker(profile, self.python, self.soffice, self.start_timeout)

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

    def convert(
        self, jobs: Sequence[ConversionJob], on_done: OnDone | None = None
    ) -> list[ConversionResult]:
        """Convert ``jobs`` on the free workers; results in the order of ``jobs``."""
        todo: queue.Queue[int] = queue.Queue()
        for index in range(len(jobs)):
            todo.put(index)
        batch = Batch(jobs, on_done)
        finish = batch.finish

        def run(slot: int) -> None:
            while not batch.done.is_set():
                try:
                    index = todo.get(timeout=0.1)
                except queue.Empty:
                    continue
                if not self._run_job(slot, jobs[index], index, finish):
                    # This slot could not restart its worker: if it was the last
                    # one, nobody is left to take the remaining jobs.
                    if not any(self.workers):
                        self._fail_rest(todo, jobs, finish)
                    return

        if not jobs:
            return []
        if not any(self.workers):
            raise ConversionError("LibreOffice tidak berjalan (konverter belum dimulai)")
        for slot in range(len(self.workers)):
            if self.workers[slot] is not None:
                threading.Thread(target=run, args=(slot,), daemon=True).start()
        return batch.wait()

    def _run_job(
        self,
        slot: int,
        job: ConversionJob,
        index: int,
        finish: Any,
    ) -> bool:
        """Run one job with one retry; False when the slot has no worker any more."""
        start = time.monotonic()
        error: str | None = None
        for attempt in range(2):
            worker = self.workers[slot]
            if worker is None:
                finish(index, ConversionResult(job, False, error, time.monotonic() - start))
                return False
            job.target.unlink(missing_ok=True)
            try:
                error = worker.request(job, self.timeout)
            except WorkerLost as exc:
                error = str(exc)
                worker.kill()
                self.workers[slot] = None
                try:
                    self._install(slot, self._new_worker(slot))
                except WorkerLost as again:
                    error = f"{error}; {again}"
                if attempt == 0:
                    continue
            else:
                if error is None:
                    error = check_output(job.target, job.pdfa)
            break
        ok = error is None
        finish(index, ConversionResult(job, ok, error, time.monotonic() - start))
        return self.workers[slot] is not None

    @staticmethod
    def _fail_rest(todo: queue.Queue[int], jobs: Sequence[ConversionJob], finish: Any) -> None:
        while True:
            try:
                index = todo.get_nowait()
            except queue.Empty:
                return
            finish(index, ConversionResult(jobs[index], False, "LibreOffice tidak berjalan", 0.0))
