"""Column widths of Word tables whose columns come from a loop (``{%tc for %}``).

docxtpl gives such a table a new grid of equal shares and leaves every cell with the width the
template gave it. kinerja instead keeps the narrow columns (No, Satuan) as the template drew them
and lets the wide ones (the text and the repeated columns) share the rest of the table's width in
proportion to their template widths, so that six year columns shrink the Indikator column a
little instead of breaking "No" into two lines.
"""

from __future__ import annotations

import functools
from copy import deepcopy
from typing import Any

from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]

from generator.data import FONT_DIR

# A column at most this wide (twips; 21 mm) keeps its template width when a table is re-laid.
NARROW_TWIPS = 1200
_TBL, _TR, _TC, _T = qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:t")
_VAL, _W, _TYPE = qn("w:val"), qn("w:w"), qn("w:type")
_GRID = f"{qn('w:tblGrid')}/{qn('w:gridCol')}"
_WIDTH = f"{qn('w:tcPr')}/{qn('w:tcW')}"
_SPAN = f"{qn('w:tcPr')}/{qn('w:gridSpan')}"
_RUN_SIZE = f".//{qn('w:rPr')}/{qn('w:sz')}"
_PARAGRAPH_STYLE = f".//{qn('w:pPr')}/{qn('w:pStyle')}"


def _span(cell: Any) -> int:
    span = cell.find(_SPAN)
    return int(span.get(_VAL, "1")) if span is not None else 1


def _width(cell: Any) -> int:
    width = cell.find(_WIDTH)
    return int(width.get(_W, "0")) if width is not None else 0


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
    for table in body.iter(_TBL):
        grid = table.findall(_GRID)
        total = sum(int(g.get(_W, "0")) for g in grid)
        first = _first_full_row(table, len(grid))
        if first is None or total == 0:
            continue
        wanted = [_width(c) for c in first]
        if 0 in wanted or abs(sum(wanted) - total) <= total // 100:
            continue
        _apply(table, grid, share(wanted, total))


def _first_full_row(table: Any, columns: int) -> list[Any] | None:
    """The cells of the table's first row that has one cell in each of its columns."""
    for row in table.iterfind(_TR):
        cells: list[Any] = row.findall(_TC)
        if len(cells) == columns and all(_span(c) == 1 for c in cells):
            return cells
    return None


# -- no word broken inside a cell -------------------------------------------------------------

# A word's width is measured with the fonts kinerja ships, Liberation Sans (Arial's metric
# twin), bold where the cell is; Bookman Old Style sets the same text about this much wider
# (URW Bookman, its metric twin; the factor the spreadsheets use as well). An average width per
# character (half an em) underestimated codes: "B05-036" needs 3.8 em, and broke after its
# hyphen in an 850-twip Kode column.
FONT_FACTOR = {"Arial": 1.0, "Bookman Old Style": 1.22}
CELL_MARGINS_PT = 11.0  # left + right padding of a cell (0.19 cm each)
LONGEST_WORD = 16  # a longer word (a URL, a code) may break; do not widen for it
_BOLD = f".//{qn('w:rPr')}/{qn('w:b')}"


@functools.lru_cache(maxsize=2)
def _font(bold: bool) -> Any:
    from PIL import ImageFont

    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), 1000)


@functools.lru_cache(maxsize=65536)
def word_em(word: str, bold: bool = False) -> float:
    """The width of ``word`` in Liberation Sans, in em."""
    return float(_font(bold).getlength(word)) / 1000


def _size_pt(cell: Any, style_sizes: dict[str, float]) -> float:
    size = cell.find(_RUN_SIZE)
    if size is not None:
        return int(size.get(_VAL, "20")) / 2
    style = cell.find(_PARAGRAPH_STYLE)
    if style is not None:
        return style_sizes.get(style.get(_VAL, ""), 10.0)
    return 10.0


def style_sizes(styles: Any) -> dict[str, float]:
    """Font size (pt) of every paragraph style that sets one."""
    out = {}
    for style in styles.iterfind(qn("w:style")):
        size = style.find(f"{qn('w:rPr')}/{qn('w:sz')}")
        if size is not None:
            out[style.get(qn("w:styleId"), "")] = int(size.get(qn("w:val"), "20")) / 2
    return out


def _need_twips(cell: Any, huruf: str, sizes: dict[str, float]) -> int:
    words = [w for t in cell.iter(_T) for w in (t.text or "").split() if len(w) <= LONGEST_WORD]
    if not words:
        return 0
    mark = cell.find(_BOLD)
    bold = mark is not None and _on(mark)
    widest = max(word_em(w, bold) for w in words)
    size = _size_pt(cell, sizes)
    return int((widest * size * FONT_FACTOR.get(huruf, 1.0) + CELL_MARGINS_PT) * 20)


def widen_for_words(body: Any, huruf: str, sizes: dict[str, float]) -> None:
    """Widen a column too narrow for its longest word (a header "Realisasi" broken into
    "Realisas i" in Bookman Old Style), taking the width from columns with room to spare.

    Every row counts, with each cell at its place in the grid: a total row whose label spans
    three columns still has its own number in the last one (its "94,99" broke into "94,9" and
    "9" when only rows without spans were measured). A cell spanning columns asks for none."""
    for table in body.iter(_TBL):
        grid = table.findall(_GRID)
        widths = [int(g.get(_W, "0")) for g in grid]
        if not widths or 0 in widths:
            continue
        need = [0] * len(grid)
        for row in table.iterfind(_TR):
            column = 0
            for cell in row.findall(_TC):
                span = _span(cell)
                if span == 1 and column < len(grid):
                    need[column] = max(need[column], _need_twips(cell, huruf, sizes))
                column += span
        surplus = [max(0, w - max(n, NARROW_TWIPS)) for n, w in zip(need, widths, strict=True)]
        given = _shares(need, widths, sum(surplus))
        deficit = sum(given)
        if deficit == 0:
            continue
        taken = [s * deficit // sum(surplus) for s in surplus]
        new = [w + g - t for w, g, t in zip(widths, given, taken, strict=True)]
        _apply(table, grid, new)


def _shares(need: list[int], widths: list[int], room: int) -> list[int]:
    """What each column gets of ``room`` twips: the smallest shortfalls first and whole (a
    header word such as "Realisasi"), then what is left to the next one (a long code, which
    then breaks at fewer places). In Bookman Old Style on F4 the Kode column of the LKj's
    rekap wanted more than the other columns could spare, and no column was widened at all:
    "Realisasi" broke as "Realisas i"."""
    given = [0] * len(need)
    for column in sorted(range(len(need)), key=lambda c: need[c] - widths[c]):
        short = need[column] - widths[column]
        if short <= 0 or room <= 0:
            continue
        given[column] = min(short, room)
        room -= given[column]
    return given


def _apply(table: Any, grid: list[Any], widths: list[int]) -> None:
    for g, w in zip(grid, widths, strict=True):
        g.set(_W, str(w))
    for row in table.iterfind(_TR):
        start = 0
        for cell in row.findall(_TC):
            span = _span(cell)
            width = cell.find(_WIDTH)
            if width is not None:
                width.set(_W, str(sum(widths[start : start + span])))
                width.set(_TYPE, "dxa")
            start += span


# -- long tables continued in new tables ------------------------------------------------------

# LibreOffice lays a table out as one piece: a table of 2,000 rows took 11 s and 360 MiB to
# convert, the same rows as tables of 150-300 rows 4.2-4.6 s and 235-245 MiB (measured on the
# Lampiran rekap of a 2,000-indicator LKj; bench/RESULTS.md, "Catatan sesi keenam"). A table
# longer than this is therefore continued in a new table of the same columns and header rows.
TABLE_ROWS = 200
_HEADER = f"{qn('w:trPr')}/{qn('w:tblHeader')}"
_VMERGE = f"{qn('w:tcPr')}/{qn('w:vMerge')}"
_P, _PPR, _SPACING, _RPR, _SZ = qn("w:p"), qn("w:pPr"), qn("w:spacing"), qn("w:rPr"), qn("w:sz")


def _on(mark: Any) -> bool:
    """A WordprocessingML on/off property: present means on, unless w:val says otherwise."""
    return str(mark.get(_VAL, "true")).lower() not in ("0", "false", "off")


def _is_header(row: Any) -> bool:
    mark = row.find(_HEADER)
    return mark is not None and _on(mark)


def _starts_group(row: Any, columns: int) -> bool:
    """A row of one cell across the whole table ("Sasaran 3: ...", a unit's name)."""
    cells = row.findall(_TC)
    return len(cells) == 1 and _span(cells[0]) == columns


def _may_start(row: Any) -> bool:
    """Whether a table may begin at ``row``: none of its cells continues a vertical merge."""
    for cell in row.findall(_TC):
        merge = cell.find(_VMERGE)
        if merge is not None and merge.get(_VAL, "continue") != "restart":
            return False
    return True


def _cuts(rows: list[Any], columns: int, limit: int) -> list[int]:
    """Where to start the continuation tables among ``rows`` (the rows under the header): at
    the first group row once a piece holds ``limit`` rows, at any row once it holds twice as
    many, and never so late that the last piece would be shorter than half of ``limit``."""
    cuts: list[int] = []
    start = 0
    for i, row in enumerate(rows):
        held = i - start
        if held < limit or len(rows) - i < limit // 2 or not _may_start(row):
            continue
        if held >= 2 * limit or _starts_group(row, columns):
            cuts.append(i)
            start = i
    return cuts


def _joint() -> Any:
    """The paragraph between a table and its continuation: one point high, so the two read
    as one table whose header rows are printed again."""
    paragraph = etree.Element(_P)
    ppr = etree.SubElement(paragraph, _PPR)
    spacing = etree.SubElement(ppr, _SPACING)
    for name, value in (("before", "0"), ("after", "0"), ("line", "20"), ("lineRule", "exact")):
        spacing.set(qn(f"w:{name}"), value)
    etree.SubElement(etree.SubElement(ppr, _RPR), _SZ).set(_VAL, "2")
    return paragraph


def continue_long_tables(body: Any, limit: int = TABLE_ROWS) -> None:
    """Cut every top-level table longer than ``limit`` rows into tables of about ``limit``
    rows, each with the header rows of the first (the rows Word repeats on every page)."""
    for table in list(body.iterchildren(_TBL)):
        rows = table.findall(_TR)
        if len(rows) <= limit:
            continue
        header = 0
        while header < len(rows) and _is_header(rows[header]):
            header += 1
        columns = len(table.findall(_GRID))
        cuts = _cuts(rows[header:], columns, limit)
        if not cuts:
            continue
        # the table's properties, grid and header rows (not a copy of its thousands of rows)
        shell = table.makeelement(table.tag, table.attrib)
        for child in table:
            if child.tag != _TR:
                shell.append(deepcopy(child))
        shell.extend(deepcopy(row) for row in rows[:header])
        body_rows = rows[header:]
        place = table
        for begin, end in zip(cuts, [*cuts[1:], len(body_rows)], strict=True):
            piece = deepcopy(shell)
            for row in body_rows[begin:end]:
                piece.append(row)  # moved out of the first table
            joint = _joint()
            place.addnext(joint)
            joint.addnext(piece)
            place = piece
