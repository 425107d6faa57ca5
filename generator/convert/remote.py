"""The converter interface over unoserver instances (local or on other hosts).

The hosts come from ``KINERJA_UNOSERVER`` as ``host:port,host:port``; each
should run ``unoserver_launcher.py`` (Hidden loading, restarts). The XML-RPC
calls are those of ``unoserver.client.UnoClient`` (API 3), made here with a
socket timeout: UnoClient has none, asks ``info()`` before every document
and sleeps 10 s between five connection attempts, so a dead server would
block a command for about 40 s and a hung one forever (TOOLCHAIN.md).
"""

from __future__ import annotations

import http.client
import queue
import threading
import time
import xmlrpc.client
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from unoserver.client import API_VERSION

from generator.convert.checks import check_output
from generator.convert.jobs import (
    DEFAULT_TIMEOUT,
    EXPORT_FILTERS,
    IMPORT_FILTERS,
    PLAIN_PDF,
    Batch,
    ConversionJob,
    ConversionResult,
    OnDone,
)
from generator.errors import ConversionError, InputError

UNOSERVER_ENV = "KINERJA_UNOSERVER"
DEFAULT_PORT = 2003
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
# Errors that say the server (not the document) is in trouble.
SERVER_ERRORS = (OSError, http.client.HTTPException, xmlrpc.client.ProtocolError)


def parse_hosts(spec: str) -> list[tuple[str, int]]:
    """``"a:2003,b:2004"`` -> ``[("a", 2003), ("b", 2004)]``; the port defaults to 2003."""
    hosts: list[tuple[str, int]] = []
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        host, sep, port = item.rpartition(":")
        if not sep:
            host, port = item, str(DEFAULT_PORT)
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise InputError(
                f"alamat server unoserver '{item}' tidak sah; tulis sebagai host:port",
                field=UNOSERVER_ENV,
            )
        hosts.append((host.strip("[]"), int(port)))
    if not hosts:
        raise InputError("daftar server unoserver kosong", field=UNOSERVER_ENV)
    return hosts


@dataclass
class _Item:
    job: ConversionJob
    attempt: int
    error: str | None
    future: Future[ConversionResult]
    started: float


class _TimeoutTransport(xmlrpc.client.Transport):
    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout

    def make_connection(self, host: Any) -> http.client.HTTPConnection:
        conn = super().make_connection(host)
        conn.timeout = self.timeout
        return conn


class UnoServer:
    """One unoserver instance; it converts one document at a time."""

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.remote = host not in LOCAL_HOSTS
        self.name = f"{host}:{port}"

    def _proxy(self, timeout: float) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(
            f"http://{self.host}:{self.port}",
            transport=_TimeoutTransport(timeout),
            allow_none=True,
        )

    def ping(self, timeout: float = 10.0) -> bool:
        try:
            with self._proxy(timeout) as proxy:
                info: dict[str, Any] = proxy.info()  # type: ignore[assignment]
        except (*SERVER_ERRORS, xmlrpc.client.Fault):
            return False
        return bool(str(info.get("api")) == API_VERSION)

    def convert(self, job: ConversionJob) -> None:
        ext = job.source.suffix.lower()
        options = [f"SelectPdfVersion={job.pdfa}", "UseLosslessCompression=true"]
        if job.pdfa == PLAIN_PDF:
            options.append("UseTaggedPDF=false")
        if ext == ".docx":  # as the local workers: see uno_worker.Office.convert
            options.append("ExportBookmarksToPDFDestination=true")
        inpath: str | None = str(job.source.resolve())
        indata: xmlrpc.client.Binary | None = None
        outpath: str | None = str(job.target.resolve())
        if self.remote:
            indata, inpath, outpath = xmlrpc.client.Binary(job.source.read_bytes()), None, None
        job.target.parent.mkdir(parents=True, exist_ok=True)
        # A little over the server's own timeout, after which it kills its office.
        with self._proxy(self.timeout + 15) as proxy:
            result = proxy.convert(
                inpath,
                indata,
                outpath,
                "pdf",
                EXPORT_FILTERS[ext],
                options,
                True,
                IMPORT_FILTERS[ext],
                None,
            )
        if isinstance(result, xmlrpc.client.Binary):
            job.target.write_bytes(result.data)


class UnoserverPool:
    """Convert over the unoserver hosts in ``hosts`` (``"host:port,host:port"``).

    One thread per live server takes jobs from a shared queue (a server converts one
    document at a time); a failure is retried once, preferably on another server.
    """

    def __init__(self, hosts: str, *, timeout: float = DEFAULT_TIMEOUT, recover: float = 60.0):
        self.servers = [UnoServer(h, p, timeout) for h, p in parse_hosts(hosts)]
        self.recover = recover  # how long a failed server may take to come back
        self.live: list[UnoServer] = []
        # job, attempt, last error, future, when it was first taken
        self._todo: queue.Queue[_Item] = queue.Queue()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._running = 0

    def start(self) -> None:
        """Ask every server whether it answers; serve the queue from the live ones."""
        if self.live:
            return
        answers: dict[str, bool] = {}
        threads = [
            threading.Thread(target=lambda s=s: answers.__setitem__(s.name, s.ping()))
            for s in self.servers
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.live = [s for s in self.servers if answers.get(s.name)]
        if not self.live:
            raise ConversionError(
                "tidak ada server unoserver yang dapat dihubungi: "
                + ", ".join(s.name for s in self.servers),
                field=UNOSERVER_ENV,
                hint="Periksa bahwa unoserver_launcher.py berjalan di server itu.",
            )
        self._stop.clear()
        self._running = len(self.live)
        for server in self.live:
            threading.Thread(target=self._serve, args=(server,), daemon=True).start()

    def __enter__(self) -> UnoserverPool:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self, *, failed: bool = False) -> None:
        self._stop.set()
        self.live = []
        self._drain("konverter sudah ditutup")

    def submit(self, job: ConversionJob) -> Future[ConversionResult]:
        future: Future[ConversionResult] = Future()
        if not self.live:
            future.set_exception(ConversionError("server unoserver belum dihubungi"))
            return future
        self._todo.put(_Item(job, 0, None, future, 0.0))
        return future

    def convert(
        self, jobs: Sequence[ConversionJob], on_done: OnDone | None = None
    ) -> list[ConversionResult]:
        """Convert ``jobs``, one at a time per server; retry a failure once elsewhere."""
        if not jobs:
            return []
        return Batch(jobs, on_done).collect([self.submit(job) for job in jobs])

    def _serve(self, server: UnoServer) -> None:
        while not self._stop.is_set():
            try:
                item = self._todo.get(timeout=0.1)
            except queue.Empty:
                continue
            if item.attempt == 0:
                if not item.future.set_running_or_notify_cancel():
                    continue
                item.started = time.monotonic()
            error, server_down = self._one(server, item.job)
            if error is None or item.attempt == 1:
                self._finish(item, error)
            else:
                self._todo.put(_Item(item.job, 1, error, item.future, item.started))
                # Step aside so that another server takes the retry.
                time.sleep(0.5)
            if server_down and not self._wait_back(server, self._stop):
                break
        with self._lock:
            self._running -= 1
            last = self._running == 0
        if last:
            self._drain(f"server {server.name} tidak menjawab")

    @staticmethod
    def _finish(item: _Item, error: str | None) -> None:
        elapsed = time.monotonic() - item.started if item.started else 0.0
        item.future.set_result(ConversionResult(item.job, error is None, error, elapsed))

    def _drain(self, reason: str) -> None:
        while True:
            try:
                item = self._todo.get_nowait()
            except queue.Empty:
                return
            if item.attempt == 0 and not item.future.set_running_or_notify_cancel():
                continue
            self._finish(item, item.error or reason)

    @staticmethod
    def _one(server: UnoServer, job: ConversionJob) -> tuple[str | None, bool]:
        """Convert one job: (error or None, whether the server looks down)."""
        job.target.unlink(missing_ok=True)
        try:
            server.convert(job)
        except xmlrpc.client.Fault as fault:
            if "Could not load document" in fault.faultString:
                return f"server {server.name} tidak dapat membuka dokumen ini (isinya rusak)", False
            return f"server {server.name} gagal membuat PDF ({fault.faultString.strip()})", False
        except TimeoutError:
            return f"server {server.name} tidak selesai dalam {server.timeout:g} detik", True
        except SERVER_ERRORS as exc:
            return f"server {server.name} tidak dapat dihubungi: {exc}", True
        return check_output(job.target, job.pdfa), False

    def _wait_back(self, server: UnoServer, done: threading.Event) -> bool:
        """Wait for a failed server to come back (the launcher restarts it)."""
        deadline = time.monotonic() + self.recover
        while time.monotonic() < deadline and not done.is_set():
            if server.ping(timeout=5):
                return True
            time.sleep(1.0)
        return False
