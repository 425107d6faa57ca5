"""Reading and checking a filled formulir (SOP steps 5-6).

Data from people enters the system here, so the order is: the container first (size, zip
directory, what kind of Office file) before any XML is parsed; then the hidden identity (which
Bidang and periode, never the file name); then every cell: the pre-filled part unchanged, every
fill-in cell a number typed by a person (no formula: a cached value is not trusted). Every
problem is collected, so the Bidang fixes them all in one go.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet.worksheet import Worksheet

from generator.base.angka import format_angka, parse_angka
from generator.base.fsutil import sha256_bytes
from generator.base.memo import Memo
from generator.errors import ErrorList, IngestError, literal
from generator.intake.guard import open_workbook, read_checked_bytes
from generator.intake.identity import Identitas, read_identity
from generator.intake.limits import MAX_UNCOMPRESSED, MB
from generator.intake.received import read_recorded
from generator.workspace.folder import Workspace
from generator.workspace.journal import Journal

TITLE = "Formulir ditolak"


@dataclass(frozen=True)
class RealisasiRow:
    kode: str
    realisasi: float | None
    keterangan: str


@dataclass(frozen=True)
class RealisasiAnggaran:
    kode: str
    realisasi: float | None


@dataclass(frozen=True)
class Kosong:
    """An empty fill-in number cell."""

    kolom: str  # "Realisasi" or "Realisasi Anggaran"
    sel: str
    kode: str

    def __str__(self) -> str:
        return f"{self.sel} ({self.kode})"


@dataclass(frozen=True)
class Submission:
    kode_bidang: str
    periode: str
    workspace_id: str
    doc_id: str
    versi_formulir: int
    rows: list[RealisasiRow]
    anggaran: list[RealisasiAnggaran]
    sebagian: bool
    checksum: str = ""
    kosong: list[Kosong] = field(default_factory=list)  # every fill-in number left empty
    lembar: str = "Formulir"
    lembar_terlihat: tuple[str, ...] = ()  # the visible sheets, in workbook order


# -- the cells -------------------------------------------------------------------------------


def _formula(cell: Cell) -> str | None:
    value = cell.value
    if isinstance(value, ArrayFormula | DataTableFormula):
        return str(getattr(value, "text", None) or "rumus")
    if cell.data_type == "f" or (isinstance(value, str) and cell.data_type == "f"):
        return str(value)
    return None


def _same(actual: object, expected: str | float | int) -> bool:
    if isinstance(expected, str):
        return ("" if actual is None else str(actual)) == expected
    if isinstance(actual, bool) or not isinstance(actual, int | float):
        return False
    return abs(float(actual) - float(expected)) <= 1e-9 * max(1.0, abs(float(expected)))


def _shown(value: object) -> str:
    """A cell value as a person reads it: numbers the Indonesian way (78, not 78.0)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return format_angka(value, 6)
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H.%M") if value.time() != time() else f"{value:%d-%m-%Y}"
    if isinstance(value, date):
        return f"{value:%d-%m-%Y}"
    text = "(kosong)" if value is None or value == "" else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Reader:
    """Collects every problem of one workbook."""

    def __init__(self, ws: Worksheet, ident: Identitas, name: str) -> None:
        self.ws, self.ident, self.name = ws, ident, name
        self.problems: list[IngestError] = []

    def problem(
        self,
        message: str,
        cell: str | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.problems.append(
            IngestError(
                message, file=self.name, sheet=self.ws.title, cell=cell, field=field, hint=hint
            )
        )

    def headers(self, row: int, columns: dict[str, str]) -> None:
        for header, col in sorted(columns.items(), key=lambda hc: (len(hc[1]), hc[1])):
            value = self.ws[f"{col}{row}"].value
            if (value.strip() if isinstance(value, str) else value) != header:
                self.problem(
                    f"Judul kolom '{header}' diubah menjadi '{_shown(value)}'.",
                    cell=f"{col}{row}",
                    hint="Kembalikan judul kolom; jangan menyisipkan atau menghapus baris/kolom.",
                )

    def prefilled(
        self, kode: str, row: int, expected: dict[str, str | float | int], columns: dict[str, str]
    ) -> bool:
        """Compare the locked cells of one row; True when they are unchanged."""
        wrong = [
            h for h, v in expected.items() if not _same(self.ws[f"{columns[h]}{row}"].value, v)
        ]
        if not wrong:
            return True
        for shift in (-1, 1, -2, 2, -3, 3):
            if all(
                _same(self.ws[f"{columns[h]}{row + shift}"].value, v)
                for h, v in expected.items()
                if v != ""
            ):
                self.problem(
                    f"Baris {kode} bergeser ke baris {row + shift}: ada baris yang disisipkan atau dihapus.",
                    cell=f"A{row}",
                    field=kode,
                    hint="Isi ulang formulir asli; jangan menyisipkan atau menghapus baris.",
                )
                return False
        for h in wrong:
            ref = f"{columns[h]}{row}"
            self.problem(
                f"{h} ({kode}) diubah: tertulis '{_shown(self.ws[ref].value)}', seharusnya '{_shown(expected[h])}'.",
                cell=ref,
                field=kode,
                hint="Bagian yang sudah terisi tidak boleh diubah; kembalikan isinya.",
            )
        return False

    def number(self, ref: str, kode: str, what: str) -> tuple[float | None, bool]:
        """(value, present) of a fill-in number cell; a problem is recorded when it is wrong."""
        cell = self.ws[ref]
        formula = _formula(cell)
        if formula is not None:
            other = "[" in formula or ".xls" in formula.lower()
            reason = "rumus yang merujuk berkas lain" if other else "rumus"
            self.problem(
                f"{what} ({kode}) berisi {reason} ({_shown(formula)}).",
                cell=ref,
                field=kode,
                hint="Ketik angkanya langsung, bukan rumus.",
            )
            return None, True
        value = cell.value
        if value is None or (isinstance(value, str) and not value.strip()):
            return None, False
        if isinstance(value, datetime | date | time) or cell.data_type in ("d", "e"):
            kind = "galat Excel" if cell.data_type == "e" else "tanggal/jam"
            self.problem(
                f"{what} ({kode}) berisi {kind} '{_shown(value)}', bukan angka.",
                cell=ref,
                field=kode,
                hint="Ketik angka saja, contoh 85,5 (bila Excel mengubahnya menjadi tanggal,"
                " atur format sel menjadi Number lalu ketik ulang).",
            )
            return None, True
        try:
            number = parse_angka(value)
        except ValueError as exc:
            self.problem(
                f"{what} ({kode}): {exc}.",
                cell=ref,
                field=kode,
                hint="Ketik angka saja, contoh 85,5 atau 1.234,5.",
            )
            return None, True
        if number < 0:
            self.problem(
                f"{what} ({kode}) negatif ({_shown(value)}).",
                cell=ref,
                field=kode,
                hint="Realisasi tidak mungkin kurang dari 0.",
            )
            return None, True
        return number, True

    def text(self, ref: str, kode: str, what: str) -> str:
        cell = self.ws[ref]
        formula = _formula(cell)
        if formula is not None:
            self.problem(
                f"{what} ({kode}) berisi rumus ({_shown(formula)}).",
                cell=ref,
                field=kode,
                hint="Tulis keterangan sebagai teks biasa.",
            )
            return ""
        return "" if cell.value is None else str(cell.value).strip()


def inspect_workbook(
    wb: Workbook, name: str, sebagian: bool = False
) -> tuple[Submission | None, list[IngestError]]:
    """Everything that can be checked without the workspace: (submission, problems).

    An empty fill-in number is a problem unless ``sebagian`` (a draft may leave cells empty)."""
    ident = read_identity(wb, Path(name))
    if ident.lembar not in wb.sheetnames:
        visible = [s.title for s in wb.worksheets if s.sheet_state == "visible"]
        guess = f" (diganti nama menjadi '{visible[0]}'?)" if len(visible) == 1 else ""
        raise IngestError(
            f"Lembar '{ident.lembar}' tidak ditemukan{guess}.",
            file=name,
            hint=f"Kembalikan nama lembar menjadi '{ident.lembar}'.",
        )
    if wb[ident.lembar].sheet_state != "visible":
        raise IngestError(
            f"Lembar '{ident.lembar}' disembunyikan; yang tampak dan tercetak harus lembar yang"
            " diisi.",
            file=name,
            sheet=ident.lembar,
            hint="Tampilkan kembali lembar itu (Unhide) dan hapus lembar lain yang ditambahkan.",
        )
    reader = _Reader(wb[ident.lembar], ident, name)
    if getattr(wb, "_external_links", None):
        reader.problem(
            "Buku kerja memuat tautan ke berkas lain.",
            hint="Hapus tautan (Data > Edit Tautan), ketik angkanya langsung.",
        )
    ci, ca = ident.kolom_indikator, ident.kolom_anggaran
    reader.headers(ident.baris_header_indikator, {h: c for h, c in ci.items()})
    reader.headers(ident.baris_header_anggaran, {h: c for h, c in ca.items()})
    rows: list[RealisasiRow] = []
    kosong: list[Kosong] = []
    for b in ident.indikator:
        expected: dict[str, str | float | int] = {
            "No": b.no,
            "Sasaran": b.sasaran,
            "Indikator": b.indikator,
            "Satuan": b.satuan,
            "Target": b.target,
            "Polaritas": b.polaritas,
        }
        if not reader.prefilled(b.kode, b.baris, expected, ci):
            continue
        ref = f"{ci['Realisasi']}{b.baris}"
        value, present = reader.number(ref, b.kode, "Realisasi")
        if not present:
            kosong.append(Kosong("Realisasi", ref, b.kode))
        rows.append(
            RealisasiRow(
                b.kode, value, reader.text(f"{ci['Keterangan']}{b.baris}", b.kode, "Keterangan")
            )
        )
    anggaran: list[RealisasiAnggaran] = []
    for a in ident.anggaran:
        expected_a: dict[str, str | float | int] = {
            "No": a.no,
            "Program": a.program,
            "Kegiatan": a.kegiatan,
            "Pagu": a.pagu,
        }
        if not reader.prefilled(a.kode, a.baris, expected_a, ca):
            continue
        ref = f"{ca['Realisasi Anggaran']}{a.baris}"
        value, present = reader.number(ref, a.kode, "Realisasi Anggaran")
        if not present:
            kosong.append(Kosong("Realisasi Anggaran", ref, a.kode))
        anggaran.append(RealisasiAnggaran(a.kode, value))
    if not sebagian:
        for k in kosong:
            reader.problem(
                f"{k.kolom} ({k.kode}) belum diisi.",
                cell=k.sel,
                field=k.kode,
                hint="Isi angkanya, atau kirim dengan --sebagian sebagai draf.",
            )
    if reader.problems:
        return None, reader.problems
    submission = Submission(
        kode_bidang=ident.kode_bidang, periode=ident.periode, workspace_id=ident.workspace_id,
        doc_id=ident.doc_id, versi_formulir=ident.versi, rows=rows, anggaran=anggaran,
        sebagian=bool(kosong), checksum=ident.checksum, kosong=kosong, lembar=ident.lembar,
        lembar_terlihat=tuple(s.title for s in wb.worksheets if s.sheet_state == "visible"),
    )  # fmt: skip
    return submission, []


# Submissions already read in this process, by the SHA-256 of their bytes: kumpulkan, rekap,
# the print copy and the archive of one run (or of the web server) read the same files.
_PARSED: Memo[Submission] = Memo(entries=256)


def parse_bytes(data: bytes, name: str, sebagian: bool = False) -> Submission:
    """Parse checked bytes; ErrorList of every problem.

    A result depends on the bytes only (``name`` is for messages; ``sebagian`` only decides
    whether empty cells, listed in ``kosong``, are refused), so the same bytes are parsed
    once per process; each caller gets its own copy."""
    key = sha256_bytes(data)
    known = _PARSED.get(key)
    if known is not None and (sebagian or not known.kosong):
        return copy.deepcopy(known)
    wb = open_workbook(data, name)
    try:
        submission, problems = inspect_workbook(wb, name, sebagian)
    finally:
        wb.close()
    if submission is None:
        raise ErrorList(f"{TITLE}: {literal(name)}", problems)
    _PARSED.put(key, copy.deepcopy(submission))
    return submission


def read_submission(path: Path) -> Submission:
    """Read a filled formulir (typically one already accepted into the workspace).

    Empty Realisasi cells are allowed here (``sebagian`` and ``kosong`` tell); any other problem
    raises ErrorList."""
    data = read_checked_bytes(path, limit_mb=MAX_UNCOMPRESSED / MB)
    return parse_bytes(data, path.name, sebagian=True)


def check_workspace(journal: Journal, sub: Submission, name: str) -> list[IngestError]:
    """The formulir belongs to this workspace, periode, and a version that was handed out."""
    if sub.periode != journal.data.periode:
        return [
            IngestError(
                f"Formulir ini untuk periode {sub.periode}, bukan {journal.data.periode}.",
                file=name,
                hint="Kirim formulir periode yang benar.",
            )
        ]
    if sub.workspace_id != journal.data.workspace_id:
        return [
            IngestError(
                f"Formulir ini dibuat di ruang kerja lain ({sub.doc_id}), bukan ruang kerja ini.",
                file=name,
                hint="Kirim formulir yang dibagikan dari ruang kerja ini.",
            )
        ]
    doc = journal.find(f"formulir:{sub.kode_bidang}")
    if doc is None or doc.id != sub.doc_id:
        return [IngestError(f"Formulir {sub.doc_id} tidak tercatat di ruang kerja ini.", file=name)]
    issued = next(
        (
            v
            for v in doc.versions
            if v.versi == sub.versi_formulir and v.meta.get("checksum") == sub.checksum
        ),
        None,
    )
    if issued is None:
        return [
            IngestError(
                f"Formulir {sub.doc_id} versi {sub.versi_formulir} tidak sama dengan yang dibagikan.",
                file=name,
                hint="Isi formulir yang dibagikan, bukan salinan yang diubah.",
            )
        ]
    allowed = set(issued.meta.get("lembar_terlihat") or [sub.lembar])
    return [
        IngestError(
            f"Lembar '{extra}' tidak ada di formulir yang dibagikan; lembar yang tampak dan"
            " tercetak hanya boleh lembar formulir itu sendiri.",
            file=name,
            sheet=extra,
            hint="Hapus lembar itu (atau kembalikan namanya), simpan, lalu kirim lagi.",
        )
        for extra in sub.lembar_terlihat
        if extra not in allowed
    ]


def latest_submissions(ws: Workspace) -> dict[str, Submission]:
    """The latest accepted version of each Bidang's formulir, read from the workspace (its
    bytes checked against the manifest first: a file changed on disk stops the command)."""
    journal = ws.snapshot()
    found: dict[str, Submission] = {}
    for doc in journal.documents("formulir_terisi"):
        if doc.bidang and doc.versions:
            data = read_recorded(ws, doc.latest)
            found[doc.bidang] = parse_bytes(data, Path(doc.latest.path).name, sebagian=True)
    return found
