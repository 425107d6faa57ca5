"""Lay the numbers of a recap out in the workbook of templates/rekap.xlsx.

Sheet "Rekap": kop, the incomplete banner when it applies, every Bidang and indicator with
live capaian/predikat formulas, the average per Bidang and overall, signatures. Sheet
"Ringkasan": per Bidang the average capaian and budget absorption, the bar chart, every budget
line, signatures. Every formula cell also carries its value (``xlsx_values``).
"""

from __future__ import annotations

import io
import os
from datetime import datetime
from pathlib import Path
from typing import Protocol

from openpyxl.drawing.image import Image
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from generator.base.fsutil import check_replaceable
from generator.base.periode import Periode
from generator.documents.formulir.sheet import WIDTH_FACTOR, wrapped_lines
from generator.documents.naskah import kop_context, signature_context, tempat_tanggal
from generator.documents.qr import QR_WIDTH_MM, SIDIK_LEN, qr_payload, qr_png_bytes
from generator.documents.rekap.sheet import (
    Block,
    Cell,
    Formula,
    SheetWriter,
    bar_chart,
    colour_predikat,
    drop_template_sheets,
    finish_sheet,
    new_sheet,
    open_template,
    start_page,
    use_font,
)
from generator.documents.rekap.xlsx_values import write_cached_values
from generator.documents.render import template_path
from generator.inputs.load import Inputs
from generator.rules.capaian import AturanCapaian, excel_capaian, excel_predikat, excel_rata
from generator.rules.hasil import HasilIndikator, HasilRekap

TEMPLATE = "rekap.xlsx"
LAST_COL = 10  # A..J
CHART_ROWS = 18
LINE_PT = 11.5
# Codes are capitals and digits, wider than the average character a column width counts.
KODE_CHAR = 1.25


def _number_format(value: float | None) -> str:
    if value is None or float(value).is_integer():
        return "[$-421]#,##0"
    return "[$-421]#,##0.0##"


def _height(ws: Worksheet, texts: dict[str, str], huruf: str) -> float:
    """Row height for wrapped text (LibreOffice and Excel do not grow a row for wrapped text
    that openpyxl wrote): a greedy word wrap at the column's width (measured in LibreOffice
    with Arial 10: a column of width w holds about w - 1 characters a line; wider fonts fewer)."""
    lines = 1
    for col, text in texts.items():
        width = ws.column_dimensions[col].width or 8.43
        per_line = max(4, int((width - 1) / WIDTH_FACTOR.get(huruf, 1.0)))
        count = sum(wrapped_lines(part, per_line) for part in text.split("\n"))
        lines = max(lines, count)
    return lines * LINE_PT + 3


def fit_columns(ws: Worksheet, words: dict[str, list[str]], huruf: str) -> None:
    """Widen each column to its longest word (codes, units, Bidang codes), never narrower than
    the template: a word wider than its column is cut on paper (``PERSANDIAN-01`` printed as
    ``RSANDIAN``). Longer texts of several words wrap (see ``_height``); the sheet prints fitted
    to the page width, so a wider column shrinks the print a little instead of clipping."""
    factor = WIDTH_FACTOR.get(huruf, 1.0) * KODE_CHAR
    for col, texts in words.items():
        longest = max((len(w) for t in texts for w in t.split()), default=0)
        dim = ws.column_dimensions[col]
        dim.width = max(dim.width or 8.43, round(longest * factor + 2, 1))


def _keterangan(item: HasilIndikator) -> str:
    parts = [item.keterangan.strip()] if item.keterangan.strip() else []
    if item.catatan_capaian:
        parts.append(f"Catatan capaian: {item.catatan_capaian}")
    return "\n".join(parts)


class Kantor(Protocol):
    """What the layout needs of a workspace: its inputs and periode (a ``Workspace``, or a
    ``Ragam`` when the template check renders another shape of office)."""

    @property
    def inputs(self) -> Inputs: ...

    @property
    def periode(self) -> Periode: ...

    @property
    def root(self) -> Path | None: ...  # the workspace folder, whose own templates it uses


def _context(ws: Kantor, hasil: HasilRekap, doc_id: str, when: datetime) -> dict[str, str]:
    org = ws.inputs.org
    context = {k: v for k, v in kop_context(org).items() if isinstance(v, str)}
    context["periode_label"] = ws.periode.label.upper()
    context["tempat_tanggal"] = tempat_tanggal(org, when.date())
    context["id_dokumen"] = f"{doc_id} versi {hasil.versi}"
    belum = ", ".join(f"{k} ({org.bidang_by_kode(k).nama})" for k in hasil.bidang_belum)
    context["peringatan"] = f"REKAP BELUM LENGKAP — belum menyerahkan: {belum}" if belum else ""
    for role in ("staf", "kasubag", "sekretaris"):
        sign = signature_context(getattr(org.pejabat, role))
        for key in ("jabatan", "nama", "pangkat", "nip"):
            context[f"{role}.{key}"] = (
                str(sign[key]).rstrip(",") if key == "jabatan" else str(sign[key])
            )
    return context


def _rekap_sheet(
    w: SheetWriter, b: dict[str, Block], hasil: HasilRekap, rules: AturanCapaian
) -> tuple[dict[str, int], int, list[str], int]:
    """Write sheet Rekap; returns (Bidang -> its average row, overall row, predikat cells,
    header row)."""
    scale = hasil.skala_dipakai()
    w.copy(b["kop"])
    if not hasil.lengkap:
        w.copy(b["peringatan"])
    w.skip()
    header = w.copy(b["kepala_capaian"])
    ranges: list[str] = []
    rata_rows: dict[str, int] = {}
    predikat_cells: list[str] = []
    for index, ringkas in enumerate(hasil.bidang):
        w.copy(
            b["baris_bidang"],
            no=chr(ord("A") + index),
            nama=f"{ringkas.nama} ({ringkas.kode_bidang})",
        )
        items = [i for i in hasil.indikator if i.kode_bidang == ringkas.kode_bidang]
        first = w.row
        for n, item in enumerate(items, start=1):
            r = w.row
            keterangan = _keterangan(item)
            cells: dict[str, Cell] = {
                "A": n,
                "B": item.kode,
                "C": item.sasaran,
                "D": item.indikator,
                "E": item.satuan,
                "F": item.target,
                "G": item.realisasi,
                "H": Formula(excel_capaian(item.polaritas, f"G{r}", f"F{r}", rules), item.capaian),
                "I": Formula(excel_predikat(f"H{r}", scale), item.predikat or ""),
                "J": keterangan,
            }
            w.copy(b["baris_indikator"], cells)
            w.out[f"F{r}"].number_format = _number_format(item.target)
            w.out[f"G{r}"].number_format = _number_format(item.realisasi)
            w.out.row_dimensions[r].height = _height(
                w.out,
                {"C": item.sasaran, "D": item.indikator, "E": item.satuan, "J": keterangan},
                w.huruf,
            )
            predikat_cells.append(f"I{r}")
        _merge_sasaran(w.out, items, first)
        if items:
            ranges.append(f"H{first}:H{w.row - 1}")
            r = w.row
            rata_rows[ringkas.kode_bidang] = r
            w.copy(
                b["baris_rata_bidang"],
                {
                    "H": Formula(excel_rata([ranges[-1]]), ringkas.rata_capaian),
                    "I": Formula(excel_predikat(f"H{r}", scale), ringkas.predikat or ""),
                },
                nama=ringkas.nama,
            )
            predikat_cells.append(f"I{r}")
    total = w.row
    cells_total: dict[str, Cell] = {"H": None, "I": None}
    if ranges:
        cells_total = {
            "H": Formula(excel_rata(ranges), hasil.rata_capaian),
            "I": Formula(excel_predikat(f"H{total}", scale), hasil.predikat or ""),
        }
        predikat_cells.append(f"I{total}")
    w.copy(b["baris_rata_total"], cells_total)
    return rata_rows, total, predikat_cells, header


def _alone(items: list[HasilIndikator], index: int) -> bool:
    sasaran = items[index].sasaran
    before = index > 0 and items[index - 1].sasaran == sasaran
    after = index + 1 < len(items) and items[index + 1].sasaran == sasaran
    return not (before or after)


def _merge_sasaran(ws: Worksheet, items: list[HasilIndikator], first: int) -> None:
    """Consecutive indicators of the same sasaran share one merged Sasaran cell."""
    start = 0
    for end in range(1, len(items) + 1):
        if end == len(items) or items[end].sasaran != items[start].sasaran:
            if end - start > 1:
                ws.merge_cells(f"C{first + start}:C{first + end - 1}")
            start = end


def _ringkasan_sheet(
    w: SheetWriter,
    blocks: dict[str, Block],
    hasil: HasilRekap,
    rules: AturanCapaian,
    rata_rows: dict[str, int],
    total_rekap: int,
    rekap_title: str,
) -> list[str]:
    scale = hasil.skala_dipakai()
    w.copy(blocks["kop_ringkasan"])
    if not hasil.lengkap:
        w.copy(blocks["peringatan"])
    w.skip()
    w.copy(blocks["kepala_ringkasan"])
    first = w.row
    total = first + len(hasil.bidang)
    chart_at = total + 2
    head_anggaran = chart_at + CHART_ROWS
    af = head_anggaran + blocks["kepala_anggaran"].height
    al = af + len(hasil.anggaran) - 1
    ref = f"'{rekap_title}'!"
    persen = '=IF(F{r}=0,"",ROUND(G{r}/F{r}*100,2))'
    predikat_cells: list[str] = []
    for n, ringkas in enumerate(hasil.bidang, start=1):
        r = w.row
        sumif = "=SUMIF($E${af}:$E${al},B{r},{c}${af}:{c}${al})"
        rata_row = rata_rows.get(ringkas.kode_bidang)
        cells: dict[str, Cell] = {
            "A": n,
            "B": ringkas.kode_bidang,
            "C": ringkas.nama,
            "E": ringkas.jumlah_indikator,
            "F": Formula(sumif.format(af=af, al=al, r=r, c="F"), ringkas.pagu)
            if hasil.anggaran
            else 0,
            "G": Formula(sumif.format(af=af, al=al, r=r, c="G"), ringkas.realisasi_anggaran)
            if hasil.anggaran
            else 0,
            "H": Formula(f"={ref}H{rata_row}", ringkas.rata_capaian) if rata_row else None,
            "I": Formula(excel_predikat(f"H{r}", scale), ringkas.predikat or ""),
            "J": Formula(persen.format(r=r), ringkas.persen_anggaran),
        }
        w.copy(blocks["baris_ringkasan"], cells)
        w.out.row_dimensions[r].height = (
            _height(w.out, {"C": ringkas.nama}, w.huruf) if len(ringkas.nama) > 60 else None
        )
        predikat_cells.append(f"I{r}")
    r = w.row
    last = r - 1
    w.copy(
        blocks["baris_ringkasan_total"],
        {
            "E": Formula(f"=SUM(E{first}:E{last})", sum(x.jumlah_indikator for x in hasil.bidang)),
            "F": Formula(f"=SUM(F{first}:F{last})", hasil.pagu),
            "G": Formula(f"=SUM(G{first}:G{last})", hasil.realisasi_anggaran),
            "H": Formula(f"={ref}H{total_rekap}", hasil.rata_capaian),
            "I": Formula(excel_predikat(f"H{r}", scale), hasil.predikat or ""),
            "J": Formula(persen.format(r=r), hasil.persen_anggaran),
        },
    )
    predikat_cells.append(f"I{r}")
    w.chart = (first, last, f"B{chart_at}")
    w.row = head_anggaran
    w.page_start = head_anggaran  # the budget table and the signatures: a page of their own
    w.copy(blocks["kepala_anggaran"])
    for n, line in enumerate(hasil.anggaran, start=1):
        r = w.row
        w.copy(
            blocks["baris_anggaran"],
            {
                "A": n,
                "B": line.kode,
                "C": line.program,
                "D": line.kegiatan,
                "E": line.kode_bidang,
                "F": line.pagu,
                "G": line.realisasi,
                "H": Formula(f'=IF(OR(G{r}="",F{r}=0),"",ROUND(G{r}/F{r}*100,2))', line.persen),
                "I": line.sasaran,
            },
        )
        w.out.row_dimensions[r].height = _height(
            w.out, {"C": line.program, "D": line.kegiatan, "I": line.sasaran}, w.huruf
        )
    r = w.row
    w.copy(
        blocks["baris_anggaran_total"],
        {
            "F": Formula(f"=SUM(F{af}:F{al})", hasil.pagu) if hasil.anggaran else 0,
            "G": Formula(f"=SUM(G{af}:G{al})", hasil.realisasi_anggaran) if hasil.anggaran else 0,
            "H": Formula(persen.format(r=r), hasil.persen_anggaran),
        },
    )
    return predikat_cells


def render_rekap(
    ws: Kantor,
    hasil: HasilRekap,
    path: Path,
    *,
    doc_id: str,
    aturan: AturanCapaian,
    when: datetime,
    workspace_id: str = "",
    sidik: str = "",
    template: Path | None = None,
) -> None:
    """Write the recap workbook of ``hasil`` to ``path`` (atomically), values cached.

    With ``workspace_id`` and ``sidik`` (the SHA-256 of the recap's numbers) the sheet carries
    the QR code every printed document has, and the footer the sidik.
    """
    template = template or template_path(TEMPLATE, ws.root)
    wb, blocks = open_template(template)
    context = _context(ws, hasil, doc_id, when)
    if sidik:
        context["id_dokumen"] += f" · sidik {sidik[:SIDIK_LEN]}"
    kertas = ws.inputs.org.kertas
    template_sheets = [blocks["kop"].sheet, blocks["kop_ringkasan"].sheet]
    out_rekap = new_sheet(wb, blocks["kop"].sheet, "_rekap", kertas, context)
    out_ringkasan = new_sheet(wb, blocks["kop_ringkasan"].sheet, "_ringkasan", kertas, context)
    huruf = ws.inputs.org.huruf
    fit_columns(
        out_rekap,
        {"B": [i.kode for i in hasil.indikator], "E": [i.satuan for i in hasil.indikator]},
        huruf,
    )
    fit_columns(
        out_ringkasan,
        {
            "B": [b.kode_bidang for b in hasil.bidang] + [a.kode for a in hasil.anggaran],
            "E": [a.kode_bidang for a in hasil.anggaran],
        },
        huruf,
    )
    w1 = SheetWriter(out_rekap, dict(context), template, huruf=huruf)
    rata_rows, total, cells1, header = _rekap_sheet(w1, blocks, hasil, aturan)
    w1.skip()
    w1.copy(blocks["tanda_tangan"])
    titles = [s.title for s in template_sheets]
    w2 = SheetWriter(out_ringkasan, dict(context), template, huruf=huruf)
    cells2 = _ringkasan_sheet(w2, blocks, hasil, aturan, rata_rows, total, titles[0])
    w2.skip()
    w2.copy(blocks["tanda_tangan"])
    scale = hasil.skala_dipakai()
    colour_predikat(out_rekap, cells1, scale)
    colour_predikat(out_ringkasan, cells2, scale)
    for sheet in (out_rekap, out_ringkasan):
        use_font(sheet, huruf)
    finish_sheet(out_rekap, w1.row - 1, LAST_COL, header)
    finish_sheet(out_ringkasan, w2.row - 1, LAST_COL, None)
    if w2.page_start is not None:
        start_page(out_ringkasan, w2.page_start, w2.row - 1, kertas, LAST_COL)
    out_rekap.freeze_panes = f"A{header + 1}"
    drop_template_sheets(wb, template_sheets)
    out_rekap.title, out_ringkasan.title = titles
    if w2.chart is not None:  # after the rename: a chart refers to its sheet by title
        first, last, anchor = w2.chart
        bar_chart(out_ringkasan, first, last, anchor, "Rata-rata capaian kinerja per Bidang (%)")
    if workspace_id and sidik:
        image = Image(io.BytesIO(qr_png_bytes(qr_payload(doc_id, workspace_id, sidik))))
        image.width = image.height = round(QR_WIDTH_MM / 25.4 * 96)
        out_rekap.add_image(image, f"{get_column_letter(LAST_COL)}1")
    wb.active = 0
    wb.calculation.fullCalcOnLoad = True
    wb.properties.title = f"Rekapitulasi Data Capaian Kinerja {ws.periode.label}"
    tmp = path.with_name(f".{path.name}.tmp")
    wb.save(tmp)
    write_cached_values(tmp, {titles[0]: w1.values, titles[1]: w2.values})
    check_replaceable(path)  # recorded evidence is never replaced
    os.replace(tmp, path)
