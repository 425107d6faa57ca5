"""A warm LibreOffice worker driven over UNO, one per core.

Runs under the system interpreter (``/usr/bin/python3``) because Debian's
``python3-uno`` imports only there. It must not import the ``generator``
package nor any third-party library.

Protocol (JSON lines): at start-up one line ``{"ready": true, "pid": N}``
where N is the PID of soffice's process group (the pool kills a hung office
with it), or ``{"ready": false, "error": "..."}``. Then one job per line on
stdin, ``{"src": ..., "dst": ..., "pdfa": 2}``, answered with ``{"ok": true}``
or ``{"ok": false, "error": "..."}``. End of stdin stops soffice and exits.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import uno
from com.sun.star.beans import PropertyValue

IMPORT_FILTERS = {".docx": "MS Word 2007 XML", ".xlsx": "Calc MS Excel 2007 XML"}
EXPORT_FILTERS = {".docx": "writer_pdf_Export", ".xlsx": "calc_pdf_Export"}

# Calc keeps the cached values of an OOXML file unless told to always
# recalculate; the PDF must show what the formulas compute (TOOLCHAIN.md).
# The graphic cache is kept small: the LKj holds one chart per sasaran, and the
# default (300 MB of decoded images) made the office grow with every indicator
# (measured on a 400-indicator LKj: 572 MiB peak by default, 418 MiB with this).
RECALC_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Cache/GraphicManager">\
<prop oor:name="GraphicMemoryLimit" oor:op="fuse"><value>20000000</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Cache/GraphicManager">\
<prop oor:name="GraphicAllowedIdleTime" oor:op="fuse"><value>1</value></prop></item>
</oor:items>
"""

# glibc keeps what the office frees in one arena per thread and gives little of it back: an
# office converting the parts of a long LKj one after another stayed at about 410 MiB between
# documents, and at about 210 MiB with one arena and a low trim threshold, at the same speed
# (bench/RESULTS.md, "Catatan sesi keenam"). A GLIBC_TUNABLES of the caller's own wins.
MALLOC_TUNABLES = "glibc.malloc.arena_max=1:glibc.malloc.trim_threshold=131072"


def office_environment() -> dict[str, str]:
    """The environment an office is started with: the caller's, with kinerja's malloc tuning."""
    env = dict(os.environ)
    env.setdefault("GLIBC_TUNABLES", MALLOC_TUNABLES)
    return env


class LoadError(Exception):
    """The office refused to open the document (its content is damaged)."""


def write_profile(profile: Path) -> None:
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    xcu = user / "registrymodifications.xcu"
    if not xcu.exists():
        xcu.write_text(RECALC_XCU, encoding="utf-8")


def props(**values: Any) -> tuple[Any, ...]:
    return tuple(PropertyValue(Name=k, Value=v) for k, v in values.items())


def send(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


class Office:
    """One soffice process with its own profile, reached over a named pipe."""

    def __init__(self, soffice: str, profile: Path) -> None:
        self.pipe = f"kinerja-{uuid.uuid4().hex}"
        write_profile(profile)
        cmd = [
            soffice,
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nofirststartwizard",
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext",
        ]
        # Own session: soffice is a shell script that execs oosplash, which
        # forks soffice.bin; killing the group gets them all.
        self.proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env=office_environment(),
        )
        self.desktop = self._connect(timeout=60.0)

    def _connect(self, timeout: float) -> Any:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        url = f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext"
        deadline = time.monotonic() + timeout
        while True:
            try:
                ctx = resolver.resolve(url)
                return ctx.ServiceManager.createInstanceWithContext(
                    "com.sun.star.frame.Desktop", ctx
                )
            except Exception:
                if self.proc.poll() is not None and self.proc.returncode != 81:
                    raise RuntimeError(
                        f"soffice exited with status {self.proc.returncode}"
                    ) from None
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def convert(self, src: Path, dst: Path, pdfa: int) -> None:
        ext = src.suffix.lower()
        if ext not in IMPORT_FILTERS:
            raise ValueError(f"unsupported input type {ext!r}")
        if pdfa not in (0, 1, 2, 3):  # 0: a plain PDF (jobs.PLAIN_PDF)
            raise ValueError(f"unsupported PDF/A level {pdfa!r}")
        doc = self.desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(str(src.resolve())),
            "_blank",
            0,
            props(Hidden=True, ReadOnly=True, FilterName=IMPORT_FILTERS[ext]),
        )
        if doc is None:
            raise LoadError("LibreOffice could not load the document")
        try:
            if hasattr(doc, "getDocumentIndexes"):
                # --convert-to prints a stale TOC; updating here puts the
                # right page numbers in (one pass is enough, TOOLCHAIN.md).
                indexes = doc.getDocumentIndexes()
                for i in range(indexes.getCount()):
                    indexes.getByIndex(i).update()
                doc.getTextFields().refresh()
            options: dict[str, Any] = {"SelectPdfVersion": pdfa, "UseLosslessCompression": True}
            if pdfa == 0:
                options["UseTaggedPDF"] = False  # a PDF/A is always tagged
            if ext == ".docx":
                # Bookmarks become named destinations: a document converted in parts finds
                # its index entries' pages by them (generator/convert/parts.py).
                options["ExportBookmarksToPDFDestination"] = True
            filter_data = uno.Any("[]com.sun.star.beans.PropertyValue", props(**options))
            dst.parent.mkdir(parents=True, exist_ok=True)
            doc.storeToURL(
                uno.systemPathToFileUrl(str(dst.resolve())),
                props(FilterName=EXPORT_FILTERS[ext], Overwrite=True, FilterData=filter_data),
            )
        finally:
            doc.close(True)

    def lost(self, exc: BaseException) -> bool:
        """Whether ``exc`` means the office itself is gone, not just this document.

        When the office is killed the bridge reports DisposedException before oosplash
        has been reaped, so ``poll()`` alone can still say "running": a document would
        then be answered as a failed export and retried on the same dead office.
        """
        bridge_gone = type(exc).__name__ == "DisposedException" or any(
            marker in str(exc) for marker in ("URP-Bridge", "URP bridge", "disposed")
        )
        if bridge_gone:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(5)
            return True
        return self.proc.poll() is not None

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.desktop.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(5)
        with contextlib.suppress(OSError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profile", required=True, type=Path)
    parser.add_argument("--soffice", default="soffice")
    args = parser.parse_args()
    parent = os.getppid()  # read first: kinerja may die while the office is starting
    try:
        office = Office(args.soffice, args.profile)
    except Exception as exc:
        send({"ready": False, "error": f"{type(exc).__name__}: {exc}"})
        return 1

    def on_term(signum: int, frame: Any) -> None:
        office.stop()
        os._exit(0)

    signal.signal(signal.SIGTERM, on_term)

    def orphaned() -> None:
        # A kinerja killed with SIGKILL cannot stop its workers, and end of stdin is only
        # read between documents: without this the office would go on writing the PDF of
        # a run that no longer exists (into a folder the next run is cleaning up).
        while os.getppid() == parent:
            time.sleep(0.2)
        office.stop()
        os._exit(0)

    threading.Thread(target=orphaned, daemon=True).start()
    try:
        send({"ready": True, "pid": office.proc.pid})
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                job = json.loads(line)
                office.convert(Path(job["src"]), Path(job["dst"]), int(job.get("pdfa", 2)))
            except Exception as exc:
                if office.lost(exc):
                    # The office died: exit without an answer, so that the pool
                    # restarts this worker and retries the document.
                    return 3
                kind = "load" if isinstance(exc, LoadError) else "export"
                send({"ok": False, "kind": kind, "error": f"{type(exc).__name__}: {exc}"})
            else:
                send({"ok": True})
    finally:
        office.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
