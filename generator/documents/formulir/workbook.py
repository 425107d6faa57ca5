"""Formulir pengumpulan data capaian kinerja (SOP steps 2-3): one workbook per Bidang.

The layout comes from ``templates/formulir.xlsx``: every place the code fills is a defined name
(docs/templates.md), the two tables are found by their header cells, and the row below each
table's column-number row is the model row copied once per indicator / budget line. Everything
the office typed into the template (kop, fonts, colours, widths) is kept.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from openpyxl.drawing.image import Image
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from generator.base.forkmap import fork_map
from generator.base.fsutil import atomic_write_bytes, sha256_bytes
from generator.base.periode import Periode
from generator.base.tanggal import waktu_id
from generator.base.xlsx import load_workbook
from generator.documents.formulir.sheet import (
    LINE_PT,
    MAX_ROW_PT,
    column_width,
    expand_rows,
    fit_height,
    paginate,
    protect_sheet,
    put_text,
    text_height,
)
from generator.documents.qr import QR_WIDTH_MM, SIDIK_LEN, qr_payload, qr_png_bytes
from generator.documents.render import clean_text, template_path
from generator.errors import TemplateError
from generator.inputs.indikator import Anggaran, Indikator
from generator.inputs.org import Bidang, Organisasi
from generator.intake.identity import BarisAnggaran, BarisIndikator, Identitas, write_identity
from generator.intake.limits import visible_sheets
from generator.workspace.folder import Workspace
from generator.workspace.service import actor

TEMPLATE_NAME = "formulir.xlsx"
SCALAR_NAMES = (
    "kop_pemda", "kop_instansi", "kop_alamat", "judul_periode", "isi_instansi", "isi_bidang",
    "isi_periode", "isi_batas_waktu", "isi_nomor_dokumen", "ttd_tempat_tanggal", "ttd_jabatan",
    "ttd_nama", "ttd_pangkat", "ttd_nip",
)  # fmt: skip
TABLE_NAMES = ("tabel_indikator", "baris_indikator", "tabel_anggaran", "baris_anggaran")
HEADERS_INDIKATOR = (
    "No",
    "Sasaran",
    "Indikator",
    "Satuan",
    "Target",
    "Polaritas",
    "Realisasi",
    "Keterangan",
)
HEADERS_ANGGARAN = ("No", "Program", "Kegiatan", "Pagu", "Realisasi Anggaran")
ISIAN_INDIKATOR = ("Realisasi", "Keterangan")
ISIAN_ANGGARAN = ("Realisasi Anggaran",)
# Steps between generating the formulir and the Bidang's deadline: order (3), distribute (4), fill (5).
DEADLINE_STEPS = (3, 4, 5)
# Excel's paperSize enumeration (ECMA-376 Part 1, 18.18.43 ST_PaperSize): 9 = A4 (210 x 297 mm),
# 14 = Folio 8.5 x 13 in (215.9 x 330.2 mm), the size Indonesian offices call F4 (215 x 330 mm).
# LibreOffice maps 14 to its "Folio"/"F4" page as well (measured: see docs/templates.md).
PAPER = {"A4": 9, "F4": 14}
POLARITAS = {"positif": "Positif", "negatif": "Negatif"}
# [$-421] = Indonesian: LibreOffice then prints 1.234,5 whatever its own locale (Excel takes the
# separators from the computer's regional settings either way).
BULAT = "[$-421]#,##0"
DESIMAL = "[$-421]#,##0.##"
ANGKA_ISIAN = "[$-421]General"
ISIAN_MIN_PT = 2 * LINE_PT + 3  # a fill-in row: two written lines


@dataclass(frozen=True)
class Area:
    row: int
    col_min: int
    col_max: int


@dataclass(frozen=True)
class FormulirBaru:
    kode_bidang: str
    doc_id: str
    versi: int
    path: Path
    sha256: str
    checksum: str


@dataclass(frozen=True)
class IsiFormulir:
    """Everything one workbook shows."""

    org: Organisasi
    bidang: Bidang
    periode: Periode
    indikator: list[Indikator]
    anggaran: list[Anggaran]
    workspace_id: str
    doc_id: str
    versi: int
    batas_waktu: str
    # the year the Bidang fills and signs (that of the deadline; an annual periode is reported
    # in the following year); 0 = the periode's year
    tahun_isi: int = 0


def generate_formulir(
    ws: Workspace, oleh: str | None = None, template: Path | None = None
) -> list[FormulirBaru]:
    """Write one formulir per Bidang, register them, mark steps 2 and 3 done."""
    template = template or template_path(TEMPLATE_NAME, ws.root)
    inputs = ws.inputs
    org, master = inputs.org, inputs.master
    calendar = org.waktu_kerja.calendar()
    made: list[FormulirBaru] = []
    with ws.transaction(actor(ws, "kasubag", oleh)) as journal:
        journal.require_done(1, "Penyiapan formulir")
        minutes = sum(
            journal.sop.step(no).baku_menit(calendar.jam_per_hari) for no in DEADLINE_STEPS
        )
        batas_moment = calendar.add_working_minutes(ws.clock(), minutes)
        batas = waktu_id(batas_moment, zona=calendar.zona)
        planned: list[tuple[str, IsiFormulir]] = []
        for bidang in org.bidang:
            key = f"formulir:{bidang.kode}"
            judul = f"Formulir Pengumpulan Data Capaian Kinerja {bidang.nama}"
            doc = journal.reserve_document(key, "formulir", 2, judul, bidang=bidang.kode)
            versi = journal.next_version_number(key)
            isi = IsiFormulir(
                org, bidang, ws.periode, master.for_bidang(bidang.kode), master.anggaran_for_bidang(bidang.kode),
                journal.data.workspace_id, doc.id, versi, batas, batas_moment.year,
            )  # fmt: skip
            planned.append((key, isi))
        # a formulir takes about 0.1 s: forking pays from about eight Bidang on
        rendered = fork_map(_render, [(template, isi) for _, isi in planned], minimum=8)
        for (key, isi), (data, ident) in zip(planned, rendered, strict=True):
            path = ws.folder("formulir") / f"formulir-{isi.bidang.kode}-v{isi.versi}.xlsx"
            atomic_write_bytes(path, data)
            digest = sha256_bytes(data)
            meta = {
                "checksum": ident.checksum,
                "sidik": ident.checksum[:SIDIK_LEN],
                "qr": qr_payload(isi.doc_id, ident.workspace_id, ident.checksum),
                "lembar_terlihat": visible_sheets(data, path.name),
            }
            journal.register_version(key, ws.relative(path), digest, meta=meta)
            made.append(
                FormulirBaru(isi.bidang.kode, isi.doc_id, isi.versi, path, digest, ident.checksum)
            )
        journal.finish_step(2)
        journal.finish_step(3)
    return made


def _render(job: tuple[Path, IsiFormulir]) -> tuple[bytes, Identitas]:
    """One Bidang's formulir (in a forked child when there are several)."""
    return render_formulir(*job)


# -- template --------------------------------------------------------------------------------


def load_template(template: Path) -> tuple[Workbook, Worksheet, dict[str, Area]]:
    """Open the template and find every named place; TemplateError listing all that is missing."""
    if not template.is_file():
        raise TemplateError("Templat formulir tidak ditemukan.", file=template)
    try:
        wb = load_workbook(template)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise TemplateError(f"Templat formulir tidak dapat dibuka: {exc}", file=template) from exc
    areas: dict[str, Area] = {}
    missing: list[str] = []
    sheets: set[str] = set()
    for name in SCALAR_NAMES + TABLE_NAMES:
        defined = wb.defined_names.get(name)
        dests = list(defined.destinations) if defined is not None else []
        if len(dests) != 1 or dests[0][0] not in wb.sheetnames:
            missing.append(f"nama sel '{name}'")
            continue
        sheet, ref = dests[0]
        sheets.add(sheet)
        cells = ref.replace("$", "").split(":")
        first, last = wb[sheet][cells[0]], wb[sheet][cells[-1]]
        areas[name] = Area(int(first.row), int(first.column), int(last.column))
    if len(sheets) > 1:
        missing.append("semua nama sel pada satu lembar")
    sheet_ws = wb[sheets.pop()] if len(sheets) == 1 else wb.worksheets[0]
    for table, headers in (
        ("tabel_indikator", HEADERS_INDIKATOR),
        ("tabel_anggaran", HEADERS_ANGGARAN),
    ):
        if table in areas:
            found = header_columns(sheet_ws, areas[table])
            missing.extend(f"judul kolom '{h}' di {table}" for h in headers if h not in found)
    if missing:
        raise TemplateError(
            "Templat formulir tidak lengkap; yang hilang: " + ", ".join(missing) + ".",
            file=template,
            hint="Kembalikan nama sel/judul kolom itu (Rumus > Pengelola Nama), atau pakai templat bawaan.",
        )
    order = ["tabel_indikator", "baris_indikator", "tabel_anggaran", "baris_anggaran"]
    if [areas[n].row for n in order] != sorted({areas[n].row for n in order}):
        raise TemplateError(
            "Urutan tabel templat formulir salah: tabel_indikator, baris_indikator, tabel_anggaran,"
            " baris_anggaran harus berurutan dari atas ke bawah.",
            file=template,
        )
    return wb, sheet_ws, areas


def header_columns(ws: Worksheet, area: Area) -> dict[str, str]:
    """Header text -> column letter for a header row (merged header cells count once)."""
    found: dict[str, str] = {}
    for col in range(area.col_min, area.col_max + 1):
        value = ws.cell(area.row, col).value
        if isinstance(value, str) and value.strip():
            found.setdefault(value.strip(), get_column_letter(col))
    return found


# -- rendering -------------------------------------------------------------------------------


def _number_format(value: float) -> str:
    return BULAT if float(value).is_integer() else DESIMAL


def _alamat(org: Organisasi) -> str:
    parts = [org.alamat + (f" {org.kode_pos}" if org.kode_pos else "")]
    parts += [
        f"{label} {v}" for label, v in (("Telp.", org.telepon), ("Faks.", org.faksimile)) if v
    ]
    parts += [f"{label}: {v}" for label, v in (("Surel", org.email), ("Laman", org.laman)) if v]
    return ", ".join(parts)


def _fill_scalars(ws: Worksheet, areas: dict[str, Area], isi: IsiFormulir) -> None:
    org, kabid = isi.org, isi.bidang.kepala
    jabatan = kabid.jabatan if kabid.status == "definitif" else f"{kabid.status} {kabid.jabatan}"
    values = {
        "kop_pemda": org.pemerintah_daerah.upper(),
        "kop_instansi": org.instansi_kapital,
        "kop_alamat": _alamat(org),
        "judul_periode": isi.periode.label.upper(),
        "isi_instansi": org.instansi,
        "isi_bidang": isi.bidang.nama,
        "isi_periode": isi.periode.label,
        "isi_batas_waktu": isi.batas_waktu,
        "isi_nomor_dokumen": f"{isi.doc_id} (versi {isi.versi})",
        "ttd_tempat_tanggal": (
            f"{org.kota}, .............................. {isi.tahun_isi or isi.periode.tahun}"
        ),
        "ttd_jabatan": jabatan,
        "ttd_nama": kabid.nama,
        "ttd_pangkat": kabid.pangkat_golongan,
        "ttd_nip": f"NIP. {kabid.nip_tampil}",
    }
    for name, text in values.items():
        area = areas[name]
        put_text(ws, area.row, area.col_min, text)
    for name in ("kop_alamat", "isi_instansi", "isi_bidang", "ttd_jabatan", "ttd_nama"):
        area = areas[name]
        fit_height(ws, area.row, {get_column_letter(area.col_min): values[name]}, huruf=org.huruf)


def _fill_indikator(
    ws: Worksheet, row: int, cols: dict[str, str], isi: IsiFormulir
) -> list[BarisIndikator]:
    rows: list[BarisIndikator] = []
    for i, ind in enumerate(isi.indikator):
        r = row + i
        polaritas = POLARITAS.get(ind.polaritas, ind.polaritas)
        # a sasaran shared by consecutive rows is printed once, merged down (as offices do)
        sasaran = "" if i and isi.indikator[i - 1].sasaran == ind.sasaran else ind.sasaran
        baris = BarisIndikator(
            ind.kode, r, i + 1, clean_text(sasaran), clean_text(ind.indikator),
            clean_text(ind.satuan), float(ind.target), clean_text(polaritas),
        )  # fmt: skip
        ws[f"{cols['No']}{r}"] = i + 1
        for header, text in (
            ("Sasaran", sasaran),
            ("Indikator", ind.indikator),
            ("Satuan", ind.satuan),
        ):
            put_text(ws, r, cols[header], text)
        put_text(ws, r, cols["Polaritas"], polaritas)
        target = ws[f"{cols['Target']}{r}"]
        target.value = baris.target
        target.number_format = _number_format(baris.target)
        ws[f"{cols['Realisasi']}{r}"].number_format = ANGKA_ISIAN
        # at least two lines: room to write a realisasi and a keterangan by hand
        fit_height(
            ws,
            r,
            {cols["Indikator"]: ind.indikator, cols["Satuan"]: ind.satuan},
            minimum=ISIAN_MIN_PT,
            huruf=isi.org.huruf,
        )
        rows.append(baris)
    _merge_sasaran(ws, rows, cols["Sasaran"], isi.org.huruf)
    return rows


def _merge_sasaran(ws: Worksheet, rows: list[BarisIndikator], col: str, huruf: str) -> None:
    starts = [i for i, b in enumerate(rows) if b.sasaran]
    width = column_width(ws, col)
    for n, first in enumerate(starts):
        last = (starts[n + 1] if n + 1 < len(starts) else len(rows)) - 1
        top, bottom = rows[first].baris, rows[last].baris
        if bottom > top:
            ws.merge_cells(f"{col}{top}:{col}{bottom}")
        have = sum(ws.row_dimensions[r].height or LINE_PT for r in range(top, bottom + 1))
        need = text_height(width, rows[first].sasaran, huruf)
        if need > have:
            current = ws.row_dimensions[bottom].height or LINE_PT
            ws.row_dimensions[bottom].height = min(MAX_ROW_PT, current + need - have)


def _fill_anggaran(
    ws: Worksheet, row: int, cols: dict[str, str], isi: IsiFormulir
) -> list[BarisAnggaran]:
    rows: list[BarisAnggaran] = []
    for i, ang in enumerate(isi.anggaran):
        r = row + i
        ws[f"{cols['No']}{r}"] = i + 1
        put_text(ws, r, cols["Program"], ang.program)
        put_text(ws, r, cols["Kegiatan"], ang.kegiatan)
        ws[f"{cols['Pagu']}{r}"] = float(ang.pagu)
        ws[f"{cols['Pagu']}{r}"].number_format = BULAT
        ws[f"{cols['Realisasi Anggaran']}{r}"].number_format = BULAT
        fit_height(
            ws,
            r,
            {cols["Program"]: ang.program, cols["Kegiatan"]: ang.kegiatan},
            minimum=ISIAN_MIN_PT,
            huruf=isi.org.huruf,
        )
        program, kegiatan = clean_text(ang.program), clean_text(ang.kegiatan)
        rows.append(BarisAnggaran(ang.kode, r, i + 1, program, kegiatan, float(ang.pagu)))
    return rows


def _placeholder(ws: Worksheet, row: int, cols: dict[str, str], text: str) -> None:
    second = list(cols.values())[1]
    put_text(ws, row, second, text)


def _validations(
    ws: Worksheet,
    ind: list[BarisIndikator],
    ang: list[BarisAnggaran],
    ci: dict[str, str],
    ca: dict[str, str],
) -> None:
    ws.data_validations.dataValidation = []  # a template's own rules would point at shifted rows
    for b in ind:
        dv = DataValidation(
            type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
        )
        dv.promptTitle, dv.errorTitle, dv.errorStyle = "Realisasi", "Isian bukan angka", "stop"
        dv.prompt = f"Isi angka realisasi ({b.satuan[:60]}), target {b.target:g}. Desimal dengan koma, tanpa teks."[
            :250
        ]
        dv.error = "Realisasi harus berupa angka 0 atau lebih, tanpa huruf atau rumus. Contoh: 85,5"
        dv.showInputMessage = dv.showErrorMessage = True
        dv.add(f"{ci['Realisasi']}{b.baris}")
        ws.add_data_validation(dv)
    if ind:
        ket = DataValidation(
            type="textLength", operator="lessThanOrEqual", formula1="2000", allow_blank=True
        )
        ket.promptTitle, ket.prompt = (
            "Keterangan",
            "Tuliskan kendala dan upaya (terutama bila target tidak tercapai).",
        )
        ket.errorTitle, ket.error = "Terlalu panjang", "Keterangan paling banyak 2.000 huruf."
        ket.showInputMessage = ket.showErrorMessage = True
        ket.add(f"{ci['Keterangan']}{ind[0].baris}:{ci['Keterangan']}{ind[-1].baris}")
        ws.add_data_validation(ket)
    if ang:
        col = ca["Realisasi Anggaran"]
        dv = DataValidation(
            type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
        )
        dv.promptTitle, dv.prompt = (
            "Realisasi Anggaran",
            "Isi realisasi anggaran dalam rupiah, angka saja (contoh 125000000).",
        )
        dv.errorTitle, dv.error = (
            "Isian bukan angka",
            "Realisasi anggaran harus berupa angka 0 atau lebih, tanpa huruf atau rumus.",
        )
        dv.showInputMessage = dv.showErrorMessage = True
        dv.add(f"{col}{ang[0].baris}:{col}{ang[-1].baris}")
        ws.add_data_validation(dv)


def _page_setup(ws: Worksheet, isi: IsiFormulir, last_col: int) -> None:
    ws.print_area = f"A1:{get_column_letter(last_col)}{ws.max_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER[isi.org.kertas]
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddFooter.left.text = f"{isi.doc_id} versi {isi.versi}"
    ws.oddFooter.right.text = "Halaman &P dari &N"
    ws.oddFooter.left.size = ws.oddFooter.right.size = 8
    # the org's font, as in the cells (the spreadsheet's default would be Calibri/Carlito)
    ws.oddFooter.left.font = ws.oddFooter.right.font = f"{isi.org.huruf},Regular"


def _add_qr(ws: Worksheet, ident: Identitas, anchor: str) -> None:
    """The QR code every document carries (doc id | workspace | sidik), beside the title; the
    sidik of a formulir is the start of its identity checksum. The footer carries the same."""
    payload = qr_payload(ident.doc_id, ident.workspace_id, ident.checksum)
    image = Image(io.BytesIO(qr_png_bytes(payload)))
    image.width = image.height = round(QR_WIDTH_MM / 25.4 * 96)
    ws.add_image(image, anchor)
    ws.oddFooter.left.text = (
        f"{ident.doc_id} versi {ident.versi} · sidik {ident.checksum[:SIDIK_LEN]}"
    )


def render_formulir(template: Path, isi: IsiFormulir) -> tuple[bytes, Identitas]:
    """The workbook of one Bidang as bytes, and the identity it carries."""
    wb, ws, areas = load_template(template)
    ci = header_columns(ws, areas["tabel_indikator"])
    ca = header_columns(ws, areas["tabel_anggaran"])
    _fill_scalars(ws, areas, isi)
    row_ind, row_ang = areas["baris_indikator"].row, areas["baris_anggaran"].row
    n_ind, n_ang = len(isi.indikator), len(isi.anggaran)
    expand_rows(ws, row_ang, n_ang)  # bottom table first: the rows above keep their numbers
    expand_rows(ws, row_ind, n_ind)
    shift = max(n_ind, 1) - 1
    row_ang += shift
    ind = _fill_indikator(ws, row_ind, ci, isi)
    ang = _fill_anggaran(ws, row_ang, ca, isi)
    if not ind:
        _placeholder(ws, row_ind, ci, "(tidak ada indikator untuk bidang ini)")
    if not ang:
        _placeholder(ws, row_ang, ca, "(tidak ada kegiatan untuk bidang ini)")
    fill_in = {f"{ci[h]}{b.baris}" for b in ind for h in ISIAN_INDIKATOR}
    fill_in |= {f"{ca[h]}{b.baris}" for b in ang for h in ISIAN_ANGGARAN}
    for merged in ws.merged_cells.ranges:  # a merged fill-in cell is unlocked as a whole
        if merged.start_cell.coordinate in fill_in:
            fill_in |= {f"{get_column_letter(c)}{r}" for r, c in merged.cells}
    _validations(ws, ind, ang, ci, ca)
    protect_sheet(ws, fill_in, isi.org.huruf)
    for name in list(wb.defined_names):
        del wb.defined_names[name]  # they point at the template's rows, not these
    last_col = max(areas["tabel_indikator"].col_max, areas["tabel_anggaran"].col_max)
    _page_setup(ws, isi, last_col)
    titles = (areas["tabel_indikator"].row, areas["baris_indikator"].row - 1)
    paginate(ws, isi.org.kertas, row_ind + max(n_ind, 1), titles)
    ident = Identitas(
        workspace_id=isi.workspace_id, periode=str(isi.periode), kode_bidang=isi.bidang.kode,
        doc_id=isi.doc_id, versi=isi.versi, lembar=ws.title,
        baris_header_indikator=areas["tabel_indikator"].row, baris_header_anggaran=areas["tabel_anggaran"].row + shift,
        baris_terakhir=ws.max_row, kolom_indikator=ci, kolom_anggaran=ca, indikator=tuple(ind), anggaran=tuple(ang),
    ).sealed()  # fmt: skip
    title = areas["judul_periode"]
    _add_qr(ws, ident, f"{get_column_letter(last_col)}{max(1, title.row - 1)}")
    write_identity(wb, ident)
    wb.active = wb.worksheets.index(ws)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), ident
