"""PDF/A of the documents of a workspace, for printing (`cetak`) and for the archive (`arsip`).

Both go through the project's converter with the workspace's cache (an unchanged document is
never converted twice). A received formulir is printed from its print copy (``print_copy``):
the issued formulir with the values read from the received one, after both files' hashes were
checked against the manifest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.base.fsutil import atomic_write_bytes, sha256_file
from generator.convert import convert_documents, current_session, validate_source
from generator.convert.cache import WORKSPACE_CACHE, ConversionCache, source_key
from generator.convert.jobs import OnDone
from generator.errors import ManifestError
from generator.pdf.print_copy import COPY_FOLDER, copy_path, is_received, print_copy
from generator.workspace.folder import Workspace
from generator.workspace.journal import Journal

__all__ = [
    "COPY_FOLDER",
    "RecordedPdf",
    "fresh_pdfs",
    "prefetch_workspace",
    "print_copy",
    "workspace_pdfs",
]

CACHE_FOLDER = WORKSPACE_CACHE
PDFA = 2
CONVERTIBLE = (".docx", ".xlsx")


def _printable(ws: Workspace, source: Path, copies: Path, journal: Journal) -> Path:
    return print_copy(ws, source, copies, journal) if is_received(ws, source) else source


def prefetch_workspace(ws: Workspace) -> int:
    """Hand every document version of ``ws`` that has no PDF yet to the open converter session.

    Returns how many were queued. They are converted into the workspace's cache in the
    background while the caller goes on; a later ``workspace_pdfs`` (cetak) finds them there
    or waits for the one in flight. Without an open session it does nothing.
    """
    session = current_session()
    if session is None:
        return 0
    cache = ConversionCache(ws.path(CACHE_FOLDER))
    queued = 0
    journal = ws.snapshot()
    for doc in journal.data.dokumen:
        for version in doc.versions:
            if version.pdf is not None or not version.path.lower().endswith(CONVERTIBLE):
                continue
            source = _printable(ws, ws.path(version.path), ws.path(COPY_FOLDER), journal)
            if validate_source(source) is None:
                session.prefetch(source, source_key(source, PDFA), cache, PDFA)
                queued += 1
    return queued


def workspace_pdfs(
    ws: Workspace, sources: Sequence[Path], on_done: OnDone | None = None
) -> dict[Path, Path]:
    """Source (absolute, inside the workspace) -> its PDF/A-2b in ``pdf/``."""
    journal = ws.snapshot()
    copies = ws.path(COPY_FOLDER)
    printable = {source: _printable(ws, source, copies, journal) for source in sources}
    converted = convert_documents(
        list(dict.fromkeys(printable.values())),
        ws.folder("pdf"),
        cache_dir=ws.path(CACHE_FOLDER),
        pdfa=PDFA,
        on_done=on_done,
    )
    return {source: converted[copy] for source, copy in printable.items()}


@dataclass(frozen=True)
class RecordedPdf:
    """What the manifest recorded of a version's PDF (``Journal.attach_pdf``)."""

    pdf_sha256: str
    salinan_sha256: str | None = None  # a received formulir's print copy it was made from


def fresh_pdfs(
    ws: Workspace,
    sources: dict[Path, str],
    staging: Path,
    on_done: OnDone | None = None,
    recorded: Mapping[Path, RecordedPdf] | None = None,
) -> dict[Path, Path]:
    """Source -> a PDF/A-2b in ``staging`` made from the source whose SHA-256 is given (the
    one the manifest records). A PDF on disk can be replaced by anyone who can write the
    workspace, the recorded original cannot without the manifest noticing: so a cached PDF
    is used only when this process's converter made exactly those bytes from exactly this
    source (``witnessed_only``), or when its SHA-256 is the one ``recorded`` (source -> what
    the manifest kept when kinerja's converter made the PDF from that source, or from the
    print copy whose SHA-256 it kept too: that copy is then used, not made again); every
    other document is converted now. A source that differs from its record is refused."""
    for source, expected in sources.items():
        if not source.is_file():
            raise ManifestError("Berkas dokumen yang tercatat di manifest tidak ada.", file=source)
        if sha256_file(source) != expected:
            raise ManifestError(
                "Berkas ini berbeda dari SHA-256 yang tercatat di manifest: isinya diubah"
                " setelah dicatat, sehingga tidak dapat diarsipkan.",
                file=source,
                hint="Kembalikan berkas aslinya dari cadangan (SHA-256 tercatat pada kinerja"
                " status --json), lalu ulangi.",
            )
    copies = staging / "salinan"
    journal = ws.snapshot()
    recorded = recorded or {}
    printable: dict[Path, Path] = {}
    made: dict[Path, str] = {}  # what convert_documents may take from the cache, by hash
    for source in sources:
        record = recorded.get(source)
        kept = _recorded_copy(ws, source, record, copies)
        printable[source] = kept or _printable(ws, source, copies, journal)
        if record is not None and (kept is not None or printable[source] == source):
            made[printable[source]] = record.pdf_sha256
    converted = convert_documents(
        list(dict.fromkeys(printable.values())),
        staging / "pdf",
        cache_dir=ws.path(CACHE_FOLDER),
        witnessed_only=True,
        recorded=made,
        on_done=on_done,
    )
    return {source: converted[copy] for source, copy in printable.items()}


def _recorded_copy(
    ws: Workspace, source: Path, record: RecordedPdf | None, copies: Path
) -> Path | None:
    """The print copy the manifest recorded for the received formulir ``source``, written into
    ``copies`` from bytes read once and checked; None when there is none, or it changed."""
    if record is None or record.salinan_sha256 is None or not is_received(ws, source):
        return None
    kept = copy_path(ws.path(COPY_FOLDER), sha256_file(source), source.name)
    try:
        data = kept.read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != record.salinan_sha256:
        return None
    target = copy_path(copies, sha256_file(source), source.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, data)
    return target
