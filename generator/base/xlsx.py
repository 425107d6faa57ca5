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
from typing import Any

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.styles.borders import Border
from openpyxl.styles.cell_style import StyleArray
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.merge import MergedCellRange

VERIFIED = ("3.1.",)  # openpyxl versions whose MergedCellRange.format this one mirrors
ORIGINAL_FORMAT = MergedCellRange.format


def _format(self: MergedCellRange) -> None:
    """``MergedCellRange.format`` of openpyxl 3.1 with one style lookup per range (and per
    distinct border along an edge) instead of one per cell."""
    ws = self.ws
    cells = ws._cells

    def cell_at(coord: tuple[int, int]) -> Any:
        cell = cells.get(coord)
        if cell is None:
            cell = MergedCell(ws, row=coord[0], column=coord[1])
            cells[coord] = cell
        return cell

    borders = ws.parent._borders
    for name in ("top", "left", "right", "bottom"):
        side = getattr(self.start_cell.border, name)
        if side and side.style is None:
            continue  # no border style: nothing to carry
        border = Border(**{name: side})
        made: dict[int, int] = {}  # a cell's border index -> that border plus this side
        for coord in getattr(self, name):
            cell = cell_at(coord)
            if not cell._style:
                cell._style = StyleArray()
            old = cell._style.borderId
            if old not in made:
                made[old] = borders.add(borders[old] + border)
            cell._style.borderId = made[old]

    protected = self.start_cell.protection is not None
    index = ws.parent._protections.add(copy.copy(self.start_cell.protection)) if protected else 0
    for coord in self.cells:
        cell = cell_at(coord)
        if protected:
            if not cell._style:
                cell._style = StyleArray()
            cell._style.protectionId = index


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
