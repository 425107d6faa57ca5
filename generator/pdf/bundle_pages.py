"""The pages the archive bundle adds around the documents: cover, Daftar Isi, manifest.

All three are drawn with reportlab in the Liberation fonts shipped under
``generator/data/fonts`` (SIL OFL), embedded as subsets, with no transparency,
so the merged bundle stays within PDF/A. The layout of the manifest tables is
also what :func:`generator.pdf.bundle.read_manifest_page_hashes` parses back:
keep the two in step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from generator.base.tanggal import tanggal_id
from generator.data import FONT_DIR
from generator.pdf.bundle_model import BundleDocument, BundleMeta

SANS = "KinerjaSans"
SANS_BOLD = "KinerjaSans-Bold"
MONO = "KinerjaMono"

MANIFEST_HEADING = "MANIFEST ARSIP"
NBSP = "\u00a0"
ATTACHMENT_HEADING = "Berkas tertanam (lampiran)"
# Margins of a bound page (Tata Naskah Dinas): 30 mm on the binding side, 20 mm elsewhere.
MARGIN = 20 * mm
MARGIN_LEFT = 30 * mm
_WIDTH = A4[0] - MARGIN_LEFT - MARGIN
# Where the visible signature goes on the cover, in PDF points (x1, y1, x2, y2): 250 x 90,
# flush with the right margin.
STAMP_RIGHT = float(int(A4[0] - MARGIN))  # whole points, as the widget stores them
STAMP_BOX = (STAMP_RIGHT - 250.0, 60.0, STAMP_RIGHT, 150.0)

Box = tuple[float, float, float, float]
Footer = Callable[[Canvas, Any], None]


def register_fonts() -> None:
    """Register the shipped TrueType fonts with reportlab (idempotent)."""
    known = set(pdfmetrics.getRegisteredFontNames())
    for name, file in (
        (SANS, "LiberationSans-Regular.ttf"),
        (SANS_BOLD, "LiberationSans-Bold.ttf"),
        (MONO, "LiberationMono-Regular.ttf"),
    ):
        if name not in known:
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))


def _style(
    size: float, *, bold: bool = False, align: Literal[0, 1, 2, 4] = 0, leading: float = 0
) -> ParagraphStyle:
    return ParagraphStyle(
        name=f"s{size}{bold}{align}",
        fontName=SANS_BOLD if bold else SANS,
        fontSize=size,
        leading=leading or size * 1.25,
        alignment=align,
    )


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class TocLine:
    """One line of the Daftar Isi."""

    step: int
    step_title: str
    title: str
    page_label: str


@dataclass(frozen=True)
class AttachmentRow:
    """One embedded file as listed on the manifest page."""

    name: str
    size: int
    sha256: str


def _doc(out: Path, title: str, first_label: int, roman: bool) -> tuple[SimpleDocTemplate, Footer]:
    def footer(canvas: Canvas, doc: Any) -> None:
        number = first_label + doc.page - 1
        label = _roman(number) if roman else str(number)
        canvas.setFont(SANS, 9)
        canvas.drawCentredString(A4[0] / 2, 20, label)

    doc = SimpleDocTemplate(
        str(out),
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 10,
        title=title,
        initialFontName=SANS,
    )
    return doc, footer


def _build(doc: SimpleDocTemplate, footer: Footer, story: list[Flowable]) -> int:
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return int(doc.page)


def _no_widow(text: str) -> str:
    """Bind a short last word ("versi 1") to the one before it, so it never wraps alone."""
    head, _, last = text.rpartition(" ")
    return f"{head}{NBSP}{last}" if head and len(last) <= 3 else text


def _roman(number: int) -> str:
    table: list[tuple[int, str]] = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd")]
    table += [(100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix")]
    table += [(5, "v"), (4, "iv"), (1, "i")]
    out = []
    for value, letters in table:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def render_cover(meta: BundleMeta, out: Path) -> Box:
    """Draw the cover page; return the empty rectangle kept for the signature stamp."""
    register_fonts()
    # the stub types initialFontName as a number; reportlab wants the font name
    canvas = Canvas(str(out), pagesize=A4, initialFontName=SANS)  # type: ignore[arg-type]
    canvas.setTitle(meta.title)
    y = A4[1] - 120
    lines: list[tuple[str, float, bool]] = [
        ("ARSIP DOKUMEN", 14, True),
        (meta.sop_name, 18, True),
        (f"Nomor SOP: {meta.sop_number}", 11, False),
        ("", 30, False),
        (meta.instansi.upper(), 15, True),
        (f"Periode {meta.periode}", 13, False),
        ("", 30, False),
        (meta.title, 12, False),
        (f"Dibuat tanggal {tanggal_id(meta.created)}", 11, False),
    ]
    if meta.cover_note:
        lines += [("", 20, False), (meta.cover_note, 11, True)]
    for text, size, bold in lines:
        para = Paragraph(_esc(text), _style(size, bold=bold, align=1))
        _, height = para.wrap(_WIDTH, A4[1])
        y -= height + size * 0.6
        para.drawOn(canvas, MARGIN_LEFT, y)
    canvas.setFont(SANS, 9)
    canvas.drawString(STAMP_BOX[0], STAMP_BOX[3] + 6, "Pengesahan elektronik:")
    canvas.showPage()
    canvas.save()
    return STAMP_BOX


def render_daftar_isi(lines: Sequence[TocLine], extra: Sequence[tuple[str, str]], out: Path) -> int:
    """Draw the Daftar Isi (labels from ii on); return its number of pages."""
    register_fonts()
    doc, footer = _doc(out, "Daftar Isi", first_label=2, roman=True)
    body = ParagraphStyle("toc", parent=_style(10), leftIndent=12)  # wrapped lines stay indented
    rows: list[list[Any]] = []
    styles: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), SANS, 10),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
    ]
    current_step: int | None = None
    for line in lines:
        if line.step != current_step:
            current_step = line.step
            heading = f"Langkah {line.step} — {line.step_title}"
            styles.append(("SPAN", (0, len(rows)), (1, len(rows))))
            styles.append(("TOPPADDING", (0, len(rows)), (1, len(rows)), 8))
            rows.append([Paragraph(_esc(heading), _style(10.5, bold=True)), ""])
        rows.append([Paragraph(_esc(_no_widow(line.title)), body), line.page_label])
    for title, label in extra:
        styles.append(("TOPPADDING", (0, len(rows)), (1, len(rows)), 8))
        rows.append([Paragraph(_esc(title), _style(10.5, bold=True)), label])
    story: list[Flowable] = [
        Paragraph("DAFTAR ISI", _style(15, bold=True, align=1)),
        Spacer(1, 8 * mm),
        Table(rows, colWidths=[_WIDTH - 50, 50], style=TableStyle(styles), repeatRows=0),
    ]
    return _build(doc, footer, story)


def _chain_head(meta: BundleMeta, mono: ParagraphStyle) -> list[Flowable]:
    if not meta.chain_head:
        return []
    return [
        Spacer(1, 3 * mm),
        Paragraph(_esc("Kepala rantai manifest.json pada saat pengarsipan:"), _style(8, align=1)),
        Paragraph(_esc(meta.chain_head), ParagraphStyle("head", parent=mono, alignment=1)),
    ]


def render_manifest(
    meta: BundleMeta,
    documents: Sequence[BundleDocument],
    attachments: Sequence[AttachmentRow],
    first_label: int,
    out: Path,
) -> int:
    """Draw the manifest (documents and embedded files with SHA-256); return its page count."""
    register_fonts()
    doc, footer = _doc(out, MANIFEST_HEADING, first_label=first_label, roman=False)
    small = _style(8)
    grid: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), SANS, 8),
        ("FONT", (0, 0), (-1, 0), SANS_BOLD, 8),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    hash_col = 250.0
    mono = ParagraphStyle("hash", fontName=MONO, fontSize=6.3, leading=8)
    doc_rows: list[list[Any]] = [
        ["No", "Dokumen, SHA-256 berkas sumber dan halaman", "Jenis", "Versi", "Status"]
    ]
    for index, item in enumerate(documents, start=1):
        name = _esc(item.title) + (f" ({_esc(item.bidang)})" if item.bidang else "")
        doc_rows.append(
            [
                str(index),
                [
                    Paragraph(name, small),
                    Paragraph(
                        ("sumber " if item.has_original else "berkas ") + item.sha256.lower(), mono
                    ),
                    Paragraph("halaman " + (item.pages_sha256 or "").lower(), mono),
                ],
                Paragraph(_esc(item.kind), small),
                str(item.version),
                Paragraph(_esc(item.state), small),
            ]
        )
    doc_table = Table(
        doc_rows, colWidths=[20, _WIDTH - 20 - 90 - 28 - 62, 90, 28, 62], repeatRows=1
    )
    doc_table.setStyle(TableStyle(grid))
    att_rows: list[list[Any]] = [["No", "Nama berkas", "Ukuran", "SHA-256"]]
    for index, row in enumerate(attachments, start=1):
        att_rows.append(
            [
                str(index),
                Paragraph(_esc(row.name), small),
                f"{row.size:,} bita".replace(",", "."),
                row.sha256.lower(),
            ]
        )
    att_table = Table(att_rows, colWidths=[20, _WIDTH - hash_col - 82, 62, hash_col], repeatRows=1)
    att_table.setStyle(TableStyle([*grid, ("FONT", (3, 1), (3, -1), MONO, 6.3)]))
    story: list[Flowable] = [
        Paragraph(MANIFEST_HEADING, _style(15, bold=True, align=1)),
        Spacer(1, 3 * mm),
        Paragraph(
            _esc(
                f"{meta.instansi} — {meta.sop_name} — Periode {meta.periode} — "
                + NBSP.join(["dibuat", *tanggal_id(meta.created).split()])
            ),
            _style(9, align=1),
        ),
        *_chain_head(meta, mono),
        Spacer(1, 6 * mm),
        Paragraph("Dokumen dalam arsip (urutan SOP)", _style(11, bold=True)),
        Spacer(1, 2 * mm),
        doc_table,
        Spacer(1, 6 * mm),
        CondPageBreak(45 * mm),  # not the heading and one row alone at the foot of a page
        Paragraph(ATTACHMENT_HEADING, _style(11, bold=True)),
        Spacer(1, 2 * mm),
        att_table,
        Spacer(1, 5 * mm),
        Paragraph(
            "SHA-256 sumber dihitung atas berkas aslinya; SHA-256 halaman atas halaman dokumen itu"
            " di dalam arsip ini (tercatat juga di dalam berkas PDF). Berkas tertanam dapat dibuka dari panel "
            "lampiran pembaca PDF; nilai SHA-256-nya harus sama dengan yang tercantum di atas.",
            _style(8),
        ),
    ]
    return _build(doc, footer, story)
