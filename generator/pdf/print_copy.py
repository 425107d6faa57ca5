"""The printable copy of a received formulir: what is shown is what was read.

A received workbook carries whatever its sender put in it: a number format that prints 10 as
"77,00", a white font, a hidden row, a decoy sheet. None of that may reach paper or the archive.
So the copy is the formulir as it was issued (our own file, its hash checked) with the values
ingest read from the received file (its hash checked too) written into the fill-in cells, in
the template's own number formats and fonts. Fill-in rows are then made tall enough for what
the Bidang typed: a spreadsheet does not grow a row whose height was set, so a long Keterangan
would be cut off. The received file itself is never changed; the copy is made once per content
(its folder is named by the SHA-256 of the received bytes).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from generator.base.fsutil import atomic_write_bytes
from generator.base.memo import Memo
from generator.errors import WorkspaceError, literal
from generator.intake.received import read_recorded, received_at
from generator.workspace.folder import Workspace
from generator.workspace.journal import Journal

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from generator.intake.identity import Identitas
    from generator.intake.ingest import Submission

# openpyxl and the formulir's layout (docxtpl comes with it) are imported where a copy is
# made: the archive finds the copies that cetak recorded and never needs them (45 MiB of
# its peak at 2,000 indicators).

COPY_FOLDER = "pdf/.salinan"
LAYOUT = "2"  # bump when the copy is made differently: older copies are then not reused
# Copies made in this process, by the hashes of the received and the issued formulir: the
# archive's fresh copy of a formulir printed a moment ago is then the same bytes (a saved
# workbook carries its save time, so a copy made twice would differ and convert twice).
_MADE: Memo[bytes] = Memo(entries=256, size=64 << 20, weigh=len)


def is_received(ws: Workspace, source: Path) -> bool:
    received = ws.folder("formulir_terisi").resolve()
    return source.suffix.lower() == ".xlsx" and received in source.resolve().parents


def copy_path(folder: Path, received_sha256: str, name: str) -> Path:
    """Where the print copy of the received file with that SHA-256 is made in ``folder``."""
    return folder / f"{received_sha256[:16]}-{LAYOUT}" / name


def print_copy(
    ws: Workspace, source: Path, folder: Path | None = None, journal: Journal | None = None
) -> Path:
    """The printable copy of the received formulir at ``source`` (inside the workspace), made
    in ``folder`` (the workspace's copy folder by default; the archive makes its own afresh).
    ``journal``: a snapshot the caller took already (one for all the copies it asks for)."""
    journal = journal or ws.snapshot()
    found = received_at(journal, ws, source)
    if found is None:
        raise WorkspaceError(
            f"Berkas {literal(source.name)} tidak tercatat sebagai formulir terisi.", file=source
        )
    received = found[1]
    data = read_recorded(ws, received)
    target = copy_path(folder or ws.path(COPY_FOLDER), received.sha256, source.name)
    if target.is_file():
        return target
    from generator.intake.ingest import parse_bytes

    sub = parse_bytes(data, source.name, sebagian=True)
    issued_doc = journal.find(f"formulir:{sub.kode_bidang}")
    if issued_doc is None:
        raise WorkspaceError(f"Formulir {sub.doc_id} tidak tercatat.", file=source)
    issued_version = issued_doc.version(sub.versi_formulir)
    made_key = (received.sha256, issued_version.sha256, LAYOUT)
    made = _MADE.get(made_key)
    if made is None:
        made = _make(read_recorded(ws, issued_version), sub, source)
        _MADE.put(made_key, made)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, made)
    return target


def _make(issued: bytes, sub: Submission, source: Path) -> bytes:
    from generator.base.xlsx import load_workbook
    from generator.intake.identity import read_identity

    wb = load_workbook(io.BytesIO(issued))
    ident = read_identity(wb, source)
    ws_sheet = wb[ident.lembar]
    _write_values(ws_sheet, ident, sub)
    _refit_rows(ws_sheet, ident)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _set(sheet: Worksheet, ref: str, value: float | str | None) -> None:
    cell = sheet[ref]
    cell.value = value if value != "" else None
    if isinstance(value, str):
        cell.data_type = "s"  # text as typed, never a formula


def _write_values(sheet: Worksheet, ident: Identitas, sub: Submission) -> None:
    ci, ca = ident.kolom_indikator, ident.kolom_anggaran
    baris = {b.kode: b.baris for b in ident.indikator}
    for row in sub.rows:
        _set(sheet, f"{ci['Realisasi']}{baris[row.kode]}", row.realisasi)
        _set(sheet, f"{ci['Keterangan']}{baris[row.kode]}", row.keterangan)
    baris_anggaran = {a.kode: a.baris for a in ident.anggaran}
    for line in sub.anggaran:
        _set(sheet, f"{ca['Realisasi Anggaran']}{baris_anggaran[line.kode]}", line.realisasi)


def _refit_rows(sheet: Worksheet, ident: Identitas) -> None:
    from openpyxl.utils import column_index_from_string

    from generator.documents.formulir.sheet import MAX_ROW_PT, span_width, text_height

    rows = [(b.baris, ident.kolom_indikator) for b in ident.indikator]
    rows += [(a.baris, ident.kolom_anggaran) for a in ident.anggaran]
    for row, columns in rows:
        needed = 0.0
        for letter in columns.values():
            cell = sheet[f"{letter}{row}"]
            if cell.value is None or cell.value == "":
                continue
            huruf = cell.font.name if cell.font and cell.font.name else "Arial"
            width = span_width(sheet, row, column_index_from_string(letter))
            needed = max(needed, text_height(width, str(cell.value), huruf))
        current = sheet.row_dimensions[row].height or 0.0
        if needed > current:
            sheet.row_dimensions[row].height = min(MAX_ROW_PT, needed)
