"""Build the default Word templates memo.docx and tanda_terima.docx (python-docx).

The committed .docx files are what users edit in Word; this script only
regenerates the defaults:  python templates/build_templates.py [FOLDER]
Placeholders are documented in docs/templates.md.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Arial"
BODY_WIDTH_MM = 160  # A4 210 mm - 30 mm left - 20 mm right


# -- low-level helpers -------------------------------------------------------------------------


# Child order required by the WordprocessingML schema (Word refuses or "repairs" a file whose
# property elements are out of order, LibreOffice silently ignores them).
_ORDER = {
    "w:pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr"
    " suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct"
    " topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind"
    " contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment"
    " textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "w:tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize"
    " tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption"
    " tblDescription",
    "w:tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection"
    " tcFitText vAlign hideMark",
    "w:tblBorders": "top left start bottom right end insideH insideV",
    "w:tblCellMar": "top left start bottom right end",
}


def _insert(parent: Any, child: Any) -> None:
    """Insert ``child`` where the schema wants it among ``parent``'s children."""
    order = _ORDER.get(parent.tag.replace(qn("w:pPr")[: -len("pPr")], "w:"), "").split()
    name = child.tag.split("}")[-1]
    if name in order:
        later = {qn(f"w:{n}") for n in order[order.index(name) + 1 :]}
        for existing in parent:
            if existing.tag in later:
                existing.addprevious(child)
                return
    parent.append(child)


def _set(el: Any, tag: str, **attrs: str) -> Any:
    child = el.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        _insert(el, child)
    for key, value in attrs.items():
        child.set(qn(f"w:{key}"), value)
    return child


def new_document() -> Any:
    doc = Document()
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    for name in ("Table Grid",):
        styles[name].font.name = FONT
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    section.footer_distance = Mm(8)
    doc.core_properties.title = ""
    doc.core_properties.author = "kinerja"
    return doc


def para(
    container: Any,
    text: str = "",
    *,
    size: float | None = None,
    bold: bool = False,
    underline: bool = False,
    align: str = "left",
    space_after: float = 0,
    space_before: float = 0,
    keep_next: bool = False,
) -> Any:
    p = container.add_paragraph()
    p.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    p.paragraph_format.space_after = Pt(space_after)
    p.paragraph_format.space_before = Pt(space_before)
    p.paragraph_format.keep_with_next = keep_next
    if text:
        run = p.add_run(text)
        run.bold = bold
        run.underline = underline
        if size:
            run.font.size = Pt(size)
    return p


def first_para(cell: Any) -> Any:
    return cell.paragraphs[0]


def cell_text(
    cell: Any, text: str, *, size: float = 10, bold: bool = False, align: str = "left"
) -> Any:
    p = first_para(cell)
    p.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER}[align]
    run = p.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    return p


def table_borders(table: Any, val: str = "single", sz: int = 4) -> None:
    tbl_pr = table._tbl.tblPr
    borders = tbl_pr.find(qn("w:tblBorders"))
    if borders is None:
        borders = OxmlElement("w:tblBorders")
        tbl_pr.append(borders)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _set(borders, f"w:{edge}", val=val, sz=str(sz), space="0", color="000000")


def cell_margins(table: Any, mm: float = 1.5) -> None:
    tbl_pr = table._tbl.tblPr
    mar = _set(tbl_pr, "w:tblCellMar")
    twips = str(int(mm * 56.7))
    for edge in ("left", "right"):
        _set(mar, f"w:{edge}", w=twips, type="dxa")
    for edge in ("top", "bottom"):
        _set(mar, f"w:{edge}", w="30", type="dxa")


def widths(table: Any, mm: list[float]) -> None:
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    _set(tbl_pr, "w:tblLayout", type="fixed")
    _set(tbl_pr, "w:tblW", w=str(int(sum(mm) * 56.7)), type="dxa")
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), mm, strict=True):
        col.set(qn("w:w"), str(int(width * 56.7)))
    for row in table.rows:
        for cell, width in zip(row.cells, mm, strict=False):
            cell.width = Mm(width)


def shade(cell: Any, fill: str = "E7E6E6") -> None:
    _set(cell._tc.get_or_add_tcPr(), "w:shd", val="clear", color="auto", fill=fill)


def repeat_header(row: Any) -> None:
    _set(row._tr.get_or_add_trPr(), "w:tblHeader", val="true")


def cant_split(row: Any) -> None:
    _set(row._tr.get_or_add_trPr(), "w:cantSplit", val="true")


def rule_below(p: Any, val: str = "thickThinSmallGap", sz: int = 24) -> None:
    p_pr = p._p.get_or_add_pPr()
    bdr = _set(p_pr, "w:pBdr")
    _set(bdr, "w:bottom", val=val, sz=str(sz), space="1", color="000000")


# -- shared blocks -----------------------------------------------------------------------------


def kop(doc: Any) -> None:
    """Kop surat: lambang left, pemerintah daerah and instansi (capitals) centred, double rule."""
    table = doc.add_table(rows=1, cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths(table, [20, 120, 20])
    logo, text, _ = table.rows[0].cells
    first_para(logo).add_run("{{ kop.logo }}")
    first_para(logo).alignment = WD_ALIGN_PARAGRAPH.LEFT
    cell_text(text, "{{ kop.pemerintah_daerah }}", size=13, bold=True, align="center")
    p = para(text, "{{ kop.instansi }}", size=14, bold=True, align="center")
    p = para(text, "{{ kop.baris_alamat }}", size=9, align="center")
    p = para(text, "{{ kop.baris_kontak }}", size=9, align="center")
    p.paragraph_format.space_after = Pt(2)
    rule = para(doc, size=4)
    rule_below(rule)
    para(doc, space_after=4)


def signature_block(
    cell: Any,
    key: str,
    *,
    heading: str | None = None,
    with_place: bool = True,
    name_cell: Any = None,
) -> None:
    """tempat/tanggal, jabatan, space to sign, NAMA (bold, underlined), pangkat, NIP.

    With ``name_cell`` (the cell below, in the next table row) the space and the name go
    there: two blocks side by side then have their names on one line even when one jabatan
    wraps onto more lines than the other.
    """
    p = first_para(cell)
    if with_place:
        p.add_run(f"{{{{ {key}.tempat_tanggal }}}}")
        p = para(cell)
    if heading:
        p.add_run(heading)
        p = para(cell)
    p.add_run(f"{{{{ {key}.jabatan }}}}")
    target = cell if name_cell is None else name_cell
    blank = 4 if name_cell is None else 3
    for n in range(blank):
        if n == 0 and name_cell is not None:
            continue  # the cell's own first paragraph is the first blank line
        para(target)
    para(target, f"{{{{ {key}.nama }}}}", bold=True, underline=True)
    para(target, f"{{{{ {key}.pangkat }}}}")
    para(target, f"{{{{ {key}.nip }}}}")


def paraf_box(cell: Any) -> None:
    """The paraf hierarki table: No, Jabatan, Paraf (rows from the list `paraf`)."""
    label = first_para(cell)
    label.paragraph_format.space_before = Pt(6)  # clear of a signature block above it
    label.add_run("Paraf hierarki:").font.size = Pt(8)
    box = cell.add_table(rows=3, cols=3)
    table_borders(box)
    cell_margins(box, 1)
    widths(box, [7, 42, 16])
    for c, head in zip(box.rows[0].cells, ("No", "Jabatan", "Paraf"), strict=True):
        cell_text(c, head, size=8, bold=True, align="center")
        shade(c)
    first_para(box.rows[1].cells[0]).add_run("{%tr for p in paraf %}")
    row = box.rows[2]
    row.height = Mm(7)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    cell_text(row.cells[0], "{{ p.no }}", size=8, align="center")
    cell_text(row.cells[1], "{{ p.jabatan }}", size=8)
    cell_text(row.cells[2], "{{ p.paraf }}", size=8)
    end = box.add_row()
    first_para(end.cells[0]).add_run("{%tr endfor %}")
    para(cell, size=4)


def footer(doc: Any) -> None:
    """Footer: document id, version and content fingerprint, and the QR code."""
    section = doc.sections[0]
    foot = section.footer
    foot.is_linked_to_previous = False
    table = foot.add_table(rows=1, cols=2, width=Mm(BODY_WIDTH_MM))
    widths(table, [BODY_WIDTH_MM - 20, 20])
    left, right = table.rows[0].cells
    p = first_para(left)
    run = p.add_run(
        "Id dokumen {{ dokumen.id }} · versi {{ dokumen.versi }} · sidik {{ dokumen.sidik }}"
    )
    run.font.size = Pt(7)
    run = para(
        left,
        "Cocokkan kertas ini dengan arsip elektronik melalui kode QR"
        " (id dokumen | id ruang kerja | sidik).",
        size=6.5,
    )
    first_para(right).add_run("{{ qr }}")
    first_para(right).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # python-docx leaves an empty first paragraph in a new footer: keep it tiny.
    foot.paragraphs[0].paragraph_format.space_after = Pt(0)


# -- memo / lembar disposisi ------------------------------------------------------------------


def build_memo(path: Path) -> None:
    doc = new_document()
    doc.core_properties.title = "Lembar Disposisi"
    kop(doc)
    para(doc, "{{ judul }}", size=13, bold=True, underline=True, align="center")
    para(doc, "Nomor: {{ nomor }}", size=10.5, align="center", space_after=8)

    grid = doc.add_table(rows=7, cols=2)
    table_borders(grid)
    cell_margins(grid, 2)
    widths(grid, [88, 72])
    r = grid.rows
    first_para(r[0].cells[0]).text = ""
    # 9 pt labels and a 24 mm tab leave the nomor naskah (28 characters) one whole line in
    # the left column, also in Bookman Old Style (wider than Arial)
    left: dict[str, Any] = {"tab_mm": 24, "label_pt": 9}
    right: dict[str, Any] = {"tab_mm": 27, "label_pt": 9}
    _lab(r[0].cells[0], "Surat dari", "{{ surat.dari }}", **left)
    _lab(r[0].cells[1], "Diterima tanggal", "{{ surat.diterima }}", **right)
    _lab(r[1].cells[0], "Nomor surat", "{{ surat.nomor }}", **left)
    _lab(r[1].cells[1], "Nomor agenda", "{{ surat.agenda }}", **right)
    _lab(r[2].cells[0], "Tanggal surat", "{{ surat.tanggal }}", **left)
    _lab(r[2].cells[1], "Periode", "{{ periode_label }}", **right)

    sifat = r[3].cells[0].merge(r[3].cells[1])
    p = first_para(sifat)
    p.paragraph_format.space_before = Pt(2)
    p.paragraph_format.space_after = Pt(2)
    run = p.add_run(
        "Sifat:   {% for s in sifat_pilihan %}{{ s.tanda }} {{ s.teks }}      {% endfor %}"
    )
    run.font.size = Pt(10)

    hal = r[4].cells[0].merge(r[4].cells[1])
    _lab(hal, "Hal", "{{ hal }}", tab_mm=20, bold_value=True)

    kepada, harap = r[5].cells
    cell_text(kepada, "Diteruskan kepada Sdr.:", size=10, bold=True)
    para(kepada, "{%p for d in diteruskan %}")
    p = para(kepada, "{{ d.no }}. {{ d.jabatan }}", size=10)
    p.paragraph_format.left_indent = Mm(5)
    p.paragraph_format.first_line_indent = -Mm(5)
    p = para(kepada, "{{ d.nama }}", size=9)
    p.paragraph_format.left_indent = Mm(5)
    p.paragraph_format.space_after = Pt(3)
    para(kepada, "{%p endfor %}")
    cell_text(harap, "Dengan hormat harap:", size=10, bold=True)
    para(harap, "{%p for h in harap %}")
    p = para(harap, "{{ h.tanda }}  {{ h.teks }}", size=10)
    p.paragraph_format.left_indent = Mm(6)
    p.paragraph_format.first_line_indent = -Mm(6)
    p.paragraph_format.space_after = Pt(1)
    para(harap, "{%p endfor %}")

    catatan = r[6].cells[0].merge(r[6].cells[1])
    cell_text(catatan, "Catatan / arahan:", size=10, bold=True)
    para(catatan, "{{ catatan }}", size=10, align="justify", space_after=4)
    p = para(catatan, "", size=10, space_after=3)
    run = p.add_run("Batas waktu penyelesaian: ")
    run.font.size = Pt(10)
    run.bold = True
    run = p.add_run("{{ batas_waktu }}")
    run.font.size = Pt(10)
    para(catatan, "(mutu baku SOP: {{ mutu_baku }})", size=8.5, space_after=3)

    para(doc, space_after=6)
    sign = doc.add_table(rows=1, cols=2)
    widths(sign, [80, 80])
    paraf_box(sign.rows[0].cells[0])
    signature_block(sign.rows[0].cells[1], "ttd")
    footer(doc)
    doc.save(str(path))


def _lab(
    cell: Any,
    label: str,
    value: str,
    *,
    tab_mm: float = 28,
    bold_value: bool = False,
    label_pt: float = 10,
) -> None:
    p = first_para(cell)
    fmt = p.paragraph_format
    fmt.tab_stops.add_tab_stop(Mm(tab_mm))
    fmt.left_indent = Mm(tab_mm + 3)
    fmt.first_line_indent = -Mm(tab_mm + 3)
    fmt.space_before = Pt(2)
    fmt.space_after = Pt(2)
    run = p.add_run(f"{label}\t: ")
    run.font.size = Pt(label_pt)
    run = p.add_run(value)
    run.font.size = Pt(10)
    run.bold = bold_value


# -- tanda terima ------------------------------------------------------------------------------


def build_tanda_terima(path: Path) -> None:
    doc = new_document()
    doc.core_properties.title = "Tanda Terima"
    kop(doc)
    para(doc, "TANDA TERIMA", size=13, bold=True, underline=True, align="center")
    para(doc, "Nomor: {{ nomor }}", size=10.5, align="center", space_after=8)
    para(
        doc,
        "Pada hari ini {{ hari_tanggal }}, {{ penyerah.nama }} ({{ penyerah.jabatan_singkat }})"
        " menyerahkan {{ judul_formulir }} {{ periode_label }} sebanyak {{ jumlah_teks }}"
        " kepada setiap Bidang dengan rincian sebagai berikut:",
        size=10.5,
        align="justify",
        space_after=6,
    )
    cols = [8, 34, 50, 26, 20, 22]
    table = doc.add_table(rows=4, cols=6)
    table_borders(table)
    cell_margins(table, 1.2)
    widths(table, cols)
    heads = (
        "No",
        "Bidang",
        "Formulir yang diserahkan",
        "Nama penerima",
        "Tanggal / jam diterima",
        "Tanda tangan",
    )
    for c, head in zip(table.rows[0].cells, heads, strict=True):
        cell_text(c, head, size=9, bold=True, align="center")
        shade(c)
    repeat_header(table.rows[0])
    first_para(table.rows[1].cells[0]).add_run("{%tr for r in daftar %}")
    row = table.rows[2]
    row.height = Mm(12)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    cant_split(row)
    c = row.cells
    cell_text(c[0], "{{ r.no }}", size=9, align="center")
    cell_text(c[1], "{{ r.bidang }}", size=9)
    cell_text(c[2], "{{ r.berkas }}", size=8.5)
    para(c[2], "{{ r.dokumen_id }}, versi {{ r.versi }}", size=8)
    para(c[2], "dibuat {{ r.tanggal }}", size=8)
    cell_text(c[3], "{{ r.penerima }}", size=9)
    cell_text(c[4], "{{ r.diterima }}", size=9)
    cell_text(c[5], "{{ r.no }}.", size=8)
    first_para(table.rows[3].cells[0]).add_run("{%tr endfor %}")
    para(doc, space_after=4)
    para(
        doc,
        "Formulir diisi dan diserahkan kembali kepada {{ mengetahui.jabatan_singkat }} paling"
        " lambat {{ batas_waktu }} (mutu baku SOP: {{ mutu_baku }}).",
        size=10,
        align="justify",
        space_after=10,
    )
    # row 0: place/date, heading, jabatan; row 1: space to sign and the names (on one line
    # whatever the length of either jabatan); row 2: the paraf box
    sign = doc.add_table(rows=3, cols=2)
    widths(sign, [80, 80])
    for row in sign.rows[:2]:
        cant_split(row)
    top, names = sign.rows[0].cells, sign.rows[1].cells
    signature_block(
        top[0], "penyerah", heading="Yang menyerahkan,", with_place=False, name_cell=names[0]
    )
    first_para(top[0]).insert_paragraph_before("")
    signature_block(top[1], "mengetahui", heading="Mengetahui,", name_cell=names[1])
    paraf_box(sign.rows[2].cells[0])
    footer(doc)
    doc.save(str(path))


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    build_memo(folder / "memo.docx")
    build_tanda_terima(folder / "tanda_terima.docx")


if __name__ == "__main__":
    main(
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parents[2] / "generator" / "templates"
    )
