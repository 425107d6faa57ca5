"""Sheet mechanics of the formulir: text cells, model rows, row heights, protection, pages.

Nothing here knows about indicators: these are the openpyxl details that make a generated
sheet print the same in Excel and LibreOffice.
"""

from __future__ import annotations

from collections.abc import Hashable
from copy import copy

from openpyxl.styles import Protection
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from generator.base.xlsx import font_named, restyle
from generator.documents.render import clean_text

PAGE_PT = {"A4": (841.9, 595.3), "F4": (935.4, 612.3)}  # landscape width, height
LINE_PT = 12.75
SHRINK_ONTO_ONE_PAGE = 1.45  # up to this many estimated pages, print on one page (scale >= ~70%)
MAX_ROW_PT = 409.0  # Excel's largest row height


def put_text(ws: Worksheet, row: int, col: int | str, value: str) -> None:
    cell = ws[f"{col}{row}"] if isinstance(col, str) else ws.cell(row, col)
    cell.value = clean_text(value)  # openpyxl refuses control characters
    cell.data_type = "s"  # user text is never a formula, even "=HYPERLINK(...)"


def expand_rows(ws: Worksheet, row: int, count: int) -> None:
    """Turn model row ``row`` into ``count`` rows; shift what is below (cells, merges, heights)."""
    extra = count - 1
    if extra <= 0:
        return
    heights = {
        r: d.height for r, d in list(ws.row_dimensions.items()) if r > row and d.height is not None
    }
    ws.insert_rows(row + 1, extra)
    for merged in ws.merged_cells.ranges:
        if merged.min_row > row:
            merged.shift(0, extra)
    for r in heights:
        ws.row_dimensions[r].height = None
    for r, h in heights.items():
        ws.row_dimensions[r + extra].height = h
    model_merges = [m for m in ws.merged_cells.ranges if m.min_row == m.max_row == row]
    for r in range(row + 1, row + count):
        ws.row_dimensions[r].height = ws.row_dimensions[row].height
        for col in range(1, ws.max_column + 1):
            ws.cell(r, col)._style = copy(ws.cell(row, col)._style)
        for m in model_merges:
            ws.merge_cells(start_row=r, start_column=m.min_col, end_row=r, end_column=m.max_col)


def column_width(ws: Worksheet, letter: str) -> float:
    width = ws.column_dimensions[letter].width
    return float(width) if width else 8.43


def span_width(ws: Worksheet, row: int, col: int) -> float:
    """Width (in characters) of the cell at row/col, or of the merged range it starts."""
    for merged in ws.merged_cells.ranges:
        if merged.min_row == row and merged.min_col == col:
            return sum(
                column_width(ws, get_column_letter(c)) for c in range(col, merged.max_col + 1)
            )
    return column_width(ws, get_column_letter(col))


# How much wider than Arial a font sets the same text (Bookman Old Style is a wide face: measured
# with URW Bookman, its metric twin on Linux, about 1.2 times Arial on Indonesian text).
WIDTH_FACTOR = {"Arial": 1.0, "Bookman Old Style": 1.22}


def text_height(width: float, text: str, huruf: str = "Arial") -> float:
    """Points needed by wrapped ``text`` in a column ``width`` characters wide (10 pt font)."""
    # Arial 10: about 33 characters in a 30-wide column
    per_line = max(4, int(width * 1.1 / WIDTH_FACTOR.get(huruf, 1.0)))
    return sum(wrapped_lines(part, per_line) for part in text.split("\n")) * LINE_PT + 3


def wrapped_lines(text: str, per_line: int) -> int:
    """Lines of greedy word wrap, as the spreadsheet wraps (a long word is broken)."""
    lines, used = 1, 0
    for word in text.split():
        size = len(word)
        if used and used + 1 + size > per_line:
            lines, used = lines + 1, 0
        if used:
            used += 1
        while size > per_line:
            lines, size = lines + 1, size - per_line
        used += size
    return lines


def fit_height(
    ws: Worksheet,
    row: int,
    texts: dict[str, str],
    minimum: float = LINE_PT + 2,
    huruf: str = "Arial",
) -> None:
    """Row height for wrapped text (set explicitly so Excel and LibreOffice print the same)."""
    needed = max(
        [minimum]
        + [
            text_height(span_width(ws, row, column_index_from_string(c)), t, huruf)
            for c, t in texts.items()
        ]
    )
    ws.row_dimensions[row].height = min(MAX_ROW_PT, needed)


def _locked(protection: Protection, locked: Hashable) -> Protection:
    protection.locked = bool(locked)
    return protection


def protect_sheet(ws: Worksheet, fill_in: set[str], huruf: str) -> None:
    """Lock every cell except the fill-in ones; one font (the org's) everywhere."""
    cells = [c for row in ws.iter_rows(max_row=ws.max_row, max_col=ws.max_column) for c in row]
    restyle(cells, "protection", _locked, lambda cell: cell.coordinate not in fill_in)
    restyle(cells, "font", font_named, lambda _cell: huruf)
    ws.protection.sheet = True
    ws.protection.formatRows = False  # allowed: a long Keterangan may need a taller row
    ws.protection.selectLockedCells = ws.protection.selectUnlockedCells = False


def paginate(ws: Worksheet, kertas: str, block_start: int, title_rows: tuple[int, int]) -> None:
    """Decide how the form falls on pages, from an estimate of the printed height.

    Column widths in points (about 5.25 pt a character) give the fit-to-width scale; rows without
    a height count 12.75 pt. A form a little longer than one page is shrunk onto one page (as
    offices print it); a longer one repeats the table header on every page and starts the
    budget table with the signature block on a new page rather than splitting them.
    """
    width_pt = sum(
        column_width(ws, get_column_letter(c)) * 5.25 + 3.75 for c in range(1, ws.max_column + 1)
    )
    page_w, page_h = PAGE_PT[kertas]
    margins = ws.page_margins
    scale = min(1.0, (page_w - 72 * (margins.left + margins.right)) / width_pt)
    capacity = 0.93 * (page_h - 72 * (margins.top + margins.bottom)) / scale

    def height(r: int) -> float:
        return float(ws.row_dimensions[r].height or LINE_PT)

    total = sum(height(r) for r in range(1, ws.max_row + 1))
    if total <= SHRINK_ONTO_ONE_PAGE * capacity:
        ws.page_setup.fitToHeight = 1
        return
    ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
    titles = sum(height(r) for r in range(title_rows[0], title_rows[1] + 1))
    used = 0.0
    for r in range(1, block_start):
        used += height(r)
        if used > capacity:
            used = titles + height(r)
    block = sum(height(r) for r in range(block_start, ws.max_row + 1))
    if used + block > capacity and titles + block <= capacity:
        ws.row_breaks.append(Break(id=block_start - 1))
