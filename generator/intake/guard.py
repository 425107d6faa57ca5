"""The first gate for a received file: size, zip directory, kind of Office file, then openpyxl.

Nothing is decompressed or parsed before the zip directory says the file is a plausible
workbook; openpyxl then reads it with defusedxml (checked when generator.intake.ingest is imported).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.workbook.workbook import Workbook

from generator.base.angka import format_angka
from generator.base.xlsx import load_workbook
from generator.errors import DependencyError, IngestError, KinerjaError
from generator.intake.limits import MAX_UNCOMPRESSED, MB, check_parts

if not openpyxl.DEFUSEDXML:  # checked at import: received files are untrusted XML
    raise DependencyError(
        "Paket defusedxml belum terpasang; formulir dari luar tidak boleh dibaca tanpanya.",
        hint="Pasang ulang aplikasi: pip install -e . (defusedxml termasuk dependensi).",
    )

# A filled formulir is some tens of kilobytes. Limits on the zip directory, read before any
# member is decompressed (the declared sizes bound what zipfile will inflate).
MAX_MEMBERS = 1000
MAX_RATIO = 100  # XML compresses 5-20x; a bomb 1000x
RATIO_FROM = 1 * MB
DEFAULT_LIMIT_MB = 10.0
SAVE_AS_XLSX = (
    "Buka dengan Excel atau LibreOffice, hapus kata sandi bila ada, lalu simpan sebagai Buku"
    " Kerja Excel (.xlsx) dan kirim berkas .xlsx itu."
)
# OpenDocument files are zips too; their first member names the kind.
_OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.spreadsheet": "lembar kerja OpenDocument (.ods)",
    b"application/vnd.oasis.opendocument.text": "dokumen OpenDocument (.odt)",
}


def read_checked_bytes(path: Path, limit_mb: float = DEFAULT_LIMIT_MB) -> bytes:
    """The file's bytes, after the checks that need no parsing; IngestError with the reason."""
    name = path.name

    def refuse(message: str, hint: str | None = None) -> IngestError:
        return IngestError(message, file=name, hint=hint)

    if not path.is_file():
        raise refuse("Berkas tidak ditemukan.", "Periksa nama dan folder berkas.")
    size = path.stat().st_size
    if size == 0:
        raise refuse("Berkas kosong (0 bita).", "Simpan ulang formulir dari Excel lalu kirim lagi.")
    if size > limit_mb * MB:
        raise refuse(
            f"Berkas terlalu besar ({format_angka(size / MB, 1)} MB; batas {format_angka(limit_mb, 1)} MB).",
            "Formulir yang benar berukuran puluhan kilobita: kirim berkas formulir yang dibagikan.",
        )
    data = path.read_bytes()
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise refuse("Berkas berformat Excel lama (.xls) atau dilindungi kata sandi.", SAVE_AS_XLSX)
    if (kind := opendocument_kind(data)) is not None:
        raise refuse(f"Berkas berformat {kind}, bukan buku kerja Excel.", SAVE_AS_XLSX)
    if data[:4] != b"PK\x03\x04":
        kind = "PDF" if data[:5] == b"%PDF-" else "bukan berkas Office"
        raise refuse(
            f"Berkas ini bukan buku kerja Excel (.xlsx) ({kind}).", "Kirim berkas formulir .xlsx."
        )
    check_zip(data, name)
    return data


def opendocument_kind(data: bytes) -> str | None:
    """The kind of an OpenDocument file: its first zip member is "mimetype", stored."""
    name_len = int.from_bytes(data[26:28], "little")
    extra_len = int.from_bytes(data[28:30], "little")
    if data[:4] != b"PK\x03\x04" or data[30 : 30 + name_len] != b"mimetype":
        return None
    start = 30 + name_len + extra_len
    return next((k for m, k in _OPENDOCUMENT.items() if data[start:].startswith(m)), None)


def check_zip(data: bytes, name: str) -> None:
    """Refuse a damaged zip, a zip bomb, or an Office file that is not a workbook."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError(
            "Berkas rusak (arsip zip tidak utuh).", file=name, hint="Simpan ulang dari Excel."
        ) from exc
    if len(infos) > MAX_MEMBERS:
        raise IngestError(
            f"Berkas memuat {len(infos)} bagian; bukan formulir yang wajar.", file=name
        )
    total = sum(i.file_size for i in infos)
    bomb = [
        i
        for i in infos
        if i.file_size > RATIO_FROM and i.file_size > MAX_RATIO * max(i.compress_size, 1)
    ]
    if total > MAX_UNCOMPRESSED or bomb:
        raise IngestError(
            f"Berkas mengembang menjadi {format_angka(total / MB, 1)} MB saat dibuka (bom zip?); ditolak"
            " tanpa dibuka.",
            file=name,
            hint="Kirim berkas formulir asli yang diisi di Excel.",
        )
    if any(i.flag_bits & 0x1 for i in infos):
        raise IngestError(
            "Berkas terenkripsi.", file=name, hint="Hapus kata sandi lalu simpan ulang."
        )
    names = {i.filename for i in infos}
    if "word/document.xml" in names:
        raise IngestError("Berkas ini dokumen Word (.docx), bukan buku kerja Excel.", file=name)
    if any(n.startswith("ppt/") for n in names):
        raise IngestError("Berkas ini presentasi PowerPoint, bukan buku kerja Excel.", file=name)
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise IngestError("Berkas ini bukan buku kerja Excel (.xlsx).", file=name)
    if "xl/vbaProject.bin" in names:
        raise IngestError(
            "Berkas memuat makro (VBA); formulir tidak boleh bermakro.",
            file=name,
            hint="Simpan sebagai Buku Kerja Excel (.xlsx), bukan .xlsm.",
        )


def open_workbook(data: bytes, name: str) -> Workbook:
    """openpyxl's workbook of checked bytes, once the streamed limits (rows, columns, cells,
    shared strings, styles) have passed: openpyxl never walks more than they allow."""
    check_parts(data, name)
    try:
        # formulas as written, never cached values; external links kept so they can be refused
        return load_workbook(io.BytesIO(data), data_only=False, keep_links=True)
    except KinerjaError:
        raise
    except Exception as exc:  # openpyxl raises many types for damaged parts
        raise IngestError(
            f"Berkas rusak atau tidak dapat dibaca sebagai buku kerja Excel ({type(exc).__name__}).",
            file=name,
            hint="Buka di Excel, simpan ulang sebagai .xlsx, lalu kirim lagi.",
        ) from exc
