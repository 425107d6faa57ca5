"""Build templates/laporan.docx, the Laporan Kinerja template (PermenPAN-RB 53/2014).

The committed docx is what users edit in Word; this script only makes the
first version reproducible: `python templates/build_laporan.py`. The tags it
writes are listed in docs/templates.md (section "Laporan Kinerja").

Layout: section 1 the cover (no header or footer), section 2 the front matter
(page numbers i, ii, ...), section 3 Bab I to the Lampiran (1, 2, ...). Chapter
headings use Heading 1-3 so that the Daftar Isi (a TOC field) picks them up;
captions use their own styles so that the Daftar Tabel and Daftar Gambar
(TOC fields over those styles) list them. LibreOffice fills the fields when
the project's converter refreshes the indexes before export.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

OUT = Path(__file__).resolve().parents[2] / "generator" / "templates" / "laporan.docx"
FONT = "Arial"
TEXT_WIDTH_CM = 16.0
CAPTION_TABEL = "Keterangan Tabel"
CAPTION_GAMBAR = "Keterangan Gambar"
BLACK = RGBColor(0, 0, 0)
CENTER, RIGHT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)


# -- styles -----------------------------------------------------------------------------------


def _plain_fonts(style_element: object) -> None:
    """Drop theme font references so that the named font (and the org's huruf) applies."""
    for fonts in style_element.iter(qn("w:rFonts")):  # type: ignore[attr-defined]
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attr), FONT)


def setup_styles(doc: DocxDocument) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(11)
    pf = normal.paragraph_format
    pf.space_after, pf.line_spacing = Pt(6), 1.3
    for level, size in ((1, 14), (2, 12), (3, 11), (4, 11)):
        st = styles[f"Heading {level}"]
        st.font.name, st.font.size, st.font.bold = FONT, Pt(size), True
        st.font.italic = level == 4
        st.font.color.rgb = BLACK
        st.paragraph_format.space_before = Pt(18 if level == 1 else 12 if level == 2 else 8)
        st.paragraph_format.space_after = Pt(12 if level == 1 else 6)
        st.paragraph_format.keep_with_next = True
        st.paragraph_format.line_spacing = 1.15
        if level == 1:
            st.paragraph_format.alignment = CENTER
    for name in (CAPTION_TABEL, CAPTION_GAMBAR, "Isi Tabel", "Judul Depan", "Sampul"):
        if name not in [s.name for s in styles]:
            styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    for name in (CAPTION_TABEL, CAPTION_GAMBAR):
        st = styles[name]
        st.base_style = normal
        st.font.size, st.font.bold = Pt(10), True
        st.paragraph_format.alignment = CENTER
        st.paragraph_format.space_before, st.paragraph_format.space_after = Pt(6), Pt(6)
        st.paragraph_format.keep_with_next = name == CAPTION_TABEL
    cell = styles["Isi Tabel"]
    cell.base_style = normal
    cell.font.size = Pt(9)
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.line_spacing = 1.0
    front = styles["Judul Depan"]
    front.base_style = normal
    front.font.size, front.font.bold = Pt(14), True
    front.paragraph_format.alignment = CENTER
    front.paragraph_format.space_after = Pt(12)
    cover = styles["Sampul"]
    cover.base_style = normal
    cover.font.bold = True
    cover.paragraph_format.alignment = CENTER
    cover.paragraph_format.line_spacing = 1.15
    for st in styles:
        _plain_fonts(st.element)
    _plain_fonts(styles.element.find(qn("w:docDefaults")))


# -- building blocks --------------------------------------------------------------------------


def para(doc: DocxDocument, text: str = "", style: str | None = None, **fmt: object) -> Paragraph:
    p = doc.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        run.bold = bool(fmt.get("bold")) or None
        run.italic = bool(fmt.get("italic")) or None
        if "size" in fmt:
            run.font.size = Pt(float(fmt["size"]))  # type: ignore[arg-type]
    if "align" in fmt:
        p.alignment = fmt["align"]  # type: ignore[assignment]
    if fmt.get("page_break"):
        p.paragraph_format.page_break_before = True
    return p


def heading(doc: DocxDocument, text: str, level: int, page_break: bool = False) -> Paragraph:
    p = doc.add_paragraph(text, style=f"Heading {level}")
    if page_break:
        p.paragraph_format.page_break_before = True
    return p


def body(doc: DocxDocument, text: str) -> Paragraph:
    return para(doc, text, align=JUSTIFY)


def loop(doc: DocxDocument, tag: str) -> Paragraph:
    """A {%p ... %} paragraph: docxtpl removes it and keeps the tag."""
    return para(doc, "{%p " + tag + " %}")


def field(paragraph: Paragraph, instr: str, placeholder: str = "") -> None:
    def char(kind: str) -> None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            el.set(qn("w:dirty"), "true")  # Word refreshes it on open
        paragraph.add_run()._r.append(el)

    char("begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    paragraph.add_run()._r.append(text)
    char("separate")
    paragraph.add_run(placeholder)
    char("end")


def figure(doc: DocxDocument, tag: str) -> Paragraph:
    """The paragraph of an InlineImage: a little air above (a figure right under a table would
    cover the table's bottom rule) and kept on the page of its caption."""
    p = para(doc, tag, align=CENTER)
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(8), Pt(2)
    fmt.line_spacing = 1.0
    fmt.keep_with_next = True
    return p


def caption(doc: DocxDocument, text: str, kind: str) -> Paragraph:
    return para(doc, text, CAPTION_TABEL if kind == "tabel" else CAPTION_GAMBAR)


def _shade(cell: object, color: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), color)
    tcpr.append(shd)


def _repeat_header(row: object) -> None:
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _cant_split(row: object) -> None:
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    trpr.append(OxmlElement("w:cantSplit"))


def _set_cell(cell: object, text: str, *, bold: bool = False, align: object = None) -> None:
    p = cell.paragraphs[0]  # type: ignore[attr-defined]
    p.style = "Isi Tabel"
    run = p.add_run(text)
    run.bold = bold or None
    if align is not None:
        p.alignment = align


def table(
    doc: DocxDocument,
    headers: list[str],
    widths_cm: list[float],
    rows: list[list[tuple[str, object, bool]]],
    *,
    keep_together: bool = False,
) -> Table:
    """A grid table: one header row, then the given rows; a row of one cell spans all columns.

    Each cell is (text, alignment, bold); a row whose only cell starts with '{%tr' is a docxtpl
    row tag. ``keep_together`` (for the short tables of one sasaran) keeps every row with the
    next, so that a table of a few rows is never split with one row alone on the next page.
    """
    t = doc.add_table(rows=1, cols=len(headers))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for cell, title, width in zip(t.rows[0].cells, headers, widths_cm, strict=True):
        cell.width = Cm(width)
        _set_cell(cell, title, bold=True, align=CENTER)
        _shade(cell, "D9E2F3")
    _repeat_header(t.rows[0])
    for spec in rows:
        row = t.add_row()
        _cant_split(row)
        row_cells = row.cells
        for cell, width in zip(row_cells, widths_cm, strict=True):
            cell.width = Cm(width)
        span = len(headers) - len(spec) + 1  # a short row: its first cell spans the rest
        first = row_cells[0].merge(row_cells[span - 1]) if span > 1 else row_cells[0]
        for cell, (text, align, bold) in zip([first, *row_cells[span:]], spec, strict=True):
            _set_cell(cell, text, bold=bold, align=align)
        if len(spec) == 1 and not spec[0][0].startswith("{%tr"):
            _shade(first, "F2F2F2")
            first.paragraphs[0].paragraph_format.keep_with_next = True
    if keep_together:
        for row in t.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True
    grid = t._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(int(width * 567)))
    return t


def tag_row(tag: str) -> list[tuple[str, object, bool]]:
    return [("{%tr " + tag + " %}", None, False)]


def cells(
    *items: str, bold: bool = False, numeric_from: int = 99, numeric_to: int = 99
) -> list[tuple[str, object, bool]]:
    """Table cells; those from ``numeric_from`` up to ``numeric_to`` (inclusive) align right."""
    return [
        (text, RIGHT if numeric_from <= i <= numeric_to else None, bold)
        for i, text in enumerate(items)
    ]


def signature(doc: DocxDocument, var: str) -> None:
    """The signature block of ``var`` (see generator.documents.naskah.signature_context), right half."""
    t = doc.add_table(rows=1, cols=2)
    t.autofit = False
    _cant_split(t.rows[0])
    left, right = t.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(8.5)
    lines = [
        (f"{{{{ {var}.tempat_tanggal }}}}", False, False),
        (f"{{{{ {var}.jabatan }}}}", False, False),
        ("", False, False),
        ("", False, False),
        ("", False, False),
        (f"{{{{ {var}.nama }}}}", True, True),
        (f"{{{{ {var}.pangkat }}}}", False, False),
        (f"{{{{ {var}.nip }}}}", False, False),
    ]
    first = True
    for text, bold, underline in lines:
        p = right.paragraphs[0] if first else right.add_paragraph()
        first = False
        p.alignment = CENTER
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.line_spacing = 1.0
        run = p.add_run(text)
        run.bold = bold or None
        run.underline = underline or None
    para(doc)


def page_number_format(section: object, fmt: str) -> None:
    sectpr = section._sectPr  # type: ignore[attr-defined]
    for old in sectpr.findall(qn("w:pgNumType")):
        sectpr.remove(old)
    el = OxmlElement("w:pgNumType")
    el.set(qn("w:fmt"), fmt)
    el.set(qn("w:start"), "1")
    # pgNumType comes after pgMar/pgSz and before cols in CT_SectPr's sequence
    anchor = sectpr.find(qn("w:cols"))
    if anchor is not None:
        anchor.addprevious(el)
    else:
        sectpr.append(el)


def header_footer(section: object, *, blank: bool) -> None:
    for part in (section.header, section.footer):  # type: ignore[attr-defined]
        part.is_linked_to_previous = False
    head = section.header.paragraphs[0]  # type: ignore[attr-defined]
    foot = section.footer.paragraphs[0]  # type: ignore[attr-defined]
    if blank:
        return
    head.alignment = RIGHT
    run = head.add_run("Laporan Kinerja {{ kop.instansi_judul }} {{ periode_label }}")
    run.italic, run.font.size = True, Pt(8)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "1"), ("w:color", "808080")):
        bottom.set(qn(key), value)
    border.append(bottom)
    head._p.get_or_add_pPr().append(border)
    foot.alignment = CENTER
    field(foot, "PAGE", "1")


# -- the report -------------------------------------------------------------------------------


def paragraphs(doc: DocxDocument, var: str, style: str | None = None) -> None:
    """A loop over a list of strings, one justified paragraph (or list item) each."""
    loop(doc, f"for x in {var}")
    p = para(doc, "{{ x }}", style)
    if style is None:
        p.alignment = JUSTIFY
    loop(doc, "endfor")


def build_cover(doc: DocxDocument) -> None:
    for _ in range(4):
        para(doc)
    para(doc, "LAPORAN KINERJA", "Sampul", size=24)
    para(doc, "INSTANSI PEMERINTAH", "Sampul", size=18)
    para(doc, "{{ periode_label|upper }}", "Sampul", size=18)
    for _ in range(4):
        para(doc)
    para(doc, "{{ kop.logo }}", "Sampul")
    for _ in range(4):
        para(doc)
    para(doc, "{{ kop.instansi }}", "Sampul", size=16)
    para(doc, "{{ kop.pemerintah_daerah }}", "Sampul", size=14)
    for _ in range(10):
        para(doc)
    para(doc, "{{ kop.alamat }}", "Sampul", size=9)
    para(doc, "{{ kop.baris_kontak }}", "Sampul", size=9)
    para(doc, "{{ tahun_terbit }}", "Sampul", size=14)


def cover_border(section: object) -> None:
    """A double-line page border on the cover only, as printed LKj covers often have."""
    sectpr = section._sectPr  # type: ignore[attr-defined]
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        for key, value in (
            ("w:val", "double"),
            ("w:sz", "12"),
            ("w:space", "24"),
            ("w:color", "1F4E79"),
        ):
            el.set(qn(key), value)
        borders.append(el)
    # pgBorders follows pgMar in CT_SectPr's sequence
    sectpr.find(qn("w:pgMar")).addnext(borders)


def build_front(doc: DocxDocument) -> None:
    build_cover(doc)
    doc.add_section(WD_SECTION.NEW_PAGE)
    heading(doc, "KATA PENGANTAR", 1)
    paragraphs(doc, "kata_pengantar")
    signature(doc, "kepala")

    loop(doc, "if direviu")
    heading(doc, "PERNYATAAN TELAH DIREVIU", 1, page_break=True)
    para(doc, "{{ kop.instansi }}", "Sampul")
    para(doc, "{{ periode_label|upper }}", "Sampul")
    para(doc)
    paragraphs(doc, "reviu.paragraf")
    signature(doc, "reviu.ttd")
    loop(doc, "endif")

    heading(doc, "IKHTISAR EKSEKUTIF", 1, page_break=True)
    paragraphs(doc, "ikhtisar.pembuka")
    para(doc, "Ringkasan capaian kinerja {{ periode_label }}", bold=True, align=CENTER)
    table(
        doc,
        ["Uraian", "Nilai"],
        [9.0, 5.0],
        [
            tag_row("for r in ikhtisar.tabel"),
            cells("{{ r.uraian }}", "{{ r.nilai }}", numeric_from=1),
            tag_row("endfor"),
        ],
    )
    para(doc)
    paragraphs(doc, "ikhtisar.capaian")
    para(doc, "Permasalahan utama:", bold=True)
    paragraphs(doc, "ikhtisar.masalah", "List Bullet")
    para(doc, "Langkah perbaikan yang direncanakan:", bold=True)
    paragraphs(doc, "ikhtisar.rencana", "List Bullet")

    para(doc, "DAFTAR ISI", "Judul Depan", page_break=True)
    field(
        para(doc),
        'TOC \\o "1-3" \\h \\z \\u',
        "Daftar isi diperbarui saat dokumen dibuka atau dicetak ke PDF.",
    )
    para(doc, "DAFTAR TABEL", "Judul Depan", page_break=True)
    field(
        para(doc),
        f'TOC \\h \\z \\t "{CAPTION_TABEL},1"',
        "Daftar tabel diperbarui saat dokumen dibuka.",
    )
    para(doc, "DAFTAR GAMBAR", "Judul Depan", page_break=True)
    field(
        para(doc),
        f'TOC \\h \\z \\t "{CAPTION_GAMBAR},1"',
        "Daftar gambar diperbarui saat dokumen dibuka.",
    )


def build_bab1(doc: DocxDocument) -> None:
    heading(doc, "BAB I PENDAHULUAN", 1)
    heading(doc, "A. Latar Belakang", 2)
    paragraphs(doc, "narasi.latar_belakang")
    heading(doc, "B. Tugas Pokok dan Fungsi", 2)
    paragraphs(doc, "narasi.tugas_fungsi")
    heading(doc, "C. Struktur Organisasi", 2)
    paragraphs(doc, "narasi.struktur_organisasi")
    caption(doc, "{{ tabel.unit }} Unit kerja dan pejabat yang memimpinnya", "tabel")
    table(
        doc,
        ["No", "Unit Kerja", "Pejabat", "Jabatan"],
        [1.0, 5.5, 4.5, 5.0],
        [
            tag_row("for r in unit"),
            cells("{{ r.no }}", "{{ r.nama }}", "{{ r.pejabat }}", "{{ r.jabatan }}"),
            tag_row("endfor"),
        ],
    )
    heading(doc, "D. Isu Strategis", 2)
    body(doc, "Isu strategis yang dihadapi {{ kop.instansi_judul }} pada {{ periode_label }}:")
    paragraphs(doc, "narasi.isu_strategis", "List Bullet")
    heading(doc, "E. Sistematika Penyajian", 2)
    paragraphs(doc, "sistematika", "List Bullet")


def build_bab2(doc: DocxDocument) -> None:
    heading(doc, "BAB II PERENCANAAN KINERJA", 1, page_break=True)
    heading(doc, "A. Rencana Strategis", 2)
    paragraphs(doc, "renstra.pembuka")
    para(doc, "Tujuan:", bold=True)
    paragraphs(doc, "renstra.tujuan", "List Bullet")
    para(doc, "Sasaran strategis:", bold=True)
    paragraphs(doc, "renstra.sasaran", "List Bullet")
    heading(doc, "B. Perjanjian Kinerja {{ periode_label }}", 2)
    paragraphs(doc, "pk_pembuka")
    caption(doc, "{{ tabel.pk }} Perjanjian Kinerja {{ periode_label }}", "tabel")
    pk_table(doc)


def pk_table(doc: DocxDocument) -> None:
    table(
        doc,
        ["No", "Indikator Kinerja", "Satuan", "Target"],
        [1.2, 10.0, 2.4, 2.4],
        [
            tag_row("for g in pk"),
            [("Sasaran {{ g.no }}: {{ g.sasaran }}", None, True)],
            tag_row("for r in g.indikator"),
            cells(
                "{{ r.no }}",
                "{{ r.indikator }}",
                "{{ r.satuan }}",
                "{{ r.target }}",
                numeric_from=3,
            ),
            tag_row("endfor"),
            tag_row("endfor"),
        ],
    )


def build_bab3(doc: DocxDocument) -> None:
    heading(doc, "BAB III AKUNTABILITAS KINERJA", 1, page_break=True)
    heading(doc, "A. Capaian Kinerja Organisasi", 2)
    paragraphs(doc, "bab3.pembuka")
    caption(doc, "{{ tabel.skala }} Skala predikat capaian kinerja", "tabel")
    table(
        doc,
        ["Rentang Capaian", "Predikat"],
        [6.0, 6.0],
        [
            tag_row("for r in skala"),
            cells("{{ r.rentang }}", "{{ r.predikat }}"),
            tag_row("endfor"),
        ],
    )
    para(doc)
    caption(doc, "{{ tabel.ringkasan }} Capaian kinerja per sasaran {{ periode_label }}", "tabel")
    table(
        doc,
        ["No", "Sasaran", "Jumlah Indikator", "Mencapai Target", "Rata-rata Capaian", "Predikat"],
        [1.0, 6.1, 2.0, 2.0, 2.2, 2.7],
        [
            tag_row("for r in ringkasan_sasaran"),
            cells(
                "{{ r.no }}",
                "{{ r.sasaran }}",
                "{{ r.jumlah }}",
                "{{ r.tercapai }}",
                "{{ r.rata }}",
                "{{ r.predikat }}",
                numeric_from=2,
                numeric_to=4,
            ),
            tag_row("endfor"),
        ],
    )
    figure(doc, "{{ gambar.sasaran.gambar }}")
    caption(doc, "{{ gambar.sasaran.no }} Rata-rata capaian kinerja per sasaran", "gambar")
    figure(doc, "{{ gambar.bidang.gambar }}")
    caption(doc, "{{ gambar.bidang.no }} Rata-rata capaian kinerja per unit kerja", "gambar")
    paragraphs(doc, "bab3.ringkasan")

    loop(doc, "for s in sasaran")
    heading(doc, "{{ s.no }}. Sasaran: {{ s.sasaran }}", 3)
    analysis_1_2(doc)
    analysis_3_4(doc)
    analysis_5_7(doc)
    loop(doc, "endfor")

    heading(doc, "B. Realisasi Anggaran", 2)
    paragraphs(doc, "anggaran.pembuka")
    caption(
        doc,
        "{{ tabel.anggaran }} Realisasi anggaran per program dan kegiatan {{ periode_label }}",
        "tabel",
    )
    table(
        doc,
        ["No", "Program", "Kegiatan", "Pagu (Rp)", "Realisasi (Rp)", "%"],
        [0.9, 4.0, 4.4, 2.7, 2.7, 1.3],
        [
            tag_row("for b in anggaran.bidang"),
            [("{{ b.nama }}", None, True)],
            tag_row("for r in b.baris"),
            cells(
                "{{ r.no }}",
                "{{ r.program }}",
                "{{ r.kegiatan }}",
                "{{ r.pagu }}",
                "{{ r.realisasi }}",
                "{{ r.persen }}",
                numeric_from=3,
            ),
            tag_row("endfor"),
            cells(
                "Jumlah {{ b.singkat }}",
                "{{ b.pagu }}",
                "{{ b.realisasi }}",
                "{{ b.persen }}",
                bold=True,
                numeric_from=1,
            ),
            tag_row("endfor"),
            cells(
                "JUMLAH SELURUHNYA",
                "{{ anggaran.pagu }}",
                "{{ anggaran.realisasi }}",
                "{{ anggaran.persen }}",
                bold=True,
                numeric_from=1,
            ),
        ],
    )
    figure(doc, "{{ gambar.anggaran.gambar }}")
    caption(doc, "{{ gambar.anggaran.no }} Pagu dan realisasi anggaran per unit kerja", "gambar")
    paragraphs(doc, "anggaran.kalimat")


def analysis_1_2(doc: DocxDocument) -> None:
    heading(doc, "a. Perbandingan target dan realisasi {{ periode_label }}", 4)
    caption(doc, "{{ s.tabel.capaian }} Target, realisasi dan capaian sasaran {{ s.no }}", "tabel")
    table(
        doc,
        ["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian (%)", "Predikat"],
        [0.9, 4.9, 2.3, 1.6, 1.8, 1.8, 2.5],
        [
            tag_row("for r in s.capaian"),
            cells(
                "{{ r.no }}",
                "{{ r.indikator }}",
                "{{ r.satuan }}",
                "{{ r.target }}",
                "{{ r.realisasi }}",
                "{{ r.capaian }}",
                "{{ r.predikat }}",
                numeric_from=3,
                numeric_to=5,
            ),
            tag_row("endfor"),
        ],
        keep_together=True,
    )
    para(doc)
    body(doc, "{{ s.ringkasan }}")
    heading(doc, "b. Perbandingan realisasi dengan tahun-tahun sebelumnya", 4)
    caption(doc, "{{ s.tabel.tahunan }} Realisasi sasaran {{ s.no }} dari tahun ke tahun", "tabel")
    table(
        doc,
        [
            "No",
            "Indikator Kinerja",
            "Satuan",
            "{{ tahun_kolom[0] }}",
            "{{ tahun_kolom[1] }}",
            "{{ tahun_kolom[2] }}",
            "{{ tahun_kolom[3] }}",
        ],
        [0.9, 5.4, 2.5, 1.8, 1.8, 1.8, 1.8],
        [
            tag_row("for r in s.tahunan"),
            cells(
                "{{ r.no }}",
                "{{ r.indikator }}",
                "{{ r.satuan }}",
                "{{ r.nilai[0] }}",
                "{{ r.nilai[1] }}",
                "{{ r.nilai[2] }}",
                "{{ r.nilai[3] }}",
                numeric_from=3,
            ),
            tag_row("endfor"),
        ],
        keep_together=True,
    )
    figure(doc, "{{ s.gambar.tren }}")
    caption(doc, "{{ s.gambar.no }} Realisasi dan target indikator sasaran {{ s.no }}", "gambar")
    paragraphs(doc, "s.kalimat_tahunan")


def analysis_3_4(doc: DocxDocument) -> None:
    heading(doc, "c. Perbandingan realisasi dengan target akhir Renstra", 4)
    caption(
        doc,
        "{{ s.tabel.renstra }} Kemajuan sasaran {{ s.no }} menuju target akhir Renstra",
        "tabel",
    )
    table(
        doc,
        ["No", "Indikator Kinerja", "Realisasi", "Target Akhir", "Kemajuan", "Keterangan"],
        [0.9, 5.6, 2.0, 2.4, 1.9, 3.2],
        [
            tag_row("for r in s.renstra"),
            cells(
                "{{ r.no }}",
                "{{ r.indikator }}",
                "{{ r.realisasi }}",
                "{{ r.target_akhir }}",
                "{{ r.progres }}",
                "{{ r.status }}",
                numeric_from=2,
                numeric_to=4,
            ),
            tag_row("endfor"),
        ],
        keep_together=True,
    )
    para(doc)
    paragraphs(doc, "s.kalimat_renstra")
    heading(doc, "d. Perbandingan realisasi dengan standar nasional", 4)
    loop(doc, "if s.standar")
    caption(
        doc, "{{ s.tabel.standar }} Realisasi sasaran {{ s.no }} terhadap standar nasional", "tabel"
    )
    table(
        doc,
        ["No", "Indikator Kinerja", "Realisasi", "Standar Nasional", "Sumber", "Keterangan"],
        [0.9, 5.0, 2.0, 2.2, 3.6, 2.3],
        [
            tag_row("for r in s.standar"),
            cells(
                "{{ r.no }}",
                "{{ r.indikator }}",
                "{{ r.realisasi }}",
                "{{ r.standar }}",
                "{{ r.sumber }}",
                "{{ r.keterangan }}",
                numeric_from=2,
                numeric_to=3,
            ),
            tag_row("endfor"),
        ],
        keep_together=True,
    )
    para(doc)
    loop(doc, "endif")
    body(doc, "{{ s.kalimat_standar }}")


def analysis_5_7(doc: DocxDocument) -> None:
    heading(doc, "e. Analisis penyebab keberhasilan atau kegagalan serta upaya yang dilakukan", 4)
    paragraphs(doc, "s.penyebab", "List Bullet")
    heading(doc, "f. Analisis efisiensi penggunaan sumber daya", 4)
    caption(doc, "{{ s.tabel.efisiensi }} Efisiensi anggaran sasaran {{ s.no }}", "tabel")
    table(
        doc,
        ["Pagu (Rp)", "Realisasi (Rp)", "Penyerapan", "Capaian Sasaran", "Selisih (poin)", "Rasio"],
        [3.0, 3.0, 2.4, 2.6, 2.4, 2.0],
        [
            cells(
                "{{ s.efisiensi.pagu }}",
                "{{ s.efisiensi.realisasi }}",
                "{{ s.efisiensi.penyerapan }}",
                "{{ s.efisiensi.capaian }}",
                "{{ s.efisiensi.selisih }}",
                "{{ s.efisiensi.rasio }}",
                numeric_from=0,
            ),
        ],
        keep_together=True,
    )
    para(doc)
    body(doc, "{{ s.efisiensi.kalimat }}")
    heading(doc, "g. Program dan kegiatan yang mendukung sasaran", 4)
    caption(doc, "{{ s.tabel.program }} Program dan kegiatan pendukung sasaran {{ s.no }}", "tabel")
    table(
        doc,
        ["No", "Program", "Kegiatan", "Pagu (Rp)", "Realisasi (Rp)", "%"],
        [0.9, 4.0, 4.4, 2.7, 2.7, 1.3],
        [
            tag_row("for r in s.program"),
            cells(
                "{{ r.no }}",
                "{{ r.program }}",
                "{{ r.kegiatan }}",
                "{{ r.pagu }}",
                "{{ r.realisasi }}",
                "{{ r.persen }}",
                numeric_from=3,
            ),
            tag_row("endfor"),
        ],
        keep_together=True,
    )
    para(doc)
    body(doc, "{{ s.kalimat_program }}")


def build_bab4_lampiran(doc: DocxDocument) -> None:
    heading(doc, "BAB IV PENUTUP", 1, page_break=True)
    heading(doc, "A. Kesimpulan", 2)
    paragraphs(doc, "penutup.kesimpulan")
    heading(doc, "B. Rencana Tindak Lanjut", 2)
    paragraphs(doc, "penutup.tindak_lanjut", "List Bullet")
    paragraphs(doc, "penutup.akhir")

    heading(doc, "LAMPIRAN", 1, page_break=True)
    heading(doc, "Lampiran 1. Perjanjian Kinerja {{ periode_label }}", 2)
    caption(doc, "{{ tabel.lampiran_pk }} Perjanjian Kinerja {{ periode_label }}", "tabel")
    pk_table(doc)
    heading(doc, "Lampiran 2. Rekapitulasi data capaian kinerja", 2)
    body(doc, "{{ lampiran.rekap_pembuka }}")
    caption(doc, "{{ tabel.lampiran_rekap }} Rekapitulasi capaian kinerja per unit kerja", "tabel")
    table(
        doc,
        ["Kode", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian (%)", "Predikat"],
        [1.5, 4.3, 2.1, 1.6, 1.8, 1.8, 2.9],
        [
            tag_row("for b in rekap"),
            [("{{ b.nama }}", None, True)],
            tag_row("for r in b.baris"),
            cells(
                "{{ r.kode }}",
                "{{ r.indikator }}",
                "{{ r.satuan }}",
                "{{ r.target }}",
                "{{ r.realisasi }}",
                "{{ r.capaian }}",
                "{{ r.predikat }}",
                numeric_from=3,
                numeric_to=5,
            ),
            tag_row("endfor"),
            cells(
                "Rata-rata {{ b.singkat }}",
                "{{ b.rata }}",
                "{{ b.predikat }}",
                bold=True,
                numeric_from=1,
                numeric_to=1,
            ),
            tag_row("endfor"),
        ],
    )
    para(doc)
    paragraphs(doc, "lampiran.catatan")


def build_body(doc: DocxDocument) -> None:
    build_bab1(doc)
    build_bab2(doc)
    build_bab3(doc)
    build_bab4_lampiran(doc)


def build(out: Path = OUT) -> Path:
    doc = Document()
    setup_styles(doc)
    first = doc.sections[0]
    first.page_width, first.page_height = Mm(210), Mm(297)
    first.top_margin, first.bottom_margin = Mm(20), Mm(20)
    first.left_margin, first.right_margin = Mm(30), Mm(20)
    build_front(doc)
    body_section = doc.add_section(WD_SECTION.NEW_PAGE)
    build_body(doc)
    cover, front = doc.sections[0], doc.sections[1]
    header_footer(cover, blank=True)
    cover_border(cover)
    header_footer(front, blank=False)
    header_footer(body_section, blank=False)
    page_number_format(front, "lowerRoman")
    page_number_format(body_section, "decimal")
    props = doc.core_properties
    props.title = "Laporan Kinerja"
    props.subject = "Laporan Kinerja Instansi Pemerintah (PermenPAN-RB 53/2014)"
    props.author = "kinerja"
    doc.save(str(out))
    return out


if __name__ == "__main__":
    print(build())
