"""Build templates/rekap.xlsx, the template of the Rekapitulasi data capaian kinerja.

The committed xlsx is what users edit (in Excel or LibreOffice Calc); this script only recreates
the starting point: `python templates/build_rekap.py`.

The template is a set of *blocks*, each a defined name covering whole rows (see
docs/templates.md, "rekap.xlsx"). The generator copies the blocks, with their styles, row
heights and merged cells, into the output sheets: text blocks once (placeholders `{{ name }}`
replaced), model rows (`baris_*`) once per Bidang, indicator or budget line. Sheet `Rekap`
holds the capaian table, sheet `Ringkasan` the summary per Bidang, the chart and the budget
table; the output sheets take their column widths, margins and page setup from these sheets.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parents[2] / "generator" / "templates"
FONT = "Arial"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FILL_HEADER = PatternFill("solid", fgColor="D9E1F2")
FILL_BIDANG = PatternFill("solid", fgColor="EDEDED")
FILL_TOTAL = PatternFill("solid", fgColor="DDEBF7")
FILL_BANNER = PatternFill("solid", fgColor="C00000")
ANGKA = "[$-421]#,##0.##"
PERSEN = "[$-421]#,##0.00"
RUPIAH = "[$-421]#,##0"

COLUMNS = {"A": 5, "B": 9, "C": 30, "D": 38, "E": 10, "F": 15, "G": 15, "H": 11, "I": 14, "J": 32}
CAPAIAN_HEADERS = [
    "No",
    "Kode",
    "Sasaran",
    "Indikator",
    "Satuan",
    "Target",
    "Realisasi",
    "Capaian (%)",
    "Predikat",
    "Keterangan",
]
RINGKASAN_HEADERS = {
    "A": "No",
    "B": "Kode",
    "C": "Bidang",
    "E": "Jumlah Indikator",
    "F": "Pagu (Rp)",
    "G": "Realisasi Anggaran (Rp)",
    "H": "Rata-rata Capaian (%)",
    "I": "Predikat",
    "J": "Penyerapan Anggaran (%)",
}
ANGGARAN_HEADERS = {
    "A": "No",
    "B": "Kode",
    "C": "Program",
    "D": "Kegiatan",
    "E": "Bidang",
    "F": "Pagu (Rp)",
    "G": "Realisasi (Rp)",
    "H": "Penyerapan (%)",
    "I": "Sasaran yang Didukung",
}


def _styles() -> list[NamedStyle]:
    def style(name: str, **kwargs: object) -> NamedStyle:
        return NamedStyle(name, **kwargs)  # type: ignore[arg-type]

    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    top = Alignment(vertical="top", wrap_text=True)
    right = Alignment(horizontal="right", vertical="top")
    return [
        style("Rekap Judul", font=Font(name=FONT, size=12, bold=True), alignment=center),
        style("Rekap Teks", font=Font(name=FONT, size=10), alignment=Alignment(vertical="top")),
        style(
            "Rekap Kepala",
            font=Font(name=FONT, size=10, bold=True),
            alignment=center,
            border=BOX,
            fill=FILL_HEADER,
        ),
        style("Rekap Isi", font=Font(name=FONT, size=10), alignment=top, border=BOX),
        style(
            "Rekap Tengah",
            font=Font(name=FONT, size=10),
            alignment=Alignment(horizontal="center", vertical="top", wrap_text=True),
            border=BOX,
        ),
        style(
            "Rekap Angka",
            font=Font(name=FONT, size=10),
            alignment=right,
            border=BOX,
            number_format=ANGKA,
        ),
        style(
            "Rekap Persen",
            font=Font(name=FONT, size=10),
            alignment=right,
            border=BOX,
            number_format=PERSEN,
        ),
        style(
            "Rekap Rupiah",
            font=Font(name=FONT, size=10),
            alignment=right,
            border=BOX,
            number_format=RUPIAH,
        ),
        style(
            "Rekap Bidang",
            font=Font(name=FONT, size=10, bold=True),
            alignment=top,
            border=BOX,
            fill=FILL_BIDANG,
        ),
        style(
            "Rekap Total",
            font=Font(name=FONT, size=10, bold=True),
            alignment=top,
            border=BOX,
            fill=FILL_TOTAL,
        ),
        style(
            "Rekap Total Persen",
            font=Font(name=FONT, size=10, bold=True),
            alignment=right,
            border=BOX,
            fill=FILL_TOTAL,
            number_format=PERSEN,
        ),
        style(
            "Rekap Total Rupiah",
            font=Font(name=FONT, size=10, bold=True),
            alignment=right,
            border=BOX,
            fill=FILL_TOTAL,
            number_format=RUPIAH,
        ),
        style(
            "Rekap Peringatan",
            font=Font(name=FONT, size=11, bold=True, color="FFFFFF"),
            alignment=center,
            fill=FILL_BANNER,
        ),
        style(
            "Rekap TTD",
            font=Font(name=FONT, size=10),
            alignment=Alignment(horizontal="center", vertical="top", wrap_text=True),
        ),
        style(
            "Rekap TTD Nama",
            font=Font(name=FONT, size=10, bold=True, underline="single"),
            alignment=Alignment(horizontal="center"),
        ),
    ]


def _name(wb: Workbook, name: str, sheet: str, first: int, last: int | None = None) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=f"'{sheet}'!${first}:${last or first}")


def _put(ws: Worksheet, ref: str, value: object, style: str, merge_to: str | None = None) -> None:
    ws[ref].value = value
    ws[ref].style = style
    if merge_to:
        ws.merge_cells(f"{ref}:{merge_to}")
        for row in ws[f"{ref}:{merge_to}"]:
            for cell in row:
                cell.style = style


def _row(
    ws: Worksheet, row: int, cells: dict[str, tuple[object, str]], height: float | None = None
) -> None:
    for col in COLUMNS:
        ws[f"{col}{row}"].style = cells.get(col, (None, cells.get("*", (None, "Rekap Isi"))[1]))[1]
    for col, (value, style) in cells.items():
        if col != "*":
            ws[f"{col}{row}"].value = value
            ws[f"{col}{row}"].style = style
    if height:
        ws.row_dimensions[row].height = height


def _kop(ws: Worksheet, judul: str) -> None:
    _put(ws, "A1", "{{ pemerintah_daerah }}", "Rekap Judul", "J1")
    _put(ws, "A2", "{{ instansi }}", "Rekap Judul", "J2")
    ws["A2"].font = Font(name=FONT, size=14, bold=True)
    _put(ws, "A3", "{{ baris_alamat }}", "Rekap Teks", "J3")
    ws["A3"].alignment = Alignment(horizontal="center", wrap_text=True)
    _put(ws, "A4", "{{ baris_kontak }}", "Rekap Teks", "J4")  # laman and pos-el
    ws["A4"].alignment = Alignment(horizontal="center", wrap_text=True)
    for col in COLUMNS:
        ws[f"{col}4"].border = Border(bottom=Side(style="double", color="000000"))
    _put(ws, "A5", judul, "Rekap Judul", "J5")
    ws.row_dimensions[5].height = 24  # air between the kop's rule and the title
    _put(ws, "A6", "{{ periode_label }}", "Rekap Judul", "J6")


def _setup(ws: Worksheet) -> None:
    for col, width in COLUMNS.items():
        ws.column_dimensions[col].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "&8{{ id_dokumen }} — halaman &P dari &N"
    ws.sheet_view.showGridLines = False


def _rekap(wb: Workbook, ws: Worksheet) -> None:
    _setup(ws)
    _kop(ws, "REKAPITULASI DATA CAPAIAN KINERJA")
    _name(wb, "kop", ws.title, 1, 6)
    _put(ws, "A7", "{{ peringatan }}", "Rekap Peringatan", "J7")
    ws.row_dimensions[7].height = 30
    _name(wb, "peringatan", ws.title, 7)
    _row(ws, 9, {c: (h, "Rekap Kepala") for c, h in zip(COLUMNS, CAPAIAN_HEADERS, strict=True)}, 28)
    _name(wb, "kepala_capaian", ws.title, 9)
    _row(
        ws,
        10,
        {
            "A": ("{{ no }}", "Rekap Bidang"),
            "B": ("{{ nama }}", "Rekap Bidang"),
            "*": (None, "Rekap Bidang"),
        },
    )
    ws.merge_cells("B10:J10")
    _name(wb, "baris_bidang", ws.title, 10)
    _row(
        ws,
        11,
        {
            "A": (None, "Rekap Tengah"),
            "B": (None, "Rekap Tengah"),
            "E": (None, "Rekap Tengah"),
            "F": (None, "Rekap Angka"),
            "G": (None, "Rekap Angka"),
            "H": (None, "Rekap Persen"),
            "I": (None, "Rekap Tengah"),
        },
    )
    _name(wb, "baris_indikator", ws.title, 11)
    _row(
        ws,
        12,
        {
            "A": ("Rata-rata capaian {{ nama }}", "Rekap Total"),
            "H": (None, "Rekap Total Persen"),
            "*": (None, "Rekap Total"),
        },
    )
    ws.merge_cells("A12:G12")
    _name(wb, "baris_rata_bidang", ws.title, 12)
    _row(
        ws,
        13,
        {
            "A": ("RATA-RATA CAPAIAN SELURUH INDIKATOR", "Rekap Total"),
            "H": (None, "Rekap Total Persen"),
            "*": (None, "Rekap Total"),
        },
    )
    ws.merge_cells("A13:G13")
    _name(wb, "baris_rata_total", ws.title, 13)
    _tanda_tangan(wb, ws, 15)


def _tanda_tangan(wb: Workbook, ws: Worksheet, first: int) -> None:
    blocks = {"A": ("C", "staf"), "D": ("F", "kasubag"), "H": ("J", "sekretaris")}
    opening = {"staf": "Disiapkan oleh,", "kasubag": "Diperiksa oleh,", "sekretaris": "Mengetahui,"}
    _put(ws, f"H{first}", "{{ tempat_tanggal }}", "Rekap TTD", f"J{first}")
    for start, (end, who) in blocks.items():
        lines = [
            (1, opening[who], "Rekap TTD"),
            (2, "{{ " + who + ".jabatan }}", "Rekap TTD"),
            (7, "{{ " + who + ".nama }}", "Rekap TTD Nama"),
            (8, "{{ " + who + ".pangkat }}", "Rekap TTD"),
            (9, "{{ " + who + ".nip }}", "Rekap TTD"),
        ]
        for offset, text, style in lines:
            _put(ws, f"{start}{first + offset}", text, style, f"{end}{first + offset}")
    ws.row_dimensions[first + 2].height = 28
    _name(wb, "tanda_tangan", ws.title, first, first + 9)


def _ringkasan(wb: Workbook, ws: Worksheet) -> None:
    _setup(ws)
    _kop(ws, "RINGKASAN CAPAIAN KINERJA DAN REALISASI ANGGARAN PER BIDANG")
    _name(wb, "kop_ringkasan", ws.title, 1, 6)
    ringkasan = {c: (h, "Rekap Kepala") for c, h in RINGKASAN_HEADERS.items()}
    _row(
        ws,
        8,
        {
            "A": ("I. Capaian kinerja dan penyerapan anggaran per Bidang", "Rekap Teks"),
            "*": (None, "Rekap Teks"),
        },
    )
    ws["A8"].font = Font(name=FONT, size=10, bold=True)
    _row(ws, 9, {**ringkasan, "D": (None, "Rekap Kepala")}, 28)
    ws.merge_cells("C9:D9")
    _name(wb, "kepala_ringkasan", ws.title, 8, 9)
    _row(
        ws,
        10,
        {
            "A": (None, "Rekap Tengah"),
            "B": (None, "Rekap Tengah"),
            "E": (None, "Rekap Tengah"),
            "F": (None, "Rekap Rupiah"),
            "G": (None, "Rekap Rupiah"),
            "H": (None, "Rekap Persen"),
            "I": (None, "Rekap Tengah"),
            "J": (None, "Rekap Persen"),
        },
    )
    ws.merge_cells("C10:D10")
    _name(wb, "baris_ringkasan", ws.title, 10)
    _row(
        ws,
        11,
        {
            "A": ("JUMLAH / RATA-RATA", "Rekap Total"),
            "E": (None, "Rekap Total"),
            "F": (None, "Rekap Total Rupiah"),
            "G": (None, "Rekap Total Rupiah"),
            "H": (None, "Rekap Total Persen"),
            "J": (None, "Rekap Total Persen"),
            "*": (None, "Rekap Total"),
        },
    )
    ws.merge_cells("A11:D11")
    _name(wb, "baris_ringkasan_total", ws.title, 11)
    _row(
        ws,
        13,
        {
            "A": ("II. Realisasi anggaran per program/kegiatan", "Rekap Teks"),
            "*": (None, "Rekap Teks"),
        },
    )
    ws["A13"].font = Font(name=FONT, size=10, bold=True)
    _row(
        ws,
        14,
        {
            **{c: (h, "Rekap Kepala") for c, h in ANGGARAN_HEADERS.items()},
            "J": (None, "Rekap Kepala"),
        },
        28,
    )
    ws.merge_cells("I14:J14")
    _name(wb, "kepala_anggaran", ws.title, 13, 14)
    _row(
        ws,
        15,
        {
            "A": (None, "Rekap Tengah"),
            "B": (None, "Rekap Tengah"),
            "E": (None, "Rekap Tengah"),
            "F": (None, "Rekap Rupiah"),
            "G": (None, "Rekap Rupiah"),
            "H": (None, "Rekap Persen"),
        },
    )
    ws.merge_cells("I15:J15")
    _name(wb, "baris_anggaran", ws.title, 15)
    _row(
        ws,
        16,
        {
            "A": ("JUMLAH", "Rekap Total"),
            "F": (None, "Rekap Total Rupiah"),
            "G": (None, "Rekap Total Rupiah"),
            "H": (None, "Rekap Total Persen"),
            "*": (None, "Rekap Total"),
        },
    )
    ws.merge_cells("A16:E16")
    ws.merge_cells("I16:J16")
    _name(wb, "baris_anggaran_total", ws.title, 16)


def build(path: Path) -> None:
    wb = Workbook()
    for style in _styles():
        wb.add_named_style(style)
    rekap = wb.active
    assert rekap is not None
    rekap.title = "Rekap"
    _rekap(wb, rekap)
    _ringkasan(wb, wb.create_sheet("Ringkasan"))
    wb.properties.title = "Rekapitulasi Data Capaian Kinerja"
    wb.properties.creator = "kinerja"
    wb.save(path)


if __name__ == "__main__":
    build(HERE / "rekap.xlsx")
    print(f"ditulis: {HERE / 'rekap.xlsx'}")
