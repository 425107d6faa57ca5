"""Build templates/formulir.xlsx, the template of the Formulir pengumpulan data capaian kinerja.

The committed xlsx is what users edit (in Excel or LibreOffice Calc); this script only recreates
the starting point: `python templates/build_formulir.py`. The generator finds every place it
fills through a defined name (see docs/templates.md); the two table rows below the headers
(`baris_indikator`, `baris_anggaran`) are the model rows copied once per indicator/budget line,
with their styles, heights and merged cells.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parents[2] / "generator" / "templates"
SHEET = "Formulir"
FONT = "Arial"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FILL_ISIAN = PatternFill("solid", fgColor="FFF2CC")  # light yellow: "isi di sini"
FILL_HEADER = PatternFill("solid", fgColor="D9E1F2")

COLUMNS = {"A": 5.5, "B": 30, "C": 40, "D": 11, "E": 11, "F": 11, "G": 13, "H": 36}
INDIKATOR_HEADERS = [
    "No",
    "Sasaran",
    "Indikator",
    "Satuan",
    "Target",
    "Polaritas",
    "Realisasi",
    "Keterangan",
]
# Budget table: Pagu spans D:E and Realisasi Anggaran F:G (merged in the model row as well).
ANGGARAN_HEADERS = {
    "A": "No",
    "B": "Program",
    "C": "Kegiatan",
    "D": "Pagu",
    "F": "Realisasi Anggaran",
}


def _styles() -> list[NamedStyle]:
    wrap_top = Alignment(wrap_text=True, vertical="top")
    judul = NamedStyle("Formulir Judul", font=Font(name=FONT, size=12, bold=True))
    judul.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    kepala = NamedStyle("Formulir Kepala Tabel", font=Font(name=FONT, size=10, bold=True))
    kepala.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    kepala.border, kepala.fill = BOX, FILL_HEADER
    isi = NamedStyle("Formulir Isi", font=Font(name=FONT, size=10), border=BOX, alignment=wrap_top)
    angka = NamedStyle(
        "Formulir Angka", font=Font(name=FONT, size=10), border=BOX, number_format="#,##0.##"
    )
    angka.alignment = Alignment(horizontal="right", vertical="top", indent=1)
    isian = NamedStyle(
        "Formulir Isian", font=Font(name=FONT, size=10), border=BOX, alignment=wrap_top
    )
    isian.fill, isian.protection = FILL_ISIAN, Protection(locked=False)
    isian_angka = NamedStyle("Formulir Isian Angka", font=Font(name=FONT, size=10), border=BOX)
    isian_angka.number_format = "#,##0.##"
    isian_angka.alignment = Alignment(horizontal="right", vertical="top", indent=1)
    isian_angka.fill, isian_angka.protection = FILL_ISIAN, Protection(locked=False)
    biasa = NamedStyle(
        "Formulir Teks", font=Font(name=FONT, size=10), alignment=Alignment(vertical="top")
    )
    return [judul, kepala, isi, angka, isian, isian_angka, biasa]


def _name(wb: Workbook, name: str, ref: str) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=f"'{SHEET}'!{ref}")


def _put(
    ws: Worksheet, ref: str, value: str | None, style: str, merge_to: str | None = None
) -> None:
    ws[ref].value = value
    ws[ref].style = style
    if merge_to:
        ws.merge_cells(f"{ref}:{merge_to}")


def _kop(wb: Workbook, ws: Worksheet) -> None:
    _put(ws, "A1", "PEMERINTAH KOTA", "Formulir Judul", "H1")
    _put(ws, "A2", "NAMA INSTANSI", "Formulir Judul", "H2")
    ws["A2"].font = Font(name=FONT, size=14, bold=True)
    _put(ws, "A3", "Alamat, telepon, surel", "Formulir Teks", "H3")
    ws["A3"].alignment = Alignment(horizontal="center", wrap_text=True)
    double = Border(bottom=Side(style="double", color="000000"))
    for col in COLUMNS:
        ws[f"{col}3"].border = double
    _put(ws, "A5", "FORMULIR PENGUMPULAN DATA CAPAIAN KINERJA", "Formulir Judul", "H5")
    _put(ws, "A6", "PERIODE", "Formulir Judul", "H6")
    for name, ref in (
        ("kop_pemda", "A1"),
        ("kop_instansi", "A2"),
        ("kop_alamat", "A3"),
        ("judul_periode", "A6"),
    ):
        _name(wb, name, f"${ref[0]}${ref[1:]}")


def _identitas(wb: Workbook, ws: Worksheet) -> None:
    rows = [
        ("Instansi", "isi_instansi"),
        ("Bidang", "isi_bidang"),
        ("Periode", "isi_periode"),
        ("Batas waktu pengisian", "isi_batas_waktu"),
        ("Nomor dokumen", "isi_nomor_dokumen"),
    ]
    for offset, (label, name) in enumerate(rows):
        row = 8 + offset
        _put(ws, f"A{row}", label, "Formulir Teks", f"B{row}")
        _put(ws, f"C{row}", None, "Formulir Teks", f"H{row}")
        ws[f"C{row}"].alignment = Alignment(wrap_text=True, vertical="top")
        _name(wb, name, f"$C${row}")
    ws["C11"].font = Font(name=FONT, size=10, bold=True)
    petunjuk = (
        "Petunjuk: isi hanya sel berwarna kuning (Realisasi, Keterangan, Realisasi Anggaran)."
        " Tulis angka saja, desimal dengan koma (contoh 85,5). Keterangan berisi kendala dan"
        " upaya bila target tidak tercapai. Jangan mengubah, menyisipkan atau menghapus baris."
    )
    _put(ws, "A13", petunjuk, "Formulir Teks", "H13")
    ws["A13"].font = Font(name=FONT, size=9, italic=True)
    ws["A13"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[13].height = 26


def _tabel_indikator(wb: Workbook, ws: Worksheet) -> None:
    _put(ws, "A15", "A. CAPAIAN KINERJA", "Formulir Teks", "H15")
    ws["A15"].font = Font(name=FONT, size=10, bold=True)
    styles = ["Formulir Isi"] * 4 + [
        "Formulir Angka",
        "Formulir Isi",
        "Formulir Isian Angka",
        "Formulir Isian",
    ]
    for i, (col, header) in enumerate(zip(COLUMNS, INDIKATOR_HEADERS, strict=True)):
        _put(ws, f"{col}16", header, "Formulir Kepala Tabel")
        _put(ws, f"{col}17", f"({i + 1})", "Formulir Kepala Tabel")
        _put(ws, f"{col}18", None, styles[i])
    ws["A18"].alignment = Alignment(horizontal="center", vertical="top")
    ws["F18"].alignment = Alignment(horizontal="center", vertical="top", wrap_text=True)
    ws["D18"].alignment = Alignment(horizontal="center", vertical="top", wrap_text=True)
    ws["G18"].number_format = "#,##0.00"
    ws.row_dimensions[16].height = 20
    ws.row_dimensions[17].height = 13
    ws["A17"].font = Font(name=FONT, size=8, italic=True)
    for col in COLUMNS:
        ws[f"{col}17"].font = Font(name=FONT, size=8, italic=True)
    _name(wb, "tabel_indikator", "$A$16:$H$16")
    _name(wb, "baris_indikator", "$A$18:$H$18")


def _tabel_anggaran(wb: Workbook, ws: Worksheet) -> None:
    _put(ws, "A20", "B. REALISASI ANGGARAN (dalam Rupiah)", "Formulir Teks", "H20")
    ws["A20"].font = Font(name=FONT, size=10, bold=True)
    numbers = {"A": "(1)", "B": "(2)", "C": "(3)", "D": "(4)", "F": "(5)"}
    for col in "ABCDEFG":
        _put(ws, f"{col}21", ANGGARAN_HEADERS.get(col), "Formulir Kepala Tabel")
        _put(ws, f"{col}22", numbers.get(col), "Formulir Kepala Tabel")
        ws[f"{col}22"].font = Font(name=FONT, size=8, italic=True)
    for col, style in zip(
        "ABCDEFG",
        ["Formulir Isi"] * 3 + ["Formulir Angka"] * 2 + ["Formulir Isian Angka"] * 2,
        strict=True,
    ):
        _put(ws, f"{col}23", None, style)
    ws["A23"].alignment = Alignment(horizontal="center", vertical="top")
    ws["D23"].number_format = ws["F23"].number_format = "#,##0"
    for row in (21, 22, 23):
        ws.merge_cells(f"D{row}:E{row}")
        ws.merge_cells(f"F{row}:G{row}")
    _name(wb, "tabel_anggaran", "$A$21:$G$21")
    _name(wb, "baris_anggaran", "$A$23:$G$23")


def _tanda_tangan(wb: Workbook, ws: Worksheet) -> None:
    rows = [
        (25, "ttd_tempat_tanggal", "Kota, ......................"),
        (26, "ttd_jabatan", "Kepala Bidang"),
        (30, "ttd_nama", "NAMA"),
        (31, "ttd_pangkat", "Pangkat (Golongan)"),
        (32, "ttd_nip", "NIP. "),
    ]
    for row, name, text in rows:
        _put(ws, f"F{row}", text, "Formulir Teks", f"H{row}")
        ws[f"F{row}"].alignment = Alignment(horizontal="center", vertical="top", wrap_text=True)
        _name(wb, name, f"$F${row}")
    ws["F30"].font = Font(name=FONT, size=10, bold=True, underline="single")


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    for style in _styles():
        wb.add_named_style(style)
    for col, width in COLUMNS.items():
        ws.column_dimensions[col].width = width
    _kop(wb, ws)
    _identitas(wb, ws)
    _tabel_indikator(wb, ws)
    _tabel_anggaran(wb, ws)
    _tanda_tangan(wb, ws)
    ws.sheet_view.showGridLines = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    for row in (4, 7, 14, 19, 24):
        ws.row_dimensions[row].height = 6
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.page_margins.header = ws.page_margins.footer = 0.25
    wb.properties.title = "Formulir Pengumpulan Data Capaian Kinerja"
    wb.properties.creator = "kinerja"
    wb.save(path)


if __name__ == "__main__":
    build(HERE / "formulir.xlsx")
    print(f"ditulis: {HERE / 'formulir.xlsx'}")
