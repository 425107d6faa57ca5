"""Every workbook kinerja opens goes through ``load_workbook`` here.

openpyxl (3.1) gives every cell of a merged range the top-left cell's protection, and the
cells along its edges its borders, when it loads a sheet or merges cells
(``MergedCellRange.format``): one style-table lookup per cell, each hashing and comparing a
whole ``Protection`` or ``Border`` object. A formulir or recap with merged headers
spent most of its load time there (1.2 of 1.5 s of workbook loading in one demo). The
replacement below looks each style up once per range and gives every cell that index:
the same cells, the same style table in the same order, the same saved file
(``tests/unit/base/test_xlsx.py`` compares them with openpyxl's own method). It is installed
only on the openpyxl versions it was compared on; any other keeps openpyxl's method.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable, Iterable
from typing import Any

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Font
from openpyxl.styles.borders import Border
from openpyxl.styles.cell_style import StyleArray
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.merge import MergedCellRange

VERIFIED = ("3.1.",)  # openpyxl versions whose MergedCellRange.format this one mirrors
ORIGINAL_FORMAT = MergedCellRange.format


def _format(self: MergedCellRange) -> None:
    """``MergedCellRange.format`` of openpyxl 3.1 with one style lookup per distinct style
    instead of one per cell: the border a side adds to a cell's border, and the protection a
    range gives its cells, are remembered per workbook (a template repeats the same few)."""
    ws = self.ws
    cells = ws._cells
    wb = ws.parent
    memo: dict[tuple[str, int, int], int] = wb.__dict__.setdefault("_kinerja_merge_memo", {})

    def cell_at(coord: tuple[int, int]) -> Any:
        cell = cells.get(coord)
        if cell is None:
            cell = MergedCell(ws, row=coord[0], column=coord[1])
            cells[coord] = cell
        return cell

    borders = wb._borders
    start = self.start_cell
    for name in ("top", "left", "right", "bottom"):
        side = getattr(start.border, name)
        if side and side.style is None:
            continue  # no border style: nothing to carry
        source = start._style.borderId if start._style else 0
        for coord in getattr(self, name):
            cell = cell_at(coord)
            if not cell._style:
                cell._style = StyleArray()
            old = cell._style.borderId
            key = (name, source, old)
            if key not in memo:
                memo[key] = borders.add(borders[old] + Border(**{name: side}))
            cell._style.borderId = memo[key]

    protected = start.protection is not None
    index = 0
    if protected:
        key = ("protection", start._style.protectionId if start._style else 0, 0)
        if key not in memo:
            memo[key] = wb._protections.add(copy.copy(start.protection))
        index = memo[key]
    for coord in self.cells:
        cell = cell_at(coord)  # every cell of the range becomes a MergedCell
        if protected:
            if not cell._style:
                cell._style = StyleArray()
            cell._style.protectionId = index


# The style tables of a workbook, by the name of a cell's style attribute.
_TABLES = {"font": ("_fonts", "fontId"), "protection": ("_protections", "protectionId")}


def restyle(
    cells: Iterable[Any],
    attribute: str,
    change: Callable[[Any, Hashable], Any | None],
    variant: Callable[[Any], Hashable] = lambda _cell: None,
) -> None:
    """Give each cell ``change(copy of its font/protection, variant(cell))`` (``None``: leave
    it as it is), as ``cell.font = ...`` would, with one style-table lookup per distinct
    (style, variant) instead of one per cell: assigning a style hashes and compares the whole
    object, and a formulir or recap restyled cell by cell spent a third of its rendering
    there. The same table entries are added in the same order as cell-by-cell assignment."""
    table_name, field = _TABLES[attribute]
    remap: dict[tuple[int, int, Hashable], int | None] = {}
    for cell in cells:
        table = getattr(cell.parent.parent, table_name)
        if not cell._style:
            cell._style = StyleArray()
        kind = variant(cell)
        key = (id(table), getattr(cell._style, field), kind)
        if key not in remap:
            changed = change(copy.copy(table[key[1]]), kind)
            remap[key] = None if changed is None else table.add(changed)
        new = remap[key]
        if new is not None:
            setattr(cell._style, field, new)


def font_named(font: Font, huruf: Hashable) -> Font | None:
    """``font`` in ``huruf`` (None: it is in ``huruf`` already): a change for ``restyle``."""
    if font.name == huruf:
        return None
    font.name = str(huruf)
    return font


def install() -> bool:
    """Use ``_format`` if this openpyxl is one it was verified on; whether it is in use."""
    if openpyxl.__version__.startswith(VERIFIED):
        MergedCellRange.format = _format
        return True
    return False


INSTALLED = install()


def load_workbook(*args: Any, **kwargs: Any) -> Workbook:
    """``openpyxl.load_workbook`` (with the merged-range speed-up above)."""
    return openpyxl.load_workbook(*args, **kwargs)
