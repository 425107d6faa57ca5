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
from generator.convert import convert_documents
from generator.convert.jobs import OnDone
from generator.documents.formulir.sheet import MAX_ROW_PT, span_width, text_height
from generator.errors import ManifestError
from generator.intake.identity import read_identity
from generator.workspace.folder import Workspace

COPY_FOLDER = "pdf/.salinan"


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


def _printable(ws: Workspace, source: Path, copies: Path) -> Path:
    received = ws.folder("formulir_terisi").resolve()
    if source.suffix.lower() == ".xlsx" and received in source.resolve().parents:
        return print_copy(source, copies)
    return source


def workspace_pdfs(
    ws: Workspace, sources: Sequence[Path], on_done: OnDone | None = None
) -> dict[Path, Path]:
    """Source (absolute, inside the workspace) -> its PDF/A-2b in ``pdf/``."""
    printable = {source: _printable(ws, source, ws.path(COPY_FOLDER)) for source in sources}
    converted = convert_documents(
        list(dict.fromkeys(printable.values())),
        ws.folder("pdf"),
        cache_dir=ws.path("pdf/.cache"),
        on_done=on_done,
    )
    return {source: converted[copy] for source, copy in printable.items()}


def fresh_pdfs(
    ws: Workspace,
    sources: dict[Path, str],
    staging: Path,
    on_done: OnDone | None = None,
) -> dict[Path, Path]:
    """Source -> a PDF/A-2b converted now, into ``staging``, from the source whose SHA-256 is
    given (the one the manifest records). No cached or earlier PDF is used: a PDF on disk
    can be replaced by anyone who can write the workspace, the recorded original cannot
    without the manifest noticing. A source that differs from its record is refused."""
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
    printable = {source: _printable(ws, source, copies) for source in sources}
    converted = convert_documents(
        list(dict.fromkeys(printable.values())), staging / "pdf", cache_dir=None, on_done=on_done
    )
    return {source: converted[copy] for source, copy in printable.items()}
