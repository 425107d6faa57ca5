"""Column widths of Word tables whose columns come from a loop (``{%tc for %}``).

docxtpl gives such a table a new grid of equal shares and leaves every cell with the width the
template gave it. kinerja instead keeps the narrow columns (No, Satuan) as the template drew them
and lets the wide ones (the text and the repeated columns) share the rest of the table's width in
proportion to their template widths, so that six year columns shrink the Indikator column a
little instead of breaking "No" into two lines.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

# A column at most this wide (twips; 21 mm) keeps its template width when a table is re-laid.
NARROW_TWIPS = 1200
_GRID = f"{qn('w:tblGrid')}/{qn('w:gridCol')}"
_WIDTH = f"{qn('w:tcPr')}/{qn('w:tcW')}"
_SPAN = f"{qn('w:tcPr')}/{qn('w:gridSpan')}"


def _span(cell: Any) -> int:
    span = cell.find(_SPAN)
    return int(span.get(qn("w:val"), "1")) if span is not None else 1


def _width(cell: Any) -> int:
    width = cell.find(_WIDTH)
    return int(width.get(qn("w:w"), "0")) if width is not None else 0


def share(wanted: list[int], total: int) -> list[int]:
    """Widths summing to ``total``: narrow columns as wanted, the others in proportion."""
    narrow = sum(w for w in wanted if w <= NARROW_TWIPS)
    wide = sum(w for w in wanted if w > NARROW_TWIPS)
    if wide == 0 or narrow >= total:
        scale = total / max(1, sum(wanted))
        return [int(w * scale) for w in wanted]
    scale = (total - narrow) / wide
    return [w if w <= NARROW_TWIPS else int(w * scale) for w in wanted]


def fit_loop_tables(body: Any) -> None:
    """Re-lay every table whose cells no longer add up to its grid (a column loop ran)."""
    for table in body.iter(qn("w:tbl")):
        grid = table.findall(_GRID)
        total = sum(int(g.get(qn("w:w"), "0")) for g in grid)
        rows = [
            cells
            for row in table.iterfind(qn("w:tr"))
            if len(cells := row.findall(qn("w:tc"))) == len(grid)
            and all(_span(c) == 1 for c in cells)
        ]
        if not rows or total == 0:
            continue
        wanted = [_width(c) for c in rows[0]]
        if 0 in wanted or abs(sum(wanted) - total) <= total // 100:
            continue
        widths = share(wanted, total)
        for g, w in zip(grid, widths, strict=True):
            g.set(qn("w:w"), str(w))
        for row in table.iterfind(qn("w:tr")):
            cells, start = row.findall(qn("w:tc")), 0
            for cell in cells:
                span = _span(cell)
                width = cell.find(_WIDTH)
                if width is not None:
                    width.set(qn("w:w"), str(sum(widths[start : start + span])))
                    width.set(qn("w:type"), "dxa")
                start += span
