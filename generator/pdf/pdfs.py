"""PDF/A of the documents of a workspace, for printing (`cetak`) and for the archive (`arsip`).

Both go through the project's converter with the workspace's cache (an unchanged document is
never converted twice). A received formulir is printed from a copy whose fill-in rows are tall
enough for what the Bidang typed: a spreadsheet does not grow a row whose height was set, so
a long Keterangan would be cut off on paper. The received file itself is never changed; the
copy is made once per content (its folder is named by the SHA-256 of the received bytes).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.utils import column_index_from_string

from generator.base.fsutil import atomic_write_bytes, sha256_file
from generator.convert import convert_documents, current_session, validate_source
from generator.convert.cache import WORKSPACE_CACHE, ConversionCache, source_key
from generator.convert.jobs import OnDone
from generator.documents.formulir.sheet import MAX_ROW_PT, span_width, text_height
from generator.intake.identity import read_identity
from generator.workspace.folder import Workspace

COPY_FOLDER = "pdf/.salinan"
CACHE_FOLDER = WORKSPACE_CACHE
PDFA = 2


def print_copy(source: Path, folder: Path) -> Path:
    """``source`` (a filled formulir) with its fill-in rows refitted to their text."""
    target = folder / sha256_file(source)[:16] / source.name
    if target.is_file():
        return target
    wb = openpyxl.load_workbook(source)
    ident = read_identity(wb, source)
    ws = wb[ident.lembar]
    rows = [(b.baris, ident.kolom_indikator) for b in ident.indikator]
    rows += [(a.baris, ident.kolom_anggaran) for a in ident.anggaran]
    for row, columns in rows:
        needed = 0.0
        for letter in columns.values():
            cell = ws[f"{letter}{row}"]
            if cell.value is None or cell.value == "":
                continue
            huruf = cell.font.name if cell.font and cell.font.name else "Arial"
            width = span_width(ws, row, column_index_from_string(letter))
            needed = max(needed, text_height(width, str(cell.value), huruf))
        current = ws.row_dimensions[row].height or 0.0
        if needed > current:
            ws.row_dimensions[row].height = min(MAX_ROW_PT, needed)
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_suffix(".tmp.xlsx")
    wb.save(staged)
    atomic_write_bytes(target, staged.read_bytes())
    staged.unlink()
    return target


def _printable(ws: Workspace, source: Path) -> Path:
    received = ws.folder("formulir_terisi").resolve()
    if source.suffix.lower() == ".xlsx" and received in source.resolve().parents:
        return print_copy(source, ws.path(COPY_FOLDER))
    return source


CONVERTIBLE = (".docx", ".xlsx")


def prefetch_workspace(ws: Workspace) -> int:
    """Hand every document version of ``ws`` that has no PDF yet to the open converter session.

    Returns how many were queued. They are converted into the workspace's cache in the
    background while the caller goes on; a later ``workspace_pdfs`` (cetak, arsip) finds them
    there or waits for the one in flight. Without an open session it does nothing.
    """
    session = current_session()
    if session is None:
        return 0
    cache = ConversionCache(ws.path(CACHE_FOLDER))
    queued = 0
    for doc in ws.snapshot().data.dokumen:
        for version in doc.versions:
            if version.pdf is not None or not version.path.lower().endswith(CONVERTIBLE):
                continue
            source = _printable(ws, ws.path(version.path))
            if validate_source(source) is None:
                session.prefetch(source, source_key(source, PDFA), cache, PDFA)
                queued += 1
    return queued


def workspace_pdfs(
    ws: Workspace, sources: Sequence[Path], on_done: OnDone | None = None
) -> dict[Path, Path]:
    """Source (absolute, inside the workspace) -> its PDF/A-2b in ``pdf/``."""
    printable = {source: _printable(ws, source) for source in sources}
    converted = convert_documents(
        list(dict.fromkeys(printable.values())),
        ws.folder("pdf"),
        cache_dir=ws.path(CACHE_FOLDER),
        pdfa=PDFA,
        on_done=on_done,
    )
    return {source: converted[copy] for source, copy in printable.items()}
