"""Column widths of Word tables (documents/tabel.py): no number of a total row is broken."""

from __future__ import annotations

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

from generator.documents.tabel import widen_for_words


def _table_with_a_total_row(last_twips: int) -> tuple[object, list[int]]:
    """Program | Kegiatan | % with a total row whose label spans the first two columns."""
    doc = Document()
    table = doc.add_table(rows=3, cols=3)
    widths = [3000, 3000, last_twips]
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Twips(width)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Twips(width)
    table.rows[0].cells[2].text = "%"
    table.rows[1].cells[2].text = "97"
    total = table.rows[2]
    total.cells[0].merge(total.cells[1]).text = "Jumlah Bidang Persandian dan Keamanan Informasi"
    run = total.cells[2].paragraphs[0].add_run("94,99")
    run.bold, run.font.size = True, Pt(9)
    for cell in table.rows[1].cells:
        for paragraph in cell.paragraphs:
            for r in paragraph.runs:
                r.font.size = Pt(9)
    assert total._tr.findall(qn("w:tc"))[0].find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}") is not None
    return doc, widths


def _grid(doc: object) -> list[int]:
    body = doc.element.body  # type: ignore[attr-defined]
    return [int(g.get(qn("w:w"))) for g in body.iter(qn("w:gridCol"))]


def test_a_number_in_a_total_row_widens_its_column() -> None:
    """The LKj's budget table broke the total "94,99" into "94,9" and "9" in Bookman Old Style:
    only rows without merged cells were measured, and a total row's label spans columns."""
    doc, widths = _table_with_a_total_row(700)
    widen_for_words(doc.element.body, "Bookman Old Style", {})  # type: ignore[attr-defined]
    grid = _grid(doc)
    assert grid[2] > 700 and abs(sum(grid) - sum(widths)) <= len(grid)  # rounding only


def test_a_column_wide_enough_is_left_alone() -> None:
    doc, widths = _table_with_a_total_row(1100)
    widen_for_words(doc.element.body, "Bookman Old Style", {})  # type: ignore[attr-defined]
    assert _grid(doc) == widths
