"""base/xlsx: the merged-range speed-up gives exactly what openpyxl's own method gives."""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from openpyxl.styles import Protection
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from generator.base import xlsx
from generator.base.periode import Periode
from generator.documents.formulir.sheet import protect_sheet
from generator.documents.render import template_path
from generator.workspace.folder import Workspace
from tests.fill import prepare_formulir


@contextmanager
def openpyxls_own_format() -> Iterator[None]:
    MergedCellRange.format = xlsx.ORIGINAL_FORMAT  # type: ignore[method-assign]
    try:
        yield
    finally:
        xlsx.install()


def _styles(cell: object) -> tuple[object, ...]:
    return tuple(getattr(cell, name) for name in ("border", "protection", "font", "fill"))


def _loaded_and_saved(data: bytes) -> tuple[list[tuple[object, ...]], dict[str, bytes]]:
    wb = xlsx.load_workbook(io.BytesIO(data))
    cells = [
        (ws.title, c.coordinate, type(c).__name__, *(copy.copy(s) for s in _styles(c)))
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
    ]
    out = io.BytesIO()
    wb.save(out)
    with zipfile.ZipFile(out) as saved:
        parts = {n: saved.read(n) for n in saved.namelist() if not n.startswith("docProps/")}
    return cells, parts


def _workbooks(tmp_path: Path) -> list[bytes]:
    ws = Workspace.create(tmp_path / "out", Periode.parse("2025"))
    issued = prepare_formulir(ws)
    return [
        template_path("formulir.xlsx").read_bytes(),
        template_path("rekap.xlsx").read_bytes(),
        issued["IDE"].read_bytes(),
        issued["SEK"].read_bytes(),
    ]


def test_installed_here() -> None:
    assert xlsx.INSTALLED, "openpyxl changed: compare _format with its MergedCellRange.format"


def test_same_cells_styles_and_saved_parts_as_openpyxl(tmp_path: Path) -> None:
    for data in _workbooks(tmp_path):
        fast = _loaded_and_saved(data)
        with openpyxls_own_format():
            own = _loaded_and_saved(data)
        assert fast[0] == own[0]
        assert fast[1] == own[1]


def test_a_merge_made_in_code_is_the_same_too() -> None:
    def merged() -> bytes:
        wb = xlsx.load_workbook(io.BytesIO(template_path("rekap.xlsx").read_bytes()))
        sheet = wb.worksheets[0]
        sheet["B40"].protection = Protection(locked=False)
        sheet.merge_cells("B40:F44")
        out = io.BytesIO()
        wb.save(out)
        with zipfile.ZipFile(out) as saved:
            return b"".join(saved.read(n) for n in sorted(saved.namelist()) if "docProps" not in n)

    fast = merged()
    with openpyxls_own_format():
        own = merged()
    assert fast == own


@pytest.mark.parametrize("version", ["3.2.0", "4.0.0"])
def test_other_versions_keep_openpyxls_method(
    monkeypatch: pytest.MonkeyPatch, version: str
) -> None:
    monkeypatch.setattr(xlsx.openpyxl, "__version__", version)
    with openpyxls_own_format():
        assert not xlsx.install()
        assert MergedCellRange.format is xlsx.ORIGINAL_FORMAT
        monkeypatch.undo()
    assert MergedCellRange.format is xlsx._format


def _saved(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    with zipfile.ZipFile(out) as saved:
        return b"".join(saved.read(n) for n in sorted(saved.namelist()) if "docProps" not in n)


def _cell_by_cell(ws: Worksheet, fill_in: set[str], huruf: str) -> None:
    """What protect_sheet did before ``restyle``: one style assignment per cell."""
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
        for cell in row:
            protection = copy.copy(cell.protection)
            protection.locked = cell.coordinate not in fill_in
            cell.protection = protection
            if cell.font is not None and cell.font.name != huruf:
                font = copy.copy(cell.font)
                font.name = huruf
                cell.font = font


@pytest.mark.parametrize("huruf", ["Bookman Old Style", "Arial"])
def test_restyle_saves_what_cell_by_cell_assignment_saves(tmp_path: Path, huruf: str) -> None:
    for data in _workbooks(tmp_path):
        fill_in = {"E12", "F12", "G13", "B2"}
        one, other = (xlsx.load_workbook(io.BytesIO(data)) for _ in range(2))
        for sheet in one.worksheets:
            _cell_by_cell(sheet, fill_in, huruf)
        for sheet in other.worksheets:
            protect_sheet(sheet, fill_in, huruf)
            sheet.protection = copy.copy(one[sheet.title].protection)  # compare cells only
        assert _saved(one) == _saved(other)
        fonts = {c.font.name for s in other.worksheets for row in s.iter_rows() for c in row}
        assert fonts == {huruf}
        assert not other.worksheets[0]["E12"].protection.locked
        assert other.worksheets[0]["E11"].protection.locked
